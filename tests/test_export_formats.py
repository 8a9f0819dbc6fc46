"""Exports: the default file set, atomic writes, read-back of every format, the report."""

from __future__ import annotations

import csv
import io
import json
import re
import warnings
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import rdflib
from typer.testing import CliRunner

from graph import metrics
from graph.build import build
from graph.cli import app
from graph.export import (
    FILES,
    VIEWS,
    ExportError,
    ecosystem_graph,
    ecosystem_page,
    export_all,
    formats,
    tri_polar_page,
)
from graph.export.report import read_sources
from graph.metrics.whatif import Row
from graph.store import open_graph
from graph.vocab import PROV, SCHEMA

from .rdf_compare import same_graph

AS_OF = "2026-04-30"
DATA = Path(__file__).parent / "data"
DEFAULT_FILES = sorted({f for names in FILES.values() for f in names})


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, memory_graph: rdflib.Graph) -> Path:
    out = tmp_path_factory.mktemp("exports")
    export_all(memory_graph, out, as_of=AS_OF)
    return out


def test_default_set_is_written_and_nothing_else(exported: Path) -> None:
    files = sorted(p.relative_to(exported).as_posix() for p in exported.rglob("*") if p.is_file())
    # the site is a folder: its index stands for it in FILES (tests/test_site.py checks the rest)
    assert [f for f in files if not f.startswith("site/")] == [
        f for f in DEFAULT_FILES if not f.startswith("site/")
    ]
    assert "site/index.html" in files
    assert "site/id/anthropic.html" in files
    assert len(DEFAULT_FILES) == 15


def test_views_select_files_and_unknown_names_are_refused(
    tmp_path: Path, memory_graph: rdflib.Graph
) -> None:
    written = export_all(memory_graph, tmp_path, views=["report", "metrics"], as_of=AS_OF)
    assert [p.name for p in written] == ["metrics.csv", "metrics.json", "report.html"]
    with pytest.raises(ExportError, match="unknown export 'pdf'"):
        export_all(memory_graph, tmp_path / "x", views=["pdf"])
    assert not (tmp_path / "x").exists()
    assert "tri-polar" in VIEWS
    assert "ecosystem" in VIEWS


