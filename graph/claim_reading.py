"""Read entities and claims out of the RDF graph into typed records, once.

:func:`read_claims` reads every ``id:`` subject's types, literals and links
with a few passes over the store's index (:func:`graph.claim_cells.pairs`),
then builds the :class:`~graph.claim_types.Entity` and
:class:`~graph.claim_types.Claim` records of a
:class:`~graph.claim_types.ClaimData`, sorted by IRI so that the same graph
always gives the same order.

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

from collections import defaultdict
from dataclasses import replace
from datetime import date

from graph.amounts import Amount
from graph.claim_cells import (
    AIKG_NS,
    ID_NS,
    SCHEMA_NS,
    Cell,
    GraphLike,
    cell_date,
    local_name,
    pairs,
)
from graph.claim_sources import read_claim_sources, read_source_info
from graph.claim_types import (
    CLAIM_KINDS,
    ENTITY_KINDS,
    ROLE_PROPERTIES,
    Claim,
    ClaimData,
    Entity,
    Participation,
)

__all__ = ["read_claims"]

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_LITERAL_PROPERTIES = (
    ("name", SCHEMA_NS + "name"),
    ("startDate", SCHEMA_NS + "startDate"),
    ("endDate", SCHEMA_NS + "endDate"),
    ("datePublished", SCHEMA_NS + "datePublished"),
    ("countryCode", AIKG_NS + "countryCode"),
    ("announcedDate", AIKG_NS + "announcedDate"),
    ("observedDate", AIKG_NS + "observedDate"),
    ("firstReleaseDate", AIKG_NS + "firstReleaseDate"),
    ("releaseDate", SCHEMA_NS + "releaseDate"),
    ("stakePercent", AIKG_NS + "stakePercent"),
    ("firstParty", AIKG_NS + "firstParty"),
    ("referenceId", AIKG_NS + "referenceId"),
    ("seedClaim", AIKG_NS + "seedClaim"),
    ("deadline", AIKG_NS + "deadline"),
    ("roundName", AIKG_NS + "roundName"),
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


def _read_quantities(kg: GraphLike) -> tuple[dict[str, dict[str, Amount]], dict[str, str]]:
    """Amounts and capacities by node and property (capacities in GW), and currencies."""
    parts = {
        key: dict(pairs(kg, iri))
        for key, iri in (
            ("value", SCHEMA_NS + "value"),
            ("min", SCHEMA_NS + "minValue"),
            ("max", SCHEMA_NS + "maxValue"),
            ("unit", SCHEMA_NS + "unitCode"),
            ("currency", SCHEMA_NS + "currency"),
        )
    }
    quantities: dict[str, dict[str, Amount]] = defaultdict(dict)
    currencies: dict[str, str] = {}
    for prop in ("amount", "capacity", "valuation", "powerCapacity"):
        for subj, node in pairs(kg, AIKG_NS + prop):
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
    dict[str, dict[str, Cell]],
    dict[str, dict[str, set[str]]],
    dict[str, set[str]],
    dict[str, date],
]


def _gather(kg: GraphLike) -> _Gathered:
    """Types, literal values, links and source URLs by subject (``id:`` subjects only)."""
    types: dict[str, set[str]] = defaultdict(set)
    for subj, t in pairs(kg, _RDF_TYPE):
        if subj.startswith(ID_NS) and isinstance(t, str) and t.startswith(AIKG_NS):
            types[subj].add(local_name(t))
    lits: dict[str, dict[str, Cell]] = defaultdict(dict)
    for key, iri in _LITERAL_PROPERTIES:
        for subj, o in pairs(kg, iri):
            if subj.startswith(ID_NS):
                lits[subj].setdefault(key, o)
    links: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for key in (*_LINK_PROPERTIES, *ROLE_PROPERTIES):
        for subj, o in pairs(kg, AIKG_NS + key):
            if subj.startswith(ID_NS) and o is not None:
                links[subj][key].add(str(o))
    for subj, o in pairs(kg, AIKG_NS + "countryCode"):
        if subj.startswith(ID_NS) and o is not None:
            links[subj]["countryCode"].add(str(o))
    sources, known_from = read_claim_sources(kg)
    return types, lits, links, sources, known_from


def _participations(
    kg: GraphLike, quantities: dict[str, dict[str, Amount]], currencies: dict[str, str]
) -> dict[str, tuple[Participation, ...]]:
    """Participations by deal, sorted by participant."""
    who = {s: str(o) for s, o in pairs(kg, AIKG_NS + "participant")}
    role = {s: local_name(o) for s, o in pairs(kg, AIKG_NS + "participationRole")}
    out: dict[str, list[Participation]] = defaultdict(list)
    for deal, node in pairs(kg, AIKG_NS + "participation"):
        if not isinstance(node, str) or node not in who:
            continue
        usd = currencies.get(node, "USD") == "USD"
        amount = quantities.get(node, {}).get("amount") if usd else None
        out[deal].append(Participation(who[node], role.get(node, "Participant"), amount))
    return {d: tuple(sorted(ps, key=lambda p: p.participant)) for d, ps in out.items()}


def read_claims(kg: GraphLike) -> ClaimData:
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
                    local_name(next(iter(sorted(link[k]))))
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
                status=local_name(status),
                name=name,
                announced=cell_date(lit.get("announcedDate")) or cell_date(lit.get("observedDate")),
                start=cell_date(lit.get("startDate")),
                end=cell_date(lit.get("endDate")),
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
                stage=local_name(next(iter(sorted(link.get("dealStage", {"Definitive"}))))),
                participations=participations.get(iri, ()),
                known_from=known_from.get(iri),
                deadline=cell_date(lit.get("deadline")),
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
            roles=tuple(sorted(local_name(r) for r in link.get("role", ()))),
            developer=one("developer"),
            weights=local_name(w) if (w := one("weightsAccess")) else None,
            operator=one("operator"),
            designer=one("designer"),
            released=cell_date(lit.get("firstReleaseDate"))
            or cell_date(lit.get("releaseDate"))
            or cell_date(lit.get("datePublished")),
            family=one("family"),
        )
    # an imported record's release date stands in where the curated entity states none
    described = dict(pairs(kg, AIKG_NS + "describes"))
    from_records: set[str] = set()
    for record, day in sorted(pairs(kg, SCHEMA_NS + "releaseDate")):
        target = described.get(record)
        released = cell_date(day)
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
    numbers = dict(pairs(kg, AIKG_NS + "layerNumber"))
    weights = {
        int(str(numbers[layer])): float(str(w))
        for layer, w in pairs(kg, AIKG_NS + "layerWeight")
        if layer in numbers
    }
    return ClaimData(
        entities, claims, dict(sorted(weights.items())), source_info=read_source_info(kg)
    )
