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

import csv
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD

from graph.importers.provenance import add_publication, import_activity, readme_version_date
from graph.importers.report import FileReport, ImportReport, ImportResult
from graph.importers.resolve import (
    Kind,
    Minter,
    Resolution,
    Resolver,
    country_codes,
    fold,
    looks_like_formula,
    parse_date,
    parse_number,
    slug,
    split_cell,
    xsd_date,
)
from graph.importers.sink import Sink, TripleSink
from graph.vocab import AIKG, ID, PREFIXES, PROV, SCHEMA

__all__ = ["EPOCH_FILES", "EpochFile", "import_epoch", "status_for"]

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

_ACCESS = {
    "open weights (unrestricted)": AIKG.OpenWeights,
    "open weights (restricted use)": AIKG.OpenWeightsRestricted,
    "open weights (non-commercial)": AIKG.OpenWeightsRestricted,
    "api access": AIKG.APIOnly,
    "hosted access (no api)": AIKG.APIOnly,
    "unreleased": AIKG.Unreleased,
}
_OPEN = frozenset({AIKG.OpenWeights, AIKG.OpenWeightsRestricted})
_CHIP_KINDS = {
    "gpu": AIKG.GPU,
    "gpgpu": AIKG.GPU,
    "dcu gpgpu": AIKG.GPU,
    "tpu": AIKG.TPU,
    "npu": AIKG.ASIC,
    "asic": AIKG.ASIC,
    "lpu": AIKG.ASIC,
    "xpu": AIKG.ASIC,
    "xpu r": AIKG.ASIC,
}
_REPORTED = frozenset({"confident", "confirmed"})
_ESTIMATED = frozenset({"likely", "speculative", "uncertain", "unknown", "unlikely"})
#: Folded "user" values of clusters and data centers that name no organisation.
_GENERIC_USERS = frozenset(
    {
        "cloud",
        "academia",
        "researchers",
        "research",
        "industry",
        "government",
        "public",
        "private",
        "enterprise",
        "enterprises",
        "customers",
        "startups",
        "scientific research",
        "various",
        "unknown",
        "multiple",
        "internal",
        "national",
        "universities",
        "university",
        "researchers in academia and industry",
        "general public",
        "public sector",
    }
)
_REVENUE_KINDS = {
    "annualized revenue": AIKG.RunRateRevenue,
    "annual recurring revenue": AIKG.RunRateRevenue,
    "quarterly revenue": AIKG.RunRateRevenue,  # the amount column is normalised to a year
    "yearly revenue": AIKG.Revenue,
}


class _SkipRowError(Exception):
    """A row that cannot be mapped; the message is the reason counted in the report."""


def status_for(tag: str | None, default: URIRef = AIKG.Estimated) -> URIRef:
    """Map an Epoch confidence tag or column value to an ``aikg:claimStatus``.

    Examples
    --------
    >>> [str(status_for(t)).rsplit("#")[-1] for t in ("confident", "Likely", "speculative")]
    ['Reported', 'Estimated', 'Estimated']
    """
    if tag is None or not tag.strip():
        return default
    t = tag.strip().casefold()
    if t in _REPORTED:
        return AIKG.Reported
    return AIKG.Estimated


def _cell(row: dict[str | None, object], column: str) -> str:
    value = row.get(column)
    return value if isinstance(value, str) else ""


def _checked(row: dict[str | None, object], *columns: str) -> None:
    for column in columns:
        if looks_like_formula(_cell(row, column)):
            raise _SkipRowError(f"formula-like cell (CSV injection) in '{column}'")


def _number(row: dict[str | None, object], column: str) -> float | None:
    try:
        return parse_number(_cell(row, column))
    except ValueError:
        raise _SkipRowError(f"invalid number in '{column}'") from None


def _date(row: dict[str | None, object], column: str) -> date | None:
    try:
        return parse_date(_cell(row, column))
    except ValueError:
        raise _SkipRowError(f"unparsable date in '{column}'") from None


