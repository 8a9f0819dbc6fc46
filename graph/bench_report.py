"""Inputs and tables for ``aikg bench`` (the measuring itself is :mod:`graph.bench`).

Examples
--------
>>> build = {"what": "build", "graph": "real", "triples": 11542,
...          "aikg": {"wall": 2.0, "cpu": 1.9, "peak_rss_mb": 150.0, "runs": 1},
...          "naive": {"wall": 60.0, "cpu": 59.0, "peak_rss_mb": 300.0, "runs": 1},
...          "naive_over_aikg": 30.0, "outputs": {"aikg": {"ecosystem.ttl": 10}, "naive": {}}}
>>> result = {"runs": 1, "processes": [build],
...           "graphs": [{"graph": "real", "triples": None, "naive": None,
...            "aikg": {"oxigraph": {"process": 2.0, "total": 1.5, "peak_rss_mb": 100.0,
...                                  "stages": {"parse": 0.1}}}}]}
>>> [t.title for t in bench_table(result)]  # doctest: +NORMALIZE_WHITESPACE
['aikg bench: whole processes (median of 1 paired runs)',
 'breakdown: stage workers, one process per path (median of runs)',
 'breakdown: per stage (seconds, median)']
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

from rich.table import Table

from graph.bench_queries import queries_table
from graph.build import add_imports, default_paths, load_sources

__all__ = ["bench_table", "process_markdown", "process_table", "real_inputs"]


def real_inputs(epoch: Path | None, litellm: Path | None, workdir: Path) -> list[Path]:
    """Return the real graph's files; imports are written once as N-Triples into ``workdir``."""
    paths = default_paths()
    if epoch is None and litellm is None:
        return paths
    sources = load_sources(paths)
    add_imports(sources, epoch, litellm)
    workdir.mkdir(parents=True, exist_ok=True)
    out = workdir / "imports.nt"
    imported = sources.files[len(paths) :]
    with out.open("w", encoding="utf-8") as fh:
        for parsed in imported:
            for q in parsed.quads:
                fh.write(f"{q.subject} {q.predicate} {q.object} .\n")
    return [*paths, out]


def _fmt(seconds: float | None) -> str:
    if seconds is None:
        return ""
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _mb(megabytes: float | None) -> str:
    return "" if megabytes is None else f"{megabytes:,.0f} MB"


def _same_outputs(rows: list[dict[str, Any]]) -> str:
    """Caption: the output files both sides wrote, and those only one side wrote."""
    aikg: set[str] = set()
    naive: set[str] = set()
    for row in rows:
        outputs = row.get("outputs") or {}
        aikg |= {n for n in outputs.get("aikg", {}) if "/" not in n}
        naive |= {n for n in outputs.get("naive", {}) if "/" not in n}
    if not naive:
        return ""
    parts = [f"same outputs: {', '.join(sorted(aikg & naive))}"]
    if aikg - naive:
        parts.append(f"aikg also: {', '.join(sorted(aikg - naive))}")
    if naive - aikg:
        parts.append(f"naive also: {', '.join(sorted(naive - aikg))}")
    return "; ".join(parts)


_PROCESS_COLUMNS = (
    "what",
    "graph",
    "triples",
    "aikg wall",
    "aikg CPU",
    "aikg peak RSS",
    "naive wall",
    "naive peak RSS",
    "naive ÷ aikg",
)


def _process_cells(row: dict[str, Any]) -> list[str]:
    a, n = row["aikg"], row.get("naive")
    bound = "> " if row.get("naive_at_least") else ""  # stopped at a limit: a lower bound
    if n and bound:
        naive_wall, naive_rss = f"{bound}{_fmt(n['wall'])} (stopped)", ""
    elif n:
        naive_wall, naive_rss = _fmt(n["wall"]), _mb(n["peak_rss_mb"])
    else:
        naive_wall, naive_rss = ("skipped" if row["what"] == "build" else ""), ""
    ratio = row.get("naive_over_aikg")
    return [
        row["what"],
        row["graph"],
        f"{row['triples']:,}" if row.get("triples") else "",
        _fmt(a["wall"]),
        _fmt(a["cpu"]),
        _mb(a["peak_rss_mb"]),
        naive_wall,
        naive_rss,
        f"{bound}{ratio}x" if ratio is not None else "",
    ]


