"""An rdflib graph over a remote SPARQL store that fetches itself whole with one ``CONSTRUCT``.

The aikg graph is sent as ``default-graph-uri``; ``serialize`` works on a
:meth:`RemoteGraph.snapshot` (rdflib's serialisers would look up every
subject, blank nodes included, which a SPARQL store cannot do), and the
snapshot is refused when the server sent fewer triples than it holds.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode
from urllib.request import Request

import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore

from graph.location import StoreError
from graph.remote_http import send, sparql_select

__all__ = ["RemoteGraph"]


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
        out.parse(data=send(request, timeout_s).decode("utf-8"), format="turtle")
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
