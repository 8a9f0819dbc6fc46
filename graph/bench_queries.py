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
from pathlib import Path
from typing import Any

__all__ = ["queries_markdown", "queries_table", "time_queries"]

_COLUMNS = ("named query", "rows", "median", "fastest", "slowest")


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
    from graph.queries import list_queries  # noqa: PLC0415

    runs = max(1, runs)
    timed: dict[str, dict[str, Any]] = {}
    with open_oxigraph(store) as opened:
        for query in list_queries():
            answer(opened, query)  # warm-up: the first answer reads the files
            samples = []
            for _ in range(runs):
                start = time.perf_counter()
                result = answer(opened, query)
                samples.append((time.perf_counter() - start) * 1000)
            timed[query.name] = {
                "rows": len(result.rows) if result.kind == "SELECT" else len(result.triples),
                "median_ms": statistics.median(samples),
                "min_ms": min(samples),
                "max_ms": max(samples),
            }
        quads = len(opened)
    return {"runs": runs, "quads": quads, "queries": timed}


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
