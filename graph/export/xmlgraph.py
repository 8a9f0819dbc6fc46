r"""Write a view graph as GraphML or GEXF text directly, without an XML tree.

:func:`graphml_text` and :func:`gexf_text` give files that
:func:`networkx.read_graphml` and :func:`networkx.read_gexf` read back as they
read what ``nx.write_graphml`` and ``nx.write_gexf(..., version="1.2draft")``
write for the same graph (laid out the same way, 2-space indent), several times
faster; :func:`write_graphml` and :func:`write_gexf` write them to a file at once.

- Nodes are sorted by id, edges by ``(source, target, key)``, attributes by name.
- ``None`` values are left out; other values are kept as ``bool``, ``int``,
  ``float`` or ``str`` (anything else becomes its ``str``); strings lose the
  characters XML cannot hold (:data:`XML_INVALID`), as do ids and keys.
- Each attribute name gets one declared type (``boolean``, ``long``, ``double``,
  ``string``), node and edge attributes apart. Values of mixed types take the
  widest (bool < int < float < str), and every value is written as that type:
  ``2`` among floats reads back as ``2.0``, ``7`` among strings as ``"7"``. (networkx
  declares one GraphML key per name and type, and a GEXF column of its first
  value's type, which fails to read back.)
- GraphML: an edge's ``id`` is its key; ``nx.read_graphml`` makes it the key again
  (an ``int`` when it looks like one).
- GEXF: a node's ``label`` attribute is its label (else its id), the ``id``,
  ``label``, ``weight`` and ``type`` of an edge go in its tag, edges are numbered
  0, 1, ... and their key is the ``networkx_key`` attribute; ``viz:color`` (from
  the node's ``type`` through ``colors``), ``viz:size`` and ``viz:position``
  (``x``, ``-y``, ``0.0``). A graph using other names networkx gives a meaning in
  GEXF (:data:`GEXF_NODE_SPECIAL`, :data:`GEXF_EDGE_SPECIAL`) is written through
  ``nx.write_gexf``.
- A carriage return is written as ``&#13;``, so that it reads back as itself.

How: nodes (edges) with the same attribute names form a group whose values are
held as columns. Each column is converted and escaped at once (its texts joined,
escaped, split again), and each row fills its group's ``%`` template: there is
little Python work per value.

Examples
--------
>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("a", label="A & B", x=1, y=2, size=3.0, type="Chip", note=None)
>>> g.add_node("b", label="B", size=2)  # an int among floats: a double, 2.0
>>> g.add_edge("a", "b", key="k", kind="designs")
'k'
>>> print("\n".join(graphml_text(g).splitlines()[2:]))
  <key id="d5" for="edge" attr.name="kind" attr.type="string" />
  <key id="d4" for="node" attr.name="y" attr.type="long" />
  <key id="d3" for="node" attr.name="x" attr.type="long" />
  <key id="d2" for="node" attr.name="type" attr.type="string" />
  <key id="d1" for="node" attr.name="size" attr.type="double" />
  <key id="d0" for="node" attr.name="label" attr.type="string" />
  <graph edgedefault="directed">
    <node id="a">
      <data key="d0">A &amp; B</data>
      <data key="d1">3.0</data>
      <data key="d2">Chip</data>
      <data key="d3">1</data>
      <data key="d4">2</data>
    </node>
    <node id="b">
      <data key="d0">B</data>
      <data key="d1">2.0</data>
    </node>
    <edge source="a" target="b" id="k">
      <data key="d5">designs</data>
    </edge>
  </graph>
</graphml>
>>> text = gexf_text(g, {"Chip": "#b39ddb"})
>>> print(text[text.index('<node id="a"') : text.index("<attvalues>")].rstrip())
<node id="a" label="A &amp; B">
        <viz:color r="179" g="157" b="219" a="1.0" />
        <viz:size value="3.0" />
        <viz:position x="1.0" y="-2.0" z="0.0" />
"""

