"""Write every export of the built graph into a folder, all files or none (:func:`export_all`).

The network files and the two network pages need only the claims, and the ontology page
only the shipped files. ``aikg build`` forks their writer when it starts
(:class:`Exports`): the child loads its modules and writes the ontology page while the
build runs, gets the claims once they are valid (:meth:`Exports.claims_ready`) and writes
the network files while the build publishes the store; :func:`export_all` then adds the
files that need the published graph and swaps them all in.
"""

from __future__ import annotations

import functools
import importlib
import shutil
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from graph.claim_cells import GraphLike
from graph.claims import ClaimData
from graph.dates import parse_date
from graph.export import VIEWS, files_of
from graph.export.staging import Staging, Writer
from graph.forked import Beside, run_beside, start_beside
from graph.memo import shared_results
from graph.resources import ontology_file, shapes_file

if TYPE_CHECKING:
    import networkx as nx
    import rdflib

    from graph.export.report import Source
    from graph.metrics import MetricResult

__all__ = ["BESIDE", "SITE", "Exports", "export_all"]

#: Files that need only the claims (networkx's layouts and numpy, which the other
#: files never load): a child process writes them beside the others.
BESIDE = frozenset({"ecosystem.graphml", "ecosystem.gexf", "ecosystem.html", "tri-polar.html"})
#: The entity site (a folder; its index stands for it): a child forked when the graph is
#: published writes it beside the report, metrics and data files.
SITE = frozenset({"site/index.html"})
#: Files that need neither the graph nor the claims: a build's child writes them first.
EARLY = frozenset({"ontology/index.html"})
#: What the child of a build imports while it waits for the claims.
_CHILD_MODULES = (
    "numpy",
    "graph.export.html",
    "graph.export.network",
    "graph.export.story_page",
    "graph.export.explorer_page",
    "graph.export.formats",
)


def _text(content: Callable[[], str]) -> Writer:
    def write(path: Path) -> None:
        path.write_bytes(content().encode("utf-8"))

    return write


def _copy(source: Callable[[], Path]) -> Writer:
    def write(path: Path) -> None:
        shutil.copyfile(source(), path)

    return write


def _ontology_page() -> str:
    from graph.export.ontology_doc import render  # noqa: PLC0415

    return render()


def _notice(sources: Sequence[Source]) -> str | None:
    """Return the Epoch AI attribution the pages carry when the sources include its data."""
    from graph.export.report import epoch_attribution  # noqa: PLC0415

    attribution = epoch_attribution(sources)
    return attribution.text() if attribution else None


def _read_notice(kg: GraphLike) -> str | None:
    """Return the attribution of :func:`_notice` for the sources of ``kg``."""
    from graph.export.report import read_sources  # noqa: PLC0415

    return _notice(read_sources(kg))


@dataclass
class _Network:
    """The files of :data:`BESIDE`: the claims as of a day, laid out once (picklable)."""

    data: ClaimData
    day: date | None
    notice: str | None

    @functools.cached_property
    def graph(self) -> nx.MultiDiGraph:
        from graph.export.network import ecosystem_graph  # noqa: PLC0415

        return ecosystem_graph(self.data, self.day)

    def tri_polar(self) -> str:
        from graph.export.story_page import tri_polar_page  # noqa: PLC0415

        return tri_polar_page(self.data, self.day, attribution=self.notice).html

    def ecosystem(self) -> str:
        from graph.export.explorer_page import ecosystem_page  # noqa: PLC0415

        page = ecosystem_page(self.data, self.day, attribution=self.notice, network=self.graph)
        return page.html

    def graphml(self, path: Path) -> None:
        from graph.export.formats import write_graphml  # noqa: PLC0415

        write_graphml(self.graph, path)

    def gexf(self, path: Path) -> None:
        from graph.export.formats import write_gexf  # noqa: PLC0415
        from graph.export.styles import NODE_STYLES  # noqa: PLC0415

        write_gexf(self.graph, path, {t: s.color for t, s in NODE_STYLES.items()})

    def writers(self, names: Collection[str]) -> dict[str, Writer]:
        """Return the writers of ``names``, in the order they share results best.

        The explorer (``ecosystem.html``) comes last: it reuses the poles the tri-polar
        page keeps. Both free their own views date by date (:func:`graph.memo.forgetting`).
        """
        everything: dict[str, Writer] = {
            "ecosystem.gexf": self.gexf,
            "ecosystem.graphml": self.graphml,
            "tri-polar.html": _text(self.tri_polar),
            "ecosystem.html": _text(self.ecosystem),
        }
        return {name: write for name, write in everything.items() if name in names}


