"""Money-flow metrics: round-trip ratios (graph.metrics.roundtrip) and closed loops
(graph.metrics.loops), by hand and on the curated data."""

from __future__ import annotations

from datetime import date

import pytest

from graph.amounts import Amount
from graph.claims import ClaimData
from graph.ids import entity_iri
from graph.metrics.loops import Flow, Loop, closed_loops
from graph.metrics.roundtrip import RoundTrip, round_trip, round_trips

from .builders import claim, kg, org


def ids(*slugs: str) -> tuple[str, ...]:
    return tuple(entity_iri(s) for s in slugs)


# ------------------------------------------------------ round trip, by hand


@pytest.fixture
def money() -> ClaimData:
    """A cloud that invests in a lab and gets spending commitments back."""
    return kg(
        org("cloud", "CloudProvider"),
        org("lab", "ModelDeveloper"),
        org("fund", "Investor"),
        org("chipco", "ChipDesigner"),
        claim("eq-2020", "EquityInvestment", on="2020-01-01", usd=Amount(5.0),
              investor="cloud", investee="lab"),
        # "up to 25" in, "over 100" back, plus 1 GW that adds no dollars
        claim("deal-2026", "EquityInvestment", on="2026-04-20", usd=Amount(25.0, "<="),
              investor="cloud", investee="lab", commitment=("commit-100", "commit-gw")),
        claim("commit-100", "SpendCommitment", on="2026-04-20", usd=Amount(100.0, ">="),
              customer="lab", provider="cloud"),
        claim("commit-gw", "CapacityCommitment", on="2026-04-20", gw=Amount(1.0),
              customer="lab", provider="cloud"),
        claim("spend-50", "SpendCommitment", on="2021-01-01", usd=Amount(50.0),
              customer="lab", provider="cloud"),
        claim("spend-noamt", "SpendCommitment", on="2020-01-01", customer="lab", provider="cloud"),
        # two co-investors: the cloud's share is "<= 10"
        claim("syndicate", "EquityInvestment", on="2022-01-01", usd=Amount(10.0),
              investor=("cloud", "fund"), investee="lab"),
        # never counted as of 2026-04-30: disputed, announced later, ended before
        claim("disputed-eq", "EquityInvestment", status="Disputed", usd=Amount(1000.0),
              investor="cloud", investee="lab"),
        claim("later-spend", "SpendCommitment", on="2026-06-01", usd=Amount(500.0),
              customer="lab", provider="cloud"),
        claim("ended-spend", "SpendCommitment", on="2019-01-01", end="2025-12-31",
              usd=Amount(70.0), customer="lab", provider="cloud"),
        # a chip maker whose money comes back only as GW
        claim("chip-eq", "EquityInvestment", usd=Amount(3.0), investor="chipco", investee="lab"),
        claim("chip-gw", "CapacityCommitment", gw=Amount(2.0), customer="lab", provider="chipco"),
    )  # fmt: skip


def test_round_trip_pair_keeps_bounds(money: ClaimData) -> None:
    rt = round_trip(money, "cloud", "lab", as_of="2026-04-30")
    # invested  = 5 (eq-2020) + <=25 (deal-2026) + <=10 (syndicate share) = <= 40
    assert rt.invested == Amount(40.0, "<=")
    # committed = >=100 (commit-100) + 50 (spend-50); spend-noamt adds nothing = >= 150
    assert rt.committed == Amount(150.0, ">=")
    # ratio = >=150 / <=40 = >= 3.75
    assert rt.ratio == Amount(3.75, ">=")
    assert rt.claims == tuple(
        sorted(ids("eq-2020", "deal-2026", "syndicate", "commit-100", "commit-gw",
                   "spend-50", "spend-noamt"))
    )  # fmt: skip


def test_round_trip_per_deal(money: ClaimData) -> None:
    rt = round_trip(money, entity_iri("cloud"), entity_iri("lab"), as_of=date(2026, 4, 30))
    [deal] = rt.by_deal
    assert deal.deal == entity_iri("deal-2026")
    # "over 100" / "up to 25" = ">= 4.0"; the 1 GW commitment is listed, not added
    assert (deal.invested, deal.committed, deal.ratio) == (
        Amount(25.0, "<="),
        Amount(100.0, ">="),
        Amount(4.0, ">="),
    )
    assert deal.claims == (entity_iri("deal-2026"), *sorted(ids("commit-100", "commit-gw")))
    d = rt.to_dict()
    assert d["ratio"] == {"value": 3.75, "bound": ">=", "unit": "1"}
    assert d["by_deal"][0]["invested"] == {"value": 25.0, "bound": "<=", "unit": "USD"}


