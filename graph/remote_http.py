"""SPARQL 1.1 protocol requests to a remote store: one update, one SELECT, errors said plainly.

Requests are form-encoded POSTs, which every server accepts; a failure raises
:class:`graph.location.StoreError` with the server's status and the start of
its message, or the reason the server could not be reached.
"""

from __future__ import annotations

import json
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from graph.location import StoreError

__all__ = ["send", "sparql_select", "sparql_update"]

_ERROR_CHARS = 600


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
    send(request, timeout_s)


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
    doc = json.loads(send(request, timeout_s))
    return [{var: cell["value"] for var, cell in row.items()} for row in doc["results"]["bindings"]]


def send(request: Request, timeout_s: float) -> bytes:
    """Send ``request`` and return the body of the answer (:class:`StoreError` if it fails)."""
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
