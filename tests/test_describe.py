"""graph.describe: everything about one entity, checked against the claims read directly."""

from __future__ import annotations

import json
from datetime import date

import pytest
import rdflib
from typer.testing import CliRunner

import graph
from graph import cli
from graph.claims import CLAIM_LINKS, Claim, ClaimData, Entity
from graph.cli import app
from graph.entity import GROUPS, describe, find_entity
from graph.ids import entity_iri
from graph.metrics import data_of


def _parties(claim: Claim) -> set[str]:
    return {p for role, ps in claim.parties.items() if role not in CLAIM_LINKS for p in ps}


def test_anthropic_has_the_2026_amazon_and_google_deals(memory_graph: rdflib.Graph) -> None:
    d = graph.describe(memory_graph, "anthropic", as_of="2026-06-30")
    assert d.iri == entity_iri("anthropic")
    invested = {c.iri.rsplit("/", 1)[1]: c for c in d.groups["investments in"]}
    amazon = invested["deal-amazon-anthropic-2026"]
    assert amazon.amount_text == "up to $25B"
    assert amazon.day == date(2026, 4, 20)
    assert [t.rsplit("/", 1)[1] for t in amazon.tranches] == [
        "deal-amazon-anthropic-2026-t1",
        "deal-amazon-anthropic-2026-t2",
    ]
    assert ("investor", entity_iri("amazon")) in amazon.others
    links = [s.url for s in amazon.sources if s.url.startswith("https://")]
    assert links  # links to the pages; the seed article is cited by its urn
    assert all(s.url in links or s.url.startswith("urn:aikg:seed:") for s in amazon.sources)
    assert amazon.sources[0].kind == "CompanyChannel"  # Anthropic's own post, first
    google = [c for c in invested.values() if ("investor", entity_iri("google")) in c.others]
    assert any(c.day and c.day.year == 2026 for c in google)
    assert {p.cloud for p in d.poles} == {entity_iri("amazon"), entity_iri("google")}
    providers = {b.provider: b for b in d.bindings}
    assert providers[entity_iri("amazon")].depth == 6


def test_the_claims_are_exactly_those_the_entity_is_a_party_to(
    memory_graph: rdflib.Graph,
) -> None:
    data = data_of(memory_graph)
    day = date(2025, 12, 31)
    iri = entity_iri("openai")
    expected = {c.iri for c in data.claims.values() if iri in _parties(c) and c.in_force(day)}
    d = describe(data, "OpenAI", as_of=day)  # by name, any case
    assert {c.iri for c in d.claims} == expected
    assert len(d.claims) == len(expected) > 20
    assert set(d.groups) == set(GROUPS)
    later = describe(data, "openai")
    assert len(later.claims) > len(d.claims)  # 2026 deals count without a date


def test_a_date_leaves_out_later_deals(memory_graph: rdflib.Graph) -> None:
    d = describe(memory_graph, "anthropic", as_of="2023-12-31")
    assert all(c.day is None or c.day <= date(2023, 12, 31) for c in d.claims)
    assert not any(c.iri.endswith("deal-amazon-anthropic-2026") for c in d.claims)


def test_a_model_family_lists_its_offerings(memory_graph: rdflib.Graph) -> None:
    d = describe(memory_graph, "claude")
    assert d.kind == "ModelFamily"
    assert dict(d.attributes)["developer"] == "Anthropic"
    platforms = {who for c in d.groups["offerings"] for role, who in c.others if role == "platform"}
    assert len(platforms) >= 3


def test_unknown_entity_says_what_is_near() -> None:
    a = entity_iri("anthropic")
    data = ClaimData({a: Entity(a, "Company", "Anthropic")}, {})
    assert find_entity(data, a) == a
    with pytest.raises(KeyError, match="did you mean Anthropic"):
        find_entity(data, "anthropik")


def test_notebook_html_escapes_every_string() -> None:
    a, b = entity_iri("a"), entity_iri("b")
    data = ClaimData(
        {
            a: Entity(a, "Company", "<script>x</script>", roles=("CloudProvider",)),
            b: Entity(b, "Company", "B & co"),
        },
        {
            entity_iri("eq"): Claim(
                entity_iri("eq"),
                "EquityInvestment",
                "Confirmed",
                parties={"investor": (a,), "investee": (b,)},
                sources=("https://example.org/?q=<i>",),
            )
        },
    )
    page = describe(data, "b")._repr_html_()
    assert "<script>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page
    assert "B &amp; co" in page
    assert "investments in (1)" in page


def test_the_command_shows_the_same_as_python(oxigraph_url: str) -> None:
    runner = CliRunner()
    args = ["describe", "anthropic", "--as-of", "2026-06-30", "--store", oxigraph_url]
    as_json = runner.invoke(app, [*args, "-f", "json"])
    assert as_json.exit_code == 0, as_json.output
    doc = json.loads(as_json.output)
    expected = describe(graph.load(oxigraph_url), "anthropic", as_of="2026-06-30")
    assert {g: len(v) for g, v in doc["groups"].items()} == {
        g: len(v) for g, v in expected.groups.items()
    }
    saved = cli.out.width  # another test may have narrowed the shared console
    cli.out.width = 160
    try:
        table = runner.invoke(app, [*args, "--limit", "3"])
    finally:
        cli.out.width = saved
    assert table.exit_code == 0, table.output
    assert "investments in: 18 claim(s), the latest 3" in table.output
    assert "up to $25B" in table.output, table.output
    missing = runner.invoke(app, ["describe", "anthropik", "--store", oxigraph_url])
    assert missing.exit_code == 1
    assert "did you mean Anthropic" in missing.output