@pytest.mark.parametrize(
    ("as_of", "invested", "committed", "ratio"),
    [
        # 2026-01-01: no deal-2026 yet; ended-spend ended 2025-12-31.
        # invested 5 + <=10 = <=15; committed 50; ratio 50 / <=15 = >= 3.333...
        ("2026-01-01", Amount(15.0, "<="), Amount(50.0), Amount(50 / 15, ">=")),
        # 2025-06-01: ended-spend still in force: committed 50 + 70 = 120; >= 8
        ("2025-06-01", Amount(15.0, "<="), Amount(120.0), Amount(8.0, ">=")),
        # 2020-06-01: only eq-2020 (5) in; back: ended-spend (70) and spend-noamt
        # (no amount): 70 / 5 = 14, all stated
        ("2020-06-01", Amount(5.0), Amount(70.0), Amount(14.0)),
    ],
)
def test_round_trip_as_of(
    money: ClaimData, as_of: str, invested: Amount, committed: Amount, ratio: Amount
) -> None:
    rt = round_trip(money, "cloud", "lab", as_of=as_of)
    assert rt.invested == invested
    assert rt.committed == committed
    assert rt.ratio is not None
    assert rt.ratio.bound == ratio.bound
    assert rt.ratio.value == pytest.approx(ratio.value)
    assert rt.by_deal == ()


def test_round_trip_without_dollars_back(money: ClaimData) -> None:
    # the chip maker put 3 in and gets 2 GW back: no USD committed, no ratio
    rt = round_trip(money, "chipco", "lab")
    assert (rt.invested, rt.committed, rt.ratio) == (Amount(3.0), None, None)
    assert rt.claims == tuple(sorted(ids("chip-eq", "chip-gw")))
    # no money either way
    assert round_trip(money, "fund", "cloud") == RoundTrip(
        entity_iri("fund"), entity_iri("cloud"), None, None, None
    )


def test_round_trips_lists_pairs_with_both_directions(money: ClaimData) -> None:
    got = [(r.provider, r.model) for r in round_trips(money, as_of="2026-04-30")]
    # the fund invests but gets nothing back; chipco < cloud by IRI
    assert got == [
        (entity_iri("chipco"), entity_iri("lab")),
        (entity_iri("cloud"), entity_iri("lab")),
    ]


# ----------------------------------------------------------- loops, by hand


@pytest.fixture
def circle() -> ClaimData:
    """A chip maker -> lab -> cloud -> chip maker circle, and a cloud <-> lab loop."""
    return kg(
        org("chips", "ChipDesigner"),
        org("cloud", "CloudProvider"),
        org("lab", "ModelDeveloper"),
        claim("eq", "EquityInvestment", on="2025-01-01", usd=Amount(10.0),
              investor="chips", investee="lab"),
        claim("sp", "SpendCommitment", on="2025-01-01", usd=Amount(30.0),
              customer="lab", provider="cloud"),
        claim("cap", "CapacityCommitment", on="2025-01-01", gw=Amount(2.0),
              customer="lab", provider="cloud"),
        claim("buy", "ChipSupplyAgreement", on="2025-06-01", usd=Amount(7.0, ">="),
              customer="cloud", provider="chips"),
        claim("cloud-eq", "EquityInvestment", on="2025-01-01", usd=Amount(5.0),
              investor="cloud", investee="lab"),
        claim("disputed", "SpendCommitment", status="Disputed", usd=Amount(99.0),
              customer="lab", provider="chips"),
    )  # fmt: skip


def test_closed_loops_by_hand(circle: ClaimData) -> None:
    two, three = closed_loops(circle, as_of="2025-12-31")
    # the 2-cycle cloud <-> lab ("pre-sold compute")
    assert two.nodes == ids("cloud", "lab")
    assert two.length == 2
    assert two.flows == (
        Flow(*ids("cloud", "lab"), ("equity",), Amount(5.0), None, ids("cloud-eq")),
        # 30 USD and 2 GW, never added together
        Flow(*ids("lab", "cloud"), ("capacity", "spend"), Amount(30.0), Amount(2.0),
             tuple(sorted(ids("cap", "sp")))),
    )  # fmt: skip
    # the 3-cycle, rotated to start at the smallest IRI (".../chips")
    assert three.nodes == ids("chips", "lab", "cloud")
    assert three.length == 3
    assert [(f.source, f.target, f.kinds, f.amount) for f in three.flows] == [
        (entity_iri("chips"), entity_iri("lab"), ("equity",), Amount(10.0)),
        (entity_iri("lab"), entity_iri("cloud"), ("capacity", "spend"), Amount(30.0)),
        (entity_iri("cloud"), entity_iri("chips"), ("purchase",), Amount(7.0, ">=")),
    ]
    assert three.claims == tuple(sorted(ids("eq", "sp", "cap", "buy")))
    assert three.to_dict()["flows"][2]["amount"] == {"value": 7.0, "bound": ">=", "unit": "USD"}


