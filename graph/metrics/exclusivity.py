"""Exclusivity of model families on clouds, and each cloud's share of exclusive closed models.

Definitions (DESIGN §4):

- **Family exclusivity**: an open-weight family (``OpenWeights`` or
  ``OpenWeightsRestricted``) scores 0, since any cloud may host it. Any other
  family scores ``1 / n`` where ``n`` is the number of distinct cloud providers
  offering it: operators with role ``CloudProvider`` of the platforms that
  offer the family in the availability view (model offerings and hosting
  agreements in force ``as_of``, disputed ones left out). A closed family that
  no cloud offers (only its developer's own API, say) scores ``None``.
- **Cloud exclusive share**: among the closed families offered on a cloud's
  platforms, the share that only this cloud offers. "Closed" means not
  open-weight: ``APIOnly`` (and, should one be offered, ``Unreleased`` or
  unknown access).

A developer that is itself a cloud (Google's Gemini on Vertex AI) counts as a
provider of its own family, so a family only its developer-cloud offers scores 1.

Examples
--------
>>> from graph.claims import Claim, ClaimData, Entity
>>> ents = [Entity("c1", "Company", "Cloud One", roles=("CloudProvider",)),
...         Entity("p1", "CloudPlatform", "P1", operator="c1"),
...         Entity("m", "Company", "Lab", roles=("ModelDeveloper",)),
...         Entity("f", "ModelFamily", "F", developer="m", weights="APIOnly")]
>>> offer = Claim("o1", "ModelOffering", "Confirmed",
...               parties={"platform": ("p1",), "modelFamily": ("f",)})
>>> data = ClaimData({e.iri: e for e in ents}, {"o1": offer})
>>> [(r.family, r.exclusivity) for r in exclusivity(data)]
[('f', 1.0)]
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from graph.claims import OPEN_WEIGHTS, ClaimData
from graph.dates import parse_date
from graph.metrics.result import MetricResult
from graph.views import availability

__all__ = [
    "OPEN_WEIGHTS",
    "CloudExclusiveShare",
    "FamilyExclusivity",
    "exclusive_share",
    "exclusivity",
]

#: Weights-access values that make a family open-weight.


@dataclass(frozen=True)
class FamilyExclusivity(MetricResult):
    """Exclusivity of one model family.

    Attributes
    ----------
    family : str
        IRI of the model family.
    developer : str or None
        IRI of its developer.
    weights : str or None
        Weights access (``OpenWeights``, ``OpenWeightsRestricted``, ``APIOnly``...).
    exclusivity : float or None
        0 for open weights, else ``1 / len(providers)``; ``None`` when no cloud offers it.
    providers : tuple of str
        Distinct cloud providers (role ``CloudProvider``) operating a platform that offers it.
    claims : tuple of str
        The offering claims the providers rest on (for open weights: every offering).
    """

    UNITS: ClassVar[dict[str, str]] = {"exclusivity": "ratio"}
    family: str
    developer: str | None
    weights: str | None
    exclusivity: float | None
    providers: tuple[str, ...] = ()
    claims: tuple[str, ...] = ()


@dataclass(frozen=True)
class CloudExclusiveShare(MetricResult):
    """How many of the closed families a cloud hosts only it offers.

    Attributes
    ----------
    cloud : str
        IRI of the cloud provider.
    closed_families : int
        Closed (not open-weight) families offered on its platforms.
    exclusive_families : int
        Those of them no other cloud provider offers.
    share : float or None
        ``exclusive_families / closed_families``; ``None`` when it hosts no closed family.
    families : tuple of str
        The closed families it hosts.
    exclusive : tuple of str
        The closed families only it offers.
    claims : tuple of str
        The offering claims of its closed families on its platforms.
    """

    UNITS: ClassVar[dict[str, str]] = {
        "closed_families": "families",
        "exclusive_families": "families",
        "share": "ratio",
    }
    cloud: str
    closed_families: int
    exclusive_families: int
    share: float | None
    families: tuple[str, ...] = ()
    exclusive: tuple[str, ...] = ()
    claims: tuple[str, ...] = ()


def _is_open(weights: str | None) -> bool:
    return weights in OPEN_WEIGHTS


def _offers(
    data: ClaimData, as_of: str | date | None, include_disputed: bool
) -> tuple[dict[str, set[str]], dict[tuple[str, str], set[str]], dict[str, set[str]]]:
    """Return family -> cloud providers, (family, cloud) -> claims, family -> all claims."""
    g = availability(data, as_of, include_disputed=include_disputed)
    clouds: dict[str, set[str]] = defaultdict(set)
    evidence: dict[tuple[str, str], set[str]] = defaultdict(set)
    every: dict[str, set[str]] = defaultdict(set)
    for u, v, attrs in g.edges(data=True):
        family, platform = (u, v) if g.nodes[u]["bipartite"] == 0 else (v, u)
        claims: tuple[str, ...] = attrs["claims"]
        every[family].update(claims)
        operator: str = g.nodes[platform]["operator"]
        if operator and data.has_role(operator, "CloudProvider"):
            clouds[family].add(operator)
            evidence[(family, operator)].update(claims)
    return clouds, evidence, every


def exclusivity(
    data: ClaimData, as_of: str | date | None = None, *, include_disputed: bool = False
) -> list[FamilyExclusivity]:
    """Exclusivity of every model family.

    Parameters
    ----------
    data : ClaimData
        From :func:`graph.claims.read_claims`.
    as_of : date or str, optional
        Count offerings in force on that date; families first released after
        it are left out (undated families always count).
    include_disputed : bool
        Count disputed offerings too.

    Returns
    -------
    list of FamilyExclusivity
        One per ``ModelFamily`` entity, sorted by family IRI.

    Examples
    --------
    >>> from graph.claims import Claim, ClaimData, Entity
    >>> ents = [Entity(c, "Company", c, roles=("CloudProvider",)) for c in ("c1", "c2", "c3")]
    >>> ents += [Entity(f"p{i}", "CloudPlatform", f"P{i}", operator=f"c{i}") for i in (1, 2, 3)]
    >>> ents += [Entity("closed", "ModelFamily", "Closed", weights="APIOnly"),
    ...          Entity("open", "ModelFamily", "Open", weights="OpenWeights"),
    ...          Entity("lonely", "ModelFamily", "Lonely", weights="APIOnly")]
    >>> offers = [Claim(f"o{i}", "ModelOffering", "Confirmed",
    ...                 parties={"platform": (f"p{i}",), "modelFamily": ("closed", "open")})
    ...           for i in (1, 2, 3)]
    >>> data = ClaimData({e.iri: e for e in ents}, {c.iri: c for c in offers})
    >>> [(r.family, r.exclusivity, len(r.providers)) for r in exclusivity(data)]
    [('closed', 0.3333333333333333, 3), ('lonely', None, 0), ('open', 0.0, 3)]
    """
    day = parse_date(as_of)
    clouds, evidence, every = _offers(data, day, include_disputed)
    results = []
    for iri in sorted(data.entities):
        fam = data.entities[iri]
        if fam.kind != "ModelFamily":
            continue
        if day is not None and fam.released is not None and fam.released > day:
            continue
        providers = tuple(sorted(clouds.get(iri, ())))
        if _is_open(fam.weights):
            score: float | None = 0.0
            claims = every.get(iri, set())
        else:
            score = 1 / len(providers) if providers else None
            claims = {c for p in providers for c in evidence[(iri, p)]}
        results.append(
            FamilyExclusivity(
                family=iri,
                developer=fam.developer,
                weights=fam.weights,
                exclusivity=score,
                providers=providers,
                claims=tuple(sorted(claims)),
            )
        )
    return results


def exclusive_share(
    data: ClaimData, as_of: str | date | None = None, *, include_disputed: bool = False
) -> list[CloudExclusiveShare]:
    """Share of each cloud's hosted closed families that only it offers.

    Parameters
    ----------
    data : ClaimData
        From :func:`graph.claims.read_claims`.
    as_of : date or str, optional
        Count offerings in force on that date.
    include_disputed : bool
        Count disputed offerings too.

    Returns
    -------
    list of CloudExclusiveShare
        One per cloud provider that operates a platform offering at least one
        family in the availability view, sorted by cloud IRI.

    Examples
    --------
    Cloud 1 hosts closed families A and B and open family O; cloud 2 hosts B
    only. Cloud 1: 1 of its 2 closed families (A) is exclusive → 0.5; cloud 2:
    0 of 1 → 0.0.

    >>> from graph.claims import Claim, ClaimData, Entity
    >>> ents = [Entity(c, "Company", c, roles=("CloudProvider",)) for c in ("c1", "c2")]
    >>> ents += [Entity(f"p{i}", "CloudPlatform", f"P{i}", operator=f"c{i}") for i in (1, 2)]
    >>> ents += [Entity(f, "ModelFamily", f, weights="APIOnly") for f in ("A", "B")]
    >>> ents += [Entity("O", "ModelFamily", "O", weights="OpenWeights")]
    >>> offers = [Claim("o1", "ModelOffering", "Confirmed",
    ...                 parties={"platform": ("p1",), "modelFamily": ("A", "B", "O")}),
    ...           Claim("o2", "ModelOffering", "Confirmed",
    ...                 parties={"platform": ("p2",), "modelFamily": ("B",)})]
    >>> data = ClaimData({e.iri: e for e in ents}, {c.iri: c for c in offers})
    >>> [(r.cloud, r.closed_families, r.exclusive_families, r.share, r.exclusive)
    ...  for r in exclusive_share(data)]
    [('c1', 2, 1, 0.5, ('A',)), ('c2', 1, 0, 0.0, ())]
    """
    clouds, evidence, _ = _offers(data, parse_date(as_of), include_disputed)
    hosted: dict[str, set[str]] = defaultdict(set)
    for family, providers in clouds.items():
        for cloud in providers:
            hosted[cloud].add(family)
    results = []
    for cloud in sorted(hosted):
        closed = sorted(
            f
            for f in hosted[cloud]
            if not _is_open(data.entities[f].weights if f in data.entities else None)
        )
        only = tuple(f for f in closed if clouds[f] == {cloud})
        results.append(
            CloudExclusiveShare(
                cloud=cloud,
                closed_families=len(closed),
                exclusive_families=len(only),
                share=len(only) / len(closed) if closed else None,
                families=tuple(closed),
                exclusive=only,
                claims=tuple(sorted({c for f in closed for c in evidence[(f, cloud)]})),
            )
        )
    return results
