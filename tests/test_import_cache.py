"""Imports kept between builds (graph.importers.kept): what they read is their key.

A build reads the imports back only when every input of the importers is unchanged: the
resolver's entities, the bytes of the imported files, the snapshot dates and the code. The
quads and reports read back equal the ones computed; with the real Epoch AI and LiteLLM
files, a rebuild publishes the same graph (blank nodes aside) and the same reports.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.build import build, default_paths, load_sources
from graph.importers import import_epoch, import_litellm, kept
from graph.importers.kept import imported

EXTERNAL = Path(__file__).resolve().parents[2] / "shared" / "external"
EPOCH = EXTERNAL / "epoch-ai"
LITELLM = EXTERNAL / "litellm" / "model_prices_and_context_window.json"
CATALOGUE = {
    "claude-3-haiku": {"litellm_provider": "bedrock", "mode": "chat"},
    "gpt-4o": {"litellm_provider": "azure", "mode": "chat"},
    "no-such-model": {"litellm_provider": "bedrock", "mode": "chat"},
}
DAY = date(2026, 3, 1)
ALIAS = """@prefix schema: <https://schema.org/> .
<https://w3id.org/aikg/id/anthropic> schema:alternateName "Anthropic PBC (test)" .
"""
DEAL = """@prefix aikg: <https://w3id.org/aikg/ontology#> .
@prefix schema: <https://schema.org/> .
<https://w3id.org/aikg/id/test-deal-only> a aikg:EquityInvestment ; schema:name "A test deal" .
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("AIKG_CACHE_DIR", str(folder))
    monkeypatch.delenv("AIKG_CACHE", raising=False)
    return folder


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The LiteLLM imports actually run (not read back)."""
    seen: list[str] = []

    def counted(path: Path, *args: object, **kwargs: object) -> object:
        seen.append(path.name)
        return import_litellm(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(kept, "import_litellm", counted)
    return seen


def _catalogue(folder: Path, entries: dict[str, object] = CATALOGUE) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "catalogue.json"
    path.write_text(json.dumps(entries), encoding="utf-8")
    return path


def _sources(*extra: str, tmp: Path) -> list[ox.Quad]:
    paths = list(default_paths())
    tmp.mkdir(parents=True, exist_ok=True)
    for n, text in enumerate(extra):
        path = tmp / f"extra-{n}.ttl"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return list(load_sources(paths).quads)


def test_a_second_import_reads_back_what_the_first_computed(
    tmp_path: Path, cache: Path, runs: list[str]
) -> None:
    quads, catalogue = _sources(tmp=tmp_path), _catalogue(tmp_path)
    first = imported(quads, None, catalogue, litellm_date=DAY)
    again = imported(quads, None, catalogue, litellm_date=DAY)
    assert runs == ["catalogue.json"]
    assert again == first  # the same quads (blank node labels too) and the same reports
    [done] = again
    assert done.report.to_dict() == first[0].report.to_dict()
    assert done.report.files["catalogue.json"].rows_read == 3
    assert done.report.files["catalogue.json"].unresolved  # every name, not only the top
    assert len(done.quads) == len(first[0].quads) > 10
    assert len(list((cache / "imports").iterdir())) == 1


@pytest.mark.usefixtures("cache")
def test_read_back_it_names_the_path_given_now(
    tmp_path: Path, runs: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    quads, catalogue = _sources(tmp=tmp_path), _catalogue(tmp_path / "data")
    [first] = imported(quads, None, catalogue, litellm_date=DAY)
    monkeypatch.chdir(tmp_path)
    [again] = imported(quads, None, Path("data/catalogue.json"), litellm_date=DAY)
    assert runs == ["catalogue.json"]  # the same file: read back
    assert (first.path, again.path) == (catalogue, Path("data/catalogue.json"))
    assert again.quads == first.quads


@pytest.mark.usefixtures("cache")
def test_every_input_of_the_importers_is_part_of_the_key(tmp_path: Path, runs: list[str]) -> None:
    quads, catalogue = _sources(tmp=tmp_path), _catalogue(tmp_path)
    imported(quads, None, catalogue, litellm_date=DAY)
    imported(quads, None, catalogue, litellm_date=date(2026, 3, 2))  # another snapshot date
    _catalogue(tmp_path, {**CATALOGUE, "gpt-4o-mini": {"litellm_provider": "azure"}})
    imported(quads, None, catalogue, litellm_date=DAY)  # other bytes in the same file
    aliased = _sources(ALIAS, tmp=tmp_path / "a")
    imported(aliased, None, catalogue, litellm_date=DAY)  # a new name of an organisation
    assert len(runs) == 4
    # a deal is none of the importers' business: the entities they resolve to are the same
    dealt = _sources(DEAL, tmp=tmp_path / "d")
    imported(dealt, None, catalogue, litellm_date=DAY)
    assert len(runs) == 4
    # nor do blank node labels count, which differ every time a file is parsed
    imported(_sources(tmp=tmp_path / "again"), None, catalogue, litellm_date=DAY)
    assert len(runs) == 4


@pytest.mark.usefixtures("cache")
def test_only_the_files_the_epoch_importer_reads_are_part_of_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Path] = []

    def counted(folder: Path, *args: object, **kwargs: object) -> object:
        seen.append(folder)
        return import_epoch(folder, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(kept, "import_epoch", counted)
    quads, folder = _sources(tmp=tmp_path), tmp_path / "epoch"
    (folder / "ai_models").mkdir(parents=True)
    (folder / "ai_models" / "README.md").write_text("Epoch AI, 2026\n", encoding="utf-8")
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    imported(quads, folder, None, epoch_date=DAY)
    (folder / "notes.txt").write_text("mine, edited", encoding="utf-8")  # never read
    imported(quads, folder, None, epoch_date=DAY)
    assert len(seen) == 1
    (folder / "ai_models" / "README.md").write_text("Epoch AI, 2027\n", encoding="utf-8")
    imported(quads, folder, None, epoch_date=DAY)  # read: its version date
    (folder / "ml_hardware").mkdir()
    (folder / "ml_hardware" / "ml_hardware.csv").write_text("Hardware name\n", encoding="utf-8")
    imported(quads, folder, None, epoch_date=DAY)  # a file the importer reads appears
    assert len(seen) == 3


@pytest.mark.usefixtures("cache")
def test_other_code_never_reads_these_imports(
    tmp_path: Path, runs: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    quads, catalogue = _sources(tmp=tmp_path), _catalogue(tmp_path)
    imported(quads, None, catalogue, litellm_date=DAY)
    monkeypatch.setattr(kept, "_code", lambda: ["other code"])
    imported(quads, None, catalogue, litellm_date=DAY)
    monkeypatch.setattr(kept, "_code", lambda: None)  # code that cannot be told: never kept
    imported(quads, None, catalogue, litellm_date=DAY)
    imported(quads, None, catalogue, litellm_date=DAY)
    assert len(runs) == 4


def test_a_damaged_file_is_computed_again(tmp_path: Path, cache: Path, runs: list[str]) -> None:
    quads, catalogue = _sources(tmp=tmp_path), _catalogue(tmp_path)
    first = imported(quads, None, catalogue, litellm_date=DAY)
    [kept_file] = (cache / "imports").iterdir()
    doc = json.loads(kept_file.read_text("utf-8"))
    doc[0]["nquads"] = "<not> <n-quads"
    kept_file.write_text(json.dumps(doc), encoding="utf-8")
    assert imported(quads, None, catalogue, litellm_date=DAY) == first
    kept_file.write_text('[{"path": "x"}]', encoding="utf-8")
    assert imported(quads, None, catalogue, litellm_date=DAY) == first
    assert len(runs) == 3


def test_off_computes_every_time(
    tmp_path: Path, cache: Path, runs: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIKG_CACHE", "0")
    quads, catalogue = _sources(tmp=tmp_path), _catalogue(tmp_path)
    imported(quads, None, catalogue, litellm_date=DAY)
    imported(quads, None, catalogue, litellm_date=DAY)
    assert len(runs) == 2
    assert not cache.exists()


def _shape(store: ox.Store) -> tuple[set[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """The triples without blank nodes, and every triple with its blank nodes as ``_``."""

    def text(term: object) -> str:
        return "_" if isinstance(term, ox.BlankNode) else str(term)

    quads = list(store)
    ground = {
        (str(q.subject), str(q.predicate), str(q.object))
        for q in quads
        if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)
    }
    return ground, sorted((text(q.subject), text(q.predicate), text(q.object)) for q in quads)


@pytest.mark.slow
@pytest.mark.skipif(
    not os.environ.get("CI") and (not EPOCH.is_dir() or not LITELLM.is_file()),
    reason=f"external data not found under {EXTERNAL}",
)
def test_a_rebuild_from_kept_imports_publishes_the_same_graph(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = build(f"oxigraph:{tmp_path / 'a'}", epoch=EPOCH, litellm=LITELLM, litellm_date=DAY)
    assert len(list((cache / "imports").iterdir())) == 1
    monkeypatch.setattr(kept, "import_epoch", None)  # a second import would fail
    monkeypatch.setattr(kept, "import_litellm", None)
    again = build(f"oxigraph:{tmp_path / 'b'}", epoch=EPOCH, litellm=LITELLM, litellm_date=DAY)
    assert [r.to_dict() for r in again.imports] == [r.to_dict() for r in first.imports]
    assert again.triples == first.triples
    assert first.store is not None
    assert again.store is not None
    assert _shape(again.store) == _shape(first.store)
