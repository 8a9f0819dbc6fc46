"""Centrality: PageRank on money flow, betweenness on binding."""

from __future__ import annotations

import random
from datetime import date

import networkx as nx
import pytest

from graph.amounts import Amount
from graph.claims import Claim, ClaimData, Entity
from graph.ids import entity_iri
from graph.metrics.centrality import Centrality, _binding_graph, betweenness, centrality


def pay(
    iri: str,
    payer: str,
    payee: str,
    usd: float | None = None,
    *,
    day: date | None = None,
    status: str = "Confirmed",
) -> Claim:
    """A spend commitment: money from ``payer`` to ``payee``."""
    return Claim(
        iri,
        "SpendCommitment",
        status,
        announced=day,
        amount=None if usd is None else Amount(usd),
        parties={"customer": (payer,), "provider": (payee,)},
    )


def make_data(
    *claims: Claim, labs: tuple[str, ...] = (), clouds: tuple[str, ...] = ()
) -> ClaimData:
    ents = [Entity(m, "Company", m.upper(), roles=("ModelDeveloper",)) for m in labs]
    ents += [Entity(c, "Company", c.upper(), roles=("CloudProvider",)) for c in clouds]
    return ClaimData({e.iri: e for e in ents}, {c.iri: c for c in claims})


def ranks(results: list[Centrality]) -> dict[str, float]:
    return {r.node: r.pagerank for r in results}


def test_pagerank_by_hand() -> None:
    # a -> b and c -> b, equal amounts. b is dangling (networkx spreads its rank evenly).
    # With d = 0.85, N = 3: x = PR(a) = PR(c), y = PR(b), 2x + y = 1,
    #   x = (1-d)/3 + d*y/3,  so y = 1 - 2x = 1 - 2(0.05 + 0.85y/3)
    #   => y (1 + 1.7/3) = 0.9 => y = 0.574468..., x = 0.212766...
    results = centrality(make_data(pay("k1", "a", "b", 1e9), pay("k2", "c", "b", 1e9)))
    assert [r.node for r in results] == ["b", "a", "c"]  # a and c tie: IRI order
    r = ranks(results)
    assert r["b"] == pytest.approx(0.574468, abs=1e-4)
    assert r["a"] == pytest.approx(0.212766, abs=1e-4)
    assert r["a"] == pytest.approx(r["c"])
    assert sum(r.values()) == pytest.approx(1.0)


def test_pagerank_weighted_by_usd() -> None:
    # a pays b $3B and c an unknown amount (weighted $1M): b ranks above c
    r = ranks(centrality(make_data(pay("k1", "a", "b", 3e9), pay("k2", "a", "c"))))
    assert r["b"] > r["c"]
    # parallel edges add up: a -> b twice $1B (= $2B) beats a -> c $1.5B
    r = ranks(
        centrality(
            make_data(
                pay("k1", "a", "b", 1e9), pay("k2", "a", "b", 1e9), pay("k3", "a", "c", 1.5e9)
            )
        )
    )
    assert r["b"] > r["c"]


def test_betweenness_on_binding() -> None:
    # labs L1, L2 commit to cloud C, L2 also to cloud c2: the binding graph is the path
    # L1 - C - L2 - c2. Normalised betweenness divides by the (n-1)(n-2)/2 = 3 pairs of
    # other nodes: C is on L1-L2 and L1-c2 -> 2/3; L2 is on C-c2 and L1-c2 -> 2/3; ends 0.
    data = make_data(
        pay("k1", "L1", "C", 1e9),
        pay("k2", "L2", "C", 1e9),
        pay("k3", "L2", "c2", 1e9),
        labs=("L1", "L2"),
        clouds=("C", "c2"),
    )
    b = {r.node: r.betweenness for r in centrality(data)}
    assert b["C"] == pytest.approx(2 / 3)
    assert b["L2"] == pytest.approx(2 / 3)
    assert b["L1"] == 0.0
    assert b["c2"] == 0.0


