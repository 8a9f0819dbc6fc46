"""The claims as Python objects: entities, claims, participations and the data that holds them.

Plain frozen records, keyed by IRI, that the views and metrics work on
(:func:`graph.claims.read_claims` builds them from a graph, once), with the
names of the kinds, roles and deal stages they use.

Examples
--------
>>> from datetime import date
>>> deal = Claim("urn:deal", "EquityInvestment", "Confirmed", announced=date(2024, 3, 1),
...              parties={"investor": ("urn:a",), "investee": ("urn:b",)})
>>> deal.in_force(date(2024, 1, 1)), deal.in_force(date(2024, 6, 1))
(False, True)
>>> data = ClaimData({"urn:a": Entity("urn:a", "Company", "A")}, {deal.iri: deal})
>>> data.name("urn:a"), data.name("urn:b")
('A', 'urn:b')
>>> list(data.without({"urn:a"}).claims)
[]
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, NamedTuple, TypeVar

from graph.amounts import Amount

_T = TypeVar("_T")

__all__ = [
    "ALL_STAGES",
    "CLAIM_KINDS",
    "CLAIM_LINKS",
    "COUNTED_STAGES",
    "ENTITY_KINDS",
    "OPEN_WEIGHTS",
    "ROLE_PROPERTIES",
    "Claim",
    "ClaimData",
    "Entity",
    "Participation",
    "SourceInfo",
]

#: Weights-access values (local names) that count as open weights.
OPEN_WEIGHTS = frozenset({"OpenWeights", "OpenWeightsRestricted"})

#: Deal stages (local names of aikg:DealStage), earliest first.
ALL_STAGES = ("Talks", "LetterOfIntent", "Definitive", "Closed", "Terminated")
#: Stages that metrics and named queries count by default (a terminated deal until its end).
COUNTED_STAGES = frozenset({"Definitive", "Closed", "Terminated"})

#: Claim classes, most specific first (a node's kind is the first it has).
CLAIM_KINDS = (
    "EquityInvestment",
    "JointVenture",
    "ComputeAgreement",
    "ChipSupplyAgreement",
    "HostingAgreement",
    "Acquisition",
    "Partnership",
    "Deal",
    "Tranche",
    "SpendCommitment",
    "CapacityCommitment",
    "ExclusivityClause",
    "Observation",
    "ModelOffering",
    "ComputeUsage",
    "Event",
)
#: Entity classes (a node that is no claim is read as the first of these it has).
ENTITY_KINDS = (
    "Company",
    "GovernmentBody",
    "Program",
    "ModelFamily",
    "ModelRelease",
    "CloudPlatform",
    "Chip",
    "DataCenter",
    "ComputeCluster",
)
#: Properties from a claim to other claims (its parts, and the counting and conflict links).
_LINK_ROLES = (
    "commitment",
    "tranche",
    "clause",
    "conflictsWith",
    "restates",
    "partOf",
    "supersedes",
    "distinctFrom",
)
#: Role properties of claims, read into ``Claim.parties``.
ROLE_PROPERTIES = (
    "investor",
    "investee",
    "customer",
    "provider",
    "acquirer",
    "target",
    "partner",
    "favours",
    "boundParty",
    "holder",
    "subject",
    "user",
    "actor",
    "platform",
    "modelFamily",
    "facility",
    "chip",
    "venture",
    *_LINK_ROLES,
)
#: Role properties that point at other claims, not at parties.
CLAIM_LINKS = frozenset(_LINK_ROLES)


@dataclass(frozen=True)
class Entity:
    """A company, model family, platform, chip or facility."""

    iri: str
    kind: str
    name: str
    country: str | None = None
    #: every aikg:countryCode, sorted (a release co-developed across borders has several);
    #: ``country`` is the first of them
    countries: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    developer: str | None = None
    weights: str | None = None
    operator: str | None = None
    designer: str | None = None
    released: date | None = None
    family: str | None = None


@dataclass(frozen=True)
class Participation:
    """One investor's part in a round (or a partner's in a joint venture)."""

    participant: str
    #: ``Lead``, ``CoLead`` or ``Participant``
    role: str
    #: the investor's own amount in USD where a source gives it, else ``None``
    amount: Amount | None = None


@dataclass(frozen=True)
class Claim:
    """A deal, deal part, observation, offering, usage or event.

    ``amount`` is in US dollars; an amount stated in another currency is kept
    in ``native_amount`` with its ``currency`` and is not converted, so sums
    and ratios never mix currencies.
    """

    iri: str
    kind: str
    status: str
    name: str = ""
    announced: date | None = None
    start: date | None = None
    end: date | None = None
    amount: Amount | None = None
    capacity_gw: Amount | None = None
    valuation: Amount | None = None
    parties: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    subkind: str | None = None
    first_party: bool | None = None
    stake_percent: float | None = None
    #: ISO 4217 code of the amount as stated; ``amount`` holds USD amounts only
    currency: str = "USD"
    #: the amount in its own currency (same as ``amount`` for USD)
    native_amount: Amount | None = None
    #: deal stage (local name of aikg:DealStage); deals without one are definitive
    stage: str = "Definitive"
    #: one per investor (or partner) where the data records them
    participations: tuple[Participation, ...] = ()
    #: for an undated claim known only from a dataset snapshot: the snapshot's date
    known_from: date | None = None
    deadline: date | None = None
    round_name: str | None = None
    #: ``aikg:duration`` as written (``P5Y``)
    duration: str | None = None

    def party(self, role: str) -> tuple[str, ...]:
        """Return the IRIs in ``role`` (e.g. ``"investor"``), sorted."""
        return self.parties.get(role, ())

    @property
    def date(self) -> _dt.date | None:
        """When the claim took effect: announcement, else start."""
        return self.announced or self.start

    def in_force(self, as_of: _dt.date | None) -> bool:
        """Tell whether the claim is announced on or before ``as_of`` and not ended before it.

        Undated claims count at every date, except that a claim known only from a
        dated dataset snapshot (``known_from``) never counts before the snapshot.
        With ``as_of=None`` everything counts.
        """
        if as_of is None:
            return True
        if self.date is not None and self.date > as_of:
            return False
        if self.date is None and self.known_from is not None and self.known_from > as_of:
            return False
        return self.end is None or self.end >= as_of

    def participation(self, investor: str) -> Participation | None:
        """Return ``investor``'s participation in this deal, if recorded."""
        return next((p for p in self.participations if p.participant == investor), None)


