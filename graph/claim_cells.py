"""Triples read as plain cells: the cheap reading that :mod:`graph.claims` is built on.

:func:`pairs` yields the subject and object of every triple with one predicate,
reading an Oxigraph store's index directly when there is one; objects come out
as :data:`Cell` values (an IRI or blank node label as a string, a literal as a
:class:`Lit`), never as rdflib terms.

Examples
--------
>>> import rdflib
>>> g = rdflib.Graph()
>>> _ = g.add((rdflib.URIRef("urn:a"), rdflib.URIRef("urn:d"),
...            rdflib.Literal("2024-05-01", datatype=rdflib.XSD.date)))
>>> [(s, cell_date(o)) for s, o in pairs(g, "urn:d")]
[('urn:a', datetime.date(2024, 5, 1))]
>>> local_name(AIKG_NS + "Confirmed")
'Confirmed'
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import NamedTuple

import pyoxigraph as ox
import rdflib

from graph.vocab import AIKG

__all__ = [
    "AIKG_NS",
    "ID_NS",
    "SCHEMA_NS",
    "XSD_NS",
    "Cell",
    "GraphLike",
    "Lit",
    "cell",
    "cell_date",
    "local_name",
    "pairs",
]

#: The ontology's namespace IRI, as a string.
AIKG_NS = str(AIKG._NS)
#: The namespace of entities and claims; only subjects in it are read.
ID_NS = "https://w3id.org/aikg/id/"
#: schema.org's namespace IRI.
SCHEMA_NS = "https://schema.org/"
#: XML Schema's namespace IRI (datatypes).
XSD_NS = "http://www.w3.org/2001/XMLSchema#"


def local_name(iri: object) -> str:
    """Return the part of ``iri`` after its ``#`` (the whole IRI if it has none)."""
    return str(iri).rsplit("#", 1)[-1]


class Lit(NamedTuple):
    """A literal as read: its lexical form and datatype IRI (cheap to build)."""

    value: str
    datatype: str

    def __str__(self) -> str:
        return self.value

    def __float__(self) -> float:
        return float(self.value)


#: An object as read: an IRI or blank node label, a literal, or nothing.
Cell = str | Lit | None
#: what claims are read from: an rdflib graph (any store) or an Oxigraph store
GraphLike = rdflib.Graph | ox.Store


def cell(term: object) -> Cell:
    """Return an Oxigraph or rdflib term as a :data:`Cell`."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        return Lit(term.value, term.datatype.value)
    if isinstance(term, (ox.NamedNode, ox.BlankNode)):
        return term.value
    if isinstance(term, rdflib.Literal):
        return Lit(str(term), str(term.datatype or XSD_NS + "string"))
    return str(term)


def pairs(kg: GraphLike, predicate: str) -> Iterator[tuple[str, Cell]]:
    """Yield (subject, object) of every triple with ``predicate``, as plain cells.

    On an Oxigraph-backed graph this reads the store's index directly (no SPARQL,
    no rdflib terms), which keeps a million-triple graph to seconds.
    """
    inner = kg if isinstance(kg, ox.Store) else getattr(kg.store, "_inner", None)
    if isinstance(inner, ox.Store):
        for q in inner.quads_for_pattern(None, ox.NamedNode(predicate), None, ox.DefaultGraph()):
            yield q.subject.value, cell(q.object)  # type: ignore[union-attr]
        return
    assert isinstance(kg, rdflib.Graph)
    for subj, obj in kg.subject_objects(rdflib.URIRef(predicate)):
        yield str(subj), cell(obj)


def cell_date(value: Cell) -> date | None:
    """Return the date of an ``xsd:date`` literal (``None`` for anything else or a bad date)."""
    if isinstance(value, Lit) and value.datatype == XSD_NS + "date":
        try:
            return date.fromisoformat(value.value[:10])
        except ValueError:
            return None
    return None
