"""Benchmark aikg end to end against a naive script, with per-stage timings as a breakdown.

**Whole processes** (:func:`measure_processes`): the commands a user types run
in fresh processes, each in a fresh temporary folder, timed from start to exit
(wall clock, CPU of the process and its children, peak RSS from ``wait4``):
``aikg build`` with all its exports against ``python -m graph.bench_naive``
(:mod:`graph.bench_naive`), which writes the same kinds of files, on the same
input files; then ``aikg --help``, ``aikg stats`` and named queries on the store
the last build wrote. Runs are paired (aikg then naive, back to back, each
round), so load on the machine hits both sides alike; the tables show medians
and naive ÷ aikg of the wall-clock medians. Each ``aikg build`` starts with an empty
cache folder (:mod:`graph.diskcache`: randomised networks, layouts, imports), as a first build on
a fresh machine does; the commands that read the store use the cache its build left.

**Breakdown** (:mod:`graph.bench_stages`): each stage timed inside a fresh Python
process (``python -m graph.bench_stages worker ...``). The *aikg path* is what ``aikg build``
and the metrics do: Oxigraph's parser, an Oxigraph store, SHACL compiled to
SPARQL, views built from SPARQL results, the metrics, the named queries and the
exports. The *naive path* is what a user would write by hand: rdflib's
in-memory parser, pySHACL, ``rdflib_to_networkx`` and a pyvis page.

Examples
--------
>>> exponent([10_000, 100_000], [1.0, 10.0])
1.0
"""

from __future__ import annotations

import math
import os
import shutil
import statistics
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from graph.bench_process import (
    ProcessTimeoutError,
    aikg_command,
    medians,
    output_sizes,
    run_process,
    yardstick,
)
from graph.bench_stages import measure_stages, pipeline
from graph.progress import stage


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


def count_triples(paths: Sequence[Path]) -> int:
    """Triples in the files (Turtle or N-Triples), streamed with Oxigraph's parser."""
    import pyoxigraph as ox  # noqa: PLC0415

    total = 0
    for p in paths:
        fmt = ox.RdfFormat.N_TRIPLES if p.suffix == ".nt" else ox.RdfFormat.TURTLE
        with p.open("rb") as fh:
            total += sum(1 for _ in ox.parse(fh, format=fmt, base_iri=p.resolve().as_uri()))
    return total


_READS: list[tuple[str, list[str]]] = [
    ("aikg --help", ["--help"]),
    ("aikg stats", ["stats"]),
    ("aikg query deals_by_investor", ["query", "deals_by_investor", "-p", "investor=google"]),
    ("aikg query family_platforms", ["query", "family_platforms", "-p", "family=claude"]),
    ("aikg query coverage", ["query", "coverage"]),
]
#: Analyses timed on the real graph only (on a synthetic graph of a million triples the
#: randomisations of loop_significance alone would take hours).
_ANALYSES: list[tuple[str, list[str]]] = [
    (
        "aikg metrics --metric loop_significance",
        ["metrics", "--metric", "loop_significance", "--as-of", "2026-06-30", "-f", "json"],
    ),
    # the entity site alone, as `aikg export` writes it from the store (whole process)
    ("aikg export --view site", ["export", "--view", "site", "--out", "bench-exports"]),
]


