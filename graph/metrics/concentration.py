"""Supplier concentration: the Herfindahl index of a model company's compute commitments.

Definition (DESIGN §4). For a model company M, the *commitments* are the
claims in force ``as_of`` (disputed ones left out) with M as ``aikg:customer``:

- every ``SpendCommitment`` and ``CapacityCommitment``;
- every ``ComputeAgreement`` or ``ChipSupplyAgreement`` that links no
  commitment claims of its own (``aikg:commitment``); one that does is
  represented by those commitments, so nothing is counted twice.

The weight of a provider P is the sum, over M's commitments naming P as
``aikg:provider``, of

- the USD amount (basis ``"usd"``) when at least one commitment has one;
  commitments without a USD amount are then left out;
- else the capacity in GW (basis ``"gw"``) when at least one has a capacity;
- else 1 per commitment (basis ``"count"``).

A commitment with several customers or providers is split evenly among the
(customer, provider) pairs (each party's part is not known). Bounded
figures (``>=``, ``<=``) are used at face value: "over $100B" weighs $100B.
The share of P is its weight over the total, and

    HHI = sum over providers of share²,

which lies in (0, 1]: 1 for a single supplier, 1/n for n equal ones.

Examples
--------
>>> from graph.amounts import Amount
>>> from graph.claims import Claim, ClaimData
>>> claims = [Claim(f"k{i}", "SpendCommitment", "Confirmed", amount=Amount(v),
...                 parties={"customer": ("m",), "provider": (p,)})
...           for i, (p, v) in enumerate([("a", 5.0), ("b", 3.0), ("c", 2.0)])]
>>> data = ClaimData({}, {c.iri: c for c in claims})
>>> round(supplier_concentration(data, "m").hhi, 4)  # 0.5² + 0.3² + 0.2²
0.38
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar, Literal

from graph.amounts import Amount
from graph.claims import Claim, ClaimData
from graph.counting import counted
from graph.dates import parse_date
from graph.metrics.result import MetricResult

__all__ = [
    "COMMITMENT_KINDS",
    "PURCHASE_KINDS",
    "Basis",
    "SupplierConcentration",
    "commitments",
    "supplier_concentration",
    "supplier_concentrations",
]

Basis = Literal["usd", "gw", "count"]
#: Claim kinds that are commitments in their own right.
COMMITMENT_KINDS = frozenset({"SpendCommitment", "CapacityCommitment"})
#: Purchase deals that count as a commitment when they link none of their own.
PURCHASE_KINDS = frozenset({"ComputeAgreement", "ChipSupplyAgreement"})


@dataclass(frozen=True)
class SupplierConcentration(MetricResult):
    """Herfindahl index of one model company's compute commitments.

    Attributes
    ----------
    model : str
        IRI of the model company.
    hhi : float
        Sum of squared provider shares, in (0, 1].
    basis : {"usd", "gw", "count"}
        What the shares measure.
    shares : dict of str to float
        Provider IRI -> share of the company's committed total (sums to 1).
    claims : tuple of str
        The commitments counted.
    """

    UNITS: ClassVar[dict[str, str]] = {"hhi": "index", "shares": "ratio"}
    model: str
    hhi: float
    basis: Basis
    shares: dict[str, float] = field(default_factory=dict)
    claims: tuple[str, ...] = ()


def commitments(
    data: ClaimData,
    model: str,
    as_of: str | date | None = None,
    *,
    include_disputed: bool = False,
) -> list[Claim]:
    """Return the compute commitments of ``model`` (as customer) in force ``as_of``.

    Parameters
    ----------
    data : ClaimData
        From :func:`graph.claims.read_claims`.
    model : str
        IRI of the model company.
    as_of : date or str, optional
        Keep only claims in force on that date.
    include_disputed : bool
        Keep disputed claims too.

    Returns
    -------
    list of Claim
        Sorted by IRI; see the module docstring for which claims count.

    Examples
    --------
    A purchase deal that links a commitment is represented by it:

    >>> from graph.claims import Claim, ClaimData
    >>> deal = Claim("d", "ComputeAgreement", "Confirmed",
    ...              parties={"customer": ("m",), "provider": ("p",), "commitment": ("k",)})
    >>> commit = Claim("k", "CapacityCommitment", "Confirmed",
    ...                parties={"customer": ("m",), "provider": ("p",)})
    >>> [c.iri for c in commitments(ClaimData({}, {"d": deal, "k": commit}), "m")]
    ['k']
    """
    day = parse_date(as_of)
    add = counted(data, day, include_disputed=include_disputed)
    found = []
    for iri in sorted(data.claims):
        c = data.claims[iri]
        if model not in c.party("customer") or not c.party("provider"):
            continue
        if iri not in add:
            continue
        if c.kind in COMMITMENT_KINDS or (c.kind in PURCHASE_KINDS and not c.party("commitment")):
            found.append(c)
    return found


def _weight(c: Claim, basis: Basis) -> float | None:
    quantity: Amount | None
    if basis == "count":
        return 1.0
    quantity = c.amount if basis == "usd" else c.capacity_gw
    return None if quantity is None else quantity.value


def supplier_concentration(
    data: ClaimData,
    model: str,
    as_of: str | date | None = None,
    *,
    include_disputed: bool = False,
) -> SupplierConcentration | None:
    """Herfindahl index of ``model``'s commitments across providers.

    Parameters
    ----------
    data : ClaimData
        From :func:`graph.claims.read_claims`.
    model : str
        IRI of the model company.
    as_of : date or str, optional
        Count commitments in force on that date.
    include_disputed : bool
        Count disputed commitments too.

    Returns
    -------
    SupplierConcentration or None
        ``None`` when the company has no commitment (or all weigh 0).

    Examples
    --------
    Two providers with capacity only (GW basis): 3 GW and 1 GW → shares 0.75
    and 0.25, HHI = 0.5625 + 0.0625 = 0.625. The shared commitment (two
    providers) splits its 2 GW evenly: a gets 2 + 1 = 3, b gets 1.

    >>> from graph.amounts import Amount
    >>> from graph.claims import Claim, ClaimData
    >>> k1 = Claim("k1", "CapacityCommitment", "Confirmed", capacity_gw=Amount(2.0),
    ...            parties={"customer": ("m",), "provider": ("a",)})
    >>> k2 = Claim("k2", "CapacityCommitment", "Confirmed", capacity_gw=Amount(2.0, ">="),
    ...            parties={"customer": ("m",), "provider": ("a", "b")})
    >>> r = supplier_concentration(ClaimData({}, {"k1": k1, "k2": k2}), "m")
    >>> r.basis, r.hhi, r.shares
    ('gw', 0.625, {'a': 0.75, 'b': 0.25})
    >>> supplier_concentration(ClaimData({}, {}), "m") is None
    True
    """
    found = commitments(data, model, as_of, include_disputed=include_disputed)
    return _from_commitments(model, found)


def _from_commitments(model: str, found: list[Claim]) -> SupplierConcentration | None:
    """Compute the HHI of ``model`` from its commitments (see :func:`supplier_concentration`)."""
    if not found:
        return None
    basis: Basis = (
        "usd"
        if any(c.amount is not None for c in found)
        else "gw"
        if any(c.capacity_gw is not None for c in found)
        else "count"
    )
    weights: dict[str, float] = defaultdict(float)
    used = []
    for c in found:
        w = _weight(c, basis)
        if w is None:
            continue
        used.append(c.iri)
        providers = c.party("provider")
        split = len(c.party("customer")) * len(providers)
        for p in providers:
            weights[p] += w / split
    total = sum(weights.values())
    if total <= 0:
        return None
    shares = {p: weights[p] / total for p in sorted(weights)}
    return SupplierConcentration(
        model=model,
        hhi=sum(s * s for s in shares.values()),
        basis=basis,
        shares=shares,
        claims=tuple(used),
    )


def supplier_concentrations(
    data: ClaimData, as_of: str | date | None = None, *, include_disputed: bool = False
) -> list[SupplierConcentration]:
    """Supplier concentration of every model company with at least one commitment.

    Parameters
    ----------
    data : ClaimData
        From :func:`graph.claims.read_claims`.
    as_of : date or str, optional
        Count commitments in force on that date.
    include_disputed : bool
        Count disputed commitments too.

    Returns
    -------
    list of SupplierConcentration
        One per company with role ``ModelDeveloper``, sorted by IRI.

    Examples
    --------
    >>> from graph.amounts import Amount
    >>> from graph.claims import Claim, ClaimData, Entity
    >>> lab = Entity("m", "Company", "Lab", roles=("ModelDeveloper",))
    >>> k = Claim("k", "SpendCommitment", "Confirmed", amount=Amount(1e9),
    ...           parties={"customer": ("m",), "provider": ("p",)})
    >>> data = ClaimData({"m": lab}, {"k": k})
    >>> [(r.model, r.hhi, r.basis) for r in supplier_concentrations(data)]
    [('m', 1.0, 'usd')]
    """
    day = parse_date(as_of)
    # one pass over the claims, indexed by customer (not one pass per company)
    by_customer: dict[str, list[Claim]] = defaultdict(list)
    add = counted(data, day, include_disputed=include_disputed)
    for iri in sorted(data.claims):
        c = data.claims[iri]
        if not c.party("provider") or iri not in add:
            continue
        if c.kind in COMMITMENT_KINDS or (c.kind in PURCHASE_KINDS and not c.party("commitment")):
            for customer in c.party("customer"):
                by_customer[customer].append(c)
    results = []
    for iri in sorted(by_customer):
        if not data.has_role(iri, "ModelDeveloper"):
            continue
        r = _from_commitments(iri, by_customer[iri])
        if r is not None:
            results.append(r)
    return results
