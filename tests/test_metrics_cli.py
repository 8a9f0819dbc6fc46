"""`aikg metrics`, `aikg timeline` and `aikg whatif` on the curated data, and the Python API."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

import graph
from graph import metrics
from graph.cli import app

runner = CliRunner()
ID = "https://w3id.org/aikg/id/"


def _numbers_have_units(node: object, path: str = "") -> list[str]:
    """Paths of numbers that are not the value of a {value, unit} object."""
    bad: list[str] = []
    if isinstance(node, dict):
        if "unit" in node and "value" in node:
            return bad
        for k, v in node.items():
            bad += _numbers_have_units(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            bad += _numbers_have_units(v, f"{path}[{i}]")
    elif isinstance(node, (int, float)) and not isinstance(node, bool):
        bad.append(path)
    return bad


@pytest.fixture(scope="module")
def metrics_json(oxigraph_url: str) -> dict[str, dict[str, object]]:
    result = runner.invoke(
        app, ["metrics", "--store", oxigraph_url, "--as-of", "2026-04-30", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_json_has_a_key_per_metric(metrics_json):
    assert set(metrics_json) == set(metrics.METRICS)


def test_json_numbers_have_units_and_results_cite_claims(metrics_json):
    for name, doc in metrics_json.items():
        results = doc["results"]
        assert isinstance(results, list)
        for r in results:
            assert "claims" in r, name
        assert _numbers_have_units(results) == [], name
    poles = metrics_json["poles"]["results"]
    amazon_anthropic = next(
        p for p in poles if p["cloud"] == ID + "amazon" and p["model"] == ID + "anthropic"
    )
    assert ID + "deal-amazon-anthropic-2026" in amazon_anthropic["claims"]


def test_poles_and_contested_as_of_the_article(metrics_json):
    pairs = {
        (p["cloud"][len(ID) :], p["model"][len(ID) :]) for p in metrics_json["poles"]["results"]
    }
    # the tri-polar loop of the seed article ...
    assert {("microsoft", "openai"), ("google", "anthropic"), ("amazon", "anthropic")} <= pairs
    # ... and the shift the data shows: Amazon's $50B into OpenAI (Feb 2026) and $100B back
    assert ("amazon", "openai") in pairs
    contested = {c["model"][len(ID) :] for c in metrics_json["contested"]["results"]}
    assert "anthropic" in contested


def test_csv_output_is_long_format_and_safe(oxigraph_url):
    result = runner.invoke(
        app, ["metrics", "--store", oxigraph_url, "--metric", "binding", "-f", "csv"]
    )
    assert result.exit_code == 0
    table = list(csv.DictReader(io.StringIO(result.output)))
    assert table[0].keys() == {"metric", "key", "field", "value", "bound", "unit", "claims"}
    depth = next(r for r in table if r["key"] == "anthropic amazon" and r["field"] == "depth")
    assert depth["value"] == "6"
    assert not any(str(v).startswith(("=", "+", "@")) for r in table for v in r.values())


def test_table_output(oxigraph_url):
    result = runner.invoke(app, ["metrics", "--store", oxigraph_url, "--metric", "exclusivity"])
    assert result.exit_code == 0
    assert "exclusivity" in result.output


def test_timeline_supplier_concentration(oxigraph_url):
    result = runner.invoke(
        app,
        [
            "timeline",
            "supplier_concentration",
            "--from",
            "2024-01-01",
            "--to",
            "2026-06-30",
            "--step",
            "quarter",
            "--key",
            "openai",
            "--store",
            oxigraph_url,
            "-f",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    points = {
        p["as_of"]: p["hhi"]["value"]
        for p in json.loads(result.output)["supplier_concentration"]
        if p["model"] == ID + "openai"
    }
    assert points["2024-06-30"] == 1.0  # Microsoft alone
    assert points["2026-06-30"] < points["2024-06-30"]
    assert sorted(points)[-1] == "2026-06-30"


def test_timeline_rejects_bad_input(oxigraph_url):
    bad = runner.invoke(app, ["timeline", "nonsense", "--store", oxigraph_url])
    assert bad.exit_code == 1
    assert "unknown metric" in bad.output
    bad = runner.invoke(
        app,
        [
            "timeline",
            "binding",
            "--from",
            "2026-01-01",
            "--to",
            "2025-01-01",
            "--store",
            oxigraph_url,
        ],
    )
    assert bad.exit_code == 1
    assert "after end" in bad.output


def test_whatif_dropping_the_2026_amazon_deal(oxigraph_url):
    result = runner.invoke(
        app,
        [
            "whatif",
            "--drop",
            "deal-amazon-anthropic-2026",
            "--as-of",
            "2026-04-30",
            "--store",
            oxigraph_url,
            "-f",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    changes = json.loads(result.output)["changes"]
    keyed = {(c["metric"], c["key"]): c for c in changes}
    rt = keyed[("round_trip", "anthropic amazon")]
    # without the April 2026 deal Amazon invested <= 4 + 4 = 8B; the >$100B commitment came with it
    assert rt["before"]["invested"]["value"] == 33e9
    assert rt["after"]["invested"]["value"] == 8e9


def test_whatif_unknown_id(oxigraph_url, monkeypatch):
    def computed(*_args, **_kwargs):
        raise AssertionError("the metrics were computed for an unknown id")

    monkeypatch.setattr(metrics, "what_if", computed)  # refused before any metric runs
    args = ["whatif", "--drop", "no-such-deal", "--drop", "openai", "--drop", "nor-this"]
    result = runner.invoke(app, [*args, "--store", oxigraph_url])
    assert result.exit_code == 1
    assert "no claim or entity" in result.output
    assert "no-such-deal" in result.output
    assert "nor-this" in result.output
    assert "/openai" not in result.output


def test_python_api_accepts_the_graph(oxigraph_url):
    kg = graph.load(oxigraph_url)
    b = metrics.binding(kg, "openai", "microsoft", as_of="2026-04-30")
    assert b.layers == (1, 2, 3, 4, 5, 6)
    early = metrics.binding(kg, "openai", "microsoft", as_of="2019-12-31")
    # 2019: $1B equity, exclusive Azure clause, Azure spend commitment -> layers 3, 5, 6
    assert early.layers == (3, 5, 6)
    assert metrics.data_of(kg) is metrics.data_of(kg)


def test_python_api_reads_the_claims_of_an_oxigraph_store_too(oxigraph_url):
    """An Oxigraph store itself (what a build hands its exports) gives the same claims as the
    rdflib graph of it, read again at each call (a store can change)."""
    from graph.oxquery import oxigraph_of  # noqa: PLC0415

    kg = graph.load(oxigraph_url)
    store = oxigraph_of(kg)
    assert store is not None
    data = metrics.data_of(store)
    assert data == metrics.data_of(kg)
    assert len(data.claims) > 100
    assert metrics.data_of(store) is not data
