"""The holes issue 19 found, each tried again against the real processes.

SERVICE obfuscations (fuzzed) against a live ``aikg serve`` with a loopback listener that
records any request; deep nesting; a dead query engine; the Host header; slow
connections; concurrent builds with queries; ``aikg query`` timeout and Ctrl-C; Rich
markup and control characters from data; files written into the exports folder during
an export; deep RDF collections.
"""

from __future__ import annotations

import contextlib
import http.server
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from urllib.request import Request

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.serve import free_port
from graph.serve.proxy import MAX_CONNECTIONS
from graph.sparql_guard import check_query, nesting_refusal, tokens

from .test_export_browser import browser  # noqa: F401 - the Chromium fixture
from .test_serve import COUNT, ROOT, Server, _alive, _http

pytestmark = pytest.mark.slow  # real processes, servers, browsers or large data

DATA = Path(__file__).resolve().parent / "data"
MINI = DATA / "mini.ttl"


# ------------------------------------------------------------ the listener ---


class _Trap:
    """A loopback HTTP server that records every request it gets."""

    def __init__(self) -> None:
        hits = self.hits = []  # type: list[str]

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(f"{self.command} {self.path}")
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"leaked")

            do_POST = do_HEAD = do_GET  # noqa: N815 - handler method names

            def log_message(self, *_args: object) -> None:
                return

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def trap() -> Iterator[_Trap]:
    t = _Trap()
    yield t
    t.close()


@pytest.fixture(scope="module")
def server(oxigraph_url: str) -> Iterator[Server]:
    srv = Server(oxigraph_url)
    yield srv
    code, out = srv.stop()
    assert code == 0, out


def _query(server: Server, query: str, *, post: bool = False) -> tuple[int, bytes]:
    if post:
        request = Request(server.sparql, data=query.encode("utf-8"), method="POST",
                          headers={"Content-Type": "application/sparql-query"})  # fmt: skip
    else:
        request = Request(server.sparql + "?" + urlencode({"query": query}))
    status, _, body = _http(request)
    return status, body


# ---------------------------------------------------- SERVICE, fuzzed live ---

_SPACES = [" ", "\t", "\n", "\r", "\r\n", " # c\n", "#\r", "\u00a0", "\u2028", "\u0085",
           "\x0b", "\x0c", "", "  "]  # fmt: skip
_KEYWORDS = ["SERVICE", "service", "SeRvIcE", "\\u0053ERVICE", "SERVIC\\u0045", "SERVICE SILENT",
             "service\tsilent"]  # fmt: skip
_LURES = [
    "",
    "VALUES ?z { <http://a/\u00a0#x> }",
    "VALUES ?z { <http://a/#x> }",
    'BIND("#" AS ?h)',
    "BIND('}' AS ?h)",
    'BIND("""a"b""" AS ?h)',
    'BIND("\\"#" AS ?h)',
    "FILTER(?a<?b)",
    "?s <http://x/\u2028> ?o .",
    "BIND(<http://a/\\u0023> AS ?i)",
]


@st.composite
def _federated(draw: st.DrawFn, target: str) -> str:
    sp = st.sampled_from(_SPACES)
    endpoint = draw(st.sampled_from([f"<{target}/s>", "?ep", f"<{target}/s?\u00a0#>"]))
    bind = f"BIND(<{target}/v> AS ?ep)" if endpoint == "?ep" else ""
    body = f"{draw(st.sampled_from(_KEYWORDS))}{draw(sp)}{endpoint}{draw(sp)}{{ ?s ?p ?o }}"
    lure = draw(st.sampled_from(_LURES))
    inner = f"{lure}{draw(sp)}{bind}{draw(sp)}{body}"
    for _ in range(draw(st.integers(0, 3))):  # nested groups and subqueries
        inner = draw(st.sampled_from([f"{{ {inner} }}", f"{{ SELECT * WHERE {{ {inner} }} }}",
                                      f"OPTIONAL {{ {inner} }}"]))  # fmt: skip
    head = draw(st.sampled_from(["SELECT * WHERE", "select*where", "ASK", "SELECT ?s {",
                                 "PREFIX e: <http://e/> SELECT * WHERE"]))  # fmt: skip
    query = f"{head} {{ {inner} }}" if not head.endswith("{") else f"{head} {inner} }}"
    if draw(st.booleans()):
        query = query.replace("SERVICE", "LOAD", 1) if "SERVICE" in query else query
    return query


