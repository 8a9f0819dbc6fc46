"""The money loops against degree-preserving randomisations (graph.metrics.significance):
networks whose null distribution is known by construction, the counting against
networkx, determinism, the curated data and the report's line and chart."""

from __future__ import annotations

import json
import math
import random
from datetime import date

import networkx as nx
import pytest
import rdflib
from typer.testing import CliRunner

import graph.metrics
from graph.claims import Claim, ClaimData, Entity
from graph.cli import app
from graph.export.report import report_html
from graph.ids import entity_iri
from graph.metrics import run_all
from graph.metrics.binding import bindings
from graph.metrics.significance import (
    MAX_ATTEMPTS,
    MIN_SAMPLES,
    STATISTICS,
    SWAPS_PER_EDGE,
    Significance,
    loop_significance,
)
from graph.views import money_flow

CLOUD, LAB = ("CloudProvider",), ("ModelDeveloper",)
WEIGHTS = {1: 0.1, 2: 0.15, 3: 0.2, 4: 0.15, 5: 0.2, 6: 0.2}


def pay(a: str, b: str) -> Claim:
    """Money from a to b (a spending commitment of customer a to provider b)."""
    return Claim(
        entity_iri(f"pay-{a}-{b}"),
        "SpendCommitment",
        "Confirmed",
        parties={"customer": (entity_iri(a),), "provider": (entity_iri(b),)},
    )


def network(
    edges: list[tuple[str, str]], roles: dict[str, tuple[str, ...]] | None = None
) -> ClaimData:
    ents = {
        entity_iri(s): Entity(entity_iri(s), "Company", s, roles=r)
        for s, r in (roles or {}).items()
    }
    return ClaimData(ents, {c.iri: c for c in (pay(a, b) for a, b in edges)}, WEIGHTS)


def by_stat(results: list[Significance]) -> dict[str, Significance]:
    assert [r.statistic for r in results] == list(STATISTICS)
    return {r.statistic: r for r in results}


def counts(r: Significance) -> dict[float, int]:
    assert all(b.low == b.high for b in r.histogram)
    return {b.low: b.count for b in r.histogram}


# ------------------------------------------------- null distributions known by construction


def test_a_single_reciprocal_pair_cannot_be_randomised() -> None:
    # the only swap, of c -> l with l -> c, would give c -> c and l -> l: always rejected,
    # so every sample is the observed network
    data = network([("c", "l"), ("l", "c")], {"c": CLOUD, "l": LAB})
    r = by_stat(loop_significance(data, samples=200))
    assert (r["reciprocity"].observed, r["cloud_lab_2_cycles"].observed) == (1.0, 1.0)
    for s in r.values():
        assert s.null_std == 0.0
        assert s.z_score is None
        assert s.p_value == 1.0  # every sample reaches the observed value
        assert sum(b.count for b in s.histogram) == 200


def test_two_reciprocal_pairs_spread_evenly_over_the_nine_derangements() -> None:
    # c1 <-> l1 and c2 <-> l2: everyone pays one and is paid by one, so a network with
    # these degrees and no self-loop is a derangement of the 4 nodes. There are 9: three
    # pairings (reciprocity 1, no 4-cycle) and six 4-cycles (reciprocity 0, one 4-cycle).
    # The swap c1 -> l1, c2 -> l2 => c1 -> l2, c2 -> l1 is allowed, and the proposal is
    # symmetric, so the chain visits the 9 evenly: reciprocity 1 in 1/3 of the samples.
    # Of the pairings, two join clouds with labs (2 cloud-lab 2-cycles), one does not.
    data = network(
        [("c1", "l1"), ("l1", "c1"), ("c2", "l2"), ("l2", "c2")],
        {"c1": CLOUD, "c2": CLOUD, "l1": LAB, "l2": LAB},
    )
    r = by_stat(loop_significance(data, samples=3000, seed=1))
    recip, four, two = (
        counts(r["reciprocity"]),
        counts(r["four_cycles"]),
        counts(r["cloud_lab_2_cycles"]),
    )
    assert set(recip) == {0.0, 1.0}
    # each sample is either a pairing or a 4-cycle: the two histograms mirror each other
    assert (recip[1.0], recip[0.0]) == (four[0.0], four[1.0])
    assert abs(r["reciprocity"].null_mean - 1 / 3) < 0.03
    assert abs(r["cloud_lab_2_cycles"].null_mean - 2 * 2 / 9) < 0.06
    assert set(two) == {0.0, 2.0}
    assert counts(r["three_cycles"]) == {0.0: 3000}  # 3 + 1 nodes cannot close a 3-cycle here
    # observed: 1 and 2, reached by about 1/3 and 2/9 of the samples
    assert r["reciprocity"].p_value == pytest.approx((recip[1.0] + 1) / 3001)
    assert r["cloud_lab_2_cycles"].p_value == pytest.approx((two[2.0] + 1) / 3001)


