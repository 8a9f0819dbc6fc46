"""Shapes of data no curated fact needs and every export would choke on.

RDF collections (``( ... )`` in Turtle) nested inside one another thousands of levels
deep, or holding an absurd number of items, pass SHACL but break recursive readers
later (rdflib's JSON-LD writer, for one) after the store was published. ``aikg
validate`` and ``aikg build`` refuse them alike, before anything is written, naming
the entity and the property that hold the collection.

Examples
--------
>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> deep = "( " * 40 + '"x"' + " )" * 40
>>> store.load(f"<https://w3id.org/aikg/id/e> <https://schema.org/x> {deep} .".encode(),
...            format=ox.RdfFormat.TURTLE)
>>> [p] = structure_problems(store)
>>> p.focus, p.path, p.message
('id:e', 'schema:x', 'an RDF collection nested 40 levels deep (at most 32)')
"""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox
import rdflib
from rdflib.term import Node

from graph.validate import Problem, short_name

__all__ = ["MAX_LIST_DEPTH", "MAX_LIST_ITEMS", "structure_problems"]

#: Deepest nesting of collections accepted.
MAX_LIST_DEPTH = 32
#: Most items of one collection accepted.
MAX_LIST_ITEMS = 100_000

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def _to_rdflib(term: _Term) -> Node:
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    return rdflib.Literal(str(term))


def structure_problems(
    store: ox.Store, origins: Mapping[Node, frozenset[str]] | None = None
) -> list[Problem]:
    """Return a violation for each too deep or too long collection in ``store``.

    Parameters
    ----------
    store : pyoxigraph.Store
        The data.
    origins : mapping, optional
        Subject node -> files that state it, to name files in the report.
    """
    first: dict[_Term, _Term] = {}
    rest: dict[_Term, _Term] = {}
    for quad in store.quads_for_pattern(None, ox.NamedNode(_RDF + "first"), None):
        first[quad.subject] = quad.object
    if not first:
        return []
    for quad in store.quads_for_pattern(None, ox.NamedNode(_RDF + "rest"), None):
        rest[quad.subject] = quad.object
    depth: dict[_Term, int] = {}
    length: dict[_Term, int] = {}

    def measure(head: _Term) -> None:
        """Depth and length of the list at ``head`` (iterative: no recursion)."""
        stack: list[tuple[_Term, bool]] = [(head, False)]
        while stack:
            node, done = stack.pop()
            if node in depth:
                continue
            cells, cell, seen = [], node, set()
            while cell in first and cell not in seen:
                seen.add(cell)
                cells.append(cell)
                cell = rest.get(cell, cell)
            inner = [first[c] for c in cells if first[c] in first and first[c] not in depth]
            if inner and not done:
                stack.append((node, True))
                stack.extend((i, False) for i in inner)
                continue
            nested = [depth.get(first[c], 0) for c in cells if first[c] in first]
            depth[node] = 1 + max(nested, default=0)
            length[node] = len(cells)

    tails = set(rest.values())
    elements = set(first.values())
    # outermost lists only: an inner list is reported through the list that holds it
    heads = [n for n in first if n not in tails and n not in elements]
    problems: list[Problem] = []
    for head in heads:
        measure(head)
        too_deep = depth[head] > MAX_LIST_DEPTH
        too_long = length[head] > MAX_LIST_ITEMS
        if not (too_deep or too_long):
            continue
        holders: list[ox.Quad | None] = [*store.quads_for_pattern(None, None, head)] or [None]
        for holder in holders[:5]:
            subject = _to_rdflib(holder.subject) if holder else _to_rdflib(head)
            path = short_name(rdflib.URIRef(holder.predicate.value)) if holder else ""
            message = (
                f"an RDF collection nested {depth[head]} levels deep (at most {MAX_LIST_DEPTH})"
                if too_deep
                else f"an RDF collection of {length[head]:,} items (at most {MAX_LIST_ITEMS:,})"
            )
            problems.append(
                Problem(
                    "Violation",
                    short_name(subject),
                    path,
                    message,
                    files=tuple(sorted((origins or {}).get(subject, frozenset()))),
                )
            )
    return problems
