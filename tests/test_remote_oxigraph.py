"""A standalone `oxigraph serve` (read-write, loopback, free port) used as a remote store.

Build into it, then every named query, every metric, the stats and the export read
through the SPARQL protocol must equal the embedded store's. A failed load leaves the
old graph; a rebuild replaces it rather than adding to it.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from urllib.request import urlopen

import pytest
import rdflib
from typer.testing import CliRunner

import graph.remote
from graph import metrics as m
from graph.build import build, default_paths, load_sources
from graph.cli import app
from graph.metrics.materialise import metric_quads
from graph.queries import NamedQuery, list_queries, run_query
from graph.remote import RemoteGraph, RemoteLoadError, load_remote, sparql_select
from graph.serve import free_port
from graph.stats import graph_stats
from graph.store import DEFAULT_REMOTE_GRAPH, open_graph, parse_store_url

from .rdf_compare import same_graph

pytestmark = pytest.mark.slow  # real processes, servers, browsers or large data

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tests" / "data" / "readme_example.ttl"
XSD = rdflib.XSD
_NUMERIC = {XSD.decimal, XSD.integer, XSD.double, XSD.float}
runner = CliRunner()


def _canonical(g: rdflib.Graph) -> rdflib.Graph:
    """Numbers by value (servers store 10.0 as 10, 0.20 as 0.2): one lexical form each."""
    out = rdflib.Graph()
    for s, p, o in g:
        if isinstance(o, rdflib.Literal) and o.datatype in _NUMERIC:
            value = format(Decimal(str(o)).normalize(), "f")
            out.add((s, p, rdflib.Literal(value, datatype=XSD.decimal)))
        else:
            out.add((s, p, o))
    return out


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`oxigraph serve` on a free loopback port; yields its store URL."""
    binary = Path(sys.executable).parent / "oxigraph"
    if not binary.exists():
        pytest.skip("the `oxigraph` server is not installed (pip install oxigraph)")
    port = free_port()
    proc = subprocess.Popen(
        [str(binary), "serve", "--location", str(tmp_path_factory.mktemp("oxiserver")),
         "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(200):  # up to ~20 s
            try:
                with urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("oxigraph serve did not start within 20 s")
        yield f"sparql+http://127.0.0.1:{port}/query?update=/update"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def remote_url(oxigraph_server: str) -> str:
    """The curated graph built into the server (the load time is printed)."""
    load = load_remote(parse_store_url(oxigraph_server), load_sources(default_paths()).quads)
    result = build(oxigraph_server, derive=metric_quads)  # last: the built graph stays
    print(
        f"\noxigraph serve: build {result.seconds:.2f} s; load of {load.triples} triples "
        f"{load.seconds:.2f} s in {load.requests} requests"
    )
    return oxigraph_server


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_every_named_query_gives_the_embedded_answer(
    remote_url: str,
    oxigraph_url: str,
    query: NamedQuery,
    comparable_rows: Callable[..., list[tuple[str, ...]]],
) -> None:
    embedded = comparable_rows(run_query(open_graph(oxigraph_url), query))
    remote = comparable_rows(run_query(open_graph(remote_url), query))
    assert remote == embedded
    assert remote, f"{query.name} returns no row on the curated data"


def test_parameters_are_bound_inside_where(
    remote_url: str, oxigraph_url: str, comparable_rows: Callable[..., list[tuple[str, ...]]]
) -> None:
    # FILTER and HAVING use the parameters: a trailing VALUES block would give no rows.
    for name, params in [
        ("snapshot_as_of", {"as_of": "2024-06-30"}),
        ("families_on_major_clouds", {"min_clouds": "2"}),
        ("deals_by_investor", {"investor": "google"}),
    ]:
        query = next(q for q in list_queries() if q.name == name)
        embedded = comparable_rows(run_query(open_graph(oxigraph_url), query, params))
        assert comparable_rows(run_query(open_graph(remote_url), query, params)) == embedded
        assert embedded


def test_metrics_and_stats_match(remote_url: str, memory_graph: rdflib.Graph) -> None:
    def doc(kg: rdflib.Graph) -> str:
        results = m.run_all(kg, "2026-04-30")
        return json.dumps(
            {k: [r.to_dict() for r in v] for k, v in results.items()}, sort_keys=True, default=str
        )

    remote = open_graph(remote_url)
    assert doc(remote) == doc(memory_graph)
    assert graph_stats(remote).as_dict() == graph_stats(memory_graph).as_dict()


def test_export_is_the_same_graph(remote_url: str, memory_graph: rdflib.Graph) -> None:
    remote = open_graph(remote_url)
    assert isinstance(remote, RemoteGraph)
    text = remote.serialize(format="turtle")
    snapshot = rdflib.Graph().parse(data=text, format="turtle")
    assert len(snapshot) == len(memory_graph)
    assert same_graph(_canonical(snapshot), _canonical(memory_graph))
    # Oxigraph keeps every datatype; it only writes decimals canonically (0.20 -> 0.2).
    kinds = {(o.datatype, o.language) for o in snapshot.objects() if isinstance(o, rdflib.Literal)}
    want = {
        (o.datatype, o.language) for o in memory_graph.objects() if isinstance(o, rdflib.Literal)
    }
    assert kinds == want


def test_cli_build_query_metrics_export(oxigraph_server: str, tmp_path: Path) -> None:
    url = oxigraph_server
    done = runner.invoke(app, ["build", "--store", url, "--exports", str(tmp_path)])
    assert done.exit_code == 0, done.output
    assert (tmp_path / "ecosystem.ttl").stat().st_size > 100_000
    done = runner.invoke(app, ["query", "investment_by_year", "--store", url, "--format", "csv"])
    assert done.exit_code == 0, done.output
    assert "25000000000" in done.output.replace(",", "").replace(".0", "")
    done = runner.invoke(app, ["metrics", "--store", url, "--metric", "poles", "--format", "json"])
    assert done.exit_code == 0, done.output
    assert "anthropic" in done.output


def test_load_is_batched_staged_and_swapped(
    oxigraph_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    loc = parse_store_url(oxigraph_server)
    sent: list[str] = []
    real = graph.remote.sparql_update

    def counting(endpoint: str, update: str, **kw: float) -> None:
        sent.append(update)
        real(endpoint, update, **kw)

    monkeypatch.setattr(graph.remote, "sparql_update", counting)
    sources = load_sources(default_paths())
    expected = len(sources.graph)  # the sources as parsed, without what the build derives
    report = load_remote(loc, sources.quads, batch_triples=1000)
    assert report.triples == expected
    inserts = [u for u in sent if u.startswith("INSERT")]
    assert len(inserts) <= math.ceil(expected / 1000) + 2  # never one per triple
    assert all("staging" in u for u in inserts)  # the live graph is never written piecemeal
    assert sent[-1].startswith("MOVE SILENT GRAPH")  # one atomic swap
    assert _graphs(loc.query_endpoint) == {DEFAULT_REMOTE_GRAPH: expected}
    monkeypatch.undo()
    build(oxigraph_server, derive=metric_quads)  # leave the built graph for the next tests


def test_failed_load_leaves_the_old_graph(
    oxigraph_server: str, memory_graph: rdflib.Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(oxigraph_server, derive=metric_quads)
    loc = parse_store_url(oxigraph_server)
    real = graph.remote.insert_data
    calls = []

    def broken(triples: list[object], graph_iri: str | None) -> str:
        calls.append(1)
        text = real(triples, graph_iri)  # type: ignore[arg-type]
        return text if len(calls) < 3 else text.replace("INSERT", "INSERT OOPS", 1)

    monkeypatch.setattr(graph.remote, "insert_data", broken)
    with pytest.raises(RemoteLoadError, match=r"(?s)batch 3/\d+.*was not changed"):
        build(oxigraph_server, extra_paths=[EXAMPLE])
    assert _graphs(loc.query_endpoint) == {DEFAULT_REMOTE_GRAPH: len(memory_graph)}
    assert len(open_graph(oxigraph_server)) == len(memory_graph)


def test_rebuild_replaces_rather_than_adds(
    oxigraph_server: str, memory_graph: rdflib.Graph
) -> None:
    bigger = build(oxigraph_server, extra_paths=[EXAMPLE], derive=metric_quads).triples
    assert bigger > len(memory_graph)
    assert len(open_graph(oxigraph_server)) == bigger
    build(oxigraph_server, derive=metric_quads)
    assert len(open_graph(oxigraph_server)) == len(memory_graph)


def test_graph_parameter_selects_the_named_or_default_graph(
    oxigraph_server: str, memory_graph: rdflib.Graph
) -> None:
    other = oxigraph_server + "&graph=urn:aikg:test:other"
    build(other, extra_paths=[EXAMPLE], derive=metric_quads)
    assert len(open_graph(other)) > len(memory_graph)
    default = oxigraph_server + "&graph=default"
    build(default, derive=metric_quads)
    assert len(open_graph(default)) == len(memory_graph)
    build(oxigraph_server, derive=metric_quads)
    assert len(open_graph(oxigraph_server)) == len(memory_graph)  # each graph on its own
    loc = parse_store_url(oxigraph_server)
    sparql_update = graph.remote.sparql_update
    assert loc.update_endpoint is not None
    sparql_update(loc.update_endpoint, "DROP SILENT GRAPH <urn:aikg:test:other> ; CLEAR DEFAULT")


def _graphs(endpoint: str | None) -> dict[str, int]:
    assert endpoint is not None
    rows = sparql_select(
        endpoint, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    )
    return {r["g"]: int(r["n"]) for r in rows}