def test_as_of_and_disputed() -> None:
    data = make_data(
        pay("k1", "a", "b", 1e9, day=date(2024, 1, 1)),
        pay("k2", "a", "c", 5e9, day=date(2025, 1, 1)),
        pay("k3", "a", "d", 9e9, status="Disputed"),
    )
    # 2024-06-30: only a -> b; the disputed a -> d never counts
    assert {r.node for r in centrality(data, "2024-06-30")} == {"a", "b"}
    assert {r.node for r in centrality(data)} == {"a", "b", "c"}
    assert "d" in {r.node for r in centrality(data, include_disputed=True)}
    assert centrality(data, "2023-01-01") == []


def test_top_and_names() -> None:
    data = make_data(pay("k1", "a", "b", 1e9), pay("k2", "c", "b", 1e9), labs=("a",))
    top = centrality(data, top=1)
    assert [r.node for r in top] == ["b"]
    assert centrality(data)[1].name == "A"
    assert top[0].to_dict()["pagerank"]["unit"] == "probability"


# --- curated data -------------------------------------------------------------------


@pytest.fixture(scope="module")
def data(curated_data: ClaimData) -> ClaimData:
    return curated_data


BIG = [entity_iri(x) for x in ("microsoft", "amazon", "google", "openai", "anthropic", "nvidia")]


def test_real_pagerank_favours_the_big_six(data: ClaimData) -> None:
    results = centrality(data, "2026-06-30")
    order = [r.node for r in results]
    # curated data when written (62 organisations): Anthropic 1, Google 2, OpenAI 3,
    # Nvidia 5, Amazon 6, Microsoft 10 - Microsoft pays much of what it receives on to
    # neoclouds (Nebius, Nscale, IREN), so money does not pool there.
    assert all(order.index(x) < 15 for x in BIG)
    assert len(set(order[:3]) & set(BIG)) >= 2
    assert sum(r.pagerank for r in results) == pytest.approx(1.0)
    assert centrality(data, "2026-06-30") == results  # deterministic


def test_real_betweenness(data: ClaimData) -> None:
    results = centrality(data, "2026-06-30")
    by_betweenness = [r.node for r in sorted(results, key=lambda r: (-r.betweenness, r.node))]
    # Nvidia (chips to most labs) and Microsoft (cloud of OpenAI, Anthropic, Mistral...)
    # bridge the binding graph
    assert entity_iri("nvidia") in by_betweenness[:5]
    assert entity_iri("microsoft") in by_betweenness[:5]
    assert all(0.0 <= r.betweenness <= 1.0 for r in results)


def _same(ours: dict[str, float], theirs: dict[str, float]) -> bool:
    """Equal to the last bit, in the same order (NaN where networkx gives NaN)."""
    return list(ours) == list(theirs) and all(
        ours[v] == theirs[v] or (ours[v] != ours[v] and theirs[v] != theirs[v]) for v in theirs
    )


def test_betweenness_is_networkx_to_the_last_bit(data: ClaimData) -> None:
    """The list-based Brandes gives networkx's floats: real, random, sampled, odd graphs."""
    bonds = _binding_graph(data, None, False)
    assert len(bonds) > 30
    assert _same(betweenness(bonds), nx.betweenness_centrality(bonds, normalized=True))
    for k in (1, 2, 17, len(bonds) - 1, len(bonds)):
        theirs = nx.betweenness_centrality(bonds, k=k, normalized=True, seed=0)
        assert _same(betweenness(bonds, k=k), theirs)
    rng = random.Random(7)
    for trial in range(200):
        g = nx.gnp_random_graph(rng.randint(0, 30), rng.random() * 0.3, seed=trial)
        g = nx.relabel_nodes(g, {v: f"n{rng.randint(0, 10**6)}-{v}" for v in g})
        if len(g) and trial % 3 == 0:  # a self-loop
            v = next(iter(g))
            g.add_edge(v, v)
        assert _same(betweenness(g), nx.betweenness_centrality(g, normalized=True))
        if len(g) > 1:
            k = rng.randint(1, len(g))
            theirs = nx.betweenness_centrality(g, k=k, normalized=True, seed=3)
            assert _same(betweenness(g, k=k, seed=3), theirs)
