"""The vocabulary as a reviewer reads it: mistakes caught, every term documented,
controlled values in one place, a clean OWL-RL closure, one source per document."""

from __future__ import annotations

import itertools
from collections import Counter
from pathlib import Path

import owlrl
import pytest
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

import graph
from graph.build import build, check, default_paths, load_sources
from graph.resources import ontology_file, shapes_file
from graph.terms import Profile
from graph.vocab import AIKG, SCHEMA, SH

AIKG_NS = str(AIKG._NS)
MINI = (Path(__file__).parent / "data" / "mini.ttl").read_text(encoding="utf-8")


def _ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_file())


def _problems(tmp_path: Path, text: str) -> list[tuple[str, str, str, str]]:
    path = tmp_path / "case.ttl"
    path.write_text(text, encoding="utf-8")
    report = check(load_sources([ontology_file(), path]))
    return [(p.severity, p.focus, p.path, p.message) for p in report.problems]


def test_the_profile_read_from_the_files_equals_the_one_of_the_rdflib_graphs() -> None:
    """The build reads the vocabulary profile with Oxigraph's parser; rdflib's parse of
    the same files (rdflib's own parser, not the shipped loader) must give the same terms."""
    shapes = rdflib.Graph().parse(shapes_file())
    fast, reference = Profile.read(ontology_file(), shapes_file()), Profile(_ontology(), shapes)
    assert fast.properties == reference.properties
    assert fast.classes == reference.classes
    assert fast.reused == reference.reused
    assert AIKG_NS + "investor" in fast.properties
    assert AIKG_NS + "Company" in fast.classes
    assert "https://schema.org/name" in fast.reused


# ----------------------------------------------------------- mistakes are caught ---

BROKEN = MINI.replace(
    "aikg:investor id:test-cloud ; aikg:investee id:test-lab ;",
    "aikg:investr id:test-cloud ; aikg:investee id:test-lab ; aikg:stage aikg:Closed ;",
).replace(
    "aikg:amount [ a schema:MonetaryAmount ; schema:maxValue 2000000000.0 ; schema:currency \"USD\" ] ;",
    "aikg:amonut [ a schema:MonetaryAmount ; schema:value 1.0 ; schema:currency \"USD\" ] ;\n"
    "    aikg:amount [ a schema:MonetaryAmount ; schema:currency \"USD\" ] ;\n"
    "    schema:startDate \"2026-01-01\"^^xsd:date ; schema:endDate \"2025-06-30\"^^xsd:date ;",
) + "id:odd a aikg:Compnay ; schema:name \"Odd\" .\n"


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str, str, str]]:
    return _problems(tmp_path_factory.mktemp("broken"), BROKEN)


@pytest.mark.parametrize(
    ("entity", "prop", "says"),
    [
        ("id:deal-test-cloud-test-lab", "aikg:investr", "did you mean aikg:investor?"),
        ("id:deal-test-cloud-test-lab", "aikg:amonut", "did you mean aikg:amount?"),
        ("id:deal-test-cloud-test-lab", "aikg:stage", "not a term of the aikg vocabulary"),
        ("id:odd", "rdf:type", "aikg:Compnay is not a class of the aikg vocabulary; did you mean aikg:Company?"),
        ("id:deal-test-cloud-test-lab", "schema:startDate", "not after schema:endDate"),
        ("id:deal-test-cloud-test-lab", "aikg:amount", "an amount needs a figure"),
    ],
)
def test_each_mistake_is_reported_with_entity_property_and_message(broken, entity, prop, says):
    hits = [p for p in broken if p[0] == "Violation" and p[1] == entity and p[2] == prop]
    assert any(says in p[3] for p in hits), (entity, prop, hits)


def test_the_clean_dataset_has_no_term_problem(tmp_path):
    assert [p for p in _problems(tmp_path, MINI) if p[0] == "Violation"] == []


