"""The synthetic generator and the benchmark command."""

from __future__ import annotations

import json

import pyoxigraph as ox
from typer.testing import CliRunner

from graph.bench import exponent, parse_size, pipeline
from graph.build import build, validate_paths
from graph.cli import app
from graph.synth import synthesize, write_synthetic

runner = CliRunner()


def test_synthetic_is_deterministic_and_sized():
    a, b = synthesize(20_000, seed=3), synthesize(20_000, seed=3)
    assert a == b
    assert synthesize(20_000, seed=4) != a
    triples = len(list(ox.parse(a.encode(), format=ox.RdfFormat.TURTLE)))
    # overshoot by less than one sector (~1,800 triples)
    assert 20_000 <= triples < 22_000


def test_synthetic_is_valid_and_shaped_like_the_real_graph(tmp_path):
    path = write_synthetic(15_000, 2, tmp_path)
    report = validate_paths([path])
    assert report.conforms, [str(p) for p in report.violations[:5]]
    assert report.warnings == []
    result = build("memory", paths=[path])
    assert result.graph is not None
    from graph import metrics  # noqa: PLC0415

    data = metrics.data_of(result.graph)
    kinds = {c.kind for c in data.claims.values()}
    assert {
        "EquityInvestment",
        "Tranche",
        "SpendCommitment",
        "CapacityCommitment",
        "ModelOffering",
        "Observation",
        "ChipSupplyAgreement",
    } <= kinds
    # clouds invest in labs that commit spending back: closed loops and poles exist
    assert metrics.closed_loops(data)
    assert metrics.bindings(data)


def test_size_parsing_and_exponent():
    assert parse_size("1M") == 1_000_000
    assert parse_size("250k") == 250_000
    assert exponent([1e4, 1e5, 1e6], [1.0, 10.0, 100.0]) == 1.0
    assert exponent([1e4, 1e5], [1.0, 100.0]) == 2.0
    assert pipeline({"parse": 1.0, "validate": 2.0, "metric: x": 5.0}) == 3.0


def test_synth_command(tmp_path):
    result = runner.invoke(app, ["synth", "--triples", "5k", "--seed", "9", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "synthetic-5000-9.ttl").is_file()
    bad = runner.invoke(app, ["synth", "--triples", "lots", "--out", str(tmp_path)])
    assert bad.exit_code == 1


def test_bench_command_end_to_end(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(
        app,
        [
            "bench",
            "--sizes",
            "3k",
            "--runs",
            "1",
            "--naive-max",
            "3k",
            "--exports",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 0, result.output
    doc = json.loads((tmp_path / "out" / "bench.json").read_text())
    graphs = {g["graph"]: g for g in doc["graphs"]}
    assert set(graphs) == {"real", "synthetic 3,000"}
    real = graphs["real"]["aikg"]["oxigraph"]
    for stage in (
        "parse",
        "load",
        "validate",
        "read claims",
        "metric: poles",
        "query p50: coverage",
    ):
        assert real["stages"][stage] >= 0
    assert real["peak_rss_mb"] > 10
    assert graphs["real"]["naive_over_aikg"] > 1  # the hand-written path is slower
    assert "naive" in result.output
