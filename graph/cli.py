"""The ``aikg`` command line: a thin layer over the library modules.

Exit codes: 0 success, 1 user error (bad data, bad query, missing store),
2 usage error (unknown command or option).
"""

from __future__ import annotations

import csv
import gc
import json
import logging
import os
import shlex
import sys
import threading
import time
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import pyoxigraph as ox
import typer
from rich.console import Console, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

# Only light modules load with the command line; each command imports what it runs,
# so `aikg --help` and `aikg query` do not pay for rdflib's SPARQL engine, networkx or pyvis.
from graph.export import VIEWS, ExportError
from graph.location import (
    OpenStore,
    StoreError,
    default_store_url,
    open_oxigraph,
    parse_store_url,
)
from graph.text import csv_safe, plain_text

if TYPE_CHECKING:
    import rdflib

    from graph import metrics as m
    from graph.build import BuildError, BuildResult
    from graph.export.bundle import Exports
    from graph.queries import NamedQuery
    from graph.stats import GraphStats
    from graph.validate import Problem, ValidationReport

__all__ = ["app", "main", "process_seconds"]

_T = TypeVar("_T")

app = typer.Typer(
    name="aikg",
    help="aikg: a knowledge graph of the AI-cloud ecosystem "
    "(who is bound to whom, how deeply, since when).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class _Table(Table):
    """A table whose cells are plain text.

    Data never reaches the terminal as Rich markup or as control characters (escape
    sequences, bidirectional overrides).
    """

    def add_row(self, *renderables: RenderableType | None, **kwargs: Any) -> None:
        """Add a row; strings are shown as they are, control characters removed."""
        super().add_row(
            *(Text(plain_text(r)) if isinstance(r, str) else r for r in renderables), **kwargs
        )


def _pipe_width() -> int:
    """Width of tables written to a pipe: ``$COLUMNS`` when set, else 160."""
    try:
        return max(40, int(os.environ.get("COLUMNS", "160")))
    except ValueError:
        return 160


# Wide tables when piped (a terminal sets its own width).
out = Console(
    highlight=False, soft_wrap=False, width=None if sys.stdout.isatty() else _pipe_width()
)
err = Console(stderr=True, highlight=False, soft_wrap=True)

StoreOpt = Annotated[
    str | None,
    typer.Option(
        "--store",
        metavar="URL",
        help="Store URL: memory, oxigraph:DIR or sparql+http(s)://HOST/PATH. "
        "Default: $AIKG_STORE or oxigraph:.aikg/store.",
    ),
]


def _examples(*lines: str) -> str:
    """Return the help's closing section: a few commands to copy, shown as typed."""
    return "Examples:\n" + "\n".join(f"  $ {escape(line)}" for line in lines)


#: The metric names, for help texts (``graph.metrics`` is not imported to print help;
#: a test checks this list against ``graph.metrics.METRICS``).
METRIC_NAMES = (
    "binding",
    "round_trip",
    "closed_loops",
    "poles",
    "contested",
    "public_goods",
    "exclusivity",
    "exclusive_share",
    "supplier_concentration",
    "regional_proportions",
    "closed_loop_share",
    "centrality",
)


def _version(value: bool) -> None:
    if value:
        from graph import __version__  # noqa: PLC0415

        out.print(f"aikg {__version__}")
        raise typer.Exit


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Run a command of the knowledge graph of the AI-cloud ecosystem."""


_STARTED = time.perf_counter()


def process_seconds() -> float:
    """Return the wall time since this process started (interpreter start-up included).

    Read from ``/proc`` on Linux (10 ms resolution); elsewhere, the time since the
    command line was imported.

    Examples
    --------
    >>> 0 < process_seconds() < 86_400
    True
    """
    try:
        ticks = os.sysconf("SC_CLK_TCK")
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return max(uptime - int(fields[19]) / ticks, 0.0)
    except (OSError, ValueError, IndexError):
        return time.perf_counter() - _STARTED


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


@app.command(
    "build",
    epilog=_examples(
        "aikg build",
        "aikg build --facts my-deals.ttl --warnings",
        "aikg build --epoch ../shared/external/epoch-ai "
        "--litellm ../shared/external/litellm/model_prices_and_context_window.json",
    ),
)
def build_cmd(  # noqa: PLR0917 - one parameter per CLI option
    store: StoreOpt = None,
    exports: Annotated[
        Path, typer.Option("--exports", help="Folder for exported files.", metavar="FOLDER")
    ] = Path("exports"),
    facts: Annotated[
        list[Path] | None,
        typer.Option(
            "--facts", help="Extra Turtle file or folder to load (repeatable).", metavar="PATH"
        ),
    ] = None,
    epoch: Annotated[
        Path | None,
        typer.Option("--epoch", help="Epoch AI data folder to import.", metavar="FOLDER"),
    ] = None,
    litellm: Annotated[
        Path | None,
        typer.Option(
            "--litellm",
            help="LiteLLM model_prices_and_context_window.json to import.",
            metavar="FILE",
        ),
    ] = None,
    epoch_date: Annotated[
        str | None,
        typer.Option(
            "--epoch-date",
            help="When the Epoch files were downloaded (YYYY-MM-DD; default today): "
            "rows without a date of their own count from then.",
            metavar="DATE",
        ),
    ] = None,
    litellm_date: Annotated[
        str | None,
        typer.Option(
            "--litellm-date",
            help="Date of the LiteLLM catalogue version (YYYY-MM-DD; default today): "
            "its undated offerings count from then.",
            metavar="DATE",
        ),
    ] = None,
    warnings: Annotated[
        bool, typer.Option("--warnings", help="List the SHACL warnings after the summary.")
    ] = False,
) -> None:
    """Load ontology and facts, validate with SHACL, publish the store, write exports."""
    # a build makes many long-lived objects and few cycles: the collector's full passes
    # over them cost about a tenth of it (synthetic 100k: 25.8 s with, 22.3 s without;
    # peak RSS 561 MB and 590 MB), so it is paused until the command is done
    collecting = gc.isenabled()
    gc.disable()
    try:
        _build(
            store=store,
            facts=facts,
            epoch=epoch,
            litellm=litellm,
            epoch_date=epoch_date,
            litellm_date=litellm_date,
            exports=exports,
            warnings=warnings,
        )
    finally:
        if collecting:
            gc.enable()


def _build(
    *,
    store: str | None,
    facts: list[Path] | None,
    epoch: Path | None,
    litellm: Path | None,
    epoch_date: str | None,
    litellm_date: str | None,
    exports: Path,
    warnings: bool = False,
) -> None:
    from graph.export.bundle import Exports  # noqa: PLC0415

    _check_inputs(epoch, litellm)
    # the child that writes the network exports starts now and loads its modules while
    # this process loads the build's; it gets the claims once they are valid
    started = Exports(exports)
    try:
        with _working():
            result, stats, written, url = _build_and_export(
                store=store,
                facts=facts,
                epoch=epoch,
                litellm=litellm,
                epoch_date=epoch_date,
                litellm_date=litellm_date,
                exports=exports,
                started=started,
            )
    finally:
        started.discard()  # a failed build or export: stop the child, drop its files
    _print_summary(url, result, stats, f"{len(written)} files in {exports}/", warnings=warnings)


def _build_and_export(
    *,
    store: str | None,
    facts: list[Path] | None,
    epoch: Path | None,
    litellm: Path | None,
    epoch_date: str | None,
    litellm_date: str | None,
    exports: Path,
    started: Exports,
) -> tuple[BuildResult, GraphStats, list[Path], str]:
    """Build the store, then write the exports (``started`` already began them)."""
    from graph.build import BuildError, build  # noqa: PLC0415
    from graph.export.bundle import export_all  # noqa: PLC0415
    from graph.metrics.materialise import metric_quads  # noqa: PLC0415
    from graph.progress import stage  # noqa: PLC0415
    from graph.stats import graph_stats  # noqa: PLC0415
    from graph.store import graph_of, open_graph  # noqa: PLC0415

    url = store or default_store_url()
    try:
        result = build(
            url,
            extra_paths=facts or [],
            epoch=epoch,
            litellm=litellm,
            epoch_date=_option_date("--epoch-date", epoch_date),
            litellm_date=_option_date("--litellm-date", litellm_date),
            derive=metric_quads,
            on_valid=lambda valid, claims: started.claims_ready(graph_of(valid), claims),
        )
    except BuildError as exc:
        _report_build_error(exc)
        raise _fail("build failed; the previous store and exports are untouched") from None
    except StoreError as exc:
        raise _fail(str(exc)) from None
    if result.graph is not None:
        kg = result.graph
    elif result.store is not None:  # the published content, still in memory
        kg = graph_of(result.store)
    else:
        kg = open_graph(url)
    stage("counting the graph's statistics")
    stats = graph_stats(kg)
    try:
        written = export_all(
            kg,
            exports,
            stats=stats.as_dict(),
            data=result.data,
            started=started,
        )
    except ExportError as exc:
        raise _fail(f"the store was built but the export failed: {exc}") from None
    return result, stats, written, url


@contextmanager
def _working() -> Iterator[None]:
    """Show progress on standard error while the block runs (a terminal only)."""
    from graph.terminal import working  # noqa: PLC0415

    with working(err):
        yield


def _print_summary(
    url: str, result: BuildResult, stats: GraphStats, exported: str, *, warnings: bool
) -> None:
    """Print the build's summary table (and its warnings when asked)."""
    from graph.resources import data_root  # noqa: PLC0415

    table = _Table(title="aikg build", show_header=False)
    table.add_row("store", url)
    table.add_row("input files", str(len(result.files)))
    table.add_row("curated facts from", f"{data_root() / 'ontology' / 'facts'}/")
    table.add_row("triples", f"{result.triples:,}")
    table.add_row("claims (sourced)", f"{stats.claims} ({stats.sourced_claims})")
    count = len(result.report.warnings)
    seen = "" if warnings or not count else " (--warnings lists them)"
    table.add_row("SHACL", f"0 violations, {count} warnings{seen}")
    duplicates = _duplicate_warnings(result.report)
    table.add_row("likely duplicates", str(len(duplicates)))
    _print_problems(duplicates)
    for report in result.imports:
        d = report.to_dict(top=0)
        table.add_row(
            f"import {d['source']}", f"{d['rows_mapped']:,} of {d['rows_read']:,} rows mapped"
        )
    table.add_row("exports", exported)
    table.add_row("seconds (whole command)", f"{process_seconds():.2f}")
    out.print(table)
    if warnings:
        _print_problems(result.report.warnings)


def _duplicate_warnings(report: ValidationReport) -> list[Problem]:
    return [p for p in report.warnings if p.message.startswith("likely duplicate")]


def _option_date(option: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{option} expects a date YYYY-MM-DD, got {value!r}") from None


def _check_inputs(epoch: Path | None, litellm: Path | None) -> None:
    if epoch is not None and not epoch.is_dir():
        raise _fail(f"--epoch expects the Epoch AI data folder; {epoch} is not a folder")
    if litellm is not None and not litellm.is_file():
        raise _fail(f"--litellm expects the LiteLLM JSON file; {litellm} is not a file")


import_app = typer.Typer(
    help="Import third-party data and report what maps (nothing is built).",
    epilog=_examples(
        "aikg import epoch ../shared/external/epoch-ai",
        "aikg import litellm ../shared/external/litellm/model_prices_and_context_window.json",
    ),
)
app.add_typer(import_app, name="import")


def _run_import(kind: str, path: Path, fmt: str) -> None:
    from graph.build import add_imports, default_paths, load_sources  # noqa: PLC0415
    from graph.importers import render_report  # noqa: PLC0415

    if fmt not in {"table", "json"}:
        raise typer.BadParameter("--format must be table or json")
    with _working():
        sources = load_sources(default_paths())
        reports = add_imports(
            sources,
            epoch=path if kind == "epoch" else None,
            litellm=path if kind == "litellm" else None,
        )
    if fmt == "json":
        doc = [r.to_dict(top=20) for r in reports]
        sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        return
    for r in reports:
        out.print(render_report(r, top=20))


@import_app.command(
    "epoch",
    epilog=_examples(
        "aikg import epoch ../shared/external/epoch-ai",
        "aikg import epoch ../shared/external/epoch-ai -f json",
    ),
)
def import_epoch_cmd(
    folder: Annotated[
        Path,
        typer.Argument(help="The Epoch AI data folder (epoch-ai/).", metavar="FOLDER"),
    ],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table or json.", metavar="FORMAT")
    ] = "table",
) -> None:
    """Import the Epoch AI CSVs and report rows read, mapped, skipped and unresolved."""
    _check_inputs(folder, None)
    _run_import("epoch", folder, fmt)


@import_app.command(
    "litellm",
    epilog=_examples(
        "aikg import litellm ../shared/external/litellm/model_prices_and_context_window.json",
    ),
)
def import_litellm_cmd(
    file: Annotated[
        Path,
        typer.Argument(help="LiteLLM's model_prices_and_context_window.json.", metavar="FILE"),
    ],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table or json.", metavar="FORMAT")
    ] = "table",
) -> None:
    """Import LiteLLM's model catalogue and report what maps to curated families and platforms."""
    _check_inputs(None, file)
    _run_import("litellm", file, fmt)


