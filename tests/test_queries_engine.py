"""Named queries: headers, safe parameter binding, and the same answers on every engine."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from typer.testing import CliRunner

from graph.cli import app
from graph.location import open_oxigraph
from graph.oxquery import ox_term, oxigraph_of
from graph.oxterms import to_ox
from graph.queries import (
    Param,
    QueryError,
    coerce_lexical,
    coerce_value,
    find_query,
    list_queries,
    run_query,
)
from graph.stats import _rdflib_stats, graph_stats
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
def test_every_query_has_rows_on_the_curated_data(name, oxigraph_url):
    assert list(run_query(open_graph(oxigraph_url), find_query(name))), name


@pytest.mark.parametrize("name", QUERIES)
def test_a_query_that_reads_the_data_only_answers_as_over_every_graph(name, oxigraph_url):
    # `# reads: data` makes Oxigraph read the default graph only; the store also holds the
    # metric results' named graph, and a query that reads it must not say so
    from dataclasses import replace  # noqa: PLC0415

    from graph.oxquery import answer  # noqa: PLC0415

    query = find_query(name)
    with open_oxigraph(Path(oxigraph_url.removeprefix("oxigraph:"))) as store:

        def rows(data_only: bool) -> list[tuple[str, ...]]:
            result = answer(store, replace(query, data_only=data_only))
            return sorted(tuple("" if c is None else c.value for c in row) for row in result.rows)

        everywhere, data = rows(False), rows(True)
    assert everywhere, name
    if query.data_only:
        assert data == everywhere
        # the rdflib path (graph.query) reads the store's default graph alone too
        kg = open_graph(oxigraph_url)
        try:
            through_rdflib = sorted(
                tuple("" if c is None else str(c) for c in row)  # type: ignore[union-attr]
                for row in run_query(kg, query)
            )
        finally:
            kg.close()
        assert through_rdflib == everywhere
    if name in {"poles", "coverage"}:  # they read the metric results: the test can tell
        assert not query.data_only
        assert data != everywhere


def test_a_malformed_reads_line_is_refused():
    from graph.queries import parse_query_text  # noqa: PLC0415

    with pytest.raises(QueryError, match="malformed reads line"):
        parse_query_text("# reads: metrics\nSELECT * WHERE { ?s ?p ?o }", "t")


@pytest.mark.slow  # rdflib's own SPARQL engine (the memory store's) over the whole graph
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


TYPED = [
    ("iri", "https://w3id.org/aikg/id/amazon", ["google", "id:openai", "<https://x.org/a>"]),
    ("string", "x", ["plain", ' "} ; DROP ALL ; {" ', "数据"]),
    ("date", "2026-01-01", ["2025-06-30", " 2024-02-29 ", "20260131"]),
    ("integer", "3", ["7", "007", "-12", "+4", "1_000"]),
    ("decimal", "1.5", ["1.50", "1E+2", "-0.0", "007.5", "1.", "2.000001"]),
    ("boolean", "false", ["true", " false "]),
]


@pytest.mark.parametrize(("kind", "default", "values"), TYPED)
def test_oxigraph_terms_are_the_rdflib_terms_converted(kind, default, values):
    """`aikg query` binds pyoxigraph terms made without rdflib; they equal the rdflib path's."""

    param = Param("p", kind, default, "a parameter")
    assert ox_term(param, param.value) == to_ox(param.default)
    for raw in values:
        assert ox_term(param, coerce_lexical(param, raw)) == to_ox(coerce_value(param, raw)), raw


def test_stats_and_queries_on_oxigraph_start_without_rdflib(oxigraph_url):
    """The light commands read Oxigraph directly: rdflib is never imported."""

    for command in (["stats"], ["query", "deals_by_investor", "-p", "investor=google"]):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "graph", *command, "--store", oxigraph_url],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
        assert "pyoxigraph" in imported
        assert not {m for m in imported if m.split(".")[0] in {"rdflib", "oxrdflib"}}, command


def test_stats_are_the_same_through_oxigraph_and_rdflib(oxigraph_url, memory_graph):

    kg = open_graph(oxigraph_url)
    assert oxigraph_of(kg) is not None
    assert oxigraph_of(memory_graph) is None
    direct = graph_stats(kg).as_dict()
    assert direct == _rdflib_stats(kg).as_dict()
    assert direct["classes"]["Company"] == graph_stats(memory_graph).as_dict()["classes"]["Company"]
    opened = open_oxigraph(Path(oxigraph_url.removeprefix("oxigraph:")))
    try:
        assert graph_stats(opened.store).as_dict() == direct
    finally:
        opened.close()


@pytest.mark.slow  # rdflib's own SPARQL engine over the whole graph, the reference
def test_a_graph_in_rdflibs_memory_is_counted_as_rdflib_counts_it(memory_graph):
    assert oxigraph_of(memory_graph) is None
    assert graph_stats(memory_graph).as_dict() == _rdflib_stats(memory_graph).as_dict()


def test_an_in_memory_copy_keeps_rdflibs_triple_count_and_classes():
    # Oxigraph stores 10.0 and 10.00 (xsd:decimal) as one literal; rdflib keeps two triples
    g = rdflib.Graph()
    aikg = rdflib.Namespace("https://w3id.org/aikg/ontology#")
    a = rdflib.URIRef("https://w3id.org/aikg/id/a")
    g.add((aikg.Company, rdflib.RDF.type, rdflib.OWL.Class))
    g.add((a, rdflib.RDF.type, aikg.Company))
    for text in ("10.0", "10.00"):
        g.add((a, aikg.amount, rdflib.Literal(text, datatype=rdflib.XSD.decimal)))
    stats = graph_stats(g)
    assert stats.triples == 4 == len(g)
    assert stats.classes == {"Company": 1}
    assert stats.as_dict() == _rdflib_stats(g).as_dict()
