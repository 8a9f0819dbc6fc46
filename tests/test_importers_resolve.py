"""Entity resolution against the curated alias tables."""

from __future__ import annotations

import pytest
import rdflib

from graph.build import default_paths, load_sources
from graph.importers.resolve import Kind, Resolver, country_codes, fold, split_cell
from graph.vocab import ID


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver.from_graph(load_sources(default_paths()).graph)


@pytest.mark.parametrize(
    ("name", "iri"),
    [
        ("Google DeepMind", "google"),
        ("DeepMind", "google"),
        ("Meta AI", "meta"),
        ("Facebook AI Research", "meta"),
        ("Amazon AWS", "amazon"),
        ("amazon.com,   INC.", "amazon"),
        ("NVIDIA", "nvidia"),
        ("Kunlunxin Baidu", "kunlunxin"),
        ("Mistral", "mistral-ai"),
        ("Technology Innovation Institute (TII)", "tii"),
        (
            "Hangzhou DeepSeek Artificial Intelligence Basic Technology Research Co., Ltd.",
            "deepseek",
        ),
        ("Coreweave", "coreweave"),
        ("Google Cloud", "google"),
    ],
)
def test_organisations_resolve(resolver: Resolver, name: str, iri: str):
    assert resolver.resolve(name, Kind.ORG).iri == ID[iri]


@pytest.mark.parametrize(
    "name",
    [
        "Stanford University",
        "Scale",
        "AI",
        "",
        "Pawsey Supercomputing Centre",
        "Moore Threads (Tencent)",
    ],
)
def test_unknown_names_stay_unresolved(resolver: Resolver, name: str):
    assert resolver.resolve(name, Kind.ORG).iri is None


def test_tags_and_multi_organisation_cells(resolver: Resolver):
    out = resolver.resolve_cell(
        "OpenAI #likely, Microsoft #speculative,Stanford University", Kind.ORG
    )
    assert [(r.iri, r.confidence) for r in out] == [
        (ID.openai, "likely"),
        (ID.microsoft, "speculative"),
        (None, None),
    ]
    assert out[2].name == "Stanford University"
    # a curated label with a comma is one name, not two
    assert [r.iri for r in resolver.resolve_cell("Meta Platforms, Inc.", Kind.ORG)] == [ID.meta]
    assert [t.name for t in split_cell("Amazon.com, Inc., Anthropic")] == [
        "Amazon.com, Inc.",
        "Anthropic",
    ]


def test_ambiguous_labels_resolve_to_nothing():
    g = rdflib.Graph().parse(
        format="turtle",
        data="""
        @prefix aikg: <https://w3id.org/aikg/ontology#> . @prefix id: <https://w3id.org/aikg/id/> .
        @prefix schema: <https://schema.org/> .
        id:a a aikg:Company ; schema:name "Alpha" ; schema:alternateName "Shared" .
        id:b a aikg:Company ; schema:name "Beta" ; schema:alternateName "Shared Inc." .
    """,
    )
    r = Resolver.from_graph(g)
    assert r.resolve("shared", Kind.ORG).iri is None
    assert r.resolve("ALPHA", Kind.ORG).iri == ID.a


@pytest.mark.parametrize(
    ("name", "iri"),
    [
        ("NVIDIA H100 SXM5 80GB", "nvidia-h100"),
        ("Google TPU v4", "tpu-v4"),
        ("Google TPU v6e Trillium", "tpu-v6e"),
        ("Amazon Trainium2", "trainium2"),
        ("AMD Radeon Instinct MI250X", "amd-mi250x"),
        ("Huawei Ascend 910B", "ascend-910b"),
    ],
)
def test_chips_resolve(resolver: Resolver, name: str, iri: str):
    assert resolver.resolve(name, Kind.CHIP).iri == ID[iri]


def test_vendor_stripping_requires_the_designer(resolver: Resolver):
    # "TPU v4" is Google's; an "NVIDIA TPU v4" must not match it
    assert resolver.resolve("NVIDIA TPU v4", Kind.CHIP).iri is None


@pytest.mark.parametrize(
    ("model", "family"),
    [
        ("Claude 3.5 Sonnet", "claude"),
        (
            "anthropic.claude-3-5-sonnet-20241022-v2:0",
            None,
        ),  # vendor prefix: the importer strips it
        ("claude-3-5-sonnet-20241022-v2:0", "claude"),
        ("Llama 3.1 405B", "llama"),
        ("Llama-3.1-Nemotron-70B-Instruct", "nemotron"),
        ("Qwen2.5-72B", "qwen"),
        ("qwen3-max", "qwen-max"),
        ("Qwen2.5-7B-Instruct-Turbo", "qwen"),
        ("o1-preview", "o-series"),
        ("gpt-4o-mini", "gpt"),
        ("gpt-oss-20b", "gpt-oss"),
        ("Grok-1", "grok-open"),
        ("grok-4-fast", "grok"),
        ("mistral-large-latest", "mistral-large"),
        ("mistral-large-2512", "mistral-open"),
        ("Mixtral 8x22B", "mistral-open"),
        ("deepseek-reasoner", "deepseek-r1"),
        ("DeepSeek-V4-Flash", None),  # no curated family: no guess
        ("kimi-k2-instruct", "kimi"),
        ("moonshot-v1-8k", None),
        ("Seed-1.6", None),
    ],
)
def test_family_for(resolver: Resolver, model: str, family: str | None):
    got = resolver.family_for(model)
    assert got == (ID[family] if family else None)


def test_folding_and_countries():
    assert fold("Scale AI") == "scale ai"  # "AI" is never stripped
    assert fold("Acme GmbH") == "acme"
    assert country_codes("United States of America,United States of America,China") == ["US", "CN"]
    assert country_codes("Korea (Republic of),Multinational,Atlantis") == ["KR"]


def test_tables_from_the_parsed_quads_equal_those_from_the_whole_graph():
    sources = load_sources(default_paths())
    from_quads = Resolver.from_quads(sources.quads)
    assert from_quads == Resolver.from_graph(sources.graph)
    assert len(from_quads.curated) > 200  # every curated organisation, family, chip, platform
