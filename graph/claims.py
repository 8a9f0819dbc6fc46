"""Read entities and claims out of the RDF graph into typed records, once.

The views and metrics work on these records, so a timeline or a what-if run
reads the store only once. Everything is keyed by IRI; records come out sorted
so that the same graph always gives the same order.

Examples
--------
>>> from graph.build import build
>>> data = read_claims(build("memory").graph)
>>> data.entities["https://w3id.org/aikg/id/anthropic"].name
'Anthropic'
>>> deal = data.claims["https://w3id.org/aikg/id/deal-amazon-anthropic-2026"]
>>> deal.kind, str(deal.amount), deal.status
('EquityInvestment', '<= 2.5e+10', 'Confirmed')
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import NamedTuple

import pyoxigraph as ox
import rdflib

from graph.amounts import Amount
from graph.vocab import AIKG

__all__ = [
    "ALL_STAGES",
    "COUNTED_STAGES",
    "OPEN_WEIGHTS",
    "Claim",
    "ClaimData",
    "Entity",
    "Participation",
    "SourceInfo",
    "read_claims",
]

#: Weights-access values (local names) that count as open weights.
OPEN_WEIGHTS = frozenset({"OpenWeights", "OpenWeightsRestricted"})

#: Deal stages (local names of aikg:DealStage), earliest first.
ALL_STAGES = ("Talks", "LetterOfIntent", "Definitive", "Closed", "Terminated")
#: Stages that metrics and named queries count by default (a terminated deal until its end).
COUNTED_STAGES = frozenset({"Definitive", "Closed", "Terminated"})

_A = str(AIKG._NS)

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

_ID = "https://w3id.org/aikg/id/"
_SCHEMA = "https://schema.org/"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
_LITERAL_PROPERTIES = (
    ("name", _SCHEMA + "name"),
    ("startDate", _SCHEMA + "startDate"),
    ("endDate", _SCHEMA + "endDate"),
    ("datePublished", _SCHEMA + "datePublished"),
    ("countryCode", _A + "countryCode"),
    ("announcedDate", _A + "announcedDate"),
    ("observedDate", _A + "observedDate"),
    ("firstReleaseDate", _A + "firstReleaseDate"),
    ("releaseDate", _SCHEMA + "releaseDate"),
    ("stakePercent", _A + "stakePercent"),
    ("firstParty", _A + "firstParty"),
    ("referenceId", _A + "referenceId"),
    ("seedClaim", _A + "seedClaim"),
    ("deadline", _A + "deadline"),
    ("roundName", _A + "roundName"),
    ("duration", "https://w3id.org/aikg/ontology#duration"),
)
_LINK_PROPERTIES = (
    "role",
    "developer",
    "weightsAccess",
    "operator",
    "designer",
    "fab",
    "claimStatus",
    "family",
    "observationKind",
    "exclusivityKind",
    "trancheKind",
    "eventKind",
    "dealStage",
)
_UNIT_TO_GW = {"A90": 1.0, "MAW": 0.001, "KWT": 0.000001}


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
    """All entities and claims of a graph."""

    entities: dict[str, Entity]
    claims: dict[str, Claim]
    #: binding layer number -> weight, read from the ontology (``aikg:layerWeight``)
    layer_weights: dict[int, float] = field(default_factory=dict)
    #: deal stages that count (see :data:`COUNTED_STAGES`; :meth:`with_stages` widens them)
    stages: frozenset[str] = COUNTED_STAGES
    #: source URL -> publisher and publication date (URLs whose node states either)
    source_info: dict[str, SourceInfo] = field(default_factory=dict)

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


def _local(iri: object) -> str:
    return str(iri).rsplit("#", 1)[-1]


class _Lit(NamedTuple):
    """A literal as read: its lexical form and datatype IRI (cheap to build)."""

    value: str
    datatype: str

    def __str__(self) -> str:
        return self.value

    def __float__(self) -> float:
        return float(self.value)


_Cell = str | _Lit | None
#: what claims are read from: an rdflib graph (any store) or an Oxigraph store
_Source = rdflib.Graph | ox.Store
_XSD = "http://www.w3.org/2001/XMLSchema#"


def _cell(term: object) -> _Cell:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        return _Lit(term.value, term.datatype.value)
    if isinstance(term, (ox.NamedNode, ox.BlankNode)):
        return term.value
    if isinstance(term, rdflib.Literal):
        return _Lit(str(term), str(term.datatype or _XSD + "string"))
    return str(term)


def _pairs(kg: _Source, predicate: str) -> Iterator[tuple[str, _Cell]]:
    """Yield (subject, object) of every triple with ``predicate``, as plain cells.

    On an Oxigraph-backed graph this reads the store's index directly (no SPARQL,
    no rdflib terms), which keeps a million-triple graph to seconds.
    """
    inner = kg if isinstance(kg, ox.Store) else getattr(kg.store, "_inner", None)
    if isinstance(inner, ox.Store):
        for q in inner.quads_for_pattern(None, ox.NamedNode(predicate), None, ox.DefaultGraph()):
            yield q.subject.value, _cell(q.object)  # type: ignore[union-attr]
        return
    assert isinstance(kg, rdflib.Graph)
    for subj, obj in kg.subject_objects(rdflib.URIRef(predicate)):
        yield str(subj), _cell(obj)


def _date(value: _Cell) -> date | None:
    if isinstance(value, _Lit) and value.datatype == _XSD + "date":
        try:
            return date.fromisoformat(value.value[:10])
        except ValueError:
            return None
    return None


def _read_quantities(kg: _Source) -> tuple[dict[str, dict[str, Amount]], dict[str, str]]:
    """Amounts and capacities by node and property (capacities in GW), and currencies."""
    parts = {
        key: dict(_pairs(kg, iri))
        for key, iri in (
            ("value", _SCHEMA + "value"),
            ("min", _SCHEMA + "minValue"),
            ("max", _SCHEMA + "maxValue"),
            ("unit", _SCHEMA + "unitCode"),
            ("currency", _SCHEMA + "currency"),
        )
    }
    quantities: dict[str, dict[str, Amount]] = defaultdict(dict)
    currencies: dict[str, str] = {}
    for prop in ("amount", "capacity", "valuation", "powerCapacity"):
        for subj, node in _pairs(kg, _A + prop):
            if not isinstance(node, str):
                continue
            cur = parts["currency"].get(node)
            if cur is not None and prop == "amount":
                currencies[subj] = str(cur)
            try:
                amount = Amount.from_parts(
                    *(
                        float(x) if (x := parts[k].get(node)) is not None else None
                        for k in ("value", "min", "max")
                    )
                )
            except ValueError:  # not a number: validation reports it
                continue
            if amount is None:
                continue
            unit = parts["unit"].get(node)
            if unit is not None:
                amount = amount.scaled(_UNIT_TO_GW.get(str(unit), 1.0))
            quantities[subj][prop] = amount
    return quantities, currencies


_Gathered = tuple[
    dict[str, set[str]],
    dict[str, dict[str, _Cell]],
    dict[str, dict[str, set[str]]],
    dict[str, set[str]],
    dict[str, date],
]


def _gather(kg: _Source) -> _Gathered:
    """Types, literal values, links and source URLs by subject (``id:`` subjects only)."""
    types: dict[str, set[str]] = defaultdict(set)
    for subj, t in _pairs(kg, _RDF_TYPE):
        if subj.startswith(_ID) and isinstance(t, str) and t.startswith(_A):
            types[subj].add(_local(t))
    lits: dict[str, dict[str, _Cell]] = defaultdict(dict)
    for key, iri in _LITERAL_PROPERTIES:
        for subj, o in _pairs(kg, iri):
            if subj.startswith(_ID):
                lits[subj].setdefault(key, o)
    links: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for key in (*_LINK_PROPERTIES, *ROLE_PROPERTIES):
        for subj, o in _pairs(kg, _A + key):
            if subj.startswith(_ID) and o is not None:
                links[subj][key].add(str(o))
    for subj, o in _pairs(kg, _A + "countryCode"):
        if subj.startswith(_ID) and o is not None:
            links[subj]["countryCode"].add(str(o))
    sources, known_from = _sources(kg)
    return types, lits, links, sources, known_from


def _sources(kg: _Source) -> tuple[dict[str, set[str]], dict[str, date]]:
    """Source URLs by claim, and the earliest snapshot date of a claim's sources."""
    urls = {subj: str(url) for subj, url in _pairs(kg, _SCHEMA + "url")}
    snapshots = {
        subj: day for subj, o in _pairs(kg, _A + "snapshotDate") if (day := _date(o)) is not None
    }
    sources: dict[str, set[str]] = defaultdict(set)
    known_from: dict[str, date] = {}
    for subj, src in _pairs(kg, _PROV_DERIVED):
        if subj.startswith(_ID) and isinstance(src, str) and src in urls:
            sources[subj].add(urls[src])
            snap = snapshots.get(src)
            if snap is not None and (subj not in known_from or snap < known_from[subj]):
                known_from[subj] = snap
    return sources, known_from


