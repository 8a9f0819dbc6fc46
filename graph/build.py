"""Build the knowledge graph: parse, validate, then swap the new store in atomically.

Nothing is written until every file parses and SHACL finds no violation, so a
failed build leaves the previous store (and exports) untouched.

Examples
--------
>>> result = build("memory")
>>> result.report.conforms, result.triples > 1000
(True, True)
"""

from __future__ import annotations

import gc
import itertools
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import rdflib

from graph.checking import Engine, check, check_with_claims, validate_paths
from graph.claims import ClaimData
from graph.derive import amount_quads, count_rule_quads
from graph.importers import ImportReport
from graph.inputs import BuildError, LoadedSources, add_imports, default_paths, load_sources
from graph.progress import stage
from graph.remote import load_remote
from graph.resources import ontology_file
from graph.stats import GraphStats, graph_stats, write_stats
from graph.store import (
    build_lock,
    default_store_url,
    new_version,
    open_graph,
    parse_store_url,
    publish_version,
)
from graph.turtle import to_rdflib_graph
from graph.validate import ValidationReport

# the inputs and the checks live in graph.inputs and graph.checking; they are
# importable from here too, where a build's callers have always found them
__all__ = [
    "BULK_BATCH",
    "MEMORY_BUILD_MAX",
    "BuildError",
    "BuildResult",
    "Deriver",
    "Engine",
    "LoadedSources",
    "OnValid",
    "add_imports",
    "build",
    "check",
    "default_paths",
    "load_sources",
    "validate_paths",
]


#: A hook that derives more quads (e.g. metric results) from the validated claims.
Deriver = Callable[[ClaimData], Iterable[ox.Quad]]


#: Called once the inputs are valid, with the store they are in and their claims, before
#: the derived quads are added and the store is published (the exports can start then).
OnValid = Callable[[ox.Store, ClaimData], None]


@dataclass
class BuildResult:
    """What a build did."""

    store_url: str
    files: list[Path]
    triples: int
    report: ValidationReport
    seconds: float
    graph: rdflib.Graph | None = field(default=None, repr=False)
    imports: list[ImportReport] = field(default_factory=list)
    #: the entities and claims read during validation (the published store reads back
    #: the same; the exports use these instead of reading them again)
    data: ClaimData | None = field(default=None, repr=False)
    #: an Oxigraph build's published content, held in memory: read it right after the
    #: build (:func:`graph.store.graph_of`) rather than the store's files
    store: ox.Store | None = field(default=None, repr=False)
    #: an Oxigraph build's statistics, counted before it published them with the store
    stats: GraphStats | None = field(default=None, repr=False)


def _passed(
    report: ValidationReport, data: ClaimData, store: ox.Store, on_valid: OnValid | None
) -> None:
    """Raise :class:`BuildError` for a violation; else tell ``on_valid``."""
    if not report.conforms:
        raise BuildError(report=report)
    if on_valid is not None:
        on_valid(store, data)


def _derived(store: ox.Store, data: ClaimData, derive: Deriver | None) -> Iterator[ox.Quad]:
    """Return the quads added after validation (:mod:`graph.derive`, then ``derive``).

    The USD bounds and count rules are read from ``store`` now; ``derive``'s quads are
    made as they are consumed, so the store takes them in without all of them being held
    at once (at a synthetic million triples they are 1.4 million quads).
    """
    stage("deriving USD bounds, count rules and metric results")
    fixed = [*amount_quads(store), *count_rule_quads(data)]
    return itertools.chain(fixed, derive(data) if derive is not None else ())


#: Quads handed to Oxigraph's bulk loader at a time. It holds all it is given until it
#: writes: a synthetic million's 1.4 million derived quads in one call raise the build's
#: peak memory by about 0.8 GB, in batches of this size by about 0.3 GB.
BULK_BATCH = 200_000


