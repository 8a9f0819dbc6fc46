"""Regional proportions: open-weight vs closed releases, and binding strength inside closed loops.

Regions (:func:`region_of`) group ISO 3166 alpha-2 country codes: ``"US"``;
``"China"`` (CN, HK); ``"Europe"`` (EU and EEA members, plus GB and CH, and
the pseudo-code EU); ``"Other"`` for every other code or none.

**Open-weight share** (:func:`regional_proportions`): among the releases
counted in a region (and year), ``open / (open + closed)`` where open means
weights access ``OpenWeights`` or ``OpenWeightsRestricted``
(:data:`graph.claims.OPEN_WEIGHTS`) and closed means ``APIOnly``;
``Unreleased`` or unknown access is not counted. What a release is depends on
``unit`` (the default, and what ``aikg metrics`` uses, is ``"release"``):

- ``"release"`` (default): each ``ModelRelease`` (for the Epoch AI import, one
  row of ``notable_ai_models.csv``) counts with its own access else its
  family's, dated by its own publication date. A family with no
  ``ModelRelease`` of its own (curated families Epoch does not list) counts
  as one release, its first.
- ``"family"``: each ``ModelFamily`` counts once, with its access, dated by
  its first release; its releases are ignored.

**Regions of a release.** A release counts once in *each* region its
countries belong to, and never twice in the same region. Its countries are all
its ``aikg:countryCode`` values (:attr:`graph.claims.Entity.countries`; the
Epoch importer writes one per country of the "Country (of organization)"
column); a release without any takes its developer's, a family its own (else
its developer's); with none at all it counts in ``"Other"``. So a US-UK
co-release (Gemini 2.5 Pro) counts in ``"US"`` and in ``"Europe"``; a
CN-HK release counts once in ``"China"``. Per-region figures are therefore
not shares of one total: summed over regions, co-developed releases count
more than once.

**Dates.** With ``since`` (default 2023), releases published before 1 January
of that year are left out; with ``as_of``, releases published after that day
(and undated ones) are left out. Undated releases are also left out as soon as
a year matters (``since`` or ``by_year``).

**Closed-loop share** (:func:`closed_loop_share`): for the model companies of
a region, the binding strength summed over (model company, provider) pairs,
and the part of it from pairs whose money flows both ways (a 2-cycle in the
money-flow view). Binding strength of a pair = the sum of the layer weights
(``ClaimData.layer_weights``) of the distinct layers linking them.

Examples
--------
>>> region_of("FR"), region_of("HK"), region_of("CH"), region_of("JP"), region_of(None)
('Europe', 'China', 'Europe', 'Other', 'Other')
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import ClassVar, Literal

from graph.claims import OPEN_WEIGHTS, ClaimData, Entity
from graph.dates import parse_date
from graph.metrics.binding import bindings
from graph.metrics.result import MetricResult
from graph.views import money_flow

__all__ = [
    "EUROPE",
    "REGIONS",
    "ClosedLoopShare",
    "RegionShare",
    "Unit",
    "closed_loop_share",
    "region_of",
    "regional_proportions",
    "regions_of",
]

#: EU members, EEA members (IS, LI, NO), GB, CH, and the code EU itself.
EUROPE = frozenset(
    {
        *("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "IE", "IT"),
        *("LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"),
        *("IS", "LI", "NO", "GB", "CH", "EU"),
    }
)
#: Region names in display order.
REGIONS = ("US", "China", "Europe", "Other")
_CLOSED = frozenset({"APIOnly"})

Unit = Literal["family", "release"]


def region_of(country: str | None) -> str:
    """Return the region of an ISO 3166 alpha-2 country code.

    Parameters
    ----------
    country : str or None
        Country code (case-insensitive).

    Returns
    -------
    str
        ``"US"``, ``"China"``, ``"Europe"`` or ``"Other"``.

    Examples
    --------
    >>> [region_of(c) for c in ("us", "CN", "NO", "AE")]
    ['US', 'China', 'Europe', 'Other']
    """
    code = (country or "").upper()
    if code == "US":
        return "US"
    if code in {"CN", "HK"}:
        return "China"
    if code in EUROPE:
        return "Europe"
    return "Other"


@dataclass(frozen=True)
class RegionShare(MetricResult):
    """Open-weight and closed releases of a region (in a year, or over all years since).

    Attributes
    ----------
    region : str
        ``"US"``, ``"China"``, ``"Europe"`` or ``"Other"``.
    year : int or None
        The release year, or ``None`` for all years counted together.
    open_releases : int
        Open-weight releases.
    closed_releases : int
        Closed (API-only) releases.
    open_share : float or None
        ``open / (open + closed)``; ``None`` when there is neither.
    entities : tuple of str
        The families or releases counted.
    claims : tuple of str
        Always empty: releases are entities, not claims.
    """

    UNITS: ClassVar[dict[str, str]] = {
        "open_releases": "releases",
        "closed_releases": "releases",
        "open_share": "ratio",
    }
    region: str
    year: int | None
    open_releases: int
    closed_releases: int
    open_share: float | None
    entities: tuple[str, ...] = ()
    claims: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClosedLoopShare(MetricResult):
    """Binding strength of a region's model companies, and the part inside money 2-cycles.

    Attributes
    ----------
    region : str
        Region of the model companies.
    strength_total : float
        Binding strength summed over (model company, provider) pairs.
    strength_in_loops : float
        The part from pairs with money flowing both ways.
    share : float or None
        ``strength_in_loops / strength_total``; ``None`` when the total is 0.
    claims : tuple of str
        Binding and money-flow claims of the pairs in loops.
    """

    UNITS: ClassVar[dict[str, str]] = {
        "strength_total": "binding strength",
        "strength_in_loops": "binding strength",
        "share": "ratio",
    }
    region: str
    strength_total: float
    strength_in_loops: float
    share: float | None
    claims: tuple[str, ...] = ()


def _family_of(release: Entity) -> str | None:
    """Return the ``aikg:family`` of a release, once :class:`Entity` carries one."""
    family: str | None = getattr(release, "family", None)
    return family


def _countries_of(e: Entity | None) -> tuple[str, ...]:
    """Return every country code of ``e`` (``country`` alone when ``countries`` is not set)."""
    if e is None:
        return ()
    return e.countries or ((e.country,) if e.country else ())


def regions_of(countries: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Return the distinct regions of some country codes, in :data:`REGIONS` order.

    No country gives ``("Other",)``: a release always counts somewhere.

    Examples
    --------
    >>> regions_of(("GB", "US")), regions_of(("CN", "HK")), regions_of(())
    (('US', 'Europe'), ('China',), ('Other',))
    """
    found = {region_of(c) for c in countries} or {"Other"}
    return tuple(r for r in REGIONS if r in found)


