"""A non-editable install (a wheel) carries the ontology, facts and queries."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (whl,) = out.glob("aikg-*.whl")
    return whl


def test_wheel_ships_data_files(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "graph/_data/ontology/aikg.ttl" in names
    assert "graph/_data/ontology/shapes.ttl" in names
    facts = {n for n in names if n.startswith("graph/_data/ontology/facts/") and n.endswith(".ttl")}
    assert len(facts) == len(list((ROOT / "ontology" / "facts").glob("*.ttl")))
    queries = {n for n in names if n.startswith("graph/_data/queries/")}
    assert len(queries) == len(list((ROOT / "queries").glob("*.rq")))


def test_installed_package_finds_its_data_from_elsewhere(wheel: Path, tmp_path: Path):
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    code = (
        "import graph.resources as r, graph.queries as q;"
        "print(r.data_root());print(len(r.fact_files()));print(len(q.list_queries()))"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    root, n_facts, n_queries = done.stdout.split()
    assert root == str(target / "graph" / "_data")
    assert int(n_facts) == len(list((ROOT / "ontology" / "facts").glob("*.ttl")))
    assert int(n_queries) == len(list((ROOT / "queries").glob("*.rq")))
