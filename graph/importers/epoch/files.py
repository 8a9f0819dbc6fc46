"""The Epoch AI files the importer reads, and the ``aikg:Source`` node each one becomes.

:data:`EPOCH_FILES` lists them in import order with the dataset title and page
that Epoch's README asks a citation to name; :func:`source_node` writes the
source a file's nodes and claims are derived from (snapshot date, publisher,
CC BY 4.0 licence, credit text).

Examples
--------
>>> [f.key for f in EPOCH_FILES][:2]
['ml-hardware', 'notable-ai-models']
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from graph.importers.provenance import add_publication
from graph.importers.sink import Sink
from graph.vocab import AIKG, ID, SCHEMA

__all__ = ["EPOCH_FILES", "EpochFile", "source_node"]

_CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")


@dataclass(frozen=True)
class EpochFile:
    """One Epoch dataset file and the citation its README asks for."""

    key: str
    path: str
    title: str
    url: str


#: The files imported, in import order.
EPOCH_FILES: tuple[EpochFile, ...] = (
    EpochFile(
        "ml-hardware",
        "ml_hardware/ml_hardware.csv",
        "Data on Machine Learning Hardware",
        "https://epoch.ai/data/machine-learning-hardware",
    ),
    EpochFile(
        "notable-ai-models",
        "ai_models/notable_ai_models.csv",
        "Data on AI Models",
        "https://epoch.ai/data/ai-models",
    ),
    EpochFile(
        "gpu-clusters",
        "gpu_clusters/gpu_clusters.csv",
        "Data on GPU Clusters",
        "https://epoch.ai/data/gpu-clusters",
    ),
    EpochFile(
        "data-centers",
        "data_centers/data_centers.csv",
        "Data on Frontier AI Data Centers",
        "https://epoch.ai/data/data-centers",
    ),
    EpochFile(
        "funding-rounds",
        "ai_companies/ai_companies_funding_rounds.csv",
        "Data on AI Companies",
        "https://epoch.ai/data/ai-companies",
    ),
    EpochFile(
        "revenue-reports",
        "ai_companies/ai_companies_revenue_reports.csv",
        "Data on AI Companies",
        "https://epoch.ai/data/ai-companies",
    ),
    EpochFile(
        "compute-spend",
        "ai_companies/ai_companies_compute_spend.csv",
        "Data on AI Companies",
        "https://epoch.ai/data/ai-companies",
    ),
)


def source_node(g: Sink, spec: EpochFile, snapshot: date, published: date | None) -> URIRef:
    """Write the ``aikg:Source`` of one Epoch file and return its IRI.

    Parameters
    ----------
    g : Sink
        The import graph.
    spec : EpochFile
        The file.
    snapshot : date
        When the files were downloaded (``aikg:snapshotDate``).
    published : date or None
        The dataset's version month, from the citation in the folder's README.
    """
    iri = ID[f"src-epoch-{spec.key}"]
    g.add((iri, RDF.type, AIKG.Source))
    g.add((iri, AIKG.snapshotDate, Literal(snapshot.isoformat(), datatype=XSD.date)))
    g.add((iri, SCHEMA.url, URIRef(spec.url)))
    g.add((iri, SCHEMA.publisher, Literal("Epoch AI")))
    g.add((iri, SCHEMA.name, Literal(f"Epoch AI, '{spec.title}' ({spec.path})")))
    # the version month comes from the citation in the folder's README.md
    add_publication(g, iri, published, month_only=True)
    g.add((iri, SCHEMA.license, _CC_BY))
    g.add(
        (
            iri,
            SCHEMA.creditText,
            Literal(
                f"Epoch AI, '{spec.title}'. Published online at epoch.ai. Retrieved from "
                f"'{spec.url}' [online resource]. Licensed under CC BY 4.0."
            ),
        )
    )
    return iri
