"""``tri-polar.html``: the closed loop and the public goods, with a date slider.

The page draws :func:`graph.export.story_layout.story`: the clouds and the model
companies locked into them (money as curved arrows, one per direction, the
amount written on each), the open-weight families sized by how many providers
offer them, US, Europe, China and the rest side by side. A slider (and a play
button) shows the graph at each half-year end; ``#date=2022-12-31`` in the
address opens the page at that date. Clicking an arrow lists its claims with
their sources as links (publisher and date).

Examples
--------
>>> from graph.build import build
>>> from graph.claims import read_claims
>>> page = tri_polar_page(read_claims(build("memory").graph), "2026-06-30")
>>> page.name, page.nodes > 20, '"frames":' in page.html
('tri-polar', True, True)
"""

from __future__ import annotations

from datetime import date
from typing import Any

from graph.claims import ClaimData
from graph.dates import parse_date
from graph.export.citations import cited, slug
from graph.export.html import Filter, Page, render_page
from graph.export.money_lines import money_width
from graph.export.pyvis_loader import Network
from graph.export.story import CLOUD, FAMILY, HOSTS, LAB, REGIONS, Story
from graph.export.story_layout import story
from graph.export.styles import EdgeStyle, NodeStyle

__all__ = ["LOOP_FONT", "tri_polar_page"]

#: Label size of the loop's nodes (canvas units); the page checks it stays readable.
LOOP_FONT = 50
_FACE = "system-ui, sans-serif"
#: ``NodeState.size`` of the loop's members (other clouds are smaller).
_LOOP_SIZE = 40.0
_NODES: dict[str, dict[str, Any]] = {
    CLOUD: {"shape": "box", "color": "#1f6fd1", "margin": 14},
    LAB: {"shape": "box", "color": "#c92a2a", "margin": 14},
    HOSTS: {"shape": "dot", "color": "#9ca3af"},
    FAMILY: {"shape": "dot", "color": "#2f9e44"},
}
_LEGEND_NODES = (
    ("Cloud provider", NodeStyle("#1f6fd1", "box")),
    ("Model company with money both ways to a cloud", NodeStyle("#c92a2a", "box")),
    ("Open-weight model family (size: providers offering it)", NodeStyle("#2f9e44", "dot")),
    ("Other hosts, rolled up per region", NodeStyle("#9ca3af", "dot")),
)
_LEGEND_EDGES = (
    ("money", EdgeStyle("#e8590c", False, True, "money (payer → payee), amount on the arrow")),
    ("offer", EdgeStyle("#2f9e44", False, False, "offered by (family to provider)")),
    ("develops", EdgeStyle("#868e96", True, True, "develops (company → family)")),
)
_WIDTHS = (("$1B", money_width(1e9)), ("$10B", money_width(1e10)), ("$100B", money_width(1e11)))


def _wrap(label: str, width: int = 12) -> str:
    r"""Break a long name in two lines at the space nearest its middle.

    Examples
    --------
    >>> _wrap("Safe Superintelligence"), _wrap("Anthropic")
    ('Safe\nSuperintelligence', 'Anthropic')
    """
    if len(label) <= width or " " not in label:
        return label
    spaces = [i for i, ch in enumerate(label) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - len(label) / 2))
    return f"{label[:cut]}\n{label[cut + 1 :]}"


def _node_record(iri: str, st: Story) -> dict[str, Any]:
    last = st.last(iri)
    style = dict(_NODES[last.role])
    if last.role in (CLOUD, LAB):
        in_loop = any(n is not None and n.size >= _LOOP_SIZE for _, n in st.nodes[iri])
        style["font"] = {"size": LOOP_FONT if in_loop else 24, "face": _FACE, "color": "#ffffff"}
        if not in_loop:
            style["color"] = "#5b8fd6"
            style["margin"] = 8
    else:
        style["font"] = {"size": 18, "face": _FACE, "color": "#1f2937"}
        style["scaling"] = {
            "min": 6,
            "max": 34,
            "label": {"enabled": True, "min": 16, "max": 30, "drawThreshold": 4},
        }
    return style


def _state(obj: Any, node: bool) -> dict[str, Any] | None:
    if obj is None:
        return None
    if node:
        out: dict[str, Any] = {
            "label": _wrap(obj.label) if obj.role in (CLOUD, LAB) else obj.label,
            "head": obj.label,
            "lines": list(obj.lines),
            "poles": list(obj.poles),
        }
        if obj.role in (FAMILY, HOSTS):
            out["value"] = obj.size
        return out
    return {
        "label": obj.label,
        "width": obj.width,
        "head": obj.head,
        "lines": list(obj.lines),
        "claims": [slug(c) for c in obj.claims],
    }


