"""Cell values of third-party tables: numbers, dates, and cells that must not pass.

The importers read every number and date through :func:`parse_number` and
:func:`parse_date`, which refuse what they cannot read instead of guessing, and
drop cells that a spreadsheet would run as a formula (:func:`looks_like_formula`).

Examples
--------
>>> parse_number("1,024"), parse_date("2021-07"), looks_like_formula("=1+1")
(1024.0, datetime.date(2021, 7, 1), True)
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from datetime import date

from rdflib import Literal
from rdflib.namespace import XSD

__all__ = ["iter_nonempty", "looks_like_formula", "parse_date", "parse_number", "xsd_date"]


def looks_like_formula(text: str) -> bool:
    """Tell whether a cell would run as a spreadsheet formula (CSV injection).

    Examples
    --------
    >>> looks_like_formula("=cmd|' /C calc'!A0"), looks_like_formula("-1.5")
    (True, False)
    >>> looks_like_formula("@SUM(A1)"), looks_like_formula("GPT-4")
    (True, False)
    """
    if text[:1] in {"\t", "\r"}:
        return True
    s = text.lstrip()  # any whitespace: names are stripped later, exposing what follows
    if not s:
        return False
    if s[0] in "=+@":
        return True
    return s[0] == "-" and not (len(s) > 1 and (s[1].isdigit() or s[1] == "."))


def parse_number(text: str) -> float | None:
    """Parse a finite, non-negative number; ``None`` for an empty cell.

    Raises
    ------
    ValueError
        For text that is not such a number ("ten", "nan", "-3", "1e400").

    Examples
    --------
    >>> parse_number("30000.000000000004"), parse_number(" "), parse_number("1,024")
    (30000.000000000004, None, 1024.0)
    """
    s = text.strip().replace(",", "").replace("_", "x")
    if not s:
        return None
    value = float(s)
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"not a finite non-negative number: {text!r}")
    return value


def parse_date(text: str) -> date | None:
    """Parse an ISO date; ``None`` when empty.

    ``YYYY-MM-DD`` (optionally followed by a time), ``YYYY-MM`` and ``YYYY``; a partial
    date becomes the first day of its month or year.

    Raises
    ------
    ValueError
        For anything else, and for years before 1900 or after 2100.

    Examples
    --------
    >>> parse_date("2024-03-05"), parse_date("2024-03-05T00:00:00.000Z"), parse_date("")
    (datetime.date(2024, 3, 5), datetime.date(2024, 3, 5), None)
    >>> parse_date("2021-07")
    datetime.date(2021, 7, 1)
    """
    s = text.strip()
    if not s:
        return None
    if len(s) > 10 and s[10] in "T ":
        s = s[:10]
    if re.fullmatch(r"\d{4}-\d{2}", s):
        s += "-01"
    elif re.fullmatch(r"\d{4}", s):
        s += "-01-01"
    value = date.fromisoformat(s)
    if not 1900 <= value.year <= 2100:
        raise ValueError(f"implausible year: {text!r}")
    return value


def xsd_date(value: date) -> Literal:
    """Return an ``xsd:date`` literal."""
    return Literal(value.isoformat(), datatype=XSD.date)


def iter_nonempty(values: Iterable[str]) -> Iterator[str]:
    """Yield the stripped non-empty strings."""
    for v in values:
        s = v.strip()
        if s:
            yield s
