"""Exclusivity of model families and each cloud's share of exclusive closed families."""

from __future__ import annotations

from datetime import date

import pytest

from graph.claims import Claim, ClaimData, Entity
from graph.ids import entity_iri
from graph.metrics.exclusivity import (
    CloudExclusiveShare,
    FamilyExclusivity,
    exclusive_share,
    exclusivity,
)

Offer = tuple[str, str, str, date | None, str]  # (claim, platform, family, date, status)


def make_data(
    platforms: dict[str, str],
    families: dict[str, str],
    offers: list[Offer],
    *,
    not_clouds: tuple[str, ...] = (),
    released: dict[str, date] | None = None,
) -> ClaimData:
    """Platforms (platform -> operator), families (family -> weights), offerings.

    Every operator is a CloudProvider unless listed in ``not_clouds``.
    """
    ents = [
        Entity(
            op,
            "Company",
            op.upper(),
            roles=("InferenceHost",) if op in not_clouds else ("CloudProvider",),
        )
        for op in sorted(set(platforms.values()))
    ]
    ents += [Entity(p, "CloudPlatform", p, operator=op) for p, op in platforms.items()]
    ents += [
        Entity(f, "ModelFamily", f, developer="lab", weights=w, released=(released or {}).get(f))
        for f, w in families.items()
    ]
    claims = [
        Claim(
            iri,
            "ModelOffering",
            status,
            announced=day,
            parties={"platform": (p,), "modelFamily": (f,)},
        )
        for iri, p, f, day, status in offers
    ]
    return ClaimData({e.iri: e for e in ents}, {c.iri: c for c in claims})


def by_family(results: list[FamilyExclusivity]) -> dict[str, FamilyExclusivity]:
    return {r.family: r for r in results}


@pytest.fixture
def small() -> ClaimData:
    # clouds c1, c2, c3 (c1 runs two platforms); "host" is an inference host, not a cloud.
    platforms = {"p1": "c1", "p1b": "c1", "p2": "c2", "p3": "c3", "ph": "host"}
    families = {"A": "APIOnly", "B": "APIOnly", "O": "OpenWeightsRestricted", "N": "APIOnly"}
    offers: list[Offer] = [
        ("oA1", "p1", "A", None, "Confirmed"),
        ("oA1b", "p1b", "A", None, "Confirmed"),  # same cloud again: still one provider
        ("oA2", "p2", "A", date(2024, 1, 1), "Confirmed"),
        ("oA3", "p3", "A", date(2025, 1, 1), "Reported"),
        ("oB1", "p1", "B", None, "Confirmed"),
        ("oB2", "p2", "B", None, "Disputed"),  # disputed: ignored by default
        ("oO1", "p1", "O", None, "Confirmed"),
        ("oNh", "ph", "N", None, "Confirmed"),  # only an inference host: no cloud
    ]
    return make_data(platforms, families, offers, not_clouds=("host",))


def test_family_exclusivity_by_hand(small: ClaimData) -> None:
    r = by_family(exclusivity(small))
    # A on c1 (twice), c2, c3 -> 3 distinct clouds -> 1/3
    assert r["A"].exclusivity == pytest.approx(1 / 3)
    assert r["A"].providers == ("c1", "c2", "c3")
    assert r["A"].claims == ("oA1", "oA1b", "oA2", "oA3")
    # B on c1 only (c2's offering is disputed) -> 1/1
    assert r["B"].exclusivity == 1.0
    assert r["B"].providers == ("c1",)
    # open weights -> 0 whatever hosts it
    assert r["O"].exclusivity == 0.0
    # closed and offered by no cloud (an inference host is not a cloud) -> None
    assert r["N"].exclusivity is None
    assert r["N"].providers == ()
    assert [x.family for x in exclusivity(small)] == ["A", "B", "N", "O"]


def test_family_exclusivity_as_of(small: ClaimData) -> None:
    # 2024-06-30: A's offering on c3 (2025) not yet in force -> c1, c2 -> 1/2
    assert by_family(exclusivity(small, "2024-06-30"))["A"].exclusivity == 0.5
    # 2023-06-30: only the undated offerings on c1 -> 1
    assert by_family(exclusivity(small, date(2023, 6, 30)))["A"].exclusivity == 1.0