def _derangements(n: int) -> list[int]:
    d = [1, 0]
    for k in range(2, n + 1):
        d.append((k - 1) * (d[-1] + d[-2]))
    return d


def test_ten_reciprocal_pairs_lose_their_reciprocity() -> None:
    # 10 disjoint pairs a <-> b: again a derangement of 20 nodes, drawn evenly. A random
    # derangement has C(20, 2) * D(18) / D(20) 2-cycles on average (about 1/2), so the
    # expected reciprocity is 2 * that / 20 edges (about 0.05), far below the observed 1
    edges = [(f"n{2 * k}", f"n{2 * k + 1}") for k in range(10)]
    data = network(edges + [(b, a) for a, b in edges])
    d = _derangements(20)
    expected = 2 * math.comb(20, 2) * d[18] / d[20] / 20
    r = by_stat(loop_significance(data, samples=1000))["reciprocity"]
    assert r.observed == 1.0
    assert abs(r.null_mean - expected) < 0.01
    assert max(counts(r)) < 1.0  # no sample came back to all pairs
    assert r.p_value == 1 / 1001
    assert r.z_score is not None
    assert r.z_score > 10


@pytest.mark.parametrize("graph_seed", [0, 1, 2])
def test_a_random_network_shows_no_excess(graph_seed: int) -> None:
    # a directed G(40, 0.08): its reciprocity is what its degrees make, so |z| stays small
    rng = random.Random(graph_seed)
    nodes = [f"v{i:02d}" for i in range(40)]
    edges = [(a, b) for a in nodes for b in nodes if a != b and rng.random() < 0.08]
    r = by_stat(loop_significance(network(edges), samples=500))
    z = r["reciprocity"].z_score
    assert z is not None
    assert abs(z) < 2
    assert 0.05 < r["reciprocity"].p_value <= 1.0


def test_the_work_budget_cuts_samples_on_a_large_network_and_says_so() -> None:
    # 40 organisations, 125 money edges: 1,250 attempts per sample
    rng = random.Random(9)
    nodes = [f"v{i:02d}" for i in range(40)]
    pairs = [(a, b) for a in nodes for b in nodes if a != b]
    data = network(rng.sample(pairs, 125))
    per_sample = SWAPS_PER_EDGE * 125
    cut = loop_significance(data, samples=300, max_attempts=per_sample * 51)
    assert {r.samples for r in cut} == {50}  # 51 rounds: the burn-in and 50 samples
    assert all(sum(b.count for b in r.histogram) == 50 for r in cut)
    assert {r.swap_attempts for r in cut} == {per_sample}
    floor = loop_significance(data, samples=300, max_attempts=per_sample)
    assert {r.samples for r in floor} == {MIN_SAMPLES}
    assert {r.samples for r in loop_significance(data, samples=7, max_attempts=1)} == {7}
    unbounded = loop_significance(data, samples=300, max_attempts=None)
    assert {r.samples for r in unbounded} == {300}
    # the observed values never depend on the budget
    assert [r.observed for r in cut] == [r.observed for r in unbounded]
    # the default budget leaves networks of this size (and the curated one) all 1,000
    assert per_sample * 1001 <= MAX_ATTEMPTS


def test_the_command_line_keeps_the_samples_asked_for(oxigraph_url: str) -> None:
    asked = CliRunner().invoke(
        app, ["metrics", "--metric", "loop_significance", "--store", oxigraph_url,
              "--samples", "30", "-f", "json"],
    )  # fmt: skip
    assert asked.exit_code == 0, asked.output
    rows = json.loads(asked.output)["loop_significance"]["results"]
    assert {r["samples"]["value"] for r in rows} == {30}
    args = ["metrics", "--metric", "loop_significance", "--store", oxigraph_url]
    table = CliRunner().invoke(app, [*args, "--samples", "30"])
    assert "(30 randomisations, seed 0)" in " ".join(table.output.split())  # the title wraps


