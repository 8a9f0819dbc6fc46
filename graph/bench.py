"""Benchmark the whole pipeline per stage, on the real graph and synthetic ones, against naive code.

Each measurement runs in a fresh Python process (``python -m graph.bench
worker ...``) so the timings include everything a user waits for and the peak
memory (``ru_maxrss``) is that of one run. Every configuration runs ``runs``
times; the table shows medians.

The *aikg path* is what ``aikg build`` and the metrics do: Oxigraph's parser,
an Oxigraph store, SHACL compiled to SPARQL, views built from SPARQL results,
the metrics, the named queries and the exports. The *naive path* is what a user
would write by hand: rdflib's in-memory parser, pySHACL, ``rdflib_to_networkx``
and a pyvis page.

Examples
--------
>>> exponent([10_000, 100_000], [1.0, 10.0])
1.0
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

__all__ = ["exponent", "parse_size", "pipeline", "run_bench", "worker"]

_NAMED_QUERY_RUNS = 20


def parse_size(text: str) -> int:
    """Parse ``10k``, ``1M``, ``250000``.

    Examples
    --------
    >>> [parse_size(s) for s in ("10k", "1M", "2500")]
    [10000, 1000000, 2500]
    """
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    number = text[:-1] if factor > 1 else text
    return int(float(number) * factor)


def exponent(sizes: Sequence[float], seconds: Sequence[float]) -> float | None:
    """Least-squares slope of log(time) against log(size): 1.0 means linear growth."""
    points = [(math.log(s), math.log(t)) for s, t in zip(sizes, seconds, strict=True) if t > 0]
    if len(points) < 2:
        return None
    mx = statistics.fmean(x for x, _ in points)
    my = statistics.fmean(y for _, y in points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    return round(sum((x - mx) * (y - my) for x, y in points) / sxx, 3) if sxx else None


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
    from graph.build import check, load_sources  # noqa: PLC0415
    from graph.claims import read_claims  # noqa: PLC0415
    from graph.export import write_exports  # noqa: PLC0415
    from graph.queries import list_queries, run_query  # noqa: PLC0415
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
    for q in list_queries():
        runs = []
        for _ in range(repeats):
            start = time.perf_counter()
            list(run_query(kg, q))
            runs.append(time.perf_counter() - start)
        stages[f"query p50: {q.name}"] = statistics.median(runs)
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
    parser = argparse.ArgumentParser(prog="python -m graph.bench worker")
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


def _measure(args: list[str], runs: int, timeout: float) -> dict[str, Any]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "graph.bench", "worker", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        wall = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(f"bench worker failed: {done.stderr.strip()[-2000:]}")
        sample = json.loads(done.stdout.strip().splitlines()[-1])
        sample["process"] = wall
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


def run_bench(  # noqa: PLR0917 - mirrors the command's options
    sizes: Sequence[int],
    stores: Sequence[str],
    runs: int,
    real_inputs: Sequence[Path],
    synth_dir: Path,
    naive_max: int,
    seed: int = 1,
    timeout: float = 1800.0,
    naive_runs: int = 1,
) -> dict[str, Any]:
    """Measure the real graph and synthetic graphs of ``sizes`` triples.

    Parameters
    ----------
    sizes : sequence of int
        Synthetic sizes (triples), e.g. 10k, 100k, 1M.
    stores : sequence of {"memory", "oxigraph"}
        Stores to measure the aikg path on.
    runs : int
        Runs per configuration (medians are reported).
    real_inputs : sequence of Path
        The real graph's files (ontology and curated facts; imports added by the caller).
    synth_dir : Path
        Where synthetic files are written (reused when present).
    naive_max : int
        The naive path runs only up to this many triples (pySHACL takes minutes beyond);
        0 skips it, on the real graph too.
    naive_runs : int
        Runs of the naive path (it is slow; one run is usually enough to see the ratio).
    """
    from graph.resources import ontology_file  # noqa: PLC0415
    from graph.synth import write_synthetic  # noqa: PLC0415

    results: dict[str, Any] = {"machine": _machine(), "runs": runs, "graphs": []}
    inputs: list[tuple[str, int | None, list[Path]]] = [("real", None, list(real_inputs))]
    size: int | None
    for size in sizes:
        path = synth_dir / f"synthetic-{size}-{seed}.ttl"
        if not path.is_file():
            write_synthetic(size, seed, synth_dir)
        inputs.append((f"synthetic {size:,}", size, [ontology_file(), path]))
    for label, size, files in inputs:
        entry: dict[str, Any] = {"graph": label, "triples": size, "aikg": {}, "naive": None}
        names = [str(f) for f in files]
        for store in stores:
            entry["aikg"][store] = _measure(
                ["--path", "aikg", "--store", store, *names], runs, timeout
            )
        if naive_max > 0 and (size is None or size <= naive_max):
            entry["naive"] = _measure(["--path", "naive", *names], naive_runs, timeout)
            # compare the same work: parse, load, validate, views and an export page
            best = min(pipeline(v["stages"]) for v in entry["aikg"].values())
            entry["naive_over_aikg"] = round(pipeline(entry["naive"]["stages"]) / best, 2)
        results["graphs"].append(entry)
    synthetic = [g for g in results["graphs"] if g["triples"]]
    for store in stores:
        results[f"exponent_{store}"] = exponent(
            [g["triples"] for g in synthetic], [g["aikg"][store]["process"] for g in synthetic]
        )
    return results


def _machine() -> dict[str, Any]:
    import platform  # noqa: PLC0415

    mem = 0
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        first = meminfo.read_text().splitlines()[0].split()
        mem = int(first[1]) // 1024
    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "memory_mb": mem,
        "system": platform.platform(),
    }


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "worker":
        worker(sys.argv[2:])
    else:
        raise SystemExit(
            "usage: python -m graph.bench worker --path aikg|naive FILES... (see aikg bench)"
        )