def _rows(path: Path, report: FileReport) -> Iterator[tuple[int, dict[str | None, object]]]:
    """Yield (1-based data row number, row); count unreadable files instead of raising."""
    csv.field_size_limit(max(csv.field_size_limit(), min(sys.maxsize, 2**31 - 1)))
    try:
        with path.open(newline="", encoding="utf-8-sig", errors="replace") as fh:
            reader = csv.DictReader(fh)
            number = 0
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except csv.Error:
                    report.skip("unreadable CSV line")
                    return
                number += 1
                report.rows_read += 1
                yield number, dict(row)
    except OSError:
        report.note("file missing or unreadable")


@dataclass
class _Context:
    graph: Sink
    resolver: Resolver
    minter: Minter
    sources: dict[str, URIRef] = field(default_factory=dict)
    used_iris: set[URIRef] = field(default_factory=set)
    chip_release: dict[URIRef, date] = field(default_factory=dict)
    chip_kind_set: set[URIRef] = field(default_factory=set)

    def unique(self, base: str, row: int) -> URIRef:
        iri = ID[base]
        if iri in self.used_iris:
            iri = ID[f"{base}-{row}"]
        self.used_iris.add(iri)
        return iri

    def provenance(self, node: URIRef, source: URIRef, row: int) -> None:
        self.graph.add((node, PROV.wasDerivedFrom, source))
        self.graph.add((node, AIKG.sourceRow, Literal(row)))

    def orgs(
        self,
        cell: str,
        report: FileReport,
        source: URIRef,
        row: int,
        countries: list[str] | None = None,
    ) -> list[tuple[URIRef, Resolution]]:
        """Resolve an organisation cell; unresolved names become flagged nodes."""
        out: list[tuple[URIRef, Resolution]] = []
        resolutions = self.resolver.resolve_cell(cell, Kind.ORG)
        aligned = countries if countries and len(countries) == len(resolutions) else None
        for i, res in enumerate(resolutions):
            if looks_like_formula(res.name):
                report.note("formula-like organisation name dropped")
                continue
            curated = self.resolver.is_curated(res.iri)
            report.lookup(res.name, resolved=curated)
            country = aligned[i] if aligned else None
            out.append((self.minter.org(res, source, row, country), res))
        return out

    def designer_from_name(self, name: str) -> URIRef | None:
        words = name.split()
        for cut in (2, 1):
            if len(words) > cut:
                iri = self.resolver.lookup(" ".join(words[:cut]), Kind.ORG)
                if iri is not None:
                    return iri
        return None

    def chip(
        self, name: str, report: FileReport, source: URIRef, row: int, designer_hint: str = ""
    ) -> URIRef | None:
        """Resolve a chip name; mint a flagged chip when its designer is known."""
        iri = self.resolver.lookup(name, Kind.CHIP)
        report.lookup(name, resolved=self.resolver.is_curated(iri))
        if iri is not None:
            return iri
        designer = self.designer_from_name(name)
        if designer is None and designer_hint:
            designer = self.resolver.lookup(designer_hint, Kind.ORG)
        if designer is None:
            report.note("chip without a known designer left out")
            return None
        iri = ID[f"epoch-chip-{slug(name)}"]
        if self.minter.new_node(iri, AIKG.Chip, name, source, row, unresolved=True):
            self.graph.add((iri, AIKG.designer, designer))
            self.resolver.register(Kind.CHIP, name, iri)
        return iri


def _source(ctx: _Context, spec: EpochFile, snapshot: date, published: date | None) -> URIRef:
    iri = ID[f"src-epoch-{spec.key}"]
    g = ctx.graph
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


def _add_amount(g: Sink, subject: URIRef, prop: URIRef, value: float) -> None:
    node = BNode()
    g.add((subject, prop, node))
    g.add((node, RDF.type, SCHEMA.MonetaryAmount))
    g.add((node, SCHEMA.value, Literal(Decimal(repr(value)), datatype=XSD.decimal)))
    g.add((node, SCHEMA.currency, Literal("USD")))


def _add_power(g: Sink, subject: URIRef, mw: float) -> None:
    node = BNode()
    g.add((subject, AIKG.powerCapacity, node))
    g.add((node, RDF.type, SCHEMA.QuantitativeValue))
    g.add((node, SCHEMA.value, Literal(Decimal(repr(mw)), datatype=XSD.decimal)))
    g.add((node, SCHEMA.unitCode, Literal("MAW")))


# ------------------------------------------------------------------ per file ---