@app.command(
    "export",
    epilog=_examples(
        "aikg export",
        "aikg export --view tri-polar --view report --as-of 2024-12-31 --out exports-2024",
    ),
)
def export_cmd(
    view: Annotated[
        list[str] | None,
        typer.Option(
            "--view", help=f"Only these exports (repeatable): {', '.join(VIEWS)}.", metavar="VIEW"
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Views and metrics as of this date.", metavar="DATE"),
    ] = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Output folder.", metavar="FOLDER")] = Path(
        "exports"
    ),
    store: StoreOpt = None,
) -> None:
    """Write the HTML views, the report and the data files (all or none)."""
    from graph.export.bundle import export_all  # noqa: PLC0415

    if as_of is not None:
        try:
            date.fromisoformat(as_of)
        except ValueError:
            raise _fail(f"--as-of expects a date YYYY-MM-DD, got {as_of!r}") from None
    try:
        with _working():
            written = export_all(_open_store(store), out_dir, views=view or None, as_of=as_of)
    except (ExportError, StoreError) as exc:
        raise _fail(str(exc)) from None
    for path in written:
        out.print(f"{path}  ({path.stat().st_size / 1024:,.0f} KiB)")


@app.command(
    "validate",
    epilog=_examples(
        "aikg validate",
        "aikg validate my-deals.ttl --warnings",
    ),
)
def validate_cmd(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Facts files or folders (default: the curated facts).", metavar="PATH"),
    ] = None,
    warnings: Annotated[bool, typer.Option("--warnings", help="List warnings too.")] = False,
    engine: Annotated[
        str,
        typer.Option(
            "--engine", help="sparql (fast, compiled shapes) or pyshacl.", metavar="ENGINE"
        ),
    ] = "sparql",
) -> None:
    """Validate facts files against the SHACL shapes without building."""
    from graph.build import BuildError, validate_paths  # noqa: PLC0415

    if engine not in {"sparql", "pyshacl"}:
        raise typer.BadParameter("--engine must be sparql or pyshacl")
    try:
        report: ValidationReport = validate_paths(paths or None, engine)  # type: ignore[arg-type]
    except BuildError as exc:
        _report_build_error(exc)
        raise _fail("validation failed") from None
    _print_problems(report.violations)
    if warnings:
        _print_problems(report.warnings)
    else:  # a sum would add a likely duplicate twice: always worth a look
        _print_problems(_duplicate_warnings(report))
    if not report.conforms:
        raise _fail(f"{len(report.violations)} violation(s)")
    out.print(f"valid: 0 violations, {len(report.warnings)} warnings")


