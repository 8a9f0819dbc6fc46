"""The LiteLLM importer on the real catalogue, against counts computed here from the raw JSON."""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from pathlib import Path

import pytest
import rdflib
from rdflib import Literal
from rdflib.namespace import RDF

from graph.build import default_paths, load_sources
from graph.importers import ImportResult, Resolver, import_litellm
from graph.vocab import AIKG, ID, PROV, SCHEMA

EXTERNAL = Path(__file__).resolve().parents[2] / "shared" / "external"
CATALOGUE = EXTERNAL / "litellm" / "model_prices_and_context_window.json"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not os.environ.get("CI") and (not CATALOGUE.is_file()),
        reason=f"real LiteLLM catalogue not present at {CATALOGUE}",
    ),
]

#: Which provider keys belong to which cloud company (prefixes), written out here.
CLOUD_PROVIDERS = {
    "amazon": ("bedrock", "sagemaker", "amazon_nova", "aws_"),
    "microsoft": ("azure",),
    "google": ("vertex_ai", "gemini"),
    "oracle": ("oci",),
    "alibaba": ("dashscope",),
}

#: Model-id substrings -> family, first hit wins (a deliberately plain re-implementation).
FAMILY_PATTERNS = [
    (r"claude", "claude"),
    (r"gpt-oss", "gpt-oss"),
    (r"(^|[/.-])(chat)?gpt-", "gpt"),
    (r"(^|[/.])o[1-9]($|-)", "o-series"),
    (r"gemini", "gemini"),
    (r"gemma", "gemma"),
    (r"(chat|text|code)-(bison|unicorn)", "palm"),
    (r"nemotron", "nemotron"),
    (r"llama", "llama"),
    (r"deepseek[-.](r1|reasoner)", "deepseek-r1"),
    (r"deepseek[-.](v3|chat)", "deepseek-v3"),
    (r"qwen[^/]*-(max|plus|turbo|flash)", "qwen-max"),
    (r"qwen|qwq", "qwen"),
    (r"glm", "glm"),
    (r"kimi-k[2-9]", "kimi"),
    (r"minimax-m", "minimax-models"),
    (r"(^|[/.])nova-", "nova"),
    (r"titan-text", "titan"),
    (r"grok-[12]($|[^.0-9])", "grok-open"),
    (r"grok", "grok"),
    (r"command", "command"),
    (r"(^|[/.])phi-", "phi"),
    (r"jamba", "jamba"),
    (r"codestral", "codestral"),
    (r"pixtral", "pixtral"),
    (r"mistral-large-(3|2512)", "mistral-open"),
    (r"mistral-(large|medium)|magistral-medium", "mistral-large"),
    (r"mistral|mixtral|ministral|magistral-small", "mistral-open"),
]
TEXT_MODES = {"chat", "completion", "responses"}


def _family(key: str) -> str | None:
    k = key.rsplit("/", 1)[-1].lower()  # the model id, without provider/region path
    # Qwen checkpoints with a size ("-72b", "-a3b") are the open-weight family
    if re.search(r"qwen", k) and re.search(r"\d+(\.\d+)?b($|[-_])", k):
        return "qwen"
    for pattern, family in FAMILY_PATTERNS:
        if re.search(pattern, k):
            return family
    return None


