"""Shared pytest fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from graph.build import build

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def facts_graph() -> rdflib.Graph:
    """Ontology plus every curated facts file, parsed with plain rdflib."""
    g = rdflib.Graph()
    g.parse(ROOT / "ontology" / "aikg.ttl", format="turtle")
    for path in sorted((ROOT / "ontology" / "facts").glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


@pytest.fixture(scope="session")
def oxigraph_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store URL of the curated facts built into a fresh Oxigraph store."""
    url = f"oxigraph:{tmp_path_factory.mktemp('store') / 'kg'}"
    build(url)
    return url


@pytest.fixture(scope="session")
def memory_graph() -> rdflib.Graph:
    """The curated facts built into an in-memory rdflib graph."""
    result = build("memory")
    assert result.graph is not None
    return result.graph
