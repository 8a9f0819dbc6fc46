"""The Epoch AI importer on the real files, against counts computed here from the raw CSVs."""

from __future__ import annotations

import csv
import os
from collections import Counter
from pathlib import Path

import pytest
import rdflib
from rdflib import Literal
from rdflib.namespace import RDF

from graph.build import default_paths, load_sources
from graph.importers import ImportResult, Resolver, import_epoch
from graph.vocab import AIKG, ID, PROV, SCHEMA

EXTERNAL = Path(__file__).resolve().parents[2] / "shared" / "external"
EPOCH = EXTERNAL / "epoch-ai"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not os.environ.get("CI") and (not EPOCH.is_dir()),
        reason=f"real Epoch AI data not present at {EPOCH} (see shared/external/README.md)",
    ),
]


def _raw(relative: str) -> list[dict[str, str]]:
    with (EPOCH / relative).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def curated() -> rdflib.Graph:
    return load_sources(default_paths()).graph


@pytest.fixture(scope="module")
def epoch(curated: rdflib.Graph) -> ImportResult:
    return import_epoch(EPOCH, Resolver.from_graph(curated))


def _from(g: rdflib.Graph, cls: rdflib.URIRef, source: str) -> set[rdflib.term.Node]:
    return {s for s in g.subjects(RDF.type, cls) if (s, PROV.wasDerivedFrom, ID[source]) in g}


def test_every_row_is_accounted_for(epoch: ImportResult):
    for name, f in epoch.report.files.items():
        assert f.rows_read == len(_raw(name)), name
        assert f.rows_read == f.rows_mapped + sum(f.skipped.values()), name
    models = epoch.report.files["ai_models/notable_ai_models.csv"]
    assert models.rows_read == 965
    assert models.rows_mapped == 965


def test_open_weight_models_since_2023_per_country(epoch: ImportResult):
    raw: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for row in _raw("ai_models/notable_ai_models.csv"):
        if row["Publication date"] < "2023-01-01" or not row["Model"].strip():
            continue
        countries = {c.strip() for c in row["Country (of organization)"].split(",")}
        is_open = row["Model accessibility"].startswith("Open weights")
        for name, code in (("United States of America", "US"), ("China", "CN")):
            if name in countries:
                totals[code] += 1
                raw[code] += is_open
    g = epoch.graph
    got: Counter[str] = Counter()
    got_totals: Counter[str] = Counter()
    for model in _from(g, AIKG.ModelRelease, "src-epoch-notable-ai-models"):
        published = g.value(model, SCHEMA.datePublished)
        if published is None or str(published) < "2023-01-01":
            continue
        is_open = g.value(model, AIKG.weightsAccess) in {
            AIKG.OpenWeights,
            AIKG.OpenWeightsRestricted,
        }
        for code in ("US", "CN"):
            if (model, AIKG.countryCode, Literal(code)) in g:
                got_totals[code] += 1
                got[code] += is_open
    assert got == raw
    assert got_totals == totals
    assert raw["CN"] > 50
    assert raw["US"] > 50
    # the design note's claim: China releases a larger share of open weights than the US
    assert raw["CN"] / totals["CN"] > raw["US"] / totals["US"]


def test_chips_per_designer(epoch: ImportResult, curated: rdflib.Graph):
    raw = Counter(r["Manufacturer"] for r in _raw("ml_hardware/ml_hardware.csv"))
    g = epoch.graph
    union = curated + g
    designers = {
        "NVIDIA": "nvidia",
        "Google": "google",
        "AMD": "amd",
        "Huawei": "huawei",
        "Amazon AWS": "amazon",
        "Intel": "intel",
        "Cambricon": "cambricon",
    }
    rows_by_designer: Counter[str] = Counter()
    for node in set(g.subjects(PROV.wasDerivedFrom, ID["src-epoch-ml-hardware"])):
        # a row about a curated chip is an import record that describes it
        chip = g.value(node, AIKG.describes) or node
        if (chip, RDF.type, AIKG.Chip) not in union:
            continue  # a new organisation (manufacturer or foundry) created from the file
        rows = len(
            set(g.objects(node, AIKG.sourceRow))
        )  # several Epoch rows may merge into one new chip
        for name, slug in designers.items():
            if (chip, AIKG.designer, ID[slug]) in union:
                rows_by_designer[name] += rows
    for name in designers:
        assert rows_by_designer[name] == raw[name], name
    assert raw["NVIDIA"] == 89