def _build_row(  # noqa: PLR0917 - one row of the table
    label: str,
    triples: int,
    aikg_extra: list[str],
    naive_files: list[Path],
    runs: int,
    naive_rounds: int,
    timeout: float,
    workdir: Path,
    naive_timeout: float | None = None,
) -> dict[str, Any]:
    """Time ``aikg build`` and the naive script, paired; leave the last store in ``workdir``.

    The naive script runs right after aikg in the first ``naive_rounds`` rounds (pySHACL
    makes it minutes long, so it may run fewer times than aikg). A naive run stopped at
    ``naive_timeout`` seconds ends the naive rounds: the row then holds that limit as a
    lower bound (``naive["stopped_at"]``, ``naive_at_least``), never as a measured time.
    """
    stopped: float | None = None
    naive = [sys.executable, "-m", "graph.bench_naive"]
    aikg_samples: list[dict[str, Any]] = []
    naive_samples: list[dict[str, Any]] = []
    speed: list[dict[str, Any]] = []  # the yardstick before each build
    outputs: dict[str, dict[str, int]] = {}
    # Removed once the row's runs are done, not before the next run: a file system that steps
    # over recently freed inodes when it picks one for a new file (ext4 without a journal, as
    # on the machine of the README's figures) charged the next build up to a millisecond of
    # system time for each of its files when the last run's files had just been deleted.
    done: list[Path] = []
    for r in range(runs):
        run_dir = workdir / f"run-{r}"
        run_dir.mkdir()
        argv = _build_argv(run_dir, aikg_extra)
        stage(f"bench {label}: aikg build, run {r + 1} of {runs}")
        env = _cache_env(run_dir)  # empty: a first build, not a rebuild
        speed.append(yardstick())
        aikg_samples.append(run_process(argv, cwd=run_dir, timeout=timeout, env=env))
        outputs["aikg"] = output_sizes(run_dir / "exports")
        if r < naive_rounds and stopped is None:
            naive_dir = run_dir / "naive"
            argv = [*naive, "--out", str(naive_dir), *(str(f) for f in naive_files)]
            stage(f"bench {label}: the naive script, run {r + 1} of {naive_rounds}")
            try:
                naive_samples.append(
                    run_process(argv, cwd=run_dir, timeout=naive_timeout or timeout)
                )
            except ProcessTimeoutError as exc:
                if naive_timeout is None:
                    raise
                stopped = exc.seconds
            else:
                outputs["naive"] = output_sizes(naive_dir)
            done.append(naive_dir)
        if r:  # keep only the last store (the reading commands use it)
            done.append(workdir / f"run-{r - 1}")
    for folder in done:
        shutil.rmtree(folder, ignore_errors=True)
    shown = [a if a.startswith("--") else Path(a).name for a in aikg_extra]
    row: dict[str, Any] = {
        "what": "build",
        "graph": label,
        "triples": triples,
        "aikg_command": " ".join(
            ["aikg build --store oxigraph:TMP/store --exports TMP/exports", *shown]
        ),
        "naive_command": " ".join(
            ["python -m graph.bench_naive --out TMP/naive", *(f.name for f in naive_files)]
        ),
        "aikg": medians(aikg_samples),
        "naive": medians(naive_samples) if naive_samples else None,
        "naive_over_aikg": None,
        "outputs": outputs,
        "yardstick": medians(speed),
    }
    if stopped is not None and not naive_samples:
        # not a measurement: the script was stopped, so it takes at least this long
        row["naive"] = {"wall": stopped, "cpu": None, "peak_rss_mb": None, "samples": 0}
        row["naive"]["stopped_at"] = stopped
        row["naive_at_least"] = True
    if row["naive"]:
        row["naive_over_aikg"] = round(row["naive"]["wall"] / row["aikg"]["wall"], 2)
    return row


def _build_argv(run_dir: Path, extra: Sequence[str]) -> list[str]:
    store = f"oxigraph:{run_dir / 'store'}"
    return [
        *aikg_command(),
        "build",
        "--store",
        store,
        "--exports",
        str(run_dir / "exports"),
        *extra,
    ]


def _rebuild_row(  # noqa: PLR0917 - one row of the table
    label: str, triples: int, extra: Sequence[str], run_dir: Path, runs: int, timeout: float
) -> dict[str, Any]:
    """Time ``aikg build`` again on the same inputs, store, exports and cache (a rebuild).

    What a user meets when building again after a first build: the randomisations read
    from the cache that build left, unchanged export files linked instead of written.
    """
    samples = []
    for r in range(runs):
        stage(f"bench {label}: aikg build again, run {r + 1} of {runs}")
        argv = _build_argv(run_dir, extra)
        samples.append(run_process(argv, cwd=run_dir, timeout=timeout, env=_cache_env(run_dir)))
    return {
        "what": "rebuild",
        "graph": label,
        "triples": triples,
        "aikg_command": "aikg build, again: the same store, exports folder and cache",
        "aikg": medians(samples),
        "naive": None,
        "naive_over_aikg": None,
    }


def _cache_env(run_dir: Path) -> dict[str, str]:
    """Return the environment of an aikg process of one run: its own cache folder."""
    env = {k: v for k, v in os.environ.items() if k != "AIKG_CACHE"}
    return {**env, "AIKG_CACHE_DIR": str(run_dir / "cache")}


