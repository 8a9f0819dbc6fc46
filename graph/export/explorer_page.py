"""``ecosystem.html``: every entity, one edge per pair and kind of tie, with a date slider.

Nodes and positions come from :func:`graph.export.network.ecosystem_graph`
(colour and shape by type, size by PageRank); edges from
:func:`graph.export.explorer.explorer_runs` — one money edge per payer, payee
and kind with the counted total written on it, one binding edge per model
company and provider, one availability edge per family and platform, each
listing its claims with their sources when clicked — plus the structural edges
(develops, operates, designs, release of). The first view hides nodes without an
edge and individual model releases; a box brings them back.

Examples
--------
>>> from graph.claims import ClaimData, Entity
>>> from graph.ids import entity_iri
>>> lab = entity_iri("lab")
>>> page = ecosystem_page(ClaimData({lab: Entity(lab, "Company", "<b>Lab</b>")}, {}))
>>> page.nodes, page.edges, "<b>Lab" in page.html
(1, 0, False)
"""

from __future__ import annotations

from datetime import date
from typing import Any

import networkx as nx

from graph.claims import ClaimData
from graph.dates import parse_date
from graph.export.citations import cited, slug
from graph.export.explorer import ExplorerRuns, explorer_runs
from graph.export.html import Filter, Page, add_nodes, finish_network, new_network, render_page
from graph.export.network import ecosystem_graph
from graph.export.pyvis_loader import Network
from graph.export.story import EdgeState, NodeState
from graph.export.styles import DASH, EDGE_STYLES, NODE_STYLES

__all__ = ["ecosystem_page"]

_STATUSES = ("Confirmed", "Reported", "Estimated", "Disputed")
#: How far each money kind's arrows bow out, so that ties between one pair stay apart.
_BOW = {"equity": 0.12, "spend": 0.12, "capacity": 0.24, "purchase": 0.3, "acquisition": 0.36}
_STRUCTURE = ("develops", "operates", "designs", "release")
_LINKS = [("tri-polar.html", "Tri-polar loop vs open weights"), ("report.html", "Report")]


def _edge_state(e: EdgeState | None) -> dict[str, Any] | None:
    if e is None:
        return None
    return {
        "label": e.label,
        "width": e.width,
        "head": e.head,
        "lines": list(e.lines),
        "claims": [slug(c) for c in e.claims],
        "status": e.status,
    }


def _node_runs(g: nx.MultiDiGraph, runs: ExplorerRuns) -> dict[str, list[list[Any]]]:
    """Each organisation's facts per date; a date without any shows the plain ones."""
    out: dict[str, list[list[Any]]] = {}
    for iri, states in runs.nodes.items():
        if iri not in g:
            continue
        a = g.nodes[iri]
        plain = [f"type: {a['type']}"] + ([f"country: {a['country']}"] if a["country"] else [])

        def state(n: NodeState | None, a: dict[str, Any] = a, plain: list[str] = plain) -> Any:
            return {
                "label": str(a["label"]),
                "head": str(a["label"]),
                "lines": plain + (list(n.lines) if n else []),
                "poles": list(n.poles) if n else [],
            }

        out[iri] = [[f, state(n)] for f, n in states]
    return out