from __future__ import annotations

import io
import itertools
import math
import re
import time
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from operator import itemgetter, neg
from pathlib import Path
from typing import Any, NamedTuple

import networkx as nx

__all__ = [
    "GEXF_EDGE_SPECIAL",
    "GEXF_NODE_SPECIAL",
    "XML_INVALID",
    "Attrs",
    "Scalar",
    "clean_attrs",
    "gexf_text",
    "graphml_text",
    "write_gexf",
    "write_graphml",
]

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
# characters escaped in character data, in attribute values

#: Node attribute names ``nx.write_gexf`` turns into GEXF structure (besides ``id``, ``label``).
GEXF_NODE_SPECIAL = frozenset({"pid", "start", "end", "parents", "spells", "viz"})
#: Edge attribute names ``nx.write_gexf`` treats apart (besides ``id``, ``label``,
#: ``weight``, ``type``).
GEXF_EDGE_SPECIAL = frozenset({"start", "end", "spells", "viz", "networkx_key", "key"})
_GEXF_NODE_TAG = ("id", "label")  # written in the <node> tag, not as attvalues
_GEXF_EDGE_TAG = ("id", "label", "weight", "type")  # written in the <edge> tag

_SCALARS = frozenset({bool, int, float, str})
_WIDTH: dict[type, int] = {bool: 0, int: 1, float: 2, str: 3}
_XML_TYPE = {bool: "boolean", int: "long", float: "double", str: "string"}
_GEXF_FLOAT = {"inf": "INF", "-inf": "-INF", "nan": "NaN"}
_GRAPHML_HEAD = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)
_GEXF_NS = (
    'xmlns="http://www.gexf.net/1.2draft" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://www.gexf.net/1.2draft '
    'http://www.gexf.net/1.2draft/gexf.xsd" version="1.2"'
)
_GEXF_VIZ_NS = 'xmlns:viz="http://www.gexf.net/1.2draft/viz" '


class _Group(NamedTuple):
    """Nodes or edges with the same attribute names, their values as columns."""

    rows: Sequence[int]  # where its rows are in the document
    columns: dict[str, _Column]  # attribute name (sorted) -> the rows' values
    kinds: dict[str, frozenset[type]]  # attribute name -> the types of its values


def write_graphml(g: nx.MultiDiGraph, path: Path) -> None:
    """Write ``g`` as GraphML (UTF-8, 2-space indent) to ``path``; see :func:`graphml_text`."""
    Path(path).write_bytes(graphml_text(g).encode("utf-8"))


def write_gexf(g: nx.MultiDiGraph, path: Path, colors: Mapping[str, str] | None = None) -> None:
    """Write ``g`` as GEXF 1.2draft (UTF-8, 2-space indent) to ``path``; see :func:`gexf_text`."""
    Path(path).write_bytes(gexf_text(g, colors).encode("utf-8"))


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


# --- rows as columns -------------------------------------------------------------------


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


# --- text --------------------------------------------------------------------------


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


# --- values that str does not write as wanted ----------------------------------------


def _int(value: Scalar) -> str:
    return str(int(value))


def _float(value: Scalar) -> str:
    return str(float(value))


def _gexf_float(value: Scalar) -> str:
    text = str(float(value))
    return _GEXF_FLOAT.get(text, text)


def _gexf_bool(value: Scalar) -> str:
    return "true" if value else "false"


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


# --- GraphML -----------------------------------------------------------------------


