"""The entity site (exports/site/): which pages exist, what the Anthropic page says, links, safety.

Counts and values are read from the graph by SPARQL here, independently of the site's code.
The browser checks are in ``test_site_browser.py``.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pyoxigraph as ox
import pytest
import rdflib

from graph.build import build
from graph.export import export_all
from graph.export.site_data import read_resources
from graph.export.site_plan import DEAL_KINDS, PAGE_KINDS, page_file
from graph.oxterms import triples_to_ox

DATA = Path(__file__).parent / "data"
ID = "https://w3id.org/aikg/id/"
AIKG = "https://w3id.org/aikg/ontology#"

#: Long-tail resources the curated data does not have: an imported organisation and its release.
TAIL = """
@prefix aikg: <https://w3id.org/aikg/ontology#> . @prefix id: <https://w3id.org/aikg/id/> .
@prefix schema: <https://schema.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
id:epoch-org-test-university a aikg:Organization ; schema:name "Test University" ;
    aikg:countryCode "DE" .
id:release-test-1 a aikg:ModelRelease ; schema:name "Test-1" ;
    aikg:developer id:epoch-org-test-university ; aikg:weightsAccess aikg:OpenWeights ;
    aikg:firstReleaseDate "2024-03-01"^^xsd:date .
<https://w3id.org/aikg/id/实验室-lab> a aikg:Company ; schema:name "Unicode Lab" ;
    aikg:countryCode "CN" ; aikg:role aikg:ModelDeveloper .
id:release-claude-test a aikg:ModelRelease ; schema:name "Claude Test" ;
    aikg:developer id:anthropic ; aikg:family id:claude ; aikg:weightsAccess aikg:APIOnly ;
    aikg:firstReleaseDate "2024-03-02"^^xsd:date .
"""


@dataclass
class Built:
    kg: rdflib.Graph
    out: Path

    @property
    def site(self) -> Path:
        return self.out / "site"

    def page(self, slug: str) -> str:
        return (self.site / "id" / f"{slug}.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    tail = tmp_path_factory.mktemp("tail") / "tail.ttl"
    tail.write_text(TAIL, encoding="utf-8")
    result = build("memory", extra_paths=[DATA / "xss.ttl", tail])
    assert result.graph is not None
    out = tmp_path_factory.mktemp("exports")
    export_all(result.graph, out)
    return Built(result.graph, out)


def _select(kg: rdflib.Graph, query: str) -> list[tuple[str, ...]]:
    return [tuple(str(x) for x in row) for row in kg.query(query)]  # type: ignore[union-attr]


def _subjects_of(kg: rdflib.Graph, classes: object) -> set[str]:
    values = " ".join(f"<{AIKG}{c}>" for c in sorted(classes))  # type: ignore[call-overload]
    rows = _select(kg, f"SELECT DISTINCT ?s WHERE {{ VALUES ?c {{ {values} }} ?s a ?c }}")
    return {r[0] for r in rows}


def test_a_page_for_every_entity_and_deal_and_nothing_else(built: Built) -> None:
    entities = _subjects_of(built.kg, PAGE_KINDS)
    deals = _subjects_of(built.kg, DEAL_KINDS)
    pages = {p.stem for p in (built.site / "id").glob("*.html")}
    # a slug that is not a safe file name gets a hashed one (the index and places.json know it)
    unicode_page = page_file("实验室-lab")
    assert unicode_page.startswith("x-")
    assert pages == {page_file(iri[len(ID) :]) for iri in entities | deals}
    places = json.loads((built.site / "places.json").read_text(encoding="utf-8"))
    assert places["实验室-lab"] == f"id/{unicode_page}.html"
    assert "<h1>Unicode Lab</h1>" in built.page(unicode_page)
    assert "anthropic" in pages
    assert "deal-amazon-anthropic-2026" in pages
    # the long tail has no page of its own
    assert "release-test-1" not in pages
    assert "epoch-org-test-university" not in pages
    assert "deal-amazon-anthropic-2026-t1" not in pages


def test_triples_for_every_resource(built: Built) -> None:
    subjects = {r[0] for r in _select(built.kg, "SELECT DISTINCT ?s WHERE { ?s ?p ?o }")}
    ids = {s[len(ID) :] for s in subjects if s.startswith(ID)}
    files = {p.stem for p in (built.site / "id").glob("*.ttl")}
    assert files == {page_file(i) for i in ids}
    # written in a folder of their own beside the pages, then moved: that folder is gone
    assert [p.name for p in built.site.iterdir() if p.name.startswith(".")] == []
    g = rdflib.Graph().parse(built.site / "id" / "anthropic.ttl", format="turtle")
    deal, anthropic = (
        rdflib.URIRef(ID + "deal-amazon-anthropic-2026"),
        rdflib.URIRef(ID + "anthropic"),
    )
    assert (deal, rdflib.URIRef(AIKG + "investee"), anthropic) in g
    assert (anthropic, rdflib.URIRef("https://schema.org/name"), rdflib.Literal("Anthropic")) in g
    # the deal's own file carries its amount (a blank node) with its value
    deal_g = rdflib.Graph().parse(built.site / "id" / "deal-amazon-anthropic-2026.ttl")
    amounts = list(deal_g.objects(deal, rdflib.URIRef(AIKG + "amount")))
    assert [
        float(v)
        for a in amounts
        for v in deal_g.objects(a, rdflib.URIRef("https://schema.org/maxValue"))
    ] == [25e9]


class _Links(HTMLParser):
    """Collect hrefs, srcs, ids, scripts and the CSP of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.ids: set[str] = set()
        self.scripts: list[dict[str, str | None]] = []
        self.csp = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag == "a" and a.get("href"):
            self.hrefs.append(str(a["href"]))
        if tag in {"script", "link", "img"} and (a.get("src") or a.get("href")):
            self.srcs.append(str(a.get("src") or a.get("href")))
        if tag == "script":
            self.scripts.append(a)
        if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy":
            self.csp = str(a.get("content"))


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_link_inside_the_exports_resolves(built: Built) -> None:
    pages = sorted(built.site.rglob("*.html"))
    parsed = {p: _parse(p) for p in pages}
    checked = 0
    for page, links in parsed.items():
        for href in links.hrefs:
            parts = urlsplit(href)
            if parts.scheme in {"http", "https"}:
                continue
            assert not parts.scheme, f"{page.name}: {href}"
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.exists(), f"{page.relative_to(built.out)} links {href}"
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html" and target.is_relative_to(built.site):
                ids = parsed[target].ids if target in parsed else _parse(target).ids
                assert fragment in ids, f"{page.relative_to(built.out)} links {href}"
            checked += 1
    assert checked > 5000


