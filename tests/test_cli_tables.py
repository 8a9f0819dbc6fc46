"""Terminal tables as a reader meets them, at 80 and 120 columns (golden files).

The tables of ``aikg metrics`` and ``aikg timeline`` show names, money with its bound
(``up to $33B``), units in the headers, closed loops as paths, and fit the width: a
long cell ends in an ellipsis, a title is never cut. The expected outputs live in
``tests/data/golden/``; after a deliberate change of the curated data or of the
tables, rewrite them with ``AIKG_GOLDEN=write pytest tests/test_cli_tables.py``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph import cli

GOLDEN = Path(__file__).parent / "data" / "golden"
runner = CliRunner()

CASES = {
    "metrics-round-trip": ["metrics", "--as-of", "2026-04-30", "--metric", "round_trip"],
    "metrics-closed-loops": [
        *("metrics", "--as-of", "2026-04-30", "--metric", "closed_loops", "--limit", "4"),
    ],
    "metrics-public-goods": [
        *("metrics", "--as-of", "2026-04-30", "--metric", "public_goods", "--limit", "5"),
    ],
    "timeline-concentration": [
        *("timeline", "supplier_concentration", "--from", "2023-01-01", "--to", "2026-04-30"),
    ],
    "whatif-amazon-2026": [
        *("whatif", "--drop", "deal-amazon-anthropic-2026", "--as-of", "2026-04-30"),
    ],
}


@pytest.fixture
def width() -> Iterator[None]:
    saved = cli.out.width
    yield
    cli.out.width = saved


def _run(args: list[str], store: str, columns: int) -> str:
    cli.out.width = columns
    result = runner.invoke(cli.app, [*args, "--store", store])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.usefixtures("width")
@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("case", sorted(CASES))
def test_table_matches_its_golden_file(oxigraph_url: str, case: str, columns: int) -> None:
    text = _run(CASES[case], oxigraph_url, columns)
    path = GOLDEN / f"{case}-{columns}.txt"
    if os.environ.get("AIKG_GOLDEN") == "write":
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("columns", [80, 120])
def test_tables_read_as_a_reader_writes(columns: int) -> None:
    # the golden files are what the commands print (test_table_matches_its_golden_file)
    def printed(case: str) -> str:
        return (GOLDEN / f"{case}-{columns}.txt").read_text(encoding="utf-8")

    for case in CASES:
        text = printed(case)
        assert all(len(line) <= columns for line in text.splitlines()), text
        assert not re.search(r"\de[+-]\d", text)  # no exponent
        assert not re.search(r"\d(USD|GW|layers|operators)\b", text)  # no unit glued on
        assert not re.search(r"\d\.\d{5,}", text)  # no unrounded float
        assert "w3id.org" not in text
    trips = printed("metrics-round-trip")
    assert "up to $33B" in trips
    assert "≥ $100B" in trips
    for title in ("provider", "model", "invested", "committed", "ratio"):
        assert f" {title} " in trips  # every title whole
    loops = printed("metrics-closed-loops")
    assert "Amazon → Anthropic (up to $33B equity) → Ama" in loops


@pytest.mark.usefixtures("width")
def test_whatif_puts_the_material_change_first(oxigraph_url: str) -> None:
    args = CASES["whatif-amazon-2026"]
    text = (GOLDEN / "whatif-amazon-2026-120.txt").read_text(encoding="utf-8")  # as printed
    rows = [line for line in text.splitlines() if line.startswith("│")]
    # the round trip Amazon put into Anthropic without its 2026 money: $8B in, ratio up
    assert rows[0].startswith("│ round_trip │ Anthropic, Amazon")
    assert "invested: up to $33B → up to $8B" in rows[0]
    every = _run([*args, "--min-change", "0"], oxigraph_url, 120)
    all_rows = [line for line in every.splitlines() if line.startswith("│")]
    hidden = len(all_rows) - len(rows)
    assert hidden > 20  # PageRank moves in the fourth digit
    assert f"{hidden} smaller change(s) not shown" in text.replace("\n", " ")
    assert runner.invoke(cli.app, [*args, "--min-change", "-1", "--store", oxigraph_url]).exit_code