def graphml_text(g: nx.MultiDiGraph) -> str:
    """Return ``g`` as a GraphML document, as ``nx.write_graphml`` lays it out.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        A view graph; node ids and edge keys are written as their ``str``.

    Returns
    -------
    str
        The document: ``<key>`` declarations (newest first, as networkx writes
        them), then nodes and edges with their ``<data>``.
    """
    nodes, edges = _sorted_nodes(g), _sorted_edges(g)
    node_groups, edge_groups = _groups([a for _, a in nodes]), _groups([e[3] for e in edges])
    node_types, edge_types = _column_types(node_groups), _column_types(edge_groups)
    node_ids = {name: f"d{i}" for i, name in enumerate(node_types)}
    edge_ids = {name: f"d{i}" for i, name in enumerate(edge_types, len(node_types))}
    keys = [_graphml_key(node_ids[name], "node", name, t) for name, (t, _) in node_types.items()]
    keys += [_graphml_key(edge_ids[name], "edge", name, t) for name, (t, _) in edge_types.items()]
    out = [_GRAPHML_HEAD, *reversed(keys)]  # networkx inserts each new key first
    if not nodes and not edges:
        out.append('  <graph edgedefault="directed" />\n')
    else:
        out.append('  <graph edgedefault="directed">\n')
        node_heads = [list(map(str, map(itemgetter(0), nodes)))]
        edge_heads = [list(map(str, map(itemgetter(i), edges))) for i in range(3)]
        for tag, heads, groups, ids, types in (
            ("node", node_heads, node_groups, node_ids, node_types),
            ("edge", edge_heads, edge_groups, edge_ids, edge_types),
        ):
            out += _in_order(groups, [_graphml_group(tag, g, heads, ids, types) for g in groups])
        out.append("  </graph>\n")
    out.append("</graphml>\n")
    return "".join(out)


def _graphml_key(key_id: str, scope: str, name: str, kind: type) -> str:
    return (
        f'  <key id="{key_id}" for="{scope}" attr.name="{_attr(_drop_invalid("", name))}" '
        f'attr.type="{_XML_TYPE[kind]}" />\n'
    )


def _graphml_group(
    tag: str, group: _Group, heads: Sequence[_Column], ids: Mapping[str, str], types: _Types
) -> Iterable[str]:
    """Return the ``<node>`` or ``<edge>`` elements of a group."""
    attrs = ("id",) if tag == "node" else ("source", "target", "id")
    head = f"    <{tag} " + " ".join(f'{attr}="%s"' for attr in attrs)
    convert = _converters(types, {int: _int, float: _float})
    data = [
        _graphml_data(ids[name], _as_text(column, group.kinds[name], convert.get(name), _text))
        for name, column in group.columns.items()
    ]
    inner = "".join(element for element, _ in data)
    template = f"{head}>\n{inner}    </{tag}>\n" if inner else f"{head} />\n"
    tag_columns = [_escaped(_pick(column, group.rows), _attr) for column in heads]
    return _fill(template, [*tag_columns, *(column for _, column in data)])


def _graphml_data(key_id: str, column: _Column) -> tuple[str, _Column]:
    """Return the template of a ``<data>`` element and the column to fill it with.

    An empty value is written ``<data key="d0" />``, as ElementTree writes it; a
    column that has one is made of whole elements.
    """
    element = f'      <data key="{key_id}">%s</data>\n'
    if "" not in column:
        return element, column
    empty = f'      <data key="{key_id}" />\n'
    return "%s", [element % text if text else empty for text in column]


def _sorted_nodes(g: nx.MultiDiGraph) -> list[tuple[Hashable, dict[str, Any]]]:
    return sorted(g.nodes(data=True), key=itemgetter(0))


def _sorted_edges(g: nx.MultiDiGraph) -> list[tuple[Hashable, Hashable, Hashable, dict[str, Any]]]:
    edges = iter(g.edges(keys=True, data=True))  # iter: sorted would count them first
    return sorted(edges, key=itemgetter(0, 1, 2))


# --- GEXF --------------------------------------------------------------------------