def _write_network(folder: Path, network: _Network, names: Sequence[str]) -> None:
    """Write ``names`` into the staging ``folder`` (the job a build sends its child)."""
    with shared_results():  # the pages ask for the same bindings and poles many times
        for name, write in network.writers(names).items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            write(folder / name)


def _slow_results(data: ClaimData, day: date | None) -> dict[str, list[MetricResult]]:
    from graph.metrics import SLOW_METRICS, run_all  # noqa: PLC0415

    return run_all(data, day, list(SLOW_METRICS))


def _write_site(
    path: Path,
    kg: GraphLike,
    data: ClaimData,
    day: date | None,
    notice: str | None,
    *,
    out_dir: Path,
) -> None:
    """Write the entity site into the folder of ``path`` (``site/index.html``).

    Its unchanged files are linked from the site in ``out_dir``, the exports it replaces.
    """
    from graph.export.site import write_site  # noqa: PLC0415

    write_site(path.parent, kg, data, day, notice=notice, previous=out_dir / path.parent.name)


class _Plan:
    """What the other writers of one export share, each computed on first use."""

    def __init__(
        self,
        kg: GraphLike,
        data: ClaimData,
        day: date | None,
        stats: dict[str, object] | None,
    ) -> None:
        self.kg, self.data, self.day, self.stats = kg, data, day, stats
        # what a build began or read already: the slow metrics' child, the attribution
        self.slow: Beside[dict[str, list[MetricResult]]] | None = None
        self.read: tuple[str | None] | None = None

    @property
    def notice(self) -> str | None:
        """The Epoch AI attribution of the pages (read from the graph when not given)."""
        if self.read is None:
            self.read = (_notice(self.sources),)
        return self.read[0]

    @functools.cached_property
    def reader(self) -> rdflib.Graph | ox.Store:
        """What the graph is read from with SPARQL: an Oxigraph copy of a graph in memory.

        The Turtle and JSON-LD files are written from ``kg`` itself (lexical forms kept).
        """
        from graph.oxterms import oxigraph_copy  # noqa: PLC0415

        copy = oxigraph_copy(self.kg)
        return self.kg if copy is None else copy

    @functools.cached_property
    def sources(self) -> list[Source]:
        from graph.export.report import read_sources  # noqa: PLC0415

        return read_sources(self.reader)

    @functools.cached_property
    def results(self) -> dict[str, list[MetricResult]]:
        # the randomisations of loop_significance (about a second) run in a child
        # beside the other metrics, started by the build when it has one
        from graph.metrics import METRICS, SLOW_METRICS, run_all  # noqa: PLC0415

        rest = [name for name in METRICS if name not in SLOW_METRICS]
        if self.slow is not None:
            early = run_all(self.data, self.day, rest)
            late = self.slow.result()
        else:
            late, early = run_beside(
                lambda: _slow_results(self.data, self.day),
                lambda: run_all(self.data, self.day, rest),
            )
        merged = {**early, **late}
        return {name: merged[name] for name in METRICS}

    def stats_text(self) -> str:
        from graph.export.formats import stats_json  # noqa: PLC0415
        from graph.stats import graph_stats  # noqa: PLC0415 - only when not given

        if self.stats is not None:
            return stats_json(self.stats)
        copy = self.reader if isinstance(self.reader, ox.Store) else None  # made for sources
        return stats_json(graph_stats(self.kg, copy=copy).as_dict())

    def report(self) -> str:
        from graph.export.report import report_html  # noqa: PLC0415
        from graph.oxterms import triple_count  # noqa: PLC0415
        from graph.sources import (  # noqa: PLC0415
            Registry,
            cited_primary,
            claim_source_kinds,
            shipped_registry,
        )

        counts = (
            f"{len(self.data.entities)} entities and {len(self.data.claims)} claims "
            f"({triple_count(self.kg)} triples); {len(self.sources)} sources."
        )
        registry = Registry.from_graph(self.reader)
        if not registry.publishers:  # a store built without the registry
            registry = shipped_registry()
        kinds = claim_source_kinds(self.data, registry, cited_primary(self.reader))
        return report_html(
            self.data,
            self.results,
            as_of=self.day,
            sources=self.sources,
            counts=counts,
            files=[f for f in files_of(VIEWS) if not f.endswith(".html")],
            claim_kinds=kinds,
            registry=registry,
        )

    def site(self, out_dir: Path) -> Writer:
        """Return the writer of the entity site (``site/index.html``) of ``out_dir``."""

        def write(path: Path) -> None:  # in the child: it reads the attribution there
            _write_site(path, self.kg, self.data, self.day, self.notice, out_dir=out_dir)

        return write

    def writers(self, names: Collection[str]) -> dict[str, Writer]:
        """Return the writers of ``names`` (none of :data:`BESIDE` or :data:`SITE`)."""
        from graph.export import formats  # noqa: PLC0415
        from graph.export.ontology_rules import mappings_file  # noqa: PLC0415

        everything: dict[str, Callable[[], Writer]] = {
            "report.html": lambda: _text(self.report),
            "ecosystem.ttl": lambda: lambda p: formats.write_turtle(self.kg, p),
            "ecosystem.jsonld": lambda: lambda p: formats.write_jsonld(self.kg, p),
            "metrics.json": lambda: _text(lambda: formats.metrics_json(self.results, self.day)),
            "metrics.csv": lambda: _text(lambda: formats.metrics_csv(self.results)),
            "stats.json": lambda: _text(self.stats_text),
            "ontology/index.html": lambda: _text(_ontology_page),
            "ontology/aikg.ttl": lambda: _copy(ontology_file),
            "ontology/shapes.ttl": lambda: _copy(shapes_file),
            "ontology/mappings.sssom.tsv": lambda: _copy(mappings_file),
        }
        return {name: everything[name]() for name in sorted(names)}