def _hardware(
    ctx: _Context, row: dict[str | None, object], n: int, src: URIRef, rep: FileReport
) -> None:
    _checked(row, "Hardware name", "Manufacturer", "Foundry")
    name = _cell(row, "Hardware name").strip()
    if not name:
        raise _SkipRowError("empty name")
    released = _date(row, "Release date")
    g, r = ctx.graph, ctx.resolver
    manufacturer = _cell(row, "Manufacturer").strip()
    designers = [iri for iri, _ in ctx.orgs(manufacturer, rep, src, n)] if manufacturer else []
    if not designers:
        hinted = ctx.designer_from_name(name)
        if hinted is None:
            raise _SkipRowError("no manufacturer")
        designers = [hinted]
    fabs = [iri for iri, _ in ctx.orgs(_cell(row, "Foundry"), rep, src, n)]
    kind = _CHIP_KINDS.get(fold(_cell(row, "Type")))
    target = r.lookup(name, Kind.CHIP)
    curated = r.is_curated(target)
    rep.lookup(name, resolved=curated)
    if target is not None and curated:
        _merge_chip(ctx, target, name, src, n, fabs=fabs, kind=kind, released=released)
        return
    iri = ID[f"epoch-chip-{slug(name)}"]
    if not ctx.minter.new_node(iri, AIKG.Chip, name, src, n, unresolved=True):
        rep.note("duplicate chip name merged")
        return
    r.register(Kind.CHIP, name, iri)
    for d in designers:
        g.add((iri, AIKG.designer, d))
    for fab in fabs:
        g.add((iri, AIKG.fab, fab))
    if kind is not None:
        g.add((iri, AIKG.chipKind, kind))
    if released:
        g.add((iri, SCHEMA.releaseDate, xsd_date(released)))


def _merge_chip(
    ctx: _Context,
    target: URIRef,
    name: str,
    src: URIRef,
    n: int,
    *,
    fabs: list[URIRef],
    kind: URIRef | None,
    released: date | None,
) -> None:
    """Record what an Epoch row says about a curated chip, apart from the curated values.

    The row becomes an ``aikg:ImportRecord`` that ``aikg:describes`` the chip: its
    name as Epoch spells it, and the fab, kind and release date the curated chip
    does not state. The curated node itself is left as curated.
    """
    g = ctx.graph
    have = ctx.resolver.curated.get(target, frozenset())
    record = ID[f"epoch-record-ml-hardware-{n}"]
    g.add((record, RDF.type, AIKG.ImportRecord))
    g.add((record, AIKG.describes, target))
    g.add((record, SCHEMA.alternateName, Literal(name)))
    ctx.provenance(record, src, n)
    if AIKG.fab not in have:
        for fab in fabs:
            g.add((record, AIKG.fab, fab))
    if kind is not None and AIKG.chipKind not in have and target not in ctx.chip_kind_set:
        g.add((record, AIKG.chipKind, kind))
        ctx.chip_kind_set.add(target)
    if released and SCHEMA.releaseDate not in have:
        ctx.chip_release[record] = released


def _model(
    ctx: _Context, row: dict[str | None, object], n: int, src: URIRef, rep: FileReport
) -> None:
    _checked(row, "Model", "Organization", "Training hardware", "Country (of organization)")
    name = _cell(row, "Model").strip()
    if not name:
        raise _SkipRowError("empty name")
    published = _date(row, "Publication date")
    compute = _number(row, "Training compute (FLOP)")
    access_text = _cell(row, "Model accessibility").strip()
    access = _ACCESS.get(access_text.casefold())
    if access_text and access is None:
        rep.note("unknown model accessibility left out")
    country_cell = _cell(row, "Country (of organization)")
    countries = [(country_codes(part) or [""])[0] for part in country_cell.split(",")]
    g = ctx.graph
    iri = ctx.unique(f"epoch-model-{slug(name)}", n)
    g.add((iri, RDF.type, AIKG.ModelRelease))
    g.add((iri, SCHEMA.name, Literal(name)))
    ctx.provenance(iri, src, n)
    developers = [d for d, _ in ctx.orgs(_cell(row, "Organization"), rep, src, n, countries)]
    for d in developers:
        g.add((iri, AIKG.developer, d))
    for code in country_codes(country_cell):
        g.add((iri, AIKG.countryCode, Literal(code)))
    if published:
        g.add((iri, SCHEMA.datePublished, xsd_date(published)))
    if access is not None:
        g.add((iri, AIKG.weightsAccess, access))
    if compute is not None:
        g.add((iri, AIKG.trainingCompute, Literal(compute, datatype=XSD.double)))
    _link_family(ctx, iri, name, developers=developers, access=access, rep=rep)
    for part in _cell(row, "Training hardware").split(","):
        chip = ctx.chip(part.strip(), rep, src, n) if part.strip() else None
        if chip is not None:
            g.add((iri, AIKG.trainedOn, chip))


