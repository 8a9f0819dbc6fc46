"""Poles, contested model companies and public goods (graph.metrics.poles)."""

from __future__ import annotations

import pytest

from graph.amounts import Amount
from graph.claims import ClaimData
from graph.ids import entity_iri
from graph.metrics.poles import (
    Contested,
    Pole,
    closed_weight_companies,
    contested,
    poles,
    public_goods,
)

from .builders import chip, claim, family, kg, org, platform

# ------------------------------------------------------------ hand-built


@pytest.fixture
def world() -> ClaimData:
    return kg(
        org("cloud-a", "CloudProvider", "ChipDesigner"),
        org("cloud-b", "CloudProvider"),
        org("chipco", "ChipDesigner"),
        org("closed-lab", "ModelDeveloper"),
        org("open-lab", "ModelDeveloper"),
        chip("a-chip", "cloud-a"),
        chip("gpu", "chipco"),
        family("closed-llm", "closed-lab", "APIOnly"),
        family("open-llm", "open-lab", "OpenWeights"),
        family("open-r", "open-lab", "OpenWeightsRestricted", released="2027-01-01"),
        platform("a-ai", "cloud-a"),
        platform("b-ai", "cloud-b"),
        platform("b-market", "cloud-b"),
        platform("indie", None),
        platform("late", "chipco"),
        # closed-lab x cloud-a: layers 1, 3, 4, 5, 6 -> depth 5,
        # strength 0.1 + 0.2 + 0.15 + 0.2 + 0.2 = 0.85; equity in, spend back
        claim("a-offer", "ModelOffering", platform="a-ai", modelFamily="closed-llm"),
        claim("a-spend", "SpendCommitment", usd=Amount(50.0), customer="closed-lab",
              provider="cloud-a", chip="a-chip"),
        claim("a-eq", "EquityInvestment", usd=Amount(10.0, "<="), investor="cloud-a",
              investee="closed-lab"),
        claim("a-excl", "ExclusivityClause", favours="cloud-a", boundParty="closed-lab"),
        # closed-lab x cloud-b: layers 1, 2, 5 + 3 from 2026-01-01 -> depth 4,
        # strength 0.1 + 0.15 + 0.2 + 0.2 = 0.65; the 2-cycle closes on 2026-01-01
        claim("b-offer", "ModelOffering", platform="b-ai", modelFamily="closed-llm"),
        claim("b-use", "ComputeUsage", user="closed-lab", provider="cloud-b"),
        claim("b-eq", "EquityInvestment", usd=Amount(5.0), investor="cloud-b",
              investee="closed-lab"),
        claim("b-spend", "SpendCommitment", on="2026-01-01", usd=Amount(20.0),
              customer="closed-lab", provider="cloud-b"),
        # a disputed clause would make cloud-b depth 5: ignored
        claim("b-excl", "ExclusivityClause", status="Disputed", favours="cloud-b",
              boundParty="closed-lab"),
        # closed-lab x chipco: layers 2, 3, 4, 5 (depth 4) but chipco is no cloud
        claim("c-eq", "EquityInvestment", investor="chipco", investee="closed-lab"),
        claim("c-cap", "CapacityCommitment", gw=Amount(1.0), customer="closed-lab",
              provider="chipco", chip="gpu"),
        claim("c-use", "ComputeUsage", user="closed-lab", provider="chipco"),
        # open-lab x cloud-a: layers 1, 2, 3, 4, 5 and a 2-cycle, but open weights only
        claim("o-eq", "EquityInvestment", usd=Amount(1.0), investor="cloud-a",
              investee="open-lab"),
        claim("o-spend", "SpendCommitment", usd=Amount(2.0), customer="open-lab",
              provider="cloud-a", chip="a-chip"),
        claim("o-use", "ComputeUsage", user="open-lab", provider="cloud-a"),
        # open-llm on four operators' platforms (indie has no operator: counts as itself)
        claim("o-a", "ModelOffering", platform="a-ai", modelFamily="open-llm"),
        claim("o-b1", "ModelOffering", platform="b-ai", modelFamily="open-llm"),
        claim("o-b2", "ModelOffering", platform="b-market", modelFamily="open-llm"),
        claim("o-indie", "ModelOffering", platform="indie", modelFamily="open-llm"),
        claim("o-late", "ModelOffering", on="2027-02-01", platform="late", modelFamily="open-llm"),
        claim("o-disputed", "ModelOffering", status="Disputed", platform="late",
              modelFamily="open-llm"),
    )  # fmt: skip


def test_closed_weight_companies(world: ClaimData) -> None:
    assert closed_weight_companies(world) == {entity_iri("closed-lab")}


def test_poles_by_hand(world: ClaimData) -> None:
    got = poles(world, as_of="2026-06-01")
    assert [(p.cloud, p.model, p.depth) for p in got] == [
        (entity_iri("cloud-a"), entity_iri("closed-lab"), 5),
        (entity_iri("cloud-b"), entity_iri("closed-lab"), 4),
    ]
    a, b = got
    assert a.strength == pytest.approx(0.85)
    assert b.strength == pytest.approx(0.65)
    assert a.loop_kinds == ("equity", "spend")
    assert {
        entity_iri("a-eq"),
        entity_iri("a-spend"),
        entity_iri("a-offer"),
        entity_iri("a-excl"),
    } <= set(a.claims)
    assert entity_iri("b-excl") not in b.claims  # disputed
    assert isinstance(a, Pole)
    assert a.to_dict()["strength"] == {"value": 0.85, "unit": "fraction"}