def _prepare_child() -> None:
    for module in _CHILD_MODULES:
        importlib.import_module(module)


class Exports:
    """The exports of a build, begun before the graph exists; :func:`export_all` ends them.

    Creating it forks the child that writes :data:`EARLY` at once, loads the
    modules of :data:`BESIDE`, and waits; :meth:`claims_ready` sends it the
    claims. :meth:`discard` (a failed build) stops it and drops its files.

    Parameters
    ----------
    out_dir : Path or str
        The exports folder.
    views : sequence of str, optional
        Names from :data:`VIEWS`; every one when omitted.
    as_of : str or date, optional
        As in :func:`export_all`.

    Raises
    ------
    ExportError
        For an unknown view name (nothing is started).
    """

    def __init__(
        self, out_dir: Path, views: Sequence[str] | None = None, as_of: str | date | None = None
    ) -> None:
        self.names = files_of(list(views) if views else list(VIEWS))
        self.day = parse_date(as_of)
        self.staging = Staging(out_dir)
        early = {n: _text(_ontology_page) for n in EARLY & set(self.names)}
        self.staging.write_later(early, _prepare_child)
        self.sent = False
        self.slow: Beside[dict[str, list[MetricResult]]] | None = None
        self.notice: str | None = None

    def claims_ready(self, kg: GraphLike, data: ClaimData) -> None:
        """Send the valid claims to the child (``kg`` is read for the attribution only)."""
        names = sorted(BESIDE & set(self.names))
        self.notice = _read_notice(kg)
        network = _Network(data, self.day, self.notice if names else None)
        self.staging.send_later(
            names, functools.partial(_write_network, network=network, names=names)
        )
        self.sent = True
        if {"report.html", "metrics.json", "metrics.csv"} & set(self.names):
            self.slow = start_beside(functools.partial(_slow_results, data, self.day))

    def graph_ready(self, kg: GraphLike, data: ClaimData) -> None:
        """Start the entity site in a child: ``kg`` is the graph about to be published.

        The site reads every resource's triples (derived ones included), so it waits for
        the complete graph; it then runs beside the store's publication. Call it after
        :meth:`claims_ready` (it reuses the attribution read there).
        """
        site = sorted(SITE & set(self.names))
        if not site or not self.sent:
            return
        write = functools.partial(
            _write_site,
            kg=kg,
            data=data,
            day=self.day,
            notice=self.notice,
            out_dir=self.staging.out_dir,
        )
        self.staging.write_beside(dict.fromkeys(site, write))

    def discard(self) -> None:
        """Stop the children and remove what they wrote (idempotent; after a commit, nothing)."""
        if self.slow is not None:
            self.slow.cancel()
            self.slow = None
        self.staging.discard()


