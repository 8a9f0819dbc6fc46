"""The vocabulary's documentation page: every term, its rules, escaped, offline."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import rdflib

from graph.export import export_all, files_of
from graph.export.ontology_doc import ontology_doc, render
from graph.resources import ontology_file

AIKG_NS = "https://w3id.org/aikg/ontology#"


def test_every_declared_term_has_a_section_with_its_comment():
    onto = rdflib.Graph().parse(ontology_file())
    declared = {str(s)[len(AIKG_NS):] for s in onto.subjects() if str(s).startswith(AIKG_NS)}
    html = render()
    anchors = set(re.findall(r'<section class="term" id="([^"]+)"', html))
    assert {a for a in anchors if not a.startswith("rule-")} == declared
    doc = ontology_doc()
    assert doc.term("Deal").comment.startswith("An agreement between parties")


def test_rules_and_messages_appear_under_the_class():
    deal = ontology_doc().term("EquityInvestment")
    paths = {c.path for c in deal.constraints}
    assert {"aikg:investee", "aikg:investor", "aikg:participation"} <= paths
    investor = next(c for c in deal.constraints if c.path == "aikg:investor")
    assert investor.warning
    assert "should name its aikg:investor" in investor.message
    start = ontology_doc().term("rule-StartDateShape")
    assert start.label == "Nodes with schema:startDate"
    assert any("precision" in c.rule for c in start.constraints)


def test_controlled_values_list_their_scheme_and_class():
    lead = ontology_doc().term("Lead")
    facts = {name: [v.text for v in links] for name, links in lead.facts}
    assert facts == {
        "Value of": ["aikg:ParticipationRole"],
        "In scheme": ["aikg:ParticipationRoleScheme"],
    }


def test_text_from_the_ontology_is_escaped():
    doc = ontology_doc()
    group = doc.groups[0]
    hostile = dataclasses.replace(group.terms[0], comment='<img src=x onerror="alert(1)">')
    bad = dataclasses.replace(doc, groups=(dataclasses.replace(group, terms=(hostile,)),))
    html = render(bad)
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=" in html


def test_export_writes_the_page_with_the_files_it_documents(tmp_path: Path):
    kg = rdflib.Graph()
    names = ["aikg.ttl", "index.html", "mappings.sssom.tsv", "shapes.ttl"]
    assert files_of(["ontology"]) == [f"ontology/{n}" for n in names]
    written = export_all(kg, tmp_path / "exports", views=["ontology"])
    out = tmp_path / "exports"
    assert sorted(p.relative_to(out).as_posix() for p in written) == files_of(["ontology"])
    folder = tmp_path / "exports" / "ontology"
    assert (folder / "aikg.ttl").read_bytes() == ontology_file().read_bytes()
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert "<script" not in html
    assert "default-src 'none'" in html
    # a second export replaces the folder's content as a whole
    (folder / "stale.txt").write_text("old", encoding="utf-8")
    export_all(kg, tmp_path / "exports", views=["ontology"])
    assert not (folder / "stale.txt").exists()