def test_merged_chips_keep_one_name(epoch: ImportResult, curated: rdflib.Graph):
    union = curated + epoch.graph
    for chip in union.subjects(RDF.type, AIKG.Chip):
        assert len(set(union.objects(chip, SCHEMA.name))) == 1, chip
        assert len(set(union.objects(chip, SCHEMA.releaseDate))) <= 1, chip
    # Epoch's spelling of a curated chip is another name on an import record that describes
    # the chip; the curated node itself gets nothing from the import
    records = set(epoch.graph.subjects(AIKG.describes, ID["nvidia-v100"]))
    assert records
    names = {o for r in records for o in epoch.graph.objects(r, SCHEMA.alternateName)}
    assert Literal("NVIDIA Tesla V100 SXM2") in names
    assert all((r, RDF.type, AIKG.ImportRecord) in epoch.graph for r in records)
    assert all((r, AIKG.sourceRow, None) in epoch.graph for r in records)
    assert set(epoch.graph.predicate_objects(ID["nvidia-v100"])) == set()


def test_import_is_an_activity_with_the_dataset_versions(epoch: ImportResult):
    g = epoch.graph
    [activity] = g.subjects(RDF.type, PROV.Activity)
    used = set(g.objects(activity, PROV.used))
    assert ID["src-epoch-ml-hardware"] in used
    assert len(used) == 7
    assert g.value(activity, AIKG.retrievedDate) is not None
    # the version month comes from the citation in each folder's README.md
    models = ID["src-epoch-notable-ai-models"]
    assert str(g.value(models, SCHEMA.datePublished)) == "2025-07-01"
    assert g.value(models, AIKG.datePublishedPrecision) == AIKG.MonthPrecision
    assert str(g.value(ID["src-epoch-data-centers"], SCHEMA.datePublished)) == "2025-11-01"


def test_clusters_per_owner(epoch: ImportResult):
    owners = {
        "google": {"Google", "Google DeepMind", "DeepMind"},
        "meta": {"Meta AI"},
        "microsoft": {"Microsoft"},
        "oracle": {"Oracle"},
        "xai": {"xAI"},
        "alibaba": {"Alibaba"},
        "amazon": {"Amazon"},
    }
    raw: Counter[str] = Counter()
    for row in _raw("gpu_clusters/gpu_clusters.csv"):
        if row["Certainty"] == "Unlikely" or not row["Name"].strip():
            continue
        names = {o.strip() for o in row["Owner"].split(",")}
        for slug, spellings in owners.items():
            raw[slug] += bool(names & spellings)
    g = epoch.graph
    clusters = _from(g, AIKG.ComputeCluster, "src-epoch-gpu-clusters")
    skipped = epoch.report.files["gpu_clusters/gpu_clusters.csv"].skipped
    assert skipped == Counter({"certainty 'Unlikely'": 18})
    for slug in owners:
        got = sum(1 for c in clusters if (c, AIKG.operator, ID[slug]) in g)
        assert got == raw[slug], slug
    assert raw["google"] > 30


def test_data_center_users_keep_confidence(epoch: ImportResult):
    g = epoch.graph
    expected = {"Reported": 0, "Estimated": 0}
    for row in _raw("data_centers/data_centers.csv"):
        for user in row["Users"].split(","):
            if user.strip():
                expected["Reported" if "#confident" in user else "Estimated"] += 1
    usages = list(_from(g, AIKG.ComputeUsage, "src-epoch-data-centers"))
    got = Counter(str(g.value(u, AIKG.claimStatus)).rsplit("#", 1)[-1] for u in usages)
    assert dict(got) == expected
    # Anthropic at Amazon's New Carlisle site (Project Rainier): confident -> Reported
    rainier = ID["epoch-dc-anthropic-amazon-project-rainier-new-carlisle-indiana"]
    use = [u for u in usages if (u, AIKG.facility, rainier) in g]
    assert len(use) == 1
    assert g.value(use[0], AIKG.user) == ID.anthropic
    assert g.value(use[0], AIKG.provider) == ID.amazon
    assert g.value(use[0], AIKG.claimStatus) == AIKG.Reported
    assert g.value(rainier, AIKG.operator) == ID.amazon


