"""Draft claims as Turtle in the aikg vocabulary, ready for review.

Every draft becomes a node ``id:draft-<hash>`` (the hash of its kind, parties, amount, date
and source: the same article gives the same IRIs) with ``aikg:claimStatus aikg:Draft``,
``prov:wasDerivedFrom`` one source node (URL, publisher, publication date; without a URL
``urn:aikg:ingest:<sha256 of the text>``) and the character span of its sentence
(``aikg:textSpanStart``/``aikg:textSpanEnd``). Tranches hang on their deal with
``aikg:tranche``. A party the graph lacks is written as a new ``aikg:Company`` node
``id:new-<slug>`` named as in the article, for the reviewer to complete or replace.
Serialised with rdflib: no data is pasted into Turtle text.

Examples
--------
>>> from datetime import date
>>> from graph.ingest.drafts import Draft
>>> d = Draft("Acquisition", "https://w3id.org/aikg/id/anthropic", "?Coefficient Bio", 4e8,
...           "USD", "approx", date(2026, 4, 5), "day", (10, 80))
>>> meta = SourceMeta("https://example.org/a", "Example News", date(2026, 4, 6))
>>> g = drafts_graph([d], meta, "text")
>>> ttl = g.serialize(format="turtle")
>>> "aikg:claimStatus aikg:Draft" in ttl, "id:new-coefficient-bio a aikg:Company" in ttl
(True, True)
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from graph.importers.resolve.names import slug
from graph.ingest.drafts import Draft
from graph.vocab import AIKG, ID, PROV, SCHEMA

__all__ = ["SourceMeta", "draft_iri", "drafts_graph", "source_iri"]

#: The role properties (party, counterparty) of each kind of deal.
_ROLES: dict[str, tuple[URIRef, URIRef]] = {
    "EquityInvestment": (AIKG.investor, AIKG.investee),
    "SpendCommitment": (AIKG.customer, AIKG.provider),
    "CapacityCommitment": (AIKG.customer, AIKG.provider),
    "ChipSupplyAgreement": (AIKG.customer, AIKG.provider),
    "Acquisition": (AIKG.acquirer, AIKG.target),
}
_PRECISION = {"month": AIKG.MonthPrecision, "year": AIKG.YearPrecision}
_BOUND_PROPERTY = {"ceiling": SCHEMA.maxValue, "floor": SCHEMA.minValue}
_WORDS = {"ceiling": "up to ", "floor": "more than ", "approx": "about ", "exact": ""}


@dataclass(frozen=True)
class SourceMeta:
    """Where the article comes from: URL (or ``None``), publisher, publication date."""

    url: str | None
    publisher: str | None
    published: date | None


def source_iri(text: str) -> str:
    """Return the ``urn:`` identifier of a text with no URL: the SHA-256 of its UTF-8 bytes.

    Examples
    --------
    >>> source_iri("abc")[:30]
    'urn:aikg:ingest:ba7816bf8f01cf'
    """
    return "urn:aikg:ingest:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def draft_iri(d: Draft, source: str) -> URIRef:
    """Return a deterministic IRI for a draft: a hash of what it says and where it was read."""
    key = "|".join(
        str(x)
        for x in (
            d.kind,
            d.party,
            d.counterparty,
            d.value,
            d.currency,
            d.bound,
            d.date,
            source,
            d.span,
        )
    )
    return ID["draft-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]]


def _entity(g: Graph, party: str) -> URIRef:
    if not party.startswith("?"):
        return URIRef(party)
    name = party[1:]
    node = ID["new-" + slug(name)]
    if (node, RDF.type, AIKG.Company) not in g:
        g.add((node, RDF.type, AIKG.Company))
        g.add((node, SCHEMA.name, Literal(name)))
        g.add(
            (
                node,
                SCHEMA.description,
                Literal(
                    "Proposed by aikg ingest: this name matches no entity of the graph. "
                    "Check it, then define the company (or use an existing one).",
                    lang="en",
                ),
            )
        )
    return node


def _amount(g: Graph, node: URIRef, d: Draft) -> None:
    value = Literal(Decimal(repr(d.value)), datatype=XSD.decimal)
    prop = _BOUND_PROPERTY.get(d.bound, SCHEMA.value)
    quantity = BNode()
    if d.currency == "GW":
        g.add((node, AIKG.capacity, quantity))
        g.add((quantity, RDF.type, SCHEMA.QuantitativeValue))
        g.add((quantity, SCHEMA.unitCode, Literal("A90")))
    else:
        g.add((node, AIKG.amount, quantity))
        g.add((quantity, RDF.type, SCHEMA.MonetaryAmount))
        g.add((quantity, SCHEMA.currency, Literal(d.currency)))
    g.add((quantity, prop, value))


def _describe(d: Draft, names: dict[str, str]) -> str:
    unit = "GW" if d.currency == "GW" else d.currency
    amount = (
        f"{_WORDS[d.bound]}{d.value:,.0f} {unit}"
        if d.value >= 1000
        else f"{_WORDS[d.bound]}{d.value:g} {unit}"
    )
    who = " / ".join(names.get(p, p.lstrip("?")) for p in (d.party, d.counterparty) if p)
    return f"Draft {d.kind}: {who}, {amount}".strip()


def drafts_graph(
    drafts: Sequence[Draft],
    source: SourceMeta,
    text: str,
    names: dict[str, str] | None = None,
    notes: dict[int, str] | None = None,
) -> Graph:
    """Return the drafts as an rdflib graph (prefixes bound for Turtle).

    Parameters
    ----------
    drafts : sequence of Draft
        From :func:`graph.ingest.drafts.extract`.
    source : SourceMeta
        The article's URL, publisher and date.
    text : str
        The article (its hash names the source when there is no URL).
    names : dict, optional
        Entity IRI -> name, for readable ``schema:name`` values.
    notes : dict, optional
        Draft index -> a note for the reviewer (e.g. the comparison with the graph).
    """
    names = names or {}
    notes = notes or {}
    g = Graph()
    for prefix, ns in (
        ("aikg", str(AIKG)),
        ("id", str(ID)),
        ("schema", str(SCHEMA)),
        ("prov", str(PROV)),
    ):
        g.bind(prefix, ns)
    g.bind("xsd", str(XSD))
    url = source.url or source_iri(text)
    src = ID["src-draft-" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]]
    g.add((src, RDF.type, AIKG.Source))
    g.add((src, SCHEMA.url, URIRef(url)))
    if source.publisher:
        g.add((src, SCHEMA.publisher, Literal(source.publisher)))
    if source.published is not None:
        g.add((src, SCHEMA.datePublished, Literal(source.published.isoformat(), datatype=XSD.date)))
    else:
        g.add((src, AIKG.publicationDateUnknown, Literal(True)))
    iris = [draft_iri(d, url) for d in drafts]
    for d, node in zip(drafts, iris, strict=True):
        _claim(
            g, d, node, src=src, names=names, note=notes.get(d.index), published=source.published
        )
        if d.kind == "Tranche" and d.parent is not None and d.parent < len(iris):
            g.add((iris[d.parent], AIKG.tranche, node))
    return g


def _claim(
    g: Graph,
    d: Draft,
    node: URIRef,
    *,
    src: URIRef,
    names: dict[str, str],
    note: str | None,
    published: date | None,
) -> None:
    g.add((node, AIKG.claimStatus, AIKG.Draft))
    g.add((node, PROV.wasDerivedFrom, src))
    g.add((node, AIKG.textSpanStart, Literal(d.span[0], datatype=XSD.integer)))
    g.add((node, AIKG.textSpanEnd, Literal(d.span[1], datatype=XSD.integer)))
    g.add((node, SCHEMA.name, Literal(_describe(d, names))))
    description = "Read by aikg ingest; not reviewed."
    if note:
        description += " " + note
    if d.bound == "approx":
        description += " The article gives the amount as approximate."
    day = d.date
    if d.is_observation and day is None and published is not None:
        # an observation needs a date: the article's, flagged for the reviewer
        day = published
        description += " The article dates this figure only as earlier: the publication"
        description += " date stands in."
    if d.is_observation:
        _observation(g, d, node, day)
    else:
        _deal(g, d, node, day)
    g.add((node, SCHEMA.description, Literal(description, lang="en")))
    _amount(g, node, d)


def _dated(
    g: Graph, node: URIRef, props: tuple[URIRef, URIRef], d: Draft, day: date | None
) -> None:
    if day is None:
        return
    g.add((node, props[0], Literal(day.isoformat(), datatype=XSD.date)))
    if d.precision in _PRECISION:
        g.add((node, props[1], _PRECISION[d.precision]))


def _observation(g: Graph, d: Draft, node: URIRef, day: date | None) -> None:
    g.add((node, RDF.type, AIKG.Observation))
    g.add((node, AIKG.observationKind, AIKG[d.kind]))
    if d.party is not None:
        g.add((node, AIKG.subject, _entity(g, d.party)))
    _dated(g, node, (AIKG.observedDate, AIKG.observedDatePrecision), d, day)


def _deal(g: Graph, d: Draft, node: URIRef, day: date | None) -> None:
    g.add((node, RDF.type, AIKG[d.kind]))
    for prop, party in zip(_ROLES.get(d.kind, ()), (d.party, d.counterparty), strict=False):
        if party is not None:
            g.add((node, prop, _entity(g, party)))
    _dated(g, node, (AIKG.announcedDate, AIKG.datePrecision), d, day)
    if d.stage == "Talks":
        g.add((node, AIKG.dealStage, AIKG.Talks))
    if d.tranche_kind is not None:
        g.add((node, AIKG.trancheKind, AIKG[d.tranche_kind]))
    if d.duration is not None:
        g.add((node, AIKG.duration, Literal(d.duration, datatype=XSD.duration)))
    if d.deadline is not None:
        g.add((node, AIKG.deadline, Literal(d.deadline.isoformat(), datatype=XSD.date)))
    for chip in d.chips:
        g.add((node, AIKG.chip, URIRef(chip)))
    if d.platform is not None:
        g.add((node, AIKG.platform, URIRef(d.platform)))