def _release_items(
    data: ClaimData, unit: Unit
) -> list[tuple[str, tuple[str, ...], date | None, bool]]:
    """Return (IRI, regions, date, is_open) for each release counted (see the module docstring)."""
    items: list[tuple[str, tuple[str, ...], date | None, bool]] = []
    released_families: set[str] = set()
    if unit == "release":
        for iri in sorted(data.entities):
            e = data.entities[iri]
            if e.kind != "ModelRelease":
                continue
            family = _family_of(e)
            fam = data.entities.get(family) if family else None
            if family:
                released_families.add(family)
            weights = e.weights or (fam.weights if fam else None)
            dev = data.entities.get(e.developer or (fam.developer if fam else None) or "")
            countries = _countries_of(e) or _countries_of(dev)
            if weights in OPEN_WEIGHTS | _CLOSED:
                items.append((iri, regions_of(countries), e.released, weights in OPEN_WEIGHTS))
    for iri in sorted(data.entities):
        e = data.entities[iri]
        if e.kind != "ModelFamily" or iri in released_families:
            continue
        if e.weights in OPEN_WEIGHTS | _CLOSED:
            dev = data.entities.get(e.developer or "")
            countries = _countries_of(e) or _countries_of(dev)
            items.append((iri, regions_of(countries), e.released, e.weights in OPEN_WEIGHTS))
    return items


