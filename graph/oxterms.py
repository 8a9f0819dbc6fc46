"""Convert rdflib terms to pyoxigraph, keeping lexical forms as written; count triples.

The other direction is :func:`graph.turtle.from_ox`.

Examples
--------
>>> import rdflib
>>> lit = rdflib.Literal("10.0", datatype=rdflib.XSD.decimal)
>>> to_ox(lit)
<Literal value=10.0 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#decimal>>
>>> from graph.turtle import from_ox
>>> from_ox(to_ox(lit)) == lit
True
>>> from_ox(to_ox(rdflib.Literal("chat", lang="fr"))).language
'fr'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
import rdflib
from rdflib.term import Node

__all__ = ["oxigraph_copy", "to_ox", "triple_count", "triples_to_ox"]

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal


def to_ox(term: Node) -> OxTerm:
    """Return the pyoxigraph term for an rdflib term (the lexical form unchanged)."""
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"no pyoxigraph term for {term!r}")


def triples_to_ox(triples: Iterable[tuple[Node, Node, Node]]) -> Iterator[ox.Triple]:
    """Yield pyoxigraph triples for rdflib triples."""
    for s, p, o in triples:
        yield ox.Triple(to_ox(s), to_ox(p), to_ox(o))  # type: ignore[arg-type]


def triple_count(graph: rdflib.Graph | ox.Store) -> int:
    """Return ``len(graph)``, counted inside Oxigraph when the graph is one of its stores.

    oxrdflib's ``len`` counts ``DISTINCT TRIPLE(?s, ?p, ?o)``, which builds every triple
    term; a graph is a set, so a plain ``COUNT(*)`` over the default graph is the same
    number at a fraction of the cost. An Oxigraph store itself counts its default graph,
    the graph an rdflib graph of it (:func:`graph.store.graph_of`) holds.

    Examples
    --------
    >>> g = rdflib.Graph()
    >>> _ = g.add((rdflib.URIRef("https://x/a"), rdflib.RDFS.label, rdflib.Literal("A")))
    >>> triple_count(g), triple_count(oxigraph_copy(g))
    (1, 1)
    """
    inner = graph if isinstance(graph, ox.Store) else getattr(graph.store, "_inner", None)
    if not isinstance(inner, ox.Store) or isinstance(graph, rdflib.Dataset):
        assert isinstance(graph, rdflib.Graph)
        return len(graph)
    solutions = inner.query(
        "SELECT (COUNT(*) AS ?c) WHERE { ?s ?p ?o }", default_graph=ox.DefaultGraph()
    )
    assert isinstance(solutions, ox.QuerySolutions)
    return int(next(iter(solutions))[0].value)


def oxigraph_copy(graph: rdflib.Graph | ox.Store) -> ox.Store | None:
    """Return an in-memory Oxigraph store holding the triples of a graph in rdflib's memory.

    For reading with SPARQL: rdflib's own engine takes seconds over the curated graph,
    Oxigraph milliseconds, and the copy a fraction of a second. Oxigraph keeps literals
    in their canonical form (``10.0`` becomes ``10``), so answers that print literals may
    differ in form; counts of nodes do not. ``None`` for anything else: an Oxigraph store or
    its own graph (see :func:`graph.oxquery.oxigraph_of`), a dataset, a remote store.

    Examples
    --------
    >>> g = rdflib.Graph()
    >>> _ = g.add((rdflib.URIRef("https://x/a"), rdflib.RDFS.label, rdflib.Literal("A")))
    >>> len(oxigraph_copy(g)), oxigraph_copy(rdflib.Dataset()) is None
    (1, True)
    """
    from rdflib.plugins.stores.memory import Memory, SimpleMemory  # noqa: PLC0415

    if isinstance(graph, (ox.Store, rdflib.ConjunctiveGraph)) or not isinstance(
        graph.store, (Memory, SimpleMemory)
    ):
        return None
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples_to_ox(graph))
    return store
