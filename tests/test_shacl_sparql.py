"""The SPARQL-compiled validator reports exactly what pySHACL reports."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from graph import shacl_sparql
from graph.build import default_paths, load_sources, validate_paths
from graph.inputs import LoadedSources
from graph.resources import ontology_file
from graph.shacl_sparql import UnsupportedShapeError, compile_shapes, validate_store
from graph.validate import ValidationReport, validate_graph

DATA = Path(__file__).parent / "data"
MINI = (DATA / "mini.ttl").read_text(encoding="utf-8")

BROKEN = {
    "no-source": [("    prov:wasDerivedFrom id:src-test ;", "")],
    "no-status": [("aikg:claimStatus aikg:Confirmed", "")],
    "bad-status": [("aikg:claimStatus aikg:Confirmed", "aikg:claimStatus aikg:Rumoured")],
    "negative": [("schema:maxValue 2000000000.0", "schema:maxValue -2000000000.0")],
    "no-bound": [("schema:maxValue 2000000000.0 ;", "")],
    "min-above-max": [
        (
            "schema:maxValue 2000000000.0",
            "schema:maxValue 2000000000.0 ; schema:minValue 3000000000.0",
        )
    ],
    "bad-currency": [('schema:currency "USD"', 'schema:currency "dollars"')],
    "text-amount": [("schema:maxValue 2000000000.0", 'schema:maxValue "two billion"')],
    "bad-date": [('"2025-01-02"^^xsd:date ;\n    prov', '"2025-13-45"^^xsd:date ;\n    prov')],
    "year-0": [('"2025-01-02"^^xsd:date ;\n    prov', '"0000-01-02"^^xsd:date ;\n    prov')],
    "year-99999": [('"2025-01-02"^^xsd:date ;\n    prov', '"99999-01-02"^^xsd:date ;\n    prov')],
    "ownership-cycle": [
        ("aikg:role aikg:ModelDeveloper .", "aikg:role aikg:ModelDeveloper ;\n"
         "    aikg:parentOrganization id:test-cloud ."),
        ("aikg:role aikg:CloudProvider, aikg:Investor .", "aikg:role aikg:CloudProvider ;\n"
         "    aikg:parentOrganization id:test-lab ."),
    ],
    "end-before-start": [
        (
            '    aikg:announcedDate "2025-01-02"^^xsd:date ;',
            '    aikg:announcedDate "2025-01-02"^^xsd:date ;\n'
            '    schema:startDate "2026-01-01"^^xsd:date ; schema:endDate "2025-01-01"^^xsd:date ;',
        )
    ],
    "two-dates": [
        (
            '    aikg:announcedDate "2025-01-02"^^xsd:date ;',
            '    aikg:announcedDate "2025-01-02"^^xsd:date, "2025-01-03"^^xsd:date ;',
        )
    ],
    "unknown-party": [("aikg:investee id:test-lab", "aikg:investee id:nobody")],
    "literal-party": [("aikg:investee id:test-lab", 'aikg:investee "Test Lab"')],
    "no-name": [('schema:name "Test Lab" ;', "")],
    "bad-country": [('aikg:countryCode "FR"', 'aikg:countryCode "France"')],
    "bad-url": [("schema:url <https://example.org/test-deal>", 'schema:url "example.org"')],
    "disputed-alone": [("aikg:claimStatus aikg:Confirmed", "aikg:claimStatus aikg:Disputed")],
    "bad-role": [("aikg:role aikg:ModelDeveloper", "aikg:role aikg:Confirmed")],
    "source-without-date": [(' ;\n    schema:publisher "Example Newsroom" ; schema:datePublished "2025-01-02"^^xsd:date', ' ; schema:publisher "Example Newsroom"')],
    "source-date-unknown-false": [('schema:datePublished "2025-01-02"^^xsd:date', "aikg:publicationDateUnknown false")],
    "bad-precision": [("aikg:announcedDate", "aikg:startDatePrecision aikg:Confirmed ;\n    aikg:announcedDate")],
    "unbacked-parent": [("aikg:role aikg:ModelDeveloper .", "aikg:role aikg:ModelDeveloper ;\n    aikg:parentOrganization id:test-cloud .")],
    "derivation-elsewhere": [
        ("prov:wasDerivedFrom id:src-test ;", "prov:wasDerivedFrom id:src-test ;\n"
         "    prov:qualifiedDerivation [ prov:entity id:src-other ; aikg:supports aikg:amount ] ;"),
        ("id:src-test a aikg:Source", "id:src-other a aikg:Source ; schema:url <https://example.org/o> ;"
         " schema:publisher \"Other\" ; aikg:publicationDateUnknown true .\nid:src-test a aikg:Source"),
    ],
}

#: warnings only: the data stays valid, both validators must still agree
WARNED = {
    "start-before-announcement": [("    aikg:announcedDate", '    schema:startDate "2024-12-01"^^xsd:date ;\n    aikg:announcedDate')],
    "month-start-in-announced-month": [("    aikg:announcedDate", '    schema:startDate "2025-01-01"^^xsd:date ; aikg:startDatePrecision aikg:MonthPrecision ;\n    aikg:announcedDate')],
    "end-before-announcement": [("    aikg:announcedDate", '    schema:endDate "2024-06-30"^^xsd:date ;\n    aikg:announcedDate')],
}


def _store(sources: LoadedSources) -> ox.Store:
    store = ox.Store()
    store.bulk_extend(sources.quads)
    return store


def _both(paths: list[Path]) -> tuple[ValidationReport, ValidationReport]:
    sources = load_sources([ontology_file(), *paths])
    return (
        validate_graph(sources.graph, origins=sources.origins),
        validate_store(_store(sources), origins=sources.origins),
    )


def _keys(report: ValidationReport) -> set[tuple[str, str, str, str, tuple[str, ...]]]:
    return {(p.severity, p.focus, p.path, p.message, p.files) for p in report.problems}


def _case(edits: dict[str, list[tuple[str, str]]], case: str, tmp_path: Path) -> Path:
    """Write the mini dataset with one case's replacements applied."""
    text = MINI
    for old, new in edits[case]:
        assert old in text, (case, old)
        text = text.replace(old, new)
    path = tmp_path / f"{case}.ttl"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.slow  # pySHACL, the reference engine, runs every shape in Python