def test_pages_load_nothing_from_elsewhere_and_run_no_inline_script(built: Built) -> None:
    for page in sorted(built.site.rglob("*.html")):
        links = _parse(page)
        assert "default-src 'none'" in links.csp
        assert "script-src 'self';" in links.csp
        assert all(not urlsplit(s).scheme and not s.startswith("//") for s in links.srcs), page
        for script in links.scripts:  # a script is a local file or data the browser never runs
            assert script.get("src") or script.get("type") == "application/json", page


def test_hostile_names_are_escaped(built: Built) -> None:
    text = built.page("xss-lab")
    assert '<img src=x onerror="window.__xss=1">' not in text
    assert "&lt;img src=x onerror=&#34;window.__xss=1&#34;&gt;" in text
    deal = built.page("deal-xss")
    assert "<img src=x" not in deal
    assert "<b onmouseover" not in deal
    # JSON blocks never hold a raw "<" (a name cannot end the script element)
    for block in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', text, re.S):
        assert "<" not in block
        json.loads(block)


def _article(page: str, anchor: str) -> str:
    match = re.search(rf'<article class="claim" id="{anchor}">(.*?)</article>', page, re.S)
    assert match, anchor
    return match.group(1)


def _source_urls(kg: rdflib.Graph, claim: str) -> set[str]:
    query = f"""SELECT ?url WHERE {{ <{ID}{claim}> <http://www.w3.org/ns/prov#wasDerivedFrom> ?s .
        ?s <https://schema.org/url> ?url }}"""
    return {r[0] for r in _select(kg, query) if r[0].startswith("http")}


@pytest.mark.parametrize(
    ("claim", "amount", "tranches"),
    [
        ("deal-amazon-anthropic-2026", "up to $25B", ["$5B", "up to $20B"]),
        ("deal-google-anthropic-2026", "up to $40B", ["$10B", "up to $30B"]),
    ],
)
def test_anthropic_page_lists_the_2026_deals_with_tranches_and_sources(
    built: Built, claim: str, amount: str, tranches: list[str]
) -> None:
    article = _article(built.page("anthropic"), claim)
    assert f'<b class="amount">{amount}</b>' in article
    assert f'<a href="{claim}.html">' in article
    listed = re.findall(r'<li id="(deal-[a-z0-9-]+-t\d)">.*?<b>([^<]+)</b>', article)
    assert [a for _, a in listed] == tranches
    assert all(t.startswith(claim) for t, _ in listed)
    urls = _source_urls(built.kg, claim)
    assert urls
    hrefs = set(re.findall(r'<a href="([^"]+)" rel="noopener noreferrer external">', article))
    assert urls <= {h.replace("&amp;", "&") for h in hrefs}


