"""Flatten metric results into rows for tables and CSV.

Examples
--------
>>> from graph.metrics.whatif import Row
>>> [(r["metric"], r["key"], r["field"], r["value"]) for r in rows({"count": [Row("deals", 3)]})]
[('count', 'deals', 'n', 3)]
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from graph.metrics.result import MetricResult
from graph.metrics.whatif import KEY_FIELDS, result_key

__all__ = ["CSV_FIELDS", "SKIP_FIELDS", "rows", "summary"]

CSV_FIELDS = ("metric", "key", "field", "value", "bound", "unit", "claims")
#: Fields too bulky for a table cell (they stay in the JSON output).
SKIP_FIELDS = frozenset(
    {"claims", "evidence", "by_deal", "flows", "shares", "entities", "families", "exclusive"}
)


def _scalars(values: Mapping[str, Any]) -> Iterator[tuple[str, Any, str, str]]:
    for name, value in values.items():
        if name in SKIP_FIELDS or name in KEY_FIELDS:
            continue
        if isinstance(value, dict) and "value" in value:
            yield name, value["value"], value.get("bound", ""), value.get("unit", "")
        elif isinstance(value, (int, float, str, bool)) or value is None:
            yield name, value, "", ""
        elif isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
            yield name, " ".join(str(v).rsplit("/", 1)[-1] for v in value), "", ""


def rows(results: Mapping[str, Sequence[MetricResult]]) -> Iterator[dict[str, Any]]:
    """Yield one row per scalar field of every result (long format)."""
    for metric, items in results.items():
        for item in items:
            values = item.to_dict()
            key = result_key(values)
            claims = " ".join(c.rsplit("/", 1)[-1] for c in values.get("claims", []))
            for field, value, bound, unit in _scalars(values):
                yield {
                    "metric": metric,
                    "key": key,
                    "field": field,
                    "value": value,
                    "bound": bound,
                    "unit": unit,
                    "claims": claims,
                }


def summary(item: MetricResult) -> dict[str, str]:
    """Return the scalar fields of ``item`` as display strings (for tables)."""
    values = item.to_dict()
    out = {"key": result_key(values)}
    for field, value, bound, unit in _scalars(values):
        text = f"{value:.4g}" if isinstance(value, float) else "" if value is None else str(value)
        prefix = f"{bound} " if bound and bound != "=" else ""
        suffix = f" {unit}" if unit not in {"", "1", "fraction"} and text else ""
        out[field] = f"{prefix}{text}{suffix}"
    return out
