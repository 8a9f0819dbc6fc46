"""The curated dataset's size and completeness (what a reference work must hold)."""

from __future__ import annotations

import rdflib
from rdflib.namespace import RDF, RDFS

from graph.build import validate_paths
from graph.vocab import AIKG, PROV, SCHEMA


def _instances(g: rdflib.Graph, cls: rdflib.URIRef) -> set[rdflib.term.Node]:
    classes = {cls, *g.transitive_subjects(RDFS.subClassOf, cls)}
    return {s for c in classes for s in g.subjects(RDF.type, c)}


def test_curated_facts_validate():
    report = validate_paths()
    assert report.conforms, "\n".join(str(p) for p in report.violations)


def test_claims_are_many_and_all_sourced(facts_graph):
    core = (
        _instances(facts_graph, AIKG.Deal)
        | _instances(facts_graph, AIKG.Commitment)
        | _instances(facts_graph, AIKG.Observation)
    )
    assert len(core) >= 150
    for claim in _instances(facts_graph, AIKG.Claim):
        sources = list(facts_graph.objects(claim, PROV.wasDerivedFrom))
        assert sources, claim
        assert all(facts_graph.value(s, SCHEMA.url) is not None for s in sources), claim
        assert facts_graph.value(claim, AIKG.claimStatus) is not None, claim


def test_entity_counts(facts_graph):
    companies = _instances(facts_graph, AIKG.Company)
    families = _instances(facts_graph, AIKG.ModelFamily)
    open_access = {AIKG.OpenWeights, AIKG.OpenWeightsRestricted}
    open_families = {f for f in families if facts_graph.value(f, AIKG.weightsAccess) in open_access}

    def country(f: rdflib.term.Node) -> str:
        own = facts_graph.value(f, AIKG.countryCode)
        dev = facts_graph.value(f, AIKG.developer)
        return str(own or facts_graph.value(dev, AIKG.countryCode))

    chinese = {f for f in families if country(f) == "CN"}
    assert len(companies) >= 60
    assert len(families) >= 45
    assert len(open_families) >= 15
    assert len(chinese) >= 10
    assert len(_instances(facts_graph, AIKG.CloudPlatform)) >= 12
    assert len(_instances(facts_graph, AIKG.Chip)) >= 30


def test_wikidata_links(facts_graph):
    links = [
        (s, o)
        for s, o in facts_graph.subject_objects(SCHEMA.sameAs)
        if str(o).startswith("http://www.wikidata.org/entity/Q")
    ]
    assert len(links) >= 40
    # one QID names one entity
    qids = [o for _, o in links]
    assert len(qids) == len(set(qids))