def _link_family(
    ctx: _Context,
    release: URIRef,
    name: str,
    *,
    developers: list[URIRef],
    access: URIRef | None,
    rep: FileReport,
) -> None:
    """Link a release to its curated family when a developer and the openness agree."""
    family = ctx.resolver.family_for(name)
    if family is None:
        return
    info = ctx.resolver.families[family]
    if not info.developers & set(developers):
        rep.note("family match dropped: developer differs")
    elif (
        access is not None
        and info.weights_access is not None
        and ((access in _OPEN) != (info.weights_access in _OPEN))
    ):
        rep.note("family match dropped: openness differs")
    else:
        ctx.graph.add((release, AIKG.family, family))


def _usage(
    ctx: _Context,
    facility: URIRef,
    facility_name: str,
    user_cell: str,
    *,
    owners: list[URIRef],
    default_status: URIRef,
    default_tag: str | None,
    src: URIRef,
    n: int,
    rep: FileReport,
) -> None:
    g = ctx.graph
    for tagged in split_cell(user_cell):
        folded = fold(tagged.name)
        if folded in _GENERIC_USERS or folded.startswith("and ") or "community" in folded:
            rep.note("generic user descriptor skipped")
            continue
        if looks_like_formula(tagged.name):
            rep.note("formula-like organisation name dropped")
            continue
        res = Resolution(tagged.name, ctx.resolver.lookup(tagged.name, Kind.ORG), tagged.tag)
        rep.lookup(res.name, resolved=ctx.resolver.is_curated(res.iri))
        user = ctx.minter.org(res, src, n)
        usage = ctx.unique(f"{facility.removeprefix(str(ID))}-use-{slug(tagged.name)}", n)
        g.add((usage, RDF.type, AIKG.ComputeUsage))
        g.add((usage, SCHEMA.name, Literal(f"{tagged.name} uses {facility_name}")))
        g.add((usage, AIKG.user, user))
        g.add((usage, AIKG.facility, facility))
        for owner in owners:
            if owner != user:
                g.add((usage, AIKG.provider, owner))
        tag = tagged.tag or default_tag
        g.add((usage, AIKG.claimStatus, status_for(tagged.tag, default_status)))
        if tag:
            g.add((usage, AIKG.sourceConfidence, Literal(tag.casefold())))
        ctx.provenance(usage, src, n)


def _cluster(
    ctx: _Context, row: dict[str | None, object], n: int, src: URIRef, rep: FileReport
) -> None:
    _checked(row, "Name", "Owner", "Users", "Chip type (primary)", "Chip type (secondary)")
    name = _cell(row, "Name").strip()
    if not name:
        raise _SkipRowError("empty name")
    certainty = _cell(row, "Certainty").strip()
    if certainty.casefold() == "unlikely":
        raise _SkipRowError("certainty 'Unlikely'")
    started = _date(row, "First Operational Date")
    ended = _date(row, "Decommissioned Date (if applicable)")
    quantity = _number(row, "Chip quantity (primary)")
    power = _number(row, "Power Capacity (MW)")
    g = ctx.graph
    iri = ctx.unique(f"epoch-cluster-{slug(name)}", n)
    g.add((iri, RDF.type, AIKG.ComputeCluster))
    g.add((iri, SCHEMA.name, Literal(name)))
    ctx.provenance(iri, src, n)
    owners = [o for o, _ in ctx.orgs(_cell(row, "Owner"), rep, src, n)]
    for owner in owners:
        g.add((iri, AIKG.operator, owner))
    supplier = _cell(row, "GPU Supplier (primary)")
    for column in ("Chip type (primary)", "Chip type (secondary)"):
        chip_name = _cell(row, column).strip()
        if chip_name:
            chip = ctx.chip(chip_name, rep, src, n, supplier)
            if chip is not None:
                g.add((iri, AIKG.chip, chip))
    if quantity is not None:
        g.add((iri, AIKG.chipCount, Literal(round(quantity))))
    if power:
        _add_power(g, iri, power)
    codes = country_codes(_cell(row, "Country"))
    if codes:
        g.add((iri, AIKG.countryCode, Literal(codes[0])))
    where = _cell(row, "Location").strip() or _cell(row, "Country").strip()
    if where:
        g.add((iri, AIKG.located, Literal(where)))
    if started:
        g.add((iri, SCHEMA.startDate, xsd_date(started)))
    if ended:
        g.add((iri, SCHEMA.endDate, xsd_date(ended)))
    status = status_for(certainty, AIKG.Estimated)
    _usage(
        ctx,
        iri,
        name,
        _cell(row, "Users"),
        owners=owners,
        default_status=status,
        default_tag=certainty or None,
        src=src,
        n=n,
        rep=rep,
    )


