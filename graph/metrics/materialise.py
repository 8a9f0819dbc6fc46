"""Metric results as RDF, written by the build into their own named graph.

Poles, bindings (depth, strength, layers) and closed loops, each as of a date,
with ``prov:wasDerivedFrom`` the claims they rest on, into the named graph
:data:`METRICS_GRAPH` (the data's own graph for ``memory`` and remote stores).
Named queries see them (``queries/poles.rq``): the tri-polar question becomes
``?p a aikg:Pole ; aikg:asOf ?day ; aikg:cloud ?cloud ; aikg:modelCompany ?lab``.

Each date is a run node (``aikg:MetricResult`` with ``aikg:asOf``), so a query
can pick the latest run on or before any date even when it found no pole.

Examples
--------
>>> from graph.build import build
>>> from graph.claims import read_claims
>>> data = read_claims(build("memory").graph)
>>> quads = list(metric_quads(data, [date(2026, 6, 30)]))
>>> poles = {q.subject for q in quads if q.object == ox.NamedNode(_A + "Pole")}
>>> len(poles) == len(graph_poles(data, "2026-06-30"))
True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

import pyoxigraph as ox

from graph.claims import ClaimData
from graph.metrics.binding import bindings
from graph.metrics.loops import closed_loops
from graph.metrics.poles import poles as graph_poles

__all__ = ["METRICS_GRAPH", "default_dates", "metric_quads"]

#: The named graph of the metric results in an Oxigraph store.
METRICS_GRAPH = "https://w3id.org/aikg/graph/metrics"
_DERIVED = "https://w3id.org/aikg/derived/"
_A = "https://w3id.org/aikg/ontology#"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_DERIVED_FROM = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_LAYER_IRIS = {
    1: "DistributionLayer",
    2: "ComputeUseLayer",
    3: "SpendCommitmentLayer",
    4: "CustomSiliconLayer",
    5: "EquityLayer",
    6: "PriorityLayer",
}


def default_dates(data: ClaimData, today: date | None = None) -> list[date]:
    """Year ends from the first dated claim's year to last year, and ``today``.

    Examples
    --------
    >>> from graph.claims import Claim
    >>> c = Claim("c", "Deal", "Confirmed", announced=date(2024, 5, 1))
    >>> default_dates(ClaimData({}, {"c": c}), today=date(2026, 11, 28))
    [datetime.date(2024, 12, 31), datetime.date(2025, 12, 31), datetime.date(2026, 11, 28)]
    """
    today = today or date.today()
    years = [c.date.year for c in data.claims.values() if c.date is not None]
    first = min(years, default=today.year)
    return [date(y, 12, 31) for y in range(first, today.year)] + [today]


def _slug(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def _lit(value: object, kind: str) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + kind))


class _Writer:
    def __init__(self, graph: ox.NamedNode | ox.DefaultGraph) -> None:
        self.graph = graph
        self.quads: list[ox.Quad] = []

    def add(self, s: ox.NamedNode, p: str | ox.NamedNode, o: ox.NamedNode | ox.Literal) -> None:
        pred = p if isinstance(p, ox.NamedNode) else ox.NamedNode(_A + p)
        self.quads.append(ox.Quad(s, pred, o, self.graph))

    def node(self, path: str, cls: str, day: date) -> ox.NamedNode:
        node = ox.NamedNode(_DERIVED + path)
        self.add(node, _RDF_TYPE, ox.NamedNode(_A + cls))
        self.add(node, "asOf", _lit(day.isoformat(), "date"))
        return node

    def sources(self, node: ox.NamedNode, claims: Iterable[str]) -> None:
        for claim in sorted(set(claims)):
            self.add(node, _DERIVED_FROM, ox.NamedNode(claim))


def metric_quads(
    data: ClaimData,
    dates: Iterable[date] | None = None,
    graph: str | None = METRICS_GRAPH,
) -> Iterator[ox.Quad]:
    """Yield poles, bindings and closed loops as of each date, as quads.

    Parameters
    ----------
    data : ClaimData
        The validated claims.
    dates : iterable of date, optional
        Defaults to :func:`default_dates`.
    graph : str or None
        The named graph to write into; ``None`` for the default graph.
    """
    w = _Writer(ox.NamedNode(graph) if graph else ox.DefaultGraph())
    for day in dates if dates is not None else default_dates(data):
        stamp = day.isoformat()
        w.node(f"run/{stamp}", "MetricResult", day)
        for p in graph_poles(data, day):
            node = w.node(f"pole/{stamp}/{_slug(p.cloud)}/{_slug(p.model)}", "Pole", day)
            w.add(node, "cloud", ox.NamedNode(p.cloud))
            w.add(node, "modelCompany", ox.NamedNode(p.model))
            w.add(node, "depth", _lit(p.depth, "integer"))
            w.add(node, "strength", _lit(round(p.strength, 6), "decimal"))
            w.sources(node, p.claims)
        for b in bindings(data, day):
            node = w.node(f"binding/{stamp}/{_slug(b.model)}/{_slug(b.provider)}", "Binding", day)
            w.add(node, "modelCompany", ox.NamedNode(b.model))
            w.add(node, "computeProvider", ox.NamedNode(b.provider))
            w.add(node, "depth", _lit(b.depth, "integer"))
            w.add(node, "strength", _lit(round(b.strength, 6), "decimal"))
            for layer in b.layers:
                w.add(node, "layer", ox.NamedNode(_A + _LAYER_IRIS[layer]))
            w.sources(node, b.claims)
        for n, loop in enumerate(closed_loops(data, day), start=1):
            node = w.node(f"loop/{stamp}/{n}", "ClosedLoop", day)
            w.add(node, "hops", _lit(loop.length, "integer"))
            for member in loop.nodes:
                w.add(node, "member", ox.NamedNode(member))
            w.sources(node, loop.claims)
        yield from w.quads  # one date at a time: the caller never holds every date's quads
        w.quads = []