def _parse_params(params: list[str]) -> dict[str, str]:
    parsed: dict[str, str] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise _fail(f"--param expects NAME=VALUE, got {item!r}")
        if key.strip() in parsed:
            raise _fail(f"--param {key.strip()} is given twice; give each parameter once")
        parsed[key.strip()] = value
    return parsed


def _open_store(store: str | None) -> rdflib.Graph:
    """Open the store a command reads; ``memory`` holds nothing between commands."""
    from graph.store import open_graph  # noqa: PLC0415

    if store == "memory":
        raise StoreError(
            "--store memory is empty in a new process: build a store (aikg build) and read "
            "that, or use graph.load('memory') in Python, which builds the curated facts"
        )
    return open_graph(store)


def _short(node: object) -> str:
    import rdflib  # noqa: PLC0415

    if node is None:
        return ""
    return _short_text(str(node), isinstance(node, rdflib.URIRef))


def _short_text(text: str, iri: bool) -> str:
    """Write an IRI with the aikg prefixes (``id:anthropic``); other text as it is."""
    from graph.vocab import PREFIXES  # noqa: PLC0415

    if iri:
        for prefix, ns in PREFIXES.items():
            if text.startswith(ns):
                return f"{prefix}:{text[len(ns) :]}"
    return text


@app.command(
    "query",
    epilog=_examples(
        "aikg query --list",
        "aikg query deals_by_investor -p investor=google",
        "aikg query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' -f json",
    ),
)
def query_cmd(  # noqa: PLR0917 - typer maps each parameter to an option
    spec: Annotated[
        str | None,
        typer.Argument(help="A named query, a .rq file, or SPARQL text.", metavar="QUERY"),
    ] = None,
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="NAME=VALUE (repeatable).", metavar="NAME=VALUE"),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table, csv or json.", metavar="FORMAT")
    ] = "table",
    store: StoreOpt = None,
    list_: Annotated[bool, typer.Option("--list", help="List the named queries.")] = False,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout", help="Stop the query after this many seconds.", metavar="SECONDS"
        ),
    ] = 300.0,
) -> None:
    """Run a named query or SPARQL text with parameters bound safely."""
    from graph.queries import QueryError, find_query, list_queries  # noqa: PLC0415

    if fmt not in {"table", "csv", "json"}:
        raise typer.BadParameter("--format must be table, csv or json")
    if list_ or spec is None:
        table = _Table(title="named queries")
        for col in ("name", "title", "parameters"):
            table.add_column(col)
        for q in list_queries():
            table.add_row(
                q.name, q.title, ", ".join(f"{p.name}={_short(p.default)}" for p in q.params)
            )
        out.print(table)
        return
    if timeout <= 0:
        raise typer.BadParameter("--timeout must be positive (seconds)")
    opened: OpenStore | None = None
    try:
        query = find_query(spec)
        values = _parse_params(param or [])
        location = parse_store_url(store)
        if location.kind == "oxigraph":  # answered by pyoxigraph directly: no rdflib wrapper
            assert location.path is not None
            opened = open_oxigraph(location.path)
            work = _ox_answer(opened.store, query, values, fmt)
        else:
            work = _rdflib_answer(_open_store(store), query, values, fmt)
    except (QueryError, StoreError) as exc:
        raise _fail(str(exc)) from None
    try:
        _bounded(work, timeout)()
    except QueryError as exc:
        raise _fail(str(exc)) from None
    finally:
        if opened is not None:
            opened.close()


