"""Curated facts plus both real imports validate with SHACL (0 violations).

The shapes run in the compiled engine that ``aikg build`` uses
(:mod:`graph.shacl_sparql`); that it reports exactly what pySHACL reports is tested
in ``test_shacl_sparql`` (every broken case and the whole curated graph). pySHACL
itself takes 10 to 20 minutes on these 54,000 triples.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from graph.build import default_paths, load_sources
from graph.importers import Resolver, import_epoch, import_litellm
from graph.shacl_sparql import validate_store

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
    resolver = Resolver.from_quads(sources.quads)
    started = time.perf_counter()
    epoch = import_epoch(EPOCH, resolver)
    litellm = import_litellm(CATALOGUE, resolver, version="1.109.1")
    import_seconds = time.perf_counter() - started
    store = sources.store()
    store.bulk_extend([*epoch.triples.quads(), *litellm.triples.quads()])
    started = time.perf_counter()
    report = validate_store(store, origins=sources.origins)
    validate_seconds = time.perf_counter() - started
    assert report.conforms, "\n".join(str(p) for p in report.violations[:20])
    assert len(store) > 45_000  # curated ~11,500, imports ~37,000
    print(
        f"imports {import_seconds:.2f} s, {len(epoch.triples) + len(litellm.triples)} triples; "
        f"SHACL on {len(store)} triples {validate_seconds:.2f} s, {len(report.warnings)} warnings"
    )
    # speed is measured by `aikg bench`, not asserted here (a loaded machine would fail it)
