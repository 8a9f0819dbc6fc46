"""Named queries answered by pyoxigraph directly, without rdflib's store wrapper.

:func:`graph.queries.run_query` returns rdflib results, converting every term;
on an Oxigraph store, :func:`answer` runs the same query with the same bound
parameters (Oxigraph substitutions, never text pasting) and returns plain rows
of pyoxigraph terms, which is what the command line prints.

Examples
--------
>>> import pyoxigraph as ox
>>> from graph.queries import parse_query_text
>>> store = ox.Store()
>>> a = ox.NamedNode("https://w3id.org/aikg/id/a")
>>> store.add(ox.Quad(a, ox.NamedNode("https://schema.org/name"), ox.Literal("A")))
>>> q = parse_query_text('''# param: who = id:b — a thing
... SELECT ?who ?name WHERE { ?who schema:name ?name }''', "t")
>>> result = answer(store, q, {"who": "a"})
>>> result.variables, [[cell_text(c) for c in row] for row in result.rows]
(['who', 'name'], [['https://w3id.org/aikg/id/a', 'A']])
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import pyoxigraph as ox

from graph.prefixes import PREFIXES
from graph.queries import NamedQuery, Param, QueryError, coerce_lexical
from graph.sparql_errors import explain
from graph.sparql_guard import nesting_refusal

if TYPE_CHECKING:
    import rdflib

__all__ = [
    "Answer",
    "answer",
    "cell_text",
    "ox_term",
    "oxigraph_of",
    "select_values",
    "sparql_json",
]

Cell = ox.NamedNode | ox.BlankNode | ox.Literal | None


@dataclass
class Answer:
    """What a query returned: rows for SELECT, a truth value for ASK, triples otherwise."""

    kind: Literal["SELECT", "ASK", "CONSTRUCT"]
    variables: list[str] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)


def cell_text(cell: Cell) -> str:
    """Return a cell's lexical value (an IRI, a literal's text, a blank node label, or "")."""
    return "" if cell is None else cell.value


def ox_term(param: Param, value: str) -> ox.NamedNode | ox.Literal:
    """Return the pyoxigraph term of ``value``, a lexical form of ``param``'s kind.

    It is the term :func:`graph.oxterms.to_ox` gives for the rdflib term of
    :func:`graph.queries.coerce_value` (tested), built without rdflib.

    Examples
    --------
    >>> ox_term(Param("d", "date", "2026-01-01", "a day"), "2026-04-30")
    <Literal value=2026-04-30 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#date>>
    """
    if param.kind == "iri":
        return ox.NamedNode(value)
    datatype = param.datatype
    return (
        ox.Literal(value)
        if datatype is None
        else ox.Literal(value, datatype=ox.NamedNode(datatype))
    )


def answer(store: ox.Store, query: NamedQuery, params: Mapping[str, str] | None = None) -> Answer:
    """Run ``query`` on an Oxigraph store with its defaults overridden by ``params``.

    The data and the metric results' named graph are queried together, as
    :func:`graph.queries.run_query` does on an Oxigraph-backed graph; a query whose
    header says ``# reads: data`` reads the default graph only (the data), where
    Oxigraph looks up each pattern in one graph instead of all of them.

    Raises
    ------
    QueryError
        For an unknown parameter, a value of the wrong type, or a query the
        engine rejects (updates included: this path only reads).
    """
    refusal = nesting_refusal(query.text)  # Oxigraph's parser overflows its stack otherwise
    if refusal is not None:
        raise QueryError(f"query {query.name!r} refused: {refusal.reason}")
    substitutions = {ox.Variable(p.name): ox_term(p, p.value) for p in query.params}
    for key, raw in (params or {}).items():
        param = query.param(key)
        substitutions[ox.Variable(key)] = ox_term(param, coerce_lexical(param, raw))
    try:
        result = store.query(
            query.text,
            prefixes=PREFIXES,
            substitutions=substitutions,  # type: ignore[arg-type]
            use_default_graph_as_union=not query.data_only,
        )
    except SyntaxError as exc:
        raise QueryError(f"query {query.name}: {explain(query.text, str(exc))}") from None
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"query {query.name} failed: {exc}") from None
    if isinstance(result, ox.QueryBoolean):
        return Answer("ASK", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        columns = range(len(names))  # by position: half the cost of by name on many rows
        rows = [[s[k] for k in columns] for s in result]
        return Answer("SELECT", variables=names, rows=rows)
    return Answer("CONSTRUCT", triples=list(result))


def _json_term(cell: ox.NamedNode | ox.BlankNode | ox.Literal) -> dict[str, str]:
    if isinstance(cell, ox.NamedNode):
        return {"type": "uri", "value": cell.value}
    if isinstance(cell, ox.BlankNode):
        return {"type": "bnode", "value": cell.value}
    out = {"type": "literal", "value": cell.value}
    if cell.language:
        out["xml:lang"] = cell.language
    elif cell.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = cell.datatype.value
    return out


def sparql_json(result: Answer) -> str:
    """Return SPARQL 1.1 Query Results JSON for a SELECT or ASK answer."""
    doc: dict[str, Any]
    if result.kind == "ASK":
        doc = {"head": {}, "boolean": bool(result.boolean)}
    else:
        bindings = [
            {n: _json_term(c) for n, c in zip(result.variables, row, strict=True) if c is not None}
            for row in result.rows
        ]
        doc = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False)


def oxigraph_of(graph: rdflib.Graph | ox.Store) -> ox.Store | None:
    """Return the Oxigraph store whose default graph ``graph`` reads, if it is one.

    Examples
    --------
    >>> from graph.store import graph_of
    >>> inner = ox.Store()
    >>> oxigraph_of(graph_of(inner)) is inner, oxigraph_of(inner) is inner
    (True, True)
    """
    if isinstance(graph, ox.Store):
        return graph
    inner = getattr(graph.store, "_inner", None)
    if not isinstance(inner, ox.Store) or type(graph).__name__ in {"Dataset", "ConjunctiveGraph"}:
        return None
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID  # noqa: PLC0415 - graph is rdflib's

    return inner if graph.identifier == DATASET_DEFAULT_GRAPH_ID else None


def select_values(store: ox.Store, query: str) -> list[list[str | None]]:
    """Run a SELECT on the store's default graph only; return each cell's lexical value.

    That is the graph an rdflib graph of the store (:func:`graph.store.graph_of`)
    reads; unbound cells are ``None``.

    Examples
    --------
    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("x")))
    >>> select_values(store, "SELECT ?s ?o ?none WHERE { ?s ?p ?o }")
    [['urn:a', 'x', None]]
    """
    solutions = store.query(query, prefixes=PREFIXES, default_graph=ox.DefaultGraph())
    assert isinstance(solutions, ox.QuerySolutions)
    width = len(solutions.variables)
    return [[None if s[k] is None else s[k].value for k in range(width)] for s in solutions]