def _network(st: Story) -> Network:
    net = Network(height="100%", width="100%", directed=True, cdn_resources="remote")
    ids = {iri: i for i, iri in enumerate(sorted(st.nodes))}
    for iri, i in ids.items():
        last = st.last(iri)
        x, y = st.positions[iri]
        net.add_node(
            i,
            label=_wrap(last.label) if last.role in (CLOUD, LAB) else last.label,
            x=x,
            y=y,
            role=last.role,
            region=last.region,
            iri=iri if not iri.startswith("hosts:") else "",
            at=[[f, _state(n, True)] for f, n in st.nodes[iri]],
            **_node_record(iri, st),
        )
    for j, key in enumerate(sorted(st.edges)):
        runs = st.edges[key]
        edge = next(e for _, e in reversed(runs) if e is not None)
        attrs: dict[str, Any] = {"id": j, "kind": edge.kind, "key": key}
        if edge.kind == "money":
            pole = any(e is not None and e.pole for _, e in runs)
            attrs.update(
                color={"color": "#e8590c" if pole else "#f0a070", "highlight": "#c2410c"},
                arrows="to",
                smooth={"enabled": True, "type": "curvedCW", "roundness": 0.25},
                font={
                    "size": 40 if pole else 30,
                    "face": _FACE,
                    "color": "#7c2d12",
                    "strokeWidth": 7,
                    "strokeColor": "#ffffff",
                    "align": "horizontal",
                },
            )
        elif edge.kind == "offer":
            attrs.update(
                color={"color": "#2f9e44", "opacity": 0.28, "highlight": "#2f9e44"},
                baseOpacity=0.28,
                arrows="",
                smooth=False,
            )
        else:
            attrs.update(color={"color": "#868e96"}, arrows="to", dashes=True, smooth=False)
        net.add_edge(
            ids[edge.source],
            ids[edge.target],
            at=[[f, _state(e, False)] for f, e in runs],
            width=edge.width,
            **attrs,
        )
    net.toggle_physics(False)
    net.options.edges.smooth.enabled = False
    net.options.edges.color.inherit = False
    return net


def _frames(st: Story) -> list[dict[str, Any]]:
    frames = []
    for day, names in zip(st.days, st.poles, strict=True):
        text = day.isoformat() if day else "all dates"
        poles = f"{len(names)} pole{'s' * (len(names) != 1)}" + (
            f": {', '.join(names)}" if names else ""
        )
        frames.append({"day": day.isoformat() if day else "", "text": text, "subtitle": poles})
    return frames


def tri_polar_page(
    data: ClaimData, as_of: str | date | None = None, *, attribution: str | None = None
) -> Page:
    """Render the closed loop against the public goods, with a date slider.

    Parameters
    ----------
    data : ClaimData
        From :func:`graph.claims.read_claims`.
    as_of : str or date, optional
        The last date of the slider (default: every claim, whatever its date).
    attribution : str, optional
        Footer attribution (e.g. Epoch AI's CC BY 4.0 notice).

    Returns
    -------
    Page
    """
    day = parse_date(as_of)
    st = story(data, day)
    net = _network(st)
    claims, sources = cited(data, st.claims)
    frames = _frames(st)
    # what the first view must show readably: the members of a pole at the last date
    focus = [i for i, iri in enumerate(sorted(st.nodes)) if (n := st.nodes[iri][-1][1]) and n.poles]
    import networkx as nx  # noqa: PLC0415  (render_page wants the graph only for its legend)

    g = nx.MultiDiGraph()
    regions = [(r, r) for r in REGIONS if any(st.last(i).region == r for i in st.nodes)]
    filters = (
        Filter("region", "Region", "node", "region", tuple(regions), multi=True),
        Filter(
            "pole",
            "Pole",
            "node",
            "poles",
            tuple((p, p) for p in sorted({p for names in st.poles for p in names})),
            "token",
        ),
    )
    last = frames[-1] if frames else {"text": "all dates", "subtitle": "no pole"}
    return render_page(
        "tri-polar",
        g,
        title="Who is locked into whom: the closed loop and the public goods",
        subtitle=f"{last['text']} · {last['subtitle']}",
        about=(
            "Top: each cloud and the model companies it is locked into. Arrows carry money "
            "in the direction it goes, with the counted total written on them; the wider the "
            "line, the more dollars. A pole is a cloud and a model company with binding "
            "depth of at least 4 of 6 layers. Below: open-weight model families, the public "
            "goods, sized by how many providers offer them; the many small hosts are rolled "
            "up into one node per region. Move the date to watch the loop form. Disputed "
            "claims are left out."
        ),
        filters=filters,
        links=[("ecosystem.html", "Whole ecosystem"), ("report.html", "Report")],
        attribution=attribution,
        net=net,
        extra={
            "frames": frames,
            "claims": claims,
            "sources": sources,
            "annotations": [list(a) for a in st.annotations],
            "focus": focus,
            "focusFont": LOOP_FONT,
        },
        legend=(_LEGEND_NODES, _LEGEND_EDGES),
        widths=_WIDTHS,
    )
