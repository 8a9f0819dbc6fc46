"""Progress reports from long work, shown only when someone is watching.

Library code announces what it is doing with :func:`stage` and walks long loops
with :func:`track`; both cost nothing and show nothing unless a front end has
installed a reporter with :func:`reporting` (``aikg`` installs a Rich progress
display on standard error when it is a terminal, never in a pipe, so JSON and
CSV on standard output are never touched).

A reporter belongs to the process that installed it: a forked child (the build
runs validation and exports beside the main process) reports nothing.

Examples
--------
Without a reporter, ``track`` hands the items through and ``stage`` is silent:

>>> list(track([1, 2, 3], "counting"))
[1, 2, 3]
>>> stage("reading files")

A reporter receives every stage and step:

>>> seen = []
>>> class Log:
...     def stage(self, text: str, total: int | None) -> None:
...         seen.append(("stage", text, total))
...     def advance(self) -> None:
...         seen.append(("step",))
>>> with reporting(Log()):
...     stage("validating")
...     total = sum(track([1, 2], "adding"))
>>> seen
[('stage', 'validating', None), ('stage', 'adding', 2), ('step',), ('step',)]

Work inside a tracked loop is part of its step and is not reported on its own:

>>> seen.clear()
>>> with reporting(Log()):
...     pairs = [list(track("ab", "inner")) for _ in track([1, 2], "outer")]
>>> seen
[('stage', 'outer', 2), ('step',), ('step',)]
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sized
from contextlib import contextmanager
from typing import Protocol, TypeVar

__all__ = ["Reporter", "active", "reporting", "stage", "track"]

T = TypeVar("T")


class Reporter(Protocol):
    """What a front end implements to show progress."""

    def stage(self, text: str, total: int | None) -> None:
        """Start a new piece of work (``total`` steps when known)."""

    def advance(self) -> None:
        """One step of the current piece of work is done."""


_reporter: Reporter | None = None
_owner: int = 0
_depth: int = 0  # loops of track() running: work inside one is a part of its step


def active() -> Reporter | None:
    """Return the reporter of this process, or ``None``."""
    if _reporter is not None and os.getpid() == _owner:
        return _reporter
    return None


def _outer() -> Reporter | None:
    """Return the reporter, unless called inside a tracked loop (its steps show it)."""
    return active() if _depth == 0 else None


@contextmanager
def reporting(reporter: Reporter) -> Iterator[Reporter]:
    """Send this process's progress to ``reporter`` inside the ``with`` block."""
    global _reporter, _owner
    before, before_owner = _reporter, _owner
    _reporter, _owner = reporter, os.getpid()
    try:
        yield reporter
    finally:
        _reporter, _owner = before, before_owner


def stage(text: str, total: int | None = None) -> None:
    """Announce a piece of work (shown only when a reporter is installed)."""
    reporter = _outer()
    if reporter is not None:
        reporter.stage(text, total)


def track(items: Iterable[T], text: str, total: int | None = None) -> Iterator[T]:
    """Yield ``items``, reporting one step per item under ``text``.

    Stages and loops inside a tracked loop are parts of its steps: they report nothing.
    """
    global _depth  # noqa: PLW0603 - the nesting of tracked loops in this process
    reporter = _outer()
    if reporter is None:
        yield from items
        return
    if total is None and isinstance(items, Sized):
        total = len(items)
    reporter.stage(text, total)
    _depth += 1
    try:
        for item in items:
            yield item
            reporter.advance()
    finally:
        _depth -= 1