def _bulk_extend(store: ox.Store, quads: Iterable[ox.Quad], batch: int = BULK_BATCH) -> None:
    """Add ``quads`` to ``store`` with Oxigraph's bulk loader, ``batch`` at a time.

    Examples
    --------
    >>> class Counted:  # a store that notes the size of each call
    ...     def __init__(self): self.store, self.calls = ox.Store(), []
    ...     def bulk_extend(self, quads):
    ...         self.calls.append(len(quads))
    ...         self.store.bulk_extend(quads)
    >>> a = ox.NamedNode("https://w3id.org/aikg/id/a")
    >>> counted = Counted()
    >>> _bulk_extend(counted, (ox.Quad(a, a, ox.Literal(str(i))) for i in range(7)), batch=3)
    >>> len(counted.store), counted.calls
    (7, [3, 3, 1])
    """
    remaining = iter(quads)
    while part := list(itertools.islice(remaining, batch)):
        store.bulk_extend(part)


#: Up to this many input quads an Oxigraph build validates in memory, where Oxigraph
#: answers several times faster than from its files; above it (a synthetic million),
#: it validates in the new version on disk so as not to hold the graph twice in memory.
MEMORY_BUILD_MAX = 400_000


def _write_version(
    folder: Path, fill: Callable[[ox.Store], None], count: Callable[[ox.Store], GraphStats]
) -> GraphStats:
    """Fill a new version of the store in ``folder``, then publish it (removed on failure).

    ``count`` gives the statistics of the filled store; they are kept in the version
    (:data:`graph.stats.STATS_FILE`) and returned.
    """
    with build_lock(folder):  # concurrent builds of one store wait for each other
        version = new_version(folder)
        try:
            store = ox.Store(str(version))
            fill(store)
            store.flush()
            store.optimize()
            stats = count(store)
            write_stats(stats, version)
            held = sys.getrefcount(store) > 2  # more than this name and the call's argument
            del store  # closes the files before the version is published ...
            if held:  # ... once the cycles that still hold the store are collected
                gc.collect()
        except BaseException:
            gc.collect()
            shutil.rmtree(version, ignore_errors=True)
            raise
        publish_version(folder, version)
    return stats


def _counted(store: ox.Store) -> GraphStats:
    stage("counting the graph's statistics")
    return graph_stats(store)


def _publish_from_memory(
    sources: LoadedSources,
    engine: Engine,
    derive: Deriver | None,
    folder: Path,
    on_valid: OnValid | None = None,
    *,
    on_complete: OnValid | None = None,
) -> tuple[ValidationReport, ClaimData, int, ox.Store, GraphStats]:
    """Validate and derive in an in-memory store; write a new version only if valid."""
    memory = sources.store()
    report, data = check_with_claims(sources, engine, memory)
    _passed(report, data, memory, on_valid)
    _bulk_extend(memory, _derived(memory, data, derive))
    if on_complete is not None:  # the published content, before it is written to disk
        on_complete(memory, data)
    stage(f"publishing the store in {folder}")
    stats = _write_version(
        folder,
        lambda store: _bulk_extend(store, memory.quads_for_pattern(None, None, None, None)),
        lambda _: _counted(memory),  # the same quads, counted where Oxigraph is fastest
    )
    return report, data, len(memory), memory, stats


def _publish_on_disk(
    sources: LoadedSources,
    engine: Engine,
    derive: Deriver | None,
    folder: Path,
    on_valid: OnValid | None = None,
) -> tuple[ValidationReport, ClaimData, int, GraphStats]:
    """Load straight into a new version and validate it there; publish only if valid."""
    checked: list[tuple[ValidationReport, ClaimData, int]] = []

    def fill(store: ox.Store) -> None:
        _bulk_extend(store, sources.quads)
        report, data = check_with_claims(sources, engine, store, fork=False)
        _passed(report, data, store, on_valid)
        _bulk_extend(store, _derived(store, data, derive))
        checked.append((report, data, len(store)))

    quads = sum(len(f.quads) for f in sources.files)
    stage(f"loading {quads:,} quads into a new store in {folder}")
    stats = _write_version(folder, fill, _counted)
    return (*checked[0], stats)


