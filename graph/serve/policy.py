r"""What a request to the endpoint may do: read-only checks, formats and content negotiation.

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

import contextlib
import re
from collections.abc import Mapping

import pyoxigraph as ox

from graph.sparql_guard import check_query
from graph.vocab import PREFIXES

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
