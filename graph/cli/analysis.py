"""``aikg metrics``, ``timeline`` and ``whatif``: the analyses as tables, JSON or CSV."""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

# Only light modules load with the command line; each command imports what it runs,
# so `aikg --help` and `aikg query` do not pay for rdflib's SPARQL engine, networkx or pyvis.
from graph.location import (
    StoreError,
)

if TYPE_CHECKING:
    pass
from graph.cli.common import (
    METRIC_NAMES,
    AsOfOpt,
    FormatOpt,
    StoreOpt,
    _check_date,
    _check_format,
    _examples,
    _fail,
    _fitted_table,
    _open_data,
    _open_store,
    _results_table,
    _working,
    _write_csv,
    app,
    out,
)


@app.command(
    "metrics",
    epilog=_examples(
        "aikg metrics --metric poles --as-of 2024-12-31",
        "aikg metrics --metric round_trip --min-source strong -f csv",
    ),
)
def metrics_cmd(  # noqa: PLR0917 - typer maps each parameter to an option
    as_of: AsOfOpt = None,
    fmt: FormatOpt = "table",
    metric: Annotated[
        list[str] | None,
        typer.Option(
            "--metric",
            metavar="NAME",
            help=f"Only this metric (repeatable): {', '.join(METRIC_NAMES)}.",
        ),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", help="Rows per table (0: all).", metavar="N")
    ] = 15,
    store: StoreOpt = None,
    min_source: Annotated[
        str,
        typer.Option(
            "--min-source",
            help="Only claims with at least this kind of source: strong (a party, a filing, a "
            "wire or major outlet, a page citing the primary), trade-press, blog, aggregator, "
            "any.",
            metavar="KIND",
        ),
    ] = "any",
    preliminary: Annotated[
        bool,
        typer.Option(
            "--include-preliminary",
            help="Count talks and letters of intent too (never beside the deal that superseded "
            "them).",
        ),
    ] = False,
    samples: Annotated[
        int | None,
        typer.Option(
            "--samples",
            metavar="N",
            help="loop_significance: randomised networks to compare with (default 1000, "
            "fewer on a network too large for the work budget; given, always N).",
        ),
    ] = None,
    seed: Annotated[
        int,
        typer.Option("--seed", metavar="N", help="loop_significance: seed of the randomisations."),
    ] = 0,
) -> None:
    """Compute every metric (binding, round trips, loops, poles, ...) as of a date."""
    from graph import metrics as m  # noqa: PLC0415
    from graph.claims import ALL_STAGES  # noqa: PLC0415
    from graph.metrics.flatten import CSV_FIELDS, rows  # noqa: PLC0415
    from graph.metrics.significance import MAX_ATTEMPTS  # noqa: PLC0415
    from graph.sources import cited_primary, restrict_to_sources  # noqa: PLC0415

    _check_format(fmt)
    if limit < 0:
        raise typer.BadParameter("--limit must be 0 (all rows) or more")
    _check_date(as_of, "--as-of")
    unknown = [n for n in metric or [] if n not in m.METRICS]
    if unknown:
        raise _fail(f"unknown metric {unknown[0]!r}; known: {', '.join(m.METRICS)}")
    try:
        kg = _open_store(store)
    except StoreError as exc:
        raise _fail(str(exc)) from None
    data = m.data_of(kg)
    if preliminary:
        data = data.with_stages(ALL_STAGES)
    if min_source != "any":
        try:
            data = restrict_to_sources(data, min_source, primary=cited_primary(kg))
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from None
    if samples is not None and samples < 1:
        raise typer.BadParameter("--samples must be at least 1")
    names = list(metric or m.METRICS)
    with _working():
        # by default 1,000 within the work budget; asked for, exactly that many
        results = m.run_all(
            data,
            as_of,
            names,
            samples=samples or 1000,
            seed=seed,
            max_attempts=None if samples else MAX_ATTEMPTS,
        )
    if fmt == "json":
        doc = {
            name: {
                "description": m.METRICS[name].description,
                "as_of": as_of,
                "results": [r.to_dict() for r in items],
            }
            for name, items in results.items()
        }
        sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        _write_csv(list(rows(results)), CSV_FIELDS)
    else:
        for name, items in results.items():
            title = f"{name}: {m.METRICS[name].description}"
            if name == "loop_significance" and items:
                used = getattr(items[0], "samples", 0)
                title += f" ({used:,} randomisations, seed {seed})"
            out.print(_results_table(title, data, items, limit))


