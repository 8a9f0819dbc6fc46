r"""Self-contained interactive HTML views of the graph (pyvis + vis-network, offline).

Two views:

- ``tri-polar.html`` (:func:`tri_polar_page`) — the closed-loop poles (each
  cloud with the model companies it is locked into, money edges sized by USD
  with arrows in the direction the money goes) against the open-weight model
  families and their developers, linked to every cloud that offers them; US,
  Europe, China and others side by side, with a country filter;
- ``ecosystem.html`` (:func:`ecosystem_page`) — every entity and every money,
  binding, availability and structural edge; colour and shape by type, size
  by PageRank, filters (type, country, pole, status) and search-and-focus.

How the pages are made safe and fast:

- pyvis builds the node and edge records and the vis-network options; the page
  itself comes from this module's template (Jinja with autoescaping), because
  pyvis's own templates load Bootstrap and vis-network from CDNs, drop a
  ``lib/`` folder into the working directory, and switch tooltips to
  ``innerHTML`` when a title contains "href". Here vis-network's JavaScript and
  CSS are inlined from the copy bundled with pyvis: no request leaves the file,
  and a Content-Security-Policy forbids any (``default-src 'none'``).
- Data goes into one ``<script type="application/json">`` block (``<``, ``>``,
  ``&`` and ``'`` escaped as ``\u00XX``); tooltips are plain strings, which
  vis-network shows with ``innerText``; the details panel uses ``textContent``.
  So a name such as ``<img src=x onerror=alert(1)>`` shows as text.
- Positions are precomputed (:mod:`graph.export.network`, seeded layouts),
  physics is off and edges are straight, so thousands of nodes open at once,
  and the same input gives the same bytes.

Examples
--------
>>> from graph.claims import ClaimData, Entity
>>> from graph.views import ID
>>> lab = ID("lab")
>>> page = ecosystem_page(ClaimData({lab: Entity(lab, "Company", "<b>Lab</b>")}, {}))
>>> page.nodes, page.edges, "<b>Lab" in page.html, "http://" in page.html.split("<script")[0]
(1, 0, False, False)
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Literal

import jinja2
import networkx as nx

from graph.claims import ClaimData
from graph.export.network import (
    DASH,
    EDGE_STYLES,
    NODE_STYLES,
    EdgeStyle,
    NodeStyle,
    ecosystem_graph,
    tri_polar_graph,
)
from graph.export.pyvis_loader import Network, pyvis_folder
from graph.views import parse_date

__all__ = [
    "GRAPH_VIEWS",
    "Filter",
    "Page",
    "ecosystem_page",
    "render_page",
    "tri_polar_page",
]

#: Graph views by name -> file name.
GRAPH_VIEWS: dict[str, str] = {"tri-polar": "tri-polar.html", "ecosystem": "ecosystem.html"}

_VIS = Path(pyvis_folder()) / "templates" / "lib" / "vis-9.1.2"
_GLYPHS = {
    "box": "■",
    "square": "■",
    "dot": "●",
    "ellipse": "⬬",
    "diamond": "◆",
    "triangle": "▲",
    "triangleDown": "▼",
    "star": "★",
    "hexagon": "⬢",
}
#: What would end (or confuse) an inline <script> element early.
_UNSAFE_IN_SCRIPT = re.compile(r"</script|<!--", re.IGNORECASE)
_NODE_FIELDS = ("type", "country", "region", "poles", "side", "iri")
_EDGE_FIELDS = ("kind", "status", "date", "amount")
_STATUSES = ("Confirmed", "Reported", "Estimated", "Disputed")


@dataclass(frozen=True)
class Filter:
    """A drop-down filter of the page.

    Attributes
    ----------
    key : str
        Element id suffix (``filter-KEY``).
    label : str
        Shown next to the control.
    target : {"node", "edge"}
        What it filters (an edge is also hidden when one of its ends is).
    field : str
        The node or edge field compared.
    options : tuple of (value, text)
        The choices after "all".
    match : {"eq", "token"}
        ``eq``: the field equals the value; ``token``: the ``;``-separated
        field contains it.
    """

    key: str
    label: str
    target: Literal["node", "edge"]
    field: str
    options: tuple[tuple[str, str], ...]
    match: Literal["eq", "token"] = "eq"


@dataclass(frozen=True)
class Page:
    """A rendered view: its HTML and how many nodes and edges it draws."""

    name: str
    html: str
    nodes: int
    edges: int


@cache
def _vis_assets() -> tuple[str, str]:
    js = (_VIS / "vis-network.min.js").read_text(encoding="utf-8")
    css = (_VIS / "vis-network.css").read_text(encoding="utf-8")
    if _UNSAFE_IN_SCRIPT.search(js) or "</style" in css.lower():  # pragma: no cover
        raise RuntimeError("vis-network assets cannot be inlined safely")
    return js, css


_ENV = jinja2.Environment(
    autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True
)
_ENV.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":")}

_TEMPLATE = _ENV.from_string(
    """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; \
