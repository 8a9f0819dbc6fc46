"""What only Oxigraph's server is used to show about remote stores.

Parameters are bound inside WHERE (FILTER and HAVING see them), the command line
builds, queries and exports through it, a load is batched, staged and swapped in one
request, and the ``graph`` parameter picks the named or default graph. The checks
every remote backend must pass are in ``test_remote_stores.py``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import rdflib
from typer.testing import CliRunner

import graph.remote
from graph.build import build, default_paths, load_sources
from graph.cli import app
from graph.metrics.materialise import metric_quads
from graph.queries import list_queries, run_query
from graph.remote import load_remote
from graph.store import DEFAULT_REMOTE_GRAPH, open_graph, parse_store_url

from .remote_servers import graphs
from .remote_servers import oxigraph_server as start_oxigraph

pytestmark = pytest.mark.slow  # real processes, servers, browsers or large data

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tests" / "data" / "readme_example.ttl"
XSD = rdflib.XSD
_NUMERIC = {XSD.decimal, XSD.integer, XSD.double, XSD.float}
runner = CliRunner()


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`oxigraph serve` on a free loopback port; yields its store URL."""
    with start_oxigraph(tmp_path_factory.mktemp("oxiserver")) as url:
        yield url


@pytest.fixture(scope="module")
def remote_url(oxigraph_server: str) -> str:
    """The curated graph built into the server (the build time is printed)."""
    result = build(oxigraph_server, derive=metric_quads)
    print(f"\noxigraph serve: build of {result.triples} triples {result.seconds:.2f} s")
    return oxigraph_server


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


def test_a_long_query_reaches_the_server(remote_url: str) -> None:
    # sent in a GET's URL, a query this long passes the 8 KB `oxigraph serve` allows for the
    # request's headers (HTTP 400); the remote store posts it as a form instead
    padding = "\n".join(f"# line {i}: {'a comment, to make it long. ' * 4}" for i in range(100))
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s a aikg:Company }}\n{padding}"
    assert len(query) > 10_000
    [(count,)] = list(open_graph(remote_url).query(query))
    assert int(count) > 50


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
    assert graphs(loc.query_endpoint) == {DEFAULT_REMOTE_GRAPH: expected}
    monkeypatch.undo()
    build(oxigraph_server, derive=metric_quads)  # leave the built graph for the next tests


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
