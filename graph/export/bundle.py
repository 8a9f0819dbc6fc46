"""Write every export of the built graph into a folder, all files or none (:func:`export_all`)."""

from __future__ import annotations

import functools
import shutil
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import networkx as nx
import rdflib

from graph.export import VIEWS, files_of
from graph.export.formats import (
    Writer,
    metrics_csv,
    metrics_json,
    publish,
    stats_json,
    write_gexf,
    write_graphml,
    write_jsonld,
    write_turtle,
)
from graph.export.html import ecosystem_page, tri_polar_page
from graph.export.network import NODE_STYLES, ecosystem_graph
from graph.export.ontology_doc import mappings_file
from graph.export.ontology_doc import render as render_ontology_doc
from graph.export.report import epoch_attribution, read_sources, report_html
from graph.metrics import ClaimData, MetricResult, data_of, run_all
from graph.oxterms import triple_count
from graph.resources import ontology_file, shapes_file
from graph.sources import Registry, cited_primary, claim_source_kinds, shipped_registry
from graph.views import parse_date

__all__ = ["export_all"]


def _text(content: Callable[[], str]) -> Writer:
    def write(path: Path) -> None:
        path.write_bytes(content().encode("utf-8"))

    return write


def _copy(source: Callable[[], Path]) -> Writer:
    def write(path: Path) -> None:
        shutil.copyfile(source(), path)

    return write


def export_all(
    kg: rdflib.Graph,
    out_dir: Path,
    views: Sequence[str] | None = None,
    as_of: str | date | None = None,
    stats: dict[str, object] | None = None,
    *,
    data: ClaimData | None = None,
) -> list[Path]:
    """Write the exports of ``kg`` into ``out_dir``, all of them or none.

    Parameters
    ----------
    kg : rdflib.Graph
        The built graph (:func:`graph.load`).
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
    data = data if data is not None else data_of(kg)
    pages = {"report.html", "tri-polar.html", "ecosystem.html"}
    sources = read_sources(kg) if pages & set(names) else []
    attribution = epoch_attribution(sources)
    notice = attribution.text() if attribution else None

    @functools.cache
    def results() -> dict[str, list[MetricResult]]:
        return run_all(data, day)

    @functools.cache
    def network() -> nx.MultiDiGraph:
        return ecosystem_graph(data, day)

    def stats_text() -> str:
        if stats is not None:
            return stats_json(stats)
        from graph.stats import graph_stats  # noqa: PLC0415 - only when asked

        return stats_json(graph_stats(kg).as_dict())

    def report() -> str:
        counts = (
            f"{len(data.entities)} entities and {len(data.claims)} claims "
            f"({triple_count(kg)} triples); {len(sources)} sources."
        )
        registry = Registry.from_graph(kg)
        if not registry.publishers:  # a store built without the registry
            registry = shipped_registry()
        kinds = claim_source_kinds(data, registry, cited_primary(kg))
        return report_html(
            data,
            results(),
            as_of=day,
            sources=sources,
            counts=counts,
            files=[f for f in files_of(VIEWS) if not f.endswith(".html")],
            claim_kinds=kinds,
            registry=registry,
        )

    colors = {t: s.color for t, s in NODE_STYLES.items()}
    writers: dict[str, Writer] = {
        "tri-polar.html": _text(lambda: tri_polar_page(data, day, attribution=notice).html),
        "ecosystem.html": _text(
            lambda: ecosystem_page(data, day, attribution=notice, network=network()).html
        ),
        "report.html": _text(report),
        "ecosystem.ttl": lambda p: write_turtle(kg, p),
        "ecosystem.jsonld": lambda p: write_jsonld(kg, p),
        "ecosystem.graphml": lambda p: write_graphml(network(), p),
        "ecosystem.gexf": lambda p: write_gexf(network(), p, colors),
        "metrics.json": _text(lambda: metrics_json(results(), day)),
        "metrics.csv": _text(lambda: metrics_csv(results())),
        "stats.json": _text(stats_text),
        "ontology/index.html": _text(render_ontology_doc),
        "ontology/aikg.ttl": _copy(ontology_file),
        "ontology/shapes.ttl": _copy(shapes_file),
        "ontology/mappings.sssom.tsv": _copy(mappings_file),
    }
    # the network files (one layout, computed once) and the tri-polar page, the ones that
    # need networkx's layouts and numpy, are written by a child process beside the rest
    laid_out = {"ecosystem.graphml", "ecosystem.gexf", "ecosystem.html", "tri-polar.html"}
    return publish(out_dir, {name: writers[name] for name in names}, beside=laid_out)