def process_table(result: dict[str, Any]) -> Table:
    """Return the whole-process table: aikg and the naive script, end to end."""
    rows: list[dict[str, Any]] = result.get("processes", [])
    table = Table(title=f"aikg bench: whole processes (median of {result['runs']} paired runs)")
    for col in _PROCESS_COLUMNS:
        table.add_column(col, justify="left" if col in {"what", "graph"} else "right")
    for row in rows:
        table.add_row(*_process_cells(row))
    captions = (_same_outputs(rows), yardstick_caption(rows), system_caption(rows))
    caption = "\n".join(c for c in captions if c)
    if caption:
        table.caption = caption
    return table


def yardstick_caption(rows: list[dict[str, Any]]) -> str:
    """Caption: how long the fixed Python loop took before the builds (the machine's speed).

    Examples
    --------
    >>> rows = [{"yardstick": {"samples": [{"wall": 0.2}, {"wall": 0.25}]}},
    ...         {"yardstick": {"samples": [{"wall": 0.3}]}}, {"what": "aikg --help"}]
    >>> text = yardstick_caption(rows)
    >>> text.startswith("machine speed: a fixed Python loop took 250.0 ms before each build")
    True
    >>> text.endswith("(median of 3, 200.0 ms to 300.0 ms)")
    True
    """
    walls = [s["wall"] for row in rows for s in (row.get("yardstick") or {}).get("samples", [])]
    if not walls:
        return ""
    return (
        f"machine speed: a fixed Python loop took {_fmt(statistics.median(walls))} before each "
        f"build (median of {len(walls)}, {_fmt(min(walls))} to {_fmt(max(walls))})"
    )


def system_caption(rows: list[dict[str, Any]]) -> str:
    """Caption: the system part of each build row's CPU (creating files can take seconds).

    The median :func:`graph.bench_process.medians` keeps; runs recorded before the bench
    kept it have none, and no caption.

    Examples
    --------
    >>> rows = [{"what": "build", "graph": "real", "aikg": {"cpu": 3.5, "system": 0.5}},
    ...         {"what": "aikg --help"}]
    >>> system_caption(rows)
    'system CPU of the aikg builds (median, of the CPU column): real 500.0 ms'
    """
    parts = []
    for row in rows:
        median = (row.get("aikg") or {}).get("system")
        if row.get("what") in {"build", "rebuild"} and median is not None:
            label = row["graph"] if row["what"] == "build" else f"{row['graph']} rebuild"
            parts.append(f"{label} {_fmt(median)}")
    if not parts:
        return ""
    return "system CPU of the aikg builds (median, of the CPU column): " + ", ".join(parts)


