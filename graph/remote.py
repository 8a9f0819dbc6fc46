"""Load the graph into a remote SPARQL 1.1 store and swap it in atomically.

A remote store (``sparql+http://HOST:PORT/PATH``, see :mod:`graph.store`)
keeps aikg in one named graph (:data:`graph.store.DEFAULT_REMOTE_GRAPH`
unless the URL says ``&graph=IRI``). :func:`load_remote` never touches that
graph until the new data is complete:

1. the triples go into a fresh *staging* graph with ``INSERT DATA``, in
   batches of a few thousand triples per request (never one request per
   triple); every blank node stays in one batch with all its triples, so
   it stays one node;
2. the staging graph is counted, and the load stops if the server holds
   fewer triples than were sent;
3. one update request ``MOVE SILENT GRAPH <staging> TO GRAPH <aikg>``
   replaces the aikg graph: one transaction on Oxigraph, Virtuoso, Fuseki,
   GraphDB and Neptune, so readers see the old or the new graph, never a
   mix.

If any step fails the staging graph is dropped (best effort) and
:class:`RemoteLoadError` says which step; the aikg graph keeps its old data.

Reads go through a :class:`RemoteGraph` over a :class:`RemoteStore` (what
:func:`graph.store.open_graph` returns for a remote URL): the aikg graph is
sent as ``default-graph-uri``; query parameters are bound by a ``VALUES``
block placed at the start of the outer ``WHERE`` (rdflib's own store appends
it after the query, where a ``FILTER`` or ``HAVING`` cannot see it; see
:func:`bind_values`); and ``serialize`` fetches the whole graph with one
``CONSTRUCT`` (rdflib's serialisers would look up every subject, blank nodes
included, which a SPARQL store cannot do).

Examples
--------
>>> import pyoxigraph as ox
>>> ex = "http://example.org/"
>>> triples = [
...     ox.Triple(ox.NamedNode(ex + "a"), ox.NamedNode(ex + "p"), ox.BlankNode("x")),
...     ox.Triple(ox.BlankNode("x"), ox.NamedNode(ex + "v"), ox.Literal("1")),
...     ox.Triple(ox.NamedNode(ex + "b"), ox.NamedNode(ex + "p"), ox.Literal("2")),
... ]
>>> [len(b) for b in batches(triples, size=2)]
[2, 1]
>>> print(insert_data(batches(triples, size=2)[1], "urn:g"))
INSERT DATA { GRAPH <urn:g> {
<http://example.org/b> <http://example.org/p> "2" .
} }
>>> import rdflib
>>> print(bind_values("SELECT ?d WHERE { ?s ?p ?d FILTER(?d < ?max) }",
...                   {"max": rdflib.Literal(3)}))
SELECT ?d WHERE {
VALUES ( ?max ) { ( "3"^^<http://www.w3.org/2001/XMLSchema#integer> ) }
 ?s ?p ?d FILTER(?d < ?max) }
"""

from __future__ import annotations

import contextlib
import json
import re
import time
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import pyoxigraph as ox
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from rdflib.query import Result
from rdflib.term import Identifier

from graph.location import DEFAULT_REMOTE_GRAPH, StoreError, StoreLocation

__all__ = [
    "DEFAULT_BATCH_TRIPLES",
    "LoadReport",
    "RemoteGraph",
    "RemoteLoadError",
    "RemoteStore",
    "RemoteUpdateStore",
    "batches",
    "bind_values",
    "insert_data",
    "load_remote",
    "sparql_select",
    "sparql_update",
]

#: Triples per ``INSERT DATA`` request. Virtuoso refuses very long update texts
#: ("SQL text exceeded 10000 lines"), Oxigraph and Fuseki take any size.
DEFAULT_BATCH_TRIPLES = 500
_STAGING = DEFAULT_REMOTE_GRAPH + "/staging/"
_ERROR_CHARS = 600


class RemoteLoadError(StoreError):
    """A load into a remote store that failed; the aikg graph was not changed."""


@dataclass(frozen=True)
class LoadReport:
    """What :func:`load_remote` did.

    Attributes
    ----------
    graph : str or None
        The named graph replaced (``None``: the server's default graph).
    triples : int
        Distinct triples loaded.
    requests : int
        HTTP requests sent (batches, the count check and the swap).
    seconds : float
        Wall time of the load.
    """

    graph: str | None
    triples: int
    requests: int
    seconds: float


