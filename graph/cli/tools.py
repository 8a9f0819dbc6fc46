"""``aikg serve``, ``synth`` and ``bench``: the endpoint and the measuring tools."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

# Only light modules load with the command line; each command imports what it runs,
# so `aikg --help` and `aikg query` do not pay for rdflib's SPARQL engine, networkx or pyvis.
from graph.location import (
    StoreError,
)

if TYPE_CHECKING:
    pass
from graph.cli.common import (
    StoreOpt,
    _check_inputs,
    _examples,
    _fail,
    _working,
    app,
    out,
)


@app.command(
    "serve",
    epilog=_examples(
        "aikg serve",
        "aikg serve --port 0 --timeout 10 --quiet",
        "aikg serve --exports exports --port 0",
    ),
)
def serve_cmd(  # noqa: PLR0917 - typer maps each parameter to an option
    host: Annotated[
        str, typer.Option("--host", help="Interface to bind (default loopback).", metavar="HOST")
    ] = ("127.0.0.1"),
    port: Annotated[
        int,
        typer.Option(
            "--port", help="TCP port (0: any free port).", min=0, max=65535, metavar="PORT"
        ),
    ] = 7878,
    store: StoreOpt = None,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Query timeout in seconds.", metavar="SECONDS")
    ] = 30.0,
    limit: Annotated[int, typer.Option("--limit", help="Result row limit.", metavar="N")] = 10_000,
    max_request_bytes: Annotated[
        int, typer.Option("--max-request-bytes", help="Largest request accepted.", metavar="BYTES")
    ] = 1_000_000,
    quiet: Annotated[bool, typer.Option("--quiet", help="Do not log each request.")] = False,
    exports: Annotated[
        Path,
        typer.Option(
            "--exports",
            help="Exports folder whose entity site answers /site/ and /id/<slug> "
            "(content negotiation: HTML, Turtle, JSON-LD, N-Triples).",
            metavar="FOLDER",
        ),
    ] = Path("exports"),
) -> None:
    """Serve the built store as a read-only SPARQL 1.1 endpoint with an offline query UI.

    The entity site of the exports is served at /site/, and each identifier
    https://w3id.org/aikg/id/SLUG answers at /id/SLUG: its page for a browser (303),
    its triples for Accept: text/turtle, application/ld+json or application/n-triples.
    """
    from graph.serve import serve  # noqa: PLC0415

    try:
        serve(
            store,
            host=host,
            port=port,
            timeout_s=timeout,
            max_rows=limit,
            max_request_bytes=max_request_bytes,
            quiet=quiet,
            exports=exports,
        )
    except StoreError as exc:
        raise _fail(str(exc)) from None


@app.command(
    "synth",
    epilog=_examples(
        "aikg synth --triples 100k --out synthetic",
    ),
)
def synth_cmd(
    triples: Annotated[
        str, typer.Option("--triples", help="Size, e.g. 10k, 100k, 1M.", metavar="SIZE")
    ] = "10k",
    seed: Annotated[
        int, typer.Option("--seed", help="Random seed (same seed, same bytes).", metavar="N")
    ] = 1,
    out_dir: Annotated[Path, typer.Option("--out", help="Output folder.", metavar="FOLDER")] = Path(
        "synthetic"
    ),
) -> None:
    """Write a synthetic ecosystem of N triples, shaped like the real one and valid."""
    from graph.bench import parse_size  # noqa: PLC0415
    from graph.synth import write_synthetic  # noqa: PLC0415

    try:
        size = parse_size(triples)
    except ValueError:
        raise _fail(f"--triples expects a size such as 10k or 1M, got {triples!r}") from None
    path = write_synthetic(size, seed, out_dir)
    megabytes = path.stat().st_size / 1e6
    out.print(f"wrote {path} ({megabytes:.1f} MB); build with `aikg build --facts {path}`")


@app.command(
    "bench",
    epilog=_examples(
        "aikg bench --sizes 10k,100k --runs 3",
        "aikg bench --sizes 10k --epoch ../shared/external/epoch-ai --no-draw",
    ),
)
def bench_cmd(  # noqa: PLR0917 - typer maps each parameter to an option
    sizes: Annotated[
        str, typer.Option("--sizes", help="Synthetic sizes, comma-separated.", metavar="SIZES")
    ] = ("10k,100k,1M"),
    stores: Annotated[
        str, typer.Option("--store", help="memory and/or oxigraph.", metavar="KINDS")
    ] = "oxigraph",
    runs: Annotated[
        int, typer.Option("--runs", help="Runs per configuration (median).", metavar="N")
    ] = 3,
    naive_max: Annotated[
        str,
        typer.Option("--naive-max", help="Largest size the naive path runs on.", metavar="SIZE"),
    ] = "100k",
    naive_runs: Annotated[
        int,
        typer.Option(
            "--naive-runs",
            help="Runs of the naive script (pySHACL makes each run minutes long).",
            metavar="N",
        ),
    ] = 1,
    naive_timeout: Annotated[
        float | None,
        typer.Option(
            "--naive-timeout",
            help="Stop a naive build after this many seconds and report the limit as a "
            "lower bound ('> 600 s', '> 40x').",
            metavar="SECONDS",
        ),
    ] = None,
    breakdown: Annotated[
        bool,
        typer.Option(
            "--breakdown/--no-breakdown", help="Also time every stage in worker processes."
        ),
    ] = True,
    draw: Annotated[
        bool,
        typer.Option(
            "--draw/--no-draw",
            help="Time the first draw of the network pages in headless Chromium.",
        ),
    ] = True,
    query_runs: Annotated[
        int,
        typer.Option(
            "--query-runs",
            help="Answers of each named query in one process on the built store (0: skip).",
            metavar="N",
        ),
    ] = 21,
    epoch: Annotated[
        Path | None, typer.Option("--epoch", help="Add Epoch AI data.", metavar="FOLDER")
    ] = None,
    litellm: Annotated[
        Path | None, typer.Option("--litellm", help="Add LiteLLM data.", metavar="FILE")
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table or json.", metavar="FORMAT")
    ] = "table",
    exports: Annotated[
        Path, typer.Option("--exports", help="Where bench.json goes.", metavar="FOLDER")
    ] = Path("exports"),
) -> None:
    """Time whole commands against a naive script (wall, CPU, peak RSS), then every stage."""
    from graph.bench import parse_size, run_bench  # noqa: PLC0415
    from graph.bench_report import bench_table, real_inputs  # noqa: PLC0415

    _check_inputs(epoch, litellm)
    kinds = [s.strip() for s in stores.split(",") if s.strip()]
    if not kinds or set(kinds) - {"memory", "oxigraph"}:
        raise typer.BadParameter("--store takes memory and/or oxigraph")
    try:
        size_list = [parse_size(x) for x in sizes.split(",") if x.strip()]
        cap = parse_size(naive_max)
    except ValueError:
        raise _fail("sizes look like 10k,100k,1M") from None
    inputs = real_inputs(epoch, litellm, exports / ".bench")
    if runs < 1 or naive_runs < 0:
        raise typer.BadParameter("--runs must be at least 1 and --naive-runs 0 or more")
    if naive_timeout is not None and naive_timeout <= 0:
        raise typer.BadParameter("--naive-timeout must be positive (seconds)")
    if query_runs < 0:
        raise typer.BadParameter("--query-runs must be 0 or more")
    with _working():
        result = run_bench(
            size_list,
            kinds,
            runs,
            inputs,
            exports / ".bench",
            cap,
            naive_runs=naive_runs,
            breakdown=breakdown,
            draw=draw,
            epoch=epoch,
            litellm=litellm,
            naive_timeout=naive_timeout,
            query_runs=query_runs,
        )
    result["command"] = shlex.join(["aikg", *sys.argv[1:]])  # what printed these figures
    exports.mkdir(parents=True, exist_ok=True)
    (exports / "bench.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if fmt == "json":
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
        return
    for table in bench_table(result):
        out.print(table)
