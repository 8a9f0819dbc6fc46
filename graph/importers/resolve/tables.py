r"""The importers' lookup tables, kept as tab-separated data under ``ontology/importers/``.

Two tables steer entity resolution and are data, not code:

``countries.tsv``
    Country names as Epoch AI spells them (lower case) and their ISO 3166-1
    alpha-2 codes; :func:`~graph.importers.resolve.country_codes` reads a
    "Country" cell through it.
``family-patterns.tsv``
    The ordered rules that send a folded model name or provider model id to a
    curated model family (:meth:`~graph.importers.resolve.Resolver.family_for`):
    a regular expression, the family's slug, and an optional "unless" expression.

The folder is found like the rest of ``ontology/`` (:func:`graph.resources.data_root`):
the checkout a command runs in, ``$AIKG_DATA``, or the copy a wheel carries in
``graph/_data/ontology/importers/``. Each table is read once per process, on
first use, and validated as a whole: a malformed file raises :class:`TableError`
whose message starts with ``path:line:``, as a compiler's would.

File format: UTF-8, one record a line, cells separated by a tab. Blank lines and
lines starting with ``#`` are skipped; the first other line is the header and
must name the columns exactly. Trailing optional cells may be left out; no cell
may start or end with whitespace (an invisible space would change a match).

Examples
--------
>>> country_table()["united states of america"]
'US'
>>> rule = family_rules()[0]
>>> rule.pattern, rule.family, rule.unless
('claude\\b', 'claude', None)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from rdflib import URIRef

from graph.resources import data_root
from graph.vocab import ID

__all__ = [
    "COUNTRIES_FILE",
    "FAMILY_PATTERNS_FILE",
    "CompiledRule",
    "FamilyRule",
    "TableError",
    "compiled_family_rules",
    "country_table",
    "family_rules",
    "read_countries",
    "read_family_patterns",
    "tables_dir",
]

#: File names of the tables, in :func:`tables_dir`.
COUNTRIES_FILE = "countries.tsv"
FAMILY_PATTERNS_FILE = "family-patterns.tsv"

_CODE = re.compile(r"[A-Z]{2}")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class TableError(ValueError):
    """A lookup table that is missing or malformed; the message names file and line."""


class FamilyRule(NamedTuple):
    """One row of ``family-patterns.tsv``.

    Attributes
    ----------
    pattern : str
        Regular expression matched at the start of the folded model name.
    family : str
        Slug of the curated family (``id:<family>``) the rule names.
    unless : str or None
        Regular expression that, found anywhere in the folded name, vetoes the rule.
    """

    pattern: str
    family: str
    unless: str | None


class CompiledRule(NamedTuple):
    """A :class:`FamilyRule` ready to match: compiled expressions and the family IRI."""

    pattern: re.Pattern[str]
    family: URIRef
    unless: re.Pattern[str] | None


def tables_dir() -> Path:
    """Return the folder of the tables, ``ontology/importers/`` of the data root."""
    return data_root() / "ontology" / "importers"


def _records(
    path: Path, columns: tuple[str, ...], required: int
) -> Iterator[tuple[int, tuple[str, ...]]]:
    """Yield ``(line number, cells)`` of each record of a table, after its header.

    Parameters
    ----------
    path : Path
        The table file.
    columns : tuple of str
        The header the file must have.
    required : int
        How many leading columns every record must fill; the others may be left
        out at the end of a line (they are returned as empty strings).

    Raises
    ------
    TableError
        When the file cannot be read, the header differs, a record has too few or
        too many cells, a required cell is empty, or a cell has surrounding spaces.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TableError(f"{path}: table not found") from None
    except (OSError, UnicodeDecodeError) as err:
        raise TableError(f"{path}: unreadable table: {err}") from None
    header = "<TAB>".join(columns)
    seen_header = False
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.removesuffix("\r")
        if not line.strip() or line.startswith("#"):
            continue
        cells = tuple(line.split("\t"))
        where = f"{path}:{number}:"
        if not seen_header:
            if cells != columns:
                raise TableError(f"{where} expected the header line {header}, found {line!r}")
            seen_header = True
            continue
        if not required <= len(cells) <= len(columns):
            raise TableError(
                f"{where} expected {required} to {len(columns)} tab-separated cells "
                f"({header}), found {len(cells)}"
            )
        for i, (column, cell) in enumerate(zip(columns, cells, strict=False)):
            if cell != cell.strip():
                raise TableError(f"{where} the {column!r} cell {cell!r} has surrounding spaces")
            if i < required and not cell:
                raise TableError(f"{where} the {column!r} cell is empty")
        yield number, cells + ("",) * (len(columns) - len(cells))
    if not seen_header:
        raise TableError(f"{path}: no header line {header}")