def gexf_text(g: nx.MultiDiGraph, colors: Mapping[str, str] | None = None) -> str:
    """Return ``g`` as a GEXF 1.2draft document for Gephi, as ``nx.write_gexf`` lays it out.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        Nodes with ``x``, ``y``, ``size`` and ``type`` (all optional).
    colors : mapping, optional
        Node type -> ``#rrggbb``.

    Returns
    -------
    str
        The document, dated today (``lastmodifieddate``), creator ``aikg``.
    """
    colors = colors or {}
    nodes, edges = _sorted_nodes(g), _sorted_edges(g)
    node_groups = _colored(_groups(list(map(itemgetter(1), nodes))), colors)
    edge_groups = _groups(list(map(itemgetter(3), edges)))
    if _uses(node_groups, GEXF_NODE_SPECIAL) or _uses(edge_groups, GEXF_EDGE_SPECIAL):
        return _networkx_gexf(nodes, edges, node_groups, colors)
    names = list(map(str, map(itemgetter(0), nodes)))
    xml_ids = dict(zip(map(itemgetter(0), nodes), _gexf_ids(node_groups, names), strict=True))
    heads = [list(map(xml_ids.__getitem__, map(itemgetter(i), edges))) for i in (0, 1)]
    heads.append(_gexf_numbers(edge_groups, len(edges)))
    keys = list(map(_key, map(itemgetter(2), edges)))
    for group in edge_groups:
        group.columns["networkx_key"] = column = _pick(keys, group.rows)
        group.kinds["networkx_key"] = frozenset(map(type, column))
    node_types = _column_types(node_groups, _GEXF_NODE_TAG)
    edge_types = _column_types(edge_groups, _GEXF_EDGE_TAG)
    node_ids = {name: str(i) for i, name in enumerate(node_types)}
    edge_ids = {name: str(i) for i, name in enumerate(edge_types, len(node_types))}
    vizs = [_viz(group, colors) for group in node_groups]
    node_convert = _gexf_converters(node_groups, node_types)
    edge_convert = _gexf_converters(edge_groups, edge_types)
    node_texts = [
        _gexf_node_group(group, viz, names, node_ids, node_convert)
        for group, viz in zip(node_groups, vizs, strict=True)
    ]
    edge_texts = [_gexf_edge_group(group, heads, edge_ids, edge_convert) for group in edge_groups]
    viz = any(vizs)
    return "".join(
        [
            "<?xml version='1.0' encoding='utf-8'?>\n",
            f"<gexf {_GEXF_VIZ_NS if viz else ''}{_GEXF_NS}>\n",
            f'  <meta lastmodifieddate="{time.strftime("%Y-%m-%d")}">\n',
            "    <creator>aikg</creator>\n  </meta>\n",
            '  <graph defaultedgetype="directed" mode="static" name="">\n',
            _gexf_declarations("edge", edge_ids, edge_types),
            _gexf_declarations("node", node_ids, node_types),
            *_gexf_block("nodes", _in_order(node_groups, node_texts)),
            *_gexf_block("edges", _in_order(edge_groups, edge_texts)),
            "  </graph>\n</gexf>\n",
        ]
    )


def _uses(groups: Iterable[_Group], names: frozenset[str]) -> bool:
    """Whether an attribute of ``names`` is used (with a value other than ``None``)."""
    return any(not names.isdisjoint(group.columns) for group in groups)


def _colored(groups: Iterable[_Group], colors: Mapping[str, str]) -> list[_Group]:
    """Split the groups of nodes: nodes with a colour apart from those without."""
    out = []
    for group in groups:
        colored = [rgb is not None for rgb in _rgbs(group, colors)]
        out += _split(group, colored) if not all(colored) else [group]
    return sorted(out, key=lambda group: group.rows[0])


def _rgbs(group: _Group, colors: Mapping[str, str]) -> list[tuple[int, int, int] | None]:
    """Return the colour of each node, from its ``type``."""
    kinds = list(map(str, group.columns.get("type", [""] * len(group.rows))))
    rgb = {kind: _rgb(colors.get(_drop_invalid("", kind))) for kind in set(kinds)}
    return list(map(rgb.__getitem__, kinds))


