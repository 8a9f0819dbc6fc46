"""``aikg describe``: everything known about one entity, in the terminal or as JSON."""

from __future__ import annotations

import dataclasses
import json
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from graph.cli.common import (
    AsOfOpt,
    StoreOpt,
    _check_date,
    _examples,
    _fail,
    _fitted_table,
    _open_data,
    _Table,
    app,
    out,
)

if TYPE_CHECKING:
    from graph.entity import ClaimEntry, Description


def _claim_row(d: Description, c: ClaimEntry) -> dict[str, str]:
    def name(iri: str) -> str:
        return d.names.get(iri, iri.rsplit("/", 1)[-1])

    best = c.sources[0] if c.sources else None
    return {
        "date": c.day.isoformat() if c.day else "undated",
        "kind": c.kind,
        "with": ", ".join(f"{name(i)} ({r})" for r, i in c.others),
        "amount": c.amount_text or c.capacity_text,
        "parts": f"{len(c.tranches)} tranche(s)" if c.tranches else "",
        "stage": c.stage,
        "status": c.status,
        "best source": (best.publisher or best.url) if best else "",
    }


def _print(d: Description, limit: int) -> None:
    head = _Table(title=f"{d.name} ({d.kind})", show_header=False)
    head.add_row("id", d.iri)
    if d.roles:
        head.add_row("roles", ", ".join(d.roles))
    for key, value in d.attributes:
        head.add_row(key, value)
    head.add_row("as of", d.as_of.isoformat() if d.as_of else "every claim, whatever its date")
    head.add_row("poles", "; ".join(f"{d.names[p.cloud]} + {d.names[p.model]}" for p in d.poles))
    out.print(head)
    columns = ["date", "kind", "with", "amount", "parts", "stage", "status", "best source"]
    for group, entries in d.groups.items():
        if not entries:
            continue
        shown = list(entries) if limit == 0 else list(entries)[-limit:]  # the latest
        title = f"{group}: {len(entries)} claim(s)"
        if len(shown) < len(entries):
            title += f", the latest {len(shown)} (--limit 0 lists all)"
        out.print(_fitted_table(title, columns, [_claim_row(d, c) for c in shown]))
    if d.bindings:
        rows = [
            {
                "model company": d.names.get(b.model, b.model),
                "provider": d.names.get(b.provider, b.provider),
                "depth (layers)": str(b.depth),
                "strength": f"{b.strength:.2f}",
            }
            for b in sorted(d.bindings, key=lambda b: (-b.strength, b.model, b.provider))
        ]
        out.print(_fitted_table("binding", list(rows[0]), rows))


@app.command(
    "describe",
    epilog=_examples(
        "aikg describe anthropic --as-of 2026-06-30",
        "aikg describe Claude --limit 0",
        "aikg describe nvidia -f json",
    ),
)
def describe_cmd(
    entity: Annotated[
        str, typer.Argument(metavar="ENTITY", help="A slug (anthropic), an IRI or a name.")
    ],
    as_of: AsOfOpt = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="table or json.")
    ] = "table",
    limit: Annotated[
        int, typer.Option("--limit", metavar="N", help="Claims per group in the table (0: all).")
    ] = 10,
    store: StoreOpt = None,
) -> None:
    """Show everything known about one entity: its claims by kind, with sources, and metrics."""
    from graph.entity import describe  # noqa: PLC0415

    if fmt not in {"table", "json"}:
        raise typer.BadParameter("--format must be table or json")
    if limit < 0:
        raise typer.BadParameter("--limit must be 0 (all) or more")
    _check_date(as_of, "--as-of")
    data = _open_data(store)
    try:
        d = describe(data, entity, as_of)
    except KeyError as exc:
        raise _fail(str(exc.args[0])) from None
    if fmt == "json":
        doc = dataclasses.asdict(d)
        sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False, default=str) + "\n")
        return
    _print(d, limit)
