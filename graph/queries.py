"""Named SPARQL queries: find them, read their headers, run them with bound parameters.

A named query is a file ``queries/NAME.rq`` that starts with a header::

    # title: Deals by investor
    # description: Every deal a given investor made, with amounts and dates.
    # param: investor = id:amazon — the investing organisation

Each ``param`` names a SPARQL variable (``?investor``) and gives its default,
so every query also runs bare. Values are bound as RDF terms through the
engine's own binding mechanism (rdflib ``initBindings`` / Oxigraph
substitutions / a ``VALUES`` block for remote stores), never pasted into the
query text, so a value cannot change the query's shape.

Reading and checking a query needs no RDF library: a parameter keeps its kind
and lexical form, and becomes an rdflib term (:attr:`Param.default`,
:func:`coerce_value`) or a pyoxigraph term (:func:`graph.oxquery.answer`) only
where it is bound, so ``aikg query`` on an Oxigraph store never imports rdflib.

Examples
--------
>>> q = parse_query_text('''# title: T
... # param: who = id:amazon — the company
... SELECT ?who WHERE { ?who a ?type }''', name="t")
>>> q.params[0].name, q.params[0].kind, q.params[0].value
('who', 'iri', 'https://w3id.org/aikg/id/amazon')
>>> q.params[0].default
rdflib.term.URIRef('https://w3id.org/aikg/id/amazon')
>>> coerce_value(q.params[0], "google")
rdflib.term.URIRef('https://w3id.org/aikg/id/google')
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

from graph.prefixes import PREFIXES
from graph.resources import queries_dir
from graph.sparql_errors import explain
from graph.sparql_guard import nesting_refusal

if TYPE_CHECKING:
    import rdflib
    from rdflib.query import Result
    from rdflib.term import Identifier

__all__ = [
    "KINDS",
    "NamedQuery",
    "Param",
    "QueryError",
    "coerce_lexical",
    "coerce_value",
    "find_query",
    "list_queries",
    "parse_query_text",
    "run_query",
]

_HEADER = re.compile(r"^#\s*(title|description|param|reads)\s*:\s*(.*)$")
_PARAM = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+?)\s+(?:—|--|-)\s+(.+)$")
_PROJECTION = re.compile(r"\bSELECT\b(.*?)\bWHERE\b", re.IGNORECASE | re.DOTALL)
_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_IRI_FORBIDDEN = re.compile(r"[\s\x00-\x1f\x7f<>\"{}|\\^`]")
#: The kinds of parameter: an IRI, a plain string, or a literal of an XSD datatype.
KINDS = ("iri", "string", "date", "integer", "decimal", "boolean")


class QueryError(Exception):
    """A query that cannot be found, parsed, bound or run."""


@dataclass(frozen=True)
class Param:
    """A query parameter: the variable it binds, its default and its meaning.

    Attributes
    ----------
    name : str
        The SPARQL variable, without ``?``.
    kind : str
        One of :data:`KINDS`: ``iri``, ``string``, or the XSD datatype of a literal.
    value : str
        The default's lexical form (an IRI in full, a literal in canonical form).
    description : str
        What the parameter means.
    """

    name: str
    kind: str
    value: str
    description: str

    @property
    def default(self) -> Identifier:
        """The default as an rdflib term."""
        return rdflib_term(self.kind, self.value)

    @property
    def datatype(self) -> str | None:
        """The XSD datatype IRI of a typed literal parameter, else ``None``."""
        return None if self.kind in {"iri", "string"} else PREFIXES["xsd"] + self.kind


@dataclass(frozen=True)
class NamedQuery:
    """A SPARQL query with its header."""

    name: str
    text: str
    title: str = ""
    description: str = ""
    params: tuple[Param, ...] = field(default_factory=tuple)
    path: Path | None = None
    #: ``# reads: data``: the query reads the data only (an Oxigraph store's default
    #: graph), never the metric results' named graph, so Oxigraph needs to look in one
    #: graph instead of all of them (the answer is the same, tested)
    data_only: bool = False

    def param(self, name: str) -> Param:
        """Return the parameter called ``name``."""
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise QueryError(f"query {self.name!r} has no parameter {name!r} (parameters: {known})")


def list_queries(folder: Path | None = None) -> list[NamedQuery]:
    """Return every named query in ``folder`` (default: the shipped ``queries/``), by name."""
    folder = queries_dir() if folder is None else folder
    return [parse_query_text(p.read_text("utf-8"), p.stem, p) for p in sorted(folder.glob("*.rq"))]


def find_query(spec: str) -> NamedQuery:
    """Resolve ``spec``: a named query, a ``.rq`` file, or SPARQL text.

    Raises
    ------
    QueryError
        If ``spec`` looks like a name or file that does not exist.
    """
    stripped = spec.strip()
    if spec.endswith(".rq") and "\n" not in spec:
        path = Path(spec)
        if not path.is_file():
            raise QueryError(f"no query file {spec}")
        return parse_query_text(path.read_text("utf-8"), path.stem, path)
    if re.fullmatch(r"[A-Za-z0-9_-]+", stripped):
        path = queries_dir() / f"{stripped}.rq"
        if not path.is_file():
            names = ", ".join(q.name for q in list_queries())
            raise QueryError(f"no named query {stripped!r}; known: {names}")
        return parse_query_text(path.read_text("utf-8"), path.stem, path)
    return parse_query_text(spec, "inline")


def parse_query_text(text: str, name: str, path: Path | None = None) -> NamedQuery:
    r"""Read the header comments of a query.

    Raises
    ------
    QueryError
        If a ``param`` or ``reads`` line is malformed, or a default does not parse.

    Examples
    --------
    >>> q = parse_query_text("# reads: data\nSELECT * WHERE { ?s ?p ?o }", "t")
    >>> q.data_only, parse_query_text("SELECT * WHERE { ?s ?p ?o }", "t").data_only
    (True, False)
    """
    title = description = ""
    params: list[Param] = []
    data_only = False
    for line in text.splitlines():
        m = _HEADER.match(line.strip())
        if not m:
            continue
        key, value = m.group(1), m.group(2).strip()
        if key == "title":
            title = value
        elif key == "description":
            description = (description + " " + value).strip()
        elif key == "reads":
            if value not in {"data", "all"}:
                raise QueryError(
                    f"{path or name}: malformed reads line {line.strip()!r}; expected "
                    "'# reads: data' (the data only, not the metric results) or '# reads: all'"
                )
            data_only = value == "data"
        else:
            pm = _PARAM.match(value)
            if not pm:
                raise QueryError(
                    f"{path or name}: malformed param line {line.strip()!r}; "
                    "expected '# param: NAME = DEFAULT — meaning'"
                )
            kind, lexical = _parse_default(pm.group(2), name)
            params.append(Param(pm.group(1), kind, lexical, pm.group(3)))
    projection = _PROJECTION.search(_strip_comments(text))
    for p in params:
        if projection is None or not re.search(rf"\?{p.name}\b", projection.group(1)):
            raise QueryError(
                f"{path or name}: parameter ?{p.name} must appear in the outer SELECT "
                "(and GROUP BY, if any) so every engine can bind it"
            )
    return NamedQuery(name, text, title, description, tuple(params), path, data_only)


def _strip_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def _parse_default(raw: str, query: str) -> tuple[str, str]:
    """Return the kind and lexical form of a header's default (``raw`` as written)."""
    raw = raw.strip()
    if raw.startswith("<") and raw.endswith(">"):
        return "iri", raw[1:-1]
    prefix, _, local = raw.partition(":")
    if local and prefix in PREFIXES and not raw.startswith('"'):
        return "iri", PREFIXES[prefix] + local
    if raw.startswith('"') and raw.endswith('"') and len(raw) >= 2:
        return "string", raw[1:-1]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        return "date", _lexical("date", raw)
    if re.fullmatch(r"-?\d+", raw):
        return "integer", _lexical("integer", raw)
    if re.fullmatch(r"-?\d+\.\d*", raw):
        return "decimal", _lexical("decimal", raw)
    if raw in {"true", "false"}:
        return "boolean", raw
    raise QueryError(f"query {query}: cannot read parameter default {raw!r}")


