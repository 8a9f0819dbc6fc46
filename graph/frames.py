"""Query answers and metric results as pandas DataFrames, and as tables in a notebook.

pandas is optional: it is imported only when a frame is asked for, and its absence
is said in words. Columns are named after the query's variables or the result's
fields and typed from the data: an amount gives a float column (US dollars, or the
field's unit) and a ``<field>_bound`` column (``=``, ``>=``, ``<=``, ``≈``); IRIs
are strings; dates stay dates; lists of IRIs stay lists.

Examples
--------
>>> from graph.amounts import Amount
>>> from graph.metrics.roundtrip import RoundTrip
>>> trip = RoundTrip("https://w3id.org/aikg/id/amazon", "https://w3id.org/aikg/id/anthropic",
...                  Amount(3.3e10, "<="), Amount(1e11, ">="), Amount(3.03, ">="))
>>> row = flat(trip)
>>> row["provider"], row["invested"], row["invested_bound"], row["ratio"]
('https://w3id.org/aikg/id/amazon', 33000000000.0, '<=', 3.03)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import rdflib

from graph.amounts import Amount
from graph.metrics.result import MetricResult
from graph.readable import html_table

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["flat", "html_table", "to_frame"]

#: Fields that hold nested results (left out of the flat row).
_NESTED = frozenset({"by_deal", "flows"})


def _pandas() -> Any:
    try:
        import pandas  # noqa: PLC0415
    except ImportError:  # pragma: no cover - the test extra installs it
        raise ImportError(
            "graph.to_frame needs pandas: pip install pandas (aikg works without it otherwise)"
        ) from None
    return pandas


def flat(item: MetricResult) -> dict[str, Any]:
    """Return a result's fields as flat, typed values (amounts split into value and bound)."""
    row: dict[str, Any] = {}
    for f in dataclasses.fields(item):  # type: ignore[arg-type]
        value = getattr(item, f.name)
        if isinstance(value, Amount):
            row[f.name] = value.value
            row[f"{f.name}_bound"] = value.bound
        elif f.name in _NESTED or isinstance(value, MetricResult):
            continue  # nested results (a loop's flows, a round trip's deals)
        elif isinstance(value, tuple):
            row[f.name] = list(value)
        else:
            row[f.name] = value
    return row


def _term(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, rdflib.Literal):
        python = value.toPython()
        if isinstance(python, Decimal):
            return float(python)
        return python if not isinstance(python, rdflib.Literal) else str(python)
    return str(value)


def to_frame(answer: rdflib.query.Result | Iterable[MetricResult]) -> pd.DataFrame:
    """Return a query's answer or a metric's results as a pandas DataFrame.

    Parameters
    ----------
    answer : rdflib query result or iterable of MetricResult
        From :func:`graph.query` (a SELECT), or from a metric function.

    Returns
    -------
    pandas.DataFrame
        One row per solution or result; columns as described in the module notes.
    """
    pandas = _pandas()
    if isinstance(answer, rdflib.query.Result):
        if answer.type != "SELECT":
            raise ValueError(f"a {answer.type} answer has no rows; use a SELECT query")
        names = [str(v) for v in answer.vars or []]
        rows = [
            [_term(row[i]) for i in range(len(names))]
            for row in answer
            if isinstance(row, rdflib.query.ResultRow)
        ]
        return pandas.DataFrame(rows, columns=names)
    return pandas.DataFrame([flat(item) for item in answer])
