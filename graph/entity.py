"""Everything known about one entity, as a typed object: ``graph.describe(kg, "anthropic")``.

The claims an entity takes part in, grouped by kind (investments in and out,
commitments, offerings, observations, the rest), each with its amount and bound,
date, stage, status, counterparties, parts (tranches, commitments, clauses) and
sources (publisher, date, link); and the metrics that apply to it as of a date:
its binding to each provider (or each model company's to it), the poles and the
round trips it is in. In a notebook the object shows as tables.

Examples
--------
>>> import graph
>>> kg = graph.load("memory")
>>> d = describe(kg, "anthropic", as_of="2026-06-30")
>>> d.name, d.kind, "ModelDeveloper" in d.roles
('Anthropic', 'Company', True)
>>> deal = next(c for c in d.groups["investments in"] if c.iri.endswith("amazon-anthropic-2026"))
>>> deal.amount_text, [t.rsplit("/", 1)[1] for t in deal.tranches]
('up to $25B', ['deal-amazon-anthropic-2026-t1', 'deal-amazon-anthropic-2026-t2'])
>>> [(s.publisher, s.kind) for s in deal.sources][:2]  # the strongest kind first
[('Anthropic', 'CompanyChannel'), ('Gizevo', 'Aggregator')]
>>> sorted(p.cloud.rsplit("/", 1)[1] for p in d.poles)
['amazon', 'google']
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from graph.claims import CLAIM_LINKS, Claim, ClaimData
from graph.dates import parse_date
from graph.display import amount_text, capacity_text, day_text
from graph.ids import ENTITY_NS
from graph.metrics import KG, data_of
from graph.metrics.binding import BindingResult, bindings
from graph.metrics.exclusivity import (
    CloudExclusiveShare,
    FamilyExclusivity,
    exclusive_share,
    exclusivity,
)
from graph.metrics.poles import Pole, poles
from graph.metrics.roundtrip import RoundTrip, round_trips
from graph.publishers import shipped_registry
from graph.source_kinds import parent_parties, row_rank, source_kinds

__all__ = [
    "GROUPS",
    "ClaimEntry",
    "Description",
    "SourceRef",
    "claim_sources",
    "claims_by_party",
    "describe",
    "describe_all",
    "find_entity",
]

_T = TypeVar("_T")

#: The groups of an entity's claims, in the order a page lists them.
GROUPS = (
    "investments in",
    "investments out",
    "commitments",
    "offerings",
    "observations",
    "other",
)
_COMMITMENTS = frozenset(
    {
        "SpendCommitment",
        "CapacityCommitment",
        "ComputeAgreement",
        "ChipSupplyAgreement",
        "HostingAgreement",
        "ComputeUsage",
    }
)


@dataclass(frozen=True)
class SourceRef:
    """A source of a claim: its link, who published it and when (when the graph says)."""

    url: str
    publisher: str
    published: date | None
    #: the publisher's kind of source (``CompanyChannel``, ``WireOrMajorOutlet``...)
    kind: str


@dataclass(frozen=True)
class ClaimEntry:
    """One claim as an entity page lists it.

    Attributes
    ----------
    iri, kind, name : str
        The claim, its class (``EquityInvestment``...) and its label.
    roles : tuple of str
        The entity's roles in it (``investee``, ``customer``...).
    others : tuple of (str, str)
        The other parties: ``(role, IRI)``, sorted.
    amount_text, capacity_text : str
        Amount in USD with its bound (``up to $25B``) and capacity, ``""`` when none.
    day : date or None
        When it took effect (announcement, else start).
    stage, status : str
        Deal stage and claim status.
    tranches : tuple of str
        The tranches it is paid in (claims of their own).
    linked : tuple of str
        Claims that come with it: commitments made with an investment, clauses.
    participations : tuple of (str, str, str)
        Each investor's part in a round: ``(IRI, Lead|CoLead|Participant, amount)``.
    sources : tuple of SourceRef
        Its sources, the strongest kind first (a party's own channel, a filing, a wire
        or major outlet, ... an aggregator).
    """

    iri: str
    kind: str
    name: str
    roles: tuple[str, ...]
    others: tuple[tuple[str, str], ...]
    amount_text: str
    capacity_text: str
    day: date | None
    stage: str
    status: str
    tranches: tuple[str, ...]
    linked: tuple[str, ...]
    participations: tuple[tuple[str, str, str], ...]
    sources: tuple[SourceRef, ...]


@dataclass(frozen=True)
class Description:
    """Everything known about one entity (see :func:`describe`)."""

    iri: str
    name: str
    kind: str
    country: str | None
    roles: tuple[str, ...]
    attributes: tuple[tuple[str, str], ...]
    as_of: date | None
    groups: Mapping[str, tuple[ClaimEntry, ...]]
    bindings: tuple[BindingResult, ...]
    poles: tuple[Pole, ...]
    round_trips: tuple[RoundTrip, ...]
    names: Mapping[str, str]
    #: for a model family: how exclusively the clouds offer it
    exclusivity: tuple[FamilyExclusivity, ...] = ()
    #: for a cloud provider: the share of its hosted closed families only it offers
    exclusive_share: tuple[CloudExclusiveShare, ...] = ()

    @property
    def claims(self) -> tuple[ClaimEntry, ...]:
        """Every claim of every group, in group order."""
        return tuple(c for g in GROUPS for c in self.groups.get(g, ()))

    def _repr_html_(self) -> str:
        """Show the entity as a heading and one table per group of claims (escaped)."""

        def name(iri: str) -> str:
            return self.names.get(iri, iri.rsplit("/", 1)[-1])

        parts = [f"<h3>{html.escape(self.name)} <small>({html.escape(self.kind)})</small></h3>"]
        facts = [("roles", ", ".join(self.roles)), *self.attributes]
        parts.append(
            "<table>"
            + "".join(
                f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
                for k, v in facts
                if v
            )
            + "</table>"
        )
        for group in GROUPS:
            entries = self.groups.get(group, ())
            if not entries:
                continue
            rows = "".join(
                "<tr>"
                + "".join(
                    f"<td>{html.escape(x)}</td>"
                    for x in (
                        day_text(c.day),
                        c.kind,
                        ", ".join(f"{r}: {name(i)}" for r, i in c.others),
                        c.amount_text or c.capacity_text,
                        c.status,
                        "; ".join(s.publisher or s.url for s in c.sources),
                    )
                )
                + "</tr>"
                for c in entries
            )
            head = "".join(
                f"<th>{h}</th>" for h in ("date", "kind", "with", "amount", "status", "sources")
            )
            parts.append(f"<h4>{html.escape(group)} ({len(entries)})</h4>")
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        return "\n".join(parts)


def find_entity(data: ClaimData, entity: str) -> str:
    """Return the IRI of ``entity``: a slug, an IRI or a name (any case).

    Raises
    ------
    KeyError
        When nothing matches; the message suggests names that start alike.
    """
    for iri in (entity, ENTITY_NS + entity):
        if iri in data.entities:
            return iri
    folded = entity.casefold().strip()
    named = [e.iri for e in data.entities.values() if e.name.casefold() == folded]
    if len(named) == 1:
        return named[0]
    near = sorted(
        e.name for e in data.entities.values() if e.name.casefold().startswith(folded[:3])
    )
    hint = f"; did you mean {', '.join(near[:5])}?" if near and folded else ""
    raise KeyError(f"no entity {entity!r}{hint}")


def _group(claim: Claim, roles: tuple[str, ...]) -> str:
    if claim.kind == "EquityInvestment":
        return "investments in" if "investee" in roles else "investments out"
    if claim.kind in _COMMITMENTS:
        return "commitments"
    if claim.kind == "ModelOffering":
        return "offerings"
    if claim.kind == "Observation":
        return "observations"
    return "other"


def claim_sources(data: ClaimData, claim: Claim, parents: frozenset[str]) -> list[SourceRef]:
    """Return the sources of ``claim`` with their kinds, in the claim's order.

    ``parents`` are the parties of the deals the claim is a part of (a tranche's deal):
    a party's own channel is strong only for its own deals (:func:`source_kinds`).
    """
    kinds = source_kinds(claim, shipped_registry(), parent_parties=parents)
    out = []
    for url, kind in zip(claim.sources, kinds, strict=True):
        info = data.source_info.get(url)
        published = info.published if info else None
        out.append(SourceRef(url, info.publisher if info else "", published, kind))
    return out


def _entry(data: ClaimData, claim: Claim, iri: str, parents: frozenset[str]) -> ClaimEntry:
    roles = tuple(sorted(r for r, who in claim.parties.items() if iri in who))
    others = tuple(
        sorted(
            (role, who)
            for role, parties in claim.parties.items()
            if role not in CLAIM_LINKS
            for who in parties
            if who != iri
        )
    )
    return ClaimEntry(
        iri=claim.iri,
        kind=claim.kind,
        name=claim.name,
        roles=roles,
        others=others,
        amount_text=amount_text(claim.amount),
        capacity_text=capacity_text(claim.capacity_gw),
        day=claim.date,
        stage=claim.stage,
        status=claim.status,
        tranches=claim.party("tranche"),
        linked=tuple(sorted({*claim.party("commitment"), *claim.party("clause")})),
        participations=tuple(
            (p.participant, p.role, amount_text(p.amount)) for p in claim.participations
        ),
        sources=tuple(
            sorted(claim_sources(data, claim, parents), key=lambda r: (row_rank(r.kind), r.url))
        ),
    )


def claims_by_party(data: ClaimData, day: date | None) -> dict[str, list[Claim]]:
    """Return, for each party, the claims in force on ``day`` it takes part in, oldest first.

    A tranche, commitment or clause a claim links to does not make it a party.
    """
    out: dict[str, list[Claim]] = {}
    for claim in sorted(data.claims.values(), key=lambda c: (c.date or date.min, c.iri)):
        if day is not None and not claim.in_force(day):
            continue
        for who in {w for r, ps in claim.parties.items() if r not in CLAIM_LINKS for w in ps}:
            out.setdefault(who, []).append(claim)
    return out


def _by_iri(
    items: Iterable[_T], keys: Callable[[_T], tuple[str, ...]]
) -> dict[str, tuple[_T, ...]]:
    """Group ``items`` under each IRI that ``keys`` names, in their order (once per item).

    >>> _by_iri(["ab", "bb", "ca"], lambda s: tuple(s))
    {'a': ('ab', 'ca'), 'b': ('ab', 'bb'), 'c': ('ca',)}
    """
    out: dict[str, list[_T]] = {}
    for item in items:
        for key in dict.fromkeys(keys(item)):
            out.setdefault(key, []).append(item)
    return {key: tuple(found) for key, found in out.items()}


class _Context:
    """What the descriptions of one graph as of one date share, computed once."""

    def __init__(self, data: ClaimData, day: date | None) -> None:
        self.data, self.day = data, day
        self.parents = parent_parties(data)
        self.by_party = claims_by_party(data, day)
        self.bindings = bindings(data, day)
        self.poles = poles(data, day)
        self.round_trips = round_trips(data, day)
        self.exclusivity = exclusivity(data, day)
        self.exclusive_share = exclusive_share(data, day)
        # Each entity's share of the metric lists, found by IRI (a scan per entity made a
        # site of n entities cost n times the lists: minutes at a million triples).
        self.of_bindings = _by_iri(self.bindings, lambda b: (b.model, b.provider))
        self.of_poles = _by_iri(self.poles, lambda p: (p.cloud, p.model))
        self.of_round_trips = _by_iri(self.round_trips, lambda r: (r.provider, r.model))
        self.of_exclusivity = _by_iri(self.exclusivity, lambda e: (e.family,))
        self.of_exclusive_share = _by_iri(self.exclusive_share, lambda e: (e.cloud,))

    def describe(self, iri: str) -> Description:
        data = self.data
        ent = data.entities[iri]
        grouped: dict[str, list[ClaimEntry]] = {g: [] for g in GROUPS}
        for claim in self.by_party.get(iri, ()):
            entry = _entry(data, claim, iri, self.parents.get(claim.iri, frozenset()))
            grouped[_group(claim, entry.roles)].append(entry)
        attributes = tuple(
            (label, value)
            for label, value in (
                ("country", ", ".join(ent.countries) or (ent.country or "")),
                ("developer", data.name(ent.developer) if ent.developer else ""),
                ("operator", data.name(ent.operator) if ent.operator else ""),
                ("designer", data.name(ent.designer) if ent.designer else ""),
                ("weights", ent.weights or ""),
                ("released", day_text(ent.released, "")),
                ("family", data.name(ent.family) if ent.family else ""),
            )
            if value
        )
        mentioned = {iri} | {who for g in grouped.values() for c in g for _, who in c.others}
        mentioned |= {who for c in self.by_party.get(iri, ()) for who in c.party("tranche")}
        return Description(
            iri=iri,
            name=ent.name,
            kind=ent.kind,
            country=ent.country,
            roles=ent.roles,
            attributes=attributes,
            as_of=self.day,
            groups={g: tuple(v) for g, v in grouped.items()},
            bindings=self.of_bindings.get(iri, ()),
            poles=self.of_poles.get(iri, ()),
            round_trips=self.of_round_trips.get(iri, ()),
            names={i: data.name(i) for i in sorted(mentioned)},
            exclusivity=self.of_exclusivity.get(iri, ()),
            exclusive_share=self.of_exclusive_share.get(iri, ()),
        )


def describe(kg: KG, entity: str, as_of: str | date | None = None) -> Description:
    """Describe one entity: its attributes, its claims by group and its metrics.

    Parameters
    ----------
    kg : rdflib.Graph or ClaimData
        From :func:`graph.load`.
    entity : str
        A slug (``anthropic``), an IRI or a name (``Anthropic``).
    as_of : str or date, optional
        Claims in force on that date, and the metrics as of it (``None``: every claim).

    Returns
    -------
    Description

    Raises
    ------
    KeyError
        For an unknown entity.
    """
    data = data_of(kg)
    return _Context(data, parse_date(as_of)).describe(find_entity(data, entity))


def describe_all(
    kg: KG, entities: Iterable[str] | None = None, as_of: str | date | None = None
) -> dict[str, Description]:
    """Describe many entities at once (the metrics are computed once for all of them).

    Parameters
    ----------
    kg : rdflib.Graph or ClaimData
        From :func:`graph.load`.
    entities : iterable of str, optional
        Entity IRIs; every entity of the graph when omitted.
    as_of : str or date, optional
        As in :func:`describe`.

    Returns
    -------
    dict of str to Description
        By IRI, in the order given (or sorted by IRI).

    Examples
    --------
    >>> import graph
    >>> kg = graph.load("memory")
    >>> many = describe_all(kg, as_of="2026-06-30")
    >>> many[ENTITY_NS + "anthropic"] == describe(kg, "anthropic", "2026-06-30")
    True
    >>> [e.providers for e in many[ENTITY_NS + "claude"].exclusivity]  # doctest: +ELLIPSIS
    [(...)]
    """
    data = data_of(kg)
    context = _Context(data, parse_date(as_of))
    iris = list(entities) if entities is not None else sorted(data.entities)
    return {iri: context.describe(iri) for iri in iris}
