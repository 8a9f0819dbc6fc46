"""Counts that show what the graph holds: entities per class, deals per type, claims per status.

Examples
--------
>>> from graph.build import build
>>> s = graph_stats(build("memory").graph)
>>> s.classes["Source"] > 0 and s.statuses["Confirmed"] > 0
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

import rdflib

from graph.oxterms import triple_count
from graph.queries import find_query, run_query
from graph.vocab import PREFIXES

__all__ = ["GraphStats", "graph_stats"]

_CLASSES = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?class a owl:Class .
  FILTER(STRSTARTS(STR(?class), STR(aikg:)))
  OPTIONAL { ?sub rdfs:subClassOf* ?class . ?s a ?sub . }
} GROUP BY ?class
"""

_DEALS = """
SELECT ?class (COUNT(DISTINCT ?d) AS ?n) WHERE {
  ?class rdfs:subClassOf aikg:Deal .
  OPTIONAL { ?d a ?class }
} GROUP BY ?class
"""

_STATUS = """
SELECT ?status (COUNT(DISTINCT ?c) AS ?n) WHERE {
  ?status a aikg:ClaimStatus .
  OPTIONAL { ?c aikg:claimStatus ?status }
} GROUP BY ?status
"""

_SOURCED = """
SELECT (COUNT(DISTINCT ?c) AS ?claims) (COUNT(DISTINCT ?ok) AS ?sourced) WHERE {
  ?cls rdfs:subClassOf* aikg:Claim . ?c a ?cls .
  OPTIONAL { ?c prov:wasDerivedFrom ?src ; aikg:claimStatus ?st . BIND(?c AS ?ok) }
}
"""


@dataclass
class GraphStats:
    """Counts by class (subclasses included), deal type and claim status."""

    triples: int
    classes: dict[str, int] = field(default_factory=dict)
    deals: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    claims: int = 0
    sourced_claims: int = 0
    coverage: dict[str, dict[str, int]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        """Return the stats as plain JSON-ready data."""
        return {
            "triples": self.triples,
            "classes": self.classes,
            "deals": self.deals,
            "statuses": self.statuses,
            "claims": self.claims,
            "sourced_claims": self.sourced_claims,
            "coverage": self.coverage,
        }


def _local(node: object) -> str:
    return str(node).rsplit("#", 1)[-1]


def _count(graph: rdflib.Graph, query: str) -> dict[str, int]:
    rows = graph.query(query, initNs=PREFIXES)
    return dict(sorted((_local(r[0]), int(str(r[1]))) for r in rows))  # type: ignore[index]


def graph_stats(graph: rdflib.Graph) -> GraphStats:
    """Count the entities and claims of ``graph``.

    Parameters
    ----------
    graph : rdflib.Graph
        A built graph (ontology included).

    Returns
    -------
    GraphStats
    """
    stats = GraphStats(triples=triple_count(graph))
    stats.classes = _count(graph, _CLASSES)
    stats.deals = _count(graph, _DEALS)
    stats.statuses = _count(graph, _STATUS)
    row = next(iter(graph.query(_SOURCED, initNs=PREFIXES)))
    stats.claims = int(str(row[0]))  # type: ignore[index]
    stats.sourced_claims = int(str(row[1]))  # type: ignore[index]
    result = run_query(graph, find_query("coverage"))
    columns = [str(v) for v in result.vars or []][1:]
    for r in result:
        cells = list(r)  # type: ignore[arg-type]
        stats.coverage[_local(cells[0])] = {
            c: int(str(v)) if v is not None else 0 for c, v in zip(columns, cells[1:], strict=True)
        }
    return stats
