"""Communities of the binding graph (graph.metrics.communities): ARI and NMI by hand,
planted communities recovered, the pole labels, determinism and the curated data."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
import rdflib

import graph.metrics
from graph.claims import Claim, ClaimData, Entity
from graph.export.findings import findings
from graph.ids import entity_iri
from graph.metrics.communities import (
    Agreement,
    Community,
    _graph,
    adjusted_rand_index,
    communities,
    normalized_mutual_information,
    pole_labels,
    weighted_modularity,
)

WEIGHTS = {1: 0.1, 2: 0.15, 3: 0.2, 4: 0.15, 5: 0.2, 6: 0.2}

# ------------------------------------------------------------------ ARI and NMI


def test_ari_and_nmi_by_hand() -> None:
    a = [0, 0, 0, 1, 1, 1]
    b = [0, 0, 1, 1, 2, 2]
    # contingency cells: (0,0)=2, (0,1)=1, (1,1)=1, (1,2)=2
    # index    = C(2,2) + C(2,2)                  = 2
    # pairs(a) = 2 * C(3,2) = 6;  pairs(b) = 3 * C(2,2) = 3;  all pairs = C(6,2) = 15
    # expected = 6 * 3 / 15 = 1.2;  max = (6 + 3) / 2 = 4.5
    # ARI      = (2 - 1.2) / (4.5 - 1.2) = 0.8 / 3.3 = 8/33
    assert adjusted_rand_index(a, b) == pytest.approx(8 / 33, abs=1e-15)
    # H(a) = ln 2; H(b) = ln 3
    # MI = 2/6 ln(6*2/(3*2)) + 1/6 ln(6*1/(3*2)) + 1/6 ln(6*1/(3*2)) + 2/6 ln(6*2/(3*2))
    #    = 1/3 ln 2 + 0 + 0 + 1/3 ln 2 = 2/3 ln 2
    # NMI = (2/3 ln 2) / ((ln 2 + ln 3) / 2) = 4 ln 2 / (3 ln 6) = 0.51580...
    assert normalized_mutual_information(a, b) == pytest.approx(4 * math.log(2) / (3 * math.log(6)))
    assert normalized_mutual_information(a, b) == pytest.approx(0.5158, abs=1e-4)


def test_ari_and_nmi_properties() -> None:
    a, b = "aaabbc", "xxyyyz"
    # symmetric, and blind to the names of the groups
    assert adjusted_rand_index(a, b) == adjusted_rand_index(b, a)
    assert adjusted_rand_index(a, b) == adjusted_rand_index("pppqqr", b)
    assert normalized_mutual_information(a, b) == pytest.approx(normalized_mutual_information(b, a))
    assert adjusted_rand_index(a, "qqqrrs") == 1.0
    assert normalized_mutual_information(a, "qqqrrs") == pytest.approx(1.0)
    # worse than chance: two pairs split across each other
    assert adjusted_rand_index("aabb", "abab") == -0.5
    with pytest.raises(ValueError, match="same items"):
        adjusted_rand_index("ab", "a")


# ------------------------------------------------------------- planted communities


def _entities(clouds: list[str], labs: list[str], closed: list[str]) -> dict[str, Entity]:
    ents = {
        entity_iri(c): Entity(entity_iri(c), "Company", c.upper(), roles=("CloudProvider",))
        for c in clouds
    }
    ents |= {
        entity_iri(m): Entity(entity_iri(m), "Company", m.upper(), roles=("ModelDeveloper",))
        for m in labs
    }
    for m in closed:  # a closed-weight family, so the lab can be in a pole
        fam = entity_iri(f"fam-{m}")
        ents[fam] = Entity(
            fam, "ModelFamily", f"{m} model", developer=entity_iri(m), weights="APIOnly"
        )
    return ents


def _bond(cloud: str, lab: str, *, deep: bool = False) -> list[Claim]:
    """Equity in, spending back and compute use: layers 2, 3, 5 (strength 0.55); ``deep``
    adds a priority clause (layer 6: depth 4, a pole)."""
    c, m = entity_iri(cloud), entity_iri(lab)
    out = [
        Claim(entity_iri(f"eq-{cloud}-{lab}"), "EquityInvestment", "Confirmed",
              parties={"investor": (c,), "investee": (m,)}),
        Claim(entity_iri(f"sp-{lab}-{cloud}"), "SpendCommitment", "Confirmed",
              parties={"customer": (m,), "provider": (c,)}),
        Claim(entity_iri(f"use-{lab}-{cloud}"), "ComputeUsage", "Confirmed",
              parties={"user": (m,), "provider": (c,)}),
    ]  # fmt: skip
    if deep:
        out.append(
            Claim(entity_iri(f"excl-{lab}-{cloud}"), "ExclusivityClause", "Confirmed",
                  parties={"favours": (c,), "boundParty": (m,)})
        )  # fmt: skip
    return out


def _weak(lab: str, cloud: str) -> Claim:
    """Compute use only: layer 2, strength 0.15."""
    parties = {"user": (entity_iri(lab),), "provider": (entity_iri(cloud),)}
    return Claim(entity_iri(f"use-{lab}-{cloud}"), "ComputeUsage", "Confirmed", parties=parties)


BLOCKS = {k: ([f"c{k}a", f"c{k}b"], [f"l{k}a", f"l{k}b", f"l{k}c"]) for k in (1, 2, 3)}


@pytest.fixture
def planted() -> ClaimData:
    """Three blocks of 2 clouds x 3 labs, every pair bound (0.55); block k's first cloud
    and first lab form a pole; one weak bond (0.15) from each block to the next."""
    clouds = [c for cs, _ in BLOCKS.values() for c in cs]
    labs = [m for _, ms in BLOCKS.values() for m in ms]
    claims: list[Claim] = []
    for k, (cs, ms) in BLOCKS.items():
        for c in cs:
            for m in ms:
                claims += _bond(c, m, deep=(c, m) == (f"c{k}a", f"l{k}a"))
        claims.append(_weak(f"l{k}c", f"c{k % 3 + 1}a"))
    ents = _entities(clouds, labs, [f"l{k}a" for k in BLOCKS])
    return ClaimData(ents, {c.iri: c for c in claims}, WEIGHTS)


def test_planted_communities_are_recovered_exactly(planted: ClaimData) -> None:
    found = communities(planted)
    expected = sorted(tuple(sorted(entity_iri(x) for x in cs + ms)) for cs, ms in BLOCKS.values())
    for method in ("louvain", "greedy_modularity"):
        groups = [c for c in found if isinstance(c, Community) and c.method == method]
        assert sorted(c.members for c in groups) == expected
        assert {c.size for c in groups} == {5}
        # inside: 5 pairs x 0.55 + the pole pair 0.75 = 3.5; outside: 2 weak bonds x 0.15
        assert [c.inside_share for c in groups] == pytest.approx([3.5 / 3.8] * 3)
        assert len({c.modularity for c in groups}) == 1
    # the same partition against the planted labels, by hand
    planted_label = {entity_iri(x): k for k, (cs, ms) in BLOCKS.items() for x in cs + ms}
    louvain = {m: c.hub for c in found if isinstance(c, Community) and c.method == "louvain"
               for m in c.members}  # fmt: skip
    nodes = sorted(planted_label)
    truth, got = [planted_label[n] for n in nodes], [louvain[n] for n in nodes]
    assert adjusted_rand_index(truth, got) == 1.0
    assert normalized_mutual_information(truth, got) == pytest.approx(1.0)
    agree = {(a.method, a.reference): a for a in found if isinstance(a, Agreement)}
    both = agree["louvain", "greedy_modularity"]
    assert (both.compared, both.ari, both.nmi) == (15, 1.0, pytest.approx(1.0))
    # the three poles (c_k a, l_k a) sit in the three communities: ARI 1 over their 6 members
    poles = agree["louvain", "poles"]
    assert (poles.compared, poles.ari, poles.nmi, poles.left_out) == (
        6,
        1.0,
        pytest.approx(1.0),
        (),
    )
    assert entity_iri("excl-l1a-c1a") in poles.claims


def test_a_lab_in_two_poles_is_left_out() -> None:
    # lab m is in a pole with c1 and with c2; lab n only with c1
    ents = _entities(["c1", "c2"], ["m", "n"], ["m", "n"])
    claims = _bond("c1", "m", deep=True) + _bond("c2", "m", deep=True) + _bond("c1", "n", deep=True)
    data = ClaimData(ents, {c.iri: c for c in claims}, WEIGHTS)
    labels, left_out, claims_of_poles = pole_labels(data)
    assert labels == {
        entity_iri("c1"): entity_iri("c1"),
        entity_iri("c2"): entity_iri("c2"),
        entity_iri("n"): entity_iri("c1"),
    }
    assert left_out == (entity_iri("m"),)
    assert entity_iri("excl-m-c2") in claims_of_poles
    agree = [a for a in communities(data) if isinstance(a, Agreement) and a.reference == "poles"]
    assert {(a.compared, a.left_out) for a in agree} == {(3, (entity_iri("m"),))}


def test_nothing_bound_nothing_found() -> None:
    assert communities(ClaimData({}, {})) == []


def test_determinism(planted: ClaimData) -> None:
    assert communities(planted, seed=3) == communities(planted, seed=3)
    for seed in range(5):
        found = communities(planted, seed=seed)
        for method in ("louvain", "greedy_modularity"):
            members = [m for c in found if isinstance(c, Community) and c.method == method
                       for m in c.members]  # fmt: skip
            assert sorted(members) == sorted(set(members))  # a partition: each node once
            assert len(members) == 15


# ------------------------------------------------------------------- curated data


def test_curated_communities(memory_graph: rdflib.Graph) -> None:
    found = graph.metrics.communities(memory_graph, as_of="2026-06-30")
    louvain = {m: c.hub for c in found if isinstance(c, Community) and c.method == "louvain"
               for m in c.members}  # fmt: skip
    amazon, anthropic, google = entity_iri("amazon"), entity_iri("anthropic"), entity_iri("google")
    microsoft, openai = entity_iri("microsoft"), entity_iri("openai")
    # the two Anthropic poles fall in one community, Microsoft-OpenAI in another
    assert louvain[amazon] == louvain[anthropic] == louvain[google]
    assert louvain[microsoft] == louvain[openai] != louvain[amazon]
    agree = {(a.method, a.reference): a for a in found if isinstance(a, Agreement)}
    # Anthropic and OpenAI are each in poles with two clouds: left out; Amazon, Google
    # and Microsoft keep their own labels, and Louvain joins Amazon and Google: ARI 0
    poles = agree["louvain", "poles"]
    assert poles.left_out == (anthropic, openai)
    assert (poles.compared, poles.ari) == (3, 0.0)
    assert 0.0 < (agree["louvain", "greedy_modularity"].ari or 0.0) < 1.0


def test_communities_over_time(memory_graph: rdflib.Graph) -> None:
    points = graph.metrics.timeline(memory_graph, "communities", "2022-12-31", "2026-12-31")
    assert [p.as_of.year for p in points] == [2022, 2023, 2024, 2025, 2026]
    for p in points:
        assert any(isinstance(r, Community) for r in p.value)
        assert sum(isinstance(r, Agreement) for r in p.value) == 3


def test_the_report_names_the_communities(memory_graph: rdflib.Graph) -> None:
    data = graph.metrics.data_of(memory_graph)
    day = date(2026, 6, 30)
    found = {f.title: f for f in findings(data, graph.metrics.run_all(data, day), day, as_of=day)}
    text = found["Communities"].text
    assert text.startswith("Louvain finds ")
    assert "Amazon, Anthropic and Google" in text
    assert "ARI 0.00" in text


def test_modularity_is_networkx_s_summed_exactly(memory_graph: rdflib.Graph) -> None:
    """The exact sums give networkx's value (to rounding) on the curated binding graph."""
    g = _graph(graph.metrics.data_of(memory_graph), date(2026, 6, 30), False)
    parts = nx.community.louvain_communities(g, weight="weight", seed=0)
    ours = weighted_modularity(g, parts)
    assert ours == pytest.approx(nx.community.modularity(g, parts, weight="weight"), abs=1e-12)
    assert 0.3 < ours < 0.6


@pytest.mark.slow  # three fresh processes, each building the graph
def test_the_same_in_every_process(tmp_path: Path) -> None:
    """String hashing differs between processes; the results (every digit) do not."""
    code = (
        "import json, graph, graph.metrics as m; kg = graph.load('memory');"
        "print(json.dumps([r.to_dict() for r in m.communities(kg, '2026-06-30')]))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=tmp_path,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1
