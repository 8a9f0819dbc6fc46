"""Dates as every layer accepts them: ``None``, a :class:`~datetime.date` or ``YYYY-MM-DD``.

A leaf module: the metrics, views, exports and the command line read ``as_of``
arguments with :func:`parse_date`.

Examples
--------
>>> parse_date("2026-04-30")
datetime.date(2026, 4, 30)
>>> parse_date(None) is None
True
"""

from __future__ import annotations

from datetime import date

__all__ = ["parse_date"]


def parse_date(value: str | date | None) -> date | None:
    """Accept ``None``, a :class:`~datetime.date` or ``YYYY-MM-DD``.

    Raises
    ------
    ValueError
        For text that is not an ISO date.
    """
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)
