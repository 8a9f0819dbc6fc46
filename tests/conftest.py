"""Shared pytest fixtures."""

from __future__ import annotations

import gc
import os
import shutil
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
    """
    gc.set_threshold(10_000, 20, 100)
    if hasattr(config, "workerinput") or os.environ.get("AIKG_CACHE_DIR"):
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