def _ox_answer(
    store: ox.Store, query: NamedQuery, values: dict[str, str], fmt: str
) -> Callable[[], Callable[[], object]]:
    """Return the work of ``aikg query`` on an Oxigraph store: run, then a printer."""
    from graph.oxquery import answer, cell_text, sparql_json  # noqa: PLC0415
    from graph.vocab import PREFIXES  # noqa: PLC0415

    def work() -> Callable[[], object]:
        result = answer(store, query, values)
        if result.kind == "ASK":
            text = str(bool(result.boolean)).lower()
            return lambda: out.print(text)
        if result.kind == "CONSTRUCT":
            turtle = ox.serialize(result.triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
            text = (turtle or b"").decode("utf-8")
            return lambda: sys.stdout.write(text)
        if fmt == "json":
            payload = sparql_json(result)
            return lambda: sys.stdout.write(payload + "\n")
        if fmt == "csv":
            records = [
                dict(zip(result.variables, (cell_text(c) for c in row), strict=True))
                for row in result.rows
            ]
            return lambda: _write_csv(records, result.variables)
        table = _Table(title=query.title or query.name)
        for v in result.variables:
            table.add_column(v, overflow="fold")
        for row in result.rows:
            table.add_row(*(_short_text(cell_text(c), isinstance(c, ox.NamedNode)) for c in row))

        def show() -> None:
            out.print(table)
            out.print(f"{len(result.rows)} row(s)")

        return show

    return work


def _rdflib_answer(
    kg: rdflib.Graph, query: NamedQuery, values: dict[str, str], fmt: str
) -> Callable[[], Callable[[], object]]:
    """Return the work of ``aikg query`` on a remote store: run, then a printer."""
    from graph.queries import run_query  # noqa: PLC0415

    def work() -> Callable[[], object]:
        result = run_query(kg, query, values)
        if result.type == "ASK":
            text = str(bool(result.askAnswer)).lower()
            return lambda: out.print(text)
        if result.type != "SELECT":
            assert result.graph is not None
            turtle = result.graph.serialize(format="turtle")
            return lambda: sys.stdout.write(turtle)
        if fmt == "json":
            payload = result.serialize(format="json")
            assert payload is not None
            return lambda: sys.stdout.write(payload.decode("utf-8") + "\n")
        names = [str(v) for v in (result.vars or [])]
        if fmt == "csv":  # SPARQL CSV results, with spreadsheet formulas neutralised
            records = [
                dict(zip(names, ("" if x is None else str(x) for x in row), strict=True))  # type: ignore[union-attr]
                for row in result
            ]
            return lambda: _write_csv(records, names)
        table = _Table(title=query.title or query.name)
        for v in names:
            table.add_column(v, overflow="fold")
        rows = 0
        for row in result:
            table.add_row(*(_short(x) for x in row))  # type: ignore[union-attr]
            rows += 1

        def show() -> None:
            out.print(table)
            out.print(f"{rows} row(s)")

        return show

    return work


def _bounded(work: Callable[[], _T], timeout: float) -> _T:
    """Run ``work`` in a thread; stop the whole process on Ctrl-C or after ``timeout`` s.

    A query runs inside the engine, where Python cannot interrupt it: the command ends
    at once with a message (exit 130 on Ctrl-C, 1 on timeout) instead of waiting for it.
    """
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:  # handed to the main thread
            box["error"] = exc

    worker = threading.Thread(target=run, name="aikg-query", daemon=True)
    worker.start()
    deadline = time.monotonic() + timeout
    try:
        while worker.is_alive():
            worker.join(min(0.1, max(deadline - time.monotonic(), 0.0)))
            if worker.is_alive() and time.monotonic() >= deadline:
                _quit(1, f"the query ran longer than {timeout:g} s (--timeout) and was stopped")
    except KeyboardInterrupt:
        _quit(130, "interrupted: the query was stopped")
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]


