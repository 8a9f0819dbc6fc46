"""Any metric over time: evaluate it as of each quarter or year end in a range.

Examples
--------
>>> from datetime import date
>>> [d.isoformat() for d in dates(date(2024, 1, 1), date(2024, 12, 31), "quarter")]
['2024-03-31', '2024-06-30', '2024-09-30', '2024-12-31']
>>> dates("2019-01-01", "2021-06-30", "year")
[datetime.date(2019, 12, 31), datetime.date(2020, 12, 31), datetime.date(2021, 6, 30)]
>>> from graph.claims import ClaimData
>>> points = timeline(ClaimData({}, {}), lambda data, as_of: as_of.year, "2020-01-01", "2021-12-31")
>>> [(p.as_of.isoformat(), p.value) for p in points]
[('2020-12-31', 2020), ('2021-12-31', 2021)]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, Literal, TypeVar

from graph.claims import ClaimData
from graph.dates import parse_date
from graph.progress import track

__all__ = ["Point", "Step", "dates", "timeline"]

T = TypeVar("T")
Step = Literal["year", "quarter"]
_QUARTER_ENDS = ((3, 31), (6, 30), (9, 30), (12, 31))


@dataclass(frozen=True)
class Point(Generic[T]):
    """A metric's value as of one date."""

    as_of: date
    value: T


def dates(start: str | date, end: str | date, step: Step = "year") -> list[date]:
    """Return the period ends (year or quarter ends) from ``start`` to ``end``.

    The last point is ``end`` itself when ``end`` is not a period end.
    """
    first, last = parse_date(start), parse_date(end)
    if first is None or last is None:
        raise ValueError("a timeline needs a start and an end date")
    if first > last:
        raise ValueError(f"start {first} is after end {last}")
    if step not in ("year", "quarter"):
        raise ValueError(f"step must be 'year' or 'quarter', not {step!r}")
    ends = (
        [date(y, 12, 31) for y in range(first.year, last.year + 1)]
        if step == "year"
        else [date(y, m, d) for y in range(first.year, last.year + 1) for m, d in _QUARTER_ENDS]
    )
    out = [d for d in ends if first <= d <= last]
    if not out or out[-1] != last:
        out.append(last)
    return out


def timeline(
    data: ClaimData,
    metric: Callable[..., T],
    start: str | date,
    end: str | date,
    step: Step = "year",
    **kwargs: Any,
) -> list[Point[T]]:
    """Evaluate ``metric(data, as_of=d, **kwargs)`` for each date ``d`` of :func:`dates`.

    Parameters
    ----------
    data : ClaimData
        From :func:`graph.claims.read_claims` (read once, evaluated many times).
    metric : callable
        Any metric function taking ``as_of``.
    start, end : str or date
        The range.
    step : {"year", "quarter"}
        Evaluate at year ends or quarter ends.
    **kwargs
        Passed on to ``metric``.

    Returns
    -------
    list of Point
    """
    days = dates(start, end, step)
    return [
        Point(d, metric(data, as_of=d, **kwargs))
        for d in track(days, f"computing as of {len(days)} {step} end(s)")
    ]