def test_a_failed_export_changes_nothing(
    tmp_path: Path, memory_graph: rdflib.Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    export_all(memory_graph, tmp_path, views=["report", "turtle"], as_of=AS_OF)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("graph.export.formats.write_gexf", broken)
    # files written here and in forked children (the network pages, the site) are staged
    # when the writer of the GEXF file fails; none may reach the folder
    views = ["tri-polar", "turtle", "gexf", "site"]
    with pytest.raises(OSError, match="disk full"):
        export_all(memory_graph, tmp_path, views=views, as_of="2024-01-01")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # no staging left


def test_same_input_gives_the_same_bytes(
    tmp_path: Path, memory_graph: rdflib.Graph, exported: Path
) -> None:
    names = ["tri-polar", "ecosystem", "report", "graphml", "gexf", "metrics"]
    export_all(memory_graph, tmp_path, views=names, as_of=AS_OF)
    for path in sorted(tmp_path.iterdir()):
        assert path.read_bytes() == (exported / path.name).read_bytes(), path.name


def test_export_writes_no_lib_folder_into_the_working_directory(
    tmp_path: Path, memory_graph: rdflib.Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    export_all(memory_graph, tmp_path / "out", views=["tri-polar", "ecosystem"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.mark.parametrize("name", ["tri-polar.html", "ecosystem.html", "report.html"])
def test_pages_load_nothing_from_the_network(exported: Path, name: str) -> None:
    text = (exported / name).read_text(encoding="utf-8")
    assert not re.search(r"""\bsrc\s*=\s*["']?\s*(https?:)?//""", text, re.IGNORECASE)
    assert not re.search(r"<link\b", text, re.IGNORECASE)
    assert "cdn.jsdelivr" not in text
    assert "cdnjs" not in text
    assert "bootstrap" not in text.lower()
    assert "default-src 'none'" in text
    if name != "report.html":  # the report links to its sources (anchors, never loaded)
        assert not re.search(r"""\bhref\s*=\s*["']?\s*(https?:)?//""", text, re.IGNORECASE)


@pytest.mark.slow  # rdflib parses and compares the whole graph
def test_turtle_parses_back_to_the_same_graph(exported: Path, memory_graph: rdflib.Graph) -> None:
    back = rdflib.Graph().parse(exported / "ecosystem.ttl", format="turtle")
    assert len(back) == len(memory_graph)
    assert same_graph(back, memory_graph)


@pytest.mark.slow  # rdflib parses and compares the whole graph
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_jsonld_parses_back_to_the_same_graph(exported: Path, memory_graph: rdflib.Graph) -> None:
    doc = json.loads((exported / "ecosystem.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"]["aikg"] == "https://w3id.org/aikg/ontology#"
    back = rdflib.Graph().parse(exported / "ecosystem.jsonld", format="json-ld")
    assert len(back) == len(memory_graph)
    assert same_graph(back, memory_graph)


@pytest.mark.slow  # rdflib parses and compares the whole graph
def test_turtle_from_an_oxigraph_store_parses_back(oxigraph_url: str, tmp_path: Path) -> None:
    kg = open_graph(oxigraph_url)
    export_all(kg, tmp_path, views=["turtle", "jsonld"])
    back = rdflib.Graph().parse(tmp_path / "ecosystem.ttl", format="turtle")
    assert len(back) == len(kg)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        back_ld = rdflib.Graph().parse(tmp_path / "ecosystem.jsonld", format="json-ld")
    assert same_graph(back_ld, back)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_files_read_back_with_networkx(
    exported: Path, memory_graph: rdflib.Graph, fmt: str
) -> None:
    expected = ecosystem_graph(metrics.data_of(memory_graph), AS_OF)
    path = exported / f"ecosystem.{fmt}"
    back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert back.number_of_nodes() == expected.number_of_nodes() > 200
    assert back.number_of_edges() == expected.number_of_edges() > 300
    anthropic = back.nodes["https://w3id.org/aikg/id/anthropic"]
    assert anthropic["label"] == "Anthropic"
    assert anthropic["type"] == "Model developer (closed weights)"
    kinds = {d["kind"] for *_, d in back.edges(data=True)}
    assert {"equity", "spend", "binding", "availability", "develops"} <= kinds


def test_network_writers_drop_none_attributes(tmp_path: Path) -> None:
    g = nx.MultiDiGraph()
    g.add_node("a", label="A", country=None, x=1, y=2, size=3.0, type="Chip")
    g.add_node("b", label="B")
    g.add_edge("a", "b", key="k", kind="designs", amount=None)
    formats.write_graphml(g, tmp_path / "g.graphml")
    formats.write_gexf(g, tmp_path / "g.gexf", {"Chip": "#b39ddb"})
    back = nx.read_graphml(tmp_path / "g.graphml")
    assert "country" not in back.nodes["a"]
    assert back.number_of_edges() == 1
    gexf = (tmp_path / "g.gexf").read_text(encoding="utf-8")
    assert 'viz:position x="1.0" y="-2.0"' in gexf
    assert 'viz:color r="179"' in gexf


def test_metrics_json_is_the_cli_document(oxigraph_url: str, tmp_path: Path) -> None:
    export_all(open_graph(oxigraph_url), tmp_path, views=["metrics"], as_of=AS_OF)
    result = CliRunner().invoke(
        app, ["metrics", "--store", oxigraph_url, "--as-of", AS_OF, "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    written = (tmp_path / "metrics.json").read_text(encoding="utf-8")
    assert json.loads(written) == json.loads(result.stdout)
    assert written == result.stdout
    doc = json.loads(written)
    assert set(doc) == set(metrics.METRICS)
    assert all(set(v) == {"description", "as_of", "results"} for v in doc.values())


def test_metrics_csv_is_long_format_with_formulas_neutralised(exported: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((exported / "metrics.csv").read_text("utf-8"))))
    assert list(rows[0]) == ["metric", "key", "field", "value", "bound", "unit", "claims"]
    assert {r["metric"] for r in rows} >= {"binding", "poles", "supplier_concentration"}
    rows_in = [Row("=1+1", 3), Row("@SUM(A1)", 4), Row("-2+3", 5), Row("-2", 6)]
    text = formats.metrics_csv({"count": rows_in})
    keys = [r["key"] for r in csv.DictReader(io.StringIO(text))]
    # formulas get a leading apostrophe; a plain number stays a number
    assert keys == ["'=1+1", "'@SUM(A1)", "'-2+3", "-2"]


def test_report_has_tables_charts_links_and_every_source(
    exported: Path, memory_graph: rdflib.Graph
) -> None:
    text = (exported / "report.html").read_text(encoding="utf-8")
    for name in metrics.METRICS:
        assert f'id="m-{name}"' in text
    assert text.count("<svg") >= 2
    assert "<polyline" in text
    assert "Supplier concentration" in text
    assert "Binding depth" in text
    assert 'href="tri-polar.html"' in text
    assert 'href="ecosystem.html"' in text
    assert "ecosystem.html#focus=Anthropic" in text
    urls = {s for c in metrics.data_of(memory_graph).claims.values() for s in c.sources}
    assert len(urls) > 100
    for url in urls:
        assert url.replace("&", "&amp;") in text, url
    # the curated funding rounds were reconciled with Epoch AI's company table and cite it
    assert 'class="attribution"' in text
    assert "Includes data from Epoch AI (https://epoch.ai/data/ai-companies)" in text


def test_report_credits_epoch_ai_when_its_data_is_included(
    tmp_path: Path, memory_graph: rdflib.Graph
) -> None:
    kg = rdflib.Graph()
    kg += memory_graph
    src = rdflib.URIRef("https://w3id.org/aikg/id/src-epoch-test")
    url = "https://epoch.ai/data/ai_companies.csv"
    kg.add((src, rdflib.RDF.type, rdflib.URIRef("https://w3id.org/aikg/ontology#Source")))
    kg.add((src, SCHEMA.url, rdflib.URIRef(url)))
    kg.add((src, SCHEMA.publisher, rdflib.Literal("Epoch AI")))
    kg.add((src, SCHEMA.creditText, rdflib.Literal("Epoch AI, 'AI Companies'. CC BY 4.0.")))
    kg.add((rdflib.URIRef("https://w3id.org/aikg/id/anthropic"), PROV.wasDerivedFrom, src))
    assert any(s.publisher == "Epoch AI" for s in read_sources(kg))
    export_all(kg, tmp_path, views=["report", "ecosystem"])
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert 'class="attribution"' in report
    assert "Includes data from Epoch AI" in report
    assert "CC BY 4.0" in report
    assert url in report
    assert "creativecommons.org/licenses/by/4.0" in report
    assert "Epoch AI, &#39;AI Companies&#39;" in report
    assert "Includes data from Epoch AI" in (tmp_path / "ecosystem.html").read_text("utf-8")


def test_xss_fixture_is_escaped_everywhere(tmp_path: Path) -> None:
    result = build("memory", extra_paths=[DATA / "xss.ttl"])
    assert result.graph is not None
    export_all(result.graph, tmp_path, views=["tri-polar", "ecosystem", "report"])
    for name in ("tri-polar.html", "ecosystem.html", "report.html"):
        text = (tmp_path / name).read_text(encoding="utf-8")
        for raw in ("<img src=x", "window.__xss=2</script>", "<b onmouseover", "'onmouseover"):
            assert raw not in text, (name, raw)
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=&#34;window.__xss=1&#34;&gt;" in report
    assert "https://example.org/xss?a=1&amp;b=&#39;onmouseover=window.__xss=3&#39;" in report


def _payload(html: str) -> dict[str, Any]:
    start = html.index('<script type="application/json" id="aikg-data">') + 47
    loaded: dict[str, Any] = json.loads(html[start : html.index("</script>", start)])
    return loaded


def test_pages_count_what_they_draw(memory_graph: rdflib.Graph) -> None:
    data = metrics.data_of(memory_graph)
    eco = ecosystem_page(data, AS_OF)
    graph_ = ecosystem_graph(data, AS_OF)
    assert eco.nodes == graph_.number_of_nodes() == len(data.entities)
    payload = _payload(eco.html)
    assert len(payload["edges"]) == eco.edges
    # at the last date the page draws one edge per pair and kind of the per-claim network
    ids = {n["id"]: n["iri"] for n in payload["nodes"]}
    last = len(payload["frames"]) - 1
    drawn = set()
    for e in payload["edges"]:
        state = [s for f, s in e.get("at", [[0, {}]]) if f <= last][-1]
        if state is not None:
            drawn.add((ids[e["from"]], ids[e["to"]], e["kind"]))
    expected = {(u, v, str(a["kind"])) for u, v, a in graph_.edges(data=True)}
    assert drawn == expected
    assert len(expected) < graph_.number_of_edges()  # some pairs have several claims
    tri = tri_polar_page(data, AS_OF)
    assert f'"expected":{{"edges":{tri.edges},"nodes":{tri.nodes}}}' in tri.html