def export_all(
    kg: GraphLike,
    out_dir: Path | str,
    views: Sequence[str] | None = None,
    as_of: str | date | None = None,
    stats: dict[str, object] | None = None,
    *,
    data: ClaimData | None = None,
    started: Exports | None = None,
) -> list[Path]:
    """Write the exports of ``kg`` into ``out_dir``, all of them or none.

    Parameters
    ----------
    kg : rdflib.Graph or pyoxigraph.Store
        The built graph (:func:`graph.load`), or the Oxigraph store it is read from (its
        default graph, as :func:`graph.store.graph_of` reads it).
    out_dir : Path
        The exports folder (created if missing).
    views : sequence of str, optional
        Names from :data:`VIEWS`; every one when omitted.
    as_of : str or date, optional
        Evaluate views, metrics and the network files as of this date. The
        Turtle and JSON-LD files always hold the whole graph.
    stats : dict, optional
        ``stats.json`` content (:meth:`graph.stats.GraphStats.as_dict`);
        computed when ``stats`` is exported and this is omitted.
    data : ClaimData, optional
        The claims of ``kg`` when the caller has read them already (a build
        has); read from ``kg`` when omitted.
    started : Exports, optional
        What a build began for the same folder, views and day: its files are not
        written again; they are all committed (or discarded on failure) here.

    Returns
    -------
    list of Path
        The files written, sorted by name.

    Raises
    ------
    ExportError
        For an unknown view name (nothing is written).
    """
    names = files_of(list(views) if views else list(VIEWS))
    day = parse_date(as_of)
    if data is None:
        from graph.metrics import data_of  # noqa: PLC0415

        data = data_of(kg)
    if started is not None and (
        started.staging.out_dir != Path(out_dir) or started.names != names or started.day != day
    ):
        started.discard()
        raise ValueError("the started exports are for another folder, set of views or day")
    staging = started.staging if started is not None else Staging(Path(out_dir))
    with staging, shared_results():  # the children forked in here inherit what is known
        beside = sorted(BESIDE & set(names))
        plan = _Plan(kg, data, day, stats)
        if started is not None and started.sent:  # what the build read and began
            plan.slow, plan.read = started.slow, (started.notice,)
        else:
            network = _Network(data, day, plan.notice if beside else None)
            staging.write_beside(network.writers(beside))
        site = SITE & set(names) - staging.names
        # forked: shares the graph
        staging.write_beside(dict.fromkeys(site, plan.site(staging.out_dir)))
        staging.write(plan.writers(set(names) - BESIDE - SITE - staging.names))
        return staging.commit()
