"""Regional proportions: open-weight share of releases, and binding strength in closed loops."""

from __future__ import annotations

import csv
import os
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from graph import metrics as api
from graph.build import build
from graph.claims import OPEN_WEIGHTS, Claim, ClaimData, Entity, read_claims
from graph.ids import entity_iri
from graph.metrics import METRICS
from graph.metrics.regions import (
    REGIONS,
    RegionShare,
    closed_loop_share,
    region_of,
    regional_proportions,
)

EXTERNAL = Path(__file__).resolve().parents[2] / "shared" / "external"
EPOCH = EXTERNAL / "epoch-ai"
LITELLM = EXTERNAL / "litellm" / "model_prices_and_context_window.json"
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
    # the default unit is now "release" (what `aikg metrics` counts), so the family unit
    # is asked for by name: f open (China), g closed (US); releases ignored
    assert regional_proportions(data) == regional_proportions(data, unit="release")
    f = by_region(regional_proportions(data, unit="family"))
    assert f[("China", None)].entities == ("f",)
    assert ("Europe", None) not in f


def test_release_counts_once_in_each_of_its_regions() -> None:
    ents = [
        Entity("lab", "Company", "Lab", "US", countries=("US",), roles=("ModelDeveloper",)),
        # US-UK (Gemini-like): in US and in Europe
        Entity(
            "uk_us",
            "ModelRelease",
            "UK-US",
            "GB",
            countries=("GB", "US"),
            weights="APIOnly",
            released=date(2025, 3, 1),
        ),
        # CN and HK are both China: once there, not twice
        Entity(
            "cn_hk",
            "ModelRelease",
            "CN-HK",
            "CN",
            countries=("CN", "HK"),
            weights="OpenWeights",
            released=date(2024, 1, 1),
        ),
        # FR and DE are both Europe; plus the US
        Entity(
            "fr_de_us",
            "ModelRelease",
            "FR-DE-US",
            "DE",
            countries=("DE", "FR", "US"),
            weights="OpenWeightsRestricted",
            released=date(2024, 5, 1),
        ),
        # no country of its own: its developer's
        Entity(
            "dev",
            "ModelRelease",
            "Dev",
            developer="lab",
            weights="OpenWeights",
            released=date(2024, 6, 1),
        ),
        # unreleased: nowhere
        Entity(
            "unrel",
            "ModelRelease",
            "Unrel",
            "US",
            countries=("US",),
            weights="Unreleased",
            released=date(2024, 6, 1),
        ),
    ]
    data = ClaimData({e.iri: e for e in ents}, {})
    r = by_region(regional_proportions(data))
    assert r[("US", None)].entities == ("dev", "fr_de_us", "uk_us")
    assert (r[("US", None)].open_releases, r[("US", None)].closed_releases) == (2, 1)
    assert r[("China", None)].entities == ("cn_hk",)
    assert (r[("China", None)].open_releases, r[("China", None)].closed_releases) == (1, 0)
    assert r[("Europe", None)].entities == ("fr_de_us", "uk_us")
    assert r[("Europe", None)].open_share == 0.5
    # 4 releases counted, 6 region memberships: per-region counts do not add up to a total
    assert sum(x.open_releases + x.closed_releases for x in r.values()) == 6
    by_year = by_region(regional_proportions(data, by_year=True))
    assert by_year[("Europe", 2025)].entities == ("uk_us",)
    assert by_year[("US", 2024)].entities == ("dev", "fr_de_us")


def test_cli_and_python_api_count_the_same_unit() -> None:
    ents = [
        fam("f", "CN", "OpenWeights", 2023),
        Release(
            "r1",
            "ModelRelease",
            "R1",
            "CN",
            weights="APIOnly",
            released=date(2024, 1, 1),
            family="f",
        ),
        Release(
            "r2",
            "ModelRelease",
            "R2",
            "CN",
            weights="APIOnly",
            released=date(2024, 2, 1),
            family="f",
        ),
    ]
    data = ClaimData({e.iri: e for e in ents}, {})
    day = date(2026, 6, 30)
    cli = list(METRICS["regional_proportions"].compute(data, day))
    assert cli == api.regional_proportions(data, as_of=day)
    assert cli == regional_proportions(data, as_of=day, unit="release")
    assert cli != regional_proportions(data, as_of=day, unit="family")


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
def data(curated_data: ClaimData) -> ClaimData:
    return curated_data


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
    assert entity_iri("qwen") in r["China"].entities or unit == "release"