@pytest.mark.parametrize("case", sorted(BROKEN))
def test_same_problems_on_broken_input(case, tmp_path):
    reference, fast = _both([_case(BROKEN, case, tmp_path)])
    assert reference.violations, f"{case} should be invalid"
    assert _keys(fast) == _keys(reference)


@pytest.mark.slow  # pySHACL, the reference engine, runs every shape in Python
def test_pyshacl_parses_each_sparql_text_once_per_process(tmp_path, monkeypatch):
    # after one validation, a second one of other data parses no SPARQL text again and
    # gives that data's own report (a kept query holds no state of the first data)
    broken = _case(BROKEN, "bad-status", tmp_path)
    first = load_sources([ontology_file(), broken])
    assert validate_graph(first.graph, origins=first.origins).violations

    def refused(text: str) -> None:
        raise AssertionError(f"parsed again: {text[:60]}")

    monkeypatch.setattr("rdflib.plugins.sparql.parser.parseQuery", refused)
    good = load_sources([ontology_file(), DATA / "mini.ttl"])
    again = validate_graph(good.graph, origins=good.origins)
    assert again.conforms
    assert _keys(again) == _keys(validate_store(_store(good), origins=good.origins))


@pytest.mark.slow  # pySHACL, the reference engine, runs every shape in Python
@pytest.mark.parametrize("case", sorted(WARNED))
def test_same_warnings_on_date_order(case, tmp_path):
    reference, fast = _both([_case(WARNED, case, tmp_path)])
    assert reference.conforms
    assert _keys(fast) == _keys(reference)
    warned = {p.path for p in reference.warnings}
    expected = {
        "start-before-announcement": {"schema:startDate"},
        "month-start-in-announced-month": set(),
        "end-before-announcement": {"aikg:announcedDate"},
    }[case]
    assert warned == expected


