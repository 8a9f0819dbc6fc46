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

Reads go through a :class:`~graph.remote_graph.RemoteGraph` over a
:class:`~graph.remote_query.RemoteStore` (what :func:`graph.store.open_graph`
returns for a remote URL); the requests themselves are in
:mod:`graph.remote_http`. This module re-exports them, so every remote-store
name is importable from here.

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
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from graph.location import DEFAULT_REMOTE_GRAPH, StoreError, StoreLocation
from graph.remote_graph import RemoteGraph
from graph.remote_http import sparql_select, sparql_update
from graph.remote_query import RemoteStore, RemoteUpdateStore, bind_values

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
