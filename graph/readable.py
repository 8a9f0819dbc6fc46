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
import html
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from graph.amounts import Amount
from graph.claims import ClaimData
from graph.display import capacity_text, money

if TYPE_CHECKING:  # only named in annotations: results are read by their fields
    from graph.metrics.result import MetricResult

__all__ = ["cell", "change_text", "html_table", "readable_rows", "result_name"]

_ID = "https://w3id.org/aikg/id/"
#: Fields left out of a table (bulky; the JSON and CSV keep them).
_SKIP = frozenset(
    {
        "claims",
        "evidence",
        "by_deal",
        "shares",
        "entities",
        "families",
        "exclusive",
        "flows",
        "histogram",
        "samples",  # loop_significance: the same in every row, said in the title
        "seed",
        "swap_attempts",
        "null_model",
    }
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


#: Units of quantities between 0 and 1, whose change is material by its absolute size.
_UNIT_INTERVAL = frozenset({"probability", "ratio", "fraction", "index"})


def _plain(data: ClaimData, value: Any, field: str) -> str:
    """Write one value of a result's ``to_dict()`` (numbers as ``{value, bound, unit}``)."""
    if isinstance(value, dict) and "value" in value:
        unit = str(value.get("unit", ""))
        number = value["value"]
        if number is None:
            return ""
        bound = str(value.get("bound") or "=")
        return cell(data, Amount(float(number), bound), unit, field)  # type: ignore[arg-type]
    return cell(data, value, "", field)


def _moved(before: Any, after: Any, min_change: float) -> bool:
    """Tell whether a field's change is material (see :func:`change_text`)."""
    if not (isinstance(before, dict) and isinstance(after, dict)):
        return True  # a name, a list, a kind: a change of category
    b, a = before.get("value"), after.get("value")
    if b is None or a is None or before.get("bound") != after.get("bound"):
        return True
    if before.get("unit") in _UNIT_INTERVAL and 0 <= b <= 1 and 0 <= a <= 1:
        return bool(abs(a - b) >= min_change)
    return bool(abs(a - b) >= min_change * max(abs(a), abs(b)))


def change_text(
    data: ClaimData,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    min_change: float = 0.01,
) -> tuple[str, bool]:
    """Describe how one result changed, and tell whether the change is material.

    Material: the result appeared or disappeared, a field changed kind or bound, an
    amount or count moved by at least ``min_change`` of itself, or a share, ratio,
    index or probability between 0 and 1 moved by at least ``min_change`` (absolute).

    Examples
    --------
    >>> usd = lambda v, b="=": {"value": v, "bound": b, "unit": "USD"}
    >>> change_text(ClaimData({}, {}), {"invested": usd(3.3e10, "<=")},
    ...             {"invested": usd(8e9, "<=")})
    ('invested: up to $33B → up to $8B', True)
    >>> p = lambda v: {"value": v, "unit": "probability"}
    >>> change_text(ClaimData({}, {}), {"pagerank": p(0.00493)}, {"pagerank": p(0.00498)})
    ('pagerank: 0.00493 → 0.00498', False)
    >>> change_text(ClaimData({}, {}), None, {"depth": {"value": 4, "unit": "layers"}})
    ('new: depth 4', True)
    """
    if before is None or after is None:
        shown = after if before is None else before
        assert shown is not None
        fields = [
            f"{k.replace('_', ' ')} {_plain(data, v, k)}"
            for k, v in shown.items()
            if k not in _SKIP and _plain(data, v, k)
        ]
        return ("new: " if before is None else "gone; was: ") + ", ".join(fields), True
    parts = []
    material = False
    for k in dict.fromkeys([*before, *after]):
        if k in _SKIP or before.get(k) == after.get(k):
            continue
        parts.append(
            f"{k.replace('_', ' ')}: {_plain(data, before.get(k), k)} → "
            f"{_plain(data, after.get(k), k)}"
        )
        material = material or _moved(before.get(k), after.get(k), min_change)
    return ("; ".join(parts) or "only the claims it rests on changed"), material


def result_name(data: ClaimData, key: str) -> str:
    """Turn a result key of slugs (``anthropic amazon``) into names (``Anthropic, Amazon``).

    Examples
    --------
    >>> result_name(ClaimData({}, {}), "anthropic US")
    'anthropic, US'
    """
    return ", ".join(data.name(_ID + token) for token in key.split())


def html_table(items: Iterable[MetricResult]) -> str:
    """Render results as an HTML table, as a reader writes them (every value escaped).

    Examples
    --------
    >>> from graph.amounts import Amount
    >>> from graph.metrics.roundtrip import RoundTrip
    >>> t = RoundTrip("https://w3id.org/aikg/id/a", "https://w3id.org/aikg/id/<b>",
    ...               Amount(3.3e10, "<="), None, None)
    >>> "<td>up to $33B</td>" in html_table([t]), "&lt;b&gt;" in html_table([t])
    (True, True)
    """
    columns, rows = readable_rows(ClaimData({}, {}), list(items))
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(r.get(c, ''))}</td>" for c in columns) + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
