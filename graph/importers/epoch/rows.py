"""Reading Epoch AI's CSV rows: the rows of a file, their cells, and why a row is skipped.

A row handler reads cells through :func:`cell`, :func:`number` and :func:`day`,
refuses formula-like cells with :func:`checked`, and raises :class:`SkipRowError`
with the reason the report counts. :func:`status_for` maps Epoch's confidence
tags and columns to an ``aikg:claimStatus``.

Examples
--------
>>> row = {"Name": "Colossus", "Power Capacity (MW)": "150", "Date": "soon"}
>>> cell(row, "Name"), number(row, "Power Capacity (MW)"), cell(row, "Owner")
('Colossus', 150.0, '')
>>> try:
...     day(row, "Date")
... except SkipRowError as skip:
...     print(skip)
unparsable date in 'Date'
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from rdflib import URIRef

from graph.importers.report import FileReport
from graph.importers.resolve import looks_like_formula, parse_date, parse_number
from graph.vocab import AIKG

__all__ = ["Row", "SkipRowError", "cell", "checked", "day", "number", "read_rows", "status_for"]

#: A CSV row as :class:`csv.DictReader` gives it (extra cells under the key ``None``).
Row = dict[str | None, object]

_REPORTED = frozenset({"confident", "confirmed"})
_ESTIMATED = frozenset({"likely", "speculative", "uncertain", "unknown", "unlikely"})


class SkipRowError(Exception):
    """A row that cannot be mapped; the message is the reason counted in the report."""


def status_for(tag: str | None, default: URIRef = AIKG.Estimated) -> URIRef:
    """Map an Epoch confidence tag or column value to an ``aikg:claimStatus``.

    Examples
    --------
    >>> [str(status_for(t)).rsplit("#")[-1] for t in ("confident", "Likely", "speculative")]
    ['Reported', 'Estimated', 'Estimated']
    """
    if tag is None or not tag.strip():
        return default
    t = tag.strip().casefold()
    if t in _REPORTED:
        return AIKG.Reported
    return AIKG.Estimated


def cell(row: Row, column: str) -> str:
    """Return a cell's text; ``""`` when the column is missing."""
    value = row.get(column)
    return value if isinstance(value, str) else ""


def checked(row: Row, *columns: str) -> None:
    """Skip the row when one of ``columns`` holds a formula-like cell (CSV injection)."""
    for column in columns:
        if looks_like_formula(cell(row, column)):
            raise SkipRowError(f"formula-like cell (CSV injection) in '{column}'")


def number(row: Row, column: str) -> float | None:
    """Return a cell as a non-negative number (``None`` when empty); skip the row if invalid."""
    try:
        return parse_number(cell(row, column))
    except ValueError:
        raise SkipRowError(f"invalid number in '{column}'") from None


def day(row: Row, column: str) -> date | None:
    """Return a cell as a date (``None`` when empty); skip the row if unparsable."""
    try:
        return parse_date(cell(row, column))
    except ValueError:
        raise SkipRowError(f"unparsable date in '{column}'") from None


def read_rows(path: Path, report: FileReport) -> Iterator[tuple[int, Row]]:
    """Yield (1-based data row number, row); count unreadable files instead of raising."""
    csv.field_size_limit(max(csv.field_size_limit(), min(sys.maxsize, 2**31 - 1)))
    try:
        with path.open(newline="", encoding="utf-8-sig", errors="replace") as fh:
            reader = csv.DictReader(fh)
            n = 0
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except csv.Error:
                    report.skip("unreadable CSV line")
                    return
                n += 1
                report.rows_read += 1
                yield n, dict(row)
    except OSError:
        report.note("file missing or unreadable")