def batches(
    triples: Iterable[ox.Triple | ox.Quad], size: int = DEFAULT_BATCH_TRIPLES
) -> list[list[ox.Triple]]:
    """Split distinct triples into batches of about ``size``, blank nodes kept whole.

    Triples linked through blank nodes form one group that is never split, so
    each blank node is written by one request (blank node labels are scoped to
    a request). Quads lose their graph name.

    Parameters
    ----------
    triples : iterable of pyoxigraph.Triple or pyoxigraph.Quad
        The data; duplicates are dropped.
    size : int
        Target batch size; a batch exceeds it only for one oversized group.

    Returns
    -------
    list of list of pyoxigraph.Triple
        Batches in input order.
    """
    unique: dict[ox.Triple, None] = {}
    for t in triples:
        triple = t.triple if isinstance(t, ox.Quad) else t
        unique.setdefault(triple, None)
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for t in unique:
        nodes = [n.value for n in (t.subject, t.object) if isinstance(n, ox.BlankNode)]
        for other in nodes[1:]:
            parent[find(other)] = find(nodes[0])
    groups: dict[object, list[ox.Triple]] = {}
    for i, t in enumerate(unique):
        blank = next((n.value for n in (t.subject, t.object) if isinstance(n, ox.BlankNode)), None)
        groups.setdefault(find(blank) if blank is not None else i, []).append(t)
    out: list[list[ox.Triple]] = []
    current: list[ox.Triple] = []
    for group in groups.values():
        if current and len(current) + len(group) > size:
            out.append(current)
            current = []
        current.extend(group)
    if current:
        out.append(current)
    return out


def insert_data(triples: Sequence[ox.Triple], graph: str | None) -> str:
    """Return an ``INSERT DATA`` update that adds ``triples`` to ``graph``.

    Terms are written in N-Triples syntax, which is valid SPARQL; ``graph``
    ``None`` means the default graph. A batch with blank nodes becomes
    ``INSERT { ... } WHERE {}`` (Virtuoso refuses blank nodes in ``INSERT
    DATA``; in a template each label is one fresh node for the whole request).
    """
    body = "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples)
    if graph is not None:
        body = f"GRAPH <{graph}> {{\n{body}}}"
    if any(isinstance(n, ox.BlankNode) for t in triples for n in (t.subject, t.object)):
        return f"INSERT {{ {body} }} WHERE {{}}"
    return f"INSERT DATA {{ {body} }}"


def sparql_update(endpoint: str, update: str, *, timeout_s: float = 300.0) -> None:
    """POST one SPARQL update (form-encoded ``update=``, as every server accepts).

    Raises
    ------
    StoreError
        With the server's status and message.
    """
    request = Request(
        endpoint,
        data=urlencode({"update": update}).encode("utf-8"),
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
        method="POST",
    )
    _send(request, timeout_s)


def sparql_select(
    endpoint: str, query: str, *, default_graph: str | None = None, timeout_s: float = 300.0
) -> list[dict[str, str]]:
    """Run a SELECT query and return its rows as ``{variable: lexical value}``.

    Raises
    ------
    StoreError
        With the server's status and message.
    """
    params = {"query": query}
    if default_graph is not None:
        params["default-graph-uri"] = default_graph
    request = Request(
        endpoint,
        data=urlencode(params).encode("utf-8"),
        headers={
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
            "Accept": "application/sparql-results+json",
        },
        method="POST",
    )
    doc = json.loads(_send(request, timeout_s))
    return [{var: cell["value"] for var, cell in row.items()} for row in doc["results"]["bindings"]]