def test_undeclared_external_terms_are_caught_too(tmp_path):
    text = MINI.replace('schema:name "Test Lab" ;', 'schema:name "Test Lab" ; schema:nmae "x" ;')
    problems = _problems(tmp_path, text)
    assert ("Violation", "id:test-lab", "schema:nmae") in {p[:3] for p in problems}
    assert any("did you mean schema:name?" in p[3] for p in problems)


# ----------------------------------------------------------- documentation ---


def test_every_term_has_a_label_and_a_comment():
    onto = _ontology()
    missing = [
        str(t)
        for t in set(onto.subjects())
        if isinstance(t, rdflib.URIRef)
        and t.startswith(AIKG_NS)
        and (onto.value(t, RDFS.label) is None or onto.value(t, RDFS.comment) is None)
    ]
    assert missing == []


def test_every_property_has_a_domain_and_a_range():
    onto = _ontology()
    props = set(onto.subjects(RDF.type, OWL.ObjectProperty)) | set(
        onto.subjects(RDF.type, OWL.DatatypeProperty)
    )
    assert len(props) > 80
    assert [str(p) for p in props if onto.value(p, RDFS.domain) is None] == []
    assert [str(p) for p in props if onto.value(p, RDFS.range) is None] == []


def test_the_header_says_version_prefix_creator_licence_and_date():
    onto = _ontology()
    head = rdflib.URIRef("https://w3id.org/aikg/ontology")
    dcterms = rdflib.Namespace("http://purl.org/dc/terms/")
    vann = rdflib.Namespace("http://purl.org/vocab/vann/")
    for prop in (OWL.versionIRI, OWL.versionInfo, vann.preferredNamespacePrefix,
                 vann.preferredNamespaceUri, dcterms.creator, dcterms.license, dcterms.modified):
        assert onto.value(head, prop) is not None, prop
    assert str(onto.value(head, vann.preferredNamespaceUri)) == AIKG_NS


def test_every_property_shape_is_named():
    shapes = rdflib.Graph().parse(shapes_file())
    props = list(shapes.objects(None, SH.property))
    assert len(props) > 120
    assert [p for p in props if isinstance(p, rdflib.BNode)] == []
    assert [str(p) for p in props if shapes.value(p, SH.name) is None] == []


# ----------------------------------------------------------- controlled values ---


def _schemes(onto: rdflib.Graph) -> dict[rdflib.URIRef, set[rdflib.term.Node]]:
    out: dict[rdflib.URIRef, set[rdflib.term.Node]] = {}
    for scheme in onto.subjects(RDF.type, SKOS.ConceptScheme):
        assert isinstance(scheme, rdflib.URIRef)
        out[scheme] = set(onto.subjects(SKOS.inScheme, scheme))
    return out


def test_each_value_class_has_one_concept_scheme_equal_to_its_oneof():
    onto = _ontology()
    schemes = _schemes(onto)
    assert len(schemes) == 15
    for cls in onto.subjects(OWL.oneOf, None):
        scheme = rdflib.URIRef(f"{cls}Scheme")
        listed = set(Collection(onto, onto.value(cls, OWL.oneOf)))
        assert listed == schemes[scheme], cls
        for value in listed:
            assert (value, RDF.type, SKOS.Concept) in onto
            assert (value, RDF.type, cls) in onto


def test_every_sh_in_list_equals_a_concept_scheme():
    onto, shapes = _ontology(), rdflib.Graph().parse(shapes_file())
    schemes = {frozenset(v): k for k, v in _schemes(onto).items()}
    checked = 0
    for prop, lst in shapes.subject_objects(SH["in"]):
        values = frozenset(Collection(shapes, lst))
        if all(isinstance(v, rdflib.Literal) for v in values):
            continue  # unit codes, literal true
        assert values in schemes, (shapes.value(prop, SH.path), sorted(values))
        checked += 1
    assert checked >= 15


