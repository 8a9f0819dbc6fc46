"""graph.load() without a URL: where it looks for the store, and what it says when none is built."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import graph

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.delenv("AIKG_STORE", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    return tmp_path


def test_the_error_names_every_place_tried(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(clean_env)
    with pytest.raises(graph.StoreError) as caught:
        graph.load()
    message = str(caught.value)
    assert f"oxigraph:{clean_env / '.aikg' / 'store'}" in message
    assert f"oxigraph:{clean_env / 'xdg' / 'aikg' / 'store'}" in message
    assert "AIKG_STORE" in message


def test_a_notebook_below_a_checkout_finds_its_store(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, oxigraph_url: str
) -> None:
    checkout = clean_env / "checkout"
    (checkout / "ontology").mkdir(parents=True)
    shutil.copy(ROOT / "ontology" / "aikg.ttl", checkout / "ontology" / "aikg.ttl")
    shutil.copy(ROOT / "pyproject.toml", checkout / "pyproject.toml")
    (checkout / ".aikg").mkdir()
    (checkout / ".aikg" / "store").symlink_to(Path(oxigraph_url.removeprefix("oxigraph:")))
    notebooks = checkout / "notebooks"
    notebooks.mkdir()
    monkeypatch.chdir(notebooks)
    kg = graph.load()
    assert len(kg) > 1000
    # the user's folder comes last, $AIKG_STORE first
    monkeypatch.setenv("AIKG_STORE", f"oxigraph:{clean_env / 'nowhere'}")
    with pytest.raises(graph.StoreError, match="nowhere"):
        graph.load()