def _quit(code: int, message: str) -> NoReturn:
    err.print(f"[bold red]error:[/] {escape(message)}", markup=True)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)  # the engine's thread cannot be stopped any other way


def _stats_table(title: str, counts: dict[str, int]) -> Table:
    table = _Table(title=title)
    table.add_column("name")
    table.add_column("count", justify="right")
    for k, v in counts.items():
        table.add_row(k, str(v))
    return table


@app.command(
    "stats",
    epilog=_examples(
        "aikg stats",
        "aikg stats -f json",
    ),
)
def stats_cmd(
    store: StoreOpt = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table or json.", metavar="FORMAT")
    ] = "table",
) -> None:
    """Count entities per class, deals per type and claims per status."""
    from graph.stats import graph_stats  # noqa: PLC0415

    if fmt not in {"table", "json"}:
        raise typer.BadParameter("--format must be table or json")
    try:
        stats: GraphStats = graph_stats(_open_store(store))
    except StoreError as exc:
        raise _fail(str(exc)) from None
    if fmt == "json":
        sys.stdout.write(json.dumps(stats.as_dict(), indent=2, sort_keys=True) + "\n")
        return
    out.print(_stats_table("entities per class (subclasses included)", stats.classes))
    out.print(_stats_table("deals per type", stats.deals))
    out.print(_stats_table("claims per status", stats.statuses))
    coverage = _Table(title="coverage per class")
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


