"""Nothing executed, nothing let in: SPARQL injection, CSV formulas, the endpoint, HTML.

(What ``tests/test_serve.py`` already proves about the endpoint — read-only, loopback,
timeout, row and request limits — is not repeated; this adds federated ``SERVICE``
calls, which would make the server fetch any URL a client names.)
"""

from __future__ import annotations

import csv
import http.server
import io
import os
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import pytest
import rdflib

from graph.build import build
from graph.export import export_all
from graph.queries import QueryError, list_queries, run_query
from graph.serve import free_port, uses_service
from graph.store import open_graph

pytestmark = pytest.mark.slow  # real processes, servers, browsers or large data

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
INJECTIONS = [
    '"} ; DROP ALL ; {"',
    "} ; DROP ALL ; {",
    '"^^<http://www.w3.org/2001/XMLSchema#date> } ; DROP ALL ; { "',
    "<https://w3id.org/aikg/id/amazon> } ; DELETE WHERE { ?s ?p ?o } ; SELECT * { ",
    "amazon> } DROP ALL { <x",
    "id:amazon ; DROP ALL",
    "1 } ; INSERT DATA { <urn:a> <urn:b> <urn:c> } ; SELECT * { ",
    '2026-04-30" } DROP ALL { "',
    "true } UNION { ?s ?p ?o",
    '\\" } DROP ALL { \\"',
]
FORMULA_FIXTURE = """\
@prefix aikg:   <https://w3id.org/aikg/ontology#> .
@prefix id:     <https://w3id.org/aikg/id/> .
@prefix schema: <https://schema.org/> .
@prefix prov:   <http://www.w3.org/ns/prov#> .
@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .

<https://w3id.org/aikg/id/=HYPERLINK(1)> a aikg:Company ;
    schema:name "=HYPERLINK(\\"http://x\\")" ; aikg:countryCode "US" ;
    aikg:role aikg:CloudProvider, aikg:Investor .
<https://w3id.org/aikg/id/@lab> a aikg:Company ; schema:name "@SUM(A1)" ;
    aikg:countryCode "FR" ; aikg:role aikg:ModelDeveloper .
id:src-formula a aikg:Source ; schema:url <https://example.org/formula> ;
    schema:publisher "+cmd|' /C calc'!A0" ; schema:datePublished "2025-01-02"^^xsd:date .
<https://w3id.org/aikg/id/-deal> a aikg:EquityInvestment ; schema:name "=cmd|' /C calc'!A0" ;
    aikg:investor <https://w3id.org/aikg/id/=HYPERLINK(1)> ;
    aikg:investee <https://w3id.org/aikg/id/@lab> ;
    aikg:amount [ a schema:MonetaryAmount ; schema:value 2000000000.0 ; schema:currency "USD" ] ;
    aikg:announcedDate "2025-01-02"^^xsd:date ;
    prov:wasDerivedFrom id:src-formula ; aikg:claimStatus aikg:Reported .
<https://w3id.org/aikg/id/-commit> a aikg:SpendCommitment ;
    aikg:customer <https://w3id.org/aikg/id/@lab> ;
    aikg:provider <https://w3id.org/aikg/id/=HYPERLINK(1)> ;
    aikg:amount [ a schema:MonetaryAmount ; schema:value 5000000000.0 ; schema:currency "USD" ] ;
    aikg:announcedDate "2025-01-02"^^xsd:date ;
    prov:wasDerivedFrom id:src-formula ; aikg:claimStatus aikg:Reported .
"""
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TIMELINE = ("timeline", "supplier_concentration", "--from", "2025-01-01", "--to", "2025-12-31")
TIMELINE = (*TIMELINE, "-f", "csv")


def _env(store: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k == "AIKG_CACHE_DIR" or not k.startswith("AIKG_")
    }
    env["AIKG_STORE"] = store
    env["PYTHONPATH"] = str(ROOT)
    return env


