"""Counts that show what the graph holds: entities per class, deals per type, claims per status.

Examples
--------
>>> from graph.build import build
>>> s = graph_stats(build("memory").graph)
>>> s.classes["Source"] > 0 and s.statuses["Confirmed"] > 0
True
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from graph.oxquery import oxigraph_of, select_values
from graph.prefixes import PREFIXES
from graph.queries import find_query

if TYPE_CHECKING:
    import rdflib

__all__ = ["STATS_FILE", "GraphStats", "graph_stats", "read_stats", "write_stats"]

#: The file in which a build keeps its statistics, inside the Oxigraph version it publishes
#: (a version never changes once published, so ``aikg stats`` reads them instead of counting).
STATS_FILE = "aikg-stats.json"

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

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> GraphStats:
        """Return the stats of :meth:`as_dict` (``ValueError`` for anything else)."""
        try:
            stats = cls(
                triples=int(raw["triples"]),
                classes={str(k): int(v) for k, v in raw["classes"].items()},
                deals={str(k): int(v) for k, v in raw["deals"].items()},
                statuses={str(k): int(v) for k, v in raw["statuses"].items()},
                claims=int(raw["claims"]),
                sourced_claims=int(raw["sourced_claims"]),
                coverage={
                    str(k): {str(c): int(n) for c, n in v.items()}
                    for k, v in raw["coverage"].items()
                },
            )
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            raise ValueError(f"not aikg statistics: {exc!r}") from None
        return stats

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


def graph_stats(graph: rdflib.Graph | ox.Store, *, copy: ox.Store | None = None) -> GraphStats:
    """Count the entities and claims of ``graph``.

    Parameters
    ----------
    graph : rdflib.Graph or pyoxigraph.Store
        A built graph (ontology included). On an Oxigraph store (or an rdflib
        graph of one) the counts run in Oxigraph and no rdflib term is made; a
        graph in rdflib's memory store is counted in an Oxigraph copy of it; any
        other graph (a remote SPARQL store) answers the same queries itself.
    copy : pyoxigraph.Store, optional
        The Oxigraph copy of a graph in rdflib's memory when the caller has made it
        (:func:`graph.oxterms.oxigraph_copy`): counted instead of making another.

    Returns
    -------
    GraphStats
    """
    inner = oxigraph_of(graph)
    if inner is not None:
        return _ox_stats(inner)
    assert not isinstance(graph, ox.Store)
    from graph.oxterms import oxigraph_copy, triple_count  # noqa: PLC0415 - rdflib's graphs

    copy = copy if copy is not None else oxigraph_copy(graph)
    if copy is not None:  # rdflib's memory: counted in Oxigraph, the triples by rdflib
        stats = _ox_stats(copy)
        stats.triples = triple_count(graph)  # Oxigraph merges 10.0 and 10.00 (xsd:decimal)
        return stats
    return _rdflib_stats(graph)


def _rdflib_stats(graph: rdflib.Graph) -> GraphStats:
    from graph.oxterms import triple_count  # noqa: PLC0415
    from graph.queries import run_query  # noqa: PLC0415

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


def _ox_count(store: ox.Store, query: str) -> dict[str, int]:
    return dict(sorted((_local(r[0]), int(r[1] or 0)) for r in select_values(store, query)))


def _ox_stats(store: ox.Store) -> GraphStats:
    from graph.oxquery import answer  # noqa: PLC0415

    ((triples,),) = select_values(store, "SELECT (COUNT(*) AS ?c) WHERE { ?s ?p ?o }")
    stats = GraphStats(triples=int(triples or 0))
    stats.classes = _ox_count(store, _CLASSES)
    stats.deals = _ox_count(store, _DEALS)
    stats.statuses = _ox_count(store, _STATUS)
    ((claims, sourced),) = select_values(store, _SOURCED)
    stats.claims, stats.sourced_claims = int(claims or 0), int(sourced or 0)
    result = answer(store, find_query("coverage"))
    columns = result.variables[1:]
    for row in result.rows:
        stats.coverage[_local(row[0].value if row[0] is not None else "")] = {
            c: int(v.value) if v is not None else 0 for c, v in zip(columns, row[1:], strict=True)
        }
    return stats


def write_stats(stats: GraphStats, folder: Path) -> Path:
    """Write ``stats`` as :data:`STATS_FILE` into ``folder`` (a store version being built).

    Written to a temporary name and renamed, so a reader finds the whole file or none.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> stats = GraphStats(3, {"Company": 1}, {}, {"Confirmed": 1}, 1, 1, {})
    >>> read_stats(write_stats(stats, folder).parent) == stats
    True
    >>> _ = (folder / STATS_FILE).write_text("{}")
    >>> read_stats(folder) is None
    True
    """
    path = folder / STATS_FILE
    part = folder / f".{STATS_FILE}.{os.getpid()}"
    part.write_text(json.dumps(stats.as_dict(), sort_keys=True), encoding="utf-8")
    os.replace(part, path)
    return path


def read_stats(folder: Path) -> GraphStats | None:
    """Return the statistics a build kept in ``folder``, or ``None`` (none, or unreadable)."""
    try:
        raw = json.loads((folder / STATS_FILE).read_text(encoding="utf-8"))
        return GraphStats.from_dict(raw)
    except (OSError, ValueError, AttributeError):  # missing, damaged or not a mapping
        return None
