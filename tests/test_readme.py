"""The README's commands and example stay true."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from graph.build import validate_paths

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_turtle_example_is_the_tested_file_and_validates():
    block = re.search(r"```turtle\n(.*?)```", README, re.S)
    assert block is not None
    example = ROOT / "tests" / "data" / "readme_example.ttl"
    assert block.group(1) == example.read_text(encoding="utf-8")
    report = validate_paths([example])
    assert report.conforms, [str(p) for p in report.violations]
    assert report.warnings == []


def test_readme_has_the_two_setup_commands():
    commands = re.findall(r"```bash\n(python3 -m venv[^\n]*)\n```", README)
    assert commands == [
        "python3 -m venv .venv && . .venv/bin/activate && pip install uv && uv pip install . "
        "&& aikg build",
        "python3 -m venv .venv && . .venv/bin/activate && pip install uv && "
        'uv pip install -e ".[test]" && pytest',
    ]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    quiet = commands[1].replace("pip install uv", "pip install -q uv")
    assert quiet.replace("uv pip install -e", "uv pip install -q -e") in ci


def test_readme_lists_every_named_query():
    for path in sorted((ROOT / "queries").glob("*.rq")):
        assert f"`{path.stem}`" in README, path.stem


@pytest.mark.parametrize("name", ["bench.json", "bench-imports.json"])
def test_readme_performance_tables_are_the_recorded_bench_runs(name):
    # tests/data/bench*.json are the exports/bench.json of the runs the README quotes
    from graph.bench_report import process_markdown  # noqa: PLC0415

    doc = json.loads((ROOT / "tests" / "data" / name).read_text(encoding="utf-8"))
    assert process_markdown(doc) in README
    command = doc.get("command")
    assert command
    assert f"`{command}`" in README
    assert doc["machine"]["cpus"] >= 1
    if "first_draw" in doc:  # the pages' first draw, as the same run printed it
        from graph.bench_draw import first_draw_markdown  # noqa: PLC0415

        assert first_draw_markdown(doc)
        assert first_draw_markdown(doc) in README
    if "named_queries" in doc:  # every named query in one process, as the same run printed it
        from graph.bench_queries import queries_markdown  # noqa: PLC0415

        assert queries_markdown(doc) in README
