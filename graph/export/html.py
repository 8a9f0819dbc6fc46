r"""Self-contained interactive HTML views of the graph (pyvis + vis-network, offline).

:func:`render_page` turns pyvis records into one page (the template and the page
script live in ``templates/view.html.j2`` and ``templates/view.js``); two views
use it:

- ``tri-polar.html`` (:func:`graph.export.story_page.tri_polar_page`) — the
  closed loop against the public goods, with a date slider;
- ``ecosystem.html`` (:func:`graph.export.explorer_page.ecosystem_page`) — every
  entity, one edge per pair and kind of tie, with a date slider, type chips and
  search.

Both pages have zoom and fit buttons, highlight a clicked node's neighbourhood,
and hide a tooltip when the pointer leaves the graph or a filter changes.

How the pages are made safe and fast:

- pyvis builds the node and edge records and the vis-network options; the page
  itself comes from this package's template (Jinja with autoescaping), because
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
>>> g = nx.MultiDiGraph()
>>> g.add_node("lab", label="<b>Lab</b>", title="<b>Lab</b>", type="Company", x=0, y=0)
>>> page = render_page("x", g, title="T", subtitle="", about="", filters=())
>>> page.nodes, page.edges, "<b>Lab" in page.html, "http://" in page.html.split("<script")[0]
(1, 0, False, False)
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import networkx as nx

from graph.export.pyvis_loader import Network, pyvis_folder
from graph.export.styles import (
    EDGE_STYLES,
    NODE_STYLES,
    EdgeStyle,
    NodeStyle,
)
from graph.export.templating import environment

__all__ = [
    "GRAPH_VIEWS",
    "Filter",
    "Page",
    "add_nodes",
    "finish_network",
    "new_network",
    "render_page",
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
    multi : bool
        Checkbox chips (any of the checked values passes) instead of a drop-down.
    """

    key: str
    label: str
    target: Literal["node", "edge"]
    field: str
    options: tuple[tuple[str, str], ...]
    match: Literal["eq", "token"] = "eq"
    multi: bool = False


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


_ENV = environment()
_ENV.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":")}

_TEMPLATE = _ENV.get_template("view.html.j2")


@cache
def _app_js() -> str:
    js = (Path(__file__).parent / "templates" / "view.js").read_text(encoding="utf-8")
    if _UNSAFE_IN_SCRIPT.search(js):  # pragma: no cover
        raise RuntimeError("view.js cannot be inlined safely")
    return js


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


def new_network() -> Network:
    """Return an empty pyvis network whose node-id lookups are sets, not list scans."""
    net = Network(height="100%", width="100%", directed=True, cdn_resources="remote")
    net.node_ids = _NodeIds()
    return net


def add_nodes(
    net: Network,
    g: nx.MultiDiGraph,
    *,
    tucked: Collection[str] = (),
    states: Mapping[str, Any] | None = None,
) -> dict[str, int]:
    """Add the nodes of a view graph to ``net`` (integer ids in sorted-IRI order).

    Nodes in ``tucked`` carry ``isolated: "1"`` (the page hides them until its
    "show all" box is checked); ``states`` gives a node its ``at`` runs (its
    state from each frame on). Returns IRI -> id.
    """
    ids = {iri: i for i, iri in enumerate(sorted(g))}
    for iri, i in ids.items():
        a = g.nodes[iri]
        style = NODE_STYLES[str(a["type"])]
        extra = {"at": states[iri]} if states is not None and iri in states else {}
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
            isolated="1" if iri in tucked else "",
            **extra,
        )
    return ids


def finish_network(net: Network) -> Network:
    """Turn physics off and edges straight (an edge may ask for a curve), colours as given."""
    net.toggle_physics(False)
    net.options.edges.smooth.enabled = False
    net.options.edges.color.inherit = False
    return net


def _network(g: nx.MultiDiGraph) -> Network:
    """Turn a view graph into a pyvis network, one pyvis edge per graph edge."""
    net = new_network()
    ids = add_nodes(net, g)
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
    return finish_network(net)


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
    net: Network | None = None,
    extra: Mapping[str, Any] | None = None,
    legend: tuple[Sequence[tuple[str, NodeStyle]], Sequence[tuple[str, EdgeStyle]]] | None = None,
    widths: Sequence[tuple[str, float]] = (),
    toggle: str = "",
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
    net : pyvis Network, optional
        The records to draw, when the caller made them (default: from ``g``).
    extra : mapping, optional
        More payload for the page script (``frames``, ``claims``, ``sources``,
        ``annotations``, ``focus``...).
    legend : (node entries, edge entries), optional
        The legend, when not the types and kinds of ``g``.
    widths : sequence of (text, width)
        A key of money line widths.
    toggle : str
        Label of a "show all" checkbox (the page hides isolated nodes until checked).

    Returns
    -------
    Page
    """
    net = net if net is not None else _network(g)
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
        **(extra or {}),
    }
    node_legend: Sequence[tuple[str, NodeStyle]] = [(t, NODE_STYLES[t]) for t in types]
    edge_legend: Sequence[tuple[str, EdgeStyle]] = [(k, EDGE_STYLES[k]) for k in kinds]
    if legend is not None:
        node_legend, edge_legend = legend
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
        frames=payload.get("frames", []),
        widths=widths,
        toggle=toggle,
        about_open=False,
        vis_js=js,
        vis_css=css,
        app_js=_app_js(),
        footer=(
            "aikg — curated data CC BY 4.0; every edge names its sources (click it). "
            "Positions are precomputed; drag to pan, scroll to zoom."
        ),
        attribution=attribution,
    )
    return Page(name, html, len(nodes), len(edges))


def page_counts(pages: Mapping[str, Page]) -> dict[str, dict[str, int]]:
    """Return ``{view: {"nodes": n, "edges": m}}``.

    Examples
    --------
    >>> page_counts({"x": Page("x", "", 2, 1)})
    {'x': {'nodes': 2, 'edges': 1}}
    """
    return {k: {"nodes": p.nodes, "edges": p.edges} for k, p in pages.items()}
