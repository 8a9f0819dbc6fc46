"""Binding depth and strength (graph.metrics.binding), by hand and on the curated data."""

from __future__ import annotations

from datetime import date

import pytest

from graph.amounts import Amount
from graph.claims import Claim, ClaimData, Entity
from graph.export.slider import slider_days
from graph.ids import entity_iri
from graph.metrics.binding import BindingResult, binding, bindings
from graph.views import binding as binding_view

from .builders import chip, claim, family, kg, org, platform

# ------------------------------------------------------------ hand-built


@pytest.fixture
def tiny() -> ClaimData:
    """A lab bound to a cloud on every layer, with dates, an end and a dispute."""
    return kg(
        org("cloud", "CloudProvider", "ChipDesigner"),
        org("neo", "NeoCloud"),
        org("lab", "ModelDeveloper"),
        org("lab2", "ModelDeveloper"),
        chip("cloud-chip", "cloud"),
        family("lab-llm", "lab", "APIOnly"),
        platform("cloud-ai", "cloud"),
        # layer 1: the lab's family on the cloud's platform (undated: always)
        claim("offer", "ModelOffering", platform="cloud-ai", modelFamily="lab-llm"),
        # layer 2: disputed compute use, counted only with include_disputed
        claim("usage", "ComputeUsage", status="Disputed", on="2024-01-01", user="lab",
              provider="cloud"),
        # layers 3 and 4: a spend commitment naming the cloud's own chip
        claim("spend", "SpendCommitment", on="2024-03-01", usd=Amount(10.0),
              customer="lab", provider="cloud", chip="cloud-chip"),
        # layer 5: equity, only from 2026
        claim("equity", "EquityInvestment", on="2026-01-01", investor="cloud", investee="lab"),
        # layer 6: an exclusivity clause that ended on 2025-01-01
        claim("excl", "ExclusivityClause", on="2023-01-01", end="2025-01-01",
              favours="cloud", boundParty="lab"),
        # other pairs, for bindings(): lab uses the neocloud; the cloud invests in lab2
        claim("neo-use", "ComputeUsage", on="2024-02-01", user="lab", provider="neo"),
        claim("eq2", "EquityInvestment", investor="cloud", investee="lab2"),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("as_of", "layers", "strength"),
    [
        # 2023-06-01: offer (1) + clause (6): 0.1 + 0.2
        ("2023-06-01", (1, 6), 0.3),
        # 2024-06-01: + spend (3, 4); clause still in force: 0.1 + 0.2 + 0.15 + 0.2
        ("2024-06-01", (1, 3, 4, 6), 0.65),
        # 2025-06-01: the clause ended on 2025-01-01: 0.1 + 0.2 + 0.15
        ("2025-06-01", (1, 3, 4), 0.45),
        # 2026-06-01: + equity (5): 0.1 + 0.2 + 0.15 + 0.2
        ("2026-06-01", (1, 3, 4, 5), 0.65),
        # no date: everything but the disputed usage: 1 - 0.15
        (None, (1, 3, 4, 5, 6), 0.85),
    ],
)
def test_binding_layers_as_of(
    tiny: ClaimData, as_of: str | None, layers: tuple[int, ...], strength: float
) -> None:
    r = binding(tiny, "lab", "cloud", as_of=as_of)
    assert r.layers == layers
    assert r.depth == len(layers)
    assert r.strength == pytest.approx(strength)


def test_binding_disputed_counts_only_on_request(tiny: ClaimData) -> None:
    assert 2 not in binding(tiny, "lab", "cloud").layers
    r = binding(tiny, "lab", "cloud", include_disputed=True)
    assert r.layers == (1, 2, 3, 4, 5, 6)
    assert r.strength == pytest.approx(1.0)
    assert r.evidence[2] == (entity_iri("usage"),)


def test_binding_evidence_and_iris(tiny: ClaimData) -> None:
    r = binding(tiny, entity_iri("lab"), entity_iri("cloud"), as_of=date(2024, 6, 1))
    assert r == binding(tiny, "lab", "cloud", as_of="2024-06-01")
    assert r.model == entity_iri("lab")
    assert r.provider == entity_iri("cloud")
    assert r.evidence == {
        1: (entity_iri("offer"),),
        3: (entity_iri("spend"),),
        4: (entity_iri("spend"),),
        6: (entity_iri("excl"),),
    }
    assert r.claims == tuple(sorted({entity_iri("offer"), entity_iri("spend"), entity_iri("excl")}))
    d = r.to_dict()
    assert d["strength"] == {"value": 0.65, "unit": "fraction"}
    assert d["depth"] == {"value": 4, "unit": "layers"}
    assert d["evidence"]["3"] == [entity_iri("spend")]


def test_binding_is_directed_by_role(tiny: ClaimData) -> None:
    # the cloud is not a model company of the lab, and unrelated pairs have depth 0
    assert binding(tiny, "cloud", "lab").depth == 0
    none = binding(tiny, "lab2", "neo")
    assert (none.depth, none.strength, none.layers, none.claims) == (0, 0.0, (), ())


