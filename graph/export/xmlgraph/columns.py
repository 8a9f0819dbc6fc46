"""Columns of attribute values for the XML graph writers: types, conversion, escaping.

Nodes (edges) with the same attribute names form a group whose values are held as
columns; each column is converted and escaped at once.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from operator import itemgetter
from typing import Any, NamedTuple

import networkx as nx

#: An attribute value as written: what GraphML and GEXF can type.
Scalar = bool | int | float | str


#: The attributes of one node or edge, sorted by name, without ``None``.
Attrs = dict[str, Scalar]


#: A column: one value per row of a group.
_Column = Sequence[Any]


#: Column name -> (type, whether its values mix types).
_Types = dict[str, tuple[type, bool]]


#: Writes one value of a column as text (before escaping).
_Convert = Callable[[Any], str]


_INVALID_BUT_NUL = "\x01-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"


_INVALID = "\x00" + _INVALID_BUT_NUL


#: Characters XML 1.0 cannot hold (NUL, most C0 controls, surrogates, U+FFFE/F).
XML_INVALID = re.compile(f"[{_INVALID}]")


_drop_invalid = XML_INVALID.sub


_drop_invalid_but_nul = re.compile(f"[{_INVALID_BUT_NUL}]").sub  # NUL joins texts (_escaped)


_C0 = bytes([*range(1, 9), 0x0B, 0x0C, *range(0x0E, 0x20)])  # invalid, NUL aside


_SCALARS = frozenset({bool, int, float, str})


_WIDTH: dict[type, int] = {bool: 0, int: 1, float: 2, str: 3}


_XML_TYPE = {bool: "boolean", int: "long", float: "double", str: "string"}


class _Group(NamedTuple):
    """Nodes or edges with the same attribute names, their values as columns."""

    rows: Sequence[int]  # where its rows are in the document
    columns: dict[str, _Column]  # attribute name (sorted) -> the rows' values
    kinds: dict[str, frozenset[type]]  # attribute name -> the types of its values


def clean_attrs(attrs: Mapping[str, Any]) -> Attrs:
    r"""Return the attributes sorted by name, without ``None``, with XML-safe values.

    Parameters
    ----------
    attrs : mapping
        Attributes of a node or an edge.

    Returns
    -------
    dict
        ``bool``, ``int`` and ``float`` values (subclasses such as NumPy floats
        made plain), anything else as its ``str`` without :data:`XML_INVALID` characters.

    Examples
    --------
    >>> clean_attrs({"b": None, "a": "x\x00y", "c": True, "d": 2})
    {'a': 'xy', 'c': True, 'd': 2}
    """
    return {key: _scalar(value) for key, value in sorted(attrs.items()) if value is not None}


def _scalar(value: Any) -> Scalar:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return _drop_invalid("", str(value))


def _pick(items: Sequence[Any], index: Sequence[int]) -> tuple[Any, ...]:
    """Return the items at ``index``, as a tuple."""
    if len(index) > 1:
        return itemgetter(*index)(items)  # type: ignore[no-any-return]
    return tuple(items[i] for i in index)


def _groups(rows: Sequence[Mapping[str, Any]]) -> list[_Group]:
    """Group rows of attributes by their names, ``None`` values left out.

    Groups come in the order of their first row.
    """
    by_names: dict[tuple[str, ...], list[int]] = {}
    for i, attrs in enumerate(rows):
        by_names.setdefault(tuple(attrs), []).append(i)
    groups = []
    for names, index in by_names.items():
        group = _group(index, _pick(rows, index), sorted(names))
        if group is None:  # a None value: leave them out, row by row
            kept = [{k: v for k, v in rows[i].items() if v is not None} for i in index]
            groups += [g._replace(rows=_pick(index, g.rows)) for g in _groups(kept)]
        else:
            groups.append(group)
    return sorted(groups, key=lambda group: group.rows[0])


def _group(
    index: Sequence[int], rows: Sequence[Mapping[str, Any]], names: Iterable[str]
) -> _Group | None:
    """Return the group of ``rows``, all with the attributes ``names``; None if one is None.

    Values are made plain as :func:`clean_attrs` keeps them (strings are cleaned
    when written).
    """
    columns: dict[str, _Column] = {}
    kinds: dict[str, frozenset[type]] = {}
    for name in names:
        column: _Column = list(map(itemgetter(name), rows))
        found = frozenset(map(type, column))
        if not _SCALARS.issuperset(found):
            if type(None) in found:
                return None
            column = [v if type(v) is str else _scalar(v) for v in column]
            found = frozenset(map(type, column))
        columns[name], kinds[name] = column, found
    return _Group(index, columns, kinds)


def _column_types(groups: Iterable[_Group], skip: Iterable[str] = ()) -> _Types:
    """Return each attribute name's type (the widest of its values) and whether it is mixed.

    Names come in order of first use, as networkx numbers its keys.
    """
    kinds: dict[str, set[type]] = {}
    for group in groups:
        for name, found in group.kinds.items():
            kinds.setdefault(name, set()).update(found)
    return {
        name: (max(found, key=_WIDTH.__getitem__), len(found) > 1)
        for name, found in kinds.items()
        if name not in skip
    }


def _split(group: _Group, keep: Sequence[bool]) -> list[_Group]:
    """Split a group in two by ``keep``, a flag per row (rows kept first); drop an empty half."""
    halves = []
    for flags in (keep, [not k for k in keep]):
        if any(flags):
            index = list(itertools.compress(group.rows, flags))
            columns: dict[str, _Column] = {
                n: list(itertools.compress(c, flags)) for n, c in group.columns.items()
            }
            kinds = {n: frozenset(map(type, c)) for n, c in columns.items()}
            halves.append(_Group(index, columns, kinds))
    return halves


_TEXT_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))


_ATTR_ESCAPES = (*_TEXT_ESCAPES, ('"', "&quot;"), ("\n", "&#10;"), ("\t", "&#09;"))


_TEXT_SPECIAL = "".join(char for char, _ in _TEXT_ESCAPES)


_ATTR_SPECIAL = "".join(char for char, _ in _ATTR_ESCAPES)


def _replaced(text: str, pairs: Iterable[tuple[str, str]]) -> str:
    for char, reference in pairs:  # "&" first: the references added later stay as they are
        if char in text:
            text = text.replace(char, reference)
    return text


def _attr(text: str) -> str:
    """Escape an attribute value as ElementTree does."""
    return _replaced(text, _ATTR_ESCAPES)


def _text(text: str) -> str:
    r"""Escape character data; ``\r`` as a reference, or it reads back as ``\n``."""
    return _replaced(text, _TEXT_ESCAPES)


def _escaped(texts: _Column, escape: Callable[[str], str]) -> _Column:
    """Return the texts cleaned of XML-invalid characters and escaped, all in one go.

    They are joined by NUL (which a clean text does not hold), done, and split again.
    """
    joined = "\x00".join(texts)
    if joined.count("\x00") != len(texts) - 1:  # a text holds NUL itself
        return [escape(_drop_invalid("", text)) for text in texts]
    if _has_invalid(joined):
        joined = _drop_invalid_but_nul("", joined)
    elif not any(c in joined for c in (_ATTR_SPECIAL if escape is _attr else _TEXT_SPECIAL)):
        return texts
    return escape(joined).split("\x00")


def _has_invalid(text: str) -> bool:
    """Whether ``text`` holds an XML-invalid character other than NUL (faster than a regex)."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a surrogate
        return True
    return len(data.translate(None, _C0)) != len(data) or "\ufffe" in text or "\uffff" in text


