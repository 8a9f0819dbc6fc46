"""SPARQL syntax errors in words, from `aikg query` on both engines (Oxigraph and rdflib)."""

from __future__ import annotations

import pytest
import rdflib
from typer.testing import CliRunner

from graph.cli import app
from graph.queries import QueryError, parse_query_text, run_query
from graph.sparql_errors import explain
from graph.vocab import PREFIXES

runner = CliRunner()

CASES = {
    "unknown prefix": (
        "SELECT ?x WHERE { ?x foo:bar ?y }",
        ['unknown prefix "foo:"', "aikg declares aikg:, id:, schema:"],
    ),
    "update": ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", ["INSERT is an update", "only read"]),
    "delete": ("DELETE WHERE { ?s ?p ?o }", ["DELETE is an update"]),
    "unbalanced brace": ("SELECT ?x WHERE { ?x ?p ?y ", ["opens 1 { but closes 0 }"]),
    "typo": ("SELECT ?x WHERE { ?x ?p ?y } LIMT 3", ["'LIMT' is not a SPARQL keyword", "LIMIT"]),
}


def _check(message: str, text: str, expected: list[str], *, located: bool = True) -> None:
    for part in expected:
        assert part in message, message
    assert "\\u{" not in message  # no parser character classes
    assert "expected CONSTRUCT" not in message
    if located:
        assert "SPARQL syntax error at line 1, column " in message
        assert f"  {text.rstrip()}" in message  # the line, with a caret under it
        assert "^" in message


@pytest.mark.parametrize("case", sorted(CASES))
def test_aikg_query_errors_say_where_and_what_to_do(oxigraph_url: str, case: str) -> None:
    text, expected = CASES[case]
    result = runner.invoke(app, ["query", text, "--store", oxigraph_url])
    assert result.exit_code == 1
    _check(result.output, text, expected)


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_rdflib_engine_explains_the_same_way(memory_graph: rdflib.Graph, case: str) -> None:
    text, expected = CASES[case]
    with pytest.raises(QueryError) as caught:
        run_query(memory_graph, parse_query_text(text, "inline"))
    # rdflib reports an unknown prefix without a position
    _check(str(caught.value), text, expected, located=case != "unknown prefix")


def test_explain_finds_the_line_of_a_multiline_query() -> None:
    text = "PREFIX ex: <http://e/>\nSELECT ?x WHERE {\n  ?x ex:p ?y .\n  FILTER(?y > ) }"
    message = explain(text, "error at 4:18: expected one of ABS, AVG, [_]")
    lines = message.splitlines()
    assert lines[0] == "SPARQL syntax error at line 4, column 18:"
    assert lines[1] == "    FILTER(?y > ) }"
    assert lines[2].index("^") == 2 + 17
    assert lines[3] == "the parser stopped here; it expected ABS, AVG"


def test_declared_and_known_prefixes_are_not_unknown() -> None:
    text = (
        "PREFIX ex: <http://e/>\nSELECT * WHERE { ?x ex:p ?y ; aikg:name 'a:b' ; <http://x/y:z> ?o"
    )
    message = explain(text, "error at 2:60: expected one of }")
    assert "unknown prefix" not in message
    assert "opens 1 { but closes 0 }" in message
    assert all(f"{p}:" in explain("SELECT * { ?x zz:y ?z }", "x") for p in PREFIXES)
