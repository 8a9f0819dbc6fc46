"""GraphML text as ``nx.write_graphml`` writes it, from columns of attribute values."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from operator import itemgetter
from pathlib import Path

import networkx as nx

from graph.export.xmlgraph.columns import (
    _XML_TYPE,
    _as_text,
    _attr,
    _Column,
    _column_types,
    _converters,
    _drop_invalid,
    _escaped,
    _fill,
    _float,
    _Group,
    _groups,
    _in_order,
    _int,
    _pick,
    _sorted_edges,
    _sorted_nodes,
    _text,
    _Types,
)

_GRAPHML_HEAD = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)


def write_graphml(g: nx.MultiDiGraph, path: Path) -> None:
    """Write ``g`` as GraphML (UTF-8, 2-space indent) to ``path``; see :func:`graphml_text`."""
    Path(path).write_bytes(graphml_text(g).encode("utf-8"))


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
