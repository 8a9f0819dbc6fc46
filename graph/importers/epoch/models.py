"""Epoch AI's notable models file: model releases and their links to curated families.

Each row becomes an ``aikg:ModelRelease`` with its developers, countries, date,
weights access and training compute; training hardware links to chips. A release
joins a curated family only when one of its developers develops the family and
the openness agrees (:func:`link_family`).
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from graph.importers.epoch.context import Context
from graph.importers.epoch.rows import Row, SkipRowError, cell, checked, day, number
from graph.importers.report import FileReport
from graph.importers.resolve import country_codes, slug, xsd_date
from graph.vocab import AIKG, SCHEMA

__all__ = ["link_family", "model_row"]

_ACCESS = {
    "open weights (unrestricted)": AIKG.OpenWeights,
    "open weights (restricted use)": AIKG.OpenWeightsRestricted,
    "open weights (non-commercial)": AIKG.OpenWeightsRestricted,
    "api access": AIKG.APIOnly,
    "hosted access (no api)": AIKG.APIOnly,
    "unreleased": AIKG.Unreleased,
}
_OPEN = frozenset({AIKG.OpenWeights, AIKG.OpenWeightsRestricted})


def model_row(ctx: Context, row: Row, n: int, src: URIRef, rep: FileReport) -> None:
    """Map one notable-model row to a model release."""
    checked(row, "Model", "Organization", "Training hardware", "Country (of organization)")
    name = cell(row, "Model").strip()
    if not name:
        raise SkipRowError("empty name")
    published = day(row, "Publication date")
    compute = number(row, "Training compute (FLOP)")
    access_text = cell(row, "Model accessibility").strip()
    access = _ACCESS.get(access_text.casefold())
    if access_text and access is None:
        rep.note("unknown model accessibility left out")
    country_cell = cell(row, "Country (of organization)")
    countries = [(country_codes(part) or [""])[0] for part in country_cell.split(",")]
    g = ctx.graph
    iri = ctx.unique(f"epoch-model-{slug(name)}", n)
    g.add((iri, RDF.type, AIKG.ModelRelease))
    g.add((iri, SCHEMA.name, Literal(name)))
    ctx.provenance(iri, src, n)
    developers = [d for d, _ in ctx.orgs(cell(row, "Organization"), rep, src, n, countries)]
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
    link_family(ctx, iri, name, developers=developers, access=access, rep=rep)
    for part in cell(row, "Training hardware").split(","):
        chip = ctx.chip(part.strip(), rep, src, n) if part.strip() else None
        if chip is not None:
            g.add((iri, AIKG.trainedOn, chip))


def link_family(
    ctx: Context,
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
