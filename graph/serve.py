r"""A read-only SPARQL 1.1 Protocol endpoint over the built store, with a query UI.

``aikg serve`` (or ``python -m graph.serve``) runs the Oxigraph server from
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
  stopped once the requests it was serving have had their time, so a runaway
  query cannot keep burning CPU;
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

Examples
--------
>>> negotiate("application/sparql-results+xml, */*;q=0.1", RESULT_FORMATS)
'application/sparql-results+xml'
>>> negotiate("text/html", RESULT_FORMATS)
'application/sparql-results+json'
>>> is_update("PREFIX a: <http://a#> # a comment\nINSERT DATA { a:x a:y a:z }")
True
>>> is_update("SELECT * WHERE { ?s ?p ?o }")
False
>>> is_update("# what it conflicts with\nSELECT * WHERE { ?s ?p ?o }")
False
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType
from typing import IO, Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pyoxigraph as ox

from graph.sparql_guard import check_query
from graph.store import (
    StoreError,
    current_version,
    default_store_url,
    hold_version,
    parse_store_url,
)
from graph.vocab import PREFIXES

__all__ = [
    "GRAPH_FORMATS",
    "RESULT_FORMATS",
    "UI_POLICY",
    "Endpoint",
    "ServeConfig",
    "free_port",
    "is_update",
    "main",
    "negotiate",
    "serve",
    "ui_page",
]

#: Result formats of SELECT and ASK: media type -> Oxigraph format.
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
#: Formats of CONSTRUCT and DESCRIBE results: media type -> Oxigraph format.
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
}
_ALIASES = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "text/plain": "application/n-triples",
}
_SHORT = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv", "text/turtle"),
    "tsv": ("text/tab-separated-values", "text/turtle"),
    "turtle": ("application/sparql-results+json", "text/turtle"),
    "ntriples": ("application/sparql-results+json", "application/n-triples"),
}
_UI_PATHS = frozenset(
    {"/", "/yasgui.min.js", "/yasgui.min.css", "/logo.svg", "/favicon.ico", "/prefixes.json"}
)
#: The query UI may talk to this endpoint only: no prefix.cc, no LOV, no fonts from elsewhere.
UI_POLICY = (
    "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'"
)


def ui_page(html: bytes) -> bytes:
    """Adapt Oxigraph's query page: aikg's title, no update endpoint, completion offline.

    Prefix completion reads ``/prefixes.json`` (aikg's prefixes) instead of prefix.cc;
    the completers that ask LOV for properties and classes are left out; the editor
    starts with aikg's prefixes.

    Examples
    --------
    >>> html = b'<title>Oxigraph server</title> requestConfig: { endpoint: url + "/sparql" },'
    >>> page = ui_page(html)
    >>> b"aikg" in page and b"prefixes.json" in page and b"Oxigraph server" not in page
    True
    """
    text = html.decode("utf-8", "replace")
    text = text.replace("<title>Oxigraph server</title>", "<title>aikg: read-only SPARQL</title>")
    text = text.replace('{ endpoint: url + "/update" },', "")
    start = "".join(f"PREFIX {p}: <{ns}>\\n" for p, ns in PREFIXES.items())
    start += "SELECT ?name WHERE {\\n  ?org a aikg:Company ; schema:name ?name .\\n} LIMIT 20"
    yasqe = (
        'yasqe: { prefixCcApi: url + "/prefixes.json", '
        'autocompleters: ["prefixes", "variables"], '
        f'value: "{start}" }},'
    )
    text = text.replace(
        'requestConfig: { endpoint: url + "/sparql" },',
        f'requestConfig: {{ endpoint: url + "/sparql" }},\n        {yasqe}',
    )
    return text.encode("utf-8")
_QUERY_PATHS = frozenset({"/sparql", "/query"})
_WRITE_PATHS = frozenset({"/update", "/store"})
_UPDATE = re.compile(
    r"^\s*+(?:(?:PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s+<[^>]*>|#[^\n]*+)\s*+)*+"
    r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)
_ERROR_BYTES = 64 * 1024
_PHRASES = {400: "Bad Request", 403: "Forbidden", 413: "Content Too Large"}
_STARTUP_S = 15.0


def is_update(text: str) -> bool:
    """Return whether ``text`` is a SPARQL Update request rather than a query."""
    return _UPDATE.match(text) is not None


def uses_service(text: str) -> bool:
    """Return whether a query would call out to another endpoint (``SERVICE``).

    Read with the SPARQL lexical rules (:mod:`graph.sparql_guard`), strings, IRIs and
    comments aside.

    Examples
    --------
    >>> uses_service("SELECT * WHERE { SERVICE <http://10.0.0.1/> { ?s ?p ?o } }")
    True
    >>> uses_service('SELECT * WHERE { ?s ?p "SERVICE <x>" } # SERVICE')
    False
    """
    refusal = check_query(text)
    return refusal is not None and refusal.reason.startswith("SERVICE")


def negotiate(accept: str | None, offered: Mapping[str, object]) -> str:
    """Pick the media type of ``offered`` the ``Accept`` header prefers.

    Unknown or missing preferences fall back to the first offered type
    (JSON results, Turtle graphs): a client that asks for something else
    still gets an answer it can read with a standard parser.
    """
    default = next(iter(offered))
    best, best_q = default, 0.0
    for part in (accept or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        mime = _ALIASES.get(fields[0].lower(), fields[0].lower())
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                with contextlib.suppress(ValueError):
                    q = float(f[2:])
        if mime in offered and q > best_q:
            best, best_q = mime, q
    return best


def free_port(host: str = "127.0.0.1") -> int:
    """Return a TCP port that is free on ``host`` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        port: int = s.getsockname()[1]
        return port


@dataclass(frozen=True)
class ServeConfig:
    """Settings of the endpoint.

    Attributes
    ----------
    store_url : str or None
        An ``oxigraph:DIR`` store URL; the default store when ``None``.
    host, port : str, int
        Where to listen (port 0: any free port).
    timeout_s : float
        Longest a query may run.
    max_rows : int
        Most solutions (or triples) returned per query.
    max_request_bytes : int
        Largest request body (and URL) accepted.
    max_concurrent : int
        Queries run at once; more get 503.
    """

    store_url: str | None = None
    host: str = "127.0.0.1"
    port: int = 7878
    timeout_s: float = 30.0
    max_rows: int = 10_000
    max_request_bytes: int = 1_000_000
    max_concurrent: int = 8


def _oxigraph_binary() -> str:
    override = os.environ.get("AIKG_OXIGRAPH")
    candidates: list[str | None] = [override] if override else []
    candidates += [str(Path(sys.executable).parent / "oxigraph"), shutil.which("oxigraph")]
    for c in candidates:
        if c and Path(c).is_file() and os.access(c, os.X_OK):
            return c
    raise StoreError(
        "the `oxigraph` server is not installed: pip install oxigraph (or set $AIKG_OXIGRAPH)"
    )


def _die_with_parent() -> None:  # runs in the child between fork and exec (Linux only)
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


@dataclass
class _Child:
    generation: int
    process: subprocess.Popen[bytes]
    port: int
    version: Path
    #: a shared hold on the version, so that no build prunes it while the child reads it
    hold: IO[bytes] | None = None

    def end(self) -> None:
        """Stop the process and give up the hold on its version."""
        _stop(self.process)
        if self.hold is not None:
            self.hold.close()


class _Backend:
    """Oxigraph ``serve-read-only`` children; a stuck or outdated one is replaced.

    Children are started from one long-lived thread: on Linux they are killed
    when the thread that started them ends (``PR_SET_PDEATHSIG``), so a crash of
    this process never leaves them behind.
    """

    def __init__(self, store: Path, timeout_s: float) -> None:
        self.store = store
        self.timeout_s = timeout_s
        self.binary = _oxigraph_binary()
        self._lock = threading.Lock()
        self._current: _Child | None = None
        self._retiring: list[tuple[float, _Child]] = []
        self._generation = 0
        self._closed = threading.Event()
        self._spawner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="aikg-oxigraph")
        self._supervisor = threading.Thread(target=self._supervise, daemon=True)

    def _version(self) -> Path:
        version = current_version(self.store)
        if version is None:
            raise StoreError(f"no store at {self.store}: run `aikg build` first")
        return version

    def _spawn(self, version: Path) -> _Child:
        return self._spawner.submit(self._spawn_here, version).result()

    def _spawn_here(self, version: Path) -> _Child:
        last = ""
        for _ in range(3):
            port = free_port()
            cmd = [
                self.binary,
                "serve-read-only",
                "--location",
                str(version),
                "--bind",
                f"127.0.0.1:{port}",
                "--union-default-graph",  # the data and the metric results, as `aikg query` sees
                "--timeout-s",
                str(int(self.timeout_s) + 2),  # a backstop; our own timeout comes first
            ]
            process = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                preexec_fn=_die_with_parent if sys.platform == "linux" else None,  # noqa: PLW1509
            )
            deadline = time.monotonic() + _STARTUP_S
            while time.monotonic() < deadline and process.poll() is None:
                with (
                    contextlib.suppress(OSError),
                    socket.create_connection(("127.0.0.1", port), timeout=0.5),
                ):
                    self._generation += 1
                    return _Child(self._generation, process, port, version, hold_version(version))
                time.sleep(0.05)
            last = f"exit status {process.poll()}"
            _stop(process)
        raise StoreError(f"the Oxigraph server did not start on {version} ({last})")

    def start(self) -> None:
        """Start the first child on the store's current version, and its supervisor."""
        with self._lock:
            self._current = self._spawn(self._version())
        self._supervisor.start()

    def acquire(self) -> _Child:
        """Return the child to send a query to (a child that died is replaced first)."""
        with self._lock:
            if self._closed.is_set() or self._current is None:
                raise StoreError("the endpoint is shutting down")
            if self._current.process.poll() is not None:
                self._log(f"the query engine exited ({self._current.process.returncode}); "
                          "starting a new one")
                dead = self._current
                self._current = self._spawn(dead.version)
                dead.end()
            return self._current

    def _log(self, message: str) -> None:
        sys.stderr.write(f"aikg serve: {message}\n")

    def abandon(self, child: _Child) -> None:
        """Replace ``child`` after one of its queries timed out (once per child)."""
        with self._lock:
            if not self._closed.is_set() and child is self._current:
                self._replace(child.version)

    def _replace(self, version: Path) -> None:
        assert self._current is not None
        fresh = self._spawn(version)
        # Requests already sent to the old child end by their own deadline.
        self._retiring.append((time.monotonic() + self.timeout_s + 2.0, self._current))
        self._current = fresh

    def _supervise(self) -> None:
        """Stop retired children when due; switch to a new build when one appears."""
        while not self._closed.wait(0.5):
            with self._lock:
                if self._closed.is_set() or self._current is None:
                    return
                now, keep = time.monotonic(), []
                for due, child in self._retiring:
                    if now >= due:
                        child.end()
                    else:
                        keep.append((due, child))
                self._retiring = keep
                version = current_version(self.store)
                dead = self._current.process.poll() is not None
                if version is not None and (dead or version != self._current.version):
                    try:
                        self._replace(version)
                    except StoreError as exc:  # keep serving the old one
                        self._log(f"could not switch to {version.name}: {exc}")

    def close(self) -> None:
        """Stop every child."""
        with self._lock:
            self._closed.set()
            children = [c for _, c in self._retiring] + ([self._current] if self._current else [])
            self._retiring, self._current = [], None
        for child in children:
            child.end()
        self._spawner.shutdown(wait=True)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


