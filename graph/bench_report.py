"""Inputs and tables for ``aikg bench`` (the measuring itself is :mod:`graph.bench`).

Examples
--------
>>> result = {"graphs": [{"graph": "real", "triples": None, "naive": None,
...            "aikg": {"oxigraph": {"process": 2.0, "total": 1.5, "peak_rss_mb": 100.0,
...                                  "stages": {"parse": 0.1}}}}]}
>>> [t.title for t in bench_table(result)]
['aikg bench: whole process, median of runs', 'per stage (seconds, median)']
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.table import Table

from graph.build import add_imports, default_paths, load_sources

__all__ = ["bench_table", "real_inputs"]


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


def bench_table(result: dict[str, Any]) -> list[Table]:
    """Return the summary table and the per-stage table."""
    summary = Table(title="aikg bench: whole process, median of runs")
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
    stages = Table(title="per stage (seconds, median)")
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
    return [summary, stages]
