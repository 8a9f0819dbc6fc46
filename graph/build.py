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
import shutil
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Literal

import pyoxigraph as ox
import rdflib
from rdflib.term import Node

from graph.checks import rule_problems
from graph.claims import ClaimData, read_claims
from graph.derive import amount_quads, count_rule_quads
from graph.forked import run_beside
from graph.identity import identity_problems
from graph.importers import ImportReport, Resolver, import_epoch, import_litellm
from graph.progress import stage, track
from graph.remote import load_remote
from graph.resources import fact_files, ontology_file, publishers_file
from graph.shacl_sparql import validate_store
from graph.sources import url_problems
from graph.store import (
    build_lock,
    default_store_url,
    new_version,
    open_graph,
    parse_store_url,
    publish_version,
)
from graph.structure import structure_problems
from graph.terms import term_problems
from graph.turtle import ParsedFile, TurtleSyntaxError, from_ox, parse_file, to_rdflib_graph
from graph.validate import Problem, ValidationReport, validate_graph

Engine = Literal["sparql", "pyshacl"]
#: A hook that derives more quads (e.g. metric results) from the validated claims.
Deriver = Callable[[ClaimData], Iterable[ox.Quad]]
#: Called once the inputs are valid, with the store they are in and their claims, before
#: the derived quads are added and the store is published (the exports can start then).
OnValid = Callable[[ox.Store, ClaimData], None]

__all__ = [
    "BuildError",
    "BuildResult",
    "Engine",
    "LoadedSources",
    "add_imports",
    "build",
    "check",
    "load_sources",
    "validate_paths",
]


class BuildError(Exception):
    """A build or validation that failed; nothing was written.

    Attributes
    ----------
    syntax_errors : list of TurtleSyntaxError
        Files that do not parse.
    report : ValidationReport or None
        The SHACL report when the files parsed but did not validate.
    """

    def __init__(
        self,
        syntax_errors: Sequence[TurtleSyntaxError] = (),
        report: ValidationReport | None = None,
    ) -> None:
        self.syntax_errors = list(syntax_errors)
        self.report = report
        lines = [str(e) for e in self.syntax_errors]
        if report is not None:
            lines += [str(p) for p in report.violations]
        super().__init__("\n".join(lines) or "build failed")


@dataclass
class LoadedSources:
    """Parsed input files, and which files state each subject."""

    files: list[ParsedFile]
    origins: dict[Node, frozenset[str]]

    @property
    def quads(self) -> Iterable[ox.Quad]:
        """All quads of all files, in file order."""
        for parsed in self.files:
            yield from parsed.quads

    @cached_property
    def graph(self) -> rdflib.Graph:
        """All triples in one in-memory rdflib graph (built on first use)."""
        return to_rdflib_graph(self.quads)

    def store(self) -> ox.Store:
        """Return a fresh in-memory Oxigraph store holding all triples."""
        store = ox.Store()
        store.bulk_extend(self.quads)
        return store


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


def default_paths() -> list[Path]:
    """Return the ontology, the publisher registry and the curated facts files."""
    registry = [publishers_file()] if publishers_file().is_file() else []
    return [ontology_file(), *registry, *fact_files()]


def load_sources(paths: Sequence[Path]) -> LoadedSources:
    """Parse every file and merge them into one in-memory graph.

    Parameters
    ----------
    paths : sequence of Path
        Turtle files, or folders whose ``*.ttl`` files are read.

    Returns
    -------
    LoadedSources

    Raises
    ------
    BuildError
        With one :class:`~graph.turtle.TurtleSyntaxError` per broken file.
    """
    parsed: list[ParsedFile] = []
    errors: list[TurtleSyntaxError] = []
    files = _expand(paths)
    for path in track(files, f"reading {len(files)} Turtle file(s)"):
        try:
            parsed.append(parse_file(path))
        except TurtleSyntaxError as exc:
            errors.append(exc)
        except OSError as exc:
            errors.append(TurtleSyntaxError(path, 0, 0, f"cannot read file: {exc.strerror}"))
    if errors:
        raise BuildError(errors)
    origins: dict[Node, set[str]] = defaultdict(set)
    for p in parsed:
        name = _display(p.path)
        for subject in {q.subject for q in p.quads}:
            origins[from_ox(subject)].add(name)
    return LoadedSources(parsed, {k: frozenset(v) for k, v in origins.items()})


