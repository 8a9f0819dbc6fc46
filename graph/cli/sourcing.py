"""``aikg sources`` (and ``sources check``) and ``aikg reconcile``: weigh and check the sources."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

# Only light modules load with the command line; each command imports what it runs,
# so `aikg --help` and `aikg query` do not pay for rdflib's SPARQL engine, networkx or pyvis.
from graph.location import (
    StoreError,
)

if TYPE_CHECKING:
    pass
from graph.cli.common import (
    StoreOpt,
    _examples,
    _fail,
    _open_store,
    _Table,
    app,
    out,
)

_CLAIM_ROW_LABELS = {
    "CompanyChannel": "a party's own channel",
    "CitesPrimary": "a page citing the primary",
    "CompanyChannelOfOther": "another company's channel",
}


sources_app = typer.Typer(
    help="Weigh the sources: publishers by kind, claims by their best source, weakest first.",
    invoke_without_command=True,
    epilog=_examples("aikg sources --limit 10", "aikg sources -f json", "aikg sources check"),
)
app.add_typer(sources_app, name="sources")


@sources_app.callback()
def sources_cmd(
    ctx: typer.Context,
    store: StoreOpt = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table or json.", metavar="FORMAT")
    ] = "table",
    limit: Annotated[
        int, typer.Option("--limit", help="How many weakest claims to list.", metavar="N")
    ] = 20,
) -> None:
    """Weigh the sources: publishers by kind, claims by their best source, weakest first."""
    import rdflib  # noqa: PLC0415

    from graph.resources import publishers_file  # noqa: PLC0415
    from graph.sources import Registry, kind_label, source_report  # noqa: PLC0415

    if ctx.invoked_subcommand is not None:
        return
    if limit < 0 or fmt not in {"table", "json"}:
        raise typer.BadParameter("--limit must be 0 or more and --format table or json")
    try:
        kg = _open_store(store)
    except StoreError as exc:
        raise _fail(str(exc)) from None
    registry = Registry.from_graph(kg)
    if not registry.publishers:  # a store built before the registry existed
        registry = Registry.from_graph(rdflib.Graph().parse(publishers_file()))
    report = source_report(kg, registry, limit=limit)
    if fmt == "json":
        sys.stdout.write(json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n")
        return
    kinds = _Table(title="sources by the kind of their publisher")
    for col in ("kind", "publishers", "sources"):
        kinds.add_column(col, justify="left" if col == "kind" else "right")
    for kind, n in report.sources_by_kind.items():
        kinds.add_row(kind_label(kind), str(report.publishers_by_kind.get(kind, "")), str(n))
    out.print(kinds)
    best = _Table(title="deal, commitment and observation claims by their best source")
    best.add_column("best source")
    best.add_column("claims", justify="right")
    for kind, n in report.claims_by_best_kind.items():
        best.add_row(_CLAIM_ROW_LABELS.get(kind, kind_label(kind)), str(n))
    out.print(best)
    out.print(
        f"{report.strong_share:.0%} of these claims have a source from a party, a filing, a wire "
        "or major outlet, or a page that cites the primary."
    )
    weak = _Table(title=f"the weakest claims (largest USD amounts first), {len(report.weakest)}")
    for col in ("claim", "status", "usd", "best source", "hosts"):
        weak.add_column(col, overflow="fold")
    for w in report.weakest:
        usd = f"{w.usd:,.0f}" if w.usd is not None else ""
        weak.add_row(
            w.iri.rsplit("/", 1)[-1],
            w.status,
            usd,
            _CLAIM_ROW_LABELS.get(w.best, kind_label(w.best)),
            ", ".join(w.hosts),
        )
    out.print(weak)
    if report.unknown_hosts:
        hosts = ", ".join(f"{h} ({n})" for h, n in report.unknown_hosts.items())
        out.print(f"hosts not in ontology/publishers.ttl: {escape(hosts)}")
    if report.mirror_sources:
        out.print(f"sources on mirror hosts: {escape(', '.join(report.mirror_sources))}")


@sources_app.command(
    "check",
    epilog=_examples(
        "aikg sources check --concurrency 4",
        "aikg sources check --previous exports/link-check.json --out exports/link-check-new.json",
    ),
)
def sources_check_cmd(
    store: StoreOpt = None,
    out_file: Annotated[
        Path, typer.Option("--out", help="Where the JSON report goes.", metavar="FILE")
    ] = Path("exports/link-check.json"),
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous", help="An earlier report: pages whose content changed.", metavar="FILE"
        ),
    ] = None,
    concurrency: Annotated[
        int, typer.Option("--concurrency", help="Requests at a time.", metavar="N")
    ] = 8,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Seconds per request.", metavar="SECONDS")
    ] = 15.0,
) -> None:
    """Fetch every source URL (online): report dead, moved and changed links."""
    import rdflib  # noqa: PLC0415

    from graph.linkcheck import check_links, load_report, write_report  # noqa: PLC0415

    if concurrency < 1 or timeout <= 0:
        raise typer.BadParameter("--concurrency must be at least 1 and --timeout positive")
    try:
        kg = _open_store(store)
    except StoreError as exc:
        raise _fail(str(exc)) from None
    urls = [str(u) for u in kg.objects(None, rdflib.URIRef("https://schema.org/url"))]
    before = load_report(previous) if previous else None
    results = check_links(urls, concurrency=concurrency, timeout=timeout, previous=before)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    write_report(results, out_file)
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    table = _Table(title=f"{len(results)} source URLs checked")
    table.add_column("result")
    table.add_column("URLs", justify="right")
    for status in ("ok", "moved", "changed", "dead", "timeout", "error"):
        table.add_row(status, str(counts.get(status, 0)))
    out.print(table)
    for r in results:
        if r.status != "ok":
            detail = r.final_url if r.status == "moved" else (r.error or str(r.http_status))
            out.print(escape(f"{r.status}: {r.url} ({detail})"))
    out.print(f"report: {escape(str(out_file))}")


@app.command(
    "reconcile",
    epilog=_examples(
        "aikg reconcile ../shared/external/epoch-ai",
        "aikg reconcile ../shared/external/epoch-ai --dataset revenue -f json",
    ),
)
def reconcile_cmd(
    folder: Annotated[
        Path,
        typer.Argument(help="Epoch AI data folder (holds ai_companies/).", metavar="FOLDER"),
    ],
    store: StoreOpt = None,
    dataset: Annotated[
        str,
        typer.Option(
            "--dataset",
            help="funding, revenue, compute or all (which Epoch tables to list).",
            metavar="DATASET",
        ),
    ] = "funding",
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table or json.", metavar="FORMAT")
    ] = "table",
) -> None:
    """Match Epoch AI's funding rounds, revenue and compute rows with curated claims."""
    from graph import metrics as m  # noqa: PLC0415
    from graph.importers.reconcile import (  # noqa: PLC0415
        DATASETS,
        DATE_ONLY_WINDOW,
        TOLERANCE,
        WINDOWS,
        read_rows,
        reconcile,
    )

    keys = {"funding": ["epoch-funding-rounds"], "revenue": ["epoch-revenue-reports"],
            "compute": ["epoch-compute-spend"], "all": list(DATASETS)}.get(dataset)  # fmt: skip
    if keys is None:
        raise typer.BadParameter("--dataset is funding, revenue, compute or all")
    if not any((folder / DATASETS[k]).is_file() for k in keys):
        raise _fail(f"no Epoch AI company tables under {folder}")
    try:
        kg = _open_store(store)
    except StoreError as exc:
        raise _fail(str(exc)) from None
    result = reconcile(read_rows(folder, keys), kg, m.data_of(kg))
    if fmt == "json":
        sys.stdout.write(json.dumps(result.as_dict(), indent=2, ensure_ascii=False) + "\n")
        return
    for key in keys:
        table = _Table(title=f"{key}: Epoch rows and the curated claims they match")
        for col in ("company", "row", "date", "amount (USD)", "outcome", "claim", "how"):
            table.add_column(col, overflow="fold")
        for x in (r for r in result.matches if r.row.dataset == key):
            if x.outcome == "other company":
                continue
            table.add_row(
                x.row.company, x.row.row_id,
                x.row.date.isoformat() if x.row.date else "",
                f"{x.row.amount:,.0f}" if x.row.amount else "", x.outcome,
                ", ".join(c.rsplit("/", 1)[-1] for c in x.claims), x.how,
            )  # fmt: skip
        out.print(table)
        totals = ", ".join(f"{k} {v}" for k, v in sorted(result.totals.get(key, {}).items()))
        out.print(
            f"{key}: {escape(totals)}; rows with an amount and a date matched or explained: "
            f"{result.share_accounted(key):.0%}"
        )
    out.print(
        f"rules: dates within {WINDOWS['epoch-funding-rounds']} days (revenue "
        f"{WINDOWS['epoch-revenue-reports']}, compute {WINDOWS['epoch-compute-spend']}; "
        f"{DATE_ONLY_WINDOW} without a USD amount), amounts within {TOLERANCE:.0%}; "
        "see graph/importers/reconcile.py."
    )
