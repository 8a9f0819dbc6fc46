"""A non-editable install (a wheel) carries the ontology, facts and queries."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # with the build backend of pyproject.toml, which the test extra installs: pip's
    # isolated build environment took 3.3 s by hand (setting up hatchling), this 1.0 s
    build = ["wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)]
    subprocess.run(
        [sys.executable, "-m", "pip", *build],
        check=True,
        capture_output=True,
    )
    (whl,) = out.glob("aikg-*.whl")
    return whl


def _install(wheel: Path, target: Path) -> Path:
    """Install the wheel (no dependencies) into ``target``, as a non-editable install is."""
    pip = [sys.executable, "-m", "pip", "install", "--no-deps", "-q"]
    subprocess.run(
        [*pip, "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    return target


@pytest.mark.slow  # pip builds the wheel in a real process
def test_wheel_ships_data_files(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "graph/_data/ontology/aikg.ttl" in names
    assert "graph/_data/ontology/shapes.ttl" in names
    facts = {n for n in names if n.startswith("graph/_data/ontology/facts/") and n.endswith(".ttl")}
    assert len(facts) == len(list((ROOT / "ontology" / "facts").glob("*.ttl")))
    queries = {n for n in names if n.startswith("graph/_data/queries/")}
    assert len(queries) == len(list((ROOT / "queries").glob("*.rq")))
    for table in ("countries.tsv", "family-patterns.tsv"):  # the importers' tables are data
        assert f"graph/_data/ontology/importers/{table}" in names
    assert "graph/py.typed" in names  # type checkers read the package's annotations
    (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "Provides-Extra: test" in text
    assert "Provides-Extra: dev" not in text  # it only repeated [test]


@pytest.mark.slow  # pip builds and installs the wheel
def test_installed_package_finds_its_data_from_elsewhere(wheel: Path, tmp_path: Path):
    target = _install(wheel, tmp_path / "site")
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


@pytest.mark.slow  # a wheel install and a whole build in fresh processes
def test_readme_add_a_deal_works_after_a_wheel_install(wheel: Path, tmp_path: Path) -> None:
    """The README's "How to add a deal", with the package installed from a wheel.

    The checkout (its ontology, queries and project file, copied) gets the README's
    example in ``ontology/facts/``; ``aikg build`` run inside it must load that file
    and say where the facts came from, and ``aikg query`` must find the new company.
    """
    target = _install(wheel, tmp_path / "site")
    checkout = tmp_path / "checkout"
    shutil.copytree(ROOT / "ontology", checkout / "ontology")
    shutil.copytree(ROOT / "queries", checkout / "queries")
    shutil.copy(ROOT / "pyproject.toml", checkout / "pyproject.toml")
    example = ROOT / "tests" / "data" / "readme_example.ttl"
    shutil.copy(example, checkout / "ontology" / "facts" / "example-deal.ttl")
    env = {**os.environ, "PYTHONPATH": str(target), "COLUMNS": "400"}  # the path on one line
    env.pop("AIKG_DATA", None)
    env.pop("AIKG_STORE", None)

    def aikg(*args: str) -> str:
        code = (
            f"import sys; sys.argv = ['aikg', *{list(args)!r}]; from graph.cli import main; main()"
        )
        done = subprocess.run(
            [sys.executable, "-c", code],
            check=False,
            cwd=checkout,
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    built = aikg("build", "--store", "oxigraph:store", "--exports", "exports")
    assert f"{checkout / 'ontology' / 'facts'}/" in built.replace("\n", "")
    found = aikg(
        "query",
        "SELECT ?name WHERE { id:example-lab schema:name ?name }",
        "--store",
        "oxigraph:store",
        "--format",
        "csv",
    )
    assert found.splitlines() == ["name", "Example Lab"]
    # the installed package itself was not used for the facts
    assert str(target) not in built


def test_the_test_extra_has_the_build_backend():
    # the wheel fixture builds without isolation, with the backend the test extra installs
    import tomllib  # noqa: PLC0415

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    requires = project["build-system"]["requires"]
    assert requires
    assert set(requires) <= set(project["project"]["optional-dependencies"]["test"])
