"""An Oxigraph build validates in memory up to MEMORY_BUILD_MAX quads, on disk above: same store."""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.location import current_version
from graph.metrics.materialise import metric_quads
from graph.stats import graph_stats, read_stats

build_module = importlib.import_module("graph.build")
ROOT = Path(__file__).resolve().parents[1]


def _published(folder: Path) -> Counter[str]:
    version = current_version(folder)
    assert version is not None
    store = ox.Store.read_only(str(version))
    # blank node labels are new in every parse: compare the quads with them masked
    return Counter(re.sub(r"_:\w+", "_:b", str(q)) for q in store)


def test_disk_and_memory_validation_publish_the_same_store(tmp_path, monkeypatch):
    memory = build_module.build(f"oxigraph:{tmp_path / 'a'}", derive=metric_quads)
    monkeypatch.setattr(build_module, "MEMORY_BUILD_MAX", 0)
    disk = build_module.build(f"oxigraph:{tmp_path / 'b'}", derive=metric_quads)
    assert memory.store is not None
    assert disk.store is None  # nothing held in memory above the threshold
    assert memory.triples == disk.triples > 10_000
    assert memory.report.problems == disk.report.problems
    assert _published(tmp_path / "a") == _published(tmp_path / "b")
    # each version keeps the statistics of what it holds, counted before it was published
    for result, name in ((memory, "a"), (disk, "b")):
        version = current_version(tmp_path / name)
        assert version is not None
        kept = read_stats(version)
        assert kept is not None
        assert kept == result.stats == graph_stats(ox.Store.read_only(str(version)))


def test_an_invalid_graph_leaves_no_version_on_either_path(tmp_path, monkeypatch):
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix aikg: <https://w3id.org/aikg/ontology#> .\n"
        "<https://w3id.org/aikg/id/x> a aikg:EquityInvestment .\n",
        encoding="utf-8",
    )
    reports = []
    for limit, name in ((10**9, "memory"), (0, "disk")):
        monkeypatch.setattr(build_module, "MEMORY_BUILD_MAX", limit)
        folder = tmp_path / name
        with pytest.raises(build_module.BuildError) as raised:
            build_module.build(f"oxigraph:{folder}", extra_paths=[bad])
        assert current_version(folder) is None
        assert not list(folder.glob("v-*"))
        assert raised.value.report is not None
        reports.append(raised.value.report.problems)
    # the same problems either way: the shapes (a child beside the other checks in memory,
    # a thread on disk) and the other rules: here four shapes the bare deal breaks
    assert reports[0] == reports[1]
    paths = {p.path for p in reports[1] if p.severity == "Violation"}
    assert paths == {"aikg:claimStatus", "aikg:investee", "prov:wasDerivedFrom", "schema:name"}


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _graph_files(files: dict[str, bytes]) -> dict[str, Counter[str]]:
    """The Turtle and JSON-LD exports as quads with blank node labels masked."""
    formats = {"ecosystem.ttl": ox.RdfFormat.TURTLE, "ecosystem.jsonld": ox.RdfFormat.JSON_LD}
    return {
        name: Counter(re.sub(r"_:\w+", "_:b", str(q)) for q in ox.parse(files.pop(name), fmt))
        for name, fmt in formats.items()
    }


@pytest.mark.slow  # two real builds and an export, in fresh processes
@pytest.mark.parametrize("workers", ["", "1"])
def test_build_exports_match_a_later_export_of_the_same_store(tmp_path, workers):
    """``aikg build`` writes its exports early (a child with the claims); ``aikg export``
    writes them from the published store: the same files, forked or not."""
    env = {**os.environ, "AIKG_WORKERS": workers}
    store = f"oxigraph:{tmp_path / 'kg'}"
    run = [sys.executable, "-m", "graph"]
    subprocess.run([*run, "build", "--store", store, "--exports", str(tmp_path / "built")],
                   check=True, capture_output=True, cwd=ROOT, env=env, timeout=600)  # fmt: skip
    subprocess.run([*run, "export", "--store", store, "--out", str(tmp_path / "again")],
                   check=True, capture_output=True, cwd=ROOT, env=env, timeout=600)  # fmt: skip
    built, again = _files(tmp_path / "built"), _files(tmp_path / "again")
    assert len([f for f in built if not f.startswith("site/")]) == 14
    assert "site/id/anthropic.ttl" in built
    assert _graph_files(built) == _graph_files(again)
    assert built == again
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again", "built", "kg"]
