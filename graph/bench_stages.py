"""The benchmark's breakdown: each stage of a path timed inside a fresh Python process.

``python -m graph.bench_stages worker --path aikg|naive FILES...`` runs one path and
prints its stage timings as JSON; :func:`measure_stages` runs it several times and
takes medians. The stage sum is a breakdown, never the headline (that is the whole
process, :mod:`graph.bench`).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from graph.bench_process import run_process

_NAMED_QUERY_RUNS = 20


def pipeline(stages: dict[str, float]) -> float:
    """Seconds of the stages both paths have: parse, load, validate, views, exports.

    Examples
    --------
    >>> pipeline({"parse": 1.0, "view: binding": 0.5, "metric: poles": 9.0, "export: ttl": 0.5})
    2.0
    """
    common = ("parse", "load", "validate", "read claims", "view", "export")
    return sum(v for k, v in stages.items() if k.startswith(common))


def _timed(stages: dict[str, float], name: str, fn: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    value = fn()
    stages[name] = time.perf_counter() - start
    return value


def _aikg_path(paths: list[Path], store: str, workdir: Path) -> dict[str, float]:
    import pyoxigraph as ox  # noqa: PLC0415 - import cost is part of what is measured

    from graph import metrics  # noqa: PLC0415
    from graph.bench_queries import answer_times  # noqa: PLC0415
    from graph.build import check, load_sources  # noqa: PLC0415
    from graph.claims import read_claims  # noqa: PLC0415
    from graph.export import write_exports  # noqa: PLC0415
    from graph.oxquery import answer  # noqa: PLC0415
    from graph.queries import NamedQuery, run_query  # noqa: PLC0415
    from graph.store import open_graph  # noqa: PLC0415
    from graph.views import availability, binding, money_flow  # noqa: PLC0415

    stages: dict[str, float] = {}
    sources = _timed(stages, "parse", lambda: load_sources(paths))
    if store == "oxigraph":
        folder = workdir / "store"
        ox_store = ox.Store(str(folder))
        _timed(stages, "load", lambda: ox_store.bulk_extend(sources.quads))
        _timed(stages, "validate", lambda: check(sources, "sparql", ox_store))
        ox_store.flush()
        del ox_store
        (workdir / "link").symlink_to(folder)
        kg = open_graph(f"oxigraph:{workdir / 'link'}")
    else:
        kg = _timed(stages, "load", lambda: sources.graph)
        _timed(stages, "validate", lambda: check(sources, "sparql"))
    data = _timed(stages, "read claims", lambda: read_claims(kg))
    _timed(stages, "view: money flow", lambda: money_flow(data))
    _timed(stages, "view: binding", lambda: binding(data))
    _timed(stages, "view: availability", lambda: availability(data))
    for name, metric in metrics.METRICS.items():
        _timed(stages, f"metric: {name}", functools.partial(metric.compute, data, None))
    repeats = _NAMED_QUERY_RUNS if len(kg) < 200_000 else 3  # big graphs: fewer repeats
    inner = getattr(kg.store, "_inner", None)  # Oxigraph answers directly, as `aikg query` does

    def rows_of(q: NamedQuery) -> int:
        if isinstance(inner, ox.Store):
            return len(answer(inner, q).rows)
        return len(list(run_query(kg, q)))

    for name, (_, runs) in answer_times(rows_of, repeats, warm_up=False).items():
        stages[f"query p50: {name}"] = statistics.median(runs)
    _timed(stages, "export: ttl + stats", lambda: write_exports(kg, workdir / "exports", {}))
    return stages


def _naive_path(paths: list[Path], workdir: Path) -> dict[str, float]:
    import pyshacl  # noqa: PLC0415
    import rdflib  # noqa: PLC0415
    from pyvis.network import Network  # noqa: PLC0415
    from rdflib.extras.external_graph_libs import (  # noqa: PLC0415
        rdflib_to_networkx_multidigraph,
    )

    from graph.resources import ontology_file, shapes_file  # noqa: PLC0415

    stages: dict[str, float] = {}
    g = rdflib.Graph()

    def parse() -> None:
        for p in paths:
            g.parse(p, format="turtle")

    _timed(stages, "parse", parse)
    ont = rdflib.Graph().parse(ontology_file())
    shapes = rdflib.Graph().parse(shapes_file())
    _timed(
        stages,
        "validate",
        lambda: pyshacl.validate(g, shacl_graph=shapes, ont_graph=ont, inference="none"),
    )
    nxg = _timed(stages, "views", lambda: rdflib_to_networkx_multidigraph(g))

    def page() -> None:
        net = Network(directed=True, cdn_resources="in_line")
        net.from_nx(nxg.copy())
        net.write_html(str(workdir / "naive.html"))

    cwd = Path.cwd()
    os.chdir(workdir)  # pyvis writes a lib/ folder into the working directory
    try:
        _timed(stages, "export: pyvis", page)
    finally:
        os.chdir(cwd)
    return stages


def worker(argv: Sequence[str] | None = None) -> None:
    """Run one measurement and print it as JSON (used in a subprocess)."""
    parser = argparse.ArgumentParser(prog="python -m graph.bench_stages worker")
    parser.add_argument("--path", choices=("aikg", "naive"), required=True)
    parser.add_argument("--store", choices=("memory", "oxigraph"), default="oxigraph")
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        if args.path == "aikg":
            stages = _aikg_path(args.files, args.store, Path(tmp))
        else:
            stages = _naive_path(args.files, Path(tmp))
    total = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"stages": stages, "total": total, "peak_rss_mb": peak_mb}))


def measure_stages(args: list[str], runs: int, timeout: float) -> dict[str, Any]:
    """Run the worker ``runs`` times with ``args``; return the medians of its stages."""
    samples = []
    for _ in range(runs):
        # started from the small launcher, so the worker's own peak RSS is not the bench's
        done = run_process(
            [sys.executable, "-m", "graph.bench_stages", "worker", *args],
            timeout=timeout,
            keep_stdout=True,
        )
        sample = json.loads(done["stdout"].strip().splitlines()[-1])
        sample["process"] = done["wall"]
        samples.append(sample)
    stages = {
        name: statistics.median(s["stages"][name] for s in samples) for name in samples[0]["stages"]
    }
    return {
        "stages": stages,
        "total": statistics.median(s["total"] for s in samples),
        "process": statistics.median(s["process"] for s in samples),
        "peak_rss_mb": statistics.median(s["peak_rss_mb"] for s in samples),
        "runs": runs,
    }


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "worker":
        worker(sys.argv[2:])
    else:
        raise SystemExit(
            "usage: python -m graph.bench_stages worker --path aikg|naive FILES... (see aikg bench)"
        )