def test_closed_loops_filters(circle: ClaimData) -> None:
    # before the chip purchase (2025-06-01) the circle is open
    assert [lp.nodes for lp in closed_loops(circle, as_of="2025-03-01")] == [ids("cloud", "lab")]
    assert [lp.length for lp in closed_loops(circle, max_length=2)] == [2]
    assert closed_loops(circle, max_length=1) == []
    assert closed_loops(circle, as_of="2024-12-31") == []
    # the disputed spend lab -> chips closes one more 2-cycle only on request
    with_disputed = closed_loops(circle, include_disputed=True)
    assert [lp.nodes for lp in with_disputed] == [
        ids("chips", "lab"),
        ids("cloud", "lab"),
        ids("chips", "lab", "cloud"),
    ]
    assert all(isinstance(lp, Loop) for lp in with_disputed)


# ------------------------------------------------------------- curated data


@pytest.fixture(scope="module")
def real(curated_data: ClaimData) -> ClaimData:
    return curated_data


ARTICLE = "2026-04-30"


def test_real_amazon_anthropic_2026_deal_is_presold_compute(real: ClaimData) -> None:
    rt = round_trip(real, "amazon", "anthropic", as_of=ARTICLE)
    deal = next(d for d in rt.by_deal if d.deal == entity_iri("deal-amazon-anthropic-2026"))
    # anthropic-amazon.ttl: deal-amazon-anthropic-2026 maxValue 25e9 ("up to $25B");
    # its linked deal-amazon-anthropic-2026-commit minValue 100e9 ("over $100B");
    # the linked aws-anthropic-1gw-2026 (1 GW, no dollar amount) is aikg:partOf the commitment,
    # so it is not counted beside it and is not among the claims the result rests on.
    # 100e9 / 25e9 = 4.0, a floor.
    assert deal.invested == Amount(25e9, "<=")
    assert deal.committed == Amount(100e9, ">=")
    assert deal.ratio == Amount(4.0, ">=")
    assert entity_iri("aws-anthropic-1gw-2026") not in deal.claims


def test_real_amazon_anthropic_cumulative_round_trip(real: ClaimData) -> None:
    rt = round_trip(real, "amazon", "anthropic", as_of=ARTICLE)
    # Equity Amazon -> Anthropic in force on 2026-04-30 (anthropic-amazon.ttl):
    #   deal-amazon-anthropic-2023  maxValue 4e9   -> <= 4e9
    #   deal-amazon-anthropic-2024  value    4e9   ->    4e9
    #   deal-amazon-anthropic-2026  maxValue 25e9  -> <= 25e9
    #   invested = <= 33e9
    # Spend commitments Anthropic -> Amazon:
    #   deal-amazon-anthropic-2023-commit  no amount  -> adds nothing
    #   deal-amazon-anthropic-2026-commit  minValue 100e9
    #   committed = >= 100e9      (aws-anthropic-1gw-2026 is GW only)
    # ratio = >= 100e9 / <= 33e9 = >= 3.0303...
    assert rt.invested == Amount(33e9, "<=")
    assert rt.committed == Amount(100e9, ">=")
    assert rt.ratio is not None
    assert rt.ratio.bound == ">="
    assert rt.ratio.value == pytest.approx(100 / 33)
    assert entity_iri("deal-amazon-anthropic-2023-commit") in rt.claims
    assert entity_iri("aws-anthropic-1gw-2026") not in rt.claims  # part of the 2026 commitment
    # before the 2026 deal only undisclosed commitments came back: no ratio
    assert round_trip(real, "amazon", "anthropic", as_of="2026-04-19").ratio is None


def test_real_round_trips_include_the_article_pairs(real: ClaimData) -> None:
    pairs = {(r.provider, r.model): r for r in round_trips(real, as_of=ARTICLE)}
    for provider, model in [("amazon", "anthropic"), ("google", "anthropic"),
                            ("microsoft", "openai"), ("amazon", "openai")]:  # fmt: skip
        assert (entity_iri(provider), entity_iri(model)) in pairs
    keys = list(pairs)
    assert keys == sorted(keys)


def test_real_closed_loops(real: ClaimData) -> None:
    loops = closed_loops(real, as_of=ARTICLE)
    two = {frozenset(lp.nodes) for lp in loops if lp.length == 2}
    for a, b in [("amazon", "anthropic"), ("google", "anthropic"), ("microsoft", "openai")]:
        assert frozenset(ids(a, b)) in two
    # circular deals: at least one cycle through three or more organisations
    assert any(lp.length >= 3 for lp in loops)
    assert all(2 <= lp.length <= 4 and lp.nodes[0] == min(lp.nodes) for lp in loops)
    assert [(lp.length, lp.nodes) for lp in loops] == sorted((lp.length, lp.nodes) for lp in loops)
    # every hop of every loop carries money or capacity and its evidence
    assert all(f.claims for lp in loops for f in lp.flows)
    # Amazon <-> Anthropic: equity one way, spend back
    az = next(lp for lp in loops if set(lp.nodes) == set(ids("amazon", "anthropic")))
    amazon_to_anthropic = next(f for f in az.flows if f.source == entity_iri("amazon"))
    assert "equity" in amazon_to_anthropic.kinds
    assert "spend" in next(f for f in az.flows if f.source == entity_iri("anthropic")).kinds