def _as_text(
    column: _Column,
    kinds: frozenset[type],
    convert: _Convert | None,
    escape: Callable[[str], str],
) -> _Column:
    """Return a column ready for ``%s``: converted, and escaped if it holds text."""
    if convert is not None:
        column, kinds = list(map(convert, column)), frozenset({str})
    if str not in kinds:
        return column  # numbers and booleans: ``%s`` writes their ``str``
    return _escaped(column if kinds == {str} else list(map(str, column)), escape)


def _fill(template: str, columns: Sequence[_Column]) -> Iterable[str]:
    """Return the rows of a group written: ``template % row`` for each row of the columns."""
    return map(template.__mod__, zip(*columns, strict=True))


def _in_order(groups: Sequence[_Group], texts: Iterable[Iterable[str]]) -> list[str]:
    """Return the texts of all groups' rows, in document order."""
    rows = list(itertools.chain.from_iterable(group.rows for group in groups))
    written = list(itertools.chain.from_iterable(texts))
    return list(map(written.__getitem__, sorted(range(len(rows)), key=rows.__getitem__)))


def _int(value: Scalar) -> str:
    return str(int(value))


def _float(value: Scalar) -> str:
    return str(float(value))


def _converters(
    types: _Types, convert: Mapping[type, _Convert], always: Iterable[type] = ()
) -> dict[str, _Convert]:
    """Return a converter for each column that ``str`` does not write right.

    These are the columns of mixed types (``1`` in a ``double`` column is
    ``1.0``, ``True`` in a ``long`` one is ``1``) and those of a type in ``always``.
    """
    return {
        name: convert.get(kind, str)
        for name, (kind, mixed) in types.items()
        if mixed or kind in always
    }


def _sorted_nodes(g: nx.MultiDiGraph) -> list[tuple[Hashable, dict[str, Any]]]:
    return sorted(g.nodes(data=True), key=itemgetter(0))


def _sorted_edges(g: nx.MultiDiGraph) -> list[tuple[Hashable, Hashable, Hashable, dict[str, Any]]]:
    edges = iter(g.edges(keys=True, data=True))  # iter: sorted would count them first
    return sorted(edges, key=itemgetter(0, 1, 2))
