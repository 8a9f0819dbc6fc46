"""``aikg query`` and ``aikg stats``: read the store with SPARQL."""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.markup import escape
from rich.table import Table

# Only light modules load with the command line; each command imports what it runs,
# so `aikg --help` and `aikg query` do not pay for rdflib's SPARQL engine, networkx or pyvis.
from graph.location import (
    OpenStore,
    StoreError,
    current_version,
    open_oxigraph,
    parse_store_url,
)

if TYPE_CHECKING:
    import pyoxigraph as ox
    import rdflib

    from graph.queries import NamedQuery
    from graph.stats import GraphStats
from graph.cli.common import (
    _T,
    StoreOpt,
    _examples,
    _fail,
    _open_store,
    _Table,
    _write_csv,
    app,
    err,
    out,
)


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


def _short(node: object) -> str:
    import rdflib  # noqa: PLC0415

    if node is None:
        return ""
    return _short_text(str(node), isinstance(node, rdflib.URIRef))


def _short_text(text: str, iri: bool) -> str:
    """Write an IRI with the aikg prefixes (``id:anthropic``); other text as it is."""
    from graph.prefixes import PREFIXES  # noqa: PLC0415

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
    with _ctrl_c_ends_the_command():
        _query(spec, param, fmt, store, list_, timeout)


def _query(  # noqa: PLR0917 - the options of `aikg query`
    spec: str | None,
    param: list[str] | None,
    fmt: str,
    store: str | None,
    list_: bool,
    timeout: float,
) -> None:
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
    import pyoxigraph as ox  # noqa: PLC0415

    from graph.oxquery import answer, cell_text, sparql_json  # noqa: PLC0415
    from graph.prefixes import PREFIXES  # noqa: PLC0415

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


@contextmanager
def _ctrl_c_ends_the_command() -> Iterator[None]:
    """Make Ctrl-C (SIGINT) end the process at once, exit status 130, wherever it comes.

    Python turns Ctrl-C into a ``KeyboardInterrupt`` raised where the main thread
    happens to be; raised inside a finalizer it is printed as "Exception ignored" and
    lost, and the query then runs on inside the engine until its ``--timeout``. This
    handler raises nothing: it prints the message and ends the process. ``aikg query``
    only reads, so nothing needs tidying. The previous handler is put back afterwards
    (the command also runs inside test processes); off the main thread nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(_signum: int, _frame: object) -> None:
        _quit(130, "interrupted: the query was stopped")

    previous = signal.signal(signal.SIGINT, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


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
    from graph.stats import graph_stats, read_stats  # noqa: PLC0415

    if fmt not in {"table", "json"}:
        raise typer.BadParameter("--format must be table or json")
    opened: OpenStore | None = None
    try:
        location = parse_store_url(store)
        if location.kind == "oxigraph":  # counted in Oxigraph: no rdflib wrapper
            assert location.path is not None
            version = current_version(location.path)
            # the counts the build kept in the version it published (they never change);
            # a store written otherwise, or an older one, is counted now
            kept = read_stats(version) if version is not None else None
            if kept is not None:
                stats: GraphStats = kept
            else:
                opened = open_oxigraph(location.path)
                stats = graph_stats(opened.store)
        else:
            stats = graph_stats(_open_store(store))
    except StoreError as exc:
        raise _fail(str(exc)) from None
    finally:
        if opened is not None:
            opened.close()
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