def _aikg(store: str, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graph", *args],
        cwd=cwd, env=_env(store), capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


# ---------------------------------------------------------- SPARQL injection ---


def test_hostile_parameters_through_the_api_change_nothing(tmp_path: Path) -> None:
    """On a *writable* Oxigraph store: every parameter of every named query."""
    url = f"oxigraph:{tmp_path / 'store'}"
    build(url)
    kg = open_graph(url, read_only=False)
    before = len(kg)
    tried = 0
    for query in list_queries():
        for param in query.params:
            for value in INJECTIONS:
                tried += 1
                try:
                    rows = list(run_query(kg, query, {param.name: value}))
                except QueryError:
                    continue
                assert rows == [], (query.name, param.name, value)  # bound as one literal
    assert tried >= 100
    assert len(kg) == before
    kg.close()


def test_hostile_parameters_through_the_cli_change_nothing(tmp_path: Path) -> None:
    store = f"oxigraph:{tmp_path / 'store'}"
    build(store)
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = _aikg(store, tmp_path, "query", count, "-f", "csv").stdout
    link = os.readlink(tmp_path / "store" / "current")
    for spec, param in (
        ("deals_by_investor", "investor"),
        ("snapshot_as_of", "as_of"),
        ("claim_provenance", "reference"),
        ("families_on_major_clouds", "min_clouds"),
    ):
        run = _aikg(store, tmp_path, "query", spec, "-p", f"{param}={INJECTIONS[0]}", "-f", "csv")
        assert "Traceback" not in run.stderr
        if run.returncode == 0:  # bound as a string: matches no claim
            assert run.stdout.strip().count("\n") == 0, run.stdout
        else:
            assert run.returncode == 1
            assert f"parameter {param} expects" in run.stderr
    assert _aikg(store, tmp_path, "query", count, "-f", "csv").stdout == before
    assert os.readlink(tmp_path / "store" / "current") == link


# ------------------------------------------------------------- CSV formulas ---


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text)) for c in row]


def test_csv_exports_neutralise_formula_cells(tmp_path: Path) -> None:
    facts = tmp_path / "formula.ttl"
    facts.write_text(FORMULA_FIXTURE, encoding="utf-8")
    store = f"oxigraph:{tmp_path / 'store'}"
    built = _aikg(store, tmp_path, "build", "--facts", str(facts))
    assert built.returncode == 0, built.stderr
    outputs = {
        "metrics.csv": (tmp_path / "exports" / "metrics.csv").read_text(encoding="utf-8"),
        "aikg metrics -f csv": _aikg(store, tmp_path, "metrics", "-f", "csv").stdout,
        "aikg timeline -f csv": _aikg(store, tmp_path, *TIMELINE).stdout,
        "aikg whatif -f csv": _aikg(
            store, tmp_path, "whatif", "--drop", "-commit", "-f", "csv"
        ).stdout,
        "aikg query -f csv": _aikg(
            store, tmp_path, "query", "SELECT ?n WHERE { ?c schema:name ?n }", "-f", "csv"
        ).stdout,
    }
    for name, text in outputs.items():
        cells = _cells(text)
        assert cells, name
        # a cell may start with a sign only when it is a plain number, or the bound "=" alone
        # (a lone sign evaluates nothing; "'=" would be a wrong answer in every reader)
        bad = [c for c in cells if c.startswith(FORMULA_START) and not _is_number(c) and c != "="]
        assert not bad, (name, bad[:5])
    # the hostile ids reached the files, neutralised
    assert any(c.startswith("'=") for c in _cells(outputs["aikg query -f csv"]))
    for name in ("metrics.csv", "aikg metrics -f csv", "aikg timeline -f csv"):
        cells = _cells(outputs[name])
        assert any(c.startswith("'@lab") for c in cells), name
        assert any(c.startswith("'-commit") for c in cells), name


# ---------------------------------------------------------------- HTML pages ---


