"""The dates of a picture's slider, and how a node's or an edge's state runs between them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from graph.claims import ClaimData
from graph.dates import parse_date

__all__ = ["FIRST_YEAR", "Runs", "frame_days", "runs_of", "slider_days"]


#: The first year a date slider starts at, whatever older claims there are.
FIRST_YEAR = 2015


def frame_days(data: ClaimData, as_of: str | date | None = None) -> list[date]:
    """Half-year ends from the first dated money or offering claim to the last one.

    The slider's dates: 30 June and 31 December of each year from the year of
    the first dated claim that moves money or offers a model (not before
    :data:`FIRST_YEAR`) up to the last such claim, never past ``as_of``.
    """
    day = parse_date(as_of)
    kinds = {
        "EquityInvestment",
        "SpendCommitment",
        "CapacityCommitment",
        "ComputeAgreement",
        "ChipSupplyAgreement",
        "Acquisition",
        "JointVenture",
        "ModelOffering",
        "HostingAgreement",
        "Tranche",
    }
    dates = sorted(
        d
        for c in data.claims.values()
        if c.kind in kinds and (d := c.date) is not None and d.year >= FIRST_YEAR
        if day is None or d <= day
    )
    if not dates:
        return []
    out: list[date] = []
    for year in range(dates[0].year, dates[-1].year + 1):
        for end in (date(year, 6, 30), date(year, 12, 31)):
            if dates[0] <= end and (not out or out[-1] < dates[-1]):
                out.append(end)
    return [d for d in out if day is None or d <= day]


def slider_days(data: ClaimData, as_of: str | date | None = None) -> list[date | None]:
    """Return the dates a page's slider offers: :func:`frame_days`, then ``as_of`` itself.

    Examples
    --------
    >>> slider_days(ClaimData({}, {}), "2024-01-01")
    [datetime.date(2024, 1, 1)]
    """
    day = parse_date(as_of)
    days: list[date | None] = [d for d in frame_days(data, day) if d != day]
    days.append(day)
    return days


class Runs:
    """Build :func:`runs_of` one frame at a time, holding only the changes.

    A picture at a synthetic million triples has every edge in each of 30 frames; kept
    together, the frames are most of the memory of the process that draws it.

    Examples
    --------
    >>> runs = Runs()
    >>> for frame in ({"a": 1}, {"a": 1, "b": 2}, {"b": 3}):
    ...     runs.add(frame)
    >>> runs.result() == runs_of([{"a": 1}, {"a": 1, "b": 2}, {"b": 3}])
    True
    """

    def __init__(self) -> None:
        self._runs: dict[str, list[tuple[int, object]]] = {}
        self._frames = 0

    def add(self, frame: Mapping[str, object]) -> None:
        """Add the next frame's states (an item not in it is absent: ``None``)."""
        i = self._frames
        for item, runs in self._runs.items():
            state = frame.get(item)
            if runs[-1][1] != state:
                runs.append((i, state))
        for item, state in frame.items():
            if item not in self._runs:
                runs = [(0, None)] if i else []
                if not runs or runs[-1][1] != state:
                    runs.append((i, state))
                self._runs[item] = runs
        self._frames += 1

    def result(self) -> dict[str, list[tuple[int, object]]]:
        """Return each item's runs, items sorted (as :func:`runs_of`)."""
        return {item: self._runs[item] for item in sorted(self._runs)}


def runs_of(
    frames: Iterable[Mapping[str, object]],
) -> dict[str, list[tuple[int, object]]]:
    """Each item's states over the frames, kept only where they change (``None``: absent).

    Examples
    --------
    >>> runs_of([{"a": 1}, {"a": 1, "b": 2}, {"b": 3}])
    {'a': [(0, 1), (2, None)], 'b': [(0, None), (1, 2), (2, 3)]}
    >>> runs_of([{"a": 1}, {"a": 1, "c": None}, {}])
    {'a': [(0, 1), (2, None)], 'c': [(0, None)]}
    """
    runs = Runs()
    for frame in frames:
        runs.add(frame)
    return runs.result()
