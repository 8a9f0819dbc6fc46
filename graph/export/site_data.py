"""What the entity site reads from the graph itself: names, aliases, links, and each IRI's triples.

:class:`ClaimData` holds the claims and entities the analyses need; a page also shows what
only the RDF says (aliases in every language, a description, the Wikidata item) and offers
each resource's own triples as Turtle. :func:`read_resources` reads all of that in one pass
over the store's triples (Oxigraph's index when the graph lives in Oxigraph).

A resource's triples are its *symmetric concise bounded description*: the triples it is the
subject of (with the blank nodes they lead to, such as an amount), and the triples that
point at it.

Examples
--------
>>> import rdflib
>>> g = rdflib.Graph().parse(format="turtle", data='''
... @prefix id: <https://w3id.org/aikg/id/> . @prefix schema: <https://schema.org/> .
... id:acme a <https://w3id.org/aikg/ontology#Company> ; schema:name "Acme" ;
...     schema:alternateName "艾克米"@zh, "Acme Corp" ;
...     schema:sameAs <http://www.wikidata.org/entity/Q42> .
... id:deal schema:name "A deal" ; <https://w3id.org/aikg/ontology#investee> id:acme ;
...     <https://w3id.org/aikg/ontology#amount> [ schema:value 5 ] .
... ''')
>>> res = read_resources(g)
>>> acme = res.get("https://w3id.org/aikg/id/acme")
>>> acme.name, acme.aliases, acme.wikidata
('Acme', (('Acme Corp', ''), ('艾克米', 'zh')), 'Q42')
>>> len(res.triples("https://w3id.org/aikg/id/deal"))  # name, investee, amount and its value
4
>>> b"id:acme" in res.turtle("https://w3id.org/aikg/id/acme")
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
import rdflib

from graph.ids import ENTITY_NS
from graph.oxterms import triples_to_ox
from graph.vocab import PREFIXES

__all__ = ["Resource", "Resources", "read_resources"]

_SCHEMA = "https://schema.org/"
_AIKG = "https://w3id.org/aikg/ontology#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_ALIASES = frozenset({_SCHEMA + "alternateName", "http://www.w3.org/2004/02/skos/core#altLabel"})
_QID = re.compile(r"^https?://www\.wikidata\.org/entity/(Q[0-9]+)$")


@dataclass
class Resource:
    """What the RDF says about one IRI of the ``id:`` namespace, beyond the claims."""

    iri: str
    types: list[str] = field(default_factory=list)
    name: str = ""
    #: ``(text, language tag or "")``, in the store's order
    aliases: tuple[tuple[str, str], ...] = ()
    description: str = ""
    #: the Wikidata QID of its ``schema:sameAs``, ``""`` when none
    wikidata: str = ""
    country: str = ""

    @property
    def slug(self) -> str:
        """The part after ``id:``."""
        return self.iri[len(ENTITY_NS) :]


class Resources:
    """Every ``id:`` resource of a graph and its triples (see :func:`read_resources`)."""

    def __init__(self) -> None:
        self.by_iri: dict[str, Resource] = {}
        self._out: dict[str, list[ox.Triple]] = {}
        self._in: dict[str, list[ox.Triple]] = {}

    def get(self, iri: str) -> Resource:
        """Return the resource of ``iri`` (an empty one when the graph says nothing)."""
        return self.by_iri.get(iri) or Resource(iri)

    def __contains__(self, iri: object) -> bool:
        return iri in self.by_iri

    def __iter__(self) -> Iterator[Resource]:
        return iter(self.by_iri.values())

    def triples(self, iri: str) -> list[ox.Triple]:
        """Return the resource's symmetric concise bounded description.

        Blank nodes are renamed ``_:b1``, ``_:b2``... in the order of their content, so the
        same graph gives the same triples whichever store holds it.
        """
        out: list[ox.Triple] = []
        todo: list[str] = [iri]
        seen: set[str] = set()
        while todo:
            subject = todo.pop()
            if subject in seen:
                continue
            seen.add(subject)
            for t in self._out.get(subject, ()):
                out.append(t)
                if isinstance(t.object, ox.BlankNode):
                    todo.append("_:" + t.object.value)
        incoming = self._in.get(iri, ())
        out.extend(incoming)
        blank = len(seen) > 1 or any(isinstance(t.subject, ox.BlankNode) for t in incoming)
        return _canonical(out) if blank else sorted(out, key=_triple_key)

    def turtle(self, iri: str) -> bytes:
        """Return :meth:`triples` as Turtle with the aikg prefixes."""
        written = ox.serialize(self.triples(iri), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        assert written is not None
        return written


def _masked(term: object) -> str:
    return "_:" if isinstance(term, ox.BlankNode) else str(term)


def _triple_key(t: ox.Triple) -> tuple[str, str, str]:
    return (str(t.subject), str(t.predicate), str(t.object))


def _canonical(triples: list[ox.Triple]) -> list[ox.Triple]:
    """Rename the blank nodes by their content and sort the triples (stores differ in order).

    :meth:`Resources.triples` calls it only for triples that name a blank node.
    """
    key = _triple_key
    content: dict[str, list[str]] = {}
    for t in triples:  # a blank node's content: what it says, and what says it
        if isinstance(t.subject, ox.BlankNode):
            content.setdefault(t.subject.value, []).append(f"{t.predicate} {_masked(t.object)}")
        if isinstance(t.object, ox.BlankNode):
            content.setdefault(t.object.value, []).append(f"^{_masked(t.subject)} {t.predicate}")
    order = sorted(content, key=lambda b: (sorted(content[b]), b))
    names = {b: ox.BlankNode(f"b{i}") for i, b in enumerate(order, 1)}

    def term(x: Any) -> Any:
        return names.get(x.value, x) if isinstance(x, ox.BlankNode) else x

    renamed = [
        ox.Triple(term(t.subject), t.predicate, term(t.object))
        if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)
        else t  # most triples of a resource name no blank node: kept as they are
        for t in triples
    ]
    return sorted(renamed, key=key)


def _key(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str | None:
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return None


def _default_triples(kg: rdflib.Graph | ox.Store) -> Iterable[ox.Triple]:
    inner = kg if isinstance(kg, ox.Store) else getattr(kg.store, "_inner", None)
    if isinstance(inner, ox.Store):
        return (q.triple for q in inner.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    assert isinstance(kg, rdflib.Graph)
    return triples_to_ox(kg)


def _note(
    r: Resource,
    pred: str,
    value: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple,
    aliases: dict[str, list[tuple[str, str]]],
) -> None:
    """Record what one triple of ``r`` says about its names, aliases and links."""
    if pred == _RDF_TYPE and isinstance(value, ox.NamedNode):
        r.types.append(value.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1])
    elif pred == _SCHEMA + "sameAs" and isinstance(value, ox.NamedNode):
        match = _QID.match(value.value)
        if match:
            r.wikidata = match.group(1)
    elif not isinstance(value, ox.Literal):
        return
    elif pred == _SCHEMA + "name":
        r.name = r.name or value.value
    elif pred in _ALIASES:
        aliases.setdefault(r.iri, []).append((value.value, value.language or ""))
    elif pred == _SCHEMA + "description" and (value.language or "en").startswith("en"):
        r.description = r.description or value.value
    elif pred == _AIKG + "countryCode":
        r.country = r.country or value.value


def read_resources(kg: rdflib.Graph | ox.Store) -> Resources:
    """Read every ``id:`` resource's names, aliases, links and triples in one pass.

    Parameters
    ----------
    kg : rdflib.Graph or pyoxigraph.Store
        The built graph.

    Returns
    -------
    Resources
    """
    res = Resources()
    aliases: dict[str, list[tuple[str, str]]] = {}
    for triple in _default_triples(kg):
        subject = _key(triple.subject)
        if subject is None:
            continue
        res._out.setdefault(subject, []).append(triple)
        obj = _key(triple.object)
        if obj is not None and obj.startswith(ENTITY_NS) and obj != subject:
            res._in.setdefault(obj, []).append(triple)
        if not subject.startswith(ENTITY_NS):
            continue
        r = res.by_iri.get(subject)
        if r is None:
            r = res.by_iri[subject] = Resource(subject)
        _note(r, triple.predicate.value, triple.object, aliases)
    for iri, names in aliases.items():
        res.by_iri[iri].aliases = tuple(sorted(names, key=lambda n: (n[1], n[0])))
    return res