def _lexical(kind: str, raw: str) -> str:
    """Return the canonical lexical form of ``raw`` as a ``kind`` literal (rdflib's form).

    Raises
    ------
    ValueError, decimal.InvalidOperation
        When ``raw`` is not a value of that kind.
    """
    text = raw.strip()
    if kind == "date":
        return date.fromisoformat(text).isoformat()
    if kind == "integer":
        return str(int(text))
    if kind == "decimal":
        return format(Decimal(text), "f")
    if kind == "boolean":
        if text not in {"true", "false"}:
            raise ValueError(raw)
        return text
    return raw


def rdflib_term(kind: str, value: str) -> Identifier:
    """Return the rdflib term of a parameter value (``kind`` from :data:`KINDS`)."""
    import rdflib  # noqa: PLC0415 - only the rdflib paths need it
    from rdflib.namespace import XSD  # noqa: PLC0415

    if kind == "iri":
        return rdflib.URIRef(value)
    if kind == "string":
        return rdflib.Literal(value)
    if kind == "date":
        return rdflib.Literal(date.fromisoformat(value), datatype=XSD.date)
    if kind == "integer":
        return rdflib.Literal(int(value), datatype=XSD.integer)
    if kind == "decimal":
        return rdflib.Literal(Decimal(value), datatype=XSD.decimal)
    return rdflib.Literal(value == "true", datatype=XSD.boolean)


