"""How a draft stands against the graph: it restates a claim, updates one, or is new.

A draft **restates** a claim when the counting rules would call the two likely duplicates
(:func:`graph.checks.likely_duplicate`: same kind and parties, amount or capacity within
10%, dates at most a year apart); a tranche restates a tranche of the deal its own deal
restates, with an amount within 10%. It **updates** a claim of the same kind and parties
dated within a year whose amount differs (a revised figure), or, for an observation (a
valuation, a revenue), the latest earlier observation of the same kind about the same
company. Otherwise it is **new**.

Examples
--------
>>> from datetime import date
>>> from graph.amounts import Amount
>>> from graph.claim_types import Claim, ClaimData
>>> from graph.ingest.drafts import Draft
>>> old = Claim("id:deal", "EquityInvestment", "Confirmed", announced=date(2026, 4, 20),
...             native_amount=Amount(25e9, "<="), amount=Amount(25e9, "<="),
...             parties={"investor": ("id:amazon",), "investee": ("id:anthropic",)})
>>> d = Draft("EquityInvestment", "id:amazon", "id:anthropic", 25e9, "USD", "exact",
...           date(2026, 4, 22), "day", (0, 10))
>>> compare([d], ClaimData({}, {old.iri: old}))[0]
Comparison(verdict='restates', claim='id:deal')
>>> d.value = 40e9
>>> compare([d], ClaimData({}, {old.iri: old}))[0]
Comparison(verdict='updates', claim='id:deal')
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from graph.amounts import Amount, Bound
from graph.checks import likely_duplicate
from graph.claim_types import Claim, ClaimData
from graph.ingest.drafts import Draft
from graph.ingest.quantities import BOUNDS

__all__ = ["Comparison", "as_claim", "compare"]

_ROLES = {
    "EquityInvestment": ("investor", "investee"),
    "SpendCommitment": ("customer", "provider"),
    "CapacityCommitment": ("customer", "provider"),
    "ChipSupplyAgreement": ("customer", "provider"),
    "Acquisition": ("acquirer", "target"),
}


class Comparison(NamedTuple):
    """``restates``, ``updates`` or ``new``, and the claim concerned (IRI) if any."""

    verdict: str
    claim: str | None = None


def as_claim(d: Draft, iri: str = "draft") -> Claim:
    """Return the draft as a :class:`graph.claim_types.Claim`, as the counting rules read claims."""
    bound: Bound = BOUNDS[d.bound]  # type: ignore[assignment]
    quantity = Amount(d.value, bound)
    parties: dict[str, tuple[str, ...]] = {}
    if d.is_observation:
        kind = "Observation"
        if d.party is not None:
            parties["subject"] = (d.party,)
    else:
        kind = d.kind
        for role, party in zip(_ROLES.get(d.kind, ()), (d.party, d.counterparty), strict=False):
            if party is not None:
                parties[role] = (party,)
    capacity = d.currency == "GW"
    return Claim(
        iri,
        kind,
        "Draft",
        announced=d.date,
        parties=parties,
        subkind=d.kind if d.is_observation else None,
        capacity_gw=quantity if capacity else None,
        native_amount=None if capacity else quantity,
        amount=quantity if d.currency == "USD" else None,
        currency="USD" if capacity else d.currency,
    )


def _close(x: Amount | None, y: Amount | None) -> bool:
    if x is None or y is None:
        return False
    hi = max(abs(x.value), abs(y.value))
    return hi == 0 or abs(x.value - y.value) <= 0.1 * hi


def _days(a: date | None, b: date | None) -> int | None:
    return abs((a - b).days) if a is not None and b is not None else None


def compare(drafts: Sequence[Draft], data: ClaimData) -> list[Comparison]:
    """Compare each draft with the claims of ``data`` (one result per draft, in order).

    Parameters
    ----------
    drafts : sequence of Draft
    data : ClaimData
        The graph's claims (:func:`graph.claims.read_claims`).
    """
    claims = sorted(data.claims.values(), key=lambda c: (c.date or date.min, c.iri))
    results: list[Comparison] = []
    for d in drafts:
        mine = as_claim(d)
        if d.kind == "Tranche":
            results.append(_tranche(d, mine, results, drafts, data))
            continue
        if d.is_observation:
            results.append(_observation(mine, claims))
            continue
        found = next((c.iri for c in claims if likely_duplicate(c, mine) is not None), None)
        if found is not None:
            results.append(Comparison("restates", found))
            continue
        same = [
            c
            for c in claims
            if c.kind == mine.kind
            and all(c.party(r) == mine.party(r) for r in _ROLES.get(d.kind, ()))
            and (_days(c.date, mine.date) or 0) <= 366
            and c.date is not None
        ]
        results.append(Comparison("updates", same[-1].iri) if same else Comparison("new"))
    return results


def _observation(mine: Claim, claims: Sequence[Claim]) -> Comparison:
    same = [
        c
        for c in claims
        if c.kind == "Observation"
        and c.subkind == mine.subkind
        and c.party("subject") == mine.party("subject")
    ]
    for c in same:
        gap = _days(c.date, mine.date)
        if (
            gap is not None
            and gap <= 366
            and c.currency == mine.currency
            and _close(c.native_amount, mine.native_amount)
        ):
            return Comparison("restates", c.iri)
    earlier = [
        c for c in same if c.date is not None and mine.date is not None and c.date <= mine.date
    ]
    return Comparison("updates", earlier[-1].iri) if earlier else Comparison("new")


def _tranche(
    d: Draft, mine: Claim, results: list[Comparison], drafts: Sequence[Draft], data: ClaimData
) -> Comparison:
    if d.parent is None or d.parent >= len(results) or drafts[d.parent].index != d.parent:
        return Comparison("new")
    deal = results[d.parent]
    if deal.verdict != "restates" or deal.claim is None or deal.claim not in data.claims:
        return Comparison("new")
    for part in data.claims[deal.claim].party("tranche"):
        c = data.claims.get(part)
        if (
            c is not None
            and c.currency == mine.currency
            and _close(c.native_amount, mine.native_amount)
        ):
            return Comparison("restates", c.iri)
    return Comparison("new")