class _QueryTimeoutError(Exception):
    pass


class _Reply:
    """A finished answer: status, headers and body."""

    def __init__(
        self, status: int, body: bytes, content_type: str, headers: Mapping[str, str] | None = None
    ) -> None:
        self.status = status
        self.body = body
        self.content_type = content_type
        self.headers = dict(headers or {})


def _bytes(data: bytes | None) -> bytes:
    assert data is not None  # serialising without an output file returns the bytes
    return data


def _text(status: int, message: str) -> _Reply:
    return _Reply(status, (message.rstrip() + "\n").encode("utf-8"), "text/plain; charset=utf-8")


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
            return _text(refusal.status, f"{refusal.status} {_PHRASES[refusal.status]}: "
                         f"{refusal.reason}")
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


class _Lines:
    """Lines of an upstream answer, each read before the query's deadline."""

    def __init__(
        self, conn: http.client.HTTPConnection, response: http.client.HTTPResponse, deadline: float
    ) -> None:
        self.conn = conn
        self.response = response
        self.deadline = deadline

    def next(self) -> bytes | None:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        if self.conn.sock is not None:
            self.conn.sock.settimeout(remaining)
        line = self.response.readline()
        return line or None

    def take(self, limit: int) -> tuple[list[bytes], bool]:
        """Read up to ``limit`` lines; also say whether more followed."""
        rows: list[bytes] = []
        for line in self:
            if len(rows) == limit:
                return rows, True
            rows.append(line if line.endswith(b"\n") else line + b"\n")
        return rows, False

    def __iter__(self) -> Iterator[bytes]:
        while (line := self.next()) is not None:
            yield line


