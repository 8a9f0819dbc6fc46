"""The naive baseline of ``aikg bench``: the script a user writes in an afternoon.

``python -m graph.bench_naive --out DIR FILE...`` does with the project's
required packages, plainly and without caching, what ``aikg build`` does with
its exports:

1. parse every input file (``.ttl`` or ``.nt``) into one :class:`rdflib.Graph`;
2. validate it with pySHACL against ``ontology/shapes.ttl`` (the ontology as
   ``ont_graph``, no inference); a ``sh:Violation`` stops the script with exit
   code 1, warnings are reported and let through, as ``aikg build`` does;
3. write ``DIR/ecosystem.ttl`` and ``DIR/ecosystem.jsonld`` (rdflib serializers,
   JSON-LD compacted with the aikg prefixes);
4. turn the graph into networkx graphs with
   ``rdflib_to_networkx_multidigraph``: the whole graph, and the *money
   subgraph* (equity investments, spend and capacity commitments, picked by
   ``rdf:type``, with their parties);
5. write ``DIR/ecosystem.graphml`` (node ids and edge predicates as strings);
6. write ``DIR/metrics.json``: PageRank and degree centrality of the companies
   in the money flow (investor -> investee, customer -> provider) and its
   2-cycles, the pairs of companies whose money flows both ways;
7. write one pyvis page per aikg HTML view, same names: ``tri-polar.html`` (the
   money subgraph: deal nodes and their parties), ``ecosystem.html`` (the whole
   graph) and ``report.html``, which is a plain HTML table of the metrics made
   with string formatting (not a pyvis page). pyvis writes a ``lib/`` folder
   into the working directory, so the pages are written from inside ``DIR``.

Node ids handed to networkx's GraphML writer and to pyvis are plain strings
(``str(term)``): both want strings, and pyvis looks nodes up in a list.

Examples
--------
>>> sorted(MONEY_FLOWS)
['CapacityCommitment', 'EquityInvestment', 'SpendCommitment']
"""

from __future__ import annotations

import argparse
import html
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import networkx as nx
import pyshacl
import rdflib
from pyvis.network import Network
from rdflib.extras.external_graph_libs import rdflib_to_networkx_multidigraph

from graph.resources import ontology_file, shapes_file
from graph.vocab import PREFIXES

__all__ = ["MONEY_FLOWS", "main"]

AIKG = rdflib.Namespace("https://w3id.org/aikg/ontology#")
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")

# deal class -> (predicate the money comes from, predicate it goes to)
MONEY_FLOWS = {
    "EquityInvestment": ("investor", "investee"),
    "SpendCommitment": ("customer", "provider"),
    "CapacityCommitment": ("customer", "provider"),
}


def money_subgraph(g: rdflib.Graph) -> tuple[rdflib.Graph, nx.DiGraph]:
    """Return the deals with their parties (RDF) and the company -> company money flow."""
    deals = rdflib.Graph()
    flow = nx.DiGraph()
    for cls, (payer, payee) in MONEY_FLOWS.items():
        for deal in g.subjects(rdflib.RDF.type, AIKG[cls]):
            deals.add((deal, rdflib.RDF.type, AIKG[cls]))
            for role in (payer, payee):
                for party in g.objects(deal, AIKG[role]):
                    deals.add((deal, AIKG[role], party))
            for source in g.objects(deal, AIKG[payer]):
                for target in g.objects(deal, AIKG[payee]):
                    flow.add_edge(str(source), str(target))
    return deals, flow


def as_strings(mdg: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Copy a graph of rdflib terms into one of strings (predicate as the edge title)."""
    out = nx.MultiDiGraph()
    out.add_nodes_from(str(n) for n in mdg.nodes)
    for s, o, p in mdg.edges(keys=True):
        out.add_edge(str(s), str(o), key=str(p), title=str(p))
    return out


def page(graph: nx.MultiDiGraph, name: str) -> None:
    """Write a pyvis page of ``graph`` into the working directory."""
    net = Network(directed=True, cdn_resources="in_line")
    net.from_nx(graph)
    net.write_html(name)


def report_html(metrics: dict[str, Any]) -> str:
    """Return a plain HTML page with the metrics as tables."""
    rows = []
    for node, rank in sorted(metrics["pagerank"].items(), key=lambda kv: -kv[1]):
        degree = metrics["degree_centrality"].get(node, 0.0)
        rows.append(
            f"<tr><td>{html.escape(node)}</td><td>{rank:.4f}</td><td>{degree:.4f}</td></tr>"
        )
    pairs = "".join(
        f"<tr><td>{html.escape(a)}</td><td>{html.escape(b)}</td></tr>"
        for a, b in metrics["reciprocated_pairs"]
    )
    return (
        "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>report</title></head><body>\n"
        f"<h1>Money flow</h1><p>{metrics['triples']:,} triples, "
        f"{metrics['shacl_warnings']} SHACL warnings</p>\n"
        "<h2>Centrality</h2><table><tr><th>company</th><th>PageRank</th>"
        f"<th>degree centrality</th></tr>{''.join(rows)}</table>\n"
        "<h2>Money flowing both ways</h2><table><tr><th>company</th><th>company</th></tr>"
        f"{pairs}</table>\n</body></html>\n"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the naive pipeline; return the exit code."""
    parser = argparse.ArgumentParser(prog="python -m graph.bench_naive", description=__doc__)
    parser.add_argument("--out", type=Path, required=True, help="Output folder.")
    parser.add_argument("files", nargs="+", type=Path, help="Turtle (.ttl) or N-Triples (.nt).")
    args = parser.parse_args(argv)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)

    g = rdflib.Graph()
    for p in args.files:
        g.parse(p)

    shapes = rdflib.Graph().parse(shapes_file())
    ontology = rdflib.Graph().parse(ontology_file())
    _, results, text = pyshacl.validate(g, shacl_graph=shapes, ont_graph=ontology, inference="none")
    severities = list(results.objects(None, SH.resultSeverity))
    if SH.Violation in severities:
        print(text, file=sys.stderr)
        return 1

    for prefix, namespace in PREFIXES.items():
        g.bind(prefix, namespace)
    g.serialize(out / "ecosystem.ttl", format="turtle")
    g.serialize(out / "ecosystem.jsonld", format="json-ld", context=PREFIXES, auto_compact=True)

    whole = as_strings(rdflib_to_networkx_multidigraph(g))
    deals, flow = money_subgraph(g)
    money = as_strings(rdflib_to_networkx_multidigraph(deals))
    nx.write_graphml(whole, out / "ecosystem.graphml")

    metrics: dict[str, Any] = {
        "triples": len(g),
        "shacl_warnings": severities.count(SH.Warning),
        "pagerank": nx.pagerank(flow) if len(flow) else {},
        "degree_centrality": nx.degree_centrality(flow),
        "reciprocated_pairs": sorted(
            sorted(c) for c in nx.simple_cycles(flow, length_bound=2) if len(c) == 2
        ),
    }
    with (out / "metrics.json").open("w", encoding="utf-8") as fh:
        json.dump(metrics, fh, indent=2)

    cwd = Path.cwd()
    os.chdir(out)  # pyvis writes a lib/ folder into the working directory
    try:
        page(money, "tri-polar.html")
        page(whole, "ecosystem.html")
    finally:
        os.chdir(cwd)
    (out / "report.html").write_text(report_html(metrics), encoding="utf-8")
    print(f"{len(g):,} triples; wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