def test_real_closed_loops(data: ClaimData) -> None:
    r = {x.region: x for x in closed_loop_share(data, "2026-06-30")}
    # Microsoft-OpenAI, Amazon-Anthropic, Google-Anthropic... are US loops
    assert r["US"].strength_in_loops > 0
    assert r["US"].share is not None
    assert 0.0 < r["US"].share <= 1.0
    assert r["US"].strength_total == max(x.strength_total for x in r.values())
    assert set(r) <= set(REGIONS)
    assert entity_iri("deal-amazon-anthropic-2026") in r["US"].claims


# --- curated data + Epoch AI + LiteLLM, reconciled with the raw Epoch CSV ---------------

AS_OF = "2026-06-30"
EPOCH_MODELS = "ai_models/notable_ai_models.csv"
#: "Model accessibility" as the importer maps it (graph/importers/epoch/__init__.py docstring):
#: open weights of any kind -> open, API or hosted access -> closed; "Unreleased" and
#: blank are neither and are not counted.
ACCESS = {
    "open weights (unrestricted)": True,
    "open weights (restricted use)": True,
    "open weights (non-commercial)": True,
    "api access": False,
    "hosted access (no api)": False,
}
#: Epoch country names of the two regions compared (China = CN and HK).
REGION_OF_NAME = {"United States of America": "US", "China": "China", "Hong Kong": "China"}


@pytest.fixture(scope="module")
def imported() -> tuple[ClaimData, int, int]:
    """Curated facts + Epoch + LiteLLM in memory: (data, model rows read, rows mapped)."""
    if not EPOCH.is_dir() or not LITELLM.is_file():
        reason = f"external data not found under {EXTERNAL} (see shared/external/README.md)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must provide it")
        pytest.skip(reason)
    result = build("memory", epoch=EPOCH, litellm=LITELLM)
    assert result.graph is not None
    models = result.imports[0].files[EPOCH_MODELS]
    return read_claims(result.graph), models.rows_read, models.rows_mapped


def _iso(text: str) -> str:
    """A publication date as YYYY-MM-DD (a bare month or year is its first day)."""
    text = text.strip()[:10]
    return {4: text + "-01-01", 7: text + "-01"}.get(len(text), text)