FormatOpt = Annotated[
    str, typer.Option("--format", "-f", metavar="FORMAT", help="table, json or csv.")
]
AsOfOpt = Annotated[
    str | None,
    typer.Option("--as-of", metavar="DATE", help="Evaluate as of this date (YYYY-MM-DD)."),
]


def _check_format(fmt: str) -> None:
    if fmt not in {"table", "json", "csv"}:
        raise typer.BadParameter("--format must be table, json or csv")


def _check_date(value: str | None, option: str) -> None:
    if value is None:
        return
    try:
        date.fromisoformat(value)
    except ValueError:
        raise _fail(f"{option} expects a date YYYY-MM-DD, got {value!r}") from None


def _write_csv(records: Sequence[Mapping[str, object]], fields: Sequence[str]) -> None:
    writer = csv.DictWriter(sys.stdout, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: csv_safe(v) for k, v in record.items()})


def _column_widths(
    columns: Sequence[str], rows: Sequence[Mapping[str, str]], width: int
) -> list[int]:
    """Return column widths that fit ``width`` (the widest cut first, never below its title).

    Examples
    --------
    >>> _column_widths(["a", "path"], [{"a": "x", "path": "p" * 90}], 40)
    [1, 32]
    >>> _column_widths(["model", "hhi"], [{"model": "Anthropic", "hhi": "0.372"}], 80)
    [9, 5]
    """
    widths = [max([len(c)] + [len(r.get(c, "")) for r in rows]) for c in columns]
    room = width - (3 * len(columns) + 1)  # borders and padding
    while sum(widths) > room:
        cuttable = [i for i, c in enumerate(columns) if widths[i] > len(c)]
        if not cuttable:
            break  # the titles alone are wider than the terminal
        widest = max(cuttable, key=lambda i: widths[i])
        widths[widest] -= 1
    return widths


def _fitted_table(
    title: str,
    columns: Sequence[str],
    rows: Sequence[Mapping[str, str]],
    wrap: Collection[str] = (),
) -> Table:
    """Build a table that fits the width: long cells end in "…", titles stay whole.

    Cells of the ``wrap`` columns go on over several lines instead.
    """
    table = _Table(title=title)
    columns = list(columns) or ["key"]
    for col, w in zip(columns, _column_widths(columns, rows, out.width), strict=True):
        if col in wrap:
            table.add_column(col, width=w, overflow="fold")
        else:
            table.add_column(col, width=w, no_wrap=True, overflow="ellipsis")
    for r in rows:
        table.add_row(*(r.get(c, "") for c in columns))
    return table


def _results_table(
    title: str, data: m.ClaimData, items: Sequence[m.MetricResult], limit: int | None
) -> Table:
    from graph.export.readable import readable_rows  # noqa: PLC0415

    shown = list(items)[:limit] if limit else list(items)
    columns, rows = readable_rows(data, shown)
    more = f", first {len(shown)}" if len(shown) < len(items) else ""
    return _fitted_table(f"{title} ({len(items)} results{more})", columns, rows)


