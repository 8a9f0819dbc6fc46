"""Closed-world check of the vocabulary: every term the data uses is one aikg knows.

SHACL shapes only test the properties they name, so a misspelt property
(``aikg:investr``) or class (``aikg:Compnay``) passes them silently. This check
closes the vocabulary instead of every shape: in the namespaces aikg writes
(``aikg:``, ``schema:``, ``prov:``, ``org:``, ``time:``, ``skos:``, ``dcterms:``,
``rdfs:``, ``owl:``), a property or class must be declared in ``ontology/aikg.ttl``
(``aikg:`` terms) or used by the ontology or the shapes (the profile of other
vocabularies' terms aikg relies on). Anything else is a violation naming the
entity, the property and, when one is close, the term that was probably meant.

Examples
--------
>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> store.load(b'''@prefix aikg: <https://w3id.org/aikg/ontology#> .
... <https://w3id.org/aikg/id/d> aikg:investr <https://w3id.org/aikg/id/a> .''',
...     format=ox.RdfFormat.TURTLE)
>>> [problem] = term_problems(store)
>>> problem.focus, problem.path, problem.value
('id:d', 'aikg:investr', 'id:a')
>>> print(problem.message)
aikg:investr is not a term of the aikg vocabulary; did you mean aikg:investor?
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from graph.resources import ontology_file, shapes_file
from graph.validate import Problem, short_name
from graph.vocab import AIKG

__all__ = ["WATCHED_NAMESPACES", "Profile", "profile", "term_problems"]

#: Namespaces in which only known terms may be used as properties or classes.
WATCHED_NAMESPACES: tuple[str, ...] = (
    str(AIKG._NS),
    "https://schema.org/",
    "http://www.w3.org/ns/prov#",
    "http://www.w3.org/ns/org#",
    "http://www.w3.org/2006/time#",
    "http://www.w3.org/2004/02/skos/core#",
    "http://purl.org/dc/terms/",
    str(RDFS),
    str(OWL),
)
_MAX_PER_TERM = 25


_PROPERTY_KINDS = frozenset(
    str(k) for k in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
)


class Profile:
    """The terms data may use: aikg's properties and classes, and the reused terms."""

    def __init__(self, ontology: rdflib.Graph, shapes: rdflib.Graph) -> None:
        self._set(
            properties=(
                str(s)
                for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
                for s in ontology.subjects(RDF.type, kind)
                if isinstance(s, rdflib.URIRef)
            ),
            classes=(
                str(s)
                for s in ontology.subjects(RDF.type, OWL.Class)
                if isinstance(s, rdflib.URIRef)
            ),
            mentioned=(
                str(t)
                for g in (ontology, shapes)
                for triple in g
                for t in triple
                if isinstance(t, rdflib.URIRef)
            ),
        )

    def _set(
        self, *, properties: Iterable[str], classes: Iterable[str], mentioned: Iterable[str]
    ) -> None:
        aikg = str(AIKG._NS)
        self.properties: frozenset[str] = frozenset(properties)
        self.classes: frozenset[str] = frozenset(classes)
        #: other vocabularies' terms that the ontology or the shapes use
        self.reused: frozenset[str] = frozenset(t for t in mentioned if not t.startswith(aikg))

    @classmethod
    def read(cls, ontology: Path, shapes: Path) -> Profile:
        """Read the profile from the two Turtle files with Oxigraph's parser.

        The same terms as ``Profile(load_ontology(), load_shapes())``, without making
        rdflib graphs of the files first (a build reads it on its critical path).
        """
        rdf_type, owl_class = str(RDF.type), str(OWL.Class)
        properties: set[str] = set()
        classes: set[str] = set()
        mentioned: set[str] = set()
        for path, declares in ((ontology, True), (shapes, False)):
            with path.open("rb") as fh:
                for t in ox.parse(fh, format=ox.RdfFormat.TURTLE):
                    s, p, o = t.subject, t.predicate.value, t.object
                    mentioned.add(p)
                    if isinstance(s, ox.NamedNode):
                        mentioned.add(s.value)
                    if isinstance(o, ox.NamedNode):
                        mentioned.add(o.value)
                        if declares and p == rdf_type and isinstance(s, ox.NamedNode):
                            if o.value == owl_class:
                                classes.add(s.value)
                            elif o.value in _PROPERTY_KINDS:
                                properties.add(s.value)
        profile = cls.__new__(cls)
        profile._set(properties=properties, classes=classes, mentioned=mentioned)
        return profile

    def allows_property(self, iri: str) -> bool:
        """Return True when ``iri`` may be used as a property."""
        if not _watched(iri):
            return True
        if iri.startswith(str(AIKG._NS)):
            return iri in self.properties
        return iri in self.reused or iri in self.properties

    def allows_class(self, iri: str) -> bool:
        """Return True when ``iri`` may be the class of a resource."""
        if not _watched(iri):
            return True
        if iri.startswith(str(AIKG._NS)):
            return iri in self.classes
        return iri in self.reused or iri in self.classes

    def suggest(self, iri: str, *, as_class: bool) -> str | None:
        """Return the declared term closest to a misspelt one, if any is close."""
        pool = self.classes if as_class else self.properties
        pool = pool | {t for t in self.reused if _same_ns(t, iri)}
        names = {_local(t): t for t in pool if _same_ns(t, iri)}
        close = difflib.get_close_matches(_local(iri), list(names), n=1, cutoff=0.75)
        return names[close[0]] if close else None


