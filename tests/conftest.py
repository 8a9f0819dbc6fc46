"""Shared pytest fixtures."""

from __future__ import annotations

import gc
import os
import shutil
import stat as stat_module
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
import rdflib

from graph.build import build
from graph.claims import ClaimData
from graph.metrics import data_of
from graph.metrics.materialise import metric_quads

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


#: the free space a tmpfs needs before it takes a session's temporary files (a session
#: writes about 1 GB)
TMPFS_FREE = 4 * 2**30


def _tmpfs(folder: Path) -> bool:
    """Whether ``folder`` is the mount point of a tmpfs (Linux's ``/proc/mounts`` says)."""
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return False
    return any(
        fields[1] == str(folder) and fields[2] == "tmpfs"
        for fields in (line.split() for line in mounts)
        if len(fields) > 2
    )


def _use_memory_for_temporary_files(shm: Path = Path("/dev/shm")) -> Path | None:
    """Put the session's temporary files in memory (``TMPDIR``) where a tmpfs has room.

    The tests write about a gigabyte of stores, exports and entity sites, and pytest
    deletes an old session's folders at the end of each. On a disk that creates and
    deletes files slowly (this project's machine: ext4 with online discard), that is
    CPU time in the kernel, not tests. Chosen only when ``TMPDIR`` is unset,
    ``AIKG_TEST_TMPFS`` is not ``0``, and ``shm`` is a tmpfs with :data:`TMPFS_FREE`
    free; the folder is the user's own (mode 0700, never a link). pytest keeps the
    last session's folders there (``tmp_path_retention_count``), so failures can
    be looked at, and deletes the older ones.

    Returns
    -------
    Path or None
        The folder now in ``TMPDIR`` (and :data:`tempfile.tempdir`), or ``None`` when
        the temporary files stay where they were.
    """
    if "TMPDIR" in os.environ or os.environ.get("AIKG_TEST_TMPFS") == "0" or not _tmpfs(shm):
        return None
    try:
        space = os.statvfs(shm)
        if space.f_bavail * space.f_frsize < TMPFS_FREE:
            return None
        folder = shm / f"aikg-tests-{os.getuid()}"
        folder.mkdir(mode=0o700, exist_ok=True)
        info = os.lstat(folder)
    except OSError:
        return None
    if not stat_module.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        return None  # a link, a file or someone else's folder: keep the default
    if info.st_mode & 0o077:
        os.chmod(folder, 0o700)
    os.environ["TMPDIR"] = str(folder)  # the workers and every process they start
    tempfile.tempdir = str(folder)  # this process, should anything have asked already
    return folder


def pytest_configure(config: pytest.Config) -> None:
    """Give the test session a cache folder of its own (graph.diskcache).

    :mod:`graph.diskcache` keeps the randomisations of ``loop_significance`` (and layouts)
    between processes. The tests start empty (nothing computed by an earlier run or by the
    user's own commands is read) and never write to the user's cache; the folder is made by
    the main process before pytest-xdist starts its workers, which inherit it, as do the
    ``aikg`` processes the tests start. An ``AIKG_CACHE_DIR`` set by hand is kept.

    Each process (the main one and each worker) also collects garbage less often. A test
    process holds the imported packages, the collected tests and the session's graphs, and
    with Python's default thresholds the collector scans all of that again and again: 16 to
    20 s of each worker's quick loop (``gc.callbacks``, by hand), 5 s with a collection every
    10,000 new objects instead of 700. Set here rather than once collection is done, it
    also spares the collection (importing the test modules and the package's doctests): in
    one process by hand, 6.13 and 7.63 s before, 5.27 and 5.47 s after. Nothing is frozen
    (:func:`graph.memo.forgetting` freezes and unfreezes on its own).

    The main process also moves the session's temporary files into memory where it can
    (:func:`_use_memory_for_temporary_files`), before it makes the cache folder there.
    """
    gc.set_threshold(10_000, 20, 100)
    if hasattr(config, "workerinput"):
        return
    _use_memory_for_temporary_files()
    if os.environ.get("AIKG_CACHE_DIR"):
        return
    folder = tempfile.mkdtemp(prefix="aikg-test-cache-")
    os.environ["AIKG_CACHE_DIR"] = folder
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


def pytest_sessionstart(session: pytest.Session) -> None:
    """Compile the package's modules to bytecode once, as an installed package has them.

    The tests start hundreds of ``aikg`` processes. Where Python does not write bytecode
    itself (``PYTHONDONTWRITEBYTECODE``, set on this project's CI machine) and the package
    is installed in place (``uv pip install -e``), each of those processes compiled every
    module it imported again: about 0.1 s of CPU each. Up-to-date files are left as they
    are; only the main process compiles (pytest-xdist's workers have ``workerinput``).
    """
    if hasattr(session.config, "workerinput"):
        return
    import compileall  # noqa: PLC0415

    compileall.compile_dir(ROOT / "graph", quiet=1)


@pytest.fixture(scope="session")
def facts_graph() -> rdflib.Graph:
    """Ontology plus every curated facts file, parsed with plain rdflib."""
    g = rdflib.Graph()
    g.parse(ROOT / "ontology" / "aikg.ttl", format="turtle")
    for path in sorted((ROOT / "ontology" / "facts").glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


@pytest.fixture(scope="session")
def oxigraph_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store URL of the curated facts built into a fresh Oxigraph store (as `aikg build`)."""
    url = f"oxigraph:{tmp_path_factory.mktemp('store') / 'kg'}"
    build(url, derive=metric_quads)
    return url


@pytest.fixture(scope="session")
def memory_graph() -> rdflib.Graph:
    """The curated facts built into an in-memory rdflib graph (as ``graph.load("memory")``)."""
    result = build("memory", derive=metric_quads)
    assert result.graph is not None
    return result.graph


@pytest.fixture(scope="session")
def curated_data(memory_graph: rdflib.Graph) -> ClaimData:
    """The curated facts' claims, read once per worker from :func:`memory_graph`.

    Shared by every test of a worker: read them, never change them.
    """
    return data_of(memory_graph)


_NUMERIC = {rdflib.XSD.decimal, rdflib.XSD.integer, rdflib.XSD.double, rdflib.XSD.float}
Rows = Callable[..., list[tuple[str, ...]]]


def _cell(value: object) -> str:
    """A comparable cell: numbers by value, GROUP_CONCAT parts sorted (engine-defined order)."""
    if value is None:
        return ""
    if isinstance(value, rdflib.Literal) and value.datatype == rdflib.XSD.boolean:
        return "1" if value.toPython() is True else "0"  # Virtuoso answers booleans as 0/1
    if isinstance(value, rdflib.Literal) and value.datatype in _NUMERIC:
        return format(float(value), ".6g")
    text = str(value)
    for sep in ("; ", ", ", " ", ","):
        if sep in text:
            return sep.join(sorted(text.split(sep)))
    return text


def _comparable_rows(
    result: Iterable[Iterable[object]], skip: frozenset[int] = frozenset()
) -> list[tuple[str, ...]]:
    return sorted(tuple(_cell(v) for i, v in enumerate(row) if i not in skip) for row in result)


@pytest.fixture(scope="session")
def comparable_rows() -> Rows:
    """Normalise query results so that different engines can be compared row by row."""
    return _comparable_rows
