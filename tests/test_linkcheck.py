"""`aikg sources check` against a local HTTP server on loopback: no request leaves the machine."""

from __future__ import annotations

import http.server
import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import graph
from graph.build import build
from graph.linkcheck import USER_AGENT, check_links, load_report, write_report
from graph.resources import ontology_file
from graph.vocab import SCHEMA

BODY = {"/ok": b"first version", "/moved-target": b"the new home"}
SEEN_AGENTS: list[str] = []


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        SEEN_AGENTS.append(self.headers.get("User-Agent", ""))
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/moved-target")
            self.end_headers()
        elif self.path in BODY:
            self.send_response(200)
            self.end_headers()
            self.wfile.write(BODY[self.path])
        elif self.path == "/gone":
            self.send_error(404)
        elif self.path == "/broken":
            self.send_error(500)
        elif self.path == "/hang":
            time.sleep(3)
            self.send_response(200)
            self.end_headers()
        else:
            self.send_error(400)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_each_kind_of_answer_is_classified(server):
    urls = [f"{server}{p}" for p in ("/ok", "/moved", "/gone", "/broken", "/hang")]
    results = {r.url.rsplit("/", 1)[-1]: r for r in check_links([*urls, "urn:x:y"], timeout=1.0)}
    assert {k: r.status for k, r in results.items()} == {
        "ok": "ok", "moved": "moved", "gone": "dead", "broken": "dead", "hang": "timeout",
    }
    assert results["moved"].final_url == f"{server}/moved-target"
    assert results["moved"].redirects == (f"{server}/moved-target",)
    assert results["gone"].http_status == 404
    assert results["broken"].http_status == 500
    assert results["ok"].sha256 is not None
    assert set(SEEN_AGENTS) == {USER_AGENT}


def test_a_page_whose_content_changed_is_reported(server, tmp_path):
    url = f"{server}/ok"
    first = tmp_path / "first.json"
    write_report(check_links([url]), first)
    assert check_links([url], previous=load_report(first))[0].status == "ok"
    BODY["/ok"] = b"second version"
    try:
        assert check_links([url], previous=load_report(first))[0].status == "changed"
    finally:
        BODY["/ok"] = b"first version"


def test_cli_checks_the_sources_of_a_store(server, tmp_path):
    text = (Path(__file__).parent / "data" / "mini.ttl").read_text(encoding="utf-8")
    text = text.replace("<https://example.org/test-deal>", f"<{server}/gone>")
    facts = tmp_path / "facts.ttl"
    facts.write_text(text, encoding="utf-8")
    store = f"oxigraph:{tmp_path / 'kg'}"
    build(store, paths=[ontology_file(), facts])
    urls = [str(u) for u in graph.load(store).objects(None, SCHEMA.url)]
    assert urls
    assert all(u.startswith("http://127.0.0.1:") for u in urls)  # nothing leaves the machine
    report = tmp_path / "links.json"
    done = subprocess.run(
        [sys.executable, "-m", "graph", "sources", "check", "--store", store, "--out", str(report),
         "--timeout", "2", "--concurrency", "2"],
        capture_output=True, text=True, check=True,
    )
    assert "dead: " in done.stdout
    rows = json.loads(report.read_text(encoding="utf-8"))
    got = [(r["url"], r["status"], r["http_status"]) for r in rows]
    assert got == [(f"{server}/gone", "dead", 404)]