def _rgb(color: str | None) -> tuple[int, int, int] | None:
    if not color:
        return None
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


_VIZ_XML = {  # in networkx's order, one %s per number
    "color": '        <viz:color r="%s" g="%s" b="%s" a="1.0" />\n',
    "size": '        <viz:size value="%s" />\n',
    "position": '        <viz:position x="%s" y="%s" z="0.0" />\n',
}


def _viz(group: _Group, colors: Mapping[str, str]) -> dict[str, list[_Column]]:
    """Return the viz parts of a group of nodes and their numbers, as columns.

    ``color`` (r, g, b), ``size`` and ``position`` (x, -y), the parts known for
    the nodes of the group (which all have a colour, or none: :func:`_colored`).
    """
    columns = group.columns
    out: dict[str, list[_Column]] = {}
    rgbs: list[Any] = _rgbs(group, colors)
    if rgbs[0] is not None:
        out["color"] = list(zip(*rgbs, strict=True))
    if "size" in columns:
        out["size"] = [list(map(float, columns["size"]))]
    if "x" in columns and "y" in columns:
        out["position"] = [list(map(float, columns["x"])), list(map(neg, map(float, columns["y"])))]
    return out


def _key(key: Hashable) -> Scalar:
    """Return an edge key as networkx writes it in GEXF (a scalar, else its ``str``)."""
    return key if isinstance(key, (bool, str)) else _scalar(key)


def _gexf_ids(groups: Iterable[_Group], nodes: Sequence[str]) -> list[str]:
    """Return the XML id of each node: its ``id`` attribute, else the node."""
    out = list(nodes)
    for group in groups:
        for i, value in zip(group.rows, group.columns.get("id", ()), strict=False):
            out[i] = str(value)
    return out


def _gexf_numbers(groups: Sequence[_Group], size: int) -> list[str]:
    """Return the edge ids networkx gives: 0, 1, ..., skipping ids taken by ``id`` attributes.

    An edge with an ``id`` attribute gets none (``""``).
    """
    numbers = list(map(str, range(size)))
    with_id = [group for group in groups if "id" in group.columns]
    if not with_id:
        return numbers
    taken = {_drop_invalid("", str(i)) for group in with_id for i in group.columns["id"]}
    for group in with_id:
        for i in group.rows:
            numbers[i] = ""
    free = (i for i in map(str, itertools.count()) if i not in taken)
    return [number and next(free) for number in numbers]


def _gexf_converters(groups: Iterable[_Group], types: _Types) -> dict[str, _Convert]:
    """Return the converters of the columns: booleans, mixed types, non-finite floats."""
    groups = list(groups)
    floats = [name for name, (kind, _) in types.items() if kind is float]
    finite = all(
        math.isfinite(sum(map(float, group.columns[name])))
        for group in groups
        for name in floats
        if name in group.columns
    )
    convert = {bool: _gexf_bool, int: _int, float: _gexf_float}
    return _converters(types, convert, (bool,) if finite else (bool, float))


def _gexf_declarations(scope: str, ids: Mapping[str, str], types: _Types) -> str:
    if not types:
        return ""
    lines = "".join(
        f'      <attribute id="{ids[name]}" title="{_attr(_drop_invalid("", name))}" '
        f'type="{_XML_TYPE[kind]}" />\n'
        for name, (kind, _) in types.items()
    )
    return f'    <attributes mode="static" class="{scope}">\n{lines}    </attributes>\n'


def _gexf_block(tag: str, texts: Sequence[str]) -> list[str]:
    if not texts:
        return [f"    <{tag} />\n"]
    return [f"    <{tag}>\n", *texts, f"    </{tag}>\n"]


def _attvalues(names: Iterable[str], ids: Mapping[str, str]) -> str:
    lines = "".join(f'          <attvalue for="{ids[name]}" value="%s" />\n' for name in names)
    return f"        <attvalues>\n{lines}        </attvalues>\n" if lines else ""