def check(
    sources: LoadedSources, engine: Engine = "sparql", store: ox.Store | None = None
) -> ValidationReport:
    """Validate parsed sources with the SHACL shapes.

    Parameters
    ----------
    sources : LoadedSources
        Ontology plus data.
    engine : {"sparql", "pyshacl"}
        ``"sparql"`` runs the shapes compiled to SPARQL inside Oxigraph
        (:mod:`graph.shacl_sparql`, fast); ``"pyshacl"`` the reference implementation.
        Both report the same problems (tested).
    store : pyoxigraph.Store, optional
        A store that already holds the sources (saves loading them again); it
        is read in this process (a store on disk does not survive a fork).
    """
    return _check(sources, engine, store, fork=store is None)[0]


def _check(
    sources: LoadedSources, engine: Engine, store: ox.Store | None, *, fork: bool = True
) -> tuple[ValidationReport, ClaimData]:
    """SHACL plus the counting and time rules (:mod:`graph.checks`); also the claims read."""
    stage("validating: SHACL shapes, counting and time rules")
    checked = store if store is not None else sources.store()

    def shapes() -> ValidationReport:
        if engine == "pyshacl":
            return validate_graph(sources.graph, origins=sources.origins)
        return validate_store(checked, origins=sources.origins)

    def others() -> tuple[ClaimData, list[Problem]]:
        data = read_claims(checked)
        problems = [
            *structure_problems(checked, sources.origins),
            *identity_problems(checked, sources.origins),
            *term_problems(checked, sources.origins),
            *url_problems(checked, sources.origins),
            *rule_problems(data, sources.origins),
        ]
        return data, problems

    if fork:  # the shapes run in a child process beside the other checks (graph.forked)
        report, (data, problems) = run_beside(shapes, others)
    else:  # a store on disk: its engine's threads and locks do not survive a fork
        report, (data, problems) = shapes(), others()
    report.problems.extend(problems)
    report.problems.sort(key=lambda p: p.severity != "Violation")
    return report, data


def _passed(
    report: ValidationReport, data: ClaimData, store: ox.Store, on_valid: OnValid | None
) -> None:
    """Raise :class:`BuildError` for a violation; else tell ``on_valid``."""
    if not report.conforms:
        raise BuildError(report=report)
    if on_valid is not None:
        on_valid(store, data)


def _derived(store: ox.Store, data: ClaimData, derive: Deriver | None) -> list[ox.Quad]:
    """Return the quads added after validation (:mod:`graph.derive`, then ``derive``)."""
    stage("deriving USD bounds, count rules and metric results")
    quads = [*amount_quads(store), *count_rule_quads(data)]
    if derive is not None:
        quads.extend(derive(data))
    return quads


def add_imports(
    sources: LoadedSources,
    epoch: Path | None = None,
    litellm: Path | None = None,
    *,
    epoch_date: date | None = None,
    litellm_date: date | None = None,
) -> list[ImportReport]:
    """Import Epoch AI and/or LiteLLM data into ``sources`` (in place).

    Names are resolved against the entities already in ``sources`` (the curated
    facts). Each dataset becomes one more :class:`ParsedFile` named after its
    folder or file, so validation problems point at it.

    ``epoch_date`` and ``litellm_date`` are the snapshot dates of the datasets
    (when they were downloaded, or the release date of the catalogue version): a
    row with no date of its own counts from then. Today when omitted.

    Returns
    -------
    list of ImportReport
        One per dataset imported.
    """
    if epoch is None and litellm is None:
        return []
    resolver = Resolver.from_quads(sources.quads)
    reports: list[ImportReport] = []
    results = []
    if epoch is not None:
        stage(f"importing Epoch AI data from {_display(epoch)}")
        results.append((epoch, import_epoch(epoch, resolver, snapshot=epoch_date)))
    if litellm is not None:
        stage(f"importing the LiteLLM catalogue {_display(litellm)}")
        results.append((litellm, import_litellm(litellm, resolver, snapshot=litellm_date)))
    for path, result in results:
        quads = result.triples.quads()
        sources.files.append(ParsedFile(path, quads))
        name = _display(path)
        for subject in {q.subject for q in quads}:
            node = from_ox(subject)
            sources.origins[node] = sources.origins.get(node, frozenset()) | {name}
        reports.append(result.report)
    sources.__dict__.pop("graph", None)  # the cached rdflib graph is stale now
    return reports


