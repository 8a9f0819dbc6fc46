"""`aikg build --epoch ... --litellm ...`: the imports validate with the curated facts,
the named queries keep their answers, and the regional metric sees the real releases."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph import metrics
from graph.build import build
from graph.cli import app
from graph.queries import find_query, list_queries, run_query
from graph.store import open_graph

EXTERNAL = Path(__file__).resolve().parents[2] / "shared" / "external"
EPOCH = EXTERNAL / "epoch-ai"
LITELLM = EXTERNAL / "litellm" / "model_prices_and_context_window.json"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not os.environ.get("CI") and (not EPOCH.is_dir() or not LITELLM.is_file()),
        reason=f"external data not found under {EXTERNAL}",
    ),
]
runner = CliRunner()


@pytest.fixture(scope="module")
def imported_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"oxigraph:{tmp_path_factory.mktemp('imported') / 'kg'}"
    result = build(url, epoch=EPOCH, litellm=LITELLM)
    assert result.report.conforms
    assert [r.source for r in result.imports] == ["epoch", "litellm"]
    return url


def _rows(url: str, name: str) -> list[tuple[str, ...]]:
    result = run_query(open_graph(url), find_query(name))
    return sorted(tuple(str(v) for v in row) for row in result)  # type: ignore[union-attr]


def test_imports_add_data(imported_url, oxigraph_url):
    big, small = len(open_graph(imported_url)), len(open_graph(oxigraph_url))
    assert big > small + 20_000


@pytest.mark.parametrize(
    "name",
    [
        "deals_by_investor",
        "investment_by_year",
        "compute_commitments_by_provider",
        "claim_provenance",
        "disputed_claims",
        "commitment_chips",
        "contested_companies",
    ],
)
def test_curated_answers_unchanged_by_imports(name, imported_url, oxigraph_url):
    assert _rows(imported_url, name) == _rows(oxigraph_url, name)


def test_every_named_query_runs_on_the_imported_graph(imported_url):
    kg = open_graph(imported_url)
    for q in list_queries():
        assert list(run_query(kg, q)) is not None


def test_litellm_widens_availability(imported_url, oxigraph_url):
    big = {r[1] for r in _rows(imported_url, "family_platforms")}
    small = {r[1] for r in _rows(oxigraph_url, "family_platforms")}
    assert small < big  # Claude is listed on more platforms once the catalogue is in


def test_china_leans_open_with_epoch_releases(imported_url):
    shares = {
        r.region: r
        for r in metrics.regional_proportions(open_graph(imported_url), since=2023, unit="release")
    }
    # Epoch's notable models since 2023: China's open-weight share is above the US's
    assert shares["China"].open_share > shares["US"].open_share
    assert shares["China"].open_share > 0.6
    assert shares["US"].open_share < 0.5


def test_build_cli_with_imports(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(
        app,
        [
            "build",
            "--store",
            f"oxigraph:{tmp_path / 'kg'}",
            "--epoch",
            str(EPOCH),
            "--litellm",
            str(LITELLM),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "import epoch" in result.output
    assert "import litellm" in result.output
    assert "0 violations" in result.output


def test_import_commands_report(tmp_path):
    result = runner.invoke(app, ["import", "epoch", str(EPOCH), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"source": "epoch"' in result.output
    bad = runner.invoke(app, ["import", "litellm", str(tmp_path / "missing.json")])
    assert bad.exit_code == 1
    assert "is not a file" in bad.output