def _send(request: Request, timeout_s: float) -> bytes:
    try:
        with urlopen(request, timeout=timeout_s) as response:
            body: bytes = response.read()
            return body
    except HTTPError as exc:
        detail = " ".join(exc.read().decode("utf-8", "replace").split())[:_ERROR_CHARS]
        raise StoreError(f"{request.full_url} answered HTTP {exc.code}: {detail}") from None
    except (URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise StoreError(f"cannot reach {request.full_url}: {reason}") from None


def load_remote(
    location: StoreLocation,
    triples: Iterable[ox.Triple | ox.Quad],
    *,
    batch_triples: int = DEFAULT_BATCH_TRIPLES,
    timeout_s: float = 300.0,
) -> LoadReport:
    """Replace the aikg graph of a remote store with ``triples``, atomically.

    Parameters
    ----------
    location : StoreLocation
        A parsed ``sparql+http(s)://`` store URL.
    triples : iterable of pyoxigraph.Triple or pyoxigraph.Quad
        The new content (graph names of quads are ignored).
    batch_triples : int
        Triples per ``INSERT DATA`` request.
    timeout_s : float
        Timeout of each HTTP request.

    Returns
    -------
    LoadReport

    Raises
    ------
    RemoteLoadError
        If a request fails or the server holds fewer triples than were sent;
        the aikg graph is unchanged.
    """
    if location.kind != "sparql" or not location.update_endpoint or not location.query_endpoint:
        raise StoreError(f"not a remote SPARQL store: {location}")
    started = time.perf_counter()
    update_url, query_url = location.update_endpoint, location.query_endpoint
    staging = f"{_STAGING}{uuid.uuid4().hex}"
    chunks = batches(triples, batch_triples)
    total = sum(len(c) for c in chunks)
    requests = 0
    step = "clearing the staging graph"
    try:
        sparql_update(update_url, f"DROP SILENT GRAPH <{staging}>", timeout_s=timeout_s)
        requests += 1
        for i, chunk in enumerate(chunks, 1):
            step = f"loading batch {i}/{len(chunks)} into the staging graph"
            sparql_update(update_url, insert_data(chunk, staging), timeout_s=timeout_s)
            requests += 1
        step = "counting the staging graph"
        rows = sparql_select(
            query_url,
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{staging}> {{ ?s ?p ?o }} }}",
            timeout_s=timeout_s,
        )
        requests += 1
        held = int(rows[0]["n"]) if rows else 0
        if held < total:
            raise StoreError(f"the server holds {held} of the {total} triples sent")
        step = "swapping the staging graph in"
        target = f"GRAPH <{location.graph}>" if location.graph else "DEFAULT"
        sparql_update(update_url, f"MOVE SILENT GRAPH <{staging}> TO {target}", timeout_s=timeout_s)
        requests += 1
    except StoreError as exc:
        # The original error matters more; a stray staging graph is harmless.
        with contextlib.suppress(StoreError):
            sparql_update(update_url, f"DROP SILENT GRAPH <{staging}>", timeout_s=timeout_s)
        where = f"<{location.graph}>" if location.graph else "the default graph"
        raise RemoteLoadError(
            f"loading into {query_url} failed while {step}: {exc}; {where} was not changed"
        ) from None
    return LoadReport(location.graph, total, requests, time.perf_counter() - started)


