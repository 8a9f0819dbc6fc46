"""Epoch AI's GPU clusters and data centers: facilities, their operators and users.

A cluster or data center becomes an ``aikg:ComputeCluster`` or ``aikg:DataCenter``
operated by its owners, with chips, chip count, power (MW), place and dates; each
organisation in its "Users" cell gets an ``aikg:ComputeUsage`` binding (generic
descriptors such as "Cloud" or "Academia" are not organisations and are skipped).
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD

from graph.importers.epoch.context import Context
from graph.importers.epoch.rows import Row, SkipRowError, cell, checked, day, number, status_for
from graph.importers.report import FileReport
from graph.importers.resolve import (
    Kind,
    Resolution,
    country_codes,
    fold,
    looks_like_formula,
    slug,
    split_cell,
    xsd_date,
)
from graph.importers.sink import Sink
from graph.vocab import AIKG, ID, SCHEMA

__all__ = ["add_power", "cluster_row", "data_center_row"]

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


def add_power(g: Sink, subject: URIRef, mw: float) -> None:
    """Attach a power capacity of ``mw`` megawatts to ``subject``."""
    node = BNode()
    g.add((subject, AIKG.powerCapacity, node))
    g.add((node, RDF.type, SCHEMA.QuantitativeValue))
    g.add((node, SCHEMA.value, Literal(Decimal(repr(mw)), datatype=XSD.decimal)))
    g.add((node, SCHEMA.unitCode, Literal("MAW")))


def _usage(
    ctx: Context,
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


def _facility(  # noqa: PLR0917 - the row's context, as every row handler has it
    ctx: Context, kind: URIRef, key: str, name: str, row: Row, n: int, src: URIRef, rep: FileReport
) -> tuple[URIRef, list[URIRef]]:
    """Add a cluster's or data center's node: type, name, provenance and operators."""
    g = ctx.graph
    iri = ctx.unique(key, n)
    g.add((iri, RDF.type, kind))
    g.add((iri, SCHEMA.name, Literal(name)))
    ctx.provenance(iri, src, n)
    owners = [o for o, _ in ctx.orgs(cell(row, "Owner"), rep, src, n)]
    for owner in owners:
        g.add((iri, AIKG.operator, owner))
    return iri, owners


def cluster_row(ctx: Context, row: Row, n: int, src: URIRef, rep: FileReport) -> None:
    """Map one GPU cluster row to a cluster, its chips and its users' compute usage."""
    checked(row, "Name", "Owner", "Users", "Chip type (primary)", "Chip type (secondary)")
    name = cell(row, "Name").strip()
    if not name:
        raise SkipRowError("empty name")
    certainty = cell(row, "Certainty").strip()
    if certainty.casefold() == "unlikely":
        raise SkipRowError("certainty 'Unlikely'")
    started = day(row, "First Operational Date")
    ended = day(row, "Decommissioned Date (if applicable)")
    quantity = number(row, "Chip quantity (primary)")
    power = number(row, "Power Capacity (MW)")
    g = ctx.graph
    key = f"epoch-cluster-{slug(name)}"
    iri, owners = _facility(ctx, AIKG.ComputeCluster, key, name, row, n, src, rep)
    supplier = cell(row, "GPU Supplier (primary)")
    for column in ("Chip type (primary)", "Chip type (secondary)"):
        chip_name = cell(row, column).strip()
        if chip_name:
            chip = ctx.chip(chip_name, rep, src, n, supplier)
            if chip is not None:
                g.add((iri, AIKG.chip, chip))
    if quantity is not None:
        g.add((iri, AIKG.chipCount, Literal(round(quantity))))
    if power:
        add_power(g, iri, power)
    codes = country_codes(cell(row, "Country"))
    if codes:
        g.add((iri, AIKG.countryCode, Literal(codes[0])))
    where = cell(row, "Location").strip() or cell(row, "Country").strip()
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
        cell(row, "Users"),
        owners=owners,
        default_status=status,
        default_tag=certainty or None,
        src=src,
        n=n,
        rep=rep,
    )


def data_center_row(ctx: Context, row: Row, n: int, src: URIRef, rep: FileReport) -> None:
    """Map one data center row to a data center and its users' compute usage."""
    checked(row, "Title", "Handle", "Owner", "Users")
    name = cell(row, "Title").strip() or cell(row, "Handle").strip()
    if not name:
        raise SkipRowError("empty name")
    power = number(row, "Current power (MW)")
    g = ctx.graph
    key = f"epoch-dc-{slug(cell(row, 'Handle') or name)}"
    iri, owners = _facility(ctx, AIKG.DataCenter, key, name, row, n, src, rep)
    if power:
        add_power(g, iri, power)
    address = cell(row, "Address").strip()
    if address:
        g.add((iri, AIKG.located, Literal(address)))
    _usage(
        ctx,
        iri,
        name,
        cell(row, "Users"),
        owners=owners,
        default_status=AIKG.Estimated,
        default_tag=None,
        src=src,
        n=n,
        rep=rep,
    )