@pytest.mark.parametrize("graph_seed", [3, 4, 5, 6])
def test_cycle_counts_match_networkx(graph_seed: int) -> None:
    rng = random.Random(graph_seed)
    nodes = [f"v{i:02d}" for i in range(25)]
    edges = [(a, b) for a in nodes for b in nodes if a != b and rng.random() < 0.12]
    dg = nx.DiGraph([(entity_iri(a), entity_iri(b)) for a, b in edges])
    lengths = [len(c) for c in nx.simple_cycles(dg, length_bound=4)]
    r = by_stat(loop_significance(network(edges), samples=1))
    assert r["three_cycles"].observed == lengths.count(3)
    assert r["four_cycles"].observed == lengths.count(4)
    assert r["reciprocity"].observed == pytest.approx(nx.overall_reciprocity(dg))
    assert lengths.count(4) > 0  # the check means something


def test_binding_strength_stays_with_its_pair() -> None:
    # cloud c and lab l: equity in, spending back (money both ways) and compute use:
    # layers 2, 3, 5 = 0.55. Lab m uses cloud d's compute (layer 2 = 0.15), no money.
    # Share in 2-cycles = 0.55 / 0.70.
    c, d, lab, m = entity_iri("c"), entity_iri("d"), entity_iri("l"), entity_iri("m")
    ents = {
        c: Entity(c, "Company", "C", roles=CLOUD),
        d: Entity(d, "Company", "D", roles=CLOUD),
        lab: Entity(lab, "Company", "L", roles=LAB),
        m: Entity(m, "Company", "M", roles=LAB),
    }
    claims = [
        Claim(
            entity_iri("eq"),
            "EquityInvestment",
            "Confirmed",
            parties={"investor": (c,), "investee": (lab,)},
        ),
        Claim(
            entity_iri("sp"),
            "SpendCommitment",
            "Confirmed",
            parties={"customer": (lab,), "provider": (c,)},
        ),
        Claim(
            entity_iri("use"),
            "ComputeUsage",
            "Confirmed",
            parties={"user": (lab,), "provider": (c,)},
        ),
        Claim(
            entity_iri("use-m"),
            "ComputeUsage",
            "Confirmed",
            parties={"user": (m,), "provider": (d,)},
        ),
    ]
    data = ClaimData(ents, {x.iri: x for x in claims}, WEIGHTS)
    r = by_stat(loop_significance(data, samples=10))["binding_in_2_cycles"]
    assert r.observed == pytest.approx(0.55 / 0.70)
    assert r.claims == tuple(sorted((entity_iri("eq"), entity_iri("sp"), entity_iri("use"))))


def test_samples_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        loop_significance(network([("a", "b")]), samples=0)


# ---------------------------------------------------------------------- determinism