def validate_paths(
    paths: Sequence[Path] | None = None, engine: Engine = "sparql"
) -> ValidationReport:
    """Parse and validate files together with the ontology, writing nothing.

    Parameters
    ----------
    paths : sequence of Path, optional
        Facts files or folders; the curated facts when omitted. The ontology is
        always added.

    Raises
    ------
    BuildError
        If a file does not parse.
    """
    files = [ontology_file(), *(paths if paths else fact_files())]
    return check(load_sources(files), engine)


#: Up to this many input quads an Oxigraph build validates in memory, where Oxigraph
#: answers several times faster than from its files; above it (a synthetic million),
#: it validates in the new version on disk so as not to hold the graph twice in memory.
MEMORY_BUILD_MAX = 400_000


def _write_version(folder: Path, fill: Callable[[ox.Store], None]) -> None:
    """Fill a new version of the store in ``folder``, then publish it (removed on failure)."""
    with build_lock(folder):  # concurrent builds of one store wait for each other
        version = new_version(folder)
        try:
            store = ox.Store(str(version))
            fill(store)
            store.flush()
            store.optimize()
            held = sys.getrefcount(store) > 2  # more than this name and the call's argument
            del store  # closes the files before the version is published ...
            if held:  # ... once the cycles that still hold the store are collected
                gc.collect()
        except BaseException:
            gc.collect()
            shutil.rmtree(version, ignore_errors=True)
            raise
        publish_version(folder, version)


def _publish_from_memory(
    sources: LoadedSources,
    engine: Engine,
    derive: Deriver | None,
    folder: Path,
    on_valid: OnValid | None = None,
) -> tuple[ValidationReport, ClaimData, int, ox.Store]:
    """Validate and derive in an in-memory store; write a new version only if valid."""
    memory = sources.store()
    report, data = _check(sources, engine, memory)
    _passed(report, data, memory, on_valid)
    memory.bulk_extend(_derived(memory, data, derive))
    stage(f"publishing the store in {folder}")
    _write_version(
        folder, lambda store: store.bulk_extend(memory.quads_for_pattern(None, None, None, None))
    )
    return report, data, len(memory), memory


def _publish_on_disk(
    sources: LoadedSources,
    engine: Engine,
    derive: Deriver | None,
    folder: Path,
    on_valid: OnValid | None = None,
) -> tuple[ValidationReport, ClaimData, int]:
    """Load straight into a new version and validate it there; publish only if valid."""
    checked: list[tuple[ValidationReport, ClaimData, int]] = []

    def fill(store: ox.Store) -> None:
        store.bulk_extend(sources.quads)
        report, data = _check(sources, engine, store, fork=False)
        _passed(report, data, store, on_valid)
        store.bulk_extend(_derived(store, data, derive))
        checked.append((report, data, len(store)))

    quads = sum(len(f.quads) for f in sources.files)
    stage(f"loading {quads:,} quads into a new store in {folder}")
    _write_version(folder, fill)
    return checked[0]


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
    if loc.kind == "oxigraph":
        assert loc.path is not None
        if sum(len(f.quads) for f in sources.files) <= MEMORY_BUILD_MAX:
            report, data, triples, published = _publish_from_memory(
                sources, engine, derive, loc.path, on_valid
            )
        else:
            report, data, triples = _publish_on_disk(sources, engine, derive, loc.path, on_valid)
    else:
        store = sources.store()
        report, data = _check(sources, engine, store)
        _passed(report, data, store, on_valid)
        # one graph here: metric results join the data (their own named graph in Oxigraph)
        derived = [ox.Quad(q.subject, q.predicate, q.object) for q in _derived(store, data, derive)]
        if loc.kind == "memory":
            result_graph = open_graph("memory")
            result_graph += sources.graph
            to_rdflib_graph(derived, result_graph)
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
    )


def _expand(paths: Sequence[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(path.glob("*.ttl")))
        else:
            out.append(path)
    return out


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
