"""The derived USD bounds (graph.derive.amount_quads) against the raw Turtle files.

The expected bounds are worked out here from the curated files parsed by rdflib, node by
node, without the derive module; each amount is named by the triple that points to it
(its owner and ``aikg:amount`` or ``aikg:valuation``), since blank node labels differ
between the two parsers.
"""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
import pytest
import rdflib

from graph.derive import amount_quads
from graph.inputs import load_sources
from graph.resources import fact_files, ontology_file

A = rdflib.Namespace("https://w3id.org/aikg/ontology#")
S = rdflib.Namespace("https://schema.org/")
OWNERS = (A.amount, A.valuation)

Bounds = dict[tuple[str, str], dict[str, str | Decimal]]


def _expected(graph: rdflib.Graph) -> Bounds:
    out: Bounds = {}
    for prop in OWNERS:
        for owner, node in graph.subject_objects(prop):
            if graph.value(node, S.currency) != rdflib.Literal("USD"):
                continue
            value, low, high = (graph.value(node, p) for p in (S.value, S.minValue, S.maxValue))
            bounds: dict[str, object]
            if value is not None:
                bounds = {"usdValue": value, "bound": "=", "usdLow": value, "usdHigh": value}
            elif low is not None:
                bounds = {"usdValue": low, "bound": ">=", "usdLow": low}
                if high is not None:
                    bounds["usdHigh"] = high
            else:
                assert high is not None, (owner, prop)  # the curated data states a figure
                bounds = {"usdValue": high, "bound": "<=", "usdLow": "0", "usdHigh": high}
            out[str(owner), str(prop)] = {
                k: v if k == "bound" else Decimal(str(v)) for k, v in bounds.items()
            }
    return out


def _derived(store: ox.Store) -> Bounds:
    by_node: dict[str, dict[str, str | Decimal]] = {}
    for q in amount_quads(store):
        name = q.predicate.value.rsplit("#", 1)[1]
        text = q.object.value  # type: ignore[union-attr]
        by_node.setdefault(str(q.subject), {})[name] = text if name == "bound" else Decimal(text)
    out: Bounds = {}
    for prop in OWNERS:
        for q in store.quads_for_pattern(None, ox.NamedNode(str(prop)), None, ox.DefaultGraph()):
            if str(q.object) in by_node:
                out[str(q.subject.value), str(prop)] = by_node[str(q.object)]  # type: ignore[union-attr]
    return out


@pytest.fixture(scope="module")
def curated() -> tuple[rdflib.Graph, ox.Store]:
    files = [ontology_file(), *fact_files()]
    graph = rdflib.Graph()
    for path in files:
        graph.parse(path, format="turtle")
    return graph, load_sources(files).store()


def test_every_usd_amount_gets_its_bounds_and_no_other_amount_does(curated) -> None:
    graph, store = curated
    expected = _expected(graph)
    assert len(expected) > 100  # the curated deals state well over a hundred USD amounts
    assert _derived(store) == expected
    kinds = {b["bound"] for b in expected.values()}
    assert kinds == {"=", ">=", "<="}  # all three kinds of figure occur


def test_amounts_in_other_currencies_and_in_named_graphs_get_none() -> None:
    store = ox.Store()
    store.load(
        b"""@prefix aikg: <https://w3id.org/aikg/ontology#> .
        @prefix schema: <https://schema.org/> .
        <https://w3id.org/aikg/id/d> aikg:amount [ schema:currency "EUR" ; schema:value 600 ] ;
            aikg:valuation <https://w3id.org/aikg/id/v> .
        <https://w3id.org/aikg/id/e> aikg:amount <https://w3id.org/aikg/id/v> .
        <https://w3id.org/aikg/id/v> schema:currency "USD" ; schema:minValue 5 ; schema:maxValue 9 .
        <https://w3id.org/aikg/id/f> aikg:amount "12" .
        """,
        format=ox.RdfFormat.TURTLE,
    )
    store.load(
        b"""<https://w3id.org/aikg/id/g> <https://w3id.org/aikg/ontology#amount>
            [ <https://schema.org/currency> "USD" ; <https://schema.org/value> 1 ] .""",
        format=ox.RdfFormat.TURTLE,
        to_graph=ox.NamedNode("https://w3id.org/aikg/graph/other"),
    )
    quads = list(amount_quads(store))
    # one USD amount, pointed to twice, derived once; the literal and the EUR amount get none
    assert sorted((q.subject.value, q.predicate.value.rsplit("#")[1], q.object.value)
                  for q in quads) == [  # type: ignore[union-attr]
        ("https://w3id.org/aikg/id/v", "bound", ">="),
        ("https://w3id.org/aikg/id/v", "usdHigh", "9.0"),
        ("https://w3id.org/aikg/id/v", "usdLow", "5.0"),
        ("https://w3id.org/aikg/id/v", "usdValue", "5.0"),
    ]  # fmt: skip
    assert all(q.graph_name == ox.DefaultGraph() for q in quads)
