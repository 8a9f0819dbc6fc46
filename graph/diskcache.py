"""Keep a computed result in a file between processes, named by everything it depends on.

Some results are pure functions of their inputs and cost far more to compute than to read:
the randomised networks of :func:`graph.metrics.loop_significance` (about 0.5 s of CPU on
the curated network), the spring layouts of the network pages and the imported datasets
(:mod:`graph.importers.kept`). A rebuild, ``aikg metrics`` or ``aikg whatif`` asks for the
same ones again. :func:`remembered_on_disk` writes such a result as JSON to a file named by
a SHA-256 digest of its key (the inputs) and of what identifies the code that computes it
(e.g. :func:`code_identity`: the digest of the caller's module source and the versions of the
libraries it calls). A later process with the same key and code reads the file instead of
computing; without a code identity (``None``, a file it names is missing) nothing is kept.

The folder is ``$AIKG_CACHE_DIR``, else ``$XDG_CACHE_HOME/aikg``, else
``~/.cache/aikg``, one subfolder per kind of result; it is created private to the user, and
one owned by another user or writable by others is not used. ``AIKG_CACHE=0`` turns the
cache off. The cache never changes a result: a file that cannot be read, is damaged or
does not decode to the shape asked for is ignored (and written again), and a folder that
cannot be written to only means the result is computed every time.

Examples
--------
>>> import tempfile
>>> calls = []
>>> def compute():
...     calls.append(1)
...     return {"a": [1, 2]}
>>> with tempfile.TemporaryDirectory() as folder:
...     args = ("demo", ["key", 3], compute)
...     first = remembered_on_disk(*args, code=["v1"], decode=dict, folder=Path(folder))
...     again = remembered_on_disk(*args, code=["v1"], decode=dict, folder=Path(folder))
>>> again
{'a': [1, 2]}
>>> first == again, len(calls)  # computed once
(True, 1)

A key JSON cannot write exactly (here a NaN) is never kept, nor a result of unknown code;
the result is computed:

>>> remembered_on_disk("demo", [float("nan")], compute, code=["v1"], decode=dict)
{'a': [1, 2]}
>>> remembered_on_disk("demo", ["key", 3], compute, code=None, decode=dict)
{'a': [1, 2]}
>>> len(calls)
3
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

__all__ = ["cache_folder", "code_identity", "installed_file_digest", "remembered_on_disk"]

T = TypeVar("T")


def cache_folder() -> Path | None:
    """Return the user's cache folder, or ``None`` when the cache is off.

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


def remembered_on_disk(
    kind: str,
    key: object,
    compute: Callable[[], T],
    *,
    code: list[str] | None,
    decode: Callable[[Any], T | None],
    encode: Callable[[T], object] = lambda value: value,
    folder: Path | None = None,
    keep: int | None = None,
) -> T:
    """Return ``compute()``, read from the cache when the same ``key`` was computed before.

    Parameters
    ----------
    kind : str
        The subfolder of this kind of result (``null-samples``, ``layouts``).
    key : object
        Everything the result depends on, as JSON-serialisable values (floats are written
        exactly).
    compute : callable
        Computes the result; called only when the cache has no valid file for ``key``.
    code : list of str or None
        What identifies the code that computes it (:func:`code_identity`); ``None``
        when it cannot be told: the result is then computed and not kept.
    decode : callable
        Turns the JSON read back into the result, or ``None`` when it does not have the
        shape of one (the file is then ignored).
    encode : callable
        Turns the result into JSON-serialisable values (default: as it is).
    folder : Path, optional
        The cache folder (default :func:`cache_folder`; ``None`` there: no cache).
    keep : int, optional
        Keep at most this many results of ``kind``, the most recently used (a result read
        counts as used); older ones are removed when a new one is written. All when omitted.

    Returns
    -------
    object
        What ``compute`` returned, or what ``decode`` made of the file.
    """
    if code is None:  # results of code that cannot be identified are never kept
        return compute()
    where = folder if folder is not None else cache_folder()
    try:
        text = json.dumps(
            {"code": code, "key": key}, sort_keys=True, separators=(",", ":"), allow_nan=False
        )
    except (TypeError, ValueError):  # a key JSON cannot write exactly: never kept
        return compute()
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    path = None if where is None else _private(where / kind)
    if path is not None:
        kept = _read(path / f"{digest}.json", decode)
        if kept is not None:
            if keep is not None:  # used now: the last to be removed
                with contextlib.suppress(OSError):
                    os.utime(path / f"{digest}.json")
            return kept
    value = compute()
    if path is not None:
        _write(path / f"{digest}.json", encode(value))
        if keep is not None:
            _prune(path, keep)
    return value


def installed_file_digest(package: str, name: str) -> str | None:
    """Return the SHA-256 of file ``name`` of an installed ``package``, without importing it.

    E.g. numpy's ``version.py`` (importing numpy takes a quarter of a second, which a
    process that finds its results in the cache never needs). ``None`` when the package
    or the file cannot be found or read.

    Examples
    --------
    >>> len(installed_file_digest("networkx", "__init__.py"))
    64
    >>> installed_file_digest("networkx", "no such file") is None
    True
    """
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return None
    try:
        data = (Path(spec.origin).parent / name).read_bytes()
    except OSError:
        return None
    return hashlib.sha256(data).hexdigest()


def code_identity(module_file: str, *package_files: tuple[str, str]) -> list[str] | None:
    """Return digests of a module's source and of files of installed packages, for a key.

    ``module_file`` is the caller's ``__file__``; each of ``package_files`` is a
    (package, file name) pair read with :func:`installed_file_digest`. ``None`` (keep
    nothing) when any of them cannot be read.

    Examples
    --------
    >>> ids = code_identity(__file__, ("networkx", "__init__.py"))
    >>> [len(d) for d in ids]
    [64, 64]
    >>> code_identity(__file__, ("networkx", "no such file")) is None
    True
    """
    try:
        digests = [hashlib.sha256(Path(module_file).read_bytes()).hexdigest()]
    except OSError:
        return None
    for package, name in package_files:
        digest = installed_file_digest(package, name)
        if digest is None:
            return None
        digests.append(digest)
    return digests


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


def _read(path: Path, decode: Callable[[Any], T | None]) -> T | None:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    try:
        return decode(doc)
    except (TypeError, ValueError, KeyError, IndexError):
        return None


def _prune(folder: Path, keep: int) -> None:
    """Remove all but the ``keep`` most recently used results of ``folder``."""
    try:
        files = [(p.stat().st_mtime, p) for p in folder.glob("*.json")]
    except OSError:
        return
    for _, path in sorted(files, key=lambda f: f[0], reverse=True)[keep:]:
        with contextlib.suppress(OSError):  # another process removed it first
            path.unlink()


def _write(path: Path, doc: object) -> None:
    """Write ``doc`` atomically; a folder that refuses it is left as it was."""
    try:
        text = json.dumps(doc, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError):  # a NaN, an infinity or an object JSON cannot write
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