def _open_data(store: str | None) -> m.ClaimData:
    from graph import metrics as m  # noqa: PLC0415

    try:
        return m.data_of(_open_store(store))
    except StoreError as exc:
        raise _fail(str(exc)) from None


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


_CLAIM_ROW_LABELS = {
    "CompanyChannel": "a party's own channel",
    "CitesPrimary": "a page citing the primary",
    "CompanyChannelOfOther": "another company's channel",
}


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
) -> None:
    """Compute every metric (binding, round trips, loops, poles, ...) as of a date."""
    from graph import metrics as m  # noqa: PLC0415
    from graph.claims import ALL_STAGES  # noqa: PLC0415
    from graph.metrics.flatten import CSV_FIELDS, rows  # noqa: PLC0415
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
    with _working():
        results = m.run_all(data, as_of, metric or None)
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
            out.print(_results_table(f"{name}: {m.METRICS[name].description}", data, items, limit))


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
    from graph.export.readable import readable_rows  # noqa: PLC0415

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
    with _working():
        result = m.what_if(data, drop, as_of)
    if result.unknown:
        raise _fail("no claim or entity " + ", ".join(result.unknown))
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
    from graph.export.readable import change_text, result_name  # noqa: PLC0415

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


@app.command(
    "serve",
    epilog=_examples(
        "aikg serve",
        "aikg serve --port 0 --timeout 10",
    ),
)
def serve_cmd(  # noqa: PLR0917 - typer maps each parameter to an option
    host: Annotated[
        str, typer.Option("--host", help="Interface to bind (default loopback).", metavar="HOST")
    ] = ("127.0.0.1"),
    port: Annotated[
        int,
        typer.Option(
            "--port", help="TCP port (0: any free port).", min=0, max=65535, metavar="PORT"
        ),
    ] = 7878,
    store: StoreOpt = None,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Query timeout in seconds.", metavar="SECONDS")
    ] = 30.0,
    limit: Annotated[int, typer.Option("--limit", help="Result row limit.", metavar="N")] = 10_000,
    max_request_bytes: Annotated[
        int, typer.Option("--max-request-bytes", help="Largest request accepted.", metavar="BYTES")
    ] = 1_000_000,
) -> None:
    """Serve the built store as a read-only SPARQL 1.1 endpoint with an offline query UI."""
    from graph.serve import serve  # noqa: PLC0415

    try:
        serve(
            store,
            host=host,
            port=port,
            timeout_s=timeout,
            max_rows=limit,
            max_request_bytes=max_request_bytes,
        )
    except StoreError as exc:
        raise _fail(str(exc)) from None


@app.command(
    "synth",
    epilog=_examples(
        "aikg synth --triples 100k --out synthetic",
    ),
)
def synth_cmd(
    triples: Annotated[
        str, typer.Option("--triples", help="Size, e.g. 10k, 100k, 1M.", metavar="SIZE")
    ] = "10k",
    seed: Annotated[
        int, typer.Option("--seed", help="Random seed (same seed, same bytes).", metavar="N")
    ] = 1,
    out_dir: Annotated[Path, typer.Option("--out", help="Output folder.", metavar="FOLDER")] = Path(
        "synthetic"
    ),
) -> None:
    """Write a synthetic ecosystem of N triples, shaped like the real one and valid."""
    from graph.bench import parse_size  # noqa: PLC0415
    from graph.synth import write_synthetic  # noqa: PLC0415

    try:
        size = parse_size(triples)
    except ValueError:
        raise _fail(f"--triples expects a size such as 10k or 1M, got {triples!r}") from None
    path = write_synthetic(size, seed, out_dir)
    megabytes = path.stat().st_size / 1e6
    out.print(f"wrote {path} ({megabytes:.1f} MB); build with `aikg build --facts {path}`")


