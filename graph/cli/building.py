"""``aikg build``, ``import``, ``export`` and ``validate``: from Turtle to a store and files."""

from __future__ import annotations

import gc
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

# Only light modules load with the command line; each command imports what it runs,
# so `aikg --help` and `aikg query` do not pay for rdflib's SPARQL engine, networkx or pyvis.
from graph.export import VIEWS, ExportError
from graph.location import (
    StoreError,
    default_store_url,
)

if TYPE_CHECKING:
    import pyoxigraph as ox
    import rdflib

    from graph.build import BuildError, BuildResult
    from graph.export.bundle import Exports
    from graph.stats import GraphStats
    from graph.validate import Problem, ValidationReport
from graph.cli.common import (
    StoreOpt,
    _check_inputs,
    _examples,
    _fail,
    _open_store,
    _option_date,
    _print_problems,
    _Table,
    _working,
    app,
    ends_at_once,
    err,
    out,
    process_seconds,
)

#: What a finished build keeps until the process ends (see :func:`_build`).
_RETAINED: list[object] = []


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
        # re-enabled, the collector's first pass would walk every object the build made
        # (about a tenth of a second) just before the process ends: skip it then
        if collecting and not ends_at_once():
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
    from graph.memo import shared_results  # noqa: PLC0415 - after the fork

    try:
        # derive (the materialised metric results) and the exports share bindings and poles
        with _working(), shared_results():
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
    # the process ends with os._exit (graph.cli.main): freeing the claims and the graph
    # object by object when this frame returns would cost a tenth of a second for nothing
    _RETAINED.append((result, stats))
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
    from graph.store import open_graph  # noqa: PLC0415

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
            # the exports read the Oxigraph stores themselves: no rdflib graph of them (and no
            # oxrdflib to import) on the way from a valid graph to the exports' children
            on_valid=started.claims_ready,
            on_complete=started.graph_ready,
        )
    except BuildError as exc:
        _report_build_error(exc)
        raise _fail("build failed; the previous store and exports are untouched") from None
    except StoreError as exc:
        raise _fail(str(exc)) from None
    kg: rdflib.Graph | ox.Store
    if result.graph is not None:
        kg = result.graph
    elif result.store is not None:  # the published content, still in memory
        kg = result.store
    else:
        kg = open_graph(url)
    if result.stats is not None:  # counted by the build, kept with the store
        stats = result.stats
    else:
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