def _gexf_node_group(
    group: _Group,
    viz: Mapping[str, Sequence[_Column]],
    nodes: Sequence[str],
    ids: Mapping[str, str],
    convert: Mapping[str, _Convert],
) -> Iterable[str]:
    """Return the ``<node>`` elements of a group."""
    columns, kinds = group.columns, group.kinds
    node = _escaped(_pick(nodes, group.rows), _attr)
    tag = [
        _as_text(columns[n], kinds[n], None, _attr) if n in columns else node
        for n in ("id", "label")
    ]
    names = [name for name in columns if name not in _GEXF_NODE_TAG]
    inner = "".join(_VIZ_XML[part] for part in viz) + _attvalues(names, ids)
    head = '      <node id="%s" label="%s"'
    template = f"{head}>\n{inner}      </node>\n" if inner else f"{head} />\n"
    numbers = [column for part in viz.values() for column in part]
    values = [_as_text(columns[n], kinds[n], convert.get(n), _attr) for n in names]
    return _fill(template, [*tag, *numbers, *values])


def _gexf_edge_group(
    group: _Group,
    heads: Sequence[_Column],
    ids: Mapping[str, str],
    convert: Mapping[str, _Convert],
) -> Iterable[str]:
    """Return the ``<edge>`` elements of a group."""
    columns, kinds = group.columns, group.kinds
    source, target, number = (_pick(column, group.rows) for column in heads)
    edge_id = _as_text(columns["id"], kinds["id"], None, _attr) if "id" in columns else number
    tagged = [name for name in _GEXF_EDGE_TAG[1:] if name in columns]
    names = [name for name in columns if name not in _GEXF_EDGE_TAG]
    in_tag = "".join(f' {name}="%s"' for name in tagged)
    template = (
        f'      <edge source="%s" target="%s" id="%s"{in_tag}>\n'
        f"{_attvalues(names, ids)}      </edge>\n"
    )
    return _fill(
        template,
        [
            _escaped(source, _attr),
            _escaped(target, _attr),
            edge_id,
            *(_as_text(columns[n], kinds[n], None, _attr) for n in tagged),
            *(_as_text(columns[n], kinds[n], convert.get(n), _attr) for n in names),
        ],
    )


def _networkx_gexf(
    nodes: Sequence[tuple[Hashable, Mapping[str, Any]]],
    edges: Iterable[tuple[Hashable, Hashable, Hashable, Mapping[str, Any]]],
    groups: Iterable[_Group],
    colors: Mapping[str, str],
) -> str:
    """Write through ``nx.write_gexf`` (names such as ``start`` or ``viz`` in use)."""
    plain = nx.MultiDiGraph()
    for n, attrs in nodes:
        plain.add_node(n, **clean_attrs(attrs))
    for group in groups:
        viz = _viz(group, colors)
        for row, i in enumerate(group.rows):
            if viz:
                numbers = {part: [c[row] for c in columns] for part, columns in viz.items()}
                plain.nodes[nodes[i][0]]["viz"] = _networkx_viz(numbers)
    for u, v, k, attrs in edges:
        plain.add_edge(u, v, key=k, **clean_attrs(attrs))
    buffer = io.BytesIO()
    nx.write_gexf(plain, buffer, encoding="utf-8", prettyprint=True, version="1.2draft")
    return buffer.getvalue().decode("utf-8")


def _networkx_viz(viz: Mapping[str, Sequence[float]]) -> dict[str, Any]:
    """Return the viz of one node as networkx wants it."""
    out: dict[str, Any] = {}
    if "color" in viz:
        out["color"] = dict(zip("rgb", viz["color"], strict=True))
    if "size" in viz:
        out["size"] = viz["size"][0]
    if "position" in viz:
        out["position"] = {"x": viz["position"][0], "y": viz["position"][1], "z": 0.0}
    return out
