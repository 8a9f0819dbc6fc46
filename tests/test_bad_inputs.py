"""The bad-input corpus (tests/bad_inputs/manifest.yaml), each entry as a real `aikg` process.

Every entry runs ``aikg ARGS`` in a process of its own (forked from one interpreter that
imported the command line once: ``tests/forked_cli.py``) in a temporary folder that holds a
built store (``AIKG_STORE``) and its ``exports/``; the exit code and a substring of the
output are checked, no output contains a Python traceback, and the store (the
target of ``current`` and the answer of a named query) and the exports (every
file's hash) are unchanged afterwards. The entries run two at a time.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from .forked_cli import run_forked

pytestmark = pytest.mark.slow  # real processes, servers, browsers or large data

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "bad_inputs"
MANIFEST: list[dict[str, Any]] = yaml.safe_load((CORPUS / "manifest.yaml").read_text("utf-8"))
HEADER = """@prefix aikg:   <https://w3id.org/aikg/ontology#> .
@prefix id:     <https://w3id.org/aikg/id/> .
@prefix schema: <https://schema.org/> .
"""


@dataclass(frozen=True)
class Outcome:
    """What one entry's process did."""

    code: int
    output: str


def _generate(kind: str, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if kind == "big-literal-10mb":
        path = folder / "big.ttl"
        path.write_text(
            HEADER + 'id:x a aikg:Company ; schema:name "X" ; aikg:countryCode "US" ;\n'
            f'    schema:description "{"A" * 10_000_000}" .\n',
            encoding="utf-8",
        )
        return path
    if kind == "deep-nesting-turtle":
        n = 100_000
        path = folder / "deep.ttl"
        path.write_text(
            HEADER + 'id:x a aikg:Company ; schema:name "X" ; aikg:countryCode "US" ;\n'
            f'    schema:description {"[ schema:about " * n}"leaf"{" ]" * n} .\n',
            encoding="utf-8",
        )
        return path
    if kind == "deep-nesting-json":
        path = folder / "deep.json"
        path.write_text('{"claude-3-haiku": ' + "[" * 100_000 + "]" * 100_000 + "}", "utf-8")
        return path
    if kind == "directory-named-ttl":
        (folder / "x.ttl").mkdir()
        return folder
    raise AssertionError(f"unknown generator {kind}")


def _env(store: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k == "AIKG_CACHE_DIR" or not k.startswith("AIKG_")
    }
    env["AIKG_STORE"] = f"oxigraph:{store}"
    env["PYTHONPATH"] = str(ROOT)
    env["COLUMNS"] = "200"
    return env


def _exports_hash(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _answer(work: Path) -> str:
    run = subprocess.run(
        [sys.executable, "-m", "graph", "query", "open_weight_families", "-f", "csv"],
        cwd=work, env=_env(work / "store"), capture_output=True, text=True, check=True,
    )  # fmt: skip
    return run.stdout


def _args(entry: dict[str, Any], scratch: Path) -> list[str]:
    """The entry's command line, its inputs made in a folder of its own under ``scratch``."""
    tmp = scratch / entry["id"]
    tmp.mkdir(parents=True)
    values = {"tmp": str(tmp)}
    if "input" in entry:
        values["input"] = str(CORPUS / entry["input"])
    if "generate" in entry:
        values["generated"] = str(_generate(entry["generate"], tmp / "generated"))
    args = [str(a) for a in entry["args"]]
    for key, value in values.items():
        args = [a.replace(f"{{{key}}}", value) for a in args]
    return args


@dataclass(frozen=True)
class Corpus:
    """The outcome of every entry, and the store and exports before and after."""

    outcomes: dict[str, Outcome]
    before: tuple[str, str, dict[str, str]]
    after: tuple[str, str, dict[str, str]]


def _state(work: Path) -> tuple[str, str, dict[str, str]]:
    return (
        os.readlink(work / "store" / "current"),
        _answer(work),
        _exports_hash(work / "exports"),
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    work = tmp_path_factory.mktemp("work")
    subprocess.run(
        [sys.executable, "-m", "graph", "build"],
        cwd=work, env=_env(work / "store"), check=True, capture_output=True,
    )  # fmt: skip
    before = _state(work)
    scratch = tmp_path_factory.mktemp("scratch")
    commands = [_args(e, scratch) for e in MANIFEST]
    done = run_forked(commands, cwd=work, env=_env(work / "store"), parallel=2, timeout=300)
    pairs = zip(MANIFEST, done, strict=True)
    outcomes = {e["id"]: Outcome(d.code, d.stdout + d.stderr) for e, d in pairs}
    return Corpus(outcomes, before, _state(work))


def test_the_corpus_is_big_and_well_formed() -> None:
    ids = [e["id"] for e in MANIFEST]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 30
    for entry in MANIFEST:
        assert set(entry) <= {"id", "input", "generate", "args", "exit", "message"}, entry
        assert entry["exit"] in {0, 1, 2}, entry
        assert entry["message"], entry
        if "input" in entry:
            assert (CORPUS / entry["input"]).exists(), entry
    kinds = {e["args"][0] for e in MANIFEST}
    assert {"validate", "build", "import", "query"} <= kinds
    assert sum(1 for p in CORPUS.rglob("*") if p.is_file() and p.name != ".gitkeep") >= 30


@pytest.mark.parametrize("entry", MANIFEST, ids=[e["id"] for e in MANIFEST])
def test_bad_input(entry: dict[str, Any], corpus: Corpus) -> None:
    outcome = corpus.outcomes[entry["id"]]
    assert "Traceback" not in outcome.output, outcome.output[-3000:]
    assert outcome.code == entry["exit"], outcome.output[-3000:]
    assert entry["message"] in outcome.output, outcome.output[-3000:]


def test_store_and_exports_are_unchanged(corpus: Corpus) -> None:
    link, answer, exports = corpus.before
    assert corpus.after[0] == link
    assert corpus.after[1] == answer
    assert corpus.after[2] == exports
    assert len(exports) >= 10
