"""Hand-built entities and claims for the metric tests: one builder, shared.

``org("aws", "CloudProvider")``, ``claim("eq", "EquityInvestment", usd=Amount(4e9),
investor="aws", investee="lab")`` and ``kg(...)`` make a :class:`ClaimData` whose
slugs become ``id:`` IRIs, so each test reads like the deals it describes.
"""

from __future__ import annotations

from datetime import date

from graph.amounts import Amount
from graph.claims import Claim, ClaimData, Entity
from graph.ids import entity_iri

#: The ontology's layer weights (1 distribution ... 6 priority); they sum to 1.
WEIGHTS = {1: 0.1, 2: 0.15, 3: 0.2, 4: 0.15, 5: 0.2, 6: 0.2}


def org(slug: str, *roles: str) -> Entity:
    """A US company with these roles."""
    return Entity(entity_iri(slug), "Company", slug, country="US", roles=tuple(sorted(roles)))


def family(slug: str, developer: str, weights: str, released: str | None = None) -> Entity:
    """A model family of ``developer`` with this weights access (and release date)."""
    return Entity(
        entity_iri(slug),
        "ModelFamily",
        slug,
        developer=entity_iri(developer),
        weights=weights,
        released=date.fromisoformat(released) if released else None,
    )


def platform(slug: str, operator: str | None) -> Entity:
    """A cloud platform run by ``operator`` (``None``: no recorded operator)."""
    return Entity(
        entity_iri(slug), "CloudPlatform", slug, operator=entity_iri(operator) if operator else None
    )


def chip(slug: str, designer: str) -> Entity:
    """A chip designed by ``designer``."""
    return Entity(entity_iri(slug), "Chip", slug, designer=entity_iri(designer))


def claim(
    slug: str,
    kind: str,
    *,
    status: str = "Confirmed",
    on: str | None = None,
    end: str | None = None,
    usd: Amount | None = None,
    gw: Amount | None = None,
    **roles: str | tuple[str, ...],
) -> Claim:
    """A claim of ``kind``; each keyword role names one party slug or a tuple of them."""
    parties = {
        role: tuple(sorted(entity_iri(s) for s in ((v,) if isinstance(v, str) else v)))
        for role, v in roles.items()
    }
    return Claim(
        entity_iri(slug),
        kind,
        status,
        announced=date.fromisoformat(on) if on else None,
        end=date.fromisoformat(end) if end else None,
        amount=usd,
        capacity_gw=gw,
        parties=parties,
    )


def kg(*records: Entity | Claim) -> ClaimData:
    """The entities and claims as :class:`ClaimData`, with the ontology's layer weights."""
    entities = {r.iri: r for r in records if isinstance(r, Entity)}
    claims = {r.iri: r for r in records if isinstance(r, Claim)}
    return ClaimData(entities, claims, dict(WEIGHTS))
