"""Importers of third-party datasets: Epoch AI (CC BY 4.0) and LiteLLM's model catalogue (MIT).

Each importer reads raw files, resolves names to curated entities through
:class:`~graph.importers.resolve.Resolver` and returns an
:class:`~graph.importers.report.ImportResult`: an rdflib graph of new triples, which
validate together with the curated facts, and an
:class:`~graph.importers.report.ImportReport`.

Examples
--------
>>> from graph.build import load_sources, default_paths
>>> resolver = Resolver.from_graph(load_sources(default_paths()).graph)
>>> resolver.resolve("Google DeepMind #likely", Kind.ORG).iri
rdflib.term.URIRef('https://w3id.org/aikg/id/google')
"""

from __future__ import annotations

from graph.importers.epoch import EPOCH_FILES, import_epoch
from graph.importers.litellm import LITELLM_MODES, import_litellm
from graph.importers.report import FileReport, ImportReport, ImportResult, render_report
from graph.importers.resolve import Kind, Resolution, Resolver

__all__ = [
    "EPOCH_FILES",
    "LITELLM_MODES",
    "FileReport",
    "ImportReport",
    "ImportResult",
    "Kind",
    "Resolution",
    "Resolver",
    "import_epoch",
    "import_litellm",
    "render_report",
]