def coerce_lexical(param: Param, raw: str) -> str:
    """Check a user-given string against the parameter's kind; return its lexical form.

    An IRI parameter takes ``id:slug``, ``<IRI>``, a full ``http(s)`` IRI or a
    bare slug (``anthropic`` -> ``id:anthropic``) and gives the full IRI; typed
    literals must parse and give their canonical form.

    Raises
    ------
    QueryError
        If the value does not fit the parameter's type.

    Examples
    --------
    >>> p = Param("d", "decimal", "1.5", "a share")
    >>> coerce_lexical(p, " 1E+2 ")
    '100'
    >>> coerce_lexical(Param("who", "iri", "urn:x", "a company"), "anthropic")
    'https://w3id.org/aikg/id/anthropic'
    """
    if param.kind == "iri":
        return _coerce_iri(param, raw)
    try:
        return _lexical(param.kind, raw)
    except (ValueError, InvalidOperation):
        kind = {"date": "a date YYYY-MM-DD", "integer": "an integer"}.get(
            param.kind, f"a {param.kind}"
        )
        raise QueryError(f"parameter {param.name} expects {kind}, got {raw!r}") from None


def coerce_value(param: Param, raw: str) -> Identifier:
    """Turn a user-given string into an RDF term of the parameter's type.

    The rules are those of :func:`coerce_lexical`.

    Raises
    ------
    QueryError
        If the value does not fit the parameter's type.

    Examples
    --------
    >>> p = Param("d", "date", "2026-01-01", "date")
    >>> coerce_value(p, "2025-06-30")
    rdflib.term.Literal('2025-06-30', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#date'))
    >>> coerce_value(p, '"} ; DROP ALL ; {"')
    Traceback (most recent call last):
    ...
    graph.queries.QueryError: parameter d expects a date YYYY-MM-DD, got '"} ; DROP ALL ; {"'
    """
    return rdflib_term(param.kind, coerce_lexical(param, raw))


def _coerce_iri(param: Param, raw: str) -> str:
    value = raw.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    elif _SLUG.match(value):
        value = PREFIXES["id"] + value
    else:
        prefix, _, local = value.partition(":")
        if prefix in PREFIXES and local and not local.startswith("//"):
            value = PREFIXES[prefix] + local
    if not re.match(r"^(https?|urn):", value) or _IRI_FORBIDDEN.search(value):
        raise QueryError(
            f"parameter {param.name} expects an IRI (id:slug, a bare slug or <https://...>), "
            f"got {raw!r}"
        )
    return value


def _union(graph: rdflib.Graph) -> rdflib.Graph:
    """On an Oxigraph store, query the data and the metric results' named graph together."""
    import rdflib  # noqa: PLC0415

    if type(graph.store).__name__ == "OxigraphStore" and not isinstance(graph, rdflib.Dataset):
        return rdflib.Dataset(store=graph.store, default_union=True)
    return graph


def run_query(
    graph: rdflib.Graph, query: NamedQuery, params: Mapping[str, str] | None = None
) -> Result:
    """Run ``query`` on ``graph`` with its defaults overridden by ``params``.

    On an Oxigraph store the data and the metric results' named graph are read
    together, except by a query whose header says ``# reads: data``: it reads the
    store's default graph (the data) alone, which Oxigraph answers faster.

    Parameters
    ----------
    graph : rdflib.Graph
        A graph from :func:`graph.store.open_graph`.
    query : NamedQuery
        The query.
    params : mapping of str to str, optional
        Raw values by parameter name, coerced with :func:`coerce_value`.

    Returns
    -------
    rdflib.query.Result

    Raises
    ------
    QueryError
        For an unknown parameter, a value of the wrong type, or a query the
        engine rejects.
    """
    refusal = nesting_refusal(query.text)  # Oxigraph's parser overflows its stack otherwise
    if refusal is not None:
        raise QueryError(f"query {query.name!r} refused: {refusal.reason}")
    bindings: dict[str, Identifier] = {p.name: p.default for p in query.params}
    for key, raw in (params or {}).items():
        bindings[key] = coerce_value(query.param(key), raw)
    try:
        target = graph if query.data_only else _union(graph)  # `# reads: data`: one graph
        return target.query(query.text, initNs=PREFIXES, initBindings=bindings)
    except Exception as exc:  # engines raise their own types for bad SPARQL
        syntax = {"ParseException", "ParseSyntaxException", "SyntaxError"}
        if type(exc).__name__ in syntax or "Unknown namespace prefix" in str(exc):
            raise QueryError(f"query {query.name}: {explain(query.text, str(exc))}") from None
        raise QueryError(f"query {query.name} failed: {exc}") from None
