"""Epoch AI's ML hardware file: chips, new or merged into the curated ones.

A hardware row whose name resolves to a curated chip becomes an
``aikg:ImportRecord`` describing that chip (its Epoch name, and the fab, kind and
release date the curated chip lacks); any other row becomes an ``aikg:Chip``
flagged ``aikg:unresolved``, registered in the resolver so later files (models'
training hardware, cluster chips) resolve to it.
"""

from __future__ import annotations

from datetime import date

from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from graph.importers.epoch.context import Context
from graph.importers.epoch.rows import Row, SkipRowError, cell, checked, day
from graph.importers.report import FileReport
from graph.importers.resolve import Kind, fold, slug, xsd_date
from graph.vocab import AIKG, ID, SCHEMA

__all__ = ["hardware_row"]

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


def hardware_row(ctx: Context, row: Row, n: int, src: URIRef, rep: FileReport) -> None:
    """Map one ML hardware row to a new chip, or to a record of a curated chip."""
    checked(row, "Hardware name", "Manufacturer", "Foundry")
    name = cell(row, "Hardware name").strip()
    if not name:
        raise SkipRowError("empty name")
    released = day(row, "Release date")
    g, r = ctx.graph, ctx.resolver
    manufacturer = cell(row, "Manufacturer").strip()
    designers = [iri for iri, _ in ctx.orgs(manufacturer, rep, src, n)] if manufacturer else []
    if not designers:
        hinted = ctx.designer_from_name(name)
        if hinted is None:
            raise SkipRowError("no manufacturer")
        designers = [hinted]
    fabs = [iri for iri, _ in ctx.orgs(cell(row, "Foundry"), rep, src, n)]
    kind = _CHIP_KINDS.get(fold(cell(row, "Type")))
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
    ctx: Context,
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
