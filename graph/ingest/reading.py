"""The article's text from a file, standard input or an http(s) URL; HTML reduced to its text.

HTML (a ``.html``/``.htm`` file, an ``text/html`` response, or text that starts like a
page) goes through trafilatura, imported only then, which keeps the article's main text
and drops menus and footers. A URL is fetched with the standard library (30 s timeout,
at most 5 MB). Every failure is an :class:`InputError` whose message says what went wrong.

Examples
--------
>>> looks_like_html("<!DOCTYPE html><html><body>x</body></html>"), looks_like_html("Amazon <3")
(True, False)
>>> try:
...     read_input("no/such/article.txt")
... except InputError as exc:
...     print(exc)
no/such/article.txt: no such file
"""

from __future__ import annotations

import re
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Article", "InputError", "looks_like_html", "read_input"]

_MAX_BYTES = 5_000_000
_HTML_START = re.compile(
    r"^\s*(?:<!doctype html|<html|<head|<body|<article|<p>|<div)", re.IGNORECASE
)


class InputError(Exception):
    """The input cannot be read as an article (missing, empty, unreadable, unreachable)."""


@dataclass(frozen=True)
class Article:
    """An article's text and where it came from (``url`` for a URL input)."""

    text: str
    origin: str
    url: str | None = None


def looks_like_html(text: str) -> bool:
    """Tell whether ``text`` starts like an HTML page."""
    return bool(_HTML_START.match(text[:200]))


def _html_text(html: str, origin: str) -> str:
    import trafilatura  # noqa: PLC0415  (only for HTML input)

    text = trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_recall=True
    )
    if not text or not text.strip():
        raise InputError(f"{origin}: no article text found in the HTML")
    return str(text)


def _decode(data: bytes, origin: str, charset: str | None = None) -> str:
    for encoding in [charset, "utf-8", "gb18030"]:
        if not encoding:
            continue
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise InputError(f"{origin}: not readable as UTF-8 (or GB 18030) text")


def _fetch(url: str) -> Article:
    request = urllib.request.Request(url, headers={"User-Agent": "aikg-ingest/0.1"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            data = response.read(_MAX_BYTES + 1)
            kind = response.headers.get_content_type()
            charset = response.headers.get_content_charset()
            final = response.geturl()
    except urllib.error.HTTPError as exc:
        raise InputError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise InputError(f"{url}: cannot fetch ({reason})") from None
    if len(data) > _MAX_BYTES:
        raise InputError(f"{url}: larger than {_MAX_BYTES // 1_000_000} MB")
    text = _decode(data, url, charset)
    if kind == "text/html" or looks_like_html(text):
        text = _html_text(text, url)
    return Article(text, url, final)


def read_input(source: str) -> Article:
    """Read the article named by ``source``: a file path, ``-`` (standard input) or a URL.

    Raises
    ------
    InputError
        When the input is missing, empty, not text, or the URL cannot be fetched.
    """
    if re.match(r"^https?://", source, re.IGNORECASE):
        article = _fetch(source)
    elif source == "-":
        data = sys.stdin.buffer.read()
        text = _decode(data, "standard input")
        article = Article(
            _html_text(text, "standard input") if looks_like_html(text) else text, "-"
        )
    else:
        path = Path(source)
        if not path.exists():
            raise InputError(f"{source}: no such file")
        if not path.is_file():
            raise InputError(f"{source}: not a file")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"{source}: cannot read ({exc.strerror})") from None
        if b"\x00" in data[:4096]:
            raise InputError(f"{source}: a binary file, not text")
        text = _decode(data, source)
        if path.suffix.lower() in {".html", ".htm"} or looks_like_html(text):
            text = _html_text(text, source)
        article = Article(text, source)
    if not article.text.strip():
        raise InputError(f"{article.origin}: empty text")
    return article