def test_anthropic_metrics_and_attributes(built: Built) -> None:
    page = built.page("anthropic")
    assert "Wikidata Q116758847" in page
    assert '<a href="anthropic.ttl" type="text/turtle">' in page
    assert "Pole of the closed loop" in page
    # the binding table starts with the two depth-6 providers
    rows = re.findall(
        r'<tr><td><a href="([a-z-]+)\.html">[^<]+</a></td><td>[^<]*</td><td class="num">(\d)</td>',
        page,
    )
    assert rows[:2] == [("amazon", "6"), ("google", "6")]


def test_the_long_tail_is_grouped_on_its_owners_pages(built: Built) -> None:
    claude = built.page("claude")
    assert '<tr id="release-claude-test"><td>Claude Test</td><td>2024-03-02</td>' in claude
    others = (built.site / "others.html").read_text(encoding="utf-8")
    org = '<section class="org" id="epoch-org-test-university"><h2>Test University'
    assert f"{org} <small>(DE)</small></h2>" in others
    assert '<li id="release-test-1">Test-1 <small>model release, 2024-03-01</small></li>' in others
    # a tranche is on its deal's page, an offering a row on its parties' pages
    deal = built.page("deal-amazon-anthropic-2026")
    t1 = "deal-amazon-anthropic-2026-t1"
    assert (
        f'<li id="{t1}"><a href="deal-amazon-anthropic-2026.html#{t1}">upfront tranche</a>' in deal
    )
    assert '<article class="claim" id="offer-bedrock-claude">' in claude


def test_search_index_holds_names_and_aliases_in_every_language(built: Built) -> None:
    index = (built.site / "index.html").read_text(encoding="utf-8")
    block = re.search(
        r'<script type="application/json" id="search-data">(.*?)</script>', index, re.S
    )
    assert block
    records = {r["name"]: r for r in json.loads(block.group(1))}
    assert "亚马逊" in records["Amazon"]["aliases"]
    assert records["Amazon"]["href"] == "id/amazon.html"
    assert records["Claude"]["href"] == "id/claude.html"
    assert records["Test-1"]["href"] == "others.html#release-test-1"
    assert records["Claude Test"]["href"] == "id/claude.html#release-claude-test"
    # one record per resource with a page or a place on one, deals included, parts not
    assert "upfront tranche" not in records
    assert records["Amazon invests up to $25B in Anthropic (2026)"]["kind"] == "equity investment"


def test_turtle_of_a_resource_is_the_same_whatever_the_blank_node_labels(built: Built) -> None:
    """A build writes the site from memory, ``aikg export`` from disk: blank nodes differ."""
    fresh: dict[str, ox.BlankNode] = {}

    def relabel(term: Any) -> Any:
        if isinstance(term, ox.BlankNode):
            return fresh.setdefault(term.value, ox.BlankNode())
        return term

    one, other = ox.Store(), ox.Store()
    for t in triples_to_ox(built.kg):
        one.add(ox.Quad(t.subject, t.predicate, t.object))
        other.add(ox.Quad(relabel(t.subject), t.predicate, relabel(t.object)))
    first, second = read_resources(one), read_resources(other)
    # blank nodes it points to (an amount), and blank nodes that point to it (a qualified
    # derivation of a source)
    for slug in ("deal-amazon-anthropic-2026", "src-mistral-series-b"):
        a, b = first.turtle(ID + slug), second.turtle(ID + slug)
        assert a == b, slug
        assert b"_:b1" in a, slug


def test_a_rebuild_links_the_files_that_did_not_change_and_writes_the_others(
    built: Built, tmp_path: Path
) -> None:
    out = tmp_path / "exports"
    shutil.copytree(built.out / "site", out / "site")  # the exports a rebuild replaces
    ids, fresh = out / "site" / "id", built.out / "site" / "id"
    same, stale, linked = ids / "anthropic.ttl", ids / "openai.ttl", ids / "google.ttl"
    kept = same.stat().st_ino
    stale.write_bytes(b"# not what the graph says\n")
    elsewhere = tmp_path / "google.ttl"  # the same bytes, behind a symbolic link
    shutil.copyfile(linked, elsewhere)
    linked.unlink()
    linked.symlink_to(elsewhere)
    export_all(built.kg, out, views=["site"])
    for name in ("anthropic.ttl", "openai.ttl", "google.ttl"):
        assert (ids / name).read_bytes() == (fresh / name).read_bytes()
    assert same.stat().st_ino == kept  # linked from the old exports, not written again
    assert stale.stat().st_nlink == 1  # written anew (its old file went with the old exports)
    assert not linked.is_symlink()
    assert linked.stat().st_ino != elsewhere.stat().st_ino  # a link's target is never shared
    assert elsewhere.read_bytes() == (fresh / "google.ttl").read_bytes()  # and never touched