def test_family_released_after_as_of_left_out() -> None:
    data = make_data(
        {"p": "c"},
        {"F": "APIOnly"},
        [("o", "p", "F", None, "Confirmed")],
        released={"F": date(2025, 3, 1)},
    )
    assert exclusivity(data, "2025-01-01") == []
    assert [r.exclusivity for r in exclusivity(data, "2025-03-01")] == [1.0]


def test_disputed_offering_counts_when_asked(small: ClaimData) -> None:
    # B on c1 and (disputed) c2 -> 1/2
    r = by_family(exclusivity(small, include_disputed=True))
    assert r["B"].exclusivity == 0.5


def test_ended_offering_not_counted() -> None:
    data = make_data(
        {"p1": "c1", "p2": "c2"},
        {"F": "APIOnly"},
        [("o1", "p1", "F", None, "Confirmed"), ("o2", "p2", "F", None, "Confirmed")],
    )
    ended = Claim(
        "o2",
        "ModelOffering",
        "Confirmed",
        end=date(2024, 12, 31),
        parties={"platform": ("p2",), "modelFamily": ("F",)},
    )
    data.claims["o2"] = ended
    assert by_family(exclusivity(data, "2024-06-30"))["F"].exclusivity == 0.5
    assert by_family(exclusivity(data, "2025-06-30"))["F"].exclusivity == 1.0


def test_exclusive_share_by_hand(small: ClaimData) -> None:
    r = {x.cloud: x for x in exclusive_share(small)}
    # c1 hosts closed A, B (open O not counted); only B is c1's alone -> 1/2
    assert (r["c1"].closed_families, r["c1"].exclusive_families) == (2, 1)
    assert r["c1"].share == 0.5
    assert r["c1"].families == ("A", "B")
    assert r["c1"].exclusive == ("B",)
    # c2 hosts A (B's offering disputed) and shares it -> 0/1
    assert (r["c2"].closed_families, r["c2"].exclusive_families, r["c2"].share) == (1, 0, 0.0)
    # the inference host is no cloud
    assert "host" not in r
    # 2024-06-30: c3 offers nothing yet
    assert "c3" not in {x.cloud for x in exclusive_share(small, "2024-06-30")}


def test_cloud_with_only_open_families_has_no_share() -> None:
    data = make_data({"p": "c"}, {"O": "OpenWeights"}, [("o", "p", "O", None, "Confirmed")])
    assert exclusive_share(data) == [CloudExclusiveShare("c", 0, 0, None, (), (), ())]


def test_to_dict(small: ClaimData) -> None:
    d = by_family(exclusivity(small))["A"].to_dict()
    assert d["exclusivity"] == {"value": pytest.approx(1 / 3), "unit": "ratio"}
    assert d["providers"] == ["c1", "c2", "c3"]


# --- curated data -------------------------------------------------------------------


@pytest.fixture(scope="module")
def data(curated_data: ClaimData) -> ClaimData:
    return curated_data


def test_claude_is_one_over_its_clouds(data: ClaimData) -> None:
    claude = by_family(exclusivity(data, "2026-06-30"))[entity_iri("claude")]
    # Bedrock (Amazon), Vertex AI (Google), Azure AI Foundry (Microsoft) at least
    assert {entity_iri("amazon"), entity_iri("google"), entity_iri("microsoft")} <= set(
        claude.providers
    )
    assert claude.exclusivity == pytest.approx(1 / len(claude.providers))
    assert claude.exclusivity is not None
    assert claude.exclusivity <= 1 / 3
    # Claude came to Azure AI Foundry in November 2025
    assert (
        entity_iri("microsoft")
        not in by_family(exclusivity(data, "2024-06-30"))[entity_iri("claude")].providers
    )


def test_llama_is_open(data: ClaimData) -> None:
    llama = by_family(exclusivity(data))[entity_iri("llama")]
    assert llama.exclusivity == 0.0
    assert len(llama.providers) >= 2


def test_real_exclusive_shares_are_ratios(data: ClaimData) -> None:
    shares = exclusive_share(data, "2026-06-30")
    assert entity_iri("google") in {s.cloud for s in shares}
    for s in shares:
        assert s.exclusive_families <= s.closed_families
        assert s.share is None or 0.0 <= s.share <= 1.0
