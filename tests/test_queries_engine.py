"""Named queries: headers, safe parameter binding, and the same answers on every engine."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from typer.testing import CliRunner

from graph.cli import app
from graph.queries import QueryError, coerce_value, find_query, list_queries, run_query
from graph.store import open_graph

ROOT = Path(__file__).resolve().parent.parent
QUERIES = sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
runner = CliRunner()


def test_every_query_has_a_complete_header():
    queries = list_queries()
    assert [q.name for q in queries] == QUERIES
    for q in queries:
        assert q.title, q.name
        assert q.description, q.name
        for p in q.params:
            assert p.description
            assert p.default is not None


@pytest.mark.parametrize("name", QUERIES)
def test_query_gives_the_same_rows_in_memory_and_oxigraph(
    name, memory_graph, oxigraph_url, comparable_rows
):
    query = find_query(name)
    in_memory = comparable_rows(run_query(memory_graph, query))
    in_oxigraph = comparable_rows(run_query(open_graph(oxigraph_url), query))
    assert in_memory == in_oxigraph
    assert in_memory, f"{name} returns no row on the curated data"


@pytest.mark.parametrize("name", QUERIES)
def test_cli_runs_every_query_in_every_format(name, oxigraph_url):
    for fmt in ("table", "csv", "json"):
        result = runner.invoke(app, ["query", name, "--store", oxigraph_url, "--format", fmt])
        assert result.exit_code == 0, result.output


HOSTILE = [
    '"} ; DROP ALL ; {"',
    "amazon> } ; DELETE WHERE { ?s ?p ?o } #",
    "id:amazon } UNION { ?s ?p ?o",
    "<https://w3id.org/aikg/id/amazon> . ?x ?y ?z",
    "https://x/ y",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_iri_values_are_refused(value):
    query = find_query("deals_by_investor")
    with pytest.raises(QueryError, match="expects an IRI"):
        coerce_value(query.param("investor"), value)


def test_hostile_string_value_is_a_literal_and_cannot_change_the_query(memory_graph):
    query = find_query("claim_provenance")
    value = '"} ; DROP ALL ; { ?s ?p ?o } "'
    bound = coerce_value(query.param("reference"), value)
    assert bound == rdflib.Literal(value)
    before = len(memory_graph)
    result = run_query(memory_graph, query, {"reference": value})
    assert list(result) == []
    assert len(memory_graph) == before


def test_unknown_parameter_and_bad_date_are_user_errors(oxigraph_url):
    result = runner.invoke(
        app, ["query", "snapshot_as_of", "--store", oxigraph_url, "-p", "when=2020-01-01"]
    )
    assert result.exit_code == 1
    assert "has no parameter 'when'" in result.output
    result = runner.invoke(
        app, ["query", "snapshot_as_of", "--store", oxigraph_url, "-p", "as_of=yesterday"]
    )
    assert result.exit_code == 1
    assert "expects a date YYYY-MM-DD" in result.output


def test_parameter_must_be_projected():
    with pytest.raises(QueryError, match="must appear in the outer SELECT"):
        find_query("# title: t\n# param: x = id:a — thing\nSELECT ?y WHERE { ?x ?p ?y }")


def test_inline_sparql_and_file(tmp_path, oxigraph_url):
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?s a aikg:ModelFamily }"
    result = runner.invoke(app, ["query", text, "--store", oxigraph_url, "--format", "csv"])
    assert result.exit_code == 0
    n = int(result.output.splitlines()[1])
    path = tmp_path / "families.rq"
    path.write_text(text)
    again = runner.invoke(app, ["query", str(path), "--store", oxigraph_url, "--format", "csv"])
    assert int(again.output.splitlines()[1]) == n > 0


def test_update_through_query_is_refused(oxigraph_url):
    result = runner.invoke(app, ["query", "DELETE WHERE { ?s ?p ?o }", "--store", oxigraph_url])
    assert result.exit_code == 1
    check = runner.invoke(
        app,
        [
            "query",
            "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
            "--store",
            oxigraph_url,
            "-f",
            "csv",
        ],
    )
    assert int(check.output.splitlines()[1]) > 1000
