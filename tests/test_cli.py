"""The command line: help, stats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.cli import app

runner = CliRunner()


def test_help_lists_every_command():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("build", "validate", "query", "stats"):
        assert command in result.output


def test_stats_json(oxigraph_url):
    result = runner.invoke(app, ["stats", "--store", oxigraph_url, "--format", "json"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output)
    assert stats["claims"] == stats["sourced_claims"]
    assert sum(stats["statuses"].values()) == stats["claims"]
    assert stats["deals"]["EquityInvestment"] > 0


def test_stats_table(oxigraph_url):
    result = runner.invoke(app, ["stats", "--store", oxigraph_url])
    assert result.exit_code == 0
    assert "claims per status" in result.output


def test_version_and_the_metric_names_in_help() -> None:
    import tomllib  # noqa: PLC0415

    from graph import metrics  # noqa: PLC0415
    from graph.cli import METRIC_NAMES  # noqa: PLC0415

    project = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text("utf-8"))
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"aikg {project['project']['version']}"
    assert list(METRIC_NAMES) == list(metrics.METRICS)
    helped = CliRunner().invoke(app, ["metrics", "--help"], terminal_width=200).output
    assert "supplier_concentration" in helped
    assert "DATE" in helped
    assert "URL" in helped


@pytest.mark.slow  # two whole builds
def test_build_names_and_lists_its_warnings(tmp_path: Path) -> None:
    args = ["build", "--store", f"oxigraph:{tmp_path / 'store'}", "--exports", str(tmp_path / "e")]
    quiet = CliRunner().invoke(app, args)
    assert quiet.exit_code == 0, quiet.output
    count = int(quiet.output.split("0 violations, ")[1].split(" warnings")[0])
    assert count > 0
    assert "(--warnings lists them)" in quiet.output
    listed = CliRunner().invoke(app, [*args, "--warnings"])
    assert listed.exit_code == 0, listed.output
    assert "(--warnings lists them)" not in listed.output
    assert listed.output.count("Warning ") + listed.stderr.count("Warning ") >= count
