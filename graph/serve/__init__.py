r"""A read-only SPARQL 1.1 Protocol endpoint over the built store, with a query UI.

``aikg serve`` (or ``python -m graph.serve``, the same command) runs the Oxigraph server from
PyPI (``oxigraph serve-read-only``, which bundles the YASGUI query editor, so
the UI works offline) as a child process on a private loopback port, behind a
small Python reverse proxy that enforces what must hold whatever the backend:

* **read-only**: ``/update``, the graph store (``/store``), SPARQL Update
  texts, ``update=`` forms and ``application/sparql-update`` bodies are
  refused with 403; methods other than GET, HEAD and POST with 405; so are
  queries with ``SERVICE``, which would make the server fetch any URL a client
  names (server-side request forgery);
* **a query timeout** of our own (Oxigraph's ``--timeout-s`` is not reliable):
  the upstream request is abandoned and the client gets 503 with a message;
  the Oxigraph child that ran the query is replaced by a fresh one and
  stopped as soon as no request waits on it any more (at the latest once the
  requests it was serving have had their time), so a runaway query cannot keep
  burning CPU;
* **a result limit**: at most ``max_rows`` solutions (or triples for
  ``CONSTRUCT``/``DESCRIBE``) are returned; a cut result says so in the
  ``X-AIKG-Truncated`` header (and an ``aikg:warning`` key in JSON);
* **a request size limit**: larger bodies get 413, longer URLs 414;
* binding to 127.0.0.1 unless told otherwise, and a clean shutdown of the
  child on Ctrl-C or SIGTERM (on Linux the child also dies with the parent).

Endpoints: ``/`` (the UI), ``/sparql`` and ``/query`` (the SPARQL protocol:
GET ``?query=``, POST ``application/sparql-query`` or form-encoded). Results
are JSON, XML, CSV or TSV by ``Accept`` (or ``format=json|xml|csv|tsv``);
graphs are Turtle, N-Triples, RDF/XML, JSON-LD, N-Quads or TriG. A new
``aikg build`` is picked up without a restart.

The code: :mod:`graph.serve.policy` (what a request may do), :mod:`~graph.serve.backend`
(the Oxigraph children), :mod:`~graph.serve.proxy` (the HTTP server and handler),
:mod:`~graph.serve.replies` and :mod:`~graph.serve.server` (:class:`Endpoint`, :func:`serve`).
"""

from graph.serve.backend import ServeConfig, free_port
from graph.serve.policy import (
    GRAPH_FORMATS,
    RESULT_FORMATS,
    UI_POLICY,
    is_update,
    negotiate,
    ui_page,
    uses_service,
)
from graph.serve.server import Endpoint, serve

__all__ = [
    "GRAPH_FORMATS",
    "RESULT_FORMATS",
    "UI_POLICY",
    "Endpoint",
    "ServeConfig",
    "free_port",
    "is_update",
    "negotiate",
    "serve",
    "ui_page",
    "uses_service",
]