def regional_proportions(
    data: ClaimData,
    since: int | None = 2023,
    by_year: bool = False,
    unit: Unit = "release",
    as_of: str | date | None = None,
) -> list[RegionShare]:
    """Share of open-weight releases per region (and year).

    How a release is counted, per region: each ``ModelRelease`` (one Epoch
    model row), or with ``unit="family"`` each ``ModelFamily``, counts once
    in every region of its countries (a US-UK release in ``"US"`` and in
    ``"Europe"``; a CN-HK release once in ``"China"``); it is open when its
    weights access (its own, else its family's) is in
    :data:`graph.claims.OPEN_WEIGHTS`, closed when it is ``APIOnly``, and
    left out otherwise (``Unreleased``, unknown). Details in the module
    docstring.

    Parameters
    ----------
    data : ClaimData
        From :func:`graph.claims.read_claims`.
    since : int or None
        First release year counted (``None``: all, undated releases included
        unless ``by_year``).
    by_year : bool
        One result per region and year instead of one per region.
    unit : {"release", "family"}
        Count individual releases (default; ``aikg metrics`` counts these too)
        or model families once each (see the module docstring).
    as_of : date or str, optional
        Count only releases published on or before this date.

    Returns
    -------
    list of RegionShare
        Regions in :data:`REGIONS` order (then by year); regions with no
        release are left out. A co-developed release is in the ``entities``
        of each of its regions, so the counts of all regions may add up to
        more than the number of releases.

    Examples
    --------
    Two open US families and one closed (2 / 3 open), one open Chinese family
    released before ``since`` (not counted):

    >>> from datetime import date
    >>> from graph.claims import OPEN_WEIGHTS, ClaimData, Entity
    >>> fams = [Entity("a", "ModelFamily", "A", "US", weights="OpenWeights",
    ...                released=date(2023, 5, 1)),
    ...         Entity("b", "ModelFamily", "B", "US", weights="OpenWeightsRestricted",
    ...                released=date(2024, 1, 1)),
    ...         Entity("c", "ModelFamily", "C", "US", weights="APIOnly",
    ...                released=date(2024, 2, 1)),
    ...         Entity("d", "ModelFamily", "D", "CN", weights="OpenWeights",
    ...                released=date(2022, 2, 1))]
    >>> data = ClaimData({e.iri: e for e in fams}, {})
    >>> [(r.region, r.open_releases, r.closed_releases, round(r.open_share, 3))
    ...  for r in regional_proportions(data)]
    [('US', 2, 1, 0.667)]
    >>> [(r.year, r.open_share) for r in regional_proportions(data, by_year=True)]
    [(2023, 1.0), (2024, 0.5)]

    A closed US-UK release counts in both regions, a CN-HK one once in China:

    >>> rel = [Entity("g", "ModelRelease", "G", "GB", countries=("GB", "US"),
    ...               weights="APIOnly", released=date(2025, 3, 1)),
    ...        Entity("q", "ModelRelease", "Q", "CN", countries=("CN", "HK"),
    ...               weights="OpenWeights", released=date(2025, 4, 1))]
    >>> data = ClaimData({e.iri: e for e in rel}, {})
    >>> [(r.region, r.open_releases, r.closed_releases, r.entities)
    ...  for r in regional_proportions(data)]
    [('US', 0, 1, ('g',)), ('China', 1, 0, ('q',)), ('Europe', 0, 1, ('g',))]
    """
    counts: dict[tuple[str, int | None], tuple[list[str], list[str]]] = defaultdict(
        lambda: ([], [])
    )
    dated_only = since is not None or by_year
    until = parse_date(as_of)
    for iri, regions, day, is_open in _release_items(data, unit):
        if day is None and dated_only:
            continue
        if until is not None and (day is None or day > until):
            continue
        if since is not None and day is not None and day.year < since:
            continue
        year = day.year if by_year and day is not None else None
        for region in regions:  # once in each of its regions, never twice in one
            counts[(region, year)][0 if is_open else 1].append(iri)
    results = []
    for region, year in sorted(counts, key=lambda k: (REGIONS.index(k[0]), k[1] or 0)):
        opened, closed = counts[(region, year)]
        n = len(opened) + len(closed)
        results.append(
            RegionShare(
                region=region,
                year=year,
                open_releases=len(opened),
                closed_releases=len(closed),
                open_share=len(opened) / n if n else None,
                entities=tuple(sorted(opened + closed)),
            )
        )
    return results