def _watched(iri: str) -> bool:
    return iri.startswith(WATCHED_NAMESPACES)


def _ns(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def _local(iri: str) -> str:
    return iri[len(_ns(iri)) :]


def _same_ns(a: str, b: str) -> bool:
    return _ns(a) == _ns(b)


@lru_cache(maxsize=1)
def profile() -> Profile:
    """Return the profile of the shipped ontology and shapes."""
    return Profile.read(ontology_file(), shapes_file())


def _to_rdflib(term: object) -> Node:
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    assert isinstance(term, ox.Literal)
    return rdflib.Literal(term.value)


def _owner(store: ox.Store, node: object) -> object:
    seen: set[str] = set()
    while isinstance(node, ox.BlankNode) and node.value not in seen:
        seen.add(node.value)
        parent = next(iter(store.quads_for_pattern(None, None, node)), None)
        if parent is None:
            break
        node = parent.subject
    return node


def term_problems(
    store: ox.Store,
    origins: Mapping[Node, frozenset[str]] | None = None,
    *,
    known: Profile | None = None,
) -> list[Problem]:
    """Return a violation for each use of a property or class aikg does not know.

    Parameters
    ----------
    store : pyoxigraph.Store
        The data (with or without the ontology's own triples).
    origins : mapping, optional
        Subject node -> files that state it, to name files in the report.
    known : Profile, optional
        Defaults to the shipped ontology and shapes.

    Returns
    -------
    list of Problem
        At most 25 per unknown term (one per entity using it).
    """
    known = known or profile()
    origins = origins or {}
    problems: list[Problem] = []
    predicates = [
        row["p"]
        for row in store.query("SELECT DISTINCT ?p WHERE { ?s ?p ?o }")  # type: ignore[union-attr]
    ]
    for p in sorted(predicates, key=lambda t: t.value):
        if known.allows_property(p.value):
            continue
        hint = known.suggest(p.value, as_class=False)
        message = f"{short_name(rdflib.URIRef(p.value))} is not a term of the aikg vocabulary"
        if hint:
            message += f"; did you mean {short_name(rdflib.URIRef(hint))}?"
        quads = store.quads_for_pattern(None, p, None)
        for i, quad in enumerate(quads):
            if i >= _MAX_PER_TERM:
                break
            problems.append(_problem(store, quad.subject, p.value, message, quad.object, origins))
    classes = [
        row["c"]
        for row in store.query("SELECT DISTINCT ?c WHERE { ?s a ?c }")  # type: ignore[union-attr]
    ]
    rdf_type = ox.NamedNode(str(RDF.type))
    for c in sorted(classes, key=str):
        if not isinstance(c, ox.NamedNode) or known.allows_class(c.value):
            continue
        hint = known.suggest(c.value, as_class=True)
        message = f"{short_name(rdflib.URIRef(c.value))} is not a class of the aikg vocabulary"
        if hint:
            message += f"; did you mean {short_name(rdflib.URIRef(hint))}?"
        for i, quad in enumerate(store.quads_for_pattern(None, rdf_type, c)):
            if i >= _MAX_PER_TERM:
                break
            problems.append(_problem(store, quad.subject, str(RDF.type), message, c, origins))
    return problems


def _problem(  # noqa: PLR0917
    store: ox.Store,
    subject: object,
    predicate: str,
    message: str,
    value: object,
    origins: Mapping[Node, frozenset[str]],
) -> Problem:
    owner = _to_rdflib(_owner(store, subject))
    raw = _to_rdflib(subject)
    files = origins.get(raw) or origins.get(owner) or frozenset()
    shown = _to_rdflib(value)
    return Problem(
        severity="Violation",
        focus=short_name(owner),
        path=short_name(rdflib.URIRef(predicate)),
        message=message,
        value="" if isinstance(shown, rdflib.BNode) else short_name(shown),
        files=tuple(sorted(files)),
    )
