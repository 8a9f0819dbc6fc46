"""The HTTP server in front of Oxigraph and its request handler.

The handler refuses what the policy forbids, bounds time, rows and request size, and
streams the answer back.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pyoxigraph as ox

from graph.serve.backend import ServeConfig, _Backend, _Child
from graph.serve.linked import Linked
from graph.serve.policy import (
    _QUERY_PATHS,
    _SHORT,
    _UI_PATHS,
    _WRITE_PATHS,
    GRAPH_FORMATS,
    RESULT_FORMATS,
    UI_POLICY,
    is_update,
    negotiate,
    ui_page,
)
from graph.serve.replies import (
    _ERROR_BYTES,
    _PHRASES,
    _bytes,
    _Lines,
    _QueryTimeoutError,
    _Reply,
    _text,
)
from graph.sparql_guard import check_query
from graph.store import (
    StoreError,
)
from graph.vocab import PREFIXES


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = "aikg-serve"
    #: seconds a connection may stay idle (or trickle a request) before it is closed
    timeout = 20.0

    # -- routing ---------------------------------------------------------
    def do_GET(self) -> None:
        """Serve the UI, or run a query given as ``?query=``."""
        self._dispatch("GET")

    def do_HEAD(self) -> None:
        """Like GET, without the body."""
        self._dispatch("HEAD")

    def do_POST(self) -> None:
        """Run a query sent as ``application/sparql-query`` or a form."""
        self._dispatch("POST")

    def _refuse_method(self) -> None:
        self._send(
            _text(405, "405 Method Not Allowed: this endpoint is read-only"),
            {"Allow": "GET, HEAD, POST"},
        )

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse_method  # noqa: N815

    def _host_allowed(self) -> bool:
        """Tell whether the ``Host`` header names this endpoint (no DNS rebinding)."""
        host = self.headers.get("Host")
        bound, port = self.server.server_address[:2]
        bound_name = bound.decode() if isinstance(bound, bytes) else str(bound)
        if host is None or bound_name in {"0.0.0.0", "::"}:  # every address: asked for by the user
            return True
        names = {"localhost", "127.0.0.1", "[::1]", f"[{bound_name}]" if ":" in bound_name
                 else bound_name}  # fmt: skip
        allowed = {f"{n}:{port}" for n in names} | (names if port == 80 else set())
        return host.strip().lower() in allowed

    def _dispatch(self, method: str) -> None:
        config = self.server.config
        if not self._host_allowed():
            self._drain_or_close()
            self.close_connection = True
            self._send(
                _text(
                    421,
                    "421 Misdirected Request: this endpoint answers only to requests addressed "
                    "to its own address (Host header), which keeps other web sites out",
                )
            )
            return
        if len(self.path) > config.max_request_bytes:
            self._send(_text(414, "414 URI Too Long: send the query in a POST body"))
            return
        parts = urlsplit(self.path)
        path = parts.path.rstrip("/") or "/"
        if path in _WRITE_PATHS:
            self._drain_or_close()
            self._send(
                _text(
                    403,
                    "403 Forbidden: this endpoint is read-only (no update, no graph store writes)",
                )
            )
            return
        if path.startswith(("/id/", "/site/")) or path == "/site":
            self._drain_or_close()
            self._send(self._linked(parts.path, method), head_only=method == "HEAD")
            return
        if path in _UI_PATHS and method != "POST":
            self._send(self._proxy_static(parts.path), head_only=method == "HEAD")
            return
        if path not in _QUERY_PATHS:
            self._drain_or_close()
            self._send(_text(404, f"404 Not Found: {parts.path}; query at /sparql, UI at /"))
            return
        params = parse_qs(parts.query, keep_blank_values=True)
        if method == "POST":
            reply = self._read_post(params)
            if reply is not None:
                self._send(reply)
                return
        if "update" in params:
            self._send(_text(403, "403 Forbidden: SPARQL Update is not allowed on this endpoint"))
            return
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            self._send(_text(400, "400 Bad Request: give exactly one SPARQL query (query=...)"))
            return
        self._send(self._run_query(queries[0], params), head_only=method == "HEAD")

    def _read_post(self, params: dict[str, list[str]]) -> _Reply | None:
        config = self.server.config
        length_header = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding") or length_header is None:
            self.close_connection = True
            return _text(411, "411 Length Required: send a Content-Length")
        try:
            length = int(length_header)
        except ValueError:
            self.close_connection = True
            return _text(400, "400 Bad Request: bad Content-Length")
        if length > config.max_request_bytes:
            self.close_connection = True  # never read an oversized body
            return _text(
                413,
                f"413 Content Too Large: {length} bytes, the limit is {config.max_request_bytes}",
            )
        body = self.rfile.read(length)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "application/sparql-update":
            return _text(403, "403 Forbidden: SPARQL Update is not allowed on this endpoint")
        if ctype == "application/sparql-query":
            params["query"] = [*params.get("query", []), body.decode("utf-8", "replace")]
        elif ctype == "application/x-www-form-urlencoded":
            form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
        else:
            return _text(
                415,
                "415 Unsupported Media Type: POST application/sparql-query or "
                "application/x-www-form-urlencoded",
            )
        return None

    def _drain_or_close(self) -> None:
        length = self.headers.get("Content-Length")
        if length and length.isdigit() and int(length) <= self.server.config.max_request_bytes:
            self.rfile.read(int(length))
        elif length or self.headers.get("Transfer-Encoding"):
            self.close_connection = True

    def _linked(self, path: str, method: str) -> _Reply:
        """Answer ``/id/<slug>`` and ``/site/...`` from the exports (never a query)."""
        linked = self.server.linked
        if method == "POST":
            return _Reply(
                405,
                b"405 Method Not Allowed: /id/ and /site/ are read-only (GET, HEAD)\n",
                "text/plain; charset=utf-8",
                {"Allow": "GET, HEAD"},
            )
        if linked is None:
            return _text(404, f"404 Not Found: {path} (the endpoint serves no entity site)")
        if path.startswith("/id/"):
            return linked.resource(path, self.headers.get("Accept"))
        return linked.static(path)

    # -- upstream ----------------------------------------------------------
    def _proxy_static(self, path: str) -> _Reply:
        if path == "/prefixes.json":  # the UI's prefix completion, from aikg's own list
            return _Reply(200, json.dumps(dict(PREFIXES), indent=1).encode(), "application/json")
        try:
            child = self.server.backend.acquire()
            conn = http.client.HTTPConnection("127.0.0.1", child.port, timeout=10)
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                body = response.read()
                ctype = response.getheader("Content-Type", "application/octet-stream")
            finally:
                conn.close()
                self.server.backend.release(child)
        except (OSError, http.client.HTTPException, StoreError) as exc:
            return _text(502, f"502 Bad Gateway: the query engine is not available ({exc})")
        if path == "/" and response.status == 200:
            return _Reply(200, ui_page(body), ctype, {"Content-Security-Policy": UI_POLICY})
        return _Reply(response.status, body, ctype)

    def _run_query(self, query: str, params: Mapping[str, Sequence[str]]) -> _Reply:
        config = self.server.config
        if is_update(query):
            return _text(403, "403 Forbidden: SPARQL Update is not allowed on this endpoint")
        # Read by the SPARQL lexical rules before the engine sees it: no SERVICE or LOAD
        # (the server would fetch any URL a client names), no update, bounded size and depth.
        refusal = check_query(query)
        if refusal is not None:
            return _text(
                refusal.status, f"{refusal.status} {_PHRASES[refusal.status]}: {refusal.reason}"
            )
        if not self.server.slots.acquire(blocking=False):
            return _text(503, f"503 Service Unavailable: {config.max_concurrent} queries running")
        try:
            child = self.server.backend.acquire()
        except StoreError as exc:
            self.server.slots.release()
            return _text(503, f"503 Service Unavailable: {exc}")
        try:
            return self._query_child(child, query, params)
        except _QueryTimeoutError:
            self.server.backend.abandon(child)
            return _text(
                503,
                f"503 Service Unavailable: query timed out after {config.timeout_s:g} s "
                "(the endpoint's --timeout); narrow the query or add a LIMIT",
            )
        except (StoreError, OSError, http.client.HTTPException, ValueError, SyntaxError) as exc:
            return _text(502, f"502 Bad Gateway: the query engine failed: {exc}")
        finally:
            self.server.backend.release(child)
            self.server.slots.release()

    def _query_child(
        self, child: _Child, query: str, params: Mapping[str, Sequence[str]]
    ) -> _Reply:
        config = self.server.config
        deadline = time.monotonic() + config.timeout_s
        form: list[tuple[str, str]] = [("query", query)]
        for key in ("default-graph-uri", "named-graph-uri"):
            form += [(key, v) for v in params.get(key, [])]
        conn = http.client.HTTPConnection("127.0.0.1", child.port, timeout=config.timeout_s)
        try:
            conn.request(
                "POST",
                "/query",
                body=urlencode(form).encode("utf-8"),
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Accept": "text/tab-separated-values, application/n-triples;q=0.9",
                },
            )
            response = conn.getresponse()
            lines = _Lines(conn, response, deadline)
            if response.status != 200:
                message = response.read(_ERROR_BYTES).decode("utf-8", "replace")
                status = response.status if 400 <= response.status < 500 else 502
                return _text(status, f"{status} {message}")
            ctype = (response.getheader("Content-Type") or "").split(";")[0].strip()
            short = (params.get("format") or params.get("output") or [""])[0].lower()
            if ctype == "application/n-triples":
                return self._graph_reply(lines, short)
            return self._results_reply(lines, short)
        except TimeoutError as exc:
            raise _QueryTimeoutError from exc
        finally:
            conn.close()

    def _results_reply(self, lines: _Lines, short: str) -> _Reply:
        config = self.server.config
        mime = (
            _SHORT[short][0]
            if short in _SHORT
            else negotiate(self.headers.get("Accept"), RESULT_FORMATS)
        )
        header = lines.next()
        if header is None:
            raise ValueError("empty answer")
        if not header.startswith(b"?") and header.strip() in {b"true", b"false"}:
            boolean = ox.parse_query_results(header.strip(), format=ox.QueryResultsFormat.TSV)
            return _Reply(200, _bytes(boolean.serialize(format=RESULT_FORMATS[mime])), mime)
        rows, truncated = lines.take(config.max_rows)
        solutions = ox.parse_query_results(
            header + b"".join(rows), format=ox.QueryResultsFormat.TSV
        )
        assert isinstance(solutions, ox.QuerySolutions)
        body = _bytes(solutions.serialize(format=RESULT_FORMATS[mime]))
        headers = {}
        if truncated:
            headers = {"X-AIKG-Truncated": "true", "X-AIKG-Row-Limit": str(config.max_rows)}
            if mime == "application/sparql-results+json":
                doc = json.loads(body)
                doc["aikg:warning"] = (
                    f"result cut at {config.max_rows} rows (the endpoint's --limit)"
                )
                body = json.dumps(doc).encode("utf-8")
        return _Reply(200, body, f"{mime}; charset=utf-8", headers)

    def _graph_reply(self, lines: _Lines, short: str) -> _Reply:
        config = self.server.config
        mime = (
            _SHORT[short][1]
            if short in _SHORT
            else negotiate(self.headers.get("Accept"), GRAPH_FORMATS)
        )
        rows, truncated = lines.take(config.max_rows)
        triples = ox.parse(b"".join(rows), format=ox.RdfFormat.N_TRIPLES)
        body = _bytes(ox.serialize(triples, format=GRAPH_FORMATS[mime], prefixes=dict(PREFIXES)))
        headers = {}
        if truncated:
            headers = {"X-AIKG-Truncated": "true", "X-AIKG-Row-Limit": str(config.max_rows)}
        return _Reply(200, body, mime, headers)

    # -- output ------------------------------------------------------------
    def _send(
        self, reply: _Reply, extra: Mapping[str, str] | None = None, *, head_only: bool = False
    ) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Cache-Control", "no-store")
        for key, value in {**reply.headers, **(extra or {})}.items():
            self.send_header(key, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if not head_only:
            self.wfile.write(reply.body)

    def log_message(self, format: str, *args: object) -> None:
        """Log one line per request to stderr (quiet with ``--quiet``)."""
        if not self.server.quiet:
            sys.stderr.write(f"aikg serve: {self.address_string()} {format % args}\n")


#: Connections served at once; more are answered 503 and closed at once.
MAX_CONNECTIONS = 64


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    #: connections the kernel holds until they are accepted. Python's default, 5, made
    #: the 7th of a burst of clients wait a second for its SYN to be sent again
    request_queue_size = 128

    def __init__(self, config: ServeConfig, backend: _Backend, *, quiet: bool) -> None:
        if ":" in config.host:
            self.address_family = socket.AF_INET6
        super().__init__((config.host, config.port), _Handler)
        self.config = config
        self.backend = backend
        self.quiet = quiet
        self.linked = Linked(config.exports) if config.exports is not None else None
        self.slots = threading.BoundedSemaphore(config.max_concurrent)
        self.connections = threading.BoundedSemaphore(MAX_CONNECTIONS)

    def process_request(
        self, request: socket.socket | tuple[bytes, socket.socket], client_address: Any
    ) -> None:
        """Serve the connection in a thread, or refuse it when too many are open."""
        if not self.connections.acquire(blocking=False):
            with contextlib.suppress(OSError, AttributeError):
                request.sendall(  # type: ignore[union-attr]
                    b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
                    b"Connection: close\r\n\r\n"
                )
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(
        self, request: socket.socket | tuple[bytes, socket.socket], client_address: Any
    ) -> None:
        """Serve one connection; give its place back when it ends."""
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.connections.release()

    def handle_error(self, _request: object, client_address: object) -> None:
        """Log one line, not a traceback, for a connection that failed."""
        kind, value = sys.exc_info()[:2]
        if not self.quiet:
            sys.stderr.write(
                f"aikg serve: {client_address}: connection ended: "
                f"{kind.__name__ if kind else 'error'}: {value}\n"
            )