def test_service_obfuscations_never_reach_the_network(server: Server, trap: _Trap) -> None:
    """2,000 generated SERVICE/LOAD variants: the engine never sends a request out."""
    sent = {"n": 0, "refused": 0}

    @settings(max_examples=2000, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(query=_federated(trap.url), post=st.booleans())
    def attempt(query: str, post: bool) -> None:
        status, _ = _query(server, query, post=post)
        sent["n"] += 1
        sent["refused"] += status in (400, 403)
        assert status != 200 or "SERVICE" not in query.upper(), query

    attempt()
    assert sent["n"] >= 2000
    assert trap.hits == []
    # the plain forms reach the listener when run without the endpoint? no: refused first
    assert sent["refused"] > 1900


def test_the_known_bypass_is_refused(server: Server, trap: _Trap) -> None:
    query = (
        "SELECT * WHERE { VALUES ?z { <http://a/\u00a0#x> } "
        f"SERVICE SILENT <{trap.url}/x> {{ ?s ?p ?o }} }}"
    )
    for post in (False, True):
        status, body = _query(server, query, post=post)
        assert status == 403, body
        assert b"SERVICE" in body
    leak = f"SELECT * WHERE {{ BIND(<{trap.url}/y> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}"
    assert _query(server, leak)[0] == 403
    assert trap.hits == []


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("SELECT * WHERE { ?s ?p ?o } # \u2028 SERVICE <http://x/> {}", 400),
        ("SELECT * {} # a \r SERVICE <http://x/> {}", 403),
        ("SELECT * { \\u0053ERVICE <http://x/> {} }", 403),
        ("SELECT * { ?s ?p 'unterminated }", 400),
        ("SELECT * WHERE { ?s ?p \"SERVICE <x>\" }", None),
        ("PREFIX ex: <http://x/> SELECT * WHERE { ?s ex:service ?service }", None),
        ("SELECT * WHERE { ?s ?p \"caf\\u00e9\" }", None),
        ("INSERT DATA { <a> <b> <c> }", 403),
        ("SELECT * WHERE { LOAD <http://x/> }", 403),
    ],
)
def test_guard_reads_like_a_sparql_lexer(query: str, status: int | None) -> None:
    refusal = check_query(query)
    assert (refusal.status if refusal else None) == status, refusal


def test_tokens_follow_the_sparql_terminals() -> None:
    got = [(t.kind, t.text) for t in tokens("ASK { <a b> ?x:y 'q\\'s' \"\"\"l\"i\"\"\" }")]
    assert got == [("word", "ASK"), ("punct", "{"), ("punct", "<"), ("word", "a"),
                   ("word", "b"), ("punct", ">"), ("var", "?x"), ("word", ":y"),
                   ("string", "'q\\'s'"), ("string", '"""l"i"""'), ("punct", "}")]  # fmt: skip


# ------------------------------------------------- deep nesting, dead engine ---


def test_deep_nesting_is_refused_and_the_endpoint_keeps_answering(server: Server) -> None:
    deep = "SELECT * WHERE " + "{" * 3000 + "}" * 3000
    assert _query(server, deep)[0] == 400
    assert _query(server, deep, post=True)[0] == 400
    started = time.monotonic()
    status, body = _query(server, COUNT)
    assert status == 200, body
    print(f"next request answered in {time.monotonic() - started:.3f} s")


def test_a_dead_engine_is_replaced_at_the_next_request(oxigraph_url: str) -> None:
    srv = Server(oxigraph_url)
    try:
        (child,) = srv.children()
        os.kill(child, signal.SIGKILL)
        for _ in range(50):
            if not _alive(child):
                break
            time.sleep(0.1)
        status, body = _query(srv, COUNT)
        assert status == 200, body
        assert child not in srv.children()
    finally:
        code, out = srv.stop()
    assert code == 0, out