def test_same_seed_same_results_other_seed_still_valid(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIKG_CACHE", "0")  # the chain itself runs twice, not the cache once
    rng = random.Random(7)
    nodes = [f"v{i:02d}" for i in range(30)]
    edges = [(a, b) for a in nodes for b in nodes if a != b and rng.random() < 0.1]
    data = network(edges)
    first = loop_significance(data, samples=300, seed=11)
    assert first == loop_significance(data, samples=300, seed=11)
    other = loop_significance(data, samples=300, seed=12)
    assert [r.histogram for r in other] != [r.histogram for r in first]
    for a, b in zip(first, other, strict=True):
        assert (a.statistic, a.observed, a.claims) == (b.statistic, b.observed, b.claims)
        assert sum(x.count for x in b.histogram) == 300
        assert 1 / 301 <= b.p_value <= 1.0
        assert b.seed == 12


def test_a_set_of_edges_gives_the_same_chain_as_the_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # networks above MAX_TABLE organisations keep their edges in a set: force it here
    monkeypatch.setenv("AIKG_CACHE", "0")
    rng = random.Random(3)
    nodes = [f"v{i:02d}" for i in range(40)]
    edges = [(a, b) for a in nodes for b in nodes if a != b and rng.random() < 0.08]
    roles = {v: (CLOUD if i % 3 == 0 else LAB) for i, v in enumerate(nodes)}
    data = network(edges, roles)
    table = loop_significance(data, samples=200, seed=5)
    monkeypatch.setattr(graph.metrics.significance, "MAX_TABLE", 0)
    assert loop_significance(data, samples=200, seed=5) == table
    assert len({b.low for r in table for b in r.histogram}) > len(STATISTICS)  # it moved


# ------------------------------------------------------------------- curated data


def test_curated_observed_statistics(memory_graph: rdflib.Graph) -> None:
    data = graph.metrics.data_of(memory_graph)
    day = "2026-06-30"
    multi = money_flow(data, day)
    dg = nx.DiGraph([(u, v) for u, v in multi.edges() if u != v])
    cycles = list(nx.simple_cycles(dg, length_bound=4))
    clouds = {i for i, e in data.entities.items() if "CloudProvider" in e.roles}
    labs = {i for i, e in data.entities.items() if "ModelDeveloper" in e.roles}
    cloud_lab = [
        c
        for c in cycles
        if len(c) == 2 and ((c[0] in clouds and c[1] in labs) or (c[1] in clouds and c[0] in labs))
    ]
    pairs = {frozenset(c) for c in cycles if len(c) == 2}
    strengths = [(frozenset((b.model, b.provider)), b.strength) for b in bindings(data, day)]
    share = sum(s for p, s in strengths if p in pairs) / sum(s for _, s in strengths)

    r = by_stat(graph.metrics.loop_significance(memory_graph, as_of=day, samples=1000, seed=0))
    assert r["reciprocity"].observed == pytest.approx(nx.overall_reciprocity(dg))
    assert r["cloud_lab_2_cycles"].observed == len(cloud_lab)
    assert r["three_cycles"].observed == sum(len(c) == 3 for c in cycles)
    assert r["four_cycles"].observed == sum(len(c) == 4 for c in cycles)
    assert r["binding_in_2_cycles"].observed == pytest.approx(share)
    # the values themselves, as curated: 125 money edges, 9 pairs with money both ways
    assert (dg.number_of_edges(), len(pairs)) == (125, 9)
    assert r["reciprocity"].observed == pytest.approx(18 / 125)
    assert [r[k].observed for k in STATISTICS[1:4]] == [6.0, 1.0, 8.0]
    assert r["binding_in_2_cycles"].observed == pytest.approx(0.3204, abs=5e-4)
    # the clouds and labs' 2-cycles are far beyond what the degrees make
    two = r["cloud_lab_2_cycles"]
    assert two.null_mean < 2
    assert two.z_score is not None
    assert two.z_score > 3
    assert two.p_value < 0.01
    assert entity_iri("deal-amazon-anthropic-2026") in two.claims
    assert r["four_cycles"].swap_attempts == 1250


# ------------------------------------------------------------------------- report


def test_the_report_states_the_finding_and_draws_the_null(memory_graph: rdflib.Graph) -> None:
    data = graph.metrics.data_of(memory_graph)
    day = date(2026, 6, 30)
    results = run_all(data, day)
    rows = [r for r in results["loop_significance"] if isinstance(r, Significance)]
    two = by_stat(rows)["cloud_lab_2_cycles"]
    page = report_html(data, results, as_of=day)
    assert (
        "Money 2-cycles between a cloud and a model company as of 2026-06-30: 6 observed vs "
        f"{two.null_mean:.2g} \u00b1 {two.null_std:.2g} expected in 1,000 degree-preserving "
        "randomisations"
    ) in page
    assert 'id="chance"' in page
    assert 'aria-label="cloud\u2013model company 2-cycles"' in page
    assert ">observed 6</text>" in page
    assert page.count("<desc>") >= len(STATISTICS)


def test_the_command_line_passes_samples_and_seed(oxigraph_url: str) -> None:
    """``aikg metrics --samples --seed`` reach the randomisations; the JSON says so."""
    args = ["metrics", "--store", oxigraph_url, "--metric", "loop_significance"]
    args += ["--as-of", "2026-06-30", "--samples", "40", "--seed", "7", "-f", "json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["loop_significance"]["results"]
    assert [r["statistic"] for r in rows] == list(STATISTICS)
    assert {r["samples"]["value"] for r in rows} == {40}
    assert {r["seed"]["value"] for r in rows} == {7}
    kg = graph.load(oxigraph_url)
    expected = graph.metrics.loop_significance(kg, "2026-06-30", samples=40, seed=7)
    assert [r["null_mean"]["value"] for r in rows] == [e.null_mean for e in expected]
    bad = CliRunner().invoke(app, [*args[:-2], "--samples", "0"])
    assert bad.exit_code == 2
