"""The ``aikg`` command line: a thin layer over the library modules.

Exit codes: 0 success, 1 user error (bad data, bad query, missing store),
2 usage error (unknown command or option).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import rdflib
import typer
from rich.console import Console
from rich.table import Table

from graph.build import BuildError, build, validate_paths
from graph.export import write_exports
from graph.queries import QueryError, find_query, list_queries, run_query
from graph.stats import GraphStats, graph_stats
from graph.store import StoreError, default_store_url, open_graph
from graph.validate import Problem, ValidationReport
from graph.vocab import PREFIXES

__all__ = ["app", "main"]

app = typer.Typer(
    name="aikg",
    help="aikg: a knowledge graph of the AI-cloud ecosystem "
    "(who is bound to whom, how deeply, since when).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Wide tables when piped (a terminal sets its own width).
out = Console(highlight=False, soft_wrap=False, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, highlight=False, soft_wrap=True)

StoreOpt = Annotated[
    str | None,
    typer.Option(
        "--store",
        help="Store URL: memory, oxigraph:DIR or sparql+http(s)://HOST/PATH. "
        "Default: $AIKG_STORE or oxigraph:.aikg/store.",
    ),
]


def _fail(message: str) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", markup=True)
    return typer.Exit(1)


def _print_problems(problems: list[Problem], limit: int | None = None) -> None:
    shown = problems if limit is None else problems[:limit]
    for p in shown:
        colour = "red" if p.severity == "Violation" else "yellow"
        err.print(
            f"[{colour}]{p.severity}[/]",
            str(p).split(": ", 1)[0] if p.files else "",
            markup=True,
            end=" ",
        )
        err.print(str(p).split(f"{p.severity}: ", 1)[-1], markup=False)
    if limit is not None and len(problems) > limit:
        err.print(f"... and {len(problems) - limit} more")


def _report_build_error(exc: BuildError) -> None:
    for e in exc.syntax_errors:
        err.print(str(e), markup=False)
    if exc.report is not None:
        _print_problems(exc.report.violations)
        err.print(f"{len(exc.report.violations)} violation(s); nothing was written.")


@app.command("build")
def build_cmd(
    store: StoreOpt = None,
    exports: Annotated[Path, typer.Option("--exports", help="Folder for exported files.")] = Path(
        "exports"
    ),
    facts: Annotated[
        list[Path] | None,
        typer.Option("--facts", help="Extra Turtle file or folder to load (repeatable)."),
    ] = None,
) -> None:
    """Load ontology and facts, validate with SHACL, publish the store, write exports."""
    url = store or default_store_url()
    try:
        result = build(url, extra_paths=facts or [])
    except BuildError as exc:
        _report_build_error(exc)
        raise _fail("build failed; the previous store and exports are untouched") from None
    except StoreError as exc:
        raise _fail(str(exc)) from None
    kg = result.graph if result.graph is not None else open_graph(url)
    stats = graph_stats(kg)
    written = write_exports(kg, exports, stats.as_dict())
    table = Table(title="aikg build", show_header=False)
    table.add_row("store", url)
    table.add_row("input files", str(len(result.files)))
    table.add_row("triples", f"{result.triples:,}")
    table.add_row("claims (sourced)", f"{stats.claims} ({stats.sourced_claims})")
    table.add_row("SHACL", f"0 violations, {len(result.report.warnings)} warnings")
    table.add_row("exports", ", ".join(str(p) for p in written))
    table.add_row("seconds", f"{result.seconds:.2f}")
    out.print(table)


@app.command("validate")
def validate_cmd(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Facts files or folders (default: the curated facts)."),
    ] = None,
    warnings: Annotated[bool, typer.Option("--warnings", help="List warnings too.")] = False,
) -> None:
    """Validate facts files against the SHACL shapes without building."""
    try:
        report: ValidationReport = validate_paths(paths or None)
    except BuildError as exc:
        _report_build_error(exc)
        raise _fail("validation failed") from None
    _print_problems(report.violations)
    if warnings:
        _print_problems(report.warnings)
    if not report.conforms:
        raise _fail(f"{len(report.violations)} violation(s)")
    out.print(f"valid: 0 violations, {len(report.warnings)} warnings")


def _parse_params(params: list[str]) -> dict[str, str]:
    parsed = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise _fail(f"--param expects NAME=VALUE, got {item!r}")
        parsed[key.strip()] = value
    return parsed


def _short(node: object) -> str:
    if node is None:
        return ""
    text = str(node)
    if isinstance(node, rdflib.URIRef):
        for prefix, ns in PREFIXES.items():
            if text.startswith(ns):
                return f"{prefix}:{text[len(ns) :]}"
    return text


@app.command("query")
def query_cmd(
    spec: Annotated[
        str | None, typer.Argument(help="A named query, a .rq file, or SPARQL text.")
    ] = None,
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="NAME=VALUE (repeatable).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
    store: StoreOpt = None,
    list_: Annotated[bool, typer.Option("--list", help="List the named queries.")] = False,
) -> None:
    """Run a named query or SPARQL text with parameters bound safely."""
    if fmt not in {"table", "csv", "json"}:
        raise typer.BadParameter("--format must be table, csv or json")
    if list_ or spec is None:
        table = Table(title="named queries")
        for col in ("name", "title", "parameters"):
            table.add_column(col)
        for q in list_queries():
            table.add_row(
                q.name, q.title, ", ".join(f"{p.name}={_short(p.default)}" for p in q.params)
            )
        out.print(table)
        return
    try:
        query = find_query(spec)
        kg = open_graph(store)
        result = run_query(kg, query, _parse_params(param or []))
    except (QueryError, StoreError) as exc:
        raise _fail(str(exc)) from None
    if result.type != "SELECT":
        if result.type == "ASK":
            out.print(str(bool(result.askAnswer)).lower())
            return
        assert result.graph is not None
        sys.stdout.write(result.graph.serialize(format="turtle"))
        return
    if fmt in {"csv", "json"}:
        payload = result.serialize(format=fmt)
        assert payload is not None
        sys.stdout.write(payload.decode("utf-8"))
        if fmt == "json":
            sys.stdout.write("\n")
        return
    variables = [str(v) for v in (result.vars or [])]
    table = Table(title=query.title or query.name)
    for v in variables:
        table.add_column(v, overflow="fold")
    rows = 0
    for row in result:
        table.add_row(*(_short(x) for x in row))  # type: ignore[union-attr]
        rows += 1
    out.print(table)
    out.print(f"{rows} row(s)")


def _stats_table(title: str, counts: dict[str, int]) -> Table:
    table = Table(title=title)
    table.add_column("name")
    table.add_column("count", justify="right")
    for k, v in counts.items():
        table.add_row(k, str(v))
    return table


@app.command("stats")
def stats_cmd(
    store: StoreOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Count entities per class, deals per type and claims per status."""
    try:
        stats: GraphStats = graph_stats(open_graph(store))
    except StoreError as exc:
        raise _fail(str(exc)) from None
    if fmt == "json":
        sys.stdout.write(json.dumps(stats.as_dict(), indent=2, sort_keys=True) + "\n")
        return
    out.print(_stats_table("entities per class (subclasses included)", stats.classes))
    out.print(_stats_table("deals per type", stats.deals))
    out.print(_stats_table("claims per status", stats.statuses))
    coverage = Table(title="coverage per class")
    columns = ["entities", "with_source", "with_status", "with_wikidata", "with_date"]
    coverage.add_column("class")
    for col in columns:
        coverage.add_column(col.replace("_", " "), justify="right")
    for cls, counts in stats.coverage.items():
        coverage.add_row(cls, *(str(counts.get(c, 0)) for c in columns))
    out.print(coverage)
    out.print(
        f"{stats.triples:,} triples; {stats.sourced_claims}/{stats.claims} claims "
        "have a source and a status"
    )


def main() -> None:
    """Run the ``aikg`` command line."""
    app()