@pytest.mark.slow  # pySHACL on the whole curated graph takes minutes
def test_same_problems_on_the_curated_facts():
    reference, fast = _both(default_paths()[1:])
    assert reference.conforms
    assert _keys(fast) == _keys(reference)


def test_unsupported_shape_is_refused():
    shapes = rdflib.Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:property [ sh:path ex:p ; sh:qualifiedMinCount 1 ; sh:message "m" ] .
        """,
        format="turtle",
    )
    with pytest.raises(UnsupportedShapeError, match="qualifiedMinCount"):
        compile_shapes(shapes)


REGISTRY = """
@prefix aikg:   <https://w3id.org/aikg/ontology#> .
@prefix pub:    <https://w3id.org/aikg/publisher/> .
@prefix id:     <https://w3id.org/aikg/id/> .
@prefix schema: <https://schema.org/> .
pub:wire a aikg:Publisher ; schema:name "Wire" ; aikg:publisherKind aikg:WireOrMajorOutlet ;
    aikg:host "wire.example" .
pub:lab a aikg:Publisher ; schema:name "Test Lab newsroom" ; aikg:publisherKind aikg:CompanyChannel ;
    aikg:publisherOrganization id:test-lab ; aikg:host "lab.example" .
pub:other a aikg:Publisher ; schema:name "Other company" ; aikg:publisherKind aikg:CompanyChannel ;
    aikg:publisherOrganization id:other ; aikg:host "other.example" .
pub:blog a aikg:Publisher ; schema:name "Blog" ; aikg:publisherKind aikg:BlogOrNewsletter ;
    aikg:host "blog.example" .
id:other a aikg:Company ; schema:name "Other" ; aikg:countryCode "US" ;
    aikg:role aikg:ModelDeveloper .
"""

#: URL of the Confirmed deal's source -> is the claim strong enough (no violation)?
STRONG_SOURCE = {
    "https://example.org/test-deal": False,  # unregistered host
    "https://wire.example/story": True,
    "https://news.wire.example/story": True,  # a subdomain of a registered host
    "https://a.b.c.d.wire.example/story": True,  # four labels deeper: still matched
    "https://a.b.c.d.e.wire.example/story": False,  # five: no longer
    "https://WIRE.example:443/story?x=1": True,  # case and port do not matter
    "https://lab.example/post": True,  # the channel of a party to the deal
    "https://other.example/post": False,  # a company channel, not a party's
    "https://blog.example/post": False,
    "https://notwire.example/story": False,  # a suffix that is not a parent domain
}


@pytest.mark.slow  # pySHACL, the reference engine, runs every shape in Python
@pytest.mark.parametrize("url", sorted(STRONG_SOURCE))
def test_same_answer_on_the_strong_source_rule(url, tmp_path):
    data = MINI.replace("<https://example.org/test-deal>", f"<{url}>")
    (tmp_path / "mini.ttl").write_text(data, encoding="utf-8")
    (tmp_path / "registry.ttl").write_text(REGISTRY, encoding="utf-8")
    reference, fast = _both([tmp_path / "registry.ttl", tmp_path / "mini.ttl"])
    assert _keys(fast) == _keys(reference)
    flagged = {p.focus for p in reference.violations if "a Confirmed claim" in p.message}
    assert flagged == (set() if STRONG_SOURCE[url] else {"id:deal-test-cloud-test-lab"})


def test_a_page_citing_the_primary_makes_a_blog_source_strong(tmp_path):
    data = MINI.replace("<https://example.org/test-deal>", "<https://blog.example/post>").replace(
        'schema:publisher "Example Newsroom" ;',
        'schema:publisher "Example Newsroom" ; aikg:citesPrimary <https://lab.example/p> ;',
    )
    (tmp_path / "mini.ttl").write_text(data, encoding="utf-8")
    (tmp_path / "registry.ttl").write_text(REGISTRY, encoding="utf-8")
    reference, fast = _both([tmp_path / "registry.ttl", tmp_path / "mini.ttl"])
    assert _keys(fast) == _keys(reference)
    assert not [p for p in reference.violations if "a Confirmed claim" in p.message]


def test_a_second_validation_in_one_process_does_not_compile_the_shapes_again(
    monkeypatch, tmp_path
):
    """The shapes run in a forked child; the checks it compiled come back to this process."""
    broken = tmp_path / "no-status.ttl"
    broken.write_text(MINI.replace("aikg:claimStatus aikg:Confirmed", ""), encoding="utf-8")
    monkeypatch.setattr(shacl_sparql, "_SHIPPED", [])
    first = validate_paths([broken])
    assert any(p.path == "aikg:claimStatus" for p in first.violations)  # the shapes ran

    def compile_again(_shapes: rdflib.Graph | None = None) -> list[object]:
        raise AssertionError("the shapes were compiled again")

    monkeypatch.setattr(shacl_sparql, "compile_shapes", compile_again)
    assert validate_paths([broken]).problems == first.problems


# ------------------------------------------------- compiled checks kept in the cache ---


@pytest.fixture
def compiles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A private cache, no checks compiled yet in this process, and a count of compilations."""
    monkeypatch.setenv("AIKG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("AIKG_CACHE", raising=False)
    monkeypatch.setattr(shacl_sparql, "_SHIPPED", [])
    calls: list[int] = []
    real = shacl_sparql.compile_shapes

    def counted(*args: object, **kwargs: object) -> list[shacl_sparql.CompiledCheck]:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(shacl_sparql, "compile_shapes", counted)
    return calls


def _new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shacl_sparql, "_SHIPPED", [])


