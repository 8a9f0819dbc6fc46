"""The importers' lookup tables are data under ontology/importers/, read once and checked."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.importers import resolve
from graph.importers.resolve import tables
from graph.importers.resolve.tables import (
    FamilyRule,
    TableError,
    compiled_family_rules,
    country_table,
    family_rules,
    read_countries,
    read_family_patterns,
)
from graph.resources import data_root
from graph.vocab import ID

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "ontology" / "importers"


def _independent_rows(path: Path) -> list[list[str]]:
    """The data rows of a table, read with the csv module (header and comments dropped)."""
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    rows = list(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows[1:]


@pytest.fixture
def fresh_tables() -> Iterator[None]:
    """Forget the cached tables before and after a test that points them elsewhere."""
    for cached in (country_table, family_rules, compiled_family_rules):
        cached.cache_clear()
    yield
    for cached in (country_table, family_rules, compiled_family_rules):
        cached.cache_clear()


def test_tables_live_in_the_ontology_folder():
    assert tables.tables_dir() == data_root() / "ontology" / "importers"
    assert (FOLDER / tables.COUNTRIES_FILE).is_file()
    assert (FOLDER / tables.FAMILY_PATTERNS_FILE).is_file()


def test_country_table_is_the_file():
    rows = _independent_rows(FOLDER / "countries.tsv")
    assert dict(country_table()) == dict(rows)
    # the table the code held before it became data: 74 names
    assert len(country_table()) == len(rows) == 74
    for name, code in [
        ("united states of america", "US"),
        ("korea (republic of)", "KR"),
        ("iran (islamic republic of)", "IR"),
        ("viet nam", "VN"),
        ("philippines (the)", "PH"),
        ("peru", "PE"),
    ]:
        assert country_table()[name] == code
    assert resolve.COUNTRY_CODES is country_table()
    with pytest.raises(TypeError):
        country_table()["atlantis"] = "AT"  # type: ignore[index]


def test_family_rules_are_the_file_in_order():
    rows = _independent_rows(FOLDER / "family-patterns.tsv")
    expected = [FamilyRule(r[0], r[1], r[2] if len(r) > 2 and r[2] else None) for r in rows]
    assert list(family_rules()) == expected
    # the table the code held before it became data: 47 rules, first match wins
    assert len(family_rules()) == 47
    assert family_rules()[0] == (r"claude\b", "claude", None)
    assert family_rules()[-1] == (r"luminous\b", "luminous", None)
    assert (r"qwen\b.*\b(max|plus|turbo|flash|long)\b", "qwen-max", r"\b\d+ b\b") in family_rules()
    assert (r"ernie 4 5\b", "ernie-open", "turbo") in family_rules()
    assert (r"o [1-9]( |$)", "o-series", None) in family_rules()
    families = [rule.family for rule in family_rules()]
    assert families.index("qwen-max") < families.index("qwen")
    assert families.index("grok-open") < families.index("grok")
    assert resolve.FAMILY_RULES is family_rules()
    compiled = compiled_family_rules()
    assert [c.family for c in compiled] == [ID[f] for f in families]
    assert compiled[0].pattern.match("claude 3 5 sonnet")


def test_unknown_attribute_of_the_package_still_fails():
    with pytest.raises(AttributeError, match="NO_SUCH_TABLE"):
        _ = resolve.NO_SUCH_TABLE  # type: ignore[attr-defined]


COUNTRY_HEADER = "name\tcode\n"
RULE_HEADER = "pattern\tfamily\tunless\n"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("# comment\nname\tcountry\n", 2, "expected the header line name<TAB>code"),
        (COUNTRY_HEADER + "china\tCN\nfrance\n", 3, "expected 2 to 2 tab-separated cells"),
        (COUNTRY_HEADER + "china\tCN\tAsia\n", 2, "found 3"),
        (COUNTRY_HEADER + "China\tCN\n", 2, "'China' is not in lower case"),
        (COUNTRY_HEADER + "china\tchn\n", 2, "the code 'chn' is not two capital letters"),
        (COUNTRY_HEADER + "china\tCN\n\n# x\nchina\tCN\n", 5, "'china' is already on line 2"),
        (COUNTRY_HEADER + "china \tCN\n", 2, "'name' cell 'china ' has surrounding spaces"),
        (COUNTRY_HEADER + "\tCN\n", 2, "the 'name' cell is empty"),
    ],
)
def test_malformed_country_table_names_file_and_line(
    tmp_path: Path, text: str, line: int, message: str
):
    path = tmp_path / "countries.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TableError) as caught:
        read_countries(path)
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (RULE_HEADER + "claude\\b\tclaude\n(gpt\tgpt\n", 3, "invalid regular expression"),
        (RULE_HEADER + "ernie\\b\ternie\t[turbo\n", 2, "invalid regular expression in 'unless'"),
        (RULE_HEADER + "qwen\tQwen Max\n", 2, "the family 'Qwen Max' is not a slug"),
        (RULE_HEADER + "qwen\n", 2, "expected 2 to 3 tab-separated cells"),
        (RULE_HEADER + "qwen\t\n", 2, "the 'family' cell is empty"),
        (RULE_HEADER + "qwen\tqwen\tx\ty\n", 2, "found 4"),
        ("pattern family unless\n", 1, "expected the header line pattern<TAB>family<TAB>unless"),
    ],
)
def test_malformed_family_table_names_file_and_line(
    tmp_path: Path, text: str, line: int, message: str
):
    path = tmp_path / "family-patterns.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TableError) as caught:
        read_family_patterns(path)
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert message in str(caught.value)


def test_optional_cell_and_windows_line_ends(tmp_path: Path):
    path = tmp_path / "family-patterns.tsv"
    path.write_text(RULE_HEADER.replace("\n", "\r\n") + "yi\\b\tyi\r\nx\tx\tz\r\n", "utf-8")
    assert read_family_patterns(path) == (("yi\\b", "yi", None), ("x", "x", "z"))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "table not found"),
        (b"name\tcode\n\xff\tXX\n", "unreadable table"),
        (b"", "no header"),
    ],
)
def test_missing_or_unreadable_table(tmp_path: Path, content: bytes | None, message: str):
    path = tmp_path / "countries.tsv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(TableError, match=message) as caught:
        read_countries(path)
    assert str(caught.value).startswith(f"{path}: ")


@pytest.mark.usefixtures("fresh_tables")
def test_a_malformed_table_under_the_data_root_fails_on_first_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    folder = tmp_path / "ontology" / "importers"
    folder.mkdir(parents=True)
    (folder / "countries.tsv").write_text(COUNTRY_HEADER + "china\tCN\nchina\tCN\n", "utf-8")
    monkeypatch.setenv("AIKG_DATA", str(tmp_path))
    duplicate = r"countries\.tsv:3: the name 'china' is already on line 2"
    with pytest.raises(TableError, match=duplicate):
        resolve.country_codes("China")
    with pytest.raises(TableError, match=r"family-patterns\.tsv: table not found"):
        family_rules()
