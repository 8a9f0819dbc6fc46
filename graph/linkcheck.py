"""Check that the cited sources still answer: dead, moved and changed links.

For users who are online. Each http(s) URL is fetched once (GET, redirects followed
and recorded) by a bounded pool of threads with a timeout and a polite user agent.
The result per URL is ``ok``, ``moved`` (answered after redirects to another URL),
``dead`` (an HTTP error status), ``timeout`` or ``error`` (no HTTP answer), with the
SHA-256 of the body; given the previous report, an ``ok`` page whose body hash
differs is ``changed``.

Examples
--------
>>> classify(200, "https://a.example/x", "https://a.example/x")
'ok'
>>> classify(200, "https://a.example/x", "https://a.example/y")
'moved'
>>> classify(404, "https://a.example/x", "https://a.example/x")
'dead'
"""

from __future__ import annotations

import hashlib
import json
import socket
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from http.client import HTTPMessage
from pathlib import Path
from typing import IO

__all__ = ["USER_AGENT", "LinkResult", "check_links", "classify", "load_report", "write_report"]

#: Sent with every request, so site owners can tell what is fetching their page.
USER_AGENT = "aikg-sources-check/0.2 (checks that pages cited by the aikg knowledge graph answer)"
_MAX_BODY = 5_000_000  # bytes read to hash a page


@dataclass(frozen=True)
class LinkResult:
    """What one URL answered."""

    url: str
    status: str
    http_status: int | None
    final_url: str
    redirects: tuple[str, ...]
    sha256: str | None
    error: str = ""


def classify(http_status: int | None, url: str, final_url: str) -> str:
    """Return ``ok``, ``moved`` or ``dead`` for an HTTP answer."""
    if http_status is None:
        return "error"
    if http_status >= 400:
        return "dead"
    return "moved" if final_url != url else "ok"


class _Recorder(urllib.request.HTTPRedirectHandler):
    """Follow redirects (at most 10) and remember each hop."""

    max_redirections = 10

    def __init__(self) -> None:
        self.hops: list[str] = []

    def redirect_request(  # noqa: PLR0917 - the signature urllib calls
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        self.hops.append(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _fetch(url: str, timeout: float) -> LinkResult:
    recorder = _Recorder()
    opener = urllib.request.build_opener(recorder)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with opener.open(request, timeout=timeout) as response:
            body = response.read(_MAX_BODY)
            final = response.geturl()
            code = int(response.status)
    except urllib.error.HTTPError as exc:
        final = exc.geturl() or url
        exc.close()
        return LinkResult(url, "dead", exc.code, final, tuple(recorder.hops), None, str(exc.reason))
    except TimeoutError:
        return LinkResult(url, "timeout", None, url, tuple(recorder.hops), None, "timed out")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        status = "timeout" if isinstance(reason, TimeoutError | socket.timeout) else "error"
        return LinkResult(url, status, None, url, tuple(recorder.hops), None, str(reason))
    digest = hashlib.sha256(body).hexdigest()
    return LinkResult(url, classify(code, url, final), code, final, tuple(recorder.hops), digest)


def check_links(
    urls: Iterable[str],
    *,
    concurrency: int = 8,
    timeout: float = 15.0,
    previous: Mapping[str, LinkResult] | None = None,
) -> list[LinkResult]:
    """Fetch each http(s) URL once and classify the answer.

    Parameters
    ----------
    urls : iterable of str
        The URLs (others, such as ``urn:``, are left out).
    concurrency : int
        At most this many requests at a time.
    timeout : float
        Seconds to wait for a connection or a read.
    previous : mapping, optional
        The last report by URL: an ``ok`` page whose body changed becomes ``changed``.

    Returns
    -------
    list of LinkResult
        Sorted by URL.
    """
    todo = sorted({u for u in urls if u.startswith(("http://", "https://"))})
    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        results = list(pool.map(lambda u: _fetch(u, timeout), todo))
    if previous:
        results = [
            LinkResult(**{**asdict(r), "status": "changed"})
            if r.status == "ok"
            and r.url in previous
            and previous[r.url].sha256
            and previous[r.url].sha256 != r.sha256
            else r
            for r in results
        ]
    return results


def write_report(results: Iterable[LinkResult], path: Path) -> None:
    """Write the results as JSON (one object per URL)."""
    rows = [{**asdict(r), "redirects": list(r.redirects)} for r in results]
    path.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def load_report(path: Path) -> dict[str, LinkResult]:
    """Read a report written by :func:`write_report`, by URL."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    return {
        row["url"]: LinkResult(**{**row, "redirects": tuple(row.get("redirects", ()))})
        for row in rows
    }
