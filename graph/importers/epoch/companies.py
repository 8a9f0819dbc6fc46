"""Epoch AI's company files: funding rounds, revenue reports and compute spend.

Every row becomes one or two ``aikg:Observation`` nodes of a company (funding
raised and valuation; revenue or run-rate revenue; compute spend), amounts in
USD. Epoch names no investors, so funding rounds make no equity deals. Rows Epoch
excludes from its graph view, and revenue that is not a company-level total, are
skipped.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD

from graph.importers.epoch.context import Context
from graph.importers.epoch.rows import Row, SkipRowError, cell, checked, day, number, status_for
from graph.importers.report import FileReport
from graph.importers.resolve import slug, xsd_date
from graph.importers.sink import Sink
from graph.vocab import AIKG, SCHEMA

__all__ = ["add_amount", "compute_spend_row", "funding_row", "revenue_row"]

_REVENUE_KINDS = {
    "annualized revenue": AIKG.RunRateRevenue,
    "annual recurring revenue": AIKG.RunRateRevenue,
    "quarterly revenue": AIKG.RunRateRevenue,  # the amount column is normalised to a year
    "yearly revenue": AIKG.Revenue,
}


def add_amount(g: Sink, subject: URIRef, prop: URIRef, value: float) -> None:
    """Attach a USD ``schema:MonetaryAmount`` of ``value`` to ``subject`` via ``prop``."""
    node = BNode()
    g.add((subject, prop, node))
    g.add((node, RDF.type, SCHEMA.MonetaryAmount))
    g.add((node, SCHEMA.value, Literal(Decimal(repr(value)), datatype=XSD.decimal)))
    g.add((node, SCHEMA.currency, Literal("USD")))


def _observation(
    ctx: Context,
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
    add_amount(g, iri, AIKG.amount, amount)
    g.add((iri, AIKG.claimStatus, status_for(confidence)))
    if confidence.strip():
        g.add((iri, AIKG.sourceConfidence, Literal(confidence.strip().casefold())))
    ctx.provenance(iri, src, n)


def _company(ctx: Context, row: Row, n: int, src: URIRef, rep: FileReport) -> tuple[URIRef, str]:
    checked(row, "Company", "Id")
    name = cell(row, "Company").strip()
    if not name:
        raise SkipRowError("empty company")
    if cell(row, "Exclude from graph view").strip().casefold() == "true":
        raise SkipRowError("excluded by Epoch ('Exclude from graph view')")
    found = ctx.orgs(name, rep, src, n)
    if len(found) != 1:
        raise SkipRowError("not exactly one company")
    return found[0][0], found[0][1].name


def funding_row(ctx: Context, row: Row, n: int, src: URIRef, rep: FileReport) -> None:
    """Map one funding round to funding-raised and valuation observations."""
    observed = day(row, "Close date") or day(row, "Report date")
    equity = number(row, "Funding (equity)")
    debt = number(row, "Funding (debt)")
    valuation = number(row, "Valuation (post-money)")
    if observed is None:
        raise SkipRowError("no date")
    raised = equity if equity is not None else debt
    if raised is None and valuation is None:
        raise SkipRowError("no amount")
    company, name = _company(ctx, row, n, src, rep)
    confidence = cell(row, "Confidence")
    label = cell(row, "Id").strip() or str(n)
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


def _reported(
    ctx: Context,
    row: Row,
    n: int,
    src: URIRef,
    rep: FileReport,
    *,
    columns: tuple[str, str],
    kind: URIRef,
    what: str,
) -> None:
    """Map one dated company report (first of ``columns`` with a number) to an observation."""
    amount = number(row, columns[0])
    if amount is None:
        amount = number(row, columns[1])
    observed = day(row, "Date") or day(row, "Report date")
    if amount is None:
        raise SkipRowError("no amount")
    if observed is None:
        raise SkipRowError("no date")
    company, name = _company(ctx, row, n, src, rep)
    label = cell(row, "Id").strip() or str(n)
    _observation(
        ctx,
        f"epoch-{slug(what)}-{slug(name)}-{slug(label)}",
        n,
        src,
        subject=company,
        kind=kind,
        observed=observed,
        amount=amount,
        confidence=cell(row, "Confidence"),
        label=f"{name} {what} '{label}' (Epoch AI)",
    )


def revenue_row(ctx: Context, row: Row, n: int, src: URIRef, rep: FileReport) -> None:
    """Map one company-level revenue report to a revenue observation."""
    kind = _REVENUE_KINDS.get(cell(row, "Type").strip().casefold())
    if kind is None:
        raise SkipRowError("revenue type is not a company-level total")
    columns = ("Revenue amount (normalize to annual)", "Annualized revenue (USD)")
    _reported(ctx, row, n, src, rep, columns=columns, kind=kind, what="revenue")


def compute_spend_row(ctx: Context, row: Row, n: int, src: URIRef, rep: FileReport) -> None:
    """Map one compute-spend report to a compute-spend observation."""
    columns = ("Amount", "Total compute spend")
    _reported(ctx, row, n, src, rep, columns=columns, kind=AIKG.ComputeSpend, what="compute spend")
