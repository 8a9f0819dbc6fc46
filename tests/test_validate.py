"""`aikg validate` on broken copies of facts files: exit 1 and a message naming the problem."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.build import BuildError, validate_paths
from graph.cli import app

DATA = Path(__file__).parent / "data"
MINI = (DATA / "mini.ttl").read_text(encoding="utf-8")
runner = CliRunner()


def _write(tmp_path: Path, text: str, name: str = "facts.ttl") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_file_passes():
    result = runner.invoke(app, ["validate", str(DATA / "mini.ttl")])
    assert result.exit_code == 0, result.output
    assert "0 violations" in result.output


def test_syntax_error_names_file_line_and_column(tmp_path):
    broken = MINI.replace(
        'schema:name "Test Lab" ; aikg:countryCode', 'schema:name "Test Lab" ; nope:countryCode', 1
    )
    path = _write(tmp_path, broken)
    line = next(i for i, text in enumerate(broken.splitlines(), 1) if "nope:" in text)
    column = broken.splitlines()[line - 1].index("nope:") + 1
    with pytest.raises(BuildError) as info:
        validate_paths([path])
    (error,) = info.value.syntax_errors
    assert (error.path, error.line, error.column) == (path, line, column)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"{path}:{line}:{column}: Turtle syntax error" in result.output
    assert "nope" in error.reason


def test_deal_without_source(tmp_path):
    path = _write(tmp_path, MINI.replace("    prov:wasDerivedFrom id:src-test ;", ""))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "id:deal-test-cloud-test-lab prov:wasDerivedFrom" in result.output
    assert "a claim needs prov:wasDerivedFrom an aikg:Source" in result.output
    assert str(path) in result.output


def test_negative_amount(tmp_path):
    path = _write(
        tmp_path, MINI.replace("schema:maxValue 2000000000.0", "schema:maxValue -2000000000.0")
    )
    report = validate_paths([path])
    (problem,) = report.violations
    # the amount is a blank node: the report names the deal that owns it
    assert problem.focus == "id:deal-test-cloud-test-lab"
    assert problem.path == "schema:maxValue"
    assert "non-negative" in problem.message
    assert problem.files == (str(path),)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "schema:maxValue ('up to X') is one non-negative xsd:decimal" in result.output


def test_end_date_before_start_date(tmp_path):
    text = MINI.replace(
        '    aikg:announcedDate "2025-01-02"^^xsd:date ;',
        '    aikg:announcedDate "2025-01-02"^^xsd:date ;\n'
        '    schema:startDate "2026-01-01"^^xsd:date ; schema:endDate "2025-01-01"^^xsd:date ;',
    )
    path = _write(tmp_path, text)
    report = validate_paths([path])
    (problem,) = report.violations
    assert (problem.focus, problem.path) == ("id:deal-test-cloud-test-lab", "schema:startDate")
    assert "not after schema:endDate" in problem.message
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "not after schema:endDate" in result.output


def test_wrong_status_and_unknown_class_reference(tmp_path):
    text = MINI.replace(
        "aikg:claimStatus aikg:Confirmed", "aikg:claimStatus aikg:Rumoured"
    ).replace("aikg:investee id:test-lab", "aikg:investee id:nobody")
    report = validate_paths([_write(tmp_path, text)])
    messages = {(p.path, p.message.split(":")[0]) for p in report.violations}
    assert ("aikg:claimStatus", "a claim needs exactly one aikg") in messages
    assert ("aikg:investee", "aikg") in messages


def test_invalid_date_literal(tmp_path):
    path = _write(
        tmp_path,
        MINI.replace('"2025-01-02"^^xsd:date ;\n    prov', '"2025-13-45"^^xsd:date ;\n    prov'),
    )
    report = validate_paths([path])
    assert [p.path for p in report.violations] == ["aikg:announcedDate"]


def test_missing_file_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["validate", str(tmp_path / "nope.ttl")])
    assert result.exit_code == 1
    assert "cannot read file" in result.output


def test_usage_error_exits_2():
    result = runner.invoke(app, ["validate", "--no-such-option"])
    assert result.exit_code == 2


def test_pyshacl_runs_leave_rdflib_s_sparql_processor_as_they_found_it():
    from rdflib.plugins.sparql import processor  # noqa: PLC0415

    from graph.validate import load_ontology, validate_graph  # noqa: PLC0415

    before = processor.SPARQLProcessor.query
    report = validate_graph(load_ontology())
    assert report.conforms
    assert processor.SPARQLProcessor.query is before
