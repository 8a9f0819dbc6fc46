"""The best kind of source behind each claim, and keeping the claims whose sources reach a level.

A claim's best source is the strongest row of :data:`CLAIM_ROWS` among its
source URLs: a party's own channel, a filing, a wire or major outlet, a page
that cites the primary, trade press, another company's channel, a blog, an
aggregator, an unknown host (publishers from :mod:`graph.publishers`).
:func:`restrict_to_sources` keeps the claims that reach a
:data:`MIN_SOURCE_LEVELS` level (``aikg ... --min-source``).

Examples
--------
>>> row_rank("CompanyChannel") < row_rank("TradePress") < row_rank("Unknown")
True
>>> sorted(MIN_SOURCE_LEVELS["strong"]) == sorted(STRONG_ROWS)
True
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

import pyoxigraph as ox
import rdflib

from graph.claims import CLAIM_LINKS, Claim, ClaimData
from graph.oxquery import oxigraph_of, select_values
from graph.publishers import Registry, shipped_registry

__all__ = [
    "CLAIM_ROWS",
    "MIN_SOURCE_LEVELS",
    "SHORT_ROW_LABELS",
    "SOURCES_QUERY",
    "STRONG_ROWS",
    "best_source_kind",
    "cited_primary",
    "claim_source_kinds",
    "parent_parties",
    "restrict_to_sources",
    "row_rank",
    "source_kinds",
    "source_mix",
]

#: Best-kind rows of the claims table; a company channel counts only for its own deals.
CLAIM_ROWS: tuple[str, ...] = (
    "CompanyChannel",
    "RegulatorOrFiling",
    "WireOrMajorOutlet",
    "CitesPrimary",
    "TradePress",
    "CompanyChannelOfOther",
    "BlogOrNewsletter",
    "Aggregator",
    "Unknown",
)
#: Best-kind rows that make a claim strongly sourced.
STRONG_ROWS = frozenset(
    {"CompanyChannel", "RegulatorOrFiling", "WireOrMajorOutlet", "CitesPrimary"}
)


def row_rank(kind: str) -> int:
    """Return the place of ``kind`` in :data:`CLAIM_ROWS` (strongest 0; unknown rows last)."""
    return CLAIM_ROWS.index(kind) if kind in CLAIM_ROWS else len(CLAIM_ROWS)


#: Source nodes with their URL and, if they name it, their primary.
SOURCES_QUERY = """
SELECT ?s ?url ?primary WHERE {
  ?s a <https://w3id.org/aikg/ontology#Source> ; <https://schema.org/url> ?url .
  OPTIONAL { ?s <https://w3id.org/aikg/ontology#citesPrimary> ?primary }
}"""


#: ``--min-source`` levels -> the best-source rows a claim may have to be kept.
MIN_SOURCE_LEVELS: dict[str, frozenset[str]] = {
    "strong": frozenset(STRONG_ROWS),
    "trade-press": frozenset(STRONG_ROWS | {"TradePress", "CompanyChannelOfOther"}),
    "blog": frozenset(STRONG_ROWS | {"TradePress", "CompanyChannelOfOther", "BlogOrNewsletter"}),
    "aggregator": frozenset(CLAIM_ROWS) - {"Unknown"},
    "any": frozenset(CLAIM_ROWS),
}


#: Links from a deal to its own parts, whose parties are the deal's.
_PART_LINKS = ("tranche", "commitment", "clause")


def parent_parties(data: ClaimData) -> dict[str, frozenset[str]]:
    """Return, for each tranche, commitment or clause, the parties of the deals it belongs to.

    The same rule as the shapes' ``StatusFollowsSourceShape``: a party's own channel
    backs the parts of that party's deal.
    """
    out: dict[str, set[str]] = {}
    for c in data.claims.values():
        parties = {p for role, ps in c.parties.items() if role not in CLAIM_LINKS for p in ps}
        for link in _PART_LINKS:
            for part in c.party(link):
                out.setdefault(part, set()).update(parties)
    return {iri: frozenset(ps) for iri, ps in out.items()}


def best_source_kind(
    claim: Claim,
    registry: Registry,
    primary: frozenset[str] = frozenset(),
    parent_parties: frozenset[str] = frozenset(),
) -> str:
    """Return the best row of :data:`CLAIM_ROWS` among the claim's sources.

    A company's own channel counts as ``CompanyChannel`` only when that company is a
    party to the claim or, for a tranche, commitment or clause, to the deal it belongs to
    (``parent_parties``, see :func:`parent_parties`); a source URL in ``primary`` (it
    names its primary) counts as ``CitesPrimary`` unless its publisher ranks higher.
    """
    best = "Unknown"
    for kind in source_kinds(claim, registry, primary, parent_parties):
        best = kind if row_rank(kind) < row_rank(best) else best
    return best


def source_kinds(
    claim: Claim,
    registry: Registry,
    primary: frozenset[str] = frozenset(),
    parent_parties: frozenset[str] = frozenset(),
) -> list[str]:
    """Return the kind of each of the claim's sources, in order.

    The rule of :func:`best_source_kind`: a company's channel is strong for its own
    deals only; a source in ``primary`` counts as citing its primary.
    """
    parties = {p for members in claim.parties.values() for p in members} | parent_parties
    kinds = []
    for url in claim.sources:
        publisher = registry.publisher_of(url)
        kind = publisher.kind if publisher else "Unknown"
        if kind == "CompanyChannel" and publisher and publisher.organization not in parties:
            kind = "CompanyChannelOfOther"
        if url in primary and row_rank("CitesPrimary") < row_rank(kind):
            kind = "CitesPrimary"
        kinds.append(kind)
    return kinds


#: Short words for the best-kind rows, for table cells ("2 wire/major · 1 trade press").
SHORT_ROW_LABELS: dict[str, str] = {
    "CompanyChannel": "party",
    "RegulatorOrFiling": "filing",
    "WireOrMajorOutlet": "wire/major",
    "CitesPrimary": "cites primary",
    "TradePress": "trade press",
    "CompanyChannelOfOther": "other company",
    "BlogOrNewsletter": "blog",
    "Aggregator": "aggregator",
    "Unknown": "unknown",
}


def cited_primary(kg: rdflib.Graph | ox.Store) -> frozenset[str]:
    """Return the URLs of the sources in ``kg`` that name their primary (``aikg:citesPrimary``).

    On Oxigraph (a store, or an rdflib graph of one) the query runs in the engine.
    """
    inner = oxigraph_of(kg)
    if inner is not None:
        rows = select_values(inner, SOURCES_QUERY)
        return frozenset(str(url) for _, url, primary in rows if primary is not None)
    assert isinstance(kg, rdflib.Graph)
    return frozenset(str(row[1]) for row in kg.query(SOURCES_QUERY) if row[2] is not None)  # type: ignore[index]


def claim_source_kinds(
    data: ClaimData, registry: Registry, primary: frozenset[str] = frozenset()
) -> dict[str, str]:
    """Return the best row of :data:`CLAIM_ROWS` of every claim in ``data`` (by IRI)."""
    parents = parent_parties(data)
    return {
        iri: best_source_kind(c, registry, primary, parents.get(iri, frozenset()))
        for iri, c in data.claims.items()
    }


def source_mix(claims: Iterable[str], kinds: Mapping[str, str]) -> str:
    """Say how many of ``claims`` rest on each best kind of source, strongest first.

    Examples
    --------
    >>> source_mix(["a", "b", "c", "x"], {"a": "Aggregator", "b": "WireOrMajorOutlet",
    ...                                   "c": "WireOrMajorOutlet"})
    '2 wire/major · 1 aggregator'
    """
    counts: dict[str, int] = {}
    for iri in dict.fromkeys(claims):
        kind = kinds.get(iri)
        if kind is not None:
            counts[kind] = counts.get(kind, 0) + 1
    return " · ".join(f"{counts[k]} {SHORT_ROW_LABELS[k]}" for k in CLAIM_ROWS if counts.get(k))


def restrict_to_sources(
    data: ClaimData,
    level: str,
    registry: Registry | None = None,
    primary: frozenset[str] = frozenset(),
) -> ClaimData:
    """Return ``data`` keeping only the claims whose best source reaches ``level``.

    Parameters
    ----------
    data : ClaimData
        From :func:`graph.claims.read_claims`.
    level : str
        A key of :data:`MIN_SOURCE_LEVELS`: ``strong`` (a party, a filing, a wire or
        major outlet, or a page citing the primary), ``trade-press``, ``blog``,
        ``aggregator`` or ``any``.
    registry : Registry, optional
        Defaults to :func:`shipped_registry`.
    primary : frozenset of str
        URLs of the sources that name their primary (:func:`cited_primary` of the graph).

    Raises
    ------
    ValueError
        For an unknown level.
    """
    if level not in MIN_SOURCE_LEVELS:
        raise ValueError(f"unknown source level {level!r}; known: {', '.join(MIN_SOURCE_LEVELS)}")
    registry = registry if registry is not None else shipped_registry()
    allowed = MIN_SOURCE_LEVELS[level]
    kinds = claim_source_kinds(data, registry, primary)
    kept = {iri: c for iri, c in data.claims.items() if kinds[iri] in allowed}
    return dataclasses.replace(data, claims=kept)