def _data_center(
    ctx: _Context, row: dict[str | None, object], n: int, src: URIRef, rep: FileReport
) -> None:
    _checked(row, "Title", "Handle", "Owner", "Users")
    name = _cell(row, "Title").strip() or _cell(row, "Handle").strip()
    if not name:
        raise _SkipRowError("empty name")
    power = _number(row, "Current power (MW)")
    g = ctx.graph
    iri = ctx.unique(f"epoch-dc-{slug(_cell(row, 'Handle') or name)}", n)
    g.add((iri, RDF.type, AIKG.DataCenter))
    g.add((iri, SCHEMA.name, Literal(name)))
    ctx.provenance(iri, src, n)
    owners = [o for o, _ in ctx.orgs(_cell(row, "Owner"), rep, src, n)]
    for owner in owners:
        g.add((iri, AIKG.operator, owner))
    if power:
        _add_power(g, iri, power)
    address = _cell(row, "Address").strip()
    if address:
        g.add((iri, AIKG.located, Literal(address)))
    _usage(
        ctx,
        iri,
        name,
        _cell(row, "Users"),
        owners=owners,
        default_status=AIKG.Estimated,
        default_tag=None,
        src=src,
        n=n,
        rep=rep,
    )


def _observation(
    ctx: _Context,
    base: str,
    n: int,
    src: URIRef,
    *,
    subject: URIRef,
    kind: URIRef,
    observed: date,
    amount: float,
    confidence: str,
    label: str,
) -> None:
    g = ctx.graph
    iri = ctx.unique(base, n)
    g.add((iri, RDF.type, AIKG.Observation))
    g.add((iri, SCHEMA.name, Literal(label)))
    g.add((iri, AIKG.subject, subject))
    g.add((iri, AIKG.observationKind, kind))
    g.add((iri, AIKG.observedDate, xsd_date(observed)))
    _add_amount(g, iri, AIKG.amount, amount)
    g.add((iri, AIKG.claimStatus, status_for(confidence)))
    if confidence.strip():
        g.add((iri, AIKG.sourceConfidence, Literal(confidence.strip().casefold())))
    ctx.provenance(iri, src, n)


def _company(
    ctx: _Context, row: dict[str | None, object], n: int, src: URIRef, rep: FileReport
) -> tuple[URIRef, str]:
    _checked(row, "Company", "Id")
    name = _cell(row, "Company").strip()
    if not name:
        raise _SkipRowError("empty company")
    if _cell(row, "Exclude from graph view").strip().casefold() == "true":
        raise _SkipRowError("excluded by Epoch ('Exclude from graph view')")
    found = ctx.orgs(name, rep, src, n)
    if len(found) != 1:
        raise _SkipRowError("not exactly one company")
    return found[0][0], found[0][1].name