def _read_rows(  # noqa: PLR0917 - one group of rows of the table
    label: str,
    triples: int,
    store: Path,
    runs: int,
    timeout: float,
    commands: Sequence[tuple[str, list[str]]] = _READS,
) -> list[dict[str, Any]]:
    """Time start-up and reading commands on a built store (aikg only)."""
    aikg = aikg_command()
    samples: dict[str, list[dict[str, Any]]] = {what: [] for what, _ in commands}
    for r in range(runs):
        stage(f"bench {label}: start-up and reading commands, round {r + 1} of {runs}")
        for what, args in commands:
            argv = [*aikg, *args]
            if args != ["--help"]:
                argv += ["--store", f"oxigraph:{store}"]
            env = _cache_env(store.parent)  # what the build left
            samples[what].append(run_process(argv, cwd=store.parent, timeout=timeout, env=env))
    return [
        {
            "what": what,
            "graph": label,
            "triples": triples,
            "aikg_command": " ".join(["aikg", *args]),
            "aikg": medians(samples[what]),
            "naive": None,
            "naive_over_aikg": None,
        }
        for what, args in commands
    ]


def measure_processes(  # noqa: PLR0917 - mirrors run_bench
    real_inputs: Sequence[Path],
    synthetic: Sequence[tuple[int, Path]],
    runs: int,
    naive_max: int,
    epoch: Path | None = None,
    litellm: Path | None = None,
    timeout: float = 1800.0,
    naive_runs: int | None = None,
    draw_runs: int = 0,
    naive_timeout: float | None = None,
    query_runs: int = 0,
) -> list[dict[str, Any]]:
    """Time ``aikg build`` against the naive script end to end, then aikg's reading commands.

    Parameters
    ----------
    real_inputs : sequence of Path
        The curated graph's files as the naive script reads them (with the
        imports as N-Triples when ``epoch`` or ``litellm`` is given).
    synthetic : sequence of (int, Path)
        Synthetic sizes and their Turtle files; each is measured on top of the
        curated data, as ``aikg build --facts FILE`` loads it.
    runs : int
        Paired rounds per graph (aikg, then naive); medians are reported.
    naive_max : int
        The naive script runs only up to this many synthetic triples; 0 skips it everywhere.
    epoch, litellm : Path, optional
        Passed to ``aikg build`` for the curated graph.
    timeout : float
        Seconds per process.
    naive_runs : int, optional
        Rounds that include the naive script (default: every round).
    draw_runs : int
        Openings of each network page of the curated build in headless Chromium
        (:func:`graph.bench_draw.first_draw`; 0: not measured).
    naive_timeout : float, optional
        Seconds after which a naive run is stopped; the row then shows that limit as a
        lower bound of the naive time and of the ratio (default: ``timeout``, an error).
    query_runs : int
        Answers of each named query in this process on the real build's store
        (:func:`graph.bench_queries.time_queries`; 0: not measured).

    Returns
    -------
    list of dict
        One row per (command, graph): ``what``, ``graph``, ``triples``, ``aikg``
        and ``naive`` medians (``wall``, ``cpu``, ``peak_rss_mb``, ``samples``),
        ``naive_over_aikg`` (wall-clock medians) and, for builds, ``outputs``
        (file names and sizes each side wrote in its last run).
    """
    from graph.build import default_paths  # noqa: PLC0415

    curated = [p.resolve() for p in real_inputs]
    extra: list[str] = []
    if epoch is not None:
        extra += ["--epoch", str(epoch.resolve())]
    if litellm is not None:
        extra += ["--litellm", str(litellm.resolve())]
    rounds = runs if naive_runs is None else max(0, min(naive_runs, runs))
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="aikg-bench-") as tmp:
        work = Path(tmp) / "real"
        work.mkdir()
        triples = count_triples(curated)
        rows.append(
            _build_row(
                "real",
                triples,
                extra,
                curated,
                runs,
                rounds if naive_max > 0 else 0,
                timeout,
                work,
                naive_timeout,
            )
        )
        if draw_runs:
            from graph.bench_draw import first_draw  # noqa: PLC0415

            rows[-1]["first_draw"] = first_draw(work / f"run-{runs - 1}" / "exports", draw_runs)
        rows += _read_rows(
            "real",
            triples,
            work / f"run-{runs - 1}" / "store",
            runs,
            timeout,
            [*_READS, *_ANALYSES],
        )
        if query_runs:
            from graph.bench_queries import time_queries  # noqa: PLC0415

            stage(f"bench real: every named query, {query_runs} answers each")
            rows[0]["named_queries"] = time_queries(work / f"run-{runs - 1}" / "store", query_runs)
        rows.append(_rebuild_row("real", triples, extra, work / f"run-{runs - 1}", runs, timeout))
        shutil.rmtree(work)
        base = [p.resolve() for p in default_paths()]
        for size, path in synthetic:
            work = Path(tmp) / f"synthetic-{size}"
            work.mkdir()
            files = [*base, path.resolve()]
            naive_rounds = rounds if naive_max > 0 and size <= naive_max else 0
            rows.append(
                _build_row(
                    f"synthetic {size:,}",
                    count_triples(files),
                    ["--facts", str(path.resolve())],
                    files,
                    runs,
                    naive_rounds,
                    timeout,
                    work,
                    naive_timeout,
                )
            )
            shutil.rmtree(work)
    return rows


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
    *,
    processes: bool = True,
    breakdown: bool = True,
    draw: bool = False,
    epoch: Path | None = None,
    litellm: Path | None = None,
    naive_timeout: float | None = None,
    query_runs: int = 0,
) -> dict[str, Any]:
    """Measure the real graph and synthetic graphs of ``sizes`` triples.

    Parameters
    ----------
    sizes : sequence of int
        Synthetic sizes (triples), e.g. 10k, 100k, 1M.
    stores : sequence of {"memory", "oxigraph"}
        Stores to measure the aikg path on (breakdown only; whole builds use Oxigraph).
    runs : int
        Runs per configuration (medians are reported); paired rounds of whole processes.
    real_inputs : sequence of Path
        The real graph's files (ontology and curated facts; imports added by the caller).
    synth_dir : Path
        Where synthetic files are written (reused when present).
    naive_max : int
        The naive path runs only up to this many triples (pySHACL takes minutes beyond);
        0 skips it, on the real graph too.
    naive_runs : int
        Runs of the naive script, in the breakdown and in the first paired rounds of
        whole processes (pySHACL makes each run minutes long).
    processes : bool
        Time whole processes (``aikg build`` against ``python -m graph.bench_naive``,
        then aikg's reading commands) into ``result["processes"]``.
    breakdown : bool
        Time every stage in worker processes into ``result["graphs"]``.
    draw : bool
        Time the first draw of the real build's network pages in headless Chromium
        into ``result["first_draw"]`` (with ``processes``).
    epoch, litellm : Path, optional
        The imports ``real_inputs`` holds, passed to ``aikg build`` for the real graph.
    naive_timeout : float, optional
        Stop a whole-process naive run after this many seconds and show the limit as a
        lower bound (see :func:`measure_processes`).
    query_runs : int
        Time every named query this many times in one process on the real build's
        store into ``result["named_queries"]`` (with ``processes``; 0: not measured).
    """
    from graph.resources import ontology_file  # noqa: PLC0415
    from graph.synth import write_synthetic  # noqa: PLC0415

    results: dict[str, Any] = {"machine": _machine(), "runs": runs, "graphs": []}
    synthetic: list[tuple[int, Path]] = []
    for size in sizes:
        path = synth_dir / f"synthetic-{size}-{seed}.ttl"
        if not path.is_file():
            write_synthetic(size, seed, synth_dir)
        synthetic.append((size, path))
    if processes:
        results["processes"] = measure_processes(
            real_inputs,
            synthetic,
            runs,
            naive_max,
            epoch,
            litellm,
            timeout,
            naive_runs,
            draw_runs=runs if draw else 0,
            naive_timeout=naive_timeout,
            query_runs=query_runs,
        )
        if draw:
            results["first_draw"] = results["processes"][0].pop("first_draw")
        if query_runs:
            results["named_queries"] = results["processes"][0].pop("named_queries")
    if not breakdown:
        return results
    inputs: list[tuple[str, int | None, list[Path]]] = [("real", None, list(real_inputs))]
    inputs += [(f"synthetic {size:,}", size, [ontology_file(), path]) for size, path in synthetic]
    for label, triples, files in inputs:
        entry: dict[str, Any] = {"graph": label, "triples": triples, "aikg": {}, "naive": None}
        names = [str(f) for f in files]
        for store in stores:
            entry["aikg"][store] = measure_stages(
                ["--path", "aikg", "--store", store, *names], runs, timeout
            )
        if naive_runs > 0 and naive_max > 0 and (triples is None or triples <= naive_max):
            entry["naive"] = measure_stages(["--path", "naive", *names], naive_runs, timeout)
            # compare the same work: parse, load, validate, views and an export page
            best = min(pipeline(v["stages"]) for v in entry["aikg"].values())
            entry["naive_over_aikg"] = round(pipeline(entry["naive"]["stages"]) / best, 2)
        results["graphs"].append(entry)
    measured = [g for g in results["graphs"] if g["triples"]]
    for store in stores:
        results[f"exponent_{store}"] = exponent(
            [g["triples"] for g in measured], [g["aikg"][store]["process"] for g in measured]
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
