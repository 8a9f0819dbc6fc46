"""Metric results as a reader's table: names instead of IRIs, amounts as ``up to $33B``.

``aikg metrics`` and ``metrics.csv`` keep the raw values (numbers, bounds, units,
IRIs) for machines; the report shows the same results with names, money with
its bound, shares as percentages, units in the column headers, and a closed
loop as the path the money takes.

Examples
--------
>>> from graph.amounts import Amount
>>> from graph.claims import ClaimData, Entity
>>> from graph.metrics.loops import Flow, Loop
>>> a, b = "https://w3id.org/aikg/id/a", "https://w3id.org/aikg/id/b"
>>> data = ClaimData({a: Entity(a, "Company", "Cloud A"), b: Entity(b, "Company", "Lab B")}, {})
>>> loop = Loop((a, b), 2, (Flow(a, b, ("equity",), Amount(4e9, "<="), None, ()),
...                         Flow(b, a, ("spend",), Amount(1e11, ">="), None, ())))
>>> columns, rows = readable_rows(data, [loop])
>>> rows[0]["path"]
'Cloud A → Lab B (up to $4B equity) → Cloud A (≥ $100B spend)'
>>> cell(data, 0.4837, "ratio", "open_share"), cell(data, 3.2e10, "USD", "x")
('48%', '$32B')
>>> cell(data, a, "", "x"), cell(data, Amount(3.03, ">="), "ratio", "ratio")
('Cloud A', '≥ 3.03')
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from graph.amounts import Amount
from graph.claims import ClaimData
from graph.display import capacity_text, money
from graph.metrics.result import MetricResult

__all__ = ["cell", "readable_rows"]

_ID = "https://w3id.org/aikg/id/"
#: Fields left out of a table (bulky; the JSON and CSV keep them).
_SKIP = frozenset(
    {"claims", "evidence", "by_deal", "shares", "entities", "families", "exclusive", "flows"}
)
_SYMBOL = {">=": "≥ ", "<=": "≤ ", "≈": "≈ ", "=": ""}
_UNITLESS = {"", "1", "fraction", "ratio", "index", "probability"}
#: At most this many names in one cell.
MAX_NAMES = 8


def _number(value: float, unit: str, field: str) -> str:
    if field.endswith("share") and 0.0 <= value <= 1.0:
        return f"{value * 100:.0f}%"
    if unit == "USD":
        return money(value)
    if unit == "GW":
        return capacity_text(Amount(value))
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) < 0.001:
        return "< 0.001"
    return f"{value:.3g}"


def cell(data: ClaimData, value: Any, unit: str, field: str) -> str:
    """Write one value for a table cell (names for IRIs, money with its bound)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Amount):
        if unit == "USD":
            return money(value.value, value.bound)
        return _SYMBOL.get(value.bound, "") + _number(value.value, unit, field)
    if isinstance(value, (int, float)):
        return _number(float(value), unit, field)
    if isinstance(value, str):
        return data.name(value) if value.startswith(_ID) else value
    if isinstance(value, (tuple, list)):
        parts = [cell(data, v, unit, field) for v in value]
        if len(parts) > MAX_NAMES:
            return ", ".join(parts[:MAX_NAMES]) + f" … and {len(parts) - MAX_NAMES} more"
        return ", ".join(parts)
    return str(value)


def _header(field: str, unit: str) -> str:
    name = field.replace("_", " ")
    if unit in _UNITLESS or unit == "USD" or unit.split(maxsplit=1)[0].rstrip("s") in name:
        return name
    return f"{name} ({unit})"


def _path(data: ClaimData, flows: Sequence[Any]) -> str:
    if not flows:
        return ""
    steps = [data.name(flows[0].source)]
    for f in flows:
        amount = money(f.amount.value, f.amount.bound) if f.amount is not None else ""
        if not amount and f.gw is not None:
            amount = capacity_text(f.gw)
        what = " ".join(x for x in (amount, " + ".join(f.kinds)) if x)
        steps.append(f"{data.name(f.target)} ({what})")
    return " → ".join(steps)


def readable_rows(
    data: ClaimData, items: Sequence[MetricResult]
) -> tuple[tuple[str, ...], list[dict[str, str]]]:
    """Return column headers and one row per result, as a reader's table shows them.

    Parameters
    ----------
    data : ClaimData
        For the names of entities.
    items : sequence of MetricResult
        One metric's results.

    Returns
    -------
    (tuple of str, list of dict)
        Headers carry the unit where it is not money or a plain number; a result
        with money ``flows`` (a closed loop) gets a ``path`` column.
    """
    rows: list[dict[str, str]] = []
    for item in items:
        row: dict[str, str] = {}
        units = getattr(item, "UNITS", {})
        for f in dataclasses.fields(item):  # type: ignore[arg-type]
            value = getattr(item, f.name)
            if f.name == "flows" and value:
                row["path"] = _path(data, value)
            if f.name in _SKIP:
                continue
            unit = units.get(f.name, "")
            row[_header(f.name, unit)] = cell(data, value, unit, f.name)
        rows.append(row)
    if any("path" in r for r in rows):  # the path names every node, in order
        for r in rows:
            r.pop("nodes", None)
    columns = tuple(dict.fromkeys(k for r in rows for k in r))
    return columns, rows