def _funding(
    ctx: _Context, row: dict[str | None, object], n: int, src: URIRef, rep: FileReport
) -> None:
    observed = _date(row, "Close date") or _date(row, "Report date")
    equity = _number(row, "Funding (equity)")
    debt = _number(row, "Funding (debt)")
    valuation = _number(row, "Valuation (post-money)")
    if observed is None:
        raise _SkipRowError("no date")
    raised = equity if equity is not None else debt
    if raised is None and valuation is None:
        raise _SkipRowError("no amount")
    company, name = _company(ctx, row, n, src, rep)
    confidence = _cell(row, "Confidence")
    label = _cell(row, "Id").strip() or str(n)
    base = f"epoch-funding-{slug(name)}-{slug(label)}"
    if raised is not None:
        _observation(
            ctx,
            base,
            n,
            src,
            subject=company,
            kind=AIKG.FundingRaised,
            observed=observed,
            amount=raised,
            confidence=confidence,
            label=f"{name} funding round '{label}' (Epoch AI)",
        )
    if valuation is not None:
        _observation(
            ctx,
            f"{base}-valuation",
            n,
            src,
            subject=company,
            kind=AIKG.Valuation,
            observed=observed,
            amount=valuation,
            confidence=confidence,
            label=f"{name} valuation at round '{label}' (Epoch AI)",
        )


def _revenue(
    ctx: _Context, row: dict[str | None, object], n: int, src: URIRef, rep: FileReport
) -> None:
    kind = _REVENUE_KINDS.get(_cell(row, "Type").strip().casefold())
    if kind is None:
        raise _SkipRowError("revenue type is not a company-level total")
    amount = _number(row, "Revenue amount (normalize to annual)")
    if amount is None:
        amount = _number(row, "Annualized revenue (USD)")
    observed = _date(row, "Date") or _date(row, "Report date")
    if amount is None:
        raise _SkipRowError("no amount")
    if observed is None:
        raise _SkipRowError("no date")
    company, name = _company(ctx, row, n, src, rep)
    label = _cell(row, "Id").strip() or str(n)
    _observation(
        ctx,
        f"epoch-revenue-{slug(name)}-{slug(label)}",
        n,
        src,
        subject=company,
        kind=kind,
        observed=observed,
        amount=amount,
        confidence=_cell(row, "Confidence"),
        label=f"{name} revenue '{label}' (Epoch AI)",
    )


def _compute_spend(
    ctx: _Context, row: dict[str | None, object], n: int, src: URIRef, rep: FileReport
) -> None:
    amount = _number(row, "Amount")
    if amount is None:
        amount = _number(row, "Total compute spend")
    observed = _date(row, "Date") or _date(row, "Report date")
    if amount is None:
        raise _SkipRowError("no amount")
    if observed is None:
        raise _SkipRowError("no date")
    company, name = _company(ctx, row, n, src, rep)
    label = _cell(row, "Id").strip() or str(n)
    _observation(
        ctx,
        f"epoch-compute-spend-{slug(name)}-{slug(label)}",
        n,
        src,
        subject=company,
        kind=AIKG.ComputeSpend,
        observed=observed,
        amount=amount,
        confidence=_cell(row, "Confidence"),
        label=f"{name} compute spend '{label}' (Epoch AI)",
    )


_RowFn = Callable[[_Context, dict[str | None, object], int, URIRef, FileReport], None]
_HANDLERS: dict[str, _RowFn] = {
    "ml-hardware": _hardware,
    "notable-ai-models": _model,
    "gpu-clusters": _cluster,
    "data-centers": _data_center,
    "funding-rounds": _funding,
    "revenue-reports": _revenue,
    "compute-spend": _compute_spend,
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
    ctx = _Context(graph, resolver, Minter(graph, resolver, "epoch"))
    report = ImportReport("epoch")
    retrieved = snapshot or date.today()
    used: list[URIRef] = []
    for spec in EPOCH_FILES:
        rep = report.file(spec.path)
        path = folder / spec.path
        if not path.is_file():
            rep.note("file missing or unreadable")
            continue
        src = _source(ctx, spec, retrieved, readme_version_date(path.parent))
        used.append(src)
        handler = _HANDLERS[spec.key]
        for n, row in _rows(path, rep):
            try:
                handler(ctx, row, n, src, rep)
            except _SkipRowError as skip:
                rep.skip(str(skip))
            else:
                rep.rows_mapped += 1
    for record, released in ctx.chip_release.items():
        graph.add((record, SCHEMA.releaseDate, xsd_date(released)))
    if used:
        import_activity(graph, "epoch", "Import of Epoch AI datasets", used, retrieved)
    return ImportResult(graph, report)