@pytest.fixture(scope="module")
def raw() -> dict[str, object]:
    return json.loads(CATALOGUE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def curated() -> rdflib.Graph:
    return load_sources(default_paths()).graph


@pytest.fixture(scope="module")
def litellm(curated: rdflib.Graph) -> ImportResult:
    return import_litellm(CATALOGUE, Resolver.from_graph(curated), version="1.109.1")


def test_rows_accounted_for(raw: dict[str, object], litellm: ImportResult):
    f = litellm.report.files[CATALOGUE.name]
    assert f.rows_read == len(raw)
    assert f.rows_read == f.rows_mapped + sum(f.skipped.values())
    assert f.skipped["schema example (sample_spec)"] == 1
    modes = {v.get("mode") for k, v in raw.items() if isinstance(v, dict) and k != "sample_spec"}
    for mode in modes - TEXT_MODES - {None}:
        assert f"mode {mode}"[:45] in {k[:45] for k in f.skipped}, mode


def test_families_offered_per_cloud(
    raw: dict[str, object], litellm: ImportResult, curated: rdflib.Graph
):
    expected: dict[str, set[str]] = defaultdict(set)
    for key, entry in raw.items():
        if (
            key == "sample_spec"
            or not isinstance(entry, dict)
            or entry.get("mode") not in TEXT_MODES
        ):
            continue
        provider = entry.get("litellm_provider") or ""
        family = _family(key)
        for company, prefixes in CLOUD_PROVIDERS.items():
            if family and provider.startswith(prefixes):
                expected[company].add(family)
    g = litellm.graph
    union = curated + g
    got: dict[str, set[str]] = defaultdict(set)
    for offer in g.subjects(RDF.type, AIKG.ModelOffering):
        operator = union.value(union.value(offer, AIKG.platform), AIKG.operator)
        family = str(g.value(offer, AIKG.modelFamily)).rsplit("/", 1)[-1]
        got[str(operator).rsplit("/", 1)[-1]].add(family)
    for company in CLOUD_PROVIDERS:
        assert got[company] == expected[company], company
    assert {"claude", "llama", "nova"} <= got["amazon"]
    assert {"gpt", "o-series"} <= got["microsoft"]
    assert {"qwen-max", "qwen"} <= got["alibaba"]
    print({c: len(f) for c, f in sorted(got.items()) if c in CLOUD_PROVIDERS})


def test_provider_keys_map_to_curated_platforms(litellm: ImportResult):
    g = litellm.graph

    def platforms(family: str) -> set[str]:
        return {
            str(g.value(o, AIKG.platform)).rsplit("/", 1)[-1]
            for o in g.subjects(AIKG.modelFamily, ID[family])
        }

    claude = platforms("claude")
    assert {"bedrock", "vertex-ai", "azure-ai-foundry", "anthropic-api"} <= claude
    assert {"azure-openai", "openai-api", "oci-generative-ai"} <= platforms("gpt")
    assert "alibaba-model-studio" in platforms("qwen-max")
    # third-party hosts without a curated platform are new platforms, flagged
    deepinfra = ID["litellm-platform-deepinfra"]
    assert (deepinfra, AIKG.unresolved, Literal(True)) in g
    assert (deepinfra, AIKG.operator, None) in g


def test_one_offering_per_platform_and_family(litellm: ImportResult):
    g = litellm.graph
    pairs = [
        (g.value(o, AIKG.platform), g.value(o, AIKG.modelFamily))
        for o in g.subjects(RDF.type, AIKG.ModelOffering)
    ]
    assert len(pairs) == len(set(pairs))
    bedrock_claude = ID["litellm-offer-bedrock-claude"]
    ids = {str(m) for m in g.objects(bedrock_claude, AIKG.modelId)}
    assert "anthropic.claude-3-5-sonnet-20241022-v2:0" in ids
    assert g.value(bedrock_claude, AIKG.claimStatus) == AIKG.Reported
    assert g.value(bedrock_claude, AIKG.firstParty) == Literal(False)
    assert g.value(ID["litellm-offer-bedrock-nova"], AIKG.firstParty) == Literal(True)
    assert len(set(g.objects(bedrock_claude, AIKG.sourceRow))) == len(ids)


def test_source_carries_licence(litellm: ImportResult):
    g = litellm.graph
    src = ID["src-litellm-model-catalogue"]
    assert str(g.value(src, SCHEMA.url)) == "https://pypi.org/project/litellm/"
    assert g.value(src, SCHEMA.publisher) == Literal("LiteLLM (BerriAI)")
    assert str(g.value(src, SCHEMA.license)) == "https://spdx.org/licenses/MIT"
    assert g.value(src, SCHEMA.version) == Literal("1.109.1")
    # the import is an activity with the version and the day the file was read
    [activity] = g.subjects(RDF.type, PROV.Activity)
    assert set(g.objects(activity, PROV.used)) == {src}
    assert g.value(activity, SCHEMA.version) == Literal("1.109.1")
    assert g.value(activity, AIKG.retrievedDate) is not None
    # a date is stated or said to be unknown, never silently absent
    assert (g.value(src, SCHEMA.datePublished) is None) == (
        g.value(src, AIKG.publicationDateUnknown) == Literal(True)
    )
    for offer in g.subjects(RDF.type, AIKG.ModelOffering):
        assert (offer, PROV.wasDerivedFrom, src) in g
