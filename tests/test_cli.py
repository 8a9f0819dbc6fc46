"""The command line: help, stats."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from graph.cli import app, common
from graph.location import current_version
from graph.stats import STATS_FILE

runner = CliRunner()


def test_help_lists_every_command():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("build", "validate", "query", "stats"):
        assert command in result.output


def test_help_starts_without_the_engines_or_the_unused_rich_modules():
    """`aikg --help` loads no RDF library, no engine, and neither Markdown nor Pygments."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "graph", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Commands" in done.stdout
    assert "describe" in done.stdout
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    assert "typer.rich_utils" in imported  # the help was formatted by Typer's Rich formatter
    heavy = {"rdflib", "oxrdflib", "pyoxigraph", "networkx", "markdown_it", "pygments"}
    assert not {m for m in imported if m.split(".")[0] in heavy}


def test_validate_loads_no_sparql_parser(tmp_path):
    """`aikg validate` checks with Oxigraph: neither oxrdflib nor rdflib's SPARQL parser loads."""
    good = tmp_path / "one.ttl"
    good.write_text(
        "@prefix aikg: <https://w3id.org/aikg/ontology#> .\n"
        "@prefix schema: <https://schema.org/> .\n"
        '<https://w3id.org/aikg/id/x> a aikg:Company ; schema:name "X" ; aikg:countryCode "US" .\n',
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "graph", "validate", str(good)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    assert "graph.checking" in imported  # it did validate
    assert "oxrdflib" not in imported
    assert "rdflib.plugins.sparql.parser" not in imported


@pytest.mark.slow  # a real build in a fresh process
def test_build_loads_no_sparql_parser_in_any_of_its_processes(tmp_path):
    """`aikg build` hands its Oxigraph stores to the exports as they are: no process of it
    (the forked exports and site writers print their imports to the same stderr) loads
    oxrdflib, rdflib's SPARQL parser or pySHACL."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "graph", "build",
         "--store", f"oxigraph:{tmp_path / 'store'}", "--exports", str(tmp_path / "exports")],
        capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert (tmp_path / "exports" / "site" / "index.html").is_file()
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    assert {"graph.export.site", "graph.build"} <= imported  # the importtime lines are read
    assert not {m for m in imported if m.split(".")[0] in {"oxrdflib", "pyshacl"}}
    assert "rdflib.plugins.sparql.parser" not in imported


def test_deferred_rich_modules_still_work_when_used():
    """The placeholders load the real modules on first use (a usage error, a Markdown text)."""
    from rich.console import Console  # noqa: PLC0415
    from rich.markdown import Markdown  # noqa: PLC0415
    from rich.traceback import Traceback  # noqa: PLC0415

    console = Console(record=True, width=60)
    console.print(Markdown("# Title\n\n*text*"))
    try:
        raise ValueError("shown")
    except ValueError:
        console.print(Traceback())
    text = console.export_text()
    for shown in ("Title", "ValueError", "shown"):
        assert shown in text
    bad = runner.invoke(app, ["no-such-command"])
    assert bad.exit_code == 2
    assert "No such command" in bad.output


def test_stats_json(oxigraph_url):
    result = runner.invoke(app, ["stats", "--store", oxigraph_url, "--format", "json"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output)
    assert stats["claims"] == stats["sourced_claims"]
    assert sum(stats["statuses"].values()) == stats["claims"]
    assert stats["deals"]["EquityInvestment"] > 0


DEFAULT = ox.DefaultGraph()


def test_stats_kept_by_the_build_are_what_counting_gives(oxigraph_url, tmp_path):
    """`aikg stats` reads the counts the build kept in its version; without them (a store
    written another way, or the file damaged) it counts, with the same result."""
    source = current_version(Path(oxigraph_url.removeprefix("oxigraph:")))
    assert source is not None
    assert (source / STATS_FILE).is_file()
    copy = tmp_path / "kg"
    shutil.copytree(source.parent, copy, symlinks=True)
    version = current_version(copy)
    assert version is not None

    def shown() -> dict[str, object]:
        done = runner.invoke(app, ["stats", "--store", f"oxigraph:{copy}", "-f", "json"])
        assert done.exit_code == 0, done.output
        return dict(json.loads(done.output))

    kept = shown()
    (version / STATS_FILE).write_text('{"triples": "many"}', encoding="utf-8")
    assert shown() == kept  # damaged: counted again
    (version / STATS_FILE).unlink()
    assert shown() == kept  # missing: counted again
    store = ox.Store.read_only(str(version))
    assert kept["triples"] == sum(1 for _ in store.quads_for_pattern(None, None, None, DEFAULT))


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


def test_whole_command_seconds_leave_out_what_the_process_ran_before_it_became_aikg():
    # `bash -c "pip install . && aikg build"` runs aikg in the shell's own process, which
    # /proc says began with the shell: the build's "seconds (whole command)" counted the
    # install too (44.55 s for a 2 s build, by hand)
    show = "from graph.cli.common import process_seconds; print(process_seconds())"
    run = subprocess.run(
        ["bash", "-c", f"sleep 4; exec {sys.executable} -c '{show}'"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert 0 < float(run.stdout) < 4  # not the 4 s the shell slept
    plain = subprocess.run([sys.executable, "-c", show], capture_output=True, text=True, check=True)
    assert float(plain.stdout) > 0


def test_whole_command_seconds_fall_back_to_the_time_since_the_command_line_loaded(
    monkeypatch,
):
    # with no gap allowed, /proc's start is never taken: the time since the command line
    # loaded is what is left
    monkeypatch.setattr(common, "EXEC_GAP", float("-inf"))
    monkeypatch.setattr(common, "_STARTED", time.perf_counter() - 30.0)
    assert 30.0 <= common.process_seconds() < 60.0