def test_nesting_is_bounded_in_the_library_and_cli_too(oxigraph_url: str) -> None:
    deep = "SELECT * WHERE " + "{" * 3000 + "}" * 3000
    assert nesting_refusal(deep) is not None
    done = subprocess.run(
        [sys.executable, "-m", "graph", "query", deep, "--store", oxigraph_url],
        check=False, capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1
    assert "nested deeper than 256 levels" in done.stderr
    assert "Traceback" not in done.stderr


# ------------------------------------------------------ Host, slow clients ---


def test_requests_for_another_host_are_refused(server: Server) -> None:
    url = server.sparql + "?" + urlencode({"query": COUNT})
    for host in ("evil.example", f"evil.example:{server.port}", "127.0.0.1.nip.io"):
        status, _, body = _http(Request(url, headers={"Host": host}))
        assert status == 421, (host, body)
    for host in (f"127.0.0.1:{server.port}", f"localhost:{server.port}"):
        status, _, _ = _http(Request(url, headers={"Host": host}))
        assert status == 200, host


def test_a_burst_of_clients_is_let_in_while_the_server_is_busy(oxigraph_url: str) -> None:
    """The kernel completes the handshakes of a burst the server has not accepted yet.

    With Python's default listen backlog (5), the 7th client's SYN was dropped and sent
    again a second later: 300 clients took about 50 s to connect.
    """
    srv = Server(oxigraph_url)
    sockets: list[socket.socket] = []
    os.kill(srv.proc.pid, signal.SIGSTOP)  # busy: accepts nothing until it goes on
    try:
        for _ in range(MAX_CONNECTIONS):
            s = socket.socket()
            s.setblocking(False)
            s.connect_ex(("127.0.0.1", srv.port))
            sockets.append(s)
        pending, connected = set(sockets), 0
        deadline = time.monotonic() + 3.0
        while pending and time.monotonic() < deadline:
            _, writable, _ = select.select([], list(pending), [], 0.2)
            for s in writable:
                pending.discard(s)
                connected += s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0
        assert connected == MAX_CONNECTIONS
    finally:
        os.kill(srv.proc.pid, signal.SIGCONT)
        for s in sockets:
            s.close()
    assert _query(srv, COUNT)[0] == 200
    code, err = srv.stop()
    assert code == 0, err


def test_slow_connections_are_capped_and_closed_without_tracebacks(oxigraph_url: str) -> None:
    srv = Server(oxigraph_url)
    sockets: list[socket.socket] = []
    try:
        for _ in range(300):  # connect and never send a request
            s = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
            sockets.append(s)
        time.sleep(1.0)
        threads = len(list(Path(f"/proc/{srv.proc.pid}/task").iterdir()))
        assert threads < 300  # capped, not one thread per connection
        # the refusals were sent at once: read the sockets that have something to read
        # (not each of the 300 with a timeout, which waits on every connection served)
        ready, _, _ = select.select(sockets, [], [], 1.0)
        refused = 0
        for s in ready:
            with contextlib.suppress(OSError):
                refused += s.recv(64).startswith(b"HTTP/1.1 503")
        assert refused > 0
    finally:
        for s in sockets:
            s.close()
    time.sleep(0.5)
    try:
        assert _query(srv, COUNT)[0] == 200
    finally:
        code, err = srv.stop()
    assert code == 0
    assert "Traceback" not in err


# ---------------------------------------------------- concurrent builds ---

#: builds of the small graph, one after another in one process (argv: store, file, count)
_BUILDS = (
    "import sys; from pathlib import Path; from graph.build import build; "
    "from graph.resources import ontology_file; "
    "[build(sys.argv[1], paths=[ontology_file(), Path(sys.argv[2])]) "
    "for _ in range(int(sys.argv[3]))]"
)
BUILDERS, BUILDS_EACH, QUERIES_MAX = 3, 20, 40


def test_concurrent_builds_and_queries_always_leave_a_store(tmp_path: Path) -> None:
    # three processes build the same store 20 times each while `aikg query` processes,
    # two at a time, ask it for a count: every build and every query succeeds
    store = f"oxigraph:{tmp_path / 'kg'}"
    query = [sys.executable, "-m", "graph", "query", COUNT, "--store", store, "-f", "csv"]
    subprocess.run([sys.executable, "-c", _BUILDS, store, str(MINI), "1"], check=True, cwd=ROOT)
    builders = [
        subprocess.Popen([sys.executable, "-c", _BUILDS, store, str(MINI), str(BUILDS_EACH)],
                         cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(BUILDERS)
    ]  # fmt: skip
    asked: list[str] = []  # the answers of the queries that started while a build ran
    failed: list[str] = []
    lock = threading.Lock()

    def ask() -> None:
        while any(b.poll() is None for b in builders):
            with lock:
                if len(asked) + len(failed) >= QUERIES_MAX:
                    return
            run = subprocess.run(
                query, check=False, capture_output=True, text=True, cwd=ROOT, timeout=120
            )
            with lock:
                if run.returncode != 0 or "Traceback" in run.stderr:
                    failed.append(run.stderr)
                else:
                    asked.append(run.stdout.splitlines()[1])

    askers = [threading.Thread(target=ask) for _ in range(2)]
    for t in askers:
        t.start()
    for t in askers:
        t.join()
    for b in builders:
        _out, err = b.communicate(timeout=600)
        assert b.returncode == 0, err
        assert "Traceback" not in err
    assert failed == []
    assert len(asked) >= 10, asked  # queries did run beside the builds
    after = subprocess.run(
        query, check=False, capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert after.returncode == 0, after.stderr
    count = after.stdout.splitlines()[1]
    assert count.isdigit()
    assert int(count) > 0
    assert set(asked) == {count}  # every build writes the same graph: never a part of it
    print(f"{len(asked)} queries beside {BUILDERS * BUILDS_EACH} builds")
    # a version a reader held, or another build was writing, when a build pruned is
    # left to the next build: with nobody else about, that one tidies up
    subprocess.run([sys.executable, "-c", _BUILDS, store, str(MINI), "1"], check=True, cwd=ROOT)
    versions = sorted(p.name for p in (tmp_path / "kg").glob("v-*"))
    assert len(versions) <= 3  # old versions are still pruned


# ------------------------------------------------------------ aikg query ---

_SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def _wait_for_the_query(proc: subprocess.Popen[str]) -> None:
    """Wait until ``aikg query`` runs its query: its worker thread exists beside the main one.

    A fixed sleep is not enough on a loaded machine: a Ctrl-C that comes while Python is
    still importing is a plain KeyboardInterrupt, not the command's.
    """
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        names = []
        for task in Path(f"/proc/{proc.pid}/task").glob("*"):
            try:
                names.append((task / "comm").read_text().strip())
            except OSError:  # a thread that ended meanwhile
                continue
        if sum(not n.startswith("rocksdb") for n in names) >= 2:  # not the store's threads
            return
        time.sleep(0.01)
    raise AssertionError(f"the query did not start (exit status {proc.poll()})")


def test_query_timeout_and_ctrl_c_stop_at_once(oxigraph_url: str) -> None:
    cmd = [sys.executable, "-m", "graph", "query", _SLOW, "--store", oxigraph_url]
    done = subprocess.run(
        [*cmd, "--timeout", "1"], check=False, capture_output=True, text=True, cwd=ROOT,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 1
    assert "ran longer than 1 s (--timeout)" in done.stderr
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)  # fmt: skip
    try:
        _wait_for_the_query(proc)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:  # never leave a runaway query behind
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 130
    assert "interrupted" in err
    bad = subprocess.run([*cmd, "--timeout", "0"], check=False, capture_output=True, text=True,
                         cwd=ROOT)  # fmt: skip
    assert bad.returncode == 2


_FINALIZER_LOOP = """
import sys, time
from graph.cli.querying import _ctrl_c_ends_the_command

class Slow:
    def __del__(self):
        time.sleep(0.2)  # a Ctrl-C raised here is printed as "Exception ignored", then lost

print("ready", flush=True)
with _ctrl_c_ends_the_command():
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        Slow()
print("still running", flush=True)
"""


def test_ctrl_c_inside_a_finalizer_still_ends_the_query_command() -> None:
    # Python loses a KeyboardInterrupt raised inside a finalizer; `aikg query` must not
    # go on running its query then (it did until its --timeout, 300 s by default)
    proc = subprocess.Popen(
        [sys.executable, "-c", _FINALIZER_LOOP], cwd=ROOT, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline() == "ready\n"
        time.sleep(0.5)  # well inside the loop, most of the time in a finalizer
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 130, err
    assert "interrupted: the query was stopped" in err
    assert "still running" not in out


def test_the_query_command_puts_the_ctrl_c_handler_back() -> None:
    from graph.cli.querying import _ctrl_c_ends_the_command  # noqa: PLC0415

    before = signal.getsignal(signal.SIGINT)
    with _ctrl_c_ends_the_command():
        assert signal.getsignal(signal.SIGINT) is not before
    assert signal.getsignal(signal.SIGINT) is before


def test_markup_and_control_characters_from_data_stay_plain(oxigraph_url: str) -> None:
    text = "[/] [bold]x[/bold] [link=https://evil.example]click[/link] \x1b[31mred\u202e"
    literal = text.replace("\\", "\\\\").replace('"', '\\"').replace("\x1b", "\\u001B")
    literal = literal.replace("\u202e", "\\u202E")
    query = f'SELECT ?n WHERE {{ BIND("{literal}" AS ?n) }}'
    for fmt in ("table", "csv"):
        done = subprocess.run(
            [sys.executable, "-m", "graph", "query", query, "--store", oxigraph_url, "-f", fmt],
            check=False, capture_output=True, text=True, cwd=ROOT, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert "[link=https://evil.example]click[/link]" in done.stdout
        assert "[/]" in done.stdout
        assert "\x1b" not in done.stdout
        assert "\u202e" not in done.stdout
        assert "\x1b]8;" not in done.stdout  # no terminal hyperlink


# -------------------------------------------------------------- exports ---


def test_files_written_into_the_exports_folder_during_an_export_survive(
    tmp_path: Path, oxigraph_url: str
) -> None:
    out = tmp_path / "exports"
    out.mkdir()
    stop = threading.Event()
    written: list[Path] = []

    def writer() -> None:
        n = 0
        while not stop.is_set():
            path = out / f"mine-{n}.txt"
            path.write_text(str(n))
            written.append(path)
            n += 1
            time.sleep(0.002)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        for _ in range(3):
            subprocess.run([sys.executable, "-m", "graph", "export", "--store", oxigraph_url,
                            "--view", "ecosystem", "--out", str(out)], check=True, cwd=ROOT,
                           capture_output=True)  # fmt: skip
    finally:
        stop.set()
        thread.join()
    assert len(written) > 50
    missing = [p.name for p in written if not p.exists()]
    assert missing == []
    assert (out / "ecosystem.html").is_file()


# ------------------------------------------------------ deep collections ---


def test_deep_collections_are_refused_by_validate_and_build_alike(tmp_path: Path) -> None:
    deep = tmp_path / "deep.ttl"
    deep.write_text(
        "@prefix id: <https://w3id.org/aikg/id/> . @prefix schema: <https://schema.org/> .\n"
        "@prefix aikg: <https://w3id.org/aikg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'id:deepco a aikg:Company ; schema:name "Deep Co" ; aikg:countryCode "US" ;\n'
        "  rdfs:comment " + "( " * 5000 + '"x"' + " )" * 5000 + " .\n",
        encoding="utf-8",
    )
    store = f"oxigraph:{tmp_path / 'kg'}"
    run = [sys.executable, "-m", "graph"]
    validated = subprocess.run([*run, "validate", str(deep)], check=False, capture_output=True,
                               text=True, cwd=ROOT, timeout=300)  # fmt: skip
    assert validated.returncode == 1
    message = "id:deepco rdfs:comment: an RDF collection nested 5000 levels deep (at most 32)"
    assert message in validated.stderr
    built = subprocess.run([*run, "build", "--store", store, "--exports", str(tmp_path / "ex"),
                            "--facts", str(deep)], check=False, capture_output=True, text=True,
                           cwd=ROOT, timeout=600)  # fmt: skip
    assert built.returncode == 1
    assert message in built.stderr
    assert "Traceback" not in built.stderr
    assert not (tmp_path / "kg" / "current").exists()
    assert not (tmp_path / "ex").exists()


# ------------------------------------------------------------- query UI ---


def test_query_ui_stays_on_the_machine(server: Server, browser: Any, tmp_path: Path) -> None:  # noqa: F811
    """The page loads, completes prefixes from aikg's list and runs a query, all on loopback."""
    status, headers, body = _http(Request(server.base + "/"))
    assert status == 200
    assert "connect-src 'self'" in headers["Content-Security-Policy"]
    assert b"<title>aikg: read-only SPARQL</title>" in body
    assert b'"/update"' not in body
    requests: list[str] = []
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server.base + "/")
    page.wait_for_selector(".CodeMirror")
    page.click(".CodeMirror")
    page.keyboard.press("Control+End")
    page.keyboard.type("\n# aikg: sch")
    page.keyboard.press("Control+Space")
    page.wait_for_timeout(500)
    page.click(".yasqe_queryButton")
    page.wait_for_selector(".yasr_results, .dataTable, table", timeout=20_000)
    page.screenshot(path=str(tmp_path / "ui-1440.png"))
    page.close()
    outside = [u for u in requests if not u.startswith(server.base)]
    assert outside == []
    assert any(u.endswith("/prefixes.json") for u in requests)
    assert any("/sparql" in u for u in requests)


# ------------------------------------------------- one thing, one node ---


def test_look_alike_ids_duplicate_names_two_kinds_and_negative_durations(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix id: <https://w3id.org/aikg/id/> . @prefix schema: <https://schema.org/> .\n"
        "@prefix aikg: <https://w3id.org/aikg/ontology#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "@prefix prov: <http://www.w3.org/ns/prov#> .\n"
        f'id:{chr(0x430)}mazon a aikg:Company ; schema:name "AMAZON" ; aikg:countryCode "US" .\n'
        'id:weird a aikg:Company , aikg:Chip ; schema:name "Weird" ; aikg:countryCode "US" ;\n'
        "  aikg:designer id:weird .\n"
        'id:src-x a aikg:Source ; schema:url <https://www.reuters.com/x> ; schema:publisher "R" ;\n'
        '  schema:datePublished "2025-01-02"^^xsd:date .\n'
        "id:commit-x a aikg:SpendCommitment ; aikg:customer id:openai ; aikg:provider id:oracle ;\n"
        '  aikg:announcedDate "2025-01-02"^^xsd:date ; aikg:duration "-P5Y" ;\n'
        "  prov:wasDerivedFrom id:src-x ; aikg:claimStatus aikg:Reported .\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "graph", "validate", "ontology/facts", str(bad), "--warnings"],
        check=False, capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert done.returncode == 1
    err = done.stderr
    twin = f"id:{chr(0x430)}mazon"
    assert "look-alike id: its letters mix scripts (CYRILLIC, LATIN); it reads as id:amazon" in err
    assert f"id:amazon has the same name as {twin}" in err
    assert "id:weird rdf:type: typed as aikg:Chip and aikg:Organization" in err
    assert "id:commit-x aikg:duration" in err
    assert "never negative" in err
    assert "Traceback" not in err


# ------------------------------------------------ every case: a message ---


def _corrupt_store(tmp_path: Path) -> str:
    version = tmp_path / "bad" / "v-20260101T000000-1-000001"
    version.mkdir(parents=True)
    (version / "CURRENT").write_text("garbage\n")
    (version / "MANIFEST-000001").write_bytes(os.urandom(512))
    os.symlink(version.name, tmp_path / "bad" / "current")
    return f"oxigraph:{tmp_path / 'bad'}"


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["stats", "--store", "memory"], 1, "--store memory is empty"),
        (["build", "--store", "oxigraph:/etc/passwd", "--exports", "{tmp}/ex"], 1, "/etc/passwd"),
        (["stats", "--store", "sparql+http://127.0.0.1:{port}/sparql"], 1, "cannot reach"),
        (["serve", "--port", "99999"], 2, "--port"),
        (["stats", "-f", "csv", "--store", "{store}"], 2, "--format must be table or json"),
        (["metrics", "--limit", "-5", "--store", "{store}"], 2, "--limit must be 0"),
        (["query", "deals_by_investor", "-p", "investor=google", "-p", "investor=amazon",
          "--store", "{store}"], 1, "given twice"),
        (["stats", "--store", "{corrupt}"], 1, "run `aikg build`"),
    ],
)  # fmt: skip
def test_bad_invocations_end_in_a_message(
    args: list[str], code: int, words: str, tmp_path: Path, oxigraph_url: str
) -> None:
    values = {"tmp": str(tmp_path), "port": str(free_port()), "store": oxigraph_url}
    if "{corrupt}" in args:
        values["corrupt"] = _corrupt_store(tmp_path)
    argv = [a.format(**values) for a in args]
    done = subprocess.run([sys.executable, "-m", "graph", *argv], check=False, capture_output=True,
                          text=True, cwd=tmp_path, timeout=120)  # fmt: skip
    assert done.returncode == code, done.stderr
    assert words in done.stderr
    assert "Traceback" not in done.stderr