def closed_loop_share(
    data: ClaimData, as_of: str | date | None = None, *, include_disputed: bool = False
) -> list[ClosedLoopShare]:
    """Share of each region's binding strength that sits in money 2-cycles.

    Parameters
    ----------
    data : ClaimData
        From :func:`graph.claims.read_claims`.
    as_of : date or str, optional
        Use claims in force on that date (both views).
    include_disputed : bool
        Use disputed claims too.

    Returns
    -------
    list of ClosedLoopShare
        One per region of the model companies (by their country) with a bond,
        in :data:`REGIONS` order.

    Examples
    --------
    Lab L (US) is bound to cloud C by equity (layer 5, weight 0.2) and a spend
    commitment (layer 3, 0.2): money flows C -> L and L -> C, a loop, strength
    0.4. L is also on cloud D's platform (layer 1, 0.1), no money: total
    0.5, share 0.4 / 0.5 = 0.8.

    >>> from graph.claims import Claim, ClaimData, Entity
    >>> ents = [Entity("L", "Company", "L", "US", roles=("ModelDeveloper",)),
    ...         Entity("C", "Company", "C", "US", roles=("CloudProvider",)),
    ...         Entity("D", "Company", "D", "US", roles=("CloudProvider",)),
    ...         Entity("pD", "CloudPlatform", "PD", operator="D"),
    ...         Entity("f", "ModelFamily", "F", developer="L", weights="APIOnly")]
    >>> claims = [Claim("eq", "EquityInvestment", "Confirmed",
    ...                 parties={"investor": ("C",), "investee": ("L",)}),
    ...           Claim("sp", "SpendCommitment", "Confirmed",
    ...                 parties={"customer": ("L",), "provider": ("C",)}),
    ...           Claim("of", "ModelOffering", "Confirmed",
    ...                 parties={"platform": ("pD",), "modelFamily": ("f",)})]
    >>> weights = {1: 0.1, 2: 0.15, 3: 0.2, 4: 0.15, 5: 0.2, 6: 0.2}
    >>> data = ClaimData({e.iri: e for e in ents}, {c.iri: c for c in claims}, weights)
    >>> [(r.region, round(r.strength_total, 3), round(r.share, 3), r.claims)
    ...  for r in closed_loop_share(data)]
    [('US', 0.5, 0.8, ('eq', 'sp'))]
    """
    day = parse_date(as_of)
    pairs = bindings(data, day, include_disputed=include_disputed)
    strength = {(b.model, b.provider): b.strength for b in pairs}
    evidence = {(b.model, b.provider): set(b.claims) for b in pairs}
    money = money_flow(data, day, include_disputed=include_disputed)
    total: dict[str, float] = defaultdict(float)
    looped: dict[str, float] = defaultdict(float)
    claims: dict[str, set[str]] = defaultdict(set)
    for (m, c), s in sorted(strength.items()):
        e = data.entities.get(m)
        region = region_of(e.country if e else None)
        total[region] += s
        if money.has_edge(m, c) and money.has_edge(c, m):
            looped[region] += s
            claims[region] |= evidence[(m, c)]
            claims[region] |= {str(k) for k in money[m][c]} | {str(k) for k in money[c][m]}
    return [
        ClosedLoopShare(
            region=region,
            strength_total=total[region],
            strength_in_loops=looped[region],
            share=looped[region] / total[region] if total[region] > 0 else None,
            claims=tuple(sorted(claims[region])),
        )
        for region in REGIONS
        if region in total
    ]