def test_poles_as_of_and_threshold(world: ClaimData) -> None:
    # before 2026-01-01 cloud-b has no spend back: depth 3 and no 2-cycle
    assert [(p.cloud, p.model) for p in poles(world, as_of="2025-06-01")] == [
        (entity_iri("cloud-a"), entity_iri("closed-lab"))
    ]
    # depth 5 needed: only cloud-a (the disputed clause does not lift cloud-b to 5)
    assert [p.cloud for p in poles(world, as_of="2026-06-01", min_depth=5)] == [
        entity_iri("cloud-a")
    ]
    # a low threshold does not make the open-weight lab or the chip maker a pole
    assert {p.model for p in poles(world, min_depth=1)} == {entity_iri("closed-lab")}
    assert {p.cloud for p in poles(world, min_depth=1)} == {
        entity_iri("cloud-a"),
        entity_iri("cloud-b"),
    }


def test_contested_by_hand(world: ClaimData) -> None:
    # closed-lab: cloud-a (5) and cloud-b (4); chipco (4) is not a cloud provider
    # its claims: the binding evidence with both clouds (the disputed b-excl left out)
    evidence = ["a-offer", "a-spend", "a-eq", "a-excl", "b-offer", "b-use", "b-eq", "b-spend"]
    assert contested(world, as_of="2026-06-01") == [
        Contested(
            entity_iri("closed-lab"),
            (entity_iri("cloud-a"), entity_iri("cloud-b")),
            tuple(sorted(entity_iri(s) for s in evidence)),
        )
    ]
    assert contested(world, as_of="2025-06-01") == []  # cloud-b at depth 3
    assert contested(world, as_of="2026-06-01", min_depth=5) == []
    # with depth >= 1, open-lab counts too (cloud-a: 5 layers; cloud-b: open-llm
    # offered on b-ai); contestedness, unlike a pole, does not ask for closed weights
    assert [(c.model, c.clouds) for c in contested(world, min_depth=1)] == [
        (entity_iri("closed-lab"), (entity_iri("cloud-a"), entity_iri("cloud-b"))),
        (entity_iri("open-lab"), (entity_iri("cloud-a"), entity_iri("cloud-b"))),
    ]


def test_public_goods_by_hand(world: ClaimData) -> None:
    got = public_goods(world, as_of="2026-06-01")
    # open-llm: cloud-a, cloud-b (two platforms, one operator), indie -> breadth 3;
    # o-late is announced after the date, o-disputed is disputed;
    # open-r is released only in 2027; closed-llm is not a public good
    assert [(g.family, g.breadth) for g in got] == [(entity_iri("open-llm"), 3)]
    [g] = got
    assert g.operators == tuple(
        sorted((entity_iri("cloud-a"), entity_iri("cloud-b"), entity_iri("indie")))
    )
    assert g.developer == entity_iri("open-lab")
    assert g.weights == "OpenWeights"
    assert g.claims == tuple(sorted(entity_iri(s) for s in ("o-a", "o-b1", "o-b2", "o-indie")))
    # with no date the late offering counts (breadth 4) and open-r shows, offered nowhere
    assert [(g.family, g.breadth) for g in public_goods(world)] == [
        (entity_iri("open-llm"), 4),
        (entity_iri("open-r"), 0),
    ]


# ------------------------------------------------------------- curated data


@pytest.fixture(scope="module")
def real(curated_data: ClaimData) -> ClaimData:
    return curated_data


ARTICLE = "2026-04-30"


def test_real_tri_polar_picture(real: ClaimData) -> None:
    found = {(p.cloud, p.model) for p in poles(real, as_of=ARTICLE)}
    assert {
        (entity_iri("microsoft"), entity_iri("openai")),
        (entity_iri("google"), entity_iri("anthropic")),
        (entity_iri("amazon"), entity_iri("anthropic")),
    } <= found
    # the data shows the shift the article predates: Amazon-OpenAI (Feb 2026 deal:
    # equity up to $50B, $138B of AWS commitments, Trainium, an exclusivity clause)
    assert (entity_iri("amazon"), entity_iri("openai")) in found
    # Microsoft-Anthropic has a money loop but only three layers
    assert (entity_iri("microsoft"), entity_iri("anthropic")) not in found
    assert all(p.depth >= 4 for p in poles(real, as_of=ARTICLE))


def test_real_poles_before_2026(real: ClaimData) -> None:
    found = {(p.cloud, p.model) for p in poles(real, as_of="2025-06-30")}
    assert (entity_iri("microsoft"), entity_iri("openai")) in found
    assert (entity_iri("amazon"), entity_iri("openai")) not in found


def test_real_anthropic_is_contested(real: ClaimData) -> None:
    by_model = {c.model: c for c in contested(real, as_of=ARTICLE)}
    assert entity_iri("anthropic") in by_model
    assert {entity_iri("amazon"), entity_iri("google")} <= set(
        by_model[entity_iri("anthropic")].clouds
    )


def test_real_public_goods(real: ClaimData) -> None:
    goods = {g.family: g for g in public_goods(real, as_of=ARTICLE)}
    for slug in ["llama", "deepseek-r1", "deepseek-v3", "qwen", "mistral-open"]:
        assert entity_iri(slug) in goods, slug
        assert goods[entity_iri(slug)].weights in {"OpenWeights", "OpenWeightsRestricted"}
    # Llama and DeepSeek-R1 are on at least three clouds' platforms
    assert goods[entity_iri("llama")].breadth >= 3
    assert goods[entity_iri("deepseek-r1")].breadth >= 3
    assert entity_iri("amazon") in goods[entity_iri("mistral-open")].operators
    assert goods[entity_iri("qwen")].developer == entity_iri("alibaba")
    # no closed family is a public good
    assert entity_iri("claude") not in goods
    assert entity_iri("gpt") not in goods
    keys = [(-g.breadth, g.family) for g in goods.values()]
    assert keys == sorted(keys)