def process_markdown(result: dict[str, Any]) -> str:
    """Return the whole-process table as Markdown (the README quotes it verbatim).

    Examples
    --------
    >>> row = {"what": "build", "graph": "real", "triples": 10, "naive_over_aikg": 5.0,
    ...        "aikg": {"wall": 2.0, "cpu": 1.5, "peak_rss_mb": 100.0},
    ...        "naive": {"wall": 10.0, "cpu": 9.0, "peak_rss_mb": 150.0}}
    >>> print(process_markdown({"runs": 3, "processes": [row]}).splitlines()[2])
    | build | real | 10 | 2.00 s | 1.50 s | 100 MB | 10.00 s | 150 MB | 5.0x |

    A naive run stopped at its time limit gives lower bounds, never a measured time:

    >>> row |= {"naive_at_least": True, "naive_over_aikg": 300.0,
    ...         "naive": {"wall": 600.0, "cpu": None, "peak_rss_mb": None, "stopped_at": 600.0}}
    >>> print(process_markdown({"runs": 3, "processes": [row]}).splitlines()[2])
    | build | real | 10 | 2.00 s | 1.50 s | 100 MB | > 600.00 s (stopped) |  | > 300.0x |

    The machine's speed follows the table when the run timed it (runs before it did not):

    >>> row["yardstick"] = {"samples": [{"wall": 0.15}]}
    >>> process_markdown({"runs": 3, "processes": [row]}).splitlines()[-1][:54]
    'machine speed: a fixed Python loop took 150.0 ms befor'
    """
    rows: list[dict[str, Any]] = result.get("processes", [])
    right = {c: c not in {"what", "graph"} for c in _PROCESS_COLUMNS}
    lines = [
        "| " + " | ".join(_PROCESS_COLUMNS) + " |",
        "|" + "|".join("---:" if right[c] else "---" for c in _PROCESS_COLUMNS) + "|",
    ]
    lines += ["| " + " | ".join(_process_cells(row)) + " |" for row in rows]
    notes = [c for c in (yardstick_caption(rows), system_caption(rows)) if c]
    if notes:
        lines += ["", *notes]
    return "\n".join(lines) + "\n"


def draw_table(result: dict[str, Any]) -> Table | None:
    """Return the first-draw table of the network pages, when measured."""
    draw = result.get("first_draw") or {}
    if draw.get("skipped"):
        table = Table(title="first draw of the pages: not measured")
        table.add_column("why")
        table.add_row(str(draw["skipped"]))
        return table
    if not draw.get("pages"):
        return None
    table = Table(
        title=f"first draw of the pages in headless Chromium, 1440x900 (median of {draw['runs']})"
    )
    for col in ("page", "nodes", "edges", "size", "first draw"):
        table.add_column(col, justify="left" if col == "page" else "right")
    for name, m in draw["pages"].items():
        table.add_row(
            name,
            f"{m['nodes']:,}",
            f"{m['edges']:,}",
            f"{m['bytes'] / 1e6:.1f} MB",
            _fmt(m["median_ms"] / 1000),
        )
    return table


def bench_table(result: dict[str, Any]) -> list[Table]:
    """Return the whole-process table (when measured), first draws, named queries, breakdown."""
    tables = [process_table(result)] if result.get("processes") else []
    drawn = draw_table(result)
    if drawn is not None:
        tables.append(drawn)
    timed = queries_table(result)
    if timed is not None:
        tables.append(timed)
    if not result.get("graphs"):
        return tables
    summary = Table(title="breakdown: stage workers, one process per path (median of runs)")
    for col in (
        "graph",
        "triples",
        "store",
        "aikg process",
        "peak RSS",
        "naive process",
        "naive ÷ aikg (same stages)",
    ):
        summary.add_column(col, justify="left" if col in {"graph", "store"} else "right")
    stages = Table(title="breakdown: per stage (seconds, median)")
    stages.add_column("stage")
    columns: list[tuple[str, dict[str, float]]] = []
    for g in result["graphs"]:
        triples = f"{g['triples']:,}" if g["triples"] else "curated"
        for store, m in g["aikg"].items():
            naive = g.get("naive")
            summary.add_row(
                g["graph"],
                triples,
                store,
                _fmt(m["process"]),
                f"{m['peak_rss_mb']:.0f} MB",
                _fmt(naive["process"]) if naive else "skipped",
                f"{g['naive_over_aikg']}x" if naive else "",
            )
            columns.append((f"{g['graph']} ({store})", m["stages"]))
    for key in ("exponent_oxigraph", "exponent_memory"):
        if result.get(key) is not None:
            summary.caption = (summary.caption or "") + f" time ~ size^{result[key]} ({key[9:]})"
    for name, _ in columns:
        stages.add_column(name, justify="right")
    names = list(dict.fromkeys(k for _, s in columns for k in s))
    for stage in names:
        stages.add_row(stage, *(_fmt(s.get(stage)) for _, s in columns))
    return [*tables, summary, stages]