@app.command(
    "bench",
    epilog=_examples(
        "aikg bench --sizes 10k,100k --runs 3",
        "aikg bench --sizes 10k --epoch ../shared/external/epoch-ai --no-draw",
    ),
)
def bench_cmd(  # noqa: PLR0917 - typer maps each parameter to an option
    sizes: Annotated[
        str, typer.Option("--sizes", help="Synthetic sizes, comma-separated.", metavar="SIZES")
    ] = ("10k,100k,1M"),
    stores: Annotated[
        str, typer.Option("--store", help="memory and/or oxigraph.", metavar="KINDS")
    ] = "oxigraph",
    runs: Annotated[
        int, typer.Option("--runs", help="Runs per configuration (median).", metavar="N")
    ] = 3,
    naive_max: Annotated[
        str,
        typer.Option("--naive-max", help="Largest size the naive path runs on.", metavar="SIZE"),
    ] = "100k",
    naive_runs: Annotated[
        int,
        typer.Option(
            "--naive-runs",
            help="Runs of the naive script (pySHACL makes each run minutes long).",
            metavar="N",
        ),
    ] = 1,
    breakdown: Annotated[
        bool,
        typer.Option(
            "--breakdown/--no-breakdown", help="Also time every stage in worker processes."
        ),
    ] = True,
    draw: Annotated[
        bool,
        typer.Option(
            "--draw/--no-draw",
            help="Time the first draw of the network pages in headless Chromium.",
        ),
    ] = True,
    epoch: Annotated[
        Path | None, typer.Option("--epoch", help="Add Epoch AI data.", metavar="FOLDER")
    ] = None,
    litellm: Annotated[
        Path | None, typer.Option("--litellm", help="Add LiteLLM data.", metavar="FILE")
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table or json.", metavar="FORMAT")
    ] = "table",
    exports: Annotated[
        Path, typer.Option("--exports", help="Where bench.json goes.", metavar="FOLDER")
    ] = Path("exports"),
) -> None:
    """Time whole commands against a naive script (wall, CPU, peak RSS), then every stage."""
    from graph.bench import parse_size, run_bench  # noqa: PLC0415
    from graph.bench_report import bench_table, real_inputs  # noqa: PLC0415

    _check_inputs(epoch, litellm)
    kinds = [s.strip() for s in stores.split(",") if s.strip()]
    if not kinds or set(kinds) - {"memory", "oxigraph"}:
        raise typer.BadParameter("--store takes memory and/or oxigraph")
    try:
        size_list = [parse_size(x) for x in sizes.split(",") if x.strip()]
        cap = parse_size(naive_max)
    except ValueError:
        raise _fail("sizes look like 10k,100k,1M") from None
    inputs = real_inputs(epoch, litellm, exports / ".bench")
    if runs < 1 or naive_runs < 0:
        raise typer.BadParameter("--runs must be at least 1 and --naive-runs 0 or more")
    with _working():
        result = run_bench(
            size_list,
            kinds,
            runs,
            inputs,
            exports / ".bench",
            cap,
            naive_runs=naive_runs,
            breakdown=breakdown,
            draw=draw,
            epoch=epoch,
            litellm=litellm,
        )
    result["command"] = shlex.join(["aikg", *sys.argv[1:]])  # what printed these figures
    exports.mkdir(parents=True, exist_ok=True)
    (exports / "bench.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if fmt == "json":
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
        return
    for table in bench_table(result):
        out.print(table)


def main() -> None:
    """Run the ``aikg`` command line.

    When the command is done, the process ends at once (output flushed) instead of
    tearing the interpreter down object by object, which took most of a second
    after a build; ``AIKG_DEBUG=1`` keeps the normal exit.
    """
    try:
        _run()
    except SystemExit as exc:
        code = exc.code
    else:
        code = 0
    if os.environ.get("AIKG_DEBUG"):
        raise SystemExit(code)
    _leave(code)


def _leave(code: object) -> NoReturn:
    """Flush the output and end the process with ``code`` (``sys.exit`` semantics)."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message")
        sys.stderr.write(f"{code}\n")
        status = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`aikg query ... | head`)
            status = status or 1
    logging.shutdown()
    os._exit(status)


def _run() -> None:
    """Run the command; turn any error into a message and exit status 1."""
    # rdflib logs a traceback for each ill-typed literal (e.g. "2025-02-30"^^xsd:date);
    # validation reports those as violations, so keep stderr to the clean message.
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
    try:
        app()
    except OSError as exc:  # disk full, read-only file system, a file where a folder goes
        err.print(f"[bold red]error:[/] {escape(str(exc))}", markup=True)
        raise SystemExit(1) from None
    except Exception as exc:  # a message, never a traceback, for the user
        if os.environ.get("AIKG_DEBUG"):
            raise
        cause = exc.__cause__ or exc.__context__
        if isinstance(cause, OSError):  # rdflib wraps an unreachable SPARQL server this way
            err.print(
                f"[bold red]error:[/] cannot reach the store: {escape(str(cause))}", markup=True
            )
            raise SystemExit(1) from None
        err.print(
            f"[bold red]error:[/] {escape(type(exc).__name__)}: {escape(str(exc))} "
            "(set AIKG_DEBUG=1 to see where)",
            markup=True,
        )
        raise SystemExit(1) from None
