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

from graph.export.xmlgraph.columns import XML_INVALID, Attrs, Scalar, clean_attrs
from graph.export.xmlgraph.gexf import GEXF_EDGE_SPECIAL, GEXF_NODE_SPECIAL, gexf_text, write_gexf
from graph.export.xmlgraph.graphml import graphml_text, write_graphml

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
