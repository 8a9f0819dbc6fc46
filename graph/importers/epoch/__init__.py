r"""Import Epoch AI's data hub CSVs (CC BY 4.0) as aikg nodes and claims.

Files read, relative to the Epoch folder (``../shared/external/epoch-ai``), in this
order (hardware first, so that training hardware and cluster chips resolve to it):

==================================================  ===================================
file                                                creates
==================================================  ===================================
``ml_hardware/ml_hardware.csv``                     ``aikg:Chip``
``ai_models/notable_ai_models.csv``                 ``aikg:ModelRelease``
``gpu_clusters/gpu_clusters.csv``                   ``aikg:ComputeCluster``, ``ComputeUsage``
``data_centers/data_centers.csv``                   ``aikg:DataCenter``, ``ComputeUsage``
``ai_companies/ai_companies_funding_rounds.csv``    ``aikg:Observation`` (funding, valuation)
``ai_companies/ai_companies_revenue_reports.csv``   ``aikg:Observation`` (revenue)
``ai_companies/ai_companies_compute_spend.csv``     ``aikg:Observation`` (compute spend)
==================================================  ===================================

Not imported: the frontier / large-scale model lists (subsets of the notable models'
columns), staff and usage reports, data-center timelines, chillers and cooling towers.

Mapping decisions
-----------------
- Claim status: Epoch's data are estimates compiled from reports, so nothing is
  ``Confirmed``. Tag or confidence ``confident`` / ``Confirmed`` -> ``aikg:Reported``;
  ``likely``, ``speculative``, ``uncertain``, ``unknown`` -> ``aikg:Estimated``. The
  verbatim tag is kept in ``aikg:sourceConfidence``.
- Model accessibility: "Open weights (unrestricted)" -> OpenWeights; "(restricted use)"
  and "(non-commercial)" -> OpenWeightsRestricted; "API access" and "Hosted access (no
  API)" -> APIOnly; "Unreleased" -> Unreleased.
- A release links to a curated family (:meth:`Resolver.family_for`) only when one of its
  developers develops the family and the openness agrees (open vs API/unreleased);
  otherwise the link is left out and counted as a note (fine-tunes by third parties,
  e.g. a university's "LLaMA-Adapter", are not releases of Llama).
- Chips: an Epoch chip that resolves to a curated chip adds its Epoch name as
  ``schema:alternateName`` (never a second ``schema:name``) and only the values the curated chip
  lacks (release date: the earliest of the matching rows; kind; fab).
- GPU clusters with certainty "Unlikely" are skipped. Generic user descriptors
  ("Cloud", "Academia", "Researchers"...) are not organisations and are skipped.
- Funding rounds carry no investor names, so they become ``FundingRaised`` (and
  ``Valuation``) observations of the company, not equity deals. Rows Epoch marks
  "Exclude from graph view" are skipped, as are revenue rows that are not
  company-level totals (product/division, other).
- Data center power is the current power in MW (left out when 0, i.e. not yet built).
- Every node and claim has ``prov:wasDerivedFrom`` the file's ``aikg:Source`` (dataset
  page, publisher "Epoch AI", ``schema:license`` CC BY 4.0, ``schema:creditText`` the
  citation) and ``aikg:sourceRow`` (1-based data row, header excluded) of the row that
  created it. New organisations and chips are flagged ``aikg:unresolved true``.

The importer is split by file: :mod:`~graph.importers.epoch.files` (the files and
their sources), :mod:`~graph.importers.epoch.rows` (reading rows and cells),
:mod:`~graph.importers.epoch.context` (state shared by the row handlers, resolving
organisations and chips), :mod:`~graph.importers.epoch.chips` (ML hardware),
:mod:`~graph.importers.epoch.models` (notable models),
:mod:`~graph.importers.epoch.facilities` (GPU clusters, data centers) and
:mod:`~graph.importers.epoch.companies` (funding, revenue, compute spend).

Examples
--------
>>> import rdflib, tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> (folder / "ai_models").mkdir()
>>> _ = (folder / "ai_models" / "notable_ai_models.csv").write_text(
...     "Model,Organization,Publication date,Model accessibility,Country (of organization)\n"
...     "Claude 3.5 Sonnet,Anthropic,2024-06-20,API access,United States of America\n"
...     ",Anthropic,2024-06-20,API access,United States of America\n")
>>> curated = rdflib.Graph().parse(format="turtle", data='''
... @prefix aikg: <https://w3id.org/aikg/ontology#> . @prefix id: <https://w3id.org/aikg/id/> .
... @prefix schema: <https://schema.org/> .
... id:anthropic a aikg:Company ; schema:name "Anthropic" .
... id:claude a aikg:ModelFamily ; schema:name "Claude" ; aikg:developer id:anthropic ;
...     aikg:weightsAccess aikg:APIOnly .''')
>>> result = import_epoch(folder, Resolver.from_graph(curated))
>>> f = result.report.files["ai_models/notable_ai_models.csv"]
>>> f.rows_read, f.rows_mapped, dict(f.skipped)
(2, 1, {'empty name': 1})
>>> from graph.vocab import AIKG, ID
>>> result.graph.value(ID["epoch-model-claude-3-5-sonnet"], AIKG.family) == ID.claude
True
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rdflib import URIRef

from graph.importers.epoch.chips import hardware_row
from graph.importers.epoch.companies import compute_spend_row, funding_row, revenue_row
from graph.importers.epoch.context import Context, RowHandler
from graph.importers.epoch.facilities import cluster_row, data_center_row
from graph.importers.epoch.files import EPOCH_FILES, EpochFile, source_node
from graph.importers.epoch.models import model_row
from graph.importers.epoch.rows import SkipRowError, read_rows, status_for
from graph.importers.provenance import import_activity, readme_version_date
from graph.importers.report import ImportReport, ImportResult
from graph.importers.resolve import Minter, Resolver, xsd_date
from graph.importers.sink import TripleSink
from graph.vocab import PREFIXES, SCHEMA

__all__ = ["EPOCH_FILES", "EpochFile", "import_epoch", "status_for"]

#: The row handler of each file key of :data:`EPOCH_FILES`.
_HANDLERS: dict[str, RowHandler] = {
    "ml-hardware": hardware_row,
    "notable-ai-models": model_row,
    "gpu-clusters": cluster_row,
    "data-centers": data_center_row,
    "funding-rounds": funding_row,
    "revenue-reports": revenue_row,
    "compute-spend": compute_spend_row,
}


def import_epoch(folder: Path, resolver: Resolver, *, snapshot: date | None = None) -> ImportResult:
    """Import the Epoch AI CSVs of ``folder``.

    Parameters
    ----------
    folder : Path
        The ``epoch-ai`` folder (with ``ai_models/``, ``ml_hardware/``...). Missing
        files are noted in the report, not an error.
    resolver : Resolver
        Built from the curated graph (:meth:`Resolver.from_graph`); the importer
        registers the chips it creates in it.
    snapshot : date, optional
        When the files were downloaded (``aikg:snapshotDate`` of every source): a
        row without a date of its own counts from then, never before. Today (the
        day they are read) when omitted.

    Returns
    -------
    ImportResult
        ``graph``: the new triples; ``report``: one :class:`FileReport` per file.
    """
    graph = TripleSink()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    ctx = Context(graph, resolver, Minter(graph, resolver, "epoch"))
    report = ImportReport("epoch")
    retrieved = snapshot or date.today()
    used: list[URIRef] = []
    for spec in EPOCH_FILES:
        rep = report.file(spec.path)
        path = folder / spec.path
        if not path.is_file():
            rep.note("file missing or unreadable")
            continue
        src = source_node(graph, spec, retrieved, readme_version_date(path.parent))
        used.append(src)
        handler = _HANDLERS[spec.key]
        for n, row in read_rows(path, rep):
            try:
                handler(ctx, row, n, src, rep)
            except SkipRowError as skip:
                rep.skip(str(skip))
            else:
                rep.rows_mapped += 1
    for record, released in ctx.chip_release.items():
        graph.add((record, SCHEMA.releaseDate, xsd_date(released)))
    if used:
        import_activity(graph, "epoch", "Import of Epoch AI datasets", used, retrieved)
    return ImportResult(graph, report)
