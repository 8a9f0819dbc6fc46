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
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.term import Node

from graph.resources import fact_files, ontology_file
from graph.store import (
    StoreError,
    default_store_url,
    new_version,
    open_graph,
    parse_store_url,
    publish_version,
)
from graph.turtle import ParsedFile, TurtleSyntaxError, from_ox, parse_file, to_rdflib_graph
from graph.validate import ValidationReport, validate_graph

__all__ = ["BuildError", "BuildResult", "LoadedSources", "build", "load_sources", "validate_paths"]


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
    """Parsed input files merged into one in-memory rdflib graph."""

    files: list[ParsedFile]
    graph: rdflib.Graph
    origins: dict[Node, frozenset[str]]

    @property
    def quads(self) -> Iterable[ox.Quad]:
        """All quads of all files, in file order."""
        for parsed in self.files:
            yield from parsed.quads


@dataclass
class BuildResult:
    """What a build did."""

    store_url: str
    files: list[Path]
    triples: int
    report: ValidationReport
    seconds: float
    graph: rdflib.Graph | None = field(default=None, repr=False)


def default_paths() -> list[Path]:
    """Return the ontology and the curated facts files."""
    return [ontology_file(), *fact_files()]


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
    for path in _expand(paths):
        try:
            parsed.append(parse_file(path))
        except TurtleSyntaxError as exc:
            errors.append(exc)
        except OSError as exc:
            errors.append(TurtleSyntaxError(path, 0, 0, f"cannot read file: {exc.strerror}"))
    if errors:
        raise BuildError(errors)
    graph = rdflib.Graph()
    origins: dict[Node, set[str]] = defaultdict(set)
    for p in parsed:
        to_rdflib_graph(p.quads, graph)
        name = _display(p.path)
        for q in p.quads:
            origins[from_ox(q.subject)].add(name)
    return LoadedSources(parsed, graph, {k: frozenset(v) for k, v in origins.items()})


def validate_paths(paths: Sequence[Path] | None = None) -> ValidationReport:
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
    sources = load_sources(files)
    return validate_graph(sources.graph, origins=sources.origins)


def build(
    store_url: str | None = None,
    *,
    paths: Sequence[Path] | None = None,
    extra_paths: Sequence[Path] = (),
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
    report = validate_graph(sources.graph, origins=sources.origins)
    if not report.conforms:
        raise BuildError(report=report)
    loc = parse_store_url(store_url)
    result_graph: rdflib.Graph | None = None
    if loc.kind == "memory":
        result_graph = open_graph("memory")
        result_graph += sources.graph
    elif loc.kind == "oxigraph":
        assert loc.path is not None
        version = new_version(loc.path)
        store = ox.Store(str(version))
        store.bulk_extend(sources.quads)
        store.flush()
        store.optimize()
        del store
        gc.collect()
        publish_version(loc.path, version)
    else:
        raise StoreError(
            "building into a remote SPARQL store is not supported yet; "
            "build into oxigraph:DIR and load its exports/ecosystem.ttl into the server"
        )
    return BuildResult(
        store_url=store_url or default_store_url(),
        files=[p.path for p in sources.files],
        triples=len(sources.graph),
        report=report,
        seconds=time.perf_counter() - started,
        graph=result_graph,
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
