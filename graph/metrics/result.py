"""Common shape of metric results: frozen dataclasses that serialise with units and evidence.

Every result class lists the unit of each numeric field in ``UNITS`` and the
claim IRIs it rests on in a ``claims`` field, so JSON and CSV outputs say what
every number means and where it comes from.

Examples
--------
>>> from dataclasses import dataclass
>>> from typing import ClassVar
>>> from graph.amounts import Amount
>>> @dataclass(frozen=True)
... class Example(MetricResult):
...     UNITS: ClassVar[dict[str, str]] = {"money": "USD"}
...     money: Amount
...     claims: tuple[str, ...] = ()
>>> Example(Amount(4.0, ">=")).to_dict()
{'money': {'value': 4.0, 'bound': '>=', 'unit': 'USD'}, 'claims': []}
"""

from __future__ import annotations

import dataclasses
import math
from datetime import date
from typing import Any, ClassVar

from graph.amounts import Amount

__all__ = ["MetricResult", "jsonable"]


def jsonable(value: Any, unit: str | None = None) -> Any:
    """Convert a field value to JSON-ready data (Amounts keep their bound and unit)."""
    if isinstance(value, Amount):
        number = None if math.isinf(value.value) else value.value
        return {"value": number, "bound": value.bound, "unit": unit or ""}
    if isinstance(value, MetricResult):
        return value.to_dict()
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        return value if unit is None else {"value": value, "unit": unit}
    if isinstance(value, int) and not isinstance(value, bool) and unit is not None:
        return {"value": value, "unit": unit}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v, unit) for k, v in value.items()}
    if isinstance(value, (tuple, list, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return [jsonable(v, unit) for v in items]
    return value


class MetricResult:
    """Mixin for metric result dataclasses."""

    UNITS: ClassVar[dict[str, str]] = {}

    def _repr_html_(self) -> str:
        """Show the result as a one-row table in a notebook."""
        from graph.readable import html_table  # noqa: PLC0415 - only in a notebook

        return html_table([self])

    def to_dict(self) -> dict[str, Any]:
        """Return the result as JSON-ready data, numbers with their units."""
        fields = dataclasses.fields(self)  # type: ignore[arg-type]
        return {f.name: jsonable(getattr(self, f.name), self.UNITS.get(f.name)) for f in fields}
