"""Write the graph and its figures to an exports folder, all files or none.

Files are first written into a temporary folder next to the target, then
swapped in at once, so a failed export leaves the previous files as they were
(:func:`graph.export.staging.publish`).

Formats:

- ``ecosystem.ttl`` (Turtle) and ``ecosystem.jsonld`` (JSON-LD, compacted with
  the aikg prefixes): the whole RDF graph, parsing back to the same triples;
- ``ecosystem.graphml`` and ``ecosystem.gexf`` (Gephi, with positions, colours
  and sizes): the network of :func:`graph.export.network.ecosystem_graph`;
- ``metrics.json``: the same document as ``aikg metrics --format json`` (one
  top-level key per metric -> ``description``, ``as_of``, ``results``);
- ``metrics.csv``: long format (``metric, key, field, value, bound, unit,
  claims``) with spreadsheet formulas neutralised;
- ``stats.json``: the figures of ``aikg stats``.

Examples
--------
>>> import tempfile, pathlib, rdflib
>>> g = rdflib.Graph()
>>> _ = g.add((rdflib.URIRef("https://w3id.org/aikg/id/a"), rdflib.RDFS.label, rdflib.Literal("A")))
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> sorted(p.name for p in write_exports(g, out, {"triples": 1}))
['ecosystem.ttl', 'stats.json']
>>> csv_safe("=HYPERLINK(1)"), csv_safe("-3"), csv_safe("-3 dollars"), csv_safe(-3)
("'=HYPERLINK(1)", '-3', "'-3 dollars", -3)
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
import rdflib

from graph.export import xmlgraph
from graph.export.jsonld import write_jsonld_quads
from graph.export.staging import Writer, publish
from graph.metrics import METRICS
from graph.metrics.flatten import CSV_FIELDS, rows
from graph.metrics.result import MetricResult
from graph.oxterms import triples_to_ox
from graph.text import csv_safe, plain_text
from graph.vocab import PREFIXES

__all__ = [
    "Writer",
    "csv_safe",
    "metrics_csv",
    "metrics_document",
    "metrics_json",
    "plain_text",
    "publish",
    "stats_json",
    "write_exports",
    "write_gexf",
    "write_graphml",
    "write_jsonld",
    "write_turtle",
]


def _triples(graph: rdflib.Graph | ox.Store) -> Iterable[ox.Triple] | Iterable[ox.Quad]:
    """Return the default graph's triples, from Oxigraph's index when it holds them.

    A plain rdflib graph is converted term by term, keeping its lexical forms
    (Oxigraph's store would write ``10.0`` back as ``10``).
    """
    inner = graph if isinstance(graph, ox.Store) else getattr(graph.store, "_inner", None)
    if isinstance(inner, ox.Store):
        return inner.quads_for_pattern(None, None, None, ox.DefaultGraph())
    assert isinstance(graph, rdflib.Graph)
    return sorted(triples_to_ox(graph), key=lambda t: str(t.subject))


def write_turtle(graph: rdflib.Graph | ox.Store, path: Path) -> None:
    """Serialise ``graph`` as Turtle with the aikg prefixes, by Oxigraph's writer."""
    with path.open("wb") as fh:
        ox.serialize(_triples(graph), fh, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def write_jsonld(graph: rdflib.Graph | ox.Store, path: Path) -> None:
    """Serialise ``graph`` as JSON-LD, compacted with the aikg prefixes, streaming from Oxigraph.

    Examples
    --------
    >>> import tempfile
    >>> g = rdflib.Graph()
    >>> _ = g.add((rdflib.URIRef(PREFIXES["id"] + "a"), rdflib.RDFS.label, rdflib.Literal("A")))
    >>> path = Path(tempfile.mkdtemp()) / "x.jsonld"
    >>> write_jsonld(g, path)
    >>> doc = json.loads(path.read_text(encoding="utf-8"))
    >>> doc["@context"]["id"], doc["@graph"][0]["@id"], doc["@graph"][0]["rdfs:label"]
    ('https://w3id.org/aikg/id/', 'id:a', 'A')
    """
    with path.open("w", encoding="utf-8") as fh:
        write_jsonld_quads(_triples(graph), fh, PREFIXES)


def write_graphml(g: nx.MultiDiGraph, path: Path) -> None:
    """Write a view graph as GraphML (attributes typed, ``None`` values left out).

    Streamed by :func:`graph.export.xmlgraph.write_graphml`; reads back with
    ``nx.read_graphml`` as ``nx.write_graphml``'s file does.
    """
    xmlgraph.write_graphml(g, path)


def write_gexf(g: nx.MultiDiGraph, path: Path, colors: Mapping[str, str] | None = None) -> None:
    """Write a view graph as GEXF 1.2 for Gephi, with positions, sizes and colours.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        Nodes with ``x``, ``y``, ``size`` and ``type`` (optional).
    path : Path
        Target file.
    colors : mapping, optional
        Node type -> ``#rrggbb``.

    Notes
    -----
    Streamed by :func:`graph.export.xmlgraph.write_gexf`; reads back with
    ``nx.read_gexf`` as ``nx.write_gexf(..., version="1.2draft")``'s file does.
    """
    xmlgraph.write_gexf(g, path, colors)


def metrics_document(
    results: Mapping[str, Sequence[MetricResult]], as_of: str | date | None = None
) -> dict[str, dict[str, Any]]:
    """Return the ``aikg metrics --format json`` document.

    Examples
    --------
    >>> metrics_document({"poles": []}, "2026-04-30")["poles"]["as_of"]
    '2026-04-30'
    """
    day = as_of.isoformat() if isinstance(as_of, date) else as_of
    return {
        name: {
            "description": METRICS[name].description,
            "as_of": day,
            "results": [r.to_dict() for r in items],
        }
        for name, items in results.items()
    }


def metrics_json(
    results: Mapping[str, Sequence[MetricResult]], as_of: str | date | None = None
) -> str:
    """Return :func:`metrics_document` as ``aikg metrics --format json`` prints it."""
    return json.dumps(metrics_document(results, as_of), indent=2, ensure_ascii=False) + "\n"


def metrics_csv(results: Mapping[str, Sequence[MetricResult]]) -> str:
    """Return the long-format CSV of ``aikg metrics --format csv``.

    Examples
    --------
    >>> metrics_csv({}).strip()
    'metric,key,field,value,bound,unit,claims'
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(CSV_FIELDS), lineterminator="\n")
    writer.writeheader()
    for record in rows(results):
        writer.writerow({k: csv_safe(v) for k, v in record.items()})
    return buffer.getvalue()


def write_exports(graph: rdflib.Graph, out_dir: Path, stats: Mapping[str, object]) -> list[Path]:
    """Write ``ecosystem.ttl`` (the whole graph) and ``stats.json`` into ``out_dir``.

    Parameters
    ----------
    graph : rdflib.Graph
        The built graph.
    out_dir : Path
        The exports folder (created if missing).
    stats : mapping
        JSON-ready figures, e.g. :meth:`graph.stats.GraphStats.as_dict`.

    Returns
    -------
    list of Path
        The files written.

    See Also
    --------
    graph.export.export_all : every export (views, report, all formats).
    """
    return publish(
        out_dir,
        {
            "ecosystem.ttl": lambda p: write_turtle(graph, p),
            "stats.json": lambda p: _write_text(p, stats_json(stats)),
        },
    )


def _write_text(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8"))


def stats_json(stats: Mapping[str, object]) -> str:
    """Return ``stats.json``'s text."""
    return json.dumps(stats, indent=2, sort_keys=True) + "\n"