def _regex(where: str, column: str, text: str) -> re.Pattern[str]:
    try:
        return re.compile(text)
    except re.error as err:
        raise TableError(f"{where} invalid regular expression in {column!r}: {err}") from None


def read_countries(path: Path) -> dict[str, str]:
    r"""Read a country table (``name`` -> ``code``), checking every record.

    Raises
    ------
    TableError
        On a malformed file (see :func:`_records`), a name not in lower case, a
        code that is not two capital letters, or a name listed twice.

    Examples
    --------
    >>> import tempfile
    >>> bad = Path(tempfile.mkdtemp()) / "countries.tsv"
    >>> _ = bad.write_text("name\tcode\nchina\tCN\nfrance\tfra\n", encoding="utf-8")
    >>> try:
    ...     read_countries(bad)
    ... except TableError as err:
    ...     print(str(err).removeprefix(str(bad)))
    :3: the code 'fra' is not two capital letters (ISO 3166-1 alpha-2)
    """
    table: dict[str, str] = {}
    lines: dict[str, int] = {}
    for number, (name, code) in _records(path, ("name", "code"), 2):
        where = f"{path}:{number}:"
        if name != name.casefold():
            raise TableError(f"{where} the name {name!r} is not in lower case (cells are folded)")
        if not _CODE.fullmatch(code):
            raise TableError(
                f"{where} the code {code!r} is not two capital letters (ISO 3166-1 alpha-2)"
            )
        if name in table:
            raise TableError(f"{where} the name {name!r} is already on line {lines[name]}")
        table[name] = code
        lines[name] = number
    return table


def read_family_patterns(path: Path) -> tuple[FamilyRule, ...]:
    """Read the family rule table, in file order, checking every record.

    Raises
    ------
    TableError
        On a malformed file (see :func:`_records`), an expression that does not
        compile, or a family that is not a slug (``a-z``, ``0-9`` and inner ``-``).
    """
    rules: list[FamilyRule] = []
    for number, (pattern, family, unless) in _records(path, ("pattern", "family", "unless"), 2):
        where = f"{path}:{number}:"
        _regex(where, "pattern", pattern)
        if unless:
            _regex(where, "unless", unless)
        if not _SLUG.fullmatch(family):
            raise TableError(f"{where} the family {family!r} is not a slug like 'qwen-max'")
        rules.append(FamilyRule(pattern, family, unless or None))
    return tuple(rules)


@functools.cache
def country_table() -> Mapping[str, str]:
    """Return the country table of :func:`tables_dir` (read once, read-only)."""
    return MappingProxyType(read_countries(tables_dir() / COUNTRIES_FILE))


@functools.cache
def family_rules() -> tuple[FamilyRule, ...]:
    """Return the family rules of :func:`tables_dir`, in order (read once)."""
    return read_family_patterns(tables_dir() / FAMILY_PATTERNS_FILE)


@functools.cache
def compiled_family_rules() -> tuple[CompiledRule, ...]:
    """Return :func:`family_rules` compiled, with the families as ``id:`` IRIs."""
    return tuple(
        CompiledRule(
            re.compile(rule.pattern),
            ID[rule.family],
            re.compile(rule.unless) if rule.unless else None,
        )
        for rule in family_rules()
    )
