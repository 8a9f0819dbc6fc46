"""Curated facts plus both real imports validate with SHACL (0 violations), in bounded time."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from graph.build import default_paths, load_sources
from graph.importers import Resolver, import_epoch, import_litellm
from graph.validate import validate_graph

EXTERNAL = Path(__file__).resolve().parents[2] / "shared" / "external"
EPOCH = EXTERNAL / "epoch-ai"
CATALOGUE = EXTERNAL / "litellm" / "model_prices_and_context_window.json"


@pytest.mark.slow
@pytest.mark.skipif(
    not os.environ.get("CI") and (not (EPOCH.is_dir() and CATALOGUE.is_file())),
    reason=f"real Epoch AI / LiteLLM data not present under {EXTERNAL}",
)
def test_curated_plus_imports_validate():
    sources = load_sources(default_paths())
    resolver = Resolver.from_graph(sources.graph)
    started = time.perf_counter()
    epoch = import_epoch(EPOCH, resolver)
    litellm = import_litellm(CATALOGUE, resolver, version="1.109.1")
    import_seconds = time.perf_counter() - started
    data = sources.graph + epoch.graph + litellm.graph
    started = time.perf_counter()
    report = validate_graph(data)
    validate_seconds = time.perf_counter() - started
    assert report.conforms, "\n".join(str(p) for p in report.violations[:20])
    print(
        f"imports {import_seconds:.2f} s, {len(epoch.graph) + len(litellm.graph)} triples; "
        f"SHACL on {len(data)} triples {validate_seconds:.2f} s, {len(report.warnings)} warnings"
    )
    # speed is measured by `aikg bench`, not asserted here (a loaded machine would fail it)
