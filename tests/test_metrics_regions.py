"""Regional proportions: open-weight share of releases, and binding strength in closed loops."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from graph.build import build
from graph.claims import Claim, ClaimData, Entity, read_claims
from graph.metrics.regions import (
    REGIONS,
    RegionShare,
    closed_loop_share,
    region_of,
    regional_proportions,
)
from graph.views import ID

WEIGHTS = {1: 0.1, 2: 0.15, 3: 0.2, 4: 0.15, 5: 0.2, 6: 0.2}


@dataclass(frozen=True)
class Release(Entity):
    """A release that names its family (as ``Entity`` will once it reads ``aikg:family``)."""

    family: str | None = None


def fam(iri: str, country: str | None, weights: str | None, year: int | None) -> Entity:
    return Entity(
        iri,
        "ModelFamily",
        iri,
        country,
        weights=weights,
        released=date(year, 6, 1) if year else None,
    )


@pytest.fixture
def releases() -> ClaimData:
    ents = [
        # US: 2023 open, 2024 open, 2024 closed, undated closed
        fam("us1", "US", "OpenWeights", 2023),
        fam("us2", "US", "OpenWeightsRestricted", 2024),
        fam("us3", "US", "APIOnly", 2024),
        fam("us4", "US", "APIOnly", None),
        # China (CN and HK): 2023 open, 2025 open, 2025 closed, 2022 closed (before since)
        fam("cn1", "CN", "OpenWeights", 2023),
        fam("cn2", "HK", "OpenWeights", 2025),
        fam("cn3", "CN", "APIOnly", 2025),
        fam("cn4", "CN", "APIOnly", 2022),
        # Europe: one open (GB); Unreleased and unknown access are not counted
        fam("eu1", "GB", "OpenWeights", 2024),
        fam("eu2", "FR", "Unreleased", 2024),
        fam("eu3", "DE", None, 2024),
    ]
    return ClaimData({e.iri: e for e in ents}, {})


def by_region(results: list[RegionShare]) -> dict[tuple[str, int | None], RegionShare]:
    return {(r.region, r.year): r for r in results}


def test_region_of() -> None:
    assert region_of("US") == "US"
    assert region_of("cn") == "China"
    assert region_of("HK") == "China"
    assert [region_of(c) for c in ("FR", "DE", "GB", "CH", "NO", "IS", "EU")] == ["Europe"] * 7
    assert [region_of(c) for c in ("CA", "AE", "JP", "TW", "", None)] == ["Other"] * 6


def test_open_share_by_hand(releases: ClaimData) -> None:
    r = by_region(regional_proportions(releases))  # since 2023, undated left out
    # US: us1, us2 open, us3 closed -> 2/3
    assert (r[("US", None)].open_releases, r[("US", None)].closed_releases) == (2, 1)
    assert r[("US", None)].open_share == pytest.approx(2 / 3)
    assert r[("US", None)].entities == ("us1", "us2", "us3")
    # China: cn1, cn2 open, cn3 closed (cn4 is 2022) -> 2/3
    assert r[("China", None)].open_share == pytest.approx(2 / 3)
    # Europe: eu1 only -> 1/1
    assert (r[("Europe", None)].open_releases, r[("Europe", None)].closed_releases) == (1, 0)
    assert [x.region for x in regional_proportions(releases)] == ["US", "China", "Europe"]


def test_open_share_all_years(releases: ClaimData) -> None:
    r = by_region(regional_proportions(releases, since=None))
    # US with the undated closed us4: 2 open, 2 closed -> 0.5
    assert r[("US", None)].open_share == 0.5
    # China with cn4 (2022): 2 open / 4 -> 0.5
    assert r[("China", None)].open_share == 0.5


def test_open_share_by_year(releases: ClaimData) -> None:
    r = by_region(regional_proportions(releases, by_year=True))
    assert set(r) == {
        ("US", 2023),
        ("US", 2024),
        ("China", 2023),
        ("China", 2025),
        ("Europe", 2024),
    }
    assert r[("US", 2024)].open_share == 0.5  # us2 open, us3 closed
    assert r[("China", 2025)].open_share == 0.5  # cn2 open, cn3 closed
    assert r[("China", 2023)].open_share == 1.0
    assert [(x.region, x.year) for x in regional_proportions(releases, by_year=True)][:2] == [
        ("US", 2023),
        ("US", 2024),
    ]


def test_release_unit() -> None:
    ents = [
        Entity("lab", "Company", "Lab", "CN", roles=("ModelDeveloper",)),
        fam("f", "CN", "OpenWeights", 2023),
        fam("g", "US", "APIOnly", 2024),
        # two releases of f: one inherits f's weights, one is closed; country from the lab
        Release("r1", "ModelRelease", "R1", developer="lab", released=date(2024, 1, 1), family="f"),
        Release(
            "r2",
            "ModelRelease",
            "R2",
            developer="lab",
            weights="APIOnly",
            released=date(2024, 2, 1),
            family="f",
        ),
        # a release with its own country
        Release("r3", "ModelRelease", "R3", "FR", weights="OpenWeights", released=date(2024, 3, 1)),
    ]
    data = ClaimData({e.iri: e for e in ents}, {})
    r = by_region(regional_proportions(data, unit="release"))
    # China: r1 (open, from f) and r2 (closed); f itself is represented by its releases -> 1/2
    assert r[("China", None)].entities == ("r1", "r2")
    assert r[("China", None)].open_share == 0.5
    # US: family g has no release node -> counts once, closed
    assert (r[("US", None)].open_releases, r[("US", None)].closed_releases) == (0, 1)
    assert r[("Europe", None)].entities == ("r3",)
    # family unit: f open (China), g closed (US); releases ignored
    f = by_region(regional_proportions(data))
    assert f[("China", None)].entities == ("f",)
    assert ("Europe", None) not in f


def closed_loop_data(*, disputed: bool = False) -> ClaimData:
    """US lab L bound to cloud C (loop) and cloud D (no money back); Chinese lab K bound to C."""
    ents = [
        Entity("L", "Company", "L", "US", roles=("ModelDeveloper",)),
        Entity("K", "Company", "K", "CN", roles=("ModelDeveloper",)),
        Entity("C", "Company", "C", "US", roles=("CloudProvider",)),
        Entity("D", "Company", "D", "US", roles=("CloudProvider",)),
        Entity("pD", "CloudPlatform", "PD", operator="D"),
        Entity("fL", "ModelFamily", "FL", developer="L", weights="APIOnly"),
    ]
    claims = [
        Claim(
            "eqCL",
            "EquityInvestment",
            "Confirmed",
            announced=date(2023, 1, 1),
            parties={"investor": ("C",), "investee": ("L",)},
        ),
        Claim(
            "spLC",
            "SpendCommitment",
            "Disputed" if disputed else "Confirmed",
            announced=date(2024, 1, 1),
            parties={"customer": ("L",), "provider": ("C",)},
        ),
        Claim(
            "exLC",
            "ExclusivityClause",
            "Confirmed",
            announced=date(2024, 1, 1),
            parties={"favours": ("C",), "boundParty": ("L",)},
        ),
        Claim(
            "ofLD",
            "ModelOffering",
            "Confirmed",
            announced=date(2023, 1, 1),
            parties={"platform": ("pD",), "modelFamily": ("fL",)},
        ),
        Claim(
            "spKC",
            "SpendCommitment",
            "Confirmed",
            announced=date(2023, 1, 1),
            parties={"customer": ("K",), "provider": ("C",)},
        ),
    ]
    return ClaimData({e.iri: e for e in ents}, {c.iri: c for c in claims}, dict(WEIGHTS))


def test_closed_loop_share_by_hand() -> None:
    r = {x.region: x for x in closed_loop_share(closed_loop_data())}
    # US: L-C equity (0.2) + spend (0.2) + priority (0.2) = 0.6, money both ways -> in loop;
    #     L-D distribution 0.1, no money -> total 0.7, share 0.6 / 0.7
    assert r["US"].strength_total == pytest.approx(0.7)
    assert r["US"].strength_in_loops == pytest.approx(0.6)
    assert r["US"].share == pytest.approx(6 / 7)
    assert r["US"].claims == ("eqCL", "exLC", "spLC")
    # China: K-C spend 0.2, money one way only -> share 0
    assert r["China"].strength_total == pytest.approx(0.2)
    assert r["China"].share == 0.0
    assert [x.region for x in closed_loop_share(closed_loop_data())] == ["US", "China"]


def test_closed_loop_share_as_of() -> None:
    # 2023-06-30: the spend and the clause (2024) are not in force -> L-C equity 0.2, no loop;
    #   L-D 0.1 -> US total 0.3, share 0
    r = {x.region: x for x in closed_loop_share(closed_loop_data(), "2023-06-30")}
    assert r["US"].strength_total == pytest.approx(0.3)
    assert r["US"].share == 0.0


def test_closed_loop_share_ignores_disputed() -> None:
    # with L's spend disputed: L-C equity + clause 0.4 (no money back), L-D 0.1 -> share 0
    r = {x.region: x for x in closed_loop_share(closed_loop_data(disputed=True))}
    assert r["US"].strength_total == pytest.approx(0.5)
    assert r["US"].share == 0.0
    r = {
        x.region: x
        for x in closed_loop_share(closed_loop_data(disputed=True), include_disputed=True)
    }
    assert r["US"].share == pytest.approx(6 / 7)


# --- curated data -------------------------------------------------------------------


@pytest.fixture(scope="module")
def data() -> ClaimData:
    result = build("memory")
    assert result.graph is not None
    return read_claims(result.graph)


@pytest.mark.parametrize("unit", ["family", "release"])
def test_real_open_shares(data: ClaimData, unit: str) -> None:
    results = regional_proportions(data, unit=unit)  # type: ignore[arg-type]
    r = {x.region: x for x in results}
    assert {"US", "China", "Europe"} <= set(r)
    for x in results:
        assert x.open_share is not None
        assert 0.0 <= x.open_share <= 1.0
        assert x.open_releases + x.closed_releases == len(x.entities)
    # the curated families lean open in China, as Epoch's counts do
    assert r["China"].open_share is not None
    assert r["China"].open_share > 0.5
    assert ID("qwen") in r["China"].entities or unit == "release"


def test_real_closed_loops(data: ClaimData) -> None:
    r = {x.region: x for x in closed_loop_share(data, "2026-06-30")}
    # Microsoft-OpenAI, Amazon-Anthropic, Google-Anthropic... are US loops
    assert r["US"].strength_in_loops > 0
    assert r["US"].share is not None
    assert 0.0 < r["US"].share <= 1.0
    assert r["US"].strength_total == max(x.strength_total for x in r.values())
    assert set(r) <= set(REGIONS)
    assert ID("deal-amazon-anthropic-2026") in r["US"].claims
