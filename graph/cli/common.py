"""What every ``aikg`` command shares: the Typer app, the consoles, common options and tables.

Only light modules load with the command line; each command imports what it runs,
so ``aikg --help`` and ``aikg query`` do not pay for rdflib's SPARQL engine, networkx or pyvis.
"""

from __future__ import annotations

import csv
import os
import sys
import time
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

# Only light modules load with the command line; each command imports what it runs,
# so `aikg --help` and `aikg query` do not pay for rdflib's SPARQL engine, networkx or pyvis.
from graph.cli.deferred import defer
from graph.location import (
    StoreError,
)
from graph.text import csv_safe, plain_text

# Typer's help formatter imports these two for features aikg does not use (see deferred)
defer("rich.markdown", "Markdown")
defer("rich.traceback", "Traceback")

if TYPE_CHECKING:
    import rdflib

    from graph import metrics as m
    from graph.validate import Problem


_T = TypeVar("_T")


app = typer.Typer(
    name="aikg",
    help="aikg: a knowledge graph of the AI-cloud ecosystem "
    "(who is bound to whom, how deeply, since when).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
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
    "loop_significance",
    "communities",
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


_STARTED = time.perf_counter()  # the command line has loaded (see process_seconds)
_ENDS_AT_ONCE: list[bool] = [False]  # set by graph.cli.main, which ends with os._exit


def ends_at_once() -> bool:
    """Tell whether this process ends with ``os._exit`` once the command is done.

    Then nothing needs tidying after a command: :func:`graph.cli.main` ends the
    process at once, so a command may skip work that only matters to a process
    that goes on (in tests, ``CliRunner`` runs commands in a process that does).
    """
    return _ENDS_AT_ONCE[0]


def end_at_once() -> None:
    """Declare that this process ends with ``os._exit`` after the command (see above)."""
    _ENDS_AT_ONCE[0] = True


#: Seconds the interpreter may take to load the command line after its process began (0.1
#: to 0.3 s as a rule). A longer gap means the process ran something else first: a shell that
#: ran other commands, then replaced itself with the last one (``bash -c "pip install . &&
#: aikg build"`` runs ``aikg`` in the shell's own process), whose start ``/proc`` gives.
EXEC_GAP = 2.0


def process_seconds() -> float:
    """Return the wall time since this process started (interpreter start-up included).

    Read from ``/proc`` on Linux (10 ms resolution). Where that start lies more than
    :data:`EXEC_GAP` before the command line was imported (a shell ran other commands
    in this process before it became ``aikg``), and on other systems, the time since
    the command line loaded: the interpreter's start and that loading, 0.1 to 0.3 s,
    are then left out.

    Examples
    --------
    >>> 0 < process_seconds() < 86_400
    True
    """
    own = time.perf_counter() - _STARTED
    try:
        ticks = os.sysconf("SC_CLK_TCK")
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        since_start = max(uptime - int(fields[19]) / ticks, 0.0)
    except (OSError, ValueError, IndexError):
        return own
    return since_start if since_start - own <= EXEC_GAP else own


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


@contextmanager
def _working() -> Iterator[None]:
    """Show progress on standard error while the block runs (a terminal only)."""
    from graph.terminal import working  # noqa: PLC0415

    with working(err):
        yield


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


def _open_store(store: str | None) -> rdflib.Graph:
    """Open the store a command reads; ``memory`` holds nothing between commands."""
    from graph.store import open_graph  # noqa: PLC0415

    if store == "memory":
        raise StoreError(
            "--store memory is empty in a new process: build a store (aikg build) and read "
            "that, or use graph.load('memory') in Python, which builds the curated facts"
        )
    return open_graph(store)


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
    from graph.readable import readable_rows  # noqa: PLC0415

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