class SourceInfo(NamedTuple):
    """Who published a source URL and when, as its ``aikg:Source`` node states."""

    publisher: str = ""
    published: date | None = None


@dataclass
class ClaimData:
    """All entities and claims of a graph.

    Read-only once used: the counts and views keep what they derive from it on the
    object (:meth:`derived`), so change a copy (:meth:`without`, :meth:`with_stages`),
    never the object.
    """

    entities: dict[str, Entity]
    claims: dict[str, Claim]
    #: binding layer number -> weight, read from the ontology (``aikg:layerWeight``)
    layer_weights: dict[int, float] = field(default_factory=dict)
    #: deal stages that count (see :data:`COUNTED_STAGES`; :meth:`with_stages` widens them)
    stages: frozenset[str] = COUNTED_STAGES
    #: source URL -> publisher and publication date (URLs whose node states either)
    source_info: dict[str, SourceInfo] = field(default_factory=dict)

    def derived(self, key: Hashable, compute: Callable[[], _T]) -> _T:
        """Return ``compute()``, computed once per ``key`` and kept on this object.

        What the counts and views derive from the claims (which claims are usable or
        counted at a date, each claim's edges and evidence) is kept here, so the object
        must not change once used; a copy (:meth:`without`, :meth:`with_stages`) starts
        with nothing kept.

        Examples
        --------
        >>> data = ClaimData({}, {})
        >>> data.derived("answer", lambda: 42), data.derived("answer", lambda: 0)
        (42, 42)
        >>> data.with_stages(ALL_STAGES).derived("answer", lambda: 0)
        0
        """
        kept: dict[Hashable, Any] = self.__dict__.setdefault("_derived", {})
        if key not in kept:
            kept[key] = compute()
        return kept[key]  # type: ignore[no-any-return]

    def with_stages(self, stages: frozenset[str] | tuple[str, ...]) -> ClaimData:
        """Return a copy that counts deals at ``stages`` (e.g. :data:`ALL_STAGES`).

        Examples
        --------
        >>> ClaimData({}, {}).with_stages(ALL_STAGES).stages == frozenset(ALL_STAGES)
        True
        """
        unknown = set(stages) - set(ALL_STAGES)
        if unknown:
            raise ValueError(f"unknown deal stage(s): {', '.join(sorted(unknown))}")
        return replace(self, stages=frozenset(stages))

    def name(self, iri: str) -> str:
        """Return the display name of ``iri`` (its slug when unnamed)."""
        entity = self.entities.get(iri)
        if entity is not None:
            return entity.name
        claim = self.claims.get(iri)
        if claim is not None and claim.name:
            return claim.name
        return iri.rsplit("/", 1)[-1]

    def has_role(self, iri: str, role: str) -> bool:
        """Tell whether the entity ``iri`` has ``aikg:role`` ``role`` (local name)."""
        entity = self.entities.get(iri)
        return entity is not None and role in entity.roles

    def without(self, drop: set[str]) -> ClaimData:
        """Return a copy without the claims in ``drop`` and the entities in ``drop``.

        Every claim that names a dropped entity as a party goes too (used by what-if);
        a claim that merely points at a dropped claim (its part, a restatement, a
        conflicting claim) stays, and counts on its own.
        """
        claims = {
            iri: c
            for iri, c in self.claims.items()
            if iri not in drop
            and not any(
                p in drop for role, ps in c.parties.items() if role not in CLAIM_LINKS for p in ps
            )
        }
        entities = {iri: e for iri, e in self.entities.items() if iri not in drop}
        return replace(self, entities=entities, claims=claims)