def _network(g: nx.MultiDiGraph, runs: ExplorerRuns) -> Network:
    net = new_network()
    releases = {n for n, a in g.nodes(data=True) if a["type"] == "Model release"}
    ids = add_nodes(net, g, tucked=releases, states=_node_runs(g, runs))
    j = 0
    for key in sorted(runs.edges):
        states = runs.edges[key]
        e = next(x for _, x in reversed(states) if x is not None)
        if e.source not in ids or e.target not in ids:
            continue
        style = EDGE_STYLES[e.kind]
        attrs: dict[str, Any] = {}
        if e.kind in _BOW:
            attrs["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": _BOW[e.kind]}
            attrs["font"] = {"size": 12, "strokeWidth": 4, "strokeColor": "#ffffff"}
        net.add_edge(
            ids[e.source],
            ids[e.target],
            id=j,
            kind=e.kind,
            color=style.color,
            dashes=style.dashes,
            arrows="to" if style.arrow else "",
            width=e.width,
            at=[[f, _edge_state(x)] for f, x in states],
            **attrs,
        )
        j += 1
    for u, v, _key, a in sorted(g.edges(keys=True, data=True), key=lambda x: x[:3]):
        if a["kind"] not in _STRUCTURE:
            continue
        style = EDGE_STYLES[str(a["kind"])]
        net.add_edge(
            ids[u],
            ids[v],
            id=j,
            kind=str(a["kind"]),
            title=str(a["title"]),
            color=style.color,
            dashes=style.dashes,
            arrows="to" if style.arrow else "",
            width=1.0,
            status="",
        )
        j += 1
    return finish_network(net)


def _options_of(
    g: nx.MultiDiGraph, field: str, *, split: bool = False
) -> tuple[tuple[str, str], ...]:
    values: set[str] = set()
    for _, a in g.nodes(data=True):
        raw = str(a.get(field, ""))
        values.update(x for x in (raw.split(";") if split else [raw]) if x)
    return tuple((v, v) for v in sorted(values))


def _statuses(runs: ExplorerRuns) -> tuple[tuple[str, str], ...]:
    present = {
        s for states in runs.edges.values() for _, e in states if e for s in e.status.split(";")
    } - {""}
    ordered = [s for s in _STATUSES if s in present] + sorted(present - set(_STATUSES))
    return tuple((s, s) for s in ordered)


def ecosystem_page(
    data: ClaimData,
    as_of: str | date | None = None,
    *,
    attribution: str | None = None,
    network: nx.MultiDiGraph | None = None,
) -> Page:
    """Render the whole graph with a date slider, type chips, filters and search.

    Parameters
    ----------
    data : ClaimData
        From :func:`graph.claims.read_claims`.
    as_of : str or date, optional
        The last date of the slider (default: every claim, whatever its date).
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
    runs = explorer_runs(data, day)
    claims, sources = cited(
        data, {c for states in runs.edges.values() for _, e in states if e for c in e.claims}
    )
    frames = [
        {"day": d.isoformat() if d else "", "text": d.isoformat() if d else "all dates"}
        for d in runs.days
    ]
    types = sorted({str(a["type"]) for _, a in g.nodes(data=True)}, key=list(NODE_STYLES).index)
    pole_names = sorted(
        {p for states in runs.nodes.values() for _, n in states if n for p in n.poles}
    )
    filters = (
        Filter("type", "Type", "node", "type", tuple((t, t) for t in types), multi=True),
        Filter("country", "Country", "node", "country", _options_of(g, "country")),
        Filter("pole", "Pole", "node", "poles", tuple((p, p) for p in pole_names), "token"),
        Filter("status", "Claim status (edges)", "edge", "status", _statuses(runs), "token", True),
    )
    return render_page(
        "ecosystem",
        g,
        title=f"The AI{DASH}cloud ecosystem",
        subtitle=f"{frames[-1]['text']} · {g.number_of_nodes()} entities",
        about=(
            "Every company, model family, platform, chip and facility. One line per pair and "
            "kind of tie: money (arrows from payer to payee, the counted total written on "
            "them), binding between model companies and compute providers (dashed, width = "
            "depth), availability of families on platforms (green dashed), and who develops, "
            "operates or designs what. Node size grows with PageRank on the money flows. "
            "Nodes without an edge and individual model releases are hidden until you ask "
            "for them. Click a node to light up its neighbours, a line for its claims and "
            "sources. Disputed claims are included: filter by status."
        ),
        filters=filters,
        links=_LINKS,
        attribution=attribution,
        net=_network(g, runs),
        extra={
            "hideIsolated": True,
            "frames": frames,
            "claims": claims,
            "sources": sources,
        },
        toggle="show unconnected nodes and individual model releases",
    )
