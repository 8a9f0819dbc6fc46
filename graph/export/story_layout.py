"""Where the tri-polar picture puts everything, once for every date, and the graph it draws.

One column per region; in each, the clouds of the loop on top with their model
companies in a row below (ordered by weighted barycentre sweeps so that each
pole pair sits close), the other hosts rolled up per region, and the open-weight
families at the bottom.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date

import networkx as nx

from graph.claims import ClaimData
from graph.dates import parse_date
from graph.export.slider import Runs, slider_days
from graph.export.story import (
    CLOUD,
    FAMILY,
    HOSTS,
    LAB,
    REGIONS,
    Story,
    snapshot,
)
from graph.memo import forgetting

__all__ = ["story", "tri_polar_graph"]


def story(data: ClaimData, as_of: str | date | None = None, *, frames: bool = True) -> Story:
    """Compute the snapshots of every slider date and lay the union out once.

    Parameters
    ----------
    data : ClaimData
        From :func:`graph.claims.read_claims`.
    as_of : str or date, optional
        The last frame (``None``: every claim, whatever its date).
    frames : bool
        Compute the earlier dates of the slider too (``False``: ``as_of`` only).

    Returns
    -------
    Story
    """
    day = parse_date(as_of)
    days = slider_days(data, day) if frames else [day]
    nodes, edges, poles = Runs(), Runs(), []
    for d in days:
        # each date's views are asked for by its snapshot only: an export shares them
        # while the date is drawn, then frees them (its poles stay: the explorer asks for
        # them again), and only the changes of each date's states are kept
        with forgetting(keep={"poles"}):
            shot = snapshot(data, d)
        nodes.add(shot.nodes)
        edges.add(shot.edges)
        poles.append(shot.poles)
    st = Story(
        days,
        nodes.result(),  # type: ignore[arg-type]
        edges.result(),  # type: ignore[arg-type]
        {},
        [],
        poles,
    )
    for runs in st.edges.values():
        for _, e in runs:
            if e is not None:
                st.claims.update(e.claims)
    _layout(st)
    return st


#: Layout constants (canvas units).
_STEP = 500  # between clouds of the loop


_LAB_Y = 620


_HOSTS_Y = 960


_HOSTS_PER_ROW, _HOSTS_DY = 3, 120


_HOST_DX = 210


_FAMILY_Y = 1300


_FAMILY_DX, _FAMILY_DY = 235, 140


_COLUMN_GAP = 140


def _mean(xs: Iterable[float], default: float) -> float:
    values = list(xs)
    return sum(values) / len(values) if values else default


def _loop_rows(
    clouds: list[str], labs: list[str], links: Mapping[tuple[str, str], int]
) -> dict[str, tuple[float, float]]:
    """Clouds in a row, each lab below the clouds it is bound to (weighted barycentre sweeps).

    ``links`` maps (cloud, lab) to a weight: a pole pulls harder than another 2-cycle.
    """
    x: dict[str, float] = {c: i * _STEP for i, c in enumerate(clouds)}
    # each node's links, in the order of ``links`` (a scan of every link per node made the
    # sweeps quadratic: tens of seconds on a million triples)
    of_lab: dict[str, list[tuple[str, int]]] = {}
    of_cloud: dict[str, list[tuple[str, int]]] = {}
    for (c, m), w in links.items():
        of_lab.setdefault(m, []).append((c, w))
        of_cloud.setdefault(c, []).append((m, w))
    for _ in range(6):
        for lab in labs:
            x[lab] = _weighted({x[c]: w for c, w in of_lab.get(lab, ()) if c in x}, x.get(lab, 0.0))
        _spread(sorted(labs, key=lambda n: (x[n], n)), x, 0.85 * _STEP)
        for cloud in clouds:
            x[cloud] = _weighted({x[m]: w for m, w in of_cloud.get(cloud, ()) if m in x}, x[cloud])
        _spread(sorted(clouds, key=lambda n: (x[n], n)), x, _STEP)
    return {n: (v, 0.0 if n in clouds else _LAB_Y) for n, v in x.items()}


def _weighted(values: Mapping[float, int], default: float) -> float:
    weight = sum(values.values())
    return sum(v * w for v, w in values.items()) / weight if weight else default


def _spread(row: list[str], x: dict[str, float], gap: float) -> None:
    """Push a row apart to ``gap`` between neighbours, keeping its centre."""
    if not row:
        return
    centre = _mean((x[n] for n in row), 0.0)
    for a, b in itertools.pairwise(row):
        x[b] = max(x[b], x[a] + gap)
    shift = centre - _mean((x[n] for n in row), 0.0)
    for n in row:
        x[n] += shift


def _layout(st: Story) -> None:
    """Region columns; in each: the loop (clouds above, labs below), hosts, then families."""
    by_region: dict[str, dict[str, list[str]]] = {r: defaultdict(list) for r in REGIONS}
    for iri in st.nodes:
        last = st.last(iri)
        by_region[last.region if last.region in REGIONS else "Other"][last.role].append(iri)
    links = _loop_links(st)
    breadth = {
        iri: max((n.size for _, n in runs if n is not None), default=0.0)
        for iri, runs in st.nodes.items()
    }
    left = 0.0
    for region in REGIONS:
        roles = by_region[region]
        if not any(roles.values()):
            continue
        in_loop = {x for pair in links for x in pair}
        clouds = sorted(c for c in roles[CLOUD] if c in in_loop)
        hosts = sorted(c for c in roles[CLOUD] if c not in in_loop) + sorted(roles[HOSTS])
        loop = _loop_rows(clouds, sorted(roles[LAB]), links)
        fams = sorted(roles[FAMILY], key=lambda f: (-breadth[f], st.last(f).label, f))
        cols = max(2, math.ceil(math.sqrt(len(fams) / 2))) if fams else 1
        xs = [v for v, _ in loop.values()]
        loop_width = (max(xs) - min(xs) + 360) if xs else 0.0
        per_row = min(len(hosts), _HOSTS_PER_ROW)
        width = max(loop_width, per_row * _HOST_DX, cols * _FAMILY_DX, 300.0)
        cx = left + width / 2
        mid = (max(xs) + min(xs)) / 2 if xs else 0.0
        for n, (x, y) in loop.items():
            st.positions[n] = (round(cx + x - mid), round(y))
        for i, n in enumerate(hosts):
            r, c = divmod(i, _HOSTS_PER_ROW)
            in_row = min(_HOSTS_PER_ROW, len(hosts) - r * _HOSTS_PER_ROW)
            st.positions[n] = (
                round(cx + (c - (in_row - 1) / 2) * _HOST_DX),
                _HOSTS_Y + r * _HOSTS_DY,
            )
        for i, f in enumerate(fams):
            r, c = divmod(i, cols)
            in_row = min(cols, len(fams) - r * cols)
            st.positions[f] = (
                round(cx + (c - (in_row - 1) / 2) * _FAMILY_DX),
                _FAMILY_Y + r * _FAMILY_DY,
            )
        title = {"US": "United States", "Other": "Other or unknown"}.get(region, region)
        top = -200 if loop else _HOSTS_Y - 170
        st.annotations.append((round(cx), top, title, 46, "center"))
        left += width + _COLUMN_GAP
    if any(st.last(i).role in (CLOUD, LAB) for i in st.nodes):
        st.annotations.append((0, -110, "Closed loop: money both ways", 26, "left"))
    if any(st.last(i).role == FAMILY for i in st.nodes):
        st.annotations.append((0, _FAMILY_Y - 120, "Open weights: the public goods", 26, "left"))
    st.positions = dict(sorted(st.positions.items()))


def _loop_links(st: Story) -> dict[tuple[str, str], int]:
    """(cloud, lab) pairs with money both ways at any date; weight 4 for a pole, else 1."""
    links: dict[tuple[str, str], int] = {}
    for runs in st.edges.values():
        for _, e in runs:
            if e is not None and e.kind == "money":
                pair = (
                    (e.source, e.target) if _role(st, e.source) == CLOUD else (e.target, e.source)
                )
                links[pair] = 1
    for cloud, lab in links:
        names = {p for _, n in st.nodes[cloud] if n for p in n.poles}
        if names & {p for _, n in st.nodes[lab] if n for p in n.poles}:
            links[cloud, lab] = 4
    return links


def _role(st: Story, iri: str) -> str:
    return st.last(iri).role if iri in st.nodes else ""


def tri_polar_graph(data: ClaimData, as_of: str | date | None = None) -> nx.MultiDiGraph:
    """Return the picture at one date as a networkx graph (flat attributes, positions).

    Parameters
    ----------
    data : ClaimData
        From :func:`graph.claims.read_claims`.
    as_of : str or date, optional
        Only claims in force on that date (``None``: every claim).

    Returns
    -------
    networkx.MultiDiGraph
        Nodes: ``label``, ``role`` (``cloud``, ``lab``, ``hosts``, ``family``),
        ``region``, ``size``, ``poles`` (``;``-separated), ``title``, ``x``, ``y``.
        Edges (key ``KIND:SOURCE|TARGET``): ``kind`` (``money``, ``offer``,
        ``develops``), ``label``, ``width``, ``pole``, ``claims`` (space-separated
        IRIs) and ``title``.

    Examples
    --------
    >>> from graph.build import build
    >>> from graph.claims import read_claims
    >>> g = tri_polar_graph(read_claims(build("memory").graph), "2026-06-30")
    >>> sorted(g.nodes[n]["label"] for n in g if g.nodes[n]["role"] == "lab")[:2]
    ['Anthropic', 'OpenAI']
    """
    st = story(data, as_of, frames=False)
    g = nx.MultiDiGraph()
    for iri in sorted(st.nodes):
        n = st.last(iri)
        x, y = st.positions[iri]
        g.add_node(
            iri,
            label=n.label,
            role=n.role,
            region=n.region,
            size=n.size,
            poles=";".join(n.poles),
            title="\n".join((n.label, *n.lines)),
            x=x,
            y=y,
        )
    for key in sorted(st.edges):
        e = next(e for _, e in reversed(st.edges[key]) if e is not None)
        g.add_edge(
            e.source,
            e.target,
            key=key,
            kind=e.kind,
            label=e.label,
            width=e.width,
            pole=e.pole,
            claims=" ".join(e.claims),
            title="\n".join((e.head, *e.lines)),
        )
    return g