def test_a_later_process_reads_the_compiled_checks_back(compiles, tmp_path, monkeypatch):
    first = shacl_sparql.shipped_checks()
    assert len(compiles) == 1
    assert len(first) > 300
    [kept] = (tmp_path / "cache" / "shacl-checks").iterdir()
    _new_process(monkeypatch)
    again = shacl_sparql.shipped_checks()
    assert len(compiles) == 1  # read back, not compiled
    assert again == first == tuple(compile_shapes())  # the module's own, not the counted one
    kept.write_text('[["only", "four", "strings", "here"]]', encoding="utf-8")  # damaged
    _new_process(monkeypatch)
    assert shacl_sparql.shipped_checks() == first
    assert len(compiles) == 2  # a damaged file is compiled again (and written again)
    _new_process(monkeypatch)
    assert shacl_sparql.shipped_checks() == first
    assert len(compiles) == 2


def test_other_shapes_or_other_compiler_code_compile_again(compiles, tmp_path, monkeypatch):
    first = shacl_sparql.shipped_checks()
    edited = tmp_path / "shapes.ttl"
    text = shacl_sparql.shapes_file().read_text(encoding="utf-8")
    edited.write_text(text.replace('sh:message "', 'sh:message "(edited) ', 1), encoding="utf-8")
    monkeypatch.setattr(shacl_sparql, "shapes_file", lambda: edited)
    monkeypatch.setattr("graph.validate.shapes_file", lambda: edited)
    _new_process(monkeypatch)
    changed = shacl_sparql.shipped_checks()
    assert len(compiles) == 2
    assert changed != first
    assert any(c.message.startswith("(edited) ") for c in changed)
    monkeypatch.setattr(shacl_sparql, "_compiler_identity", lambda: ["another compiler"])
    _new_process(monkeypatch)
    assert shacl_sparql.shipped_checks() == changed
    assert len(compiles) == 3
    monkeypatch.setattr(shacl_sparql, "_compiler_identity", lambda: None)  # unknown code
    _new_process(monkeypatch)
    assert shacl_sparql.shipped_checks() == changed
    assert len(compiles) == 4
    _new_process(monkeypatch)
    assert shacl_sparql.shipped_checks() == changed
    assert len(compiles) == 5
