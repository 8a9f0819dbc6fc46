"""Which resources of the entity site get a page, and where every other one is shown.

Companies, model families, platforms, chips, data centres, government bodies and
programmes get a page each (``id/<slug>.html``), and so does every deal. The long tail is
grouped: a model release is listed on its family's page (else its developer's), a compute
cluster on its operator's, a tranche or clause on its deal's; imported organisations that
are not curated entities (universities, labs, small firms) share one page,
``others.html``, with their releases and clusters, and so do releases and clusters whose
owner is unknown. Any other claim (an offering, an observation...) is a row on the pages
of its parties. :attr:`SitePlan.places` says where each one is, so a link or an
``/id/<slug>`` request finds it.

Examples
--------
>>> page_file("deal-amazon-anthropic-2026"), page_file("x/../y")[:2]
('deal-amazon-anthropic-2026', 'x-')
>>> Place("others.html", "epoch-org-mit").href_from_page()
'../others.html#epoch-org-mit'
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from graph.claims import CLAIM_LINKS, ClaimData
from graph.export.site_data import Resources
from graph.ids import ENTITY_NS

__all__ = [
    "DEAL_KINDS",
    "OTHERS",
    "PAGE_KINDS",
    "Place",
    "SitePlan",
    "page_file",
    "plan_site",
]

#: Entity classes with a page of their own, in the order the index lists them.
PAGE_KINDS = (
    "Company",
    "ModelFamily",
    "CloudPlatform",
    "Chip",
    "DataCenter",
    "GovernmentBody",
    "Program",
)
#: Claim classes with a page of their own (tranches and clauses show on their deal's).
DEAL_KINDS = frozenset(
    {
        "EquityInvestment",
        "SpendCommitment",
        "CapacityCommitment",
        "ComputeAgreement",
        "ChipSupplyAgreement",
        "HostingAgreement",
        "Partnership",
        "Acquisition",
        "Deal",
        "JointVenture",
    }
)
#: The page of the long tail without a page of its own.
OTHERS = "others.html"
_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,150}$")


def page_file(slug: str) -> str:
    """Return the file name stem of a slug's page: the slug when file-safe, else a hash."""
    if _SAFE.match(slug) and ".." not in slug:
        return slug
    return "x-" + hashlib.sha256(slug.encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True)
class Place:
    """Where a resource is shown: a page of the site (relative to ``site/``) and an anchor."""

    page: str
    anchor: str = ""

    def href_from_page(self) -> str:
        """Return the link to it from an entity page (which lives in ``site/id/``)."""
        target = self.page[3:] if self.page.startswith("id/") else "../" + self.page
        return target + (f"#{self.anchor}" if self.anchor else "")

    def href_from_root(self) -> str:
        """Return the link to it from a page at the top of ``site/`` (the index)."""
        return self.page + (f"#{self.anchor}" if self.anchor else "")


@dataclass
class SitePlan:
    """The pages of the site and the place of every resource (see :func:`plan_site`)."""

    #: IRI -> page path (``id/<file>.html``) of every resource with a page of its own
    pages: dict[str, str] = field(default_factory=dict)
    #: IRI -> where it is shown, for every resource with a page or a place on one
    places: dict[str, Place] = field(default_factory=dict)
    #: page-owner IRI -> the long-tail IRIs listed on its page (releases, clusters)
    tail: dict[str, list[str]] = field(default_factory=dict)
    #: imported organisations listed on ``others.html``
    others: list[str] = field(default_factory=list)
    #: releases and clusters without a known owner, listed on ``others.html``
    orphans: list[str] = field(default_factory=list)
    #: tranche or clause IRI -> its deal
    parts: dict[str, str] = field(default_factory=dict)

    def href(self, iri: str, *, from_root: bool = False) -> str:
        """Return the link to ``iri`` from a page (``""`` when it is shown nowhere)."""
        place = self.places.get(iri)
        if place is None:
            return ""
        return place.href_from_root() if from_root else place.href_from_page()


def _slug(iri: str) -> str:
    return iri[len(ENTITY_NS) :] if iri.startswith(ENTITY_NS) else iri


def _own_page(plan: SitePlan, iri: str) -> None:
    path = f"id/{page_file(_slug(iri))}.html"
    plan.pages[iri] = path
    plan.places[iri] = Place(path)


def _place_tail(plan: SitePlan, iri: str, owners: Iterable[str | None], imported: set[str]) -> None:
    for owner in owners:
        if owner is None:
            continue
        if owner in plan.pages:
            plan.tail.setdefault(owner, []).append(iri)
            plan.places[iri] = Place(plan.pages[owner], _slug(iri))
            return
        if owner in imported:
            plan.tail.setdefault(owner, []).append(iri)
            plan.places[iri] = Place(OTHERS, _slug(iri))
            return
    plan.orphans.append(iri)
    plan.places[iri] = Place(OTHERS, _slug(iri))


def _place_claims(plan: SitePlan, data: ClaimData) -> None:
    """Place tranches and clauses on their deal's page, other claims on a party's page."""
    for deal in sorted(data.claims):
        if deal not in plan.pages:
            continue
        for link in CLAIM_LINKS:
            for part in data.claims[deal].party(link):
                if part in data.claims and part not in plan.pages and part not in plan.parts:
                    plan.parts[part] = deal
                    plan.places[part] = Place(plan.pages[deal], _slug(part))
    for iri in sorted(data.claims):  # the rest: a row on the page of its first party
        if iri in plan.places:
            continue
        parties = sorted(
            who
            for role, ps in data.claims[iri].parties.items()
            if role not in CLAIM_LINKS
            for who in ps
            if who in plan.pages
        )
        if parties:
            plan.places[iri] = Place(plan.pages[parties[0]], _slug(iri))


def plan_site(data: ClaimData, resources: Resources) -> SitePlan:
    """Decide the pages of the site and where the long tail goes.

    Parameters
    ----------
    data : ClaimData
        The claims and entities.
    resources : Resources
        From :func:`graph.export.site_data.read_resources` (for imported organisations,
        which are not entities of the claims).

    Returns
    -------
    SitePlan
    """
    plan = SitePlan()
    for iri in sorted(data.entities):
        if data.entities[iri].kind in PAGE_KINDS:
            _own_page(plan, iri)
    for iri in sorted(data.claims):
        if data.claims[iri].kind in DEAL_KINDS:
            _own_page(plan, iri)
    imported = {
        r.iri
        for r in resources
        if "Organization" in r.types and r.iri not in data.entities and r.iri.startswith(ENTITY_NS)
    }
    for iri in sorted(imported):
        plan.others.append(iri)
        plan.places[iri] = Place(OTHERS, _slug(iri))
    for iri in sorted(data.entities):
        e = data.entities[iri]
        if e.kind == "ModelRelease":
            _place_tail(plan, iri, (e.family, e.developer), imported)
        elif e.kind == "ComputeCluster":
            _place_tail(plan, iri, (e.operator,), imported)
    _place_claims(plan, data)
    return plan