_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _outer_where_brace(query: str) -> int | None:  # noqa: PLR0912 - one small tokenizer
    """Index of the ``{`` that opens the outer WHERE clause, or ``None`` if unsure."""
    i, n, depth, template = 0, len(query), 0, False
    first_keyword: str | None = None
    while i < n:
        c = query[i]
        if c == "#":
            end = query.find("\n", i)
            i = n if end < 0 else end + 1
        elif c in "\"'":
            quote = c * 3 if query.startswith(c * 3, i) else c
            i += len(quote)
            while i < n and not query.startswith(quote, i):
                i += 2 if query[i] == "\\" else 1
            i += len(quote)
        elif c == "<" and (m := _IRI.match(query, i)):
            i = m.end()
        elif c in "?$":  # a variable: its name is never a keyword
            m = _WORD.match(query, i + 1)
            i = m.end() if m else i + 1
        elif c == "{":
            if depth == 0 and first_keyword in {"SELECT", "ASK", "WHERE"}:
                return i
            if first_keyword is None:
                return None
            depth, i, template = depth + 1, i + 1, True  # a CONSTRUCT template
        elif c == "}":
            depth, i = depth - 1, i + 1
        elif m := _WORD.match(query, i):
            word = m.group().upper()
            if word in {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"} and first_keyword is None:
                first_keyword = word
            elif word == "WHERE" and depth == 0 and first_keyword is not None:
                if first_keyword == "CONSTRUCT" and not template:
                    return None  # CONSTRUCT WHERE: its pattern is its template
                first_keyword = "WHERE"
            i = m.end()
        else:
            i += 1
    return None


def bind_values(query: str, bindings: Mapping[str, Identifier]) -> str:
    """Bind variables with a ``VALUES`` block at the start of the outer ``WHERE``.

    The block joins the whole group, so filters, ``HAVING`` and grouped
    projections see the bound values, as rdflib's ``initBindings`` and
    Oxigraph's substitutions do. A query whose outer ``WHERE`` cannot be found
    gets the block at its end (rdflib's default). Terms are written with
    ``n3()``, never parsed from user text.

    Parameters
    ----------
    query : str
        SPARQL query text (without the prefixes rdflib adds).
    bindings : mapping of str to rdflib term
        Values by variable name.

    Returns
    -------
    str
    """
    if not bindings:
        return query
    names = list(bindings)
    block = "VALUES ( {} ) {{ ( {} ) }}".format(
        " ".join(f"?{name}" for name in names), " ".join(bindings[name].n3() for name in names)
    )
    brace = _outer_where_brace(query)
    if brace is None:
        return f"{query}\n{block}\n"
    return f"{query[: brace + 1]}\n{block}\n{query[brace + 1 :]}"


class RemoteStore(SPARQLStore):
    """rdflib's SPARQL store with parameters bound inside the outer ``WHERE``."""

    def query(  # type: ignore[override]
        self,
        query: str,
        initNs: Mapping[str, Any] | None = None,  # noqa: N803 - rdflib's signature
        initBindings: Mapping[str, Identifier] | None = None,  # noqa: N803
        queryGraph: Any = None,  # noqa: N803
        DEBUG: bool = False,  # noqa: N803
    ) -> Result:
        """Run ``query`` with ``initBindings`` bound by :func:`bind_values`."""
        text = bind_values(query, initBindings or {})
        return super().query(text, initNs or {}, None, queryGraph, DEBUG)


class RemoteUpdateStore(SPARQLUpdateStore):
    """rdflib's SPARQL update store with parameters bound inside the outer ``WHERE``."""

    def query(  # type: ignore[override]
        self,
        query: str,
        initNs: Mapping[str, Any] | None = None,  # noqa: N803 - rdflib's signature
        initBindings: Mapping[str, Identifier] | None = None,  # noqa: N803
        queryGraph: Any = None,  # noqa: N803
        DEBUG: bool = False,  # noqa: N803
    ) -> Result:
        """Run ``query`` with ``initBindings`` bound by :func:`bind_values`."""
        text = bind_values(query, initBindings or {})
        return super().query(text, initNs or {}, None, queryGraph, DEBUG)


class RemoteGraph(rdflib.Graph):
    """An rdflib graph over a remote store that serialises from one ``CONSTRUCT``."""

    def snapshot(self, *, timeout_s: float = 300.0) -> rdflib.Graph:
        """Fetch the whole graph into memory with one ``CONSTRUCT`` request.

        Raises
        ------
        StoreError
            If the request fails, or the server sent fewer triples than it holds
            (Virtuoso cuts results at ``ResultSetMaxRows``).
        """
        store = self.store
        assert isinstance(store, SPARQLStore)
        assert store.query_endpoint is not None
        endpoint = str(store.query_endpoint)
        params = {"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"}
        graph_iri = None if isinstance(self.identifier, rdflib.BNode) else str(self.identifier)
        if graph_iri is not None and self.identifier != rdflib.graph.DATASET_DEFAULT_GRAPH_ID:
            params["default-graph-uri"] = graph_iri
        else:
            graph_iri = None
        request = Request(
            endpoint,
            data=urlencode(params).encode("utf-8"),
            headers={
                "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                "Accept": "text/turtle",
            },
            method="POST",
        )
        out = rdflib.Graph(namespace_manager=self.namespace_manager)
        out.parse(data=_send(request, timeout_s).decode("utf-8"), format="turtle")
        rows = sparql_select(
            endpoint,
            "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
            default_graph=graph_iri,
            timeout_s=timeout_s,
        )
        held = int(rows[0]["n"]) if rows else 0
        if len(out) < held:
            raise StoreError(
                f"{endpoint} sent {len(out)} of its {held} triples; raise the server's "
                "result limit (Virtuoso: ResultSetMaxRows in virtuoso.ini)"
            )
        return out

    def serialize(
        self,
        destination: Any = None,
        format: str = "turtle",
        base: str | None = None,
        encoding: str | None = None,
        **args: Any,
    ) -> Any:
        """Serialise a :meth:`snapshot` of the remote graph (same arguments as rdflib)."""
        return self.snapshot().serialize(destination, format, base, encoding, **args)