def test_no_class_is_said_to_closely_match_another_vocabulary_in_the_ontology():
    onto = _ontology()
    assert list(onto.triples((None, SKOS.closeMatch, None))) == []
    mappings = (ontology_file().parent / "mappings.sssom.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in mappings.splitlines() if line and not line.startswith("#")]
    header, body = rows[0], rows[1:]
    assert header[:4] == ["subject_id", "subject_label", "predicate_id", "object_id"]
    declared = {f"aikg:{str(t)[len(AIKG_NS):]}" for t in onto.subjects() if str(t).startswith(AIKG_NS)}
    assert body
    assert all(row[0] in declared for row in body)


# ----------------------------------------------------------- OWL-RL closure ---

TOP = ("Claim", "Source", "Organization", "Program", "ModelFamily", "ModelRelease",
       "CloudPlatform", "Chip", "Facility", "Licence", "Participation", "ImportRecord", "MetricResult")


@pytest.fixture(scope="module")
def closure() -> rdflib.Graph:
    g = _ontology()
    for path in default_paths()[1:]:
        g.parse(path)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    return g


@pytest.mark.slow
def test_closure_types_no_deal_as_a_concept(closure):
    deals = set(closure.subjects(RDF.type, AIKG.Deal))
    assert len(deals) > 100
    assert {d for d in deals if (d, RDF.type, SKOS.Concept) in closure} == set()
    for cls in (AIKG.Company, AIKG.Source, AIKG.Claim):
        assert not any((i, RDF.type, SKOS.Concept) in closure for i in closure.subjects(RDF.type, cls))


@pytest.mark.slow
def test_closure_puts_no_entity_in_two_top_classes(closure):
    members = {name: set(closure.subjects(RDF.type, AIKG[name])) for name in TOP}
    assert members["Claim"]
    assert members["Organization"]
    assert members["Source"]
    for a, b in itertools.combinations(TOP, 2):
        assert members[a] & members[b] == set(), (a, b)
    assert list(closure.subjects(OWL.sameAs, None)) == [] or all(
        s == o for s, o in closure.subject_objects(OWL.sameAs)
    )


# ----------------------------------------------------------- provenance ---


def test_exactly_one_source_per_url_and_a_date_or_an_explicit_unknown():
    g = rdflib.Graph()
    for path in default_paths()[1:]:
        g.parse(path)
    sources = list(g.subjects(RDF.type, AIKG.Source))
    urls = Counter(g.value(s, SCHEMA.url) for s in sources)
    assert len(sources) > 150
    assert [u for u, n in urls.items() if n > 1] == []
    undated = [
        s for s in sources
        if g.value(s, SCHEMA.datePublished) is None and g.value(s, AIKG.publicationDateUnknown) is None
    ]
    assert undated == []


def test_claim_provenance_says_which_source_supports_which_value(tmp_path):
    text = MINI.replace(
        "prov:wasDerivedFrom id:src-test ;",
        "aikg:referenceId \"test-ref\" ;\n"
        "    prov:wasDerivedFrom id:src-test, id:src-other ;\n"
        "    prov:qualifiedDerivation [ a prov:Derivation ; prov:entity id:src-other ;\n"
        "        aikg:supports aikg:announcedDate ] ;",
    ) + (
        "id:src-other a aikg:Source ; schema:url <https://example.org/other> ;"
        " schema:publisher \"Other\" ; aikg:publicationDateUnknown true .\n"
    )
    path = tmp_path / "qualified.ttl"
    path.write_text(text, encoding="utf-8")
    result = build("memory", paths=[ontology_file(), path])
    assert result.graph is not None
    rows = {
        str(r.url): (str(r.supports) if r.supports is not None else "")
        for r in graph.query(result.graph, "claim_provenance", {"reference": "test-ref"})
    }
    assert rows == {"https://example.org/test-deal": "", "https://example.org/other": "announcedDate"}
