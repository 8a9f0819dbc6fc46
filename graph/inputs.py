"""A build's inputs: Turtle files parsed into one set of sources, imported datasets added.

Every quad keeps the file it came from (``origins``), so a problem found later
names the file to fix.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.term import Node

from graph.importers import ImportReport
from graph.importers.kept import imported
from graph.progress import track
from graph.resources import fact_files, ontology_file, publishers_file
from graph.turtle import ParsedFile, TurtleSyntaxError, from_ox, parse_file, to_rdflib_graph
from graph.validate import ValidationReport

__all__ = ["BuildError", "LoadedSources", "add_imports", "default_paths", "load_sources"]


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
    reports: list[ImportReport] = []
    done = imported(
        sources.quads, epoch, litellm, epoch_date=epoch_date, litellm_date=litellm_date,
        shown=_display,
    )  # fmt: skip
    for result in done:
        sources.files.append(ParsedFile(result.path, result.quads))
        name = _display(result.path)
        for subject in {q.subject for q in result.quads}:
            node = from_ox(subject)
            sources.origins[node] = sources.origins.get(node, frozenset()) | {name}
        reports.append(result.report)
    sources.__dict__.pop("graph", None)  # the cached rdflib graph is stale now
    return reports


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
