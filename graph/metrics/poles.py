"""Poles, contested model companies and open-weight public goods.

- A **pole** is a pair (cloud C, closed-weight model company M) such that

  1. C has the role ``CloudProvider``;
  2. M develops at least one model family with ``weightsAccess`` ``APIOnly``
     (released by ``as_of`` when its release date is known);
  3. money flows both ways between them (a 2-cycle of :func:`graph.views.money_flow`:
     typically equity C -> M and spend or capacity commitments M -> C);
  4. the binding depth of M to C (:func:`graph.metrics.binding.binding`) is at
     least ``min_depth`` (default 4).

  Why 4: the money 2-cycle by itself already brings about two layers (5 equity
  and 3 spend commitment). Requiring 4 asks for at least two more *operational*
  layers on top -- distribution, compute use, custom silicon or a
  priority/exclusivity clause -- so a pole is a structural alliance, not just a
  financial round trip. On the curated data as of 2026-04-30 this keeps the
  article's poles (depth 5-6) and leaves out Microsoft-Anthropic (depth 3:
  equity, a $30B Azure commitment and Claude on Foundry).

- A model company is **contested** when it is bound with depth >= ``min_depth``
  to two or more distinct ``CloudProvider`` companies.

- An open-weight model family (``OpenWeights`` or ``OpenWeightsRestricted``) is a
  **public good**: its exclusivity is 0 (any cloud may host it). Its **breadth**
  is the number of distinct platform operators that offer it (a platform with no
  recorded operator counts as its own operator).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from graph.claims import OPEN_WEIGHTS, ClaimData
from graph.dates import parse_date
from graph.memo import remembered
from graph.metrics.binding import BindingResult, bindings
from graph.metrics.result import MetricResult
from graph.views import availability, money_flow

__all__ = [
    "OPEN_WEIGHTS",
    "Contested",
    "Pole",
    "PublicGood",
    "closed_weight_companies",
    "contested",
    "poles",
    "public_goods",
]

#: ``aikg:weightsAccess`` values that make a model family a public good.
_CLOUD = "CloudProvider"


@dataclass(frozen=True)
class Pole(MetricResult):
    """A cloud and a closed-weight model company locked in a deep closed loop.

    Attributes
    ----------
    cloud, model : str
        IRIs of the cloud provider and of the model company.
    depth : int
        Binding depth of the model company to the cloud (0-6).
    strength : float
        Binding strength, in [0, 1].
    loop_kinds : tuple of str
        Kinds of money on the two hops of the 2-cycle, sorted (e.g. ``equity``, ``spend``).
    claims : tuple of str
        The binding evidence and the claims of both hops, sorted.
    """

    UNITS: ClassVar[dict[str, str]] = {"depth": "layers", "strength": "fraction"}

    cloud: str
    model: str
    depth: int
    strength: float
    loop_kinds: tuple[str, ...]
    claims: tuple[str, ...] = ()


@dataclass(frozen=True)
class Contested(MetricResult):
    """A model company deeply bound to several clouds.

    Attributes
    ----------
    model : str
        IRI of the model company.
    clouds : tuple of str
        IRIs of the cloud providers it is bound to with depth >= the threshold, sorted.
    claims : tuple of str
        The binding evidence with those clouds, sorted.
    """

    model: str
    clouds: tuple[str, ...]
    claims: tuple[str, ...] = ()


@dataclass(frozen=True)
class PublicGood(MetricResult):
    """An open-weight model family and how widely it is offered.

    Attributes
    ----------
    family : str
        IRI of the model family.
    developer : str or None
        IRI of its developer.
    weights : str
        ``OpenWeights`` or ``OpenWeightsRestricted``.
    breadth : int
        Number of distinct platform operators offering it.
    operators : tuple of str
        Those operators, sorted.
    claims : tuple of str
        The offering claims, sorted.
    """

    UNITS: ClassVar[dict[str, str]] = {"breadth": "operators"}

    family: str
    developer: str | None
    weights: str
    breadth: int
    operators: tuple[str, ...]
    claims: tuple[str, ...] = ()


def _released(released: date | None, day: date | None) -> bool:
    return day is None or released is None or released <= day


def closed_weight_companies(data: ClaimData, as_of: str | date | None = None) -> set[str]:
    """Developers of at least one ``APIOnly`` model family released by ``as_of``.

    Examples
    --------
    >>> from graph.claims import ClaimData, Entity
    >>> from graph.ids import entity_iri
    >>> data = ClaimData({entity_iri("f"): Entity(entity_iri("f"), "ModelFamily", "F",
    ...                                   developer=entity_iri("lab"), weights="APIOnly")}, {})
    >>> closed_weight_companies(data) == {entity_iri("lab")}
    True
    """
    day = parse_date(as_of)
    return {
        e.developer
        for e in data.entities.values()
        if e.kind == "ModelFamily"
        and e.weights == "APIOnly"
        and e.developer is not None
        and _released(e.released, day)
    }


def _deep_cloud_bindings(
    data: ClaimData, as_of: str | date | None, min_depth: int
) -> list[BindingResult]:
    return [
        r
        for r in bindings(data, as_of)
        if r.depth >= min_depth and data.has_role(r.provider, _CLOUD)
    ]


def poles(data: ClaimData, as_of: str | date | None = None, min_depth: int = 4) -> list[Pole]:
    """List the (cloud, closed-weight model company) pairs that form poles.

    Parameters
    ----------
    data : ClaimData
        From :func:`graph.claims.read_claims`.
    as_of : str or date, optional
        Only claims in force on that date count.
    min_depth : int
        Least binding depth (default 4; see the module notes for why).

    Returns
    -------
    list of Pole
        Sorted by strength (descending), depth (descending), cloud, model.

    Examples
    --------
    A cloud invests in a closed-weight lab, offers its models, and the lab
    commits spend on the cloud's own chips:

    >>> from graph.amounts import Amount
    >>> from graph.claims import Claim, ClaimData, Entity
    >>> from graph.ids import entity_iri
    >>> c, m, f, p, t = (entity_iri(s) for s in ("cloud", "lab", "fam", "plat", "chip"))
    >>> data = ClaimData(
    ...     {c: Entity(c, "Company", "Cloud", roles=("CloudProvider",)),
    ...      m: Entity(m, "Company", "Lab", roles=("ModelDeveloper",)),
    ...      f: Entity(f, "ModelFamily", "Fam", developer=m, weights="APIOnly"),
    ...      p: Entity(p, "CloudPlatform", "Plat", operator=c),
    ...      t: Entity(t, "Chip", "Chip", designer=c)},
    ...     {entity_iri("eq"): Claim(entity_iri("eq"), "EquityInvestment", "Confirmed",
    ...                              amount=Amount(4.0),
    ...                              parties={"investor": (c,), "investee": (m,)}),
    ...      entity_iri("sp"): Claim(entity_iri("sp"), "SpendCommitment", "Confirmed",
    ...                              amount=Amount(9.0),
    ...                              parties={"customer": (m,), "provider": (c,), "chip": (t,)}),
    ...      entity_iri("off"): Claim(entity_iri("off"), "ModelOffering", "Confirmed",
    ...                       parties={"platform": (p,), "modelFamily": (f,)})},
    ...     {1: 0.1, 2: 0.15, 3: 0.2, 4: 0.15, 5: 0.2, 6: 0.2})
    >>> [(x.depth, x.strength, x.loop_kinds) for x in poles(data)]
    [(4, 0.65, ('equity', 'spend'))]
    >>> poles(data, min_depth=5)
    []
    """
    day = parse_date(as_of)
    return remembered("poles", data, (day, min_depth), lambda: _poles(data, day, min_depth))


def _poles(data: ClaimData, as_of: date | None, min_depth: int) -> list[Pole]:
    g = money_flow(data, as_of)
    closed = closed_weight_companies(data, as_of)
    found = []
    for r in _deep_cloud_bindings(data, as_of, min_depth):
        cloud, model = r.provider, r.model
        if model not in closed or not (g.has_edge(cloud, model) and g.has_edge(model, cloud)):
            continue
        hops = [*g.get_edge_data(cloud, model).values(), *g.get_edge_data(model, cloud).values()]
        found.append(
            Pole(
                cloud=cloud,
                model=model,
                depth=r.depth,
                strength=r.strength,
                loop_kinds=tuple(sorted({a["kind"] for a in hops})),
                claims=tuple(sorted(set(r.claims) | {a["claim"] for a in hops})),
            )
        )
    return sorted(found, key=lambda x: (-x.strength, -x.depth, x.cloud, x.model))


def contested(
    data: ClaimData, as_of: str | date | None = None, min_depth: int = 4
) -> list[Contested]:
    """Model companies bound with depth >= ``min_depth`` to two or more clouds.

    Parameters
    ----------
    data : ClaimData
        From :func:`graph.claims.read_claims`.
    as_of : str or date, optional
        Only claims in force on that date count.
    min_depth : int
        Least binding depth to a cloud for it to count (default 4, as for poles).

    Returns
    -------
    list of Contested
        Sorted by number of clouds (descending), then model IRI.

    Examples
    --------
    >>> from graph.claims import Claim, ClaimData, Entity
    >>> from graph.ids import entity_iri
    >>> a, b, m = entity_iri("cloud-a"), entity_iri("cloud-b"), entity_iri("lab")
    >>> data = ClaimData(
    ...     {a: Entity(a, "Company", "A", roles=("CloudProvider",)),
    ...      b: Entity(b, "Company", "B", roles=("CloudProvider",)),
    ...      m: Entity(m, "Company", "Lab", roles=("ModelDeveloper",))},
    ...     {entity_iri(f"eq-{x[-1]}"): Claim(entity_iri(f"eq-{x[-1]}"), "EquityInvestment",
    ...                                       "Confirmed",
    ...                                       parties={"investor": (x,), "investee": (m,)})
    ...      for x in (a, b)},
    ...     {5: 0.2})
    >>> [(r.model == m, r.clouds == (a, b)) for r in contested(data, min_depth=1)]
    [(True, True)]
    >>> contested(data)
    []
    """
    clouds: dict[str, list[BindingResult]] = defaultdict(list)
    for r in _deep_cloud_bindings(data, as_of, min_depth):
        clouds[r.model].append(r)
    found = [
        Contested(
            model=model,
            clouds=tuple(sorted(r.provider for r in results)),
            claims=tuple(sorted({c for r in results for c in r.claims})),
        )
        for model, results in clouds.items()
        if len({r.provider for r in results}) >= 2
    ]
    return sorted(found, key=lambda x: (-len(x.clouds), x.model))


def public_goods(data: ClaimData, as_of: str | date | None = None) -> list[PublicGood]:
    """Every open-weight model family, with the platform operators that offer it.

    Parameters
    ----------
    data : ClaimData
        From :func:`graph.claims.read_claims`.
    as_of : str or date, optional
        Only offerings in force on that date count, and only families released
        by then (when their release date is known).

    Returns
    -------
    list of PublicGood
        Sorted by breadth (descending), then family IRI. Families offered
        nowhere are listed with breadth 0.

    Examples
    --------
    >>> from graph.claims import Claim, ClaimData, Entity
    >>> from graph.ids import entity_iri
    >>> f, p, q = entity_iri("open-fam"), entity_iri("plat-a"), entity_iri("plat-b")
    >>> data = ClaimData(
    ...     {f: Entity(f, "ModelFamily", "Open", developer=entity_iri("lab"),
    ...                weights="OpenWeights"),
    ...      p: Entity(p, "CloudPlatform", "A", operator=entity_iri("cloud-a")),
    ...      q: Entity(q, "CloudPlatform", "B", operator=entity_iri("cloud-b"))},
    ...     {entity_iri(f"off-{x[-1]}"): Claim(entity_iri(f"off-{x[-1]}"), "ModelOffering",
    ...                                        "Confirmed",
    ...                                        parties={"platform": (x,), "modelFamily": (f,)})
    ...      for x in (p, q)})
    >>> [(g.breadth, g.weights) for g in public_goods(data)]
    [(2, 'OpenWeights')]
    """
    day = parse_date(as_of)
    avail = availability(data, day)
    found = []
    for iri, e in data.entities.items():
        if e.kind != "ModelFamily" or e.weights not in OPEN_WEIGHTS:
            continue
        if not _released(e.released, day):
            continue
        operators: set[str] = set()
        claims: set[str] = set()
        if iri in avail:
            for platform in avail.neighbors(iri):
                operators.add(avail.nodes[platform]["operator"] or platform)
                claims.update(avail.edges[iri, platform]["claims"])
        found.append(
            PublicGood(
                family=iri,
                developer=e.developer,
                weights=str(e.weights),
                breadth=len(operators),
                operators=tuple(sorted(operators)),
                claims=tuple(sorted(claims)),
            )
        )
    return sorted(found, key=lambda x: (-x.breadth, x.family))
