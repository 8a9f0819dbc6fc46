"""The command line: help, stats."""

from __future__ import annotations

import json

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