def test_bindings_lists_pairs_by_strength(tiny: ClaimData) -> None:
    got = bindings(tiny, "2024-06-01")
    assert [(r.model, r.provider, r.layers) for r in got] == [
        (entity_iri("lab"), entity_iri("cloud"), (1, 3, 4, 6)),
        (entity_iri("lab2"), entity_iri("cloud"), (5,)),  # undated equity
        (entity_iri("lab"), entity_iri("neo"), (2,)),
    ]
    assert [r.strength for r in got] == pytest.approx([0.65, 0.2, 0.15])
    # before the neocloud usage (2024-02-01) and the spend: two pairs left
    assert [(r.model, r.provider) for r in bindings(tiny, "2024-01-15")] == [
        (entity_iri("lab"), entity_iri("cloud")),
        (entity_iri("lab2"), entity_iri("cloud")),
    ]


# ------------------------------------------------------------- curated data


@pytest.fixture(scope="module")
def real(curated_data: ClaimData) -> ClaimData:
    return curated_data


ARTICLE = "2026-04-30"


@pytest.mark.parametrize(
    ("model", "provider"),
    [("anthropic", "amazon"), ("anthropic", "google"), ("openai", "microsoft")],
)
def test_real_article_pairs_are_bound_on_every_layer(
    real: ClaimData, model: str, provider: str
) -> None:
    r = binding(real, model, provider, as_of=ARTICLE)
    assert r.layers == (1, 2, 3, 4, 5, 6)
    assert r.strength == pytest.approx(1.0)


def test_real_amazon_anthropic_evidence(real: ClaimData) -> None:
    r = binding(real, "anthropic", "amazon", as_of=ARTICLE)
    assert entity_iri("deal-amazon-anthropic-2026") in r.evidence[5]
    assert entity_iri("deal-amazon-anthropic-2026-commit") in r.evidence[3]
    # the $100B pledge names Trainium chips, which Amazon designs
    assert entity_iri("deal-amazon-anthropic-2026-commit") in r.evidence[4]
    # a week before the 2026 deal, its commitment is not evidence yet
    before = binding(real, "anthropic", "amazon", as_of="2026-04-19")
    assert entity_iri("deal-amazon-anthropic-2026-commit") not in before.claims


def test_real_microsoft_anthropic_and_amazon_openai(real: ClaimData) -> None:
    # Microsoft-Anthropic (Nov 2025): equity, an Azure commitment, Claude on Foundry
    ms = binding(real, "anthropic", "microsoft", as_of=ARTICLE)
    assert {1, 3, 5} <= set(ms.layers)
    assert binding(real, "anthropic", "microsoft", as_of="2025-06-30").depth == 0
    # Amazon-OpenAI: no equity before the February 2026 deal
    assert 5 not in binding(real, "openai", "amazon", as_of="2025-06-30").layers
    assert 5 in binding(real, "openai", "amazon", as_of=ARTICLE).layers


def test_real_bindings_are_sorted_and_bounded(real: ClaimData) -> None:
    results = bindings(real, as_of=ARTICLE)
    assert all(isinstance(r, BindingResult) for r in results)
    assert all(1 <= r.depth <= 6 and 0.0 < r.strength <= 1.0 + 1e-9 for r in results)
    keys = [(-r.strength, -r.depth, r.model, r.provider) for r in results]
    assert keys == sorted(keys)
    assert len({(r.model, r.provider) for r in results}) == len(results)


def _bindings_from_the_graph(data: ClaimData, day: date | None, disputed: bool) -> list[tuple]:
    """What bindings() reads, taken from the binding view's graph edges (how it once did)."""
    pairs: dict[tuple[str, str], dict[int, set[str]]] = {}
    for _, _, a in binding_view(data, day, include_disputed=disputed).edges(data=True):
        layers = pairs.setdefault((a["model_company"], a["provider"]), {})
        layers.setdefault(a["layer"], set()).add(a["claim"])
    return sorted(
        (m, p, tuple(sorted((n, tuple(sorted(c))) for n, c in ls.items())))
        for (m, p), ls in pairs.items()
    )


def test_bindings_read_what_the_binding_graph_holds(curated_data: ClaimData) -> None:
    """bindings() reads the evidence list, never the graph: the same evidence at every date."""
    days = slider_days(curated_data, None)
    for day in days:
        for disputed in (False, True):
            ours = sorted(
                (r.model, r.provider, tuple(sorted(r.evidence.items())))
                for r in bindings(curated_data, day, disputed)
            )
            assert ours == _bindings_from_the_graph(curated_data, day, disputed)
    assert len(bindings(curated_data, days[-1])) > len(bindings(curated_data, days[0])) > 0


def test_bindings_keep_one_direction_where_the_graph_does() -> None:
    """Two companies each both lab and provider, one claim binding them both ways.

    The undirected binding graph holds one edge per layer and claim between two
    organisations, so it keeps one of the two directions (the last listed); bindings()
    reads the same.
    """
    both = ("ModelDeveloper", "CloudProvider")
    data = ClaimData(
        {iri: Entity(iri, "Company", iri.upper(), roles=both) for iri in ("g", "x")},
        {
            "use": Claim(
                "use",
                "ComputeUsage",
                "Confirmed",
                parties={"user": ("g", "x"), "provider": ("g", "x")},
            )
        },
    )
    assert _bindings_from_the_graph(data, None, False) == [("x", "g", ((2, ("use",)),))]
    assert [(r.model, r.provider, r.layers) for r in bindings(data)] == [("x", "g", (2,))]
