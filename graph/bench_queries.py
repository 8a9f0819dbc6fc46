"""Every named query timed in one process on a built store, as the Python API runs it.

``aikg bench`` opens the store the real build published (read-only, on disk, as
``aikg query`` and :func:`graph.oxquery.answer` do) and runs each named query
with its default parameters: once to warm the store's caches, then ``runs``
times, and records the median, the fastest and the slowest answer in
milliseconds with the number of rows. The whole-process rows of ``aikg query``
add the start of a Python process to this.

Examples
--------
>>> print(queries_markdown({"named_queries": {"runs": 5, "quads": 1200, "queries": {
...     "poles": {"rows": 3, "median_ms": 1.72, "min_ms": 1.6, "max_ms": 2.5}}}}))
| named query | rows | median | fastest | slowest |
|---|---:|---:|---:|---:|
| poles | 3 | 1.7 ms | 1.6 ms | 2.5 ms |
<BLANKLINE>
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.queries import NamedQuery

__all__ = ["answer_times", "queries_markdown", "queries_table", "time_queries"]

_COLUMNS = ("named query", "rows", "median", "fastest", "slowest")


def answer_times(
    answer_one: Callable[[NamedQuery], int], runs: int, *, warm_up: bool = True
) -> dict[str, tuple[int, list[float]]]:
    """Time ``answer_one`` (which returns a row count) on every named query ``runs`` times.

    Returns
    -------
    dict
        Query name -> (rows of the last answer, seconds of each timed answer), by name.

    Examples
    --------
    >>> timed = answer_times(lambda query: len(query.name), runs=2, warm_up=False)
    >>> timed["poles"][0], len(timed["poles"][1])
    (5, 2)
    """
    from graph.queries import list_queries  # noqa: PLC0415

    timed: dict[str, tuple[int, list[float]]] = {}
    for query in list_queries():
        if warm_up:
            answer_one(query)  # the first answer reads the store's files
        rows, samples = 0, []
        for _ in range(max(1, runs)):
            start = time.perf_counter()
            rows = answer_one(query)
            samples.append(time.perf_counter() - start)
        timed[query.name] = (rows, samples)
    return timed


def time_queries(store: Path, runs: int) -> dict[str, Any]:
    """Run every named query ``runs`` times (after one warm-up) on the store in ``store``.

    Parameters
    ----------
    store : Path
        An ``oxigraph:`` store folder written by ``aikg build``.
    runs : int
        Timed answers per query (at least 1).

    Returns
    -------
    dict
        ``{"runs": n, "quads": q, "queries": {name: {"rows", "median_ms", "min_ms",
        "max_ms"}}}``, the queries in name order.

    Examples
    --------
    >>> import tempfile
    >>> from graph.build import build
    >>> folder = Path(tempfile.mkdtemp()) / "store"
    >>> _ = build(f"oxigraph:{folder}")
    >>> timed = time_queries(folder, runs=1)
    >>> from graph.queries import list_queries
    >>> list(timed["queries"]) == sorted(q.name for q in list_queries())
    True
    >>> timed["queries"]["investment_by_year"]["median_ms"] > 0
    True
    """
    from graph.location import open_oxigraph  # noqa: PLC0415
    from graph.oxquery import answer  # noqa: PLC0415

    def rows_of(query: NamedQuery) -> int:
        result = answer(opened, query)
        return len(result.rows) if result.kind == "SELECT" else len(result.triples)

    runs = max(1, runs)
    with open_oxigraph(store) as opened:
        timed = answer_times(rows_of, runs)
        quads = len(opened)
    return {
        "runs": runs,
        "quads": quads,
        "queries": {
            name: {
                "rows": rows,
                "median_ms": statistics.median(samples) * 1000,
                "min_ms": min(samples) * 1000,
                "max_ms": max(samples) * 1000,
            }
            for name, (rows, samples) in timed.items()
        },
    }


def _ms(value: float) -> str:
    return f"{value:.1f} ms"


def _cells(name: str, m: dict[str, Any]) -> list[str]:
    return [name, f"{m['rows']:,}", _ms(m["median_ms"]), _ms(m["min_ms"]), _ms(m["max_ms"])]


def queries_markdown(result: dict[str, Any]) -> str:
    """Return the named-query timings of a bench result as Markdown (quoted by the README)."""
    timed = result["named_queries"]["queries"]
    lines = [
        "| " + " | ".join(_COLUMNS) + " |",
        "|---|" + "---:|" * (len(_COLUMNS) - 1),
    ]
    lines += ["| " + " | ".join(_cells(name, m)) + " |" for name, m in timed.items()]
    return "\n".join(lines) + "\n"


def queries_table(result: dict[str, Any]) -> Any:
    """Return the named-query timings as a rich Table, or ``None`` when not measured."""
    timed = result.get("named_queries")
    if not timed:
        return None
    from rich.table import Table  # noqa: PLC0415

    table = Table(
        title=(
            f"named queries in one process on the built store ({timed['quads']:,} quads; "
            f"median of {timed['runs']} answers after one warm-up)"
        )
    )
    for col in _COLUMNS:
        table.add_column(col, justify="left" if col == "named query" else "right")
    for name, m in timed["queries"].items():
        table.add_row(*_cells(name, m))
    return table