@app.command(
    "timeline",
    epilog=_examples(
        "aikg timeline poles --from 2022-01-01 --to 2026-06-30 --step quarter",
        "aikg timeline binding --key anthropic -f csv",
    ),
)
def timeline_cmd(  # noqa: PLR0917 - typer maps each parameter to an option
    metric: Annotated[
        str,
        typer.Argument(metavar="METRIC", help=f"One of: {', '.join(METRIC_NAMES)}."),
    ],
    start: Annotated[
        str, typer.Option("--from", help="First date.", metavar="DATE")
    ] = "2019-01-01",
    end: Annotated[
        str, typer.Option("--to", help="Last date.", metavar="DATE")
    ] = date.today().isoformat(),
    step: Annotated[str, typer.Option("--step", help="year or quarter.", metavar="STEP")] = "year",
    key: Annotated[
        str | None,
        typer.Option("--key", help="Only results whose key contains this text.", metavar="TEXT"),
    ] = None,
    fmt: FormatOpt = "table",
    store: StoreOpt = None,
) -> None:
    """Compute one metric as of every year (or quarter) end in a range."""
    from graph import metrics as m  # noqa: PLC0415
    from graph.metrics.flatten import CSV_FIELDS, rows, summary  # noqa: PLC0415

    _check_format(fmt)
    _check_date(start, "--from")
    _check_date(end, "--to")
    if metric not in m.METRICS:
        raise _fail(f"unknown metric {metric!r}; known: {', '.join(m.METRICS)}")
    if step not in {"year", "quarter"}:
        raise typer.BadParameter("--step must be year or quarter")
    data = _open_data(store)
    try:
        with _working():
            points = m.timeline(data, metric, start, end, step)  # type: ignore[arg-type]
    except ValueError as exc:
        raise _fail(str(exc)) from None
    records: list[dict[str, object]] = []
    for p in points:
        for item in p.value:
            if key and key not in summary(item)["key"]:
                continue
            records.append({"as_of": p.as_of.isoformat(), **item.to_dict()})
    if fmt == "json":
        sys.stdout.write(json.dumps({metric: records}, indent=2, ensure_ascii=False) + "\n")
        return
    if fmt == "csv":
        flat = [
            {"as_of": p.as_of.isoformat(), **row}
            for p in points
            for row in rows({metric: p.value})
            if not key or key in str(row["key"])
        ]
        _write_csv(flat, ("as_of", *CSV_FIELDS))
        return
    from graph.readable import readable_rows  # noqa: PLC0415

    wide: list[dict[str, str]] = []
    for p in points:
        shown = [i for i in p.value if not key or key in summary(i)["key"]]
        _cols, readable = readable_rows(data, shown)
        wide += [{"as of": p.as_of.isoformat(), **r} for r in readable]
    columns = list(dict.fromkeys(k for r in wide for k in r)) or ["as of"]
    out.print(_fitted_table(f"{metric} from {start} to {end} by {step}", columns, wide))


@app.command(
    "whatif",
    epilog=_examples(
        "aikg whatif --drop deal-amazon-anthropic-2026 --as-of 2026-06-30",
        "aikg whatif --drop microsoft -f json",
    ),
)
def whatif_cmd(
    drop: Annotated[
        list[str],
        typer.Option(
            "--drop", help="A claim or entity id (slug or IRI); repeatable.", metavar="ID"
        ),
    ],
    as_of: AsOfOpt = None,
    fmt: FormatOpt = "table",
    store: StoreOpt = None,
    min_change: Annotated[
        float,
        typer.Option(
            "--min-change",
            help="Table only: hide changes smaller than this (0.01: an amount moving by 1%, "
            "a share or probability by 0.01); 0 shows every change. JSON and CSV keep all.",
            metavar="FRACTION",
        ),
    ] = 0.01,
) -> None:
    """Drop deals or parties, recompute every metric, and show what changed."""
    from graph import metrics as m  # noqa: PLC0415

    _check_format(fmt)
    _check_date(as_of, "--as-of")
    if min_change < 0:
        raise typer.BadParameter("--min-change must be 0 or more")
    data = _open_data(store)
    from graph.metrics.whatif import unknown_ids  # noqa: PLC0415

    unknown = unknown_ids(data, drop)
    if unknown:  # said before every metric is computed twice
        raise _fail("no claim or entity " + ", ".join(unknown))
    with _working():
        result = m.what_if(data, drop, as_of)
    if fmt == "json":
        sys.stdout.write(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n")
        return
    records = [
        {
            "metric": c.metric,
            "key": c.key,
            "before": json.dumps(c.before, sort_keys=True) if c.before is not None else "",
            "after": json.dumps(c.after, sort_keys=True) if c.after is not None else "",
        }
        for c in result.changes
    ]
    if fmt == "csv":
        _write_csv(records, ("metric", "key", "before", "after"))
        return
    from graph.readable import change_text, result_name  # noqa: PLC0415

    shown: list[dict[str, str]] = []
    for c in result.changes:
        text, material = change_text(data, c.before, c.after, min_change)
        if material:
            shown.append({"metric": c.metric, "result": result_name(data, c.key), "change": text})
    hidden = len(result.changes) - len(shown)
    title = f"what if {', '.join(drop)} were gone: {len(shown)} material change(s)"
    table = _fitted_table(title, ["metric", "result", "change"], shown, wrap={"change"})
    if hidden:
        table.caption = (
            f"{hidden} smaller change(s) not shown (under --min-change {min_change:g}); "
            "--min-change 0 shows them, -f json lists every change with its values."
        )
    out.print(table)
