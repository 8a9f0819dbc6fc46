"""Where an importer puts its triples: a light, ordered set of rdflib triples.

An ``rdflib.Graph`` indexes every triple three ways as it is added, which was
most of an import's time; an importer only adds triples (and looks up a name it
minted itself), so :class:`TripleSink` keeps them in insertion order, each once,
and hands them to Oxigraph as quads (:meth:`TripleSink.quads`) or to rdflib as
a graph (:meth:`TripleSink.to_graph`) when asked.

Examples
--------
>>> from rdflib import Literal, URIRef
>>> sink = TripleSink()
>>> a, name = URIRef("https://w3id.org/aikg/id/a"), URIRef("https://schema.org/name")
>>> _ = sink.add((a, name, Literal("A"))).add((a, name, Literal("A")))
>>> len(sink), sink.value(a, name), (a, name, Literal("A")) in sink
(1, rdflib.term.Literal('A'), True)
>>> len(sink.to_graph()), sink.quads()[0].object
(1, <Literal value=A datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>)
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import rdflib
from rdflib.term import Node

from graph.oxterms import OxTerm, to_ox

__all__ = ["Sink", "TripleSink"]

Triple = tuple[Node, Node, Node]


class TripleSink:
    """An ordered set of triples with the little of rdflib's ``Graph`` API importers use."""

    def __init__(self) -> None:
        self._triples: dict[Triple, None] = {}
        self._first: dict[tuple[Node, Node], Node] = {}
        self._prefixes: dict[str, str] = {}

    def add(self, triple: Triple) -> TripleSink:
        """Add a triple (a repeat is ignored); return the sink."""
        if triple not in self._triples:
            self._triples[triple] = None
            self._first.setdefault((triple[0], triple[1]), triple[2])
        return self

    def bind(self, prefix: str, namespace: str) -> None:
        """Remember a prefix for :meth:`to_graph`."""
        self._prefixes[prefix] = str(namespace)

    def value(self, subject: Node, predicate: Node) -> Node | None:
        """Return the first object added for ``subject`` and ``predicate``, or None."""
        return self._first.get((subject, predicate))

    def __len__(self) -> int:
        return len(self._triples)

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._triples)

    def __contains__(self, triple: object) -> bool:
        return triple in self._triples

    def to_graph(self) -> rdflib.Graph:
        """Return the triples as a new rdflib graph."""
        graph = rdflib.Graph()
        for prefix, namespace in self._prefixes.items():
            graph.bind(prefix, namespace)
        for triple in self._triples:
            graph.add(triple)
        return graph

    def quads(self) -> list[ox.Quad]:
        """Return the triples as Oxigraph quads of the default graph."""
        made: dict[Node, OxTerm] = {}

        def term(node: Node) -> OxTerm:
            # a term is converted once: subjects, predicates and many values repeat
            # (a third of an import's conversion time)
            found = made.get(node)
            if found is None:
                found = made[node] = to_ox(node)
            return found

        return [ox.Quad(term(s), term(p), term(o)) for s, p, o in self._triples]  # type: ignore[arg-type]


#: What importer helpers write into: an import's sink, or a plain graph (doctests).
Sink = TripleSink | rdflib.Graph
