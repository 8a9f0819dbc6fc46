"""Round-trip ratio: how much of a provider's investment comes back as committed spend.

For a provider P (cloud, chip maker...) and a model company M, from the money-flow
view (:func:`graph.views.money_flow`, which applies ``as_of``, drops disputed
claims and turns a co-investor's share into a ceiling ``<=`` the deal total):

- ``invested``  = sum of the USD amounts of the equity edges P -> M;
- ``committed`` = sum of the USD amounts of the spend-commitment edges M -> P;
- ``ratio``     = ``committed / invested``.

Bounds are kept (:class:`graph.amounts.Amount`): "over $100B" back for "up to
$25B" in gives a ratio ``>= 4.0``. Commitments without a USD amount (most
capacity commitments, stated in GW) are listed among the claims but add nothing;
GW are never mixed with dollars.

Per deal: an equity deal that links commitments (``aikg:commitment``) gets its
own ratio, from the linked spend commitments with customer M and provider P.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

import networkx as nx

from graph.amounts import Amount, total
from graph.claims import ClaimData
from graph.metrics.binding import _iri
from graph.metrics.result import MetricResult
from graph.views import money_flow

__all__ = ["DealRoundTrip", "RoundTrip", "round_trip", "round_trips"]

_BACK_KINDS = frozenset({"spend", "capacity"})


@dataclass(frozen=True)
class DealRoundTrip(MetricResult):
    """Round trip of one equity deal and the commitments it links.

    Attributes
    ----------
    deal : str
        IRI of the equity investment.
    invested : Amount or None
        The deal's amount (USD; ``<=`` when shared with co-investors).
    committed : Amount or None
        Total USD of the linked spend commitments back to the investor.
    ratio : Amount or None
        ``committed / invested`` when both are known.
    claims : tuple of str
        The deal and its linked commitments back to the investor that are in force.
    """

    UNITS: ClassVar[dict[str, str]] = {"invested": "USD", "committed": "USD", "ratio": "1"}

    deal: str
    invested: Amount | None
    committed: Amount | None
    ratio: Amount | None
    claims: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoundTrip(MetricResult):
    """Money a provider put into a model company, and money committed back.

    Attributes
    ----------
    provider, model : str
        IRIs of the investor (who receives the spend) and of the model company.
    invested : Amount or None
        Total USD of the in-force equity investments provider -> model.
    committed : Amount or None
        Total USD of the in-force spend commitments model -> provider.
    ratio : Amount or None
        ``committed / invested`` when both are known and ``invested`` is not 0.
    by_deal : tuple of DealRoundTrip
        One per equity deal that links commitments, by deal IRI.
    claims : tuple of str
        Every equity, spend and capacity claim between the two, sorted.
    """

    UNITS: ClassVar[dict[str, str]] = {"invested": "USD", "committed": "USD", "ratio": "1"}

    provider: str
    model: str
    invested: Amount | None
    committed: Amount | None
    ratio: Amount | None
    by_deal: tuple[DealRoundTrip, ...] = ()
    claims: tuple[str, ...] = ()


def _usd(data: ClaimData, attrs: dict[str, Any]) -> Amount | None:
    """Return the edge's amount when it is in USD.

    Claims that do not record a currency are taken to be in USD.
    """
    claim = data.claims.get(attrs["claim"])
    currency = str(getattr(claim, "currency", None) or "USD")
    amount = attrs.get("amount")
    return amount if isinstance(amount, Amount) and currency == "USD" else None


def _ratio(committed: Amount | None, invested: Amount | None) -> Amount | None:
    if committed is None or invested is None or invested.value == 0:
        return None
    return committed / invested


def _edges(g: nx.MultiDiGraph, u: str, v: str, kinds: frozenset[str]) -> list[dict[str, Any]]:
    if not g.has_edge(u, v):
        return []
    found = [attrs for attrs in g.get_edge_data(u, v).values() if attrs["kind"] in kinds]
    return sorted(found, key=lambda a: str(a["claim"]))


def _round_trip(data: ClaimData, g: nx.MultiDiGraph, provider: str, model: str) -> RoundTrip:
    equity = _edges(g, provider, model, frozenset({"equity"}))
    back = _edges(g, model, provider, _BACK_KINDS)
    spend = {a["claim"]: a for a in back if a["kind"] == "spend"}
    back_claims = {a["claim"] for a in back}
    invested = total(x for a in equity if (x := _usd(data, a)) is not None)
    committed = total(x for a in spend.values() if (x := _usd(data, a)) is not None)
    by_deal = []
    for attrs in equity:
        deal = data.claims[attrs["claim"]]
        if not deal.party("commitment"):
            continue
        linked = [c for c in deal.party("commitment") if c in back_claims]
        deal_invested = _usd(data, attrs)
        deal_committed = total(
            x for c in linked if c in spend and (x := _usd(data, spend[c])) is not None
        )
        by_deal.append(
            DealRoundTrip(
                deal=deal.iri,
                invested=deal_invested,
                committed=deal_committed,
                ratio=_ratio(deal_committed, deal_invested),
                claims=(deal.iri, *sorted(linked)),
            )
        )
    return RoundTrip(
        provider=provider,
        model=model,
        invested=invested,
        committed=committed,
        ratio=_ratio(committed, invested),
        by_deal=tuple(by_deal),
        claims=tuple(sorted({a["claim"] for a in equity} | back_claims)),
    )


def round_trip(
    data: ClaimData, provider: str, model: str, as_of: str | date | None = None
) -> RoundTrip:
    """Round trip between ``provider`` (the investor) and ``model`` (the investee).

    Parameters
    ----------
    data : ClaimData
        From :func:`graph.claims.read_claims`.
    provider, model : str
        Slugs (``"amazon"``) or full IRIs.
    as_of : str or date, optional
        Only claims in force on that date count (announced on or before it and
        not ended before it).

    Returns
    -------
    RoundTrip
        ``invested`` / ``committed`` are ``None`` when no USD amount flows that
        way; ``ratio`` is ``None`` unless both are known.

    Examples
    --------
    A cloud invests "up to 25" in a lab that commits "over 100" back in the
    same deal; the capacity commitment (GW only) is listed but adds no dollars:

    >>> from graph.amounts import Amount
    >>> from graph.claims import Claim, ClaimData, Entity
    >>> from graph.ids import entity_iri
    >>> c, m = entity_iri("cloud"), entity_iri("lab")
    >>> data = ClaimData(
    ...     {c: Entity(c, "Company", "Cloud"), m: Entity(m, "Company", "Lab")},
    ...     {entity_iri("deal"): Claim(entity_iri("deal"), "EquityInvestment", "Confirmed",
    ...                        amount=Amount(25.0, "<="),
    ...                        parties={"investor": (c,), "investee": (m,),
    ...                                 "commitment": (entity_iri("spend"), entity_iri("gw"))}),
    ...      entity_iri("spend"): Claim(entity_iri("spend"), "SpendCommitment", "Confirmed",
    ...                         amount=Amount(100.0, ">="),
    ...                         parties={"customer": (m,), "provider": (c,)}),
    ...      entity_iri("gw"): Claim(entity_iri("gw"), "CapacityCommitment", "Confirmed",
    ...                      capacity_gw=Amount(1.0),
    ...                      parties={"customer": (m,), "provider": (c,)})})
    >>> rt = round_trip(data, "cloud", "lab")
    >>> str(rt.invested), str(rt.committed), str(rt.ratio)
    ('<= 25', '>= 100', '>= 4')
    >>> [d.deal.rsplit("/", 1)[1] for d in rt.by_deal], str(rt.by_deal[0].ratio)
    (['deal'], '>= 4')
    >>> len(rt.claims)
    3
    """
    return _round_trip(data, money_flow(data, as_of), _iri(provider), _iri(model))


def round_trips(data: ClaimData, as_of: str | date | None = None) -> list[RoundTrip]:
    """Round trips of every pair with equity one way and a commitment back.

    A pair (P, M) is listed when P invests in M (an equity edge P -> M) and M
    commits spend or capacity to P (an edge M -> P), as of ``as_of``.

    Parameters
    ----------
    data : ClaimData
        From :func:`graph.claims.read_claims`.
    as_of : str or date, optional
        Only claims in force on that date count.

    Returns
    -------
    list of RoundTrip
        Sorted by provider IRI, then model IRI.

    Examples
    --------
    >>> from graph.amounts import Amount
    >>> from graph.claims import Claim, ClaimData, Entity
    >>> from graph.ids import entity_iri
    >>> c, m = entity_iri("cloud"), entity_iri("lab")
    >>> data = ClaimData(
    ...     {c: Entity(c, "Company", "Cloud"), m: Entity(m, "Company", "Lab")},
    ...     {entity_iri("eq"): Claim(entity_iri("eq"), "EquityInvestment", "Confirmed",
    ...                              amount=Amount(10.0),
    ...                              parties={"investor": (c,), "investee": (m,)}),
    ...      entity_iri("sp"): Claim(entity_iri("sp"), "SpendCommitment", "Confirmed",
    ...                              amount=Amount(30.0),
    ...                              parties={"customer": (m,), "provider": (c,)})})
    >>> [(r.provider == c, r.model == m, str(r.ratio)) for r in round_trips(data)]
    [(True, True, '3')]
    """
    g = money_flow(data, as_of)
    pairs = {
        (u, v)
        for u, v, attrs in g.edges(data=True)
        if attrs["kind"] == "equity"
        and any(a["kind"] in _BACK_KINDS for a in (g.get_edge_data(v, u) or {}).values())
    }
    return [_round_trip(data, g, p, m) for p, m in sorted(pairs)]
