"""GEXF 1.2draft text as ``nx.write_gexf`` writes it, with viz colours, from columns."""

from __future__ import annotations

import io
import itertools
import math
import time
from collections.abc import Hashable, Iterable, Mapping, Sequence
from operator import itemgetter, neg
from pathlib import Path
from typing import Any

import networkx as nx

from graph.export.xmlgraph.columns import (
    _XML_TYPE,
    Scalar,
    _as_text,
    _attr,
    _Column,
    _column_types,
    _Convert,
    _converters,
    _drop_invalid,
    _escaped,
    _fill,
    _Group,
    _groups,
    _in_order,
    _int,
    _pick,
    _scalar,
    _sorted_edges,
    _sorted_nodes,
    _split,
    _Types,
    clean_attrs,
)

#: Node attribute names ``nx.write_gexf`` turns into GEXF structure (besides ``id``, ``label``).
GEXF_NODE_SPECIAL = frozenset({"pid", "start", "end", "parents", "spells", "viz"})


#: Edge attribute names ``nx.write_gexf`` treats apart (besides ``id``, ``label``,
#: ``weight``, ``type``).
GEXF_EDGE_SPECIAL = frozenset({"start", "end", "spells", "viz", "networkx_key", "key"})


_GEXF_NODE_TAG = ("id", "label")  # written in the <node> tag, not as attvalues


_GEXF_EDGE_TAG = ("id", "label", "weight", "type")  # written in the <edge> tag


_GEXF_FLOAT = {"inf": "INF", "-inf": "-INF", "nan": "NaN"}


_GEXF_NS = (
    'xmlns="http://www.gexf.net/1.2draft" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://www.gexf.net/1.2draft '
    'http://www.gexf.net/1.2draft/gexf.xsd" version="1.2"'
)


_GEXF_VIZ_NS = 'xmlns:viz="http://www.gexf.net/1.2draft/viz" '


def write_gexf(g: nx.MultiDiGraph, path: Path, colors: Mapping[str, str] | None = None) -> None:
    """Write ``g`` as GEXF 1.2draft (UTF-8, 2-space indent) to ``path``; see :func:`gexf_text`."""
    Path(path).write_bytes(gexf_text(g, colors).encode("utf-8"))


def _gexf_float(value: Scalar) -> str:
    text = str(float(value))
    return _GEXF_FLOAT.get(text, text)


def _gexf_bool(value: Scalar) -> str:
    return "true" if value else "false"


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