script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>{{ title }} — aikg</title>
<style>{{ vis_css|safe }}</style>
<style>
html, body { margin: 0; height: 100%; font: 14px/1.4 system-ui, sans-serif; color: #1f2937; }
body { display: flex; flex-direction: column; }
header { padding: 8px 14px; border-bottom: 1px solid #e5e7eb; }
header h1 { font-size: 18px; margin: 0 0 2px; }
header p { margin: 0; color: #4b5563; }
header nav a { margin-right: 12px; }
main { flex: 1; display: flex; min-height: 0; }
aside { width: 310px; overflow-y: auto; padding: 10px 12px; border-right: 1px solid #e5e7eb; }
aside h2 { font-size: 13px; text-transform: uppercase; color: #6b7280; margin: 14px 0 4px; }
aside label { display: block; margin: 4px 0; }
aside select, aside input { width: 100%; box-sizing: border-box; }
#net { flex: 1; min-width: 0; position: relative; }
#details { white-space: pre-wrap; word-break: break-word; font-size: 12px; background: #f9fafb;
  border: 1px solid #e5e7eb; padding: 6px; min-height: 3em; }
ul.legend { list-style: none; margin: 0; padding: 0; font-size: 12px; }
ul.legend li { margin: 2px 0; }
.glyph { display: inline-block; width: 18px; text-align: center; }
div.vis-tooltip { white-space: pre-wrap; max-width: 480px; font-size: 12px; }
footer { font-size: 12px; color: #4b5563; padding: 4px 14px; border-top: 1px solid #e5e7eb; }
</style>
</head>
<body>
<header>
<h1>{{ title }}</h1>
<p>{{ subtitle }}</p>
<nav>{% for href, text in links %}<a href="{{ href }}">{{ text }}</a>{% endfor %}</nav>
</header>
<main>
<aside>
<p>{{ about }}</p>
<h2>Find</h2>
<label>Node name <input id="search" list="names" autocomplete="off"
  placeholder="type a name, press Enter"></label>
<datalist id="names"></datalist>
<h2>Filters</h2>
{% for f in filters %}<label>{{ f.label }}
<select id="filter-{{ f.key }}" data-index="{{ loop.index0 }}"><option value="">all</option>
{% for value, text in f.options %}<option value="{{ value }}">{{ text }}</option>
{% endfor %}</select></label>
{% endfor %}<p id="count"></p>
<h2>Details</h2>
<div id="details">Click a node or an edge.</div>
<h2>Legend</h2>
<ul class="legend">
{% for name, style in node_legend %}<li><span class="glyph" style="color: {{ style.color }}">\
{{ glyphs.get(style.shape, "●") }}</span> {{ name }}</li>
{% endfor %}{% for kind, style in edge_legend %}<li><svg width="30" height="10" aria-hidden="true">\
<line x1="1" y1="5" x2="{{ 22 if style.arrow else 29 }}" y2="5" stroke="{{ style.color }}" \
stroke-width="2"{% if style.dashes %} stroke-dasharray="4 3"{% endif %}/>{% if style.arrow %}\
<polygon points="22,1 29,5 22,9" fill="{{ style.color }}"/>{% endif %}</svg> {{ style.label }}</li>
{% endfor %}</ul>
</aside>
<div id="net"></div>
</main>
<footer>{{ footer }}{% if attribution %} {{ attribution }}{% endif %}</footer>
<script type="application/json" id="aikg-data">{{ payload|tojson }}</script>
<script>{{ vis_js|safe }}</script>
<script>{{ app_js|safe }}</script>
</body>
</html>
"""
)

_APP_JS = """
(function () {
  "use strict";
  var payload = JSON.parse(document.getElementById("aikg-data").textContent);
  var filters = payload.filters;
  var nodes = new vis.DataSet(payload.nodes);
  var edges = new vis.DataSet(payload.edges);
  var chosen = filters.map(function () { return ""; });
  var visible = null;
  function matches(item, f, value) {
    var v = item[f.field];
    v = (v === undefined || v === null) ? "" : String(v);
    if (f.match === "token") { return (";" + v + ";").indexOf(";" + value + ";") >= 0; }
    return v === value;
  }
  function passes(item, target) {
    for (var i = 0; i < filters.length; i++) {
      var f = filters[i];
      if (f.target === target && chosen[i] !== "" && !matches(item, f, chosen[i])) { return false; }
    }
    return true;
  }
  function nodeOk(n) { return passes(n, "node"); }
  function edgeOk(e) { return visible.has(e.from) && visible.has(e.to) && passes(e, "edge"); }
  visible = new Set(nodes.getIds({filter: nodeOk}));
  var nodeView = new vis.DataView(nodes, {filter: nodeOk});
  var edgeView = new vis.DataView(edges, {filter: edgeOk});
  var container = document.getElementById("net");
  var network = new vis.Network(container, {nodes: nodeView, edges: edgeView}, payload.options);
  var details = document.getElementById("details");
  var count = document.getElementById("count");
  function showCount() {
    count.textContent = nodeView.length + " of " + nodes.length + " nodes, " +
      edgeView.length + " of " + edges.length + " edges shown";
  }
  function show(item) { details.textContent = item ? item.title : "Click a node or an edge."; }
  function refresh() {
    visible = new Set(nodes.getIds({filter: nodeOk}));
    nodeView.refresh();
    edgeView.refresh();
    showCount();
  }
  filters.forEach(function (f, i) {
    document.getElementById("filter-" + f.key).addEventListener("change", function (ev) {
      chosen[i] = ev.target.value;
      refresh();
    });
  });
  network.on("click", function (params) {
    if (params.nodes.length) { show(nodes.get(params.nodes[0])); }
    else if (params.edges.length) { show(edges.get(params.edges[0])); }
    else { show(null); }
  });
  var names = document.getElementById("names");
  nodes.get({order: "label"}).forEach(function (n) {
    var option = document.createElement("option");
    option.value = n.label;
    names.appendChild(option);
  });
  function focusNode(text) {
    var q = String(text).trim().toLowerCase();
    if (!q) { return null; }
    var found = nodes.get({filter: function (n) { return n.label.toLowerCase() === q; }});
    if (!found.length) {
      found = nodes.get({filter: function (n) { return n.label.toLowerCase().indexOf(q) >= 0; }});
    }
    if (!found.length) {
      details.textContent = "No node named \u201c" + text + "\u201d.";
      return null;
    }
    var node = found[0];
    if (!visible.has(node.id)) {
      details.textContent = node.label + " is hidden by the filters.";
      return null;
    }
    network.selectNodes([node.id]);
    network.focus(node.id, {scale: 1.5, animation: false});
    show(node);
    return node.id;
  }
  var search = document.getElementById("search");
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { focusNode(search.value); }
  });
  search.addEventListener("change", function () { focusNode(search.value); });
  showCount();
  window.aikg = {network: network, nodes: nodes, edges: edges, nodeView: nodeView,
                 edgeView: edgeView, focus: focusNode, expected: payload.expected};
  network.once("afterDrawing", function () {
    if (location.hash.indexOf("#focus=") === 0) {
      focusNode(decodeURIComponent(location.hash.slice(7)));
    }
    window.aikgReadyAt = performance.now();
    window.aikgReady = true;
  });
}());
"""


class _NodeIds(list[int]):
    """Node ids for pyvis that answer ``in`` from a set.

    pyvis keeps node ids in a list and looks each new node and edge up in it, which
    is quadratic (minutes at 20,000 nodes).
    """

    def __init__(self) -> None:
        super().__init__()
        self._members: set[int] = set()

    def append(self, item: int) -> None:
        super().append(item)
        self._members.add(item)

    def __contains__(self, item: object) -> bool:
        return item in self._members


def _network(g: nx.MultiDiGraph) -> Network:
    """Turn a view graph into a pyvis network (integer ids in sorted-IRI order)."""
    net = Network(height="100%", width="100%", directed=True, cdn_resources="remote")
    net.node_ids = _NodeIds()
    ids = {iri: i for i, iri in enumerate(sorted(g))}
    for iri, i in ids.items():
        a = g.nodes[iri]
        style = NODE_STYLES[str(a["type"])]
        net.add_node(
            i,
            label=str(a["label"]) or iri.rsplit("/", 1)[-1],
            title=str(a["title"]),
            shape=style.shape,
            color=style.color,
            value=float(a.get("size", 12.0)),
            x=int(a["x"]),
            y=int(a["y"]),
            **{k: str(a.get(k, "")) for k in _NODE_FIELDS},
        )
    edges = sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
    for u, v, _key, a in edges:
        line = EDGE_STYLES[str(a["kind"])]
        net.add_edge(
            ids[u],
            ids[v],
            title=str(a["title"]),
            color=line.color,
            dashes=line.dashes,
            arrows="to" if line.arrow else "",
            width=float(a.get("width", 1.0)),
            **{k: str(a.get(k, "")) for k in _EDGE_FIELDS},
        )
    net.toggle_physics(False)
    net.options.edges.smooth.enabled = False
    net.options.edges.color.inherit = False
    return net


def _options(net: Network, n_edges: int) -> dict[str, Any]:
    """Return pyvis's options with physics off, straight edges, hover tooltips."""
    options: dict[str, Any] = json.loads(net.options.to_json())
    options["layout"] = {"improvedLayout": False, "randomSeed": 0}
    options["physics"] = {"enabled": False, "stabilization": {"enabled": False}}
    options["interaction"].update(
        {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": n_edges > 2000,
            "hideEdgesOnZoom": n_edges > 2000,
            "navigationButtons": False,
            "keyboard": False,
        }
    )
    options["nodes"] = {
        "font": {"size": 14, "face": "system-ui, sans-serif"},
        "borderWidth": 1,
        # node "value" (PageRank-based size) scales the shape and its label together
        "scaling": {
            "min": 8,
            "max": 40,
            "label": {"enabled": True, "min": 12, "max": 44, "drawThreshold": 6},
        },
    }
    options["edges"]["arrows"] = {"to": {"scaleFactor": 0.6}}
    options["edges"]["selectionWidth"] = 2
    options["configure"] = {"enabled": False}
    return options


def render_page(
    name: str,
    g: nx.MultiDiGraph,
    *,
    title: str,
    subtitle: str,
    about: str,
    filters: Sequence[Filter],
    links: Sequence[tuple[str, str]] = (),
    attribution: str | None = None,
) -> Page:
    """Render a view graph (from :mod:`graph.export.network`) as one self-contained page.

    Parameters
    ----------
    name : str
        The view name (``tri-polar`` or ``ecosystem``).
    g : networkx.MultiDiGraph
        Nodes with ``label``, ``title``, ``type``, ``x``, ``y``; edges with
        ``kind``, ``title``.
    title, subtitle, about : str
        Texts of the page (escaped).
    filters : sequence of Filter
        The drop-down filters.
    links : sequence of (href, text)
        Links in the header (relative file names).
    attribution : str, optional
        Third-party data attribution shown in the footer.

    Returns
    -------
    Page
    """
    net = _network(g)
    nodes, edges, _heading, _height, _width, _options_json = net.get_network_data()
    js, css = _vis_assets()
    types = sorted({str(a["type"]) for _, a in g.nodes(data=True)}, key=list(NODE_STYLES).index)
    kinds = sorted({str(a["kind"]) for *_, a in g.edges(data=True)}, key=list(EDGE_STYLES).index)
    payload = {
        "nodes": nodes,
        "edges": edges,
        "options": _options(net, len(edges)),
        "filters": [
            {"key": f.key, "target": f.target, "field": f.field, "match": f.match} for f in filters
        ],
        "expected": {"nodes": len(nodes), "edges": len(edges)},
    }
    node_legend: list[tuple[str, NodeStyle]] = [(t, NODE_STYLES[t]) for t in types]
    edge_legend: list[tuple[str, EdgeStyle]] = [(k, EDGE_STYLES[k]) for k in kinds]
    html = _TEMPLATE.render(
        title=title,
        subtitle=subtitle,
        about=about,
        links=links,
        filters=filters,
        node_legend=node_legend,
        edge_legend=edge_legend,
        glyphs=_GLYPHS,
        payload=payload,
        vis_js=js,
        vis_css=css,
        app_js=_APP_JS,
        footer=(
            "aikg — curated data CC BY 4.0; every edge names its sources (click it). "
            "Positions are precomputed; drag to pan, scroll to zoom."
        ),
        attribution=attribution,
    )
    return Page(name, html, len(nodes), len(edges))


def _options_of(
    g: nx.MultiDiGraph, field: str, *, split: bool = False
) -> tuple[tuple[str, str], ...]:
    values: set[str] = set()
    for _, a in g.nodes(data=True):
        raw = str(a.get(field, ""))
        values.update(x for x in (raw.split(";") if split else [raw]) if x)
    return tuple((v, v) for v in sorted(values))


def _edge_statuses(g: nx.MultiDiGraph) -> tuple[tuple[str, str], ...]:
    present = {s for *_, a in g.edges(data=True) for s in str(a.get("status", "")).split(";") if s}
    return tuple((s, s) for s in _STATUSES if s in present) + tuple(
        (s, s) for s in sorted(present - set(_STATUSES))
    )


def _as_of_text(as_of: date | None) -> str:
    return f"as of {as_of.isoformat()}" if as_of else "all dates"


_LINKS = (
    ("tri-polar.html", "Tri-polar loop vs open weights"),
    ("ecosystem.html", "Whole ecosystem"),
    ("report.html", "Report"),
)


def tri_polar_page(
    data: ClaimData, as_of: str | date | None = None, *, attribution: str | None = None
) -> Page:
    """Render the poles (closed loops) against the open-weight public goods.

    Parameters
    ----------
    data : ClaimData
        From :func:`graph.claims.read_claims`.
    as_of : str or date, optional
        Evaluate poles, loops and offerings as of that date (default: all dates).
    attribution : str, optional
        Footer attribution (e.g. Epoch AI's CC BY 4.0 notice).

    Returns
    -------
    Page
    """
    day = parse_date(as_of)
    g = tri_polar_graph(data, day)
    n_poles = len({p for _, a in g.nodes(data=True) for p in str(a["poles"]).split(";") if p})
    filters = (
        Filter("country", "Country", "node", "country", _options_of(g, "country")),
        Filter("region", "Region", "node", "region", _options_of(g, "region")),
        Filter("side", "Side", "node", "side", _options_of(g, "side")),
        Filter("pole", "Pole", "node", "poles", _options_of(g, "poles", split=True), "token"),
    )
    return render_page(
        "tri-polar",
        g,
        title="The closed loops and the public goods",
        subtitle=(
            f"{_as_of_text(day)} · {n_poles} poles · {g.number_of_nodes()} nodes, "
            f"{g.number_of_edges()} edges · columns: US, Europe, China, other"
        ),
        about=(
            "Top of each column: clouds and the closed-weight model companies they are locked "
            "into — money both ways (arrows point where the money goes; width grows with the "
            "dollars), the poles computed from binding depth ≥ 4. Below: open-weight model "
            "families (public goods) with their developers, and a green dashed edge to every "
            "cloud whose platforms offer them. Disputed claims are left out."
        ),
        filters=filters,
        links=[link for link in _LINKS if link[0] != "tri-polar.html"],
        attribution=attribution,
    )


def ecosystem_page(
    data: ClaimData,
    as_of: str | date | None = None,
    *,
    attribution: str | None = None,
    network: nx.MultiDiGraph | None = None,
) -> Page:
    """Render the whole graph with type, country, pole and status filters and search.

    Parameters
    ----------
    data : ClaimData
        From :func:`graph.claims.read_claims`.
    as_of : str or date, optional
        Only claims in force on that date become edges (default: all).
    attribution : str, optional
        Footer attribution (e.g. Epoch AI's CC BY 4.0 notice).
    network : networkx.MultiDiGraph, optional
        ``ecosystem_graph(data, as_of)`` when the caller has it already (the
        layout is the slow part; the exports share one).

    Returns
    -------
    Page
    """
    day = parse_date(as_of)
    g = network if network is not None else ecosystem_graph(data, day)
    types = sorted({str(a["type"]) for _, a in g.nodes(data=True)}, key=list(NODE_STYLES).index)
    filters = (
        Filter("type", "Type", "node", "type", tuple((t, t) for t in types)),
        Filter("country", "Country", "node", "country", _options_of(g, "country")),
        Filter("pole", "Pole", "node", "poles", _options_of(g, "poles", split=True), "token"),
        Filter("status", "Claim status (edges)", "edge", "status", _edge_statuses(g), "token"),
    )
    return render_page(
        "ecosystem",
        g,
        title=f"The AI{DASH}cloud ecosystem",
        subtitle=f"{_as_of_text(day)} · {g.number_of_nodes()} nodes, {g.number_of_edges()} edges",
        about=(
            "Every company, model family and release, platform, chip and facility. Edges: money "
            "(arrows from payer to payee), binding between model companies and compute providers "
            "(dashed, width = depth), availability of families on platforms (green dashed), and "
            "who develops, operates or designs what. Node size grows with PageRank on the money "
            "flows. Disputed claims are included: filter by status."
        ),
        filters=filters,
        links=[link for link in _LINKS if link[0] != "ecosystem.html"],
        attribution=attribution,
    )


def page_counts(pages: Mapping[str, Page]) -> dict[str, dict[str, int]]:
    """Return ``{view: {"nodes": n, "edges": m}}``.

    Examples
    --------
    >>> page_counts({"x": Page("x", "", 2, 1)})
    {'x': {'nodes': 2, 'edges': 1}}
    """
    return {k: {"nodes": p.nodes, "edges": p.edges} for k, p in pages.items()}