@pytest.mark.parametrize(
    ("model", "family"),
    [
        ("Claude 3.5 Sonnet", "claude"),
        ("Llama 3.1-405B", "llama"),
        ("Qwen2.5-72B", "qwen"),
        ("GPT-4o (Mar 2025)", "gpt"),
        ("DeepSeek-V3", "deepseek-v3"),
        ("Mixtral 8x7B", "mistral-open"),
        ("o3-mini", "o-series"),
        ("Qwen3-Max", "qwen-max"),
        ("Kimi K2", "kimi"),
        ("gpt-oss-120b", "gpt-oss"),
    ],
)
def test_releases_link_to_curated_families(epoch: ImportResult, model: str, family: str):
    g = epoch.graph
    nodes = [
        s for s in g.subjects(SCHEMA.name, Literal(model)) if (s, RDF.type, AIKG.ModelRelease) in g
    ]
    assert len(nodes) == 1
    assert g.value(nodes[0], AIKG.family) == ID[family]


def test_third_party_models_do_not_join_a_family(epoch: ImportResult):
    g = epoch.graph
    neox = next(g.subjects(SCHEMA.name, Literal("GPT-NeoX-20B")))
    assert g.value(neox, AIKG.family) is None  # EleutherAI's model, not OpenAI's GPT


def test_unresolved_names_become_flagged_nodes(epoch: ImportResult, curated: rdflib.Graph):
    g = epoch.graph
    stanford = ID["epoch-org-stanford-university"]
    assert (stanford, AIKG.unresolved, Literal(True)) in g
    assert (stanford, SCHEMA.name, Literal("Stanford University")) in g
    assert epoch.report.unresolved["Stanford University"] > 10
    # resolved names reuse curated IRIs and are never flagged
    assert (ID.google, AIKG.unresolved, None) not in g
    flagged = set(g.subjects(AIKG.unresolved, Literal(True)))
    assert not flagged & set(curated.subjects(RDF.type, None))


def test_provenance_and_attribution(epoch: ImportResult):
    g = epoch.graph
    sources = set(g.subjects(RDF.type, AIKG.Source))
    assert len(sources) == 7
    for src in sources:
        assert g.value(src, SCHEMA.publisher) == Literal("Epoch AI")
        assert str(g.value(src, SCHEMA.url)).startswith("https://epoch.ai/data/")
        assert str(g.value(src, SCHEMA.license)) == "https://creativecommons.org/licenses/by/4.0/"
        assert "Epoch AI" in str(g.value(src, SCHEMA.creditText))
    activities = set(g.subjects(RDF.type, PROV.Activity))
    for node in set(g.subjects(RDF.type, None)) - sources - activities:
        if isinstance(node, rdflib.BNode):
            continue
        assert (node, PROV.wasDerivedFrom, None) in g, node
        assert (node, AIKG.sourceRow, None) in g, node


def test_funding_and_revenue_observations(epoch: ImportResult):
    raw = [
        r
        for r in _raw("ai_companies/ai_companies_funding_rounds.csv")
        if r["Exclude from graph view"] != "True"
        and (r["Funding (equity)"] or r["Funding (debt)"])
        and (r["Close date"] or r["Report date"])
    ]
    g = epoch.graph
    funding = [
        o
        for o in _from(g, AIKG.Observation, "src-epoch-funding-rounds")
        if g.value(o, AIKG.observationKind) == AIKG.FundingRaised
    ]
    assert len(funding) == len(raw)
    assert {g.value(o, AIKG.subject) for o in funding} == {
        ID.openai,
        ID.anthropic,
        ID["mistral-ai"],
        ID.xai,
    }
    statuses = {g.value(o, AIKG.claimStatus) for o in funding}
    assert AIKG.Confirmed not in statuses