#: Connections served at once; more are answered 503 and closed at once.
MAX_CONNECTIONS = 64


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, config: ServeConfig, backend: _Backend, *, quiet: bool) -> None:
        if ":" in config.host:
            self.address_family = socket.AF_INET6
        super().__init__((config.host, config.port), _Handler)
        self.config = config
        self.backend = backend
        self.quiet = quiet
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


class Endpoint:
    """The endpoint as an object: start it (or use it as a context manager), then close it.

    ``with Endpoint(ServeConfig(store_url, port=0)) as ep:`` serves from a
    background thread on a free port at ``ep.url`` until the block ends.
    """

    def __init__(self, config: ServeConfig, *, quiet: bool = False) -> None:
        loc = parse_store_url(config.store_url or default_store_url())
        if loc.kind != "oxigraph" or loc.path is None:
            raise StoreError(
                "aikg serve needs a built oxigraph:DIR store; a remote SPARQL server "
                "is already an endpoint, and a memory store has nothing to serve"
            )
        self.config = config
        self.backend = _Backend(loc.path, config.timeout_s)
        self.backend.start()
        try:
            self.server = _Server(config, self.backend, quiet=quiet)
        except OSError as exc:
            self.backend.close()
            raise StoreError(f"cannot listen on {config.host}:{config.port}: {exc}") from None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """Base URL of the endpoint (the UI; queries go to ``url + 'sparql'``)."""
        host, port = self.server.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else str(host)
        shown = f"[{name}]" if ":" in name else name
        return f"http://{shown}:{port}/"

    def serve_forever(self) -> None:
        """Answer requests until :meth:`close` is called from another thread."""
        self.server.serve_forever(poll_interval=0.2)

    def start(self) -> Endpoint:
        """Answer requests in a background thread."""
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop answering, then stop the Oxigraph children."""
        self.server.shutdown()
        self.server.server_close()
        self.backend.close()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def __enter__(self) -> Endpoint:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


def serve(
    store_url: str | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    timeout_s: float = 30.0,
    max_rows: int = 10_000,
    max_request_bytes: int = 1_000_000,
    quiet: bool = False,
) -> None:
    """Run the endpoint until Ctrl-C or SIGTERM, then shut it down cleanly.

    Parameters
    ----------
    store_url : str, optional
        An ``oxigraph:DIR`` store URL; the default store when omitted.
    host : str
        Interface to listen on; loopback unless you mean to share it.
    port : int
        TCP port (0: any free port; the URL is printed).
    timeout_s : float
        Longest a query may run before it is stopped with 503.
    max_rows : int
        Most solutions or triples returned per query.
    max_request_bytes : int
        Largest request accepted (413 above it).
    quiet : bool
        Do not log requests.

    Raises
    ------
    StoreError
        If there is no built store, the Oxigraph server is missing, or the
        port is taken.
    """
    config = ServeConfig(store_url, host, port, timeout_s, max_rows, max_request_bytes)
    endpoint = Endpoint(config, quiet=quiet)
    stop = threading.Event()

    def _on_signal(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    previous = {s: signal.signal(s, _on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        endpoint.start()
        print(
            f"aikg serve: {endpoint.url} (SPARQL at {endpoint.url}query, also /sparql; timeout "
            f"{timeout_s:g} s, limit {max_rows} rows; Ctrl-C stops)",
            flush=True,
        )
        while not stop.wait(0.5):
            pass
    finally:
        endpoint.close()
        for s, handler in previous.items():
            signal.signal(s, handler)
        print("aikg serve: stopped", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line of ``python -m graph.serve``; returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m graph.serve",
        description="A read-only SPARQL endpoint over the built aikg store.",
    )
    parser.add_argument(
        "--store", default=None, help="oxigraph:DIR (default: $AIKG_STORE or oxigraph:.aikg/store)"
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=7878)
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per query")
    parser.add_argument("--limit", type=int, default=10_000, help="rows per result")
    parser.add_argument("--max-request-bytes", type=int, default=1_000_000)
    parser.add_argument("--quiet", action="store_true", help="do not log requests")
    args = parser.parse_args(argv)
    try:
        serve(
            args.store,
            host=args.host,
            port=args.port,
            timeout_s=args.timeout,
            max_rows=args.limit,
            max_request_bytes=args.max_request_bytes,
            quiet=args.quiet,
        )
    except StoreError as exc:
        print(f"aikg serve: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
