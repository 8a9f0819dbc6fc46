"""Publishers, canonical URLs and mirrors: what the sources of the graph rest on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from graph.build import check, default_paths, load_sources
from graph.claims import read_claims
from graph.resources import ontology_file, publishers_file
from graph.sources import (
    KIND_ORDER,
    Registry,
    by_publisher,
    canonical_url,
    cited_primary,
    claim_source_kinds,
    host_of,
    restrict_to_sources,
    shipped_registry,
    source_mix,
    source_report,
    url_problems,
)

MINI = (Path(__file__).parent / "data" / "mini.ttl").read_text(encoding="utf-8")
REGISTRY = """
@prefix aikg: <https://w3id.org/aikg/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix id: <https://w3id.org/aikg/id/> .
<https://w3id.org/aikg/publisher/test-cloud> a aikg:Publisher ; schema:name "Test Cloud newsroom" ;
    aikg:publisherKind aikg:CompanyChannel ; aikg:publisherOrganization id:test-cloud ;
    aikg:host "news.testcloud.example" .
<https://w3id.org/aikg/publisher/wire> a aikg:Publisher ; schema:name "A Wire" ;
    aikg:publisherKind aikg:WireOrMajorOutlet ; aikg:host "wire.example" .
[] a aikg:MirrorHost ; aikg:host "wire-mirror.example" ; aikg:canonicalHost "wire.example" .
"""


def _registry() -> Registry:
    return Registry.from_graph(rdflib.Graph().parse(data=REGISTRY, format="turtle"))


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://a.example/x?utm_source=rss&utm_medium=feed", "https://a.example/x"),
        ("https://a.example/x?ns_mchannel=rss&ns_campaign=1490&ito=1490", "https://a.example/x"),
        ("https://a.example/x/?ref=article_trending", "https://a.example/x/"),
        ("https://A.Example:443/x", "https://a.example/x"),
        ("http://a.example:80/x", "http://a.example/x"),
        ("http://a.example:443/x", "https://a.example/x"),
        ("https://learn.microsoft.com./en-us/x", "https://learn.microsoft.com/en-us/x"),
        ("https://a.example/?id=news%2Fx&page=2", "https://a.example/?id=news%2Fx&page=2"),
        ("https://a.example/x#:~:text=quote", "https://a.example/x"),
        ("https://a.example/x#section-2", "https://a.example/x#section-2"),
        ("urn:aikg:seed:ai-cloud-wars-article", "urn:aikg:seed:ai-cloud-wars-article"),
        ("https://a.example:8443/x", "https://a.example:8443/x"),
    ],
)
def test_canonical_url(url, canonical):
    assert canonical_url(url) == canonical
    assert canonical_url(canonical) == canonical


def test_publisher_by_host_or_parent_domain_and_mirrors():
    registry = _registry()
    assert registry.publisher_of("https://news.testcloud.example/p").name == "Test Cloud newsroom"
    assert registry.publisher_of("https://www.wire.example/a").name == "A Wire"
    assert registry.kind_of("https://blog.other.example/") == "Unknown"
    assert registry.mirror_of("https://wire-mirror.example/a") == "wire.example"
    assert host_of("not a url") == ""


def test_mirror_and_tracking_urls_are_violations_naming_the_fix():
    text = MINI.replace(
        "<https://example.org/test-deal>", "<https://wire-mirror.example/deal?utm_source=x>"
    )
    store = ox.Store()
    store.load(text.encode(), format=ox.RdfFormat.TURTLE)
    problems = url_problems(store, registry=_registry())
    assert [p.focus for p in problems] == ["id:src-test", "id:src-test"]
    assert any("wire-mirror.example is a mirror of wire.example" in p.message for p in problems)
    assert any("use <https://wire-mirror.example/deal>" in p.message for p in problems)


def test_build_refuses_a_tracking_url(tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text(MINI.replace("/test-deal>", "/test-deal?utm_source=feed>"), encoding="utf-8")
    report = check(load_sources([ontology_file(), path]))
    assert any(p.path == "schema:url" and "canonical form" in p.message for p in report.violations)


def test_report_weighs_claims_by_their_best_source():
    text = MINI.replace("<https://example.org/test-deal>", "<https://news.testcloud.example/d>")
    kg = rdflib.Graph().parse(ontology_file()).parse(data=text, format="turtle")
    report = source_report(kg, _registry())
    # the deal's only source is the investor's own newsroom: a party's channel
    assert report.claims_by_best_kind["CompanyChannel"] == 1
    assert report.sources_by_kind["CompanyChannel"] == 1
    assert report.strong_share == 1.0
    other = MINI.replace("<https://example.org/test-deal>", "<https://blog.nowhere.example/d>")
    weak = source_report(rdflib.Graph().parse(ontology_file()).parse(data=other), _registry())
    assert weak.claims_by_best_kind["Unknown"] == 1
    assert weak.unknown_hosts == {"blog.nowhere.example": 1}
    assert weak.weakest[0].usd == 2e9


def test_every_curated_source_host_is_in_the_registry_and_none_is_a_mirror():
    assert publishers_file().is_file()
    registry = shipped_registry()
    g = rdflib.Graph()
    for path in default_paths()[1:]:
        g.parse(path)
    urls = [str(u) for u in g.objects(None, rdflib.URIRef("https://schema.org/url"))]
    assert len(urls) > 150
    unknown = sorted({host_of(u) for u in urls if not u.startswith("urn:")
                      and registry.publisher_of(u) is None})
    assert unknown == []
    assert [u for u in urls if registry.mirror_of(u)] == []
    assert [u for u in urls if canonical_url(u) != u] == []
    assert set(KIND_ORDER[:-1]) >= {p.kind for p in registry.publishers}


@pytest.mark.slow  # a whole build and two commands in real processes
def test_aikg_sources_prints_the_distribution(tmp_path):
    store = f"oxigraph:{tmp_path / 'kg'}"
    env = {"PATH": "/usr/bin:/bin"}
    run = [sys.executable, "-m", "graph"]
    subprocess.run([*run, "build", "--store", store, "--exports", str(tmp_path / "ex")],
                   check=True, capture_output=True, env=env)
    done = subprocess.run([*run, "sources", "--store", store, "-f", "json"],
                          check=True, capture_output=True, text=True, env=env)
    doc = json.loads(done.stdout)
    assert sum(doc["claims_by_best_kind"].values()) > 200
    assert doc["unknown_hosts"] == {}
    assert doc["mirror_sources"] == []
    table = subprocess.run([*run, "sources", "--store", store], check=True,
                           capture_output=True, text=True, env=env)
    assert "wire or major outlet" in table.stdout


def test_min_source_keeps_only_claims_with_that_kind_of_source():
    text = MINI + (
        "id:src-blog a aikg:Source ; schema:url <https://blog.nowhere.example/x> ;"
        ' schema:publisher "A blog" ; schema:datePublished "2025-01-03"^^xsd:date .\n'
        'id:deal-weak a aikg:Partnership ; schema:name "weak" ;'
        " aikg:partner id:test-cloud, id:test-lab ;"
        ' aikg:announcedDate "2025-01-03"^^xsd:date ; prov:wasDerivedFrom id:src-blog ;'
        " aikg:claimStatus aikg:Reported .\n"
    )
    text = text.replace("<https://example.org/test-deal>", "<https://wire.example/deal>")
    kg = rdflib.Graph().parse(ontology_file()).parse(data=text, format="turtle")
    data = read_claims(kg)
    assert len(data.claims) == 2
    strong = restrict_to_sources(data, "strong", _registry())
    assert sorted(strong.claims) == ["https://w3id.org/aikg/id/deal-test-cloud-test-lab"]
    assert len(restrict_to_sources(data, "aggregator", _registry()).claims) == 1  # unknown host
    assert len(restrict_to_sources(data, "any", _registry()).claims) == 2
    with pytest.raises(ValueError, match="unknown source level"):
        restrict_to_sources(data, "rumour", _registry())


def _with_tranche_and_blog() -> rdflib.Graph:
    text = MINI.replace("<https://example.org/test-deal>", "<https://news.testcloud.example/d>")
    text += (
        "id:deal-test-cloud-test-lab aikg:tranche id:t1 .\n"
        "id:t1 a aikg:Tranche ; aikg:trancheKind aikg:Upfront ;"
        ' aikg:amount [ a schema:MonetaryAmount ; schema:value 5e8 ; schema:currency "USD" ] ;'
        ' aikg:announcedDate "2025-01-02"^^xsd:date ;'
        " prov:wasDerivedFrom id:src-test ; aikg:claimStatus aikg:Confirmed .\n"
        "id:src-blog a aikg:Source ; schema:url <https://blog.nowhere.example/x> ;"
        " aikg:citesPrimary <https://news.testcloud.example/d2> ;"
        ' schema:publisher "A blog" ; schema:datePublished "2025-01-03"^^xsd:date .\n'
        'id:deal-cited a aikg:Partnership ; schema:name "cited" ;'
        " aikg:partner id:test-cloud, id:test-lab ;"
        ' aikg:announcedDate "2025-01-03"^^xsd:date ; prov:wasDerivedFrom id:src-blog ;'
        " aikg:claimStatus aikg:Reported .\n"
    )
    return rdflib.Graph().parse(ontology_file()).parse(data=text, format="turtle")


def test_a_tranche_rests_on_its_deals_parties_and_cited_primaries_count():
    kg = _with_tranche_and_blog()
    data = read_claims(kg)
    primary = cited_primary(kg)
    assert primary == frozenset({"https://blog.nowhere.example/x"})
    full = claim_source_kinds(data, _registry(), primary)
    kinds = {k.rsplit("/", 1)[-1]: v for k, v in full.items()}
    # the tranche has no party of its own: the investor's newsroom backs it through its deal
    assert kinds == {"deal-test-cloud-test-lab": "CompanyChannel", "t1": "CompanyChannel",
                     "deal-cited": "CitesPrimary"}
    report = source_report(kg, _registry())
    assert report.claims_by_best_kind["CompanyChannel"] == 2
    assert report.claims_by_best_kind["CitesPrimary"] == 1
    strong = restrict_to_sources(data, "strong", _registry(), primary)
    assert len(strong.claims) == 3
    # without the graph's cited primaries the blog-only claim is not strong
    assert len(restrict_to_sources(data, "strong", _registry()).claims) == 2
    assert source_mix(data.claims, full) == "2 party · 1 cites primary"


def test_sources_grouped_by_publisher_strongest_first():
    urls = ["https://blog.nowhere.example/x", "https://wire.example/a", "https://www.wire.example/b",
            "https://news.testcloud.example/d", "urn:aikg:x"]
    assert by_publisher(urls, _registry()) == [
        ("Test Cloud newsroom", "CompanyChannel", ("https://news.testcloud.example/d",)),
        ("A Wire", "WireOrMajorOutlet", ("https://wire.example/a", "https://www.wire.example/b")),
        ("blog.nowhere.example", "Unknown", ("https://blog.nowhere.example/x",)),
        ("urn:aikg:x", "Unknown", ("urn:aikg:x",)),
    ]


def test_report_shows_the_source_mix_of_figures_and_groups_sources_by_publisher():
    from graph.export.report import read_sources, report_html  # noqa: PLC0415
    from graph.metrics import run_all  # noqa: PLC0415

    kg = _with_tranche_and_blog()
    data = read_claims(kg)
    kinds = claim_source_kinds(data, _registry(), cited_primary(kg))
    page = report_html(data, run_all(data), sources=read_sources(kg), claim_kinds=kinds,
                       registry=_registry())
    sources = page[page.index('<h2 id="sources">'):]
    newsroom = ('<h3 class="publisher">Test Cloud newsroom <span class="note">— '
                "company&#39;s own channel, 1</span></h3>")
    blog = '<h3 class="publisher">blog.nowhere.example <span class="note">— unknown host, 1</span>'
    assert newsroom in sources
    assert blog in sources
    assert sources.index(newsroom) < sources.index(blog)
    # the binding of the lab to the cloud rests on the deal, sourced at the investor's newsroom
    assert "<th>best sources</th>" in page
    # (names, not slugs; layer 5 = equity; units in the headers)
    row = (
        "<tr><td>Test Lab</td><td>Test Cloud</td><td>5</td><td>1</td><td>0.2</td>"
        "<td>1 party</td></tr>"
    )
    assert row in page
