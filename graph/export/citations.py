"""What a page needs to cite a claim: its name, amount, date, status and sources as links.

The pages ship one table of the claims their edges rest on (keyed by the claim's
slug) and one list of sources (URL, publisher, publication date), which the page
script turns into a list of links when an edge or node is clicked.

Examples
--------
>>> from graph.amounts import Amount
>>> from graph.claims import Claim, ClaimData, SourceInfo
>>> url = "https://www.example.com/news/deal"
>>> deal = Claim("https://w3id.org/aikg/id/deal-x", "EquityInvestment", "Confirmed",
...              name="X invests in Y", amount=Amount(4e10, "<="), sources=(url,))
>>> data = ClaimData({}, {deal.iri: deal},
...                  source_info={url: SourceInfo("Example News", None)})
>>> claims, sources = cited(data, [deal.iri])
>>> claims["deal-x"]["amount"], claims["deal-x"]["kind"], sources[0]["publisher"]
('up to $40B', 'equity investment', 'Example News')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from graph.claims import ClaimData
from graph.display import amount_text, capacity_text, day_text

__all__ = ["KIND_NAMES", "cited", "slug"]

#: Claim classes as a reader names them.
KIND_NAMES = {
    "EquityInvestment": "equity investment",
    "SpendCommitment": "spend commitment",
    "CapacityCommitment": "capacity commitment",
    "ComputeAgreement": "compute agreement",
    "ChipSupplyAgreement": "chip supply",
    "ModelOffering": "model offering",
    "HostingAgreement": "hosting agreement",
    "JointVenture": "joint venture",
    "ExclusivityClause": "exclusivity clause",
    "ComputeUsage": "compute usage",
    "Tranche": "tranche",
}


def slug(iri: str) -> str:
    """Return the last path segment of an IRI (the key of a claim in a page).

    Examples
    --------
    >>> slug("https://w3id.org/aikg/id/deal-x")
    'deal-x'
    """
    return iri.rsplit("/", 1)[-1]


def cited(data: ClaimData, iris: Iterable[str]) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """Return the claims ``iris`` as a page lists them, and the sources they cite.

    Parameters
    ----------
    data : ClaimData
        From :func:`graph.claims.read_claims` (with its ``source_info``).
    iris : iterable of str
        Claim IRIs (unknown ones are skipped).

    Returns
    -------
    (dict, list)
        Claim slug -> ``name``, ``kind``, ``amount`` (with its bound), ``date``,
        ``status``, ``stage`` and ``sources`` (indexes into the list); the list
        holds ``url``, ``publisher`` (the source node's, else the URL's host) and
        ``date`` (publication date, ``""`` when unknown).
    """
    index: dict[str, int] = {}
    sources: list[dict[str, str]] = []
    out: dict[str, Any] = {}
    for iri in sorted(set(iris)):
        c = data.claims.get(iri)
        if c is None:
            continue
        refs = []
        for url in c.sources:
            if url not in index:
                info = data.source_info.get(url)
                publisher = info.publisher if info and info.publisher else urlsplit(url).hostname
                published = info.published if info else None
                index[url] = len(sources)
                sources.append(
                    {"url": url, "publisher": publisher or "", "date": day_text(published, "")}
                )
            refs.append(index[url])
        amount = amount_text(c.amount)
        if not amount and c.native_amount is not None:
            amount = f"{c.native_amount.value:,.0f} {c.currency}"
        if c.capacity_gw is not None:
            amount = " · ".join(x for x in (amount, capacity_text(c.capacity_gw)) if x)
        out[slug(iri)] = {
            "name": c.name or slug(iri),
            "kind": KIND_NAMES.get(c.kind, c.kind),
            "amount": amount,
            "date": day_text(c.date, ""),
            "status": c.status,
            "stage": c.stage,
            "sources": refs,
        }
    return out, sources
