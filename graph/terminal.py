"""The command line's progress display: Rich bars on a terminal, nothing elsewhere.

:func:`working` installs a :class:`RichReporter` for :mod:`graph.progress` while
a command computes, on the standard-error console, and only when that console
is a terminal: in a pipe, in CI logs and under ``TERM=dumb`` nothing is drawn.
``AIKG_PROGRESS=0`` turns it off, ``AIKG_PROGRESS=1`` forces it on (for a
terminal Rich does not recognise). The display is transient: it is erased when
the work is done, so the command's own output follows as it always did.

Examples
--------
A console that is not a terminal gets no display:

>>> import io
>>> from rich.console import Console
>>> from graph import progress
>>> with working(Console(file=io.StringIO())):
...     progress.active() is None
True
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from graph import progress

__all__ = ["RichReporter", "shows_progress", "working"]


class _Steps(ProgressColumn):
    """``3/12`` for a stage with known steps; nothing for one without."""

    def render(self, task: Task) -> Text:
        if task.total is None or not task.fields.get("counted", True):
            return Text("")
        return Text(f"{int(task.completed)}/{int(task.total)}", style="progress.download")


class RichReporter:
    """Show each stage as one line: a spinner, its text, a bar when steps are known."""

    def __init__(self, bars: Progress) -> None:
        self._bars = bars
        self._task: TaskID | None = None

    def stage(self, text: str, total: int | None) -> None:
        """Finish the stage before and start this one."""
        self.finish()
        self._task = self._bars.add_task(text, total=total, counted=total is not None)

    def advance(self) -> None:
        """One step of the current stage is done."""
        if self._task is not None:
            self._bars.advance(self._task)

    def finish(self) -> None:
        """Mark the current stage done (its line stays until the display is erased)."""
        if self._task is not None:
            task = next(t for t in self._bars.tasks if t.id == self._task)
            done = task.total or 1
            self._bars.update(self._task, total=done, completed=done)
            self._task = None


def shows_progress(console: Console) -> bool:
    """Whether :func:`working` draws on ``console`` (a terminal, unless told otherwise)."""
    wanted = os.environ.get("AIKG_PROGRESS", "").strip().lower()
    if wanted in {"0", "no", "false", "off"}:
        return False
    if wanted in {"1", "yes", "true", "on"}:
        return True
    return console.is_terminal and not console.is_dumb_terminal


@contextmanager
def working(console: Console) -> Iterator[None]:
    """Show the progress of the work done inside the block on ``console``."""
    if not shows_progress(console):
        yield
        return
    bars = Progress(
        SpinnerColumn(finished_text="[green]\u2713[/]"),
        TextColumn("{task.description}", markup=False),
        BarColumn(bar_width=24),
        _Steps(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        redirect_stdout=False,
        redirect_stderr=False,
        refresh_per_second=8,
    )
    reporter = RichReporter(bars)
    with bars, progress.reporting(reporter):
        try:
            yield
        finally:
            reporter.finish()