def _count_from_csv(as_of: str) -> Counter[tuple[str, bool]]:
    """(region, is_open) -> number of Epoch rows, counted from the raw CSV.

    Only notable_ai_models.csv: it is the one file of ai_models/ the importer reads
    (frontier_ai_models.csv and large_scale_ai_models.csv are other selections, not
    imported), so it is the whole of what the metric can see.
    """
    counts: Counter[tuple[str, bool]] = Counter()
    with (EPOCH / EPOCH_MODELS).open(newline="", encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            published = _iso(row["Publication date"])
            if not published or not "2023-01-01" <= published <= as_of:
                continue
            is_open = ACCESS.get(row["Model accessibility"].strip().casefold())
            if is_open is None:
                continue
            names = [c.strip() for c in row["Country (of organization)"].split(",")]
            # a release without a country would take its developer's in the metric; every
            # row counted here has one, so that rule never applies
            assert any(names), row["Model"]
            # once per region of its countries: a US-UK row counts in the US, a CN-HK row
            # once in China
            for region in {REGION_OF_NAME[n] for n in names if n in REGION_OF_NAME}:
                counts[(region, is_open)] += 1
    return counts


#: What the metric counts besides Epoch rows, as of 2026-06-30 (unit "release"):
#: curated ModelRelease nodes, and curated families with no release node of their own
#: (each counted once, as its first release). IRI slug -> open?
CURATED = {
    "US": {
        "arctic": True,
        "gemma": True,
        "mpt": True,
        "olmo": True,
        "phi": True,
        "release-grok-1": True,
        "release-grok-2-5": True,
        "release-llama-2": True,
        "smollm": True,
        "claude-mythos-preview": False,
    },
    "China": {
        "baichuan-llm": True,
        "release-deepseek-v3": True,  # its own access is blank: its family's (open)
        "release-qwen3": True,
        "spark": False,
    },
}


@pytest.mark.slow  # imports the whole Epoch AI data set
def test_epoch_shares_reconcile_with_the_raw_csv(imported: tuple[ClaimData, int, int]) -> None:
    data, rows_read, rows_mapped = imported
    # the importer keeps every model row, so the CSV count needs no row-dropping rule
    assert rows_read == rows_mapped == 965
    expected = _count_from_csv(AS_OF)
    results = {x.region: x for x in regional_proportions(data, as_of=AS_OF)}
    epoch_prefix = entity_iri("epoch-model-")
    for region in ("US", "China"):
        r = results[region]
        epoch_rows = [iri for iri in r.entities if iri.startswith(epoch_prefix)]
        epoch_open = sum(data.entities[iri].weights in OPEN_WEIGHTS for iri in epoch_rows)
        got = (epoch_open, len(epoch_rows) - epoch_open)
        assert got == (expected[(region, True)], expected[(region, False)]), region
        # everything else the metric counts is curated, listed above
        curated = {iri.removeprefix(entity_iri("")) for iri in r.entities} - {
            iri.removeprefix(entity_iri("")) for iri in epoch_rows
        }
        assert curated == set(CURATED[region]), region
        curated_open = sum(CURATED[region].values())
        assert (r.open_releases, r.closed_releases) == (
            got[0] + curated_open,
            got[1] + len(curated) - curated_open,
        )
    # hand-checked from the CSV: US 65 open / 78 closed Epoch rows (45.5 %), China 53 / 23
    # (69.7 %). 46 of the US rows are co-developed with a country whose code sorts before
    # "US" (GB for Gemini 3 Pro, Gemini 2.5 Pro, Veo 3; CA, CN, FR...): the old rule counted
    # them only there, giving the US 44 / 63 (41.1 %) overall. China is unchanged.
    assert expected == Counter(
        {("US", True): 65, ("US", False): 78, ("China", True): 53, ("China", False): 23}
    )
    # with the curated releases and families: US 74 / 79, China 56 / 24
    assert (results["US"].open_releases, results["US"].closed_releases) == (74, 79)
    assert results["US"].open_share == pytest.approx(74 / 153)  # 0.484 (was 44 / 107, 0.411)
    assert (results["China"].open_releases, results["China"].closed_releases) == (56, 24)
    assert results["China"].open_share == pytest.approx(0.7)


@pytest.mark.slow  # imports the whole Epoch AI data set
def test_co_developed_releases_count_in_each_region(
    imported: tuple[ClaimData, int, int],
) -> None:
    data, _, _ = imported
    results = {x.region: x for x in regional_proportions(data, as_of=AS_OF)}
    for slug in ("gemini-3-pro", "gemini-2-5-pro-mar-2025", "veo-3"):  # GB + US
        assert data.entities[entity_iri(f"epoch-model-{slug}")].countries == ("GB", "US")
        assert entity_iri(f"epoch-model-{slug}") in results["US"].entities
        assert entity_iri(f"epoch-model-{slug}") in results["Europe"].entities
    # CN + HK + US: once in China (not twice), once in the US
    eagle = entity_iri("epoch-model-eagle-2")
    assert results["China"].entities.count(eagle) == 1
    assert eagle in results["US"].entities
    # the CLI's metric is the Python API's
    cli = list(METRICS["regional_proportions"].compute(data, date.fromisoformat(AS_OF)))
    assert cli == list(results.values())