class _Resources(HTMLParser):
    """Collect every URL an HTML page would load or link to."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.links: list[tuple[str, str]] = []
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self._style = tag == "style"
        for key in ("src", "srcset", "data", "action", "poster", "background", "formaction"):
            if key in values:
                self.loads.append(f"{tag} {key}={values[key]}")
        if "href" in values:
            if tag == "a":
                self.links.append((values["href"], values.get("rel", "")))
            else:  # <link href>, <base href>...: loaded by the browser
                self.loads.append(f"{tag} href={values['href']}")
        if "style" in values and "url(" in values["style"]:
            self.loads.append(f"{tag} style={values['style']}")

    def handle_data(self, data: str) -> None:
        if self._style and ("url(" in data or "@import" in data):
            self.loads.append(f"style {data[:80]}")


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("exports")
    result = build("memory", extra_paths=[DATA / "xss.ttl"])
    assert result.graph is not None
    export_all(result.graph, out, views=["tri-polar", "ecosystem", "report"])
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.glob("*.html"))}


def test_exported_html_loads_nothing_from_the_network(pages: dict[str, str]) -> None:
    assert set(pages) == {"tri-polar.html", "ecosystem.html", "report.html"}
    for name, html in pages.items():
        parser = _Resources()
        parser.feed(html)
        remote = [u for u in parser.loads if "http:" in u or "https:" in u or "=//" in u]
        assert not remote, (name, remote[:5])
        for href, rel in parser.links:
            assert not href.lower().lstrip().startswith(("javascript:", "data:", "vbscript:"))
            if href.startswith(("http:", "https:", "//")):
                assert {"noopener", "noreferrer"} <= set(rel.split()), (name, href, rel)
        assert "<script>window.__xss" not in html
        assert "<img src=x onerror" not in html


# ------------------------------------------------------------------ endpoint ---


@pytest.mark.parametrize(
    ("query", "federated"),
    [
        ("SELECT * WHERE { SERVICE <http://10.0.0.1/sparql> { ?s ?p ?o } }", True),
        ("select * where { service silent <http://x/> { ?s ?p ?o } }", True),
        ("SELECT * WHERE { ?s ?p ?o SERVICE ?endpoint { ?a ?b ?c } }", True),
        ("SELECT*WHERE{?a<?b)SERVICE<http://x/>{?s ?p ?o}}", True),
        ('SELECT * WHERE { ?s ?p "SERVICE <http://x/>" }', False),
        ("SELECT * WHERE { ?s <http://x/SERVICE> ?o } # SERVICE <y>", False),
        ("SELECT ?service WHERE { ?service a ?t }", False),
        ("PREFIX ex: <http://x/> SELECT * WHERE { ?s ex:SERVICE ?o }", False),
    ],
)
def test_federated_queries_are_recognised(query: str, federated: bool) -> None:
    assert uses_service(query) is federated


def test_endpoint_fetches_no_url_a_client_names(oxigraph_url: str) -> None:
    """SERVICE and FROM <url> never make the server send a request elsewhere (no SSRF)."""
    hits: list[str] = []

    class Trap(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        do_POST = do_GET  # noqa: N815 - the handler's method name

        def log_message(self, *_args: object) -> None:
            return

    trap = http.server.HTTPServer(("127.0.0.1", free_port()), Trap)
    threading.Thread(target=trap.serve_forever, daemon=True).start()
    target = f"http://127.0.0.1:{trap.server_port}"
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "graph.serve", "--store", oxigraph_url, "--port", str(port),
         "--timeout", "3", "--quiet"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(200):
            try:
                with urlopen(f"http://127.0.0.1:{port}/", timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        statuses = []
        for query in (
            f"SELECT * WHERE {{ SERVICE <{target}/sparql> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ SERVICE SILENT <{target}/sparql> {{ ?s ?p ?o }} }}",
            f"SELECT * FROM <{target}/data.ttl> WHERE {{ ?s ?p ?o }} LIMIT 1",
            f"SELECT * FROM NAMED <{target}/g> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} LIMIT 1",
            f"LOAD <{target}/x.ttl>",
        ):
            request = Request(
                f"http://127.0.0.1:{port}/sparql",
                data=urlencode({"query": query}).encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            )
            try:
                with urlopen(request, timeout=10) as response:
                    statuses.append(response.status)
            except HTTPError as exc:
                statuses.append(exc.code)
        time.sleep(0.3)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        trap.shutdown()
        trap.server_close()
    assert hits == []
    assert statuses[:2] == [403, 403]
    assert statuses[-1] == 403


def test_read_only_store_refuses_updates(oxigraph_url: str) -> None:
    kg = open_graph(oxigraph_url)
    assert isinstance(kg, rdflib.Graph)
    with pytest.raises(Exception, match=r"(?i)read|update|not"):  # read-only opens refuse writes
        kg.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
