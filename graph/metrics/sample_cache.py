"""Keep the randomised networks of :mod:`graph.metrics.significance` between processes.

The edge-swap chain of :func:`~graph.metrics.significance.loop_significance` is a pure
function of the collapsed money network, the number of samples, the seed and the swap
attempts: the same inputs give the same samples, bit for bit. It is also most of the
metric's cost (about 0.7 s of CPU on the curated network with 1,000 samples), and a
rebuild, ``aikg metrics`` and ``aikg whatif`` ask for the same network again. So the
samples are written to a file named by a SHA-256 digest of everything they depend on:
the inputs, the source of the module that draws them, and the numpy version (whose
generator draws the swaps). A later process with the same digest reads the file
instead of running the chain.

The folder is ``$AIKG_CACHE_DIR``, else ``$XDG_CACHE_HOME/aikg``, else
``~/.cache/aikg``; it is created private to the user, and one owned by another user or
writable by others is not used. ``AIKG_CACHE=0`` turns the cache off. The cache never
changes a result: a file that cannot be read, is damaged or does not have the shape
asked for is ignored (and written again), and a folder that cannot be written to only
means the chain runs every time.

Examples
--------
>>> import tempfile
>>> calls = []
>>> def chain():
...     calls.append(1)
...     return [(0.5, 1, 0, 0, 0.25), (1.0, 2, 1, 0, 0.5)]
>>> with tempfile.TemporaryDirectory() as folder:
...     first = remembered_samples(["net", 3], chain, width=5, folder=Path(folder))
...     again = remembered_samples(["net", 3], chain, width=5, folder=Path(folder))
>>> again
[(0.5, 1, 0, 0, 0.25), (1.0, 2, 1, 0, 0.5)]
>>> first == again, len(calls)  # the chain ran once
(True, 1)
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import stat
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

__all__ = ["cache_folder", "remembered_samples"]

Sample = tuple[float, ...]


def cache_folder() -> Path | None:
    """Return the user's cache folder for samples, or ``None`` when the cache is off.

    Examples
    --------
    >>> import os
    >>> os.environ["AIKG_CACHE"] = "0"
    >>> cache_folder() is None
    True
    >>> del os.environ["AIKG_CACHE"]
    """
    if os.environ.get("AIKG_CACHE", "1") == "0":
        return None
    named = os.environ.get("AIKG_CACHE_DIR")
    if named:
        return Path(named)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "aikg"


def remembered_samples(
    key: object,
    compute: Callable[[], Sequence[Sample]],
    *,
    width: int,
    folder: Path | None = None,
) -> list[Sample]:
    """Return ``compute()``, read from the cache when the same ``key`` was computed before.

    Parameters
    ----------
    key : object
        Everything the samples depend on, as JSON-serialisable values (floats are
        written exactly); the caller adds what identifies its code.
    compute : callable
        Runs the chain; called only when the cache has no valid file for ``key``.
    width : int
        Values per sample: a file whose samples have another width is not used.
    folder : Path, optional
        Where the files go (default :func:`cache_folder`, ``None`` there: no cache).

    Returns
    -------
    list of tuple
        The samples, each a tuple of ``width`` numbers (ints stay ints).
    """
    where = folder if folder is not None else cache_folder()
    text = json.dumps(key, sort_keys=True, separators=(",", ":"), allow_nan=False)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    path = None if where is None else _private(where / "null-samples")
    if path is not None:
        kept = _read(path / f"{digest}.json", width)
        if kept is not None:
            return kept
    samples = [tuple(s) for s in compute()]
    if path is not None:
        _write(path / f"{digest}.json", samples)
    return samples


def _private(folder: Path) -> Path | None:
    """Create ``folder`` private to the user; ``None`` when it cannot be used safely."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return None
    others = stat.S_IWGRP | stat.S_IWOTH
    if not stat.S_ISDIR(info.st_mode) or info.st_mode & others:
        return None
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return None
    return folder


def _read(path: Path, width: int) -> list[Sample] | None:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(doc, list) or not doc:
        return None
    samples = []
    for row in doc:
        if not isinstance(row, list) or len(row) != width:
            return None
        for v in row:
            if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
                return None
        samples.append(tuple(row))
    return samples


def _write(path: Path, samples: list[Sample]) -> None:
    """Write the samples atomically; a folder that refuses them is left as it was."""
    try:
        text = json.dumps([list(s) for s in samples], separators=(",", ":"), allow_nan=False)
    except ValueError:  # a NaN or infinity: never kept
        return
    try:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(name, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(name)