def _participations(
    kg: _Source, quantities: dict[str, dict[str, Amount]], currencies: dict[str, str]
) -> dict[str, tuple[Participation, ...]]:
    """Participations by deal, sorted by participant."""
    who = {s: str(o) for s, o in _pairs(kg, _A + "participant")}
    role = {s: _local(o) for s, o in _pairs(kg, _A + "participationRole")}
    out: dict[str, list[Participation]] = defaultdict(list)
    for deal, node in _pairs(kg, _A + "participation"):
        if not isinstance(node, str) or node not in who:
            continue
        usd = currencies.get(node, "USD") == "USD"
        amount = quantities.get(node, {}).get("amount") if usd else None
        out[deal].append(Participation(who[node], role.get(node, "Participant"), amount))
    return {d: tuple(sorted(ps, key=lambda p: p.participant)) for d, ps in out.items()}


def read_claims(kg: _Source) -> ClaimData:
    """Read every entity and claim of ``kg``.

    Parameters
    ----------
    kg : rdflib.Graph or pyoxigraph.Store
        A built graph (any store), or an Oxigraph store (its default graph).

    Returns
    -------
    ClaimData
    """
    types, lits, links, sources, known_from = _gather(kg)
    quantities, currencies = _read_quantities(kg)
    participations = _participations(kg, quantities, currencies)

    entities: dict[str, Entity] = {}
    claims: dict[str, Claim] = {}
    for iri in sorted(types):
        kinds = types[iri]
        lit = lits.get(iri, {})
        link = links.get(iri, {})
        name = str(lit.get("name", ""))
        claim_kind = next((k for k in CLAIM_KINDS if k in kinds), None)
        if claim_kind is not None:
            status = next(iter(sorted(link.get("claimStatus", {"Reported"}))))
            subkind = next(
                (
                    _local(next(iter(sorted(link[k]))))
                    for k in ("observationKind", "exclusivityKind", "trancheKind", "eventKind")
                    if k in link
                ),
                None,
            )
            stake = lit.get("stakePercent")
            first_party = lit.get("firstParty")
            q = quantities.get(iri, {})
            currency = currencies.get(iri, "USD")
            claims[iri] = Claim(
                iri=iri,
                kind=claim_kind,
                status=_local(status),
                name=name,
                announced=_date(lit.get("announcedDate")) or _date(lit.get("observedDate")),
                start=_date(lit.get("startDate")),
                end=_date(lit.get("endDate")),
                amount=q.get("amount") if currency == "USD" else None,
                currency=currency,
                native_amount=q.get("amount"),
                capacity_gw=q.get("capacity"),
                valuation=q.get("valuation"),
                parties={r: tuple(sorted(link[r])) for r in ROLE_PROPERTIES if r in link},
                sources=tuple(sorted(sources.get(iri, ()))),
                subkind=subkind,
                first_party=None if first_party is None else str(first_party) in {"true", "1"},
                stake_percent=None if stake is None else float(stake),
                stage=_local(next(iter(sorted(link.get("dealStage", {"Definitive"}))))),
                participations=participations.get(iri, ()),
                known_from=known_from.get(iri),
                deadline=_date(lit.get("deadline")),
                round_name=str(r) if (r := lit.get("roundName")) is not None else None,
                duration=str(d) if (d := lit.get("duration")) is not None else None,
            )
            continue
        entity_kind = next((k for k in ENTITY_KINDS if k in kinds), None)
        if entity_kind is None:
            continue

        def one(key: str, link: dict[str, set[str]] = link) -> str | None:
            values = sorted(link.get(key, ()))
            return values[0] if values else None

        countries = tuple(sorted(link.get("countryCode", ())))
        entities[iri] = Entity(
            iri=iri,
            kind=entity_kind,
            name=name or iri.rsplit("/", 1)[-1],
            country=countries[0] if countries else None,
            countries=countries,
            roles=tuple(sorted(_local(r) for r in link.get("role", ()))),
            developer=one("developer"),
            weights=_local(w) if (w := one("weightsAccess")) else None,
            operator=one("operator"),
            designer=one("designer"),
            released=_date(lit.get("firstReleaseDate"))
            or _date(lit.get("releaseDate"))
            or _date(lit.get("datePublished")),
            family=one("family"),
        )
    # an imported record's release date stands in where the curated entity states none
    described = dict(_pairs(kg, _A + "describes"))
    from_records: set[str] = set()
    for record, day in sorted(_pairs(kg, _SCHEMA + "releaseDate")):
        target = described.get(record)
        released = _date(day)
        if isinstance(target, str) and target in entities and released is not None:
            e = entities[target]
            if e.released is None or (e.iri in from_records and released < e.released):
                entities[target] = replace(e, released=released)
                from_records.add(e.iri)
    # a model family without its own country takes its developer's
    for iri, e in list(entities.items()):
        if e.kind == "ModelFamily" and e.country is None and e.developer in entities:
            dev = entities[e.developer]
            entities[iri] = replace(e, country=dev.country, countries=dev.countries)
    numbers = dict(_pairs(kg, _A + "layerNumber"))
    weights = {
        int(str(numbers[layer])): float(str(w))
        for layer, w in _pairs(kg, _A + "layerWeight")
        if layer in numbers
    }
    return ClaimData(
        entities, claims, dict(sorted(weights.items())), source_info=_source_info(kg)
    )


def _source_info(kg: _Source) -> dict[str, SourceInfo]:
    """Read the publisher and publication date of each source URL (``aikg:Source`` nodes)."""
    urls = {subj: str(url) for subj, url in _pairs(kg, _SCHEMA + "url")}
    publishers = {s: str(o) for s, o in _pairs(kg, _SCHEMA + "publisher") if o is not None}
    published = {s: d for s, o in _pairs(kg, _SCHEMA + "datePublished") if (d := _date(o))}
    out: dict[str, SourceInfo] = {}
    for node, url in sorted(urls.items()):
        if node in publishers or node in published:
            info = SourceInfo(publishers.get(node, ""), published.get(node))
            # one URL on two nodes: keep the fuller record
            if url not in out or (not out[url].publisher or not out[url].published):
                out[url] = SourceInfo(
                    info.publisher or out.get(url, info).publisher,
                    info.published or out.get(url, info).published,
                )
    return out
