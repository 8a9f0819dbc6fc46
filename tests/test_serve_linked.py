"""``/id/<slug>`` and ``/site/`` of a real ``python -m graph.serve`` process on loopback.

Content negotiation for HTML (303 to the page), Turtle, JSON-LD and N-Triples (the same
triples in each), ``Vary: Accept``, 404 for unknown ids and paths out of the site, and no
writes: other methods are refused and the files stay as they were.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import HTTPRedirectHandler, Request, build_opener

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from graph.export import export_all
from graph.turtle import from_ox

from .test_serve import Server

pytestmark = pytest.mark.slow  # a real server process

ID = "https://w3id.org/aikg/id/"
SCHEMA = "https://schema.org/"
FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "json-ld": ox.RdfFormat.JSON_LD,
    "nt": ox.RdfFormat.N_TRIPLES,
}
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *_args: object, **_kwargs: object) -> None:
        return None


_OPENER = build_opener(_NoRedirect)


def _http(
    url: str, accept: str | None = None, method: str = "GET"
) -> tuple[int, dict[str, str], bytes]:
    headers = {"Accept": accept} if accept else {}
    try:
        with _OPENER.open(Request(url, headers=headers, method=method), timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(folder).as_posix().encode() + p.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory, memory_graph: rdflib.Graph) -> Path:
    out = tmp_path_factory.mktemp("exports")
    export_all(memory_graph, out, views=["site"])
    return out


@pytest.fixture(scope="module")
def server(oxigraph_url: str, exports: Path) -> Iterator[Server]:
    srv = Server(oxigraph_url, "--exports", str(exports))
    yield srv
    code, out = srv.stop()
    assert code == 0, out


def test_a_browser_is_sent_to_the_page(server: Server) -> None:
    status, headers, _ = _http(server.base + "/id/anthropic", BROWSER)
    assert status == 303
    assert headers["Location"] == "/site/id/anthropic.html"
    assert headers["Vary"] == "Accept"
    status, headers, body = _http(server.base + headers["Location"], BROWSER)
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert b"<h1>Anthropic</h1>" in body
    # no preference at all: the page too (what a link followed by hand expects)
    assert _http(server.base + "/id/anthropic")[0] == 303


def test_the_long_tail_is_sent_to_its_place_on_the_owners_page(server: Server) -> None:
    status, headers, _ = _http(server.base + "/id/deal-amazon-anthropic-2026-t1", BROWSER)
    assert status == 303
    assert headers["Location"] == (
        "/site/id/deal-amazon-anthropic-2026.html#deal-amazon-anthropic-2026-t1"
    )


@pytest.mark.parametrize(
    ("accept", "mime", "fmt"),
    [
        ("text/turtle", "text/turtle; charset=utf-8", "turtle"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/n-triples", "application/n-triples; charset=utf-8", "nt"),
        ("text/turtle;q=0.5, application/ld+json;q=0.9", "application/ld+json", "json-ld"),
    ],
)
def test_machines_get_the_same_triples_in_each_format(
    server: Server, exports: Path, accept: str, mime: str, fmt: str
) -> None:
    status, headers, body = _http(server.base + "/id/deal-amazon-anthropic-2026", accept)
    assert status == 200
    assert headers["Content-Type"] == mime
    assert headers["Vary"] == "Accept"
    got = rdflib.Graph()
    for t in ox.parse(body, format=FORMATS[fmt]):
        got.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    expected = rdflib.Graph().parse(
        exports / "site" / "id" / "deal-amazon-anthropic-2026.ttl", format="turtle"
    )
    assert isomorphic(got, expected)
    deal = rdflib.URIRef(ID + "deal-amazon-anthropic-2026")
    assert (deal, rdflib.URIRef(SCHEMA + "name"), None) in got
    assert len(got) == len(expected) > 20


@pytest.mark.parametrize(
    "path",
    [
        "/id/no-such-entity",
        "/id/",
        "/id/%E4%BA%9A%E9%A9%AC%E9%80%8A",
        "/id/anthropic/extra",
        "/site/../README.md",
        "/site/%2e%2e/%2e%2e/pyproject.toml",
        "/site/id/missing.html",
        "/site/.staging-1/x",
    ],
)
def test_unknown_ids_and_paths_outside_the_site_are_404(server: Server, path: str) -> None:
    status, headers, body = _http(server.base + path, "text/turtle")
    assert status == 404, (path, body)
    if path.startswith("/id/"):
        assert headers.get("Vary") == "Accept" or path in {"/id/", "/id/anthropic/extra"}


def test_the_site_is_served_with_its_assets(server: Server) -> None:
    status, headers, body = _http(server.base + "/site/", BROWSER)
    assert status == 200
    assert b'id="search-data"' in body
    status, headers, _ = _http(server.base + "/site/assets/site.js")
    assert status == 200
    assert headers["Content-Type"].startswith("text/javascript")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert _http(server.base + "/site")[0] == 301
    status, headers, body = _http(server.base + "/site/id/anthropic.html", method="HEAD")
    assert status == 200
    assert body == b""
    assert int(headers["Content-Length"]) > 1000


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_nothing_is_written(server: Server, exports: Path, method: str) -> None:
    before = _digest(exports)
    for path in ("/id/anthropic", "/site/id/anthropic.html", "/site/places.json"):
        status, _, _ = _http(server.base + path, "text/turtle", method=method)
        assert status == 405, (method, path)
    assert _digest(exports) == before
