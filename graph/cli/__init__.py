"""The ``aikg`` command line: a thin layer over the library modules.

One module per group of commands (:mod:`graph.cli.building`, ``querying``,
``sourcing``, ``analysis``, ``tools``) registers its commands on the Typer app of
:mod:`graph.cli.common`; this module runs it.

Exit codes: 0 success, 1 user error (bad data, bad query, missing store),
2 usage error (unknown command or option).
"""

from __future__ import annotations

import logging
import os
import sys
import typing
from typing import NoReturn
from urllib.error import HTTPError, URLError

import typer
from rich.markup import escape

# isort: off
from graph.cli.common import METRIC_NAMES, app, end_at_once, err, out, process_seconds
from graph.cli import building  # noqa: F401 - build, import, export, validate
from graph.cli import querying  # noqa: F401 - query, stats
from graph.cli import sourcing  # noqa: F401 - sources, reconcile
from graph.cli import analysis  # noqa: F401 - metrics, timeline, whatif
from graph.cli import entities  # noqa: F401 - describe
from graph.cli import ingesting  # noqa: F401 - ingest
from graph.cli import tools  # noqa: F401 - serve, synth, bench
# isort: on

__all__ = ["METRIC_NAMES", "app", "err", "main", "out", "process_seconds"]


def _resolve_annotations(group: typer.Typer) -> None:
    """Evaluate the commands' annotations once, where Typer would do it on every run.

    The command modules use ``from __future__ import annotations``, so each parameter's
    ``Annotated[..., typer.Option(...)]`` is a string. Typer turns the app into a Click
    command each time it runs (``app()``, and each ``CliRunner.invoke`` of the tests),
    and each time it compiled and evaluated every one of those strings twice: 50 ms per
    run. Stored evaluated, they are read as they are.
    """
    infos = [*group.registered_commands, group.registered_callback]
    for info in infos:
        callback = None if info is None else info.callback
        if callback is not None:
            callback.__annotations__ = typing.get_type_hints(callback, include_extras=True)
    for sub in group.registered_groups:
        if sub.typer_instance is not None:
            _resolve_annotations(sub.typer_instance)


_resolve_annotations(app)


def main() -> None:
    """Run the ``aikg`` command line.

    When the command is done, the process ends at once (output flushed) instead of
    tearing the interpreter down object by object, which took most of a second
    after a build; ``AIKG_DEBUG=1`` keeps the normal exit.
    """
    if not os.environ.get("AIKG_DEBUG"):
        end_at_once()
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
        # no SPARQL server there: urllib's error without an HTTP status (queries are POSTed,
        # and rdflib lets that error through as it is)
        unreachable = isinstance(exc, URLError) and not isinstance(exc, HTTPError)
        what = "cannot reach the store: " if unreachable else ""
        err.print(f"[bold red]error:[/] {what}{escape(str(exc))}", markup=True)
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