def build(
    store_url: str | None = None,
    *,
    paths: Sequence[Path] | None = None,
    extra_paths: Sequence[Path] = (),
    engine: Engine = "sparql",
    epoch: Path | None = None,
    litellm: Path | None = None,
    epoch_date: date | None = None,
    litellm_date: date | None = None,
    derive: Deriver | None = None,
    on_valid: OnValid | None = None,
    on_complete: OnValid | None = None,
) -> BuildResult:
    """Load ontology and facts, validate, and publish them into the store.

    Parameters
    ----------
    store_url : str, optional
        Target store (see :mod:`graph.store`); the default Oxigraph store when omitted.
    paths : sequence of Path, optional
        Input files; the ontology plus ``ontology/facts/*.ttl`` when omitted.
    extra_paths : sequence of Path
        More Turtle files or folders to add to the inputs.
    engine : {"sparql", "pyshacl"}
        The SHACL validator (see :func:`check`).
    epoch, litellm : Path, optional
        Epoch AI data folder and LiteLLM catalogue file to import (see
        :mod:`graph.importers`); imported data is validated with the rest.
    epoch_date, litellm_date : date, optional
        Snapshot dates of the imported datasets (see :func:`add_imports`).
    derive : callable, optional
        Called with the validated claims; the quads it returns are added to the
        store (``graph.metrics.materialise.metric_quads`` writes metric results).
        USD bounds and count rules (:mod:`graph.derive`) are always added.
    on_valid : callable, optional
        Called with the store holding the inputs and their claims once they are
        valid, before the derived quads are added and the store is published
        (``aikg build`` starts the exports that need only the claims there). If it
        raises, the build fails and publishes nothing.
    on_complete : callable, optional
        Called like ``on_valid`` once the derived quads are in too, with an in-memory
        store holding exactly what is about to be published (``aikg build`` starts the
        entity site there). Only an Oxigraph build that validates in memory calls it
        (up to :data:`MEMORY_BUILD_MAX` input quads). If it raises, nothing is published.

    Returns
    -------
    BuildResult
        For a ``memory`` store, ``result.graph`` is the built graph.

    Raises
    ------
    BuildError
        If a file does not parse or SHACL finds a violation; nothing is written.
    """
    started = time.perf_counter()
    files = list(paths) if paths else default_paths()
    if ontology_file() not in files:
        files.insert(0, ontology_file())
    files += list(extra_paths)
    sources = load_sources(files)
    imports = add_imports(sources, epoch, litellm, epoch_date=epoch_date, litellm_date=litellm_date)
    loc = parse_store_url(store_url)
    result_graph: rdflib.Graph | None = None
    published: ox.Store | None = None
    stats: GraphStats | None = None
    if loc.kind == "oxigraph":
        assert loc.path is not None
        if sum(len(f.quads) for f in sources.files) <= MEMORY_BUILD_MAX:
            report, data, triples, published, stats = _publish_from_memory(
                sources, engine, derive, loc.path, on_valid, on_complete=on_complete
            )
        else:
            report, data, triples, stats = _publish_on_disk(
                sources, engine, derive, loc.path, on_valid
            )
    else:
        store = sources.store()
        report, data = check_with_claims(sources, engine, store)
        _passed(report, data, store, on_valid)
        # one graph here: metric results join the data (their own named graph in Oxigraph)
        derived = [ox.Quad(q.subject, q.predicate, q.object) for q in _derived(store, data, derive)]
        if loc.kind == "memory":
            result_graph = open_graph("memory")
            # straight into the graph: an rdflib graph of the sources, copied in, cost twice
            to_rdflib_graph(itertools.chain(sources.quads, derived), result_graph)
            triples = len(result_graph)
        else:  # a remote SPARQL store: staged load, then one atomic swap (graph.remote)
            quads = [*sources.quads, *derived]
            stage("loading into the SPARQL store, then swapping it in")
            load_remote(loc, quads)
            triples = len({(q.subject, q.predicate, q.object) for q in quads})
    return BuildResult(
        store_url=store_url or default_store_url(),
        files=[p.path for p in sources.files],
        triples=triples,
        imports=imports,
        report=report,
        seconds=time.perf_counter() - started,
        graph=result_graph,
        data=data,
        store=published,
        stats=stats,
    )
