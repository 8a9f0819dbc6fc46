"""Building into stores: atomic publication, failed builds leave the old store and exports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.build import BuildError, build
from graph.cli import app
from graph.queries import find_query, run_query
from graph.store import StoreError, current_version, open_graph, parse_store_url

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini.ttl"
runner = CliRunner()

ASK_TEST_DEAL = "ASK { id:deal-test-cloud-test-lab aikg:investor id:test-cloud }"


def _ask(url: str, text: str) -> bool:
    return bool(run_query(open_graph(url), find_query(text)).askAnswer)


def test_build_into_oxigraph_and_query(tmp_path):
    url = f"oxigraph:{tmp_path / 'store'}"
    result = build(url, paths=[MINI])
    assert result.report.conforms
    assert _ask(url, ASK_TEST_DEAL)
    kg = open_graph(url)
    assert len(kg) == result.triples


def test_build_hands_over_the_claims_the_published_store_reads_back(tmp_path):
    # the exports use the claims read during validation instead of reading them again
    from graph.claims import read_claims  # noqa: PLC0415
    from graph.metrics.materialise import metric_quads  # noqa: PLC0415

    url = f"oxigraph:{tmp_path / 'store'}"
    result = build(url, derive=metric_quads)
    assert result.data is not None
    again = read_claims(open_graph(url))
    assert len(result.data.claims) > 300
    assert again == result.data


def test_memory_build_returns_the_graph():
    result = build("memory", paths=[MINI])
    assert result.graph is not None
    assert (None, None, None) in result.graph
    assert len(result.graph) == result.triples


def test_rebuild_swaps_versions_and_prunes(tmp_path):
    store = tmp_path / "store"
    url = f"oxigraph:{store}"
    versions = []
    for _ in range(4):
        build(url, paths=[MINI])
        versions.append(current_version(store))
    assert len(set(versions)) == 4
    kept = sorted(p.name for p in store.glob("v-*"))
    # the current version and the two before it
    assert kept == sorted(v.name for v in versions[-3:])
    assert (store / "current").is_symlink()


def test_failed_build_leaves_previous_store(tmp_path):
    url = f"oxigraph:{tmp_path / 'store'}"
    build(url, paths=[MINI])
    before = current_version(tmp_path / "store")
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        MINI.read_text()
        .replace("id:test-lab", "id:other-lab")
        .replace("aikg:claimStatus aikg:Confirmed", "")
    )
    versions = sorted(p.name for p in (tmp_path / "store").glob("v-*"))
    with pytest.raises(BuildError):
        build(url, paths=[bad])
    assert current_version(tmp_path / "store") == before
    # the half-built version was removed
    assert sorted(p.name for p in (tmp_path / "store").glob("v-*")) == versions
    assert _ask(url, ASK_TEST_DEAL)
    assert not _ask(url, "ASK { ?d aikg:investee id:other-lab }")


def test_cli_failed_build_keeps_store_and_exports(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    store = f"oxigraph:{tmp_path / 'kg'}"
    first = runner.invoke(app, ["build", "--store", store, "--exports", "out"])
    assert first.exit_code == 0, first.output
    out = tmp_path / "out"
    exported = {
        p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()
    }
    assert {name for name in exported if not name.startswith("site/")} == {
        "tri-polar.html",
        "ecosystem.html",
        "report.html",
        "ecosystem.ttl",
        "ecosystem.jsonld",
        "ecosystem.graphml",
        "ecosystem.gexf",
        "metrics.json",
        "metrics.csv",
        "stats.json",
        "ontology/index.html",
        "ontology/aikg.ttl",
        "ontology/shapes.ttl",
        "ontology/mappings.sssom.tsv",
    }
    assert "site/id/anthropic.html" in exported
    before = current_version(tmp_path / "kg")
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix id: <https://w3id.org/aikg/id/> .\nid:x id:y \n")
    second = runner.invoke(
        app, ["build", "--store", store, "--exports", "out", "--facts", str(bad)]
    )
    assert second.exit_code == 1
    assert "bad.ttl:3:1: Turtle syntax error" in second.output
    assert "previous store and exports are untouched" in second.output
    assert current_version(tmp_path / "kg") == before
    after = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == exported
    stats = json.loads(exported["stats.json"])
    assert stats["claims"] == stats["sourced_claims"] > 0


def test_missing_store_is_a_user_error(tmp_path):
    with pytest.raises(StoreError, match="run `aikg build` first"):
        open_graph(f"oxigraph:{tmp_path / 'none'}")
    result = runner.invoke(app, ["stats", "--store", f"oxigraph:{tmp_path / 'none'}"])
    assert result.exit_code == 1
    assert "run `aikg build` first" in result.output


def test_store_urls():
    assert parse_store_url("oxigraph:data/kg").path == Path("data/kg")
    loc = parse_store_url("sparql+https://example.org/ds/query?update=/ds/update")
    assert loc.query_endpoint == "https://example.org/ds/query"
    assert loc.update_endpoint == "https://example.org/ds/update"
    with pytest.raises(StoreError):
        parse_store_url("postgres://x")


@pytest.mark.slow  # a whole build and a query in real processes
def test_real_process_build_and_query(tmp_path):
    """The installed console script, as a user runs it (a real process)."""
    env = {**os.environ, "AIKG_STORE": f"oxigraph:{tmp_path / 'kg'}"}
    aikg = [sys.executable, "-m", "graph"]
    done = subprocess.run(
        [*aikg, "build"], cwd=tmp_path, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "0 violations" in done.stdout
    assert (tmp_path / "exports" / "ecosystem.ttl").stat().st_size > 10_000
    q = subprocess.run(
        [*aikg, "query", "investment_by_year", "--format", "csv"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert q.returncode == 0, q.stderr
    assert q.stdout.splitlines()[0] == (
        "investor,investee,include_disputed,include_preliminary,year,total_usd,bounds,deals"
    )
