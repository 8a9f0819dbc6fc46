"""What the ontology page shows of each term: links, constraints, terms, groups, mappings."""

from __future__ import annotations

from dataclasses import dataclass, field

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from graph.vocab import AIKG, SH

__all__ = [
    "DCT",
    "ONTOLOGY_HEAD",
    "ONTOLOGY_NS",
    "VANN",
    "Constraint",
    "Link",
    "Mapping",
    "OntologyDoc",
    "Term",
    "TermGroup",
    "curie",
    "links_of",
    "local_name",
    "text_of",
]


ONTOLOGY_NS = str(AIKG._NS)


ONTOLOGY_HEAD = rdflib.URIRef("https://w3id.org/aikg/ontology")


DCT = rdflib.Namespace("http://purl.org/dc/terms/")


VANN = rdflib.Namespace("http://purl.org/vocab/vann/")


_PREFIXES = {
    "aikg": ONTOLOGY_NS,
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "skos": str(SKOS),
    "owl": str(OWL),
    "rdfs": str(RDFS),
    "rdf": str(RDF),
    "xsd": str(XSD),
    "time": "http://www.w3.org/2006/time#",
    "dcterms": str(DCT),
    "sh": str(SH),
    "id": "https://w3id.org/aikg/id/",
}


@dataclass(frozen=True)
class Link:
    """A term shown in a fact: an anchor on the page, an external link, or plain text."""

    text: str
    anchor: str = ""
    href: str = ""


@dataclass(frozen=True)
class Constraint:
    """One SHACL property rule as a reader sees it."""

    path: str
    anchor: str
    rule: str
    message: str
    warning: bool


@dataclass
class Term:
    """One documented class, property or controlled value."""

    iri: str
    curie: str
    anchor: str
    label: str
    comment: str
    kind: str
    kind_class: str
    facts: list[tuple[str, list[Link]]] = field(default_factory=list)
    constraints: list[Constraint] = field(default_factory=list)


@dataclass(frozen=True)
class TermGroup:
    """A section of the page."""

    key: str
    title: str
    intro: str
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class Mapping:
    """One row of the SSSOM mapping file."""

    subject: str
    anchor: str
    predicate: str
    object: str
    comment: str


@dataclass(frozen=True)
class OntologyDoc:
    """Everything the page shows."""

    title: str
    description: str
    comment: str
    namespace: str
    prefix: str
    version: str
    version_iri: str
    modified: str
    creator: str
    license: str
    groups: tuple[TermGroup, ...]
    mappings: tuple[Mapping, ...]

    def term(self, local: str) -> Term:
        """Return the term with local name ``local`` (``KeyError`` if absent)."""
        for group in self.groups:
            for t in group.terms:
                if t.anchor == local:
                    return t
        raise KeyError(local)

    @property
    def counts(self) -> str:
        """How many terms of each kind the page documents."""
        parts = []
        for g in self.groups:
            title = g.title.lower()
            if len(g.terms) == 1:
                title = title[:-3] + "y" if title.endswith("ies") else title.rstrip("s")
            parts.append(f"{len(g.terms)} {title}")
        return " · ".join(parts)


def curie(node: Node) -> str:
    """Return ``node`` as ``prefix:local`` when a known prefix fits, else as is."""
    text = str(node)
    for prefix, ns in _PREFIXES.items():
        if text.startswith(ns) and len(text) > len(ns):
            return f"{prefix}:{text[len(ns) :]}"
    return text


def local_name(node: Node) -> str:
    """Return the name of an aikg term after the namespace (empty for others)."""
    return str(node)[len(ONTOLOGY_NS) :] if str(node).startswith(ONTOLOGY_NS) else ""


def links_of(node: Node, g: rdflib.Graph) -> list[Link]:
    """Return a class expression as links (a union becomes its members)."""
    if isinstance(node, rdflib.BNode):
        members = g.value(node, OWL.unionOf)
        if members is not None:
            return [x for m in Collection(g, members) for x in links_of(m, g)]
        return [Link("(anonymous class)")]
    local = local_name(node)
    if local:
        return [Link(curie(node), anchor=local)]
    text = str(node)
    return [Link(curie(node), href=text if text.startswith("http") else "")]


def text_of(g: rdflib.Graph, node: Node, prop: rdflib.URIRef) -> str:
    """Return the value of ``prop`` on ``node`` as text (empty when missing)."""
    value = g.value(node, prop)
    return "" if value is None else str(value)
