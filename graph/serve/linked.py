r"""URIs that answer: ``/id/<slug>`` by content negotiation, and the entity site at ``/site/``.

aikg's identifiers are ``https://w3id.org/aikg/id/<slug>``. The endpoint answers the same
path the W3C "Cool URIs for the Semantic Web" way (303 URIs):

* ``Accept: text/turtle``, ``application/ld+json`` or ``application/n-triples``: 200 with the
  resource's triples (its symmetric concise bounded description, as the site's
  ``id/<slug>.ttl`` holds it);
* a browser (``text/html``), or no preference: ``303 See Other`` to the page that shows it
  (``/site/id/<slug>.html``, or its owner's page with an anchor for the long tail);
* an unknown slug: 404. Every answer says ``Vary: Accept``.

The answers come from the files ``aikg export`` wrote into ``exports/site/`` (no query is
built from the request: nothing of the URL reaches a SPARQL text), read-only, with the
endpoint's limits on request size and connections.

A w3id.org entry can send the permanent identifiers here with the same negotiation kept,
e.g. in the ``.htaccess`` of ``https://github.com/perma-id/w3id.org/tree/master/aikg``::

    RewriteEngine on
    RewriteRule ^id/(.+)$ https://aikg.example.org/id/$1 [R=303,L]

Examples
--------
>>> choose("text/html,application/xhtml+xml,*/*;q=0.8")
'text/html'
>>> choose("application/ld+json"), choose("text/turtle;q=0.9, application/n-triples")
('application/ld+json', 'application/n-triples')
>>> choose(None)
'text/html'
>>> site_file(Path("/srv/site"), "/site/../../etc/passwd") is None
True
"""

from __future__ import annotations

import json
import mimetypes
import threading
from pathlib import Path
from urllib.parse import quote, unquote

import pyoxigraph as ox

from graph.export.site_page import CSP
from graph.export.site_plan import page_file
from graph.serve.policy import negotiate
from graph.serve.replies import _Reply, _text
from graph.vocab import PREFIXES

__all__ = ["ID_FORMATS", "Linked", "choose", "site_file"]

#: What ``/id/<slug>`` offers: media type -> Oxigraph format (``None``: the HTML page).
ID_FORMATS: dict[str, ox.RdfFormat | None] = {
    "text/html": None,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
}
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".ttl": "text/turtle; charset=utf-8",
    ".json": "application/json",
}
_VARY = {"Vary": "Accept"}


def choose(accept: str | None) -> str:
    """Return the media type of :data:`ID_FORMATS` the ``Accept`` header prefers."""
    return negotiate(accept, ID_FORMATS)


def site_file(root: Path, path: str) -> Path | None:
    """Return the file of the site that ``path`` (``/site/...``) names, or ``None``.

    Only regular files inside ``root`` are served: no ``..``, no hidden entries (a staging
    folder), no symbolic link out of the folder.
    """
    rest = unquote(path[len("/site") :]).lstrip("/")
    parts = [p for p in rest.split("/") if p]
    if any(p in {".", ".."} or p.startswith(".") or "\\" in p or "\0" in p for p in parts):
        return None
    target = root.joinpath(*parts) if parts else root
    if target.is_dir():
        target = target / "index.html"
    try:
        resolved = target.resolve(strict=True)
        inside = resolved.is_relative_to(root.resolve(strict=True))
    except (OSError, RuntimeError):
        return None
    return resolved if inside and resolved.is_file() else None


class Linked:
    """Answers ``/id/`` and ``/site/`` requests from an exports folder's ``site/``.

    Parameters
    ----------
    exports : Path
        The exports folder (``aikg export --out``); its ``site/`` is read on each request,
        so a new export is served at once.
    """

    def __init__(self, exports: Path) -> None:
        self.root = exports / "site"
        self._places: tuple[float, dict[str, str]] = (-1.0, {})
        self._lock = threading.Lock()

    def _missing(self) -> _Reply:
        return _text(
            404,
            f"404 Not Found: no entity site in {self.root} (run aikg build, or "
            "aikg export --view site)",
        )

    def places(self) -> dict[str, str]:
        """Return slug -> where the site shows it (read again when the file changes)."""
        path = self.root / "places.json"
        try:
            stamp = path.stat().st_mtime
        except OSError:
            return {}
        with self._lock:
            if self._places[0] != stamp:
                places = json.loads(path.read_text(encoding="utf-8"))
                self._places = (stamp, {str(k): str(v) for k, v in places.items()})
            return self._places[1]

    def resource(self, path: str, accept: str | None) -> _Reply:
        """Answer ``GET /id/<slug>``."""
        if not self.root.is_dir():
            return self._missing()
        slug = unquote(path[len("/id/") :])
        if not slug or "/" in slug:
            return _text(404, f"404 Not Found: {path}")
        triples = self.root / "id" / f"{page_file(slug)}.ttl"
        if not triples.is_file():
            return _Reply(
                404,
                f"404 Not Found: no resource id:{slug}\n".encode(),
                "text/plain; charset=utf-8",
                _VARY,
            )
        mime = choose(accept)
        fmt = ID_FORMATS[mime]
        if fmt is None:
            place = self.places().get(slug) or f"id/{page_file(slug)}.ttl"
            location = "/site/" + quote(place, safe="/#-._~")
            body = f"303 See Other: {location}\n".encode()
            return _Reply(303, body, "text/plain; charset=utf-8", {"Location": location, **_VARY})
        turtle = triples.read_bytes()
        if fmt == ox.RdfFormat.TURTLE:
            body = turtle
        else:
            parsed = ox.parse(turtle, format=ox.RdfFormat.TURTLE)
            written = ox.serialize(parsed, format=fmt, prefixes=dict(PREFIXES))
            assert written is not None
            body = written
        return _Reply(200, body, f"{mime}; charset=utf-8" if "json" not in mime else mime, _VARY)

    def static(self, path: str) -> _Reply:
        """Answer ``GET /site/...`` with a file of the site."""
        if not self.root.is_dir():
            return self._missing()
        if path == "/site":
            return _Reply(301, b"", "text/plain", {"Location": "/site/"})
        found = site_file(self.root, path)
        if found is None:
            return _text(404, f"404 Not Found: {path}")
        kind = (
            _TYPES.get(found.suffix)
            or mimetypes.guess_type(found.name)[0]
            or "application/octet-stream"
        )
        headers = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
        if found.suffix == ".html":
            headers["Content-Security-Policy"] = CSP
        return _Reply(200, found.read_bytes(), kind, headers)
