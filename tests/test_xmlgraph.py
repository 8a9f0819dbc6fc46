"""The streaming GraphML and GEXF writers read back as networkx's own writers' files do."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import rdflib

from graph.export import xmlgraph
from graph.export.network import ecosystem_graph
from graph.export.styles import NODE_STYLES
from graph.metrics import data_of

AS_OF = "2026-04-30"
COLORS = {t: s.color for t, s in NODE_STYLES.items()}
TINY_COLORS = {"Chip": "#b39ddb", "Company": "#6b7280"}
GEXF_NS = "{http://www.gexf.net/1.2draft}"
VIZ_NS = "{http://www.gexf.net/1.2draft/viz}"
GRAPHML_NS = "{http://graphml.graphdrawing.org/xmlns}"

# --- the writers as they were (networkx's), to compare with --------------------------

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _flat(attrs: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in sorted(attrs.items()):
        if value is None:
            continue
        text = value if isinstance(value, (int, float, bool)) else str(value)
        out[key] = _XML_INVALID.sub("", text) if isinstance(text, str) else text
    return out


def _plain(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    out = nx.MultiDiGraph()
    for n, a in sorted(g.nodes(data=True)):
        out.add_node(n, **_flat(a))
    for u, v, k, a in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        out.add_edge(u, v, key=k, **_flat(a))
    return out


def networkx_graphml(g: nx.MultiDiGraph, path: Path) -> None:
    nx.write_graphml(_plain(g), path, encoding="utf-8", prettyprint=True)


def _rgb(color: str) -> dict[str, int]:
    color = color.lstrip("#")
    return {"r": int(color[0:2], 16), "g": int(color[2:4], 16), "b": int(color[4:6], 16)}


def networkx_gexf(g: nx.MultiDiGraph, path: Path, colors: Mapping[str, str]) -> None:
    out = _plain(g)
    for n, a in out.nodes(data=True):
        viz: dict[str, Any] = {}
        if "x" in a and "y" in a:
            viz["position"] = {"x": float(a["x"]), "y": -float(a["y"]), "z": 0.0}
        if "size" in a:
            viz["size"] = float(a["size"])
        color = colors.get(str(a.get("type", "")))
        if color:
            viz["color"] = _rgb(color)
        if viz:
            out.nodes[n]["viz"] = viz
    nx.write_gexf(out, path, encoding="utf-8", prettyprint=True, version="1.2draft")


# --- graphs --------------------------------------------------------------------------


def tiny() -> nx.MultiDiGraph:
    """None values, booleans, markup, emoji, control characters, multi-edges, a loop."""
    g = nx.MultiDiGraph()
    g.add_node("a", label="A <&> \"quoted\" 'single'", x=1, y=0, size=3.0, type="Chip", flag=True)
    g.add_node("b", label="Bé 🚀 ≥ $100B", x=-2, y=5, size=1.5, type="Company", flag=False)
    g.add_node("c", label="C\x00\x07\x1b\ud800ok", country=None, size=float("inf"), type="Cloud")
    g.add_node("lonely")  # isolated, no attribute at all
    g.add_node("nolabel", type="Chip", note="line one\nline two\tand a tab", empty="")
    g.add_edge("a", "b", key="k1", kind="designs", amount=None, strength=0.5, weight=2.0)
    g.add_edge("a", "b", key="k2", kind="x & y < z", strength=-1e-300, label="deal")
    g.add_edge("b", "b", key="loop", kind="self", strength=float("-inf"))
    g.add_edge("c", "a", key="k3", kind="", depth=3)
    return g


def mixed() -> nx.MultiDiGraph:
    """Attributes whose values mix types across nodes and across edges."""
    g = nx.MultiDiGraph()
    g.add_node("a", size=1, code="A", flag=True, rank=2.5)
    g.add_node("b", size=2.5, code=7, flag=3, rank=True)
    g.add_node("c", size=True, code=1.5, flag=False)
    g.add_edge("a", "b", key=0, amount=10, ok=True)
    g.add_edge("a", "b", key=1, amount=0.25, ok="yes")
    g.add_edge("b", "c", key="two", amount=False)
    return g


@pytest.fixture(scope="module")
def ecosystem(memory_graph: rdflib.Graph) -> nx.MultiDiGraph:
    return ecosystem_graph(data_of(memory_graph), AS_OF)


# --- reading back ----------------------------------------------------------------------

Reader = Callable[[Path], nx.Graph]


def read_graphml(path: Path) -> nx.Graph:
    return nx.read_graphml(path)


def read_gexf(path: Path) -> nx.Graph:
    return nx.read_gexf(path)


def comparable(value: Any) -> Any:
    """A value as read back, NaN made comparable."""
    return "NaN" if isinstance(value, float) and math.isnan(value) else value


def content(g: nx.Graph) -> tuple[list[Any], list[Any]]:
    """Nodes with their attributes, and edges (u, v, key, attributes), sorted."""
    nodes = sorted((n, {k: comparable(v) for k, v in d.items()}) for n, d in g.nodes(data=True))
    if g.is_multigraph():
        edges = [(u, v, k, d) for u, v, k, d in g.edges(keys=True, data=True)]
    else:
        edges = [(u, v, None, d) for u, v, d in g.edges(data=True)]
    return nodes, sorted(edges, key=repr)


def write_both(
    g: nx.MultiDiGraph, tmp_path: Path, fmt: str, colors: Mapping[str, str] = TINY_COLORS
) -> tuple[nx.Graph, nx.Graph, Path]:
    """Write ``g`` with networkx and with :mod:`xmlgraph`; read both back."""
    old, new = tmp_path / f"old.{fmt}", tmp_path / f"new.{fmt}"
    if fmt == "graphml":
        networkx_graphml(g, old)
        xmlgraph.write_graphml(g, new)
        return read_graphml(old), read_graphml(new), new
    networkx_gexf(g, old, colors)
    xmlgraph.write_gexf(g, new, colors)
    return read_gexf(old), read_gexf(new), new


# --- tests -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
@pytest.mark.parametrize(
    "make",
    [tiny, nx.MultiDiGraph, lambda: nx.MultiDiGraph([(1, 2), (1, 2), (2, 3)])],
    ids=["tiny", "empty", "int-keys"],
)
def test_reads_back_as_the_networkx_writer(
    make: Callable[[], nx.MultiDiGraph], fmt: str, tmp_path: Path
) -> None:
    old, new, path = write_both(make(), tmp_path, fmt)
    assert content(new) == content(old)
    assert type(new) is type(old)
    ET.parse(path)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_the_ecosystem_reads_back_as_with_networkx(
    ecosystem: nx.MultiDiGraph, fmt: str, tmp_path: Path
) -> None:
    old, new, path = write_both(ecosystem, tmp_path, fmt, COLORS)
    nodes, edges = content(new)
    assert (nodes, edges) == content(old)
    assert len(nodes) == ecosystem.number_of_nodes() > 200
    assert len(edges) == ecosystem.number_of_edges() > 300
    assert {k for *_, k, _ in edges} == {k for *_, k in ecosystem.edges(keys=True)}
    ET.parse(path)


def test_tiny_graph_values_are_kept(tmp_path: Path) -> None:
    _, back, _ = write_both(tiny(), tmp_path, "graphml")
    assert back.nodes["a"]["label"] == "A <&> \"quoted\" 'single'"
    assert back.nodes["b"]["label"] == "Bé 🚀 ≥ $100B"
    assert back.nodes["c"]["label"] == "Cok"  # control characters and the surrogate dropped
    assert "country" not in back.nodes["c"]
    assert back.nodes["a"]["flag"] is True
    assert back.nodes["b"]["flag"] is False
    assert back.nodes["nolabel"]["empty"] == ""
    assert back.nodes["nolabel"]["note"] == "line one\nline two\tand a tab"
    assert back.nodes["lonely"] == {}
    assert sorted(back.edges(keys=True)) == [
        ("a", "b", "k1"),
        ("a", "b", "k2"),
        ("b", "b", "loop"),
        ("c", "a", "k3"),
    ]
    assert back.edges["a", "b", "k2"]["kind"] == "x & y < z"
    assert back.edges["b", "b", "loop"]["strength"] == -math.inf


def test_gexf_keeps_viz_labels_and_keys(tmp_path: Path) -> None:
    _, back, path = write_both(tiny(), tmp_path, "gexf")
    a = back.nodes["a"]
    assert a["label"] == "A <&> \"quoted\" 'single'"
    assert a["viz"] == {
        "color": {"r": 179, "g": 157, "b": 219, "a": 1.0},
        "size": 3.0,
        "position": {"x": 1.0, "y": -0.0, "z": 0.0},
    }
    assert back.nodes["lonely"] == {"label": "lonely"}  # label defaults to the id
    assert "viz" not in back.nodes["lonely"]
    assert back.nodes["nolabel"]["label"] == "nolabel"
    assert back.nodes["c"]["size"] == math.inf
    assert sorted(back.edges(keys=True)) == [
        ("a", "b", "k1"),
        ("a", "b", "k2"),
        ("b", "b", "loop"),
        ("c", "a", "k3"),
    ]
    assert back.edges["a", "b", "k1"]["weight"] == 2.0
    assert back.edges["a", "b", "k2"]["label"] == "deal"
    root = ET.parse(path).getroot()
    node = root.find(f"{GEXF_NS}graph/{GEXF_NS}nodes/{GEXF_NS}node[@id='b']")
    assert node is not None
    position = node.find(f"{VIZ_NS}position")
    assert position is not None
    assert position.attrib == {"x": "-2.0", "y": "-5.0", "z": "0.0"}
    size, color = node.find(f"{VIZ_NS}size"), node.find(f"{VIZ_NS}color")
    assert size is not None
    assert size.get("value") == "1.5"
    assert color is not None
    assert color.attrib == {"r": "107", "g": "114", "b": "128", "a": "1.0"}
    creator = root.find(f"{GEXF_NS}meta/{GEXF_NS}creator")
    assert creator is not None
    assert creator.text == "aikg"


def test_the_ecosystem_gexf_keeps_positions_sizes_and_colours(
    ecosystem: nx.MultiDiGraph, tmp_path: Path
) -> None:
    path = tmp_path / "e.gexf"
    xmlgraph.write_gexf(ecosystem, path, COLORS)
    back = nx.read_gexf(path)
    for n, a in ecosystem.nodes(data=True):
        viz = back.nodes[n]["viz"]
        assert viz["position"] == {"x": float(a["x"]), "y": -float(a["y"]), "z": 0.0}
        assert viz["size"] == float(a["size"])
        color = COLORS[a["type"]].lstrip("#")
        assert (viz["color"]["r"], viz["color"]["g"], viz["color"]["b"]) == tuple(
            int(color[i : i + 2], 16) for i in (0, 2, 4)
        )


def declared(path: Path) -> dict[tuple[str, str], str]:
    """(node or edge, attribute name) -> declared type, from a GraphML or GEXF file."""
    root = ET.parse(path).getroot()
    if root.tag == f"{GRAPHML_NS}graphml":
        keys = root.iter(f"{GRAPHML_NS}key")
        return {(k.attrib["for"], k.attrib["attr.name"]): k.attrib["attr.type"] for k in keys}
    out = {}
    for block in root.iter(f"{GEXF_NS}attributes"):
        for a in block.iter(f"{GEXF_NS}attribute"):
            out[block.attrib["class"], a.attrib["title"]] = a.attrib["type"]
    return out


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_mixed_types_get_one_type_that_reads_back(fmt: str, tmp_path: Path) -> None:
    path = tmp_path / f"m.{fmt}"
    if fmt == "graphml":
        xmlgraph.write_graphml(mixed(), path)
        back = nx.read_graphml(path)
    else:
        xmlgraph.write_gexf(mixed(), path)
        back = nx.read_gexf(path)
    types = declared(path)
    assert types["node", "size"] == types["node", "rank"] == "double"  # int, float (and bool)
    assert types["node", "code"] == "string"  # anything with a string
    assert types["node", "flag"] == "long"  # bool and int
    assert types["edge", "amount"] == "double"
    assert types["edge", "ok"] == "string"
    nodes = {
        n: {k: v for k, v in d.items() if k not in {"label", "viz"}}
        for n, d in back.nodes(data=True)
    }
    assert nodes == {
        "a": {"size": 1.0, "code": "A", "flag": 1, "rank": 2.5},
        "b": {"size": 2.5, "code": "7", "flag": 3, "rank": 1.0},
        "c": {"size": 1.0, "code": "1.5", "flag": 0},
    }
    assert all(type(v) is float for v in (nodes["a"]["size"], nodes["c"]["size"]))
    assert all(type(d["flag"]) is int for d in nodes.values())
    amounts = sorted(d["amount"] for *_, d in back.edges(data=True))
    assert amounts == [0.0, 0.25, 10.0]
    assert all(type(a) is float for a in amounts)
    assert sorted(d["ok"] for *_, d in back.edges(data=True) if "ok" in d) == ["True", "yes"]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_carriage_returns_survive(fmt: str, tmp_path: Path) -> None:
    g = nx.MultiDiGraph()
    g.add_node("a", note="one\r\ntwo\rthree")
    path = tmp_path / f"r.{fmt}"
    if fmt == "graphml":  # networkx writes a raw \r, which the XML parser reads as \n
        xmlgraph.write_graphml(g, path)
        assert nx.read_graphml(path).nodes["a"]["note"] == "one\r\ntwo\rthree"
    else:
        xmlgraph.write_gexf(g, path)
        assert nx.read_gexf(path).nodes["a"]["note"] == "one\r\ntwo\rthree"


def test_gexf_edge_ids_and_tag_attributes_as_networkx(tmp_path: Path) -> None:
    g = nx.MultiDiGraph()
    g.add_node("a", label=3)
    g.add_node("b", id="B-node")
    g.add_edge("a", "b", key="k", id="0", weight=2, type="directed", label="first")
    g.add_edge("a", "b", key="j", note="comes first, gets 1: 0 is taken")
    g.add_edge("b", "a", key="i")
    old, new, _ = write_both(g, tmp_path, "gexf")
    assert content(new) == content(old)
    ids = {k: d["id"] for *_, k, d in new.edges(keys=True, data=True)}
    assert ids == {"j": "1", "k": "0", "i": "2"}


def test_gexf_names_with_a_networkx_meaning_go_through_networkx(tmp_path: Path) -> None:
    g = tiny()
    g.nodes["a"]["start"] = "2024-01-01"
    old, new, path = write_both(g, tmp_path, "gexf")
    assert content(new) == content(old)
    assert new.nodes["a"]["start"] == "2024-01-01"
    assert 'mode="dynamic"' in path.read_text(encoding="utf-8")


def test_a_none_special_name_is_no_special_name(tmp_path: Path) -> None:
    g = tiny()
    g.nodes["a"]["start"] = None  # left out, like any None: no dynamic graph
    old, new, path = write_both(g, tmp_path, "gexf")
    assert content(new) == content(old)
    assert "<creator>aikg</creator>" in path.read_text(encoding="utf-8")


def test_files_are_pretty_printed_utf8(tmp_path: Path) -> None:
    xmlgraph.write_graphml(tiny(), tmp_path / "t.graphml")
    xmlgraph.write_gexf(tiny(), tmp_path / "t.gexf", TINY_COLORS)
    graphml = (tmp_path / "t.graphml").read_bytes().decode("utf-8")
    gexf = (tmp_path / "t.gexf").read_bytes().decode("utf-8")
    assert graphml.startswith("<?xml version='1.0' encoding='utf-8'?>\n<graphml ")
    assert '\n  <graph edgedefault="directed">\n    <node id="a">\n      <data key=' in graphml
    assert re.search(r'\n      <data key="d\d+" />\n', graphml)  # the empty value
    assert "🚀" in graphml
    assert "🚀" in gexf
    assert '\n    <nodes>\n      <node id="a" label="A &lt;&amp;&gt; &quot;quoted&quot;' in gexf
    assert "\r" not in graphml
    assert "\r" not in gexf
