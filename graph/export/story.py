"""The tri-polar picture over time: what each date shows, laid out once.

The page opens on the thesis of the seed article: each cloud with the model
companies it is locked into (money both ways, one curved arrow per direction
with its amount written on it), beside the open-weight model families that
many providers offer (the public goods). A date slider replays how the loop
formed, so the graph is computed at a series of dates (:func:`frame_days`) and
each node and edge records the state it has from each date on
(:class:`Story`). Positions are computed once, for every node of any date, so
nothing jumps while the dates play.

What each date shows (:func:`snapshot`):

- the *closed loop*: every pole (binding depth ≥ 4 between a cloud and a
  model company, :func:`graph.metrics.poles.poles`) and every other money
  2-cycle between a cloud and a model developer, with one money edge per
  direction (the total of the counted claims, :func:`graph.views.money_flow`);
- the *public goods*: every open-weight family released by then, sized by the
  number of providers that offer it; an "offered on" edge to each cloud
  provider that offers it, and one to a roll-up node per region for all the
  other hosts (inference start-ups, catalogue-only hosts), so the long tail does
  not fill the canvas.

Disputed claims are left out, as in the metrics.

Examples
--------
>>> from graph.claims import Claim, ClaimData, Entity
>>> from graph.amounts import Amount
>>> from graph.views import ID
>>> cloud, lab = ID("cloud"), ID("lab")
>>> ents = {cloud: Entity(cloud, "Company", "Cloud", country="US", roles=("CloudProvider",)),
...         lab: Entity(lab, "Company", "Lab", country="US", roles=("ModelDeveloper",))}
>>> def deal(slug, kind, when, **parties):
...     return Claim(ID(slug), kind, "Confirmed", name=slug, announced=date.fromisoformat(when),
...                  amount=Amount(4e9), parties={k: (v,) for k, v in parties.items()})
>>> claims = [deal("inv", "EquityInvestment", "2023-09-25", investor=cloud, investee=lab),
...           deal("spend", "SpendCommitment", "2024-03-01", customer=lab, provider=cloud)]
>>> data = ClaimData(ents, {c.iri: c for c in claims})
>>> [d.isoformat() for d in frame_days(data)]
['2023-12-31', '2024-06-30']
>>> s = snapshot(data, date(2024, 6, 30))
>>> for e in sorted(s.edges.values(), key=lambda e: e.head):
...     print(e.head, "|", e.label, "|", e.lines[0])
Cloud → Lab | $4B | equity: $4B in total of 1 counted claim(s)
Lab → Cloud | $4B | spend: $4B in total of 1 counted claim(s)
>>> sorted(snapshot(data, date(2023, 12, 31)).edges)
[]
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import networkx as nx

from graph.amounts import Amount, total
from graph.claims import Claim, ClaimData
from graph.display import amount_text, capacity_text, day_text
from graph.metrics.loops import closed_loops
from graph.metrics.poles import closed_weight_companies, poles, public_goods
from graph.metrics.regions import region_of
from graph.views import availability, money_flow, parse_date

__all__ = [
    "REGIONS",
    "EdgeState",
    "NodeState",
    "Snapshot",
    "Story",
    "frame_days",
    "money_lines",
    "runs_of",
    "slider_days",
    "snapshot",
    "story",
    "tri_polar_graph",
]

#: Region columns, left to right.
REGIONS = ("US", "Europe", "China", "Other")
#: Node roles in the picture.
CLOUD, LAB, HOSTS, FAMILY = "cloud", "lab", "hosts", "family"
#: The first year a date slider starts at, whatever older claims there are.
FIRST_YEAR = 2015

_KIND_WORD = {
    "equity": "equity",
    "spend": "spend",
    "capacity": "capacity",
    "purchase": "purchase",
    "acquisition": "acquisition",
    "venture": "venture",
}


@dataclass(frozen=True)
class NodeState:
    """A node as one date shows it."""

    label: str
    #: ``cloud``, ``lab``, ``hosts`` (a roll-up) or ``family``
    role: str
    region: str
    #: vis-network ``value`` (drawn size)
    size: float
    #: plain-text facts for the details panel and tooltip, one per line
    lines: tuple[str, ...] = ()
    #: pole names (cloud and model company) the node belongs to
    poles: tuple[str, ...] = ()
    #: the model family's developer, for the details
    developer: str = ""


@dataclass(frozen=True)
class EdgeState:
    """An edge as one date shows it."""

    source: str
    target: str
    #: ``money``, ``offer`` or ``develops``
    kind: str
    #: text drawn on the edge (money: amount and kind)
    label: str
    width: float
    #: the heading of its details (``Amazon → Anthropic``)
    head: str
    lines: tuple[str, ...] = ()
    #: the claims it rests on, in the order listed
    claims: tuple[str, ...] = ()
    #: money between the two members of a pole (drawn stronger than other 2-cycles)
    pole: bool = False
    #: the claims' statuses, ``;``-separated
    status: str = ""


@dataclass
class Snapshot:
    """What the picture shows at one date."""

    day: date | None
    nodes: dict[str, NodeState] = field(default_factory=dict)
    edges: dict[str, EdgeState] = field(default_factory=dict)
    poles: tuple[str, ...] = ()


def _pole_name(data: ClaimData, cloud: str, model: str) -> str:
    return f"{data.name(cloud)}\u2013{data.name(model)}"


def _region(data: ClaimData, iri: str) -> str:
    e = data.entities.get(iri)
    country = e.country if e is not None else None
    region = region_of(country) if country else "Other"
    return region if region in REGIONS else "Other"


def short_money(usd: Amount | None) -> str:
    """Write an amount as short as an arrow label allows: ``≤ $43B``, ``$250B``, ``""``.

    Examples
    --------
    >>> short_money(Amount(4.3e10, "<=")), short_money(Amount(1e11, ">=")), short_money(None)
    ('≤ $43B', '≥ $100B', '')
    """
    if usd is None:
        return ""
    return amount_text(usd).replace("up to ", "≤ ").replace("about ", "≈ ")


def money_width(usd: float) -> float:
    """Edge width from an amount in USD: 1.5 (unknown or ≤ $100M) to 14 ($1T), log scale.

    Examples
    --------
    >>> money_width(0.0), money_width(1e9), money_width(1e10), money_width(1e11)
    (1.5, 4.6, 7.8, 10.9)
    """
    if usd <= 1e8:
        return 1.5
    return round(min(14.0, 1.5 + 3.125 * math.log10(usd / 1e8)), 1)


def money_lines(flows: nx.MultiDiGraph, iri: str) -> tuple[str, ...]:
    """Money in and out of ``iri`` on a :func:`graph.views.money_flow` graph, as detail lines.

    The amounts are the flow edges' (an investor credited only with what it paid).
    """
    lines = []
    for word, edges in (
        ("money in", flows.in_edges(iri, keys=True, data=True) if iri in flows else []),
        ("money out", flows.out_edges(iri, keys=True, data=True) if iri in flows else []),
    ):
        deals = {k for _, _, k, _ in edges}
        if not deals:
            continue
        usd = total(a["amount"] for *_, a in edges if a["amount"] is not None)
        stated = amount_text(usd) or "no amount stated"
        lines.append(f"{word}: {stated} ({len(deals)} deal{'s' * (len(deals) != 1)})")
    return tuple(lines)


def _closed_pairs(
    data: ClaimData, day: date | None
) -> tuple[set[tuple[str, str]], tuple[str, ...]]:
    """(cloud, model) pairs of the loop, and the pole names."""
    pairs: set[tuple[str, str]] = set()
    names = []
    for p in poles(data, day):
        pairs.add((p.cloud, p.model))
        names.append(_pole_name(data, p.cloud, p.model))
    for loop in closed_loops(data, day, max_length=2):
        u, v = sorted(loop.nodes)
        if data.has_role(v, "CloudProvider") and not data.has_role(u, "CloudProvider"):
            u, v = v, u
        if (
            data.has_role(u, "CloudProvider")
            and not data.has_role(v, "CloudProvider")
            and data.has_role(v, "ModelDeveloper")
        ):
            pairs.add((u, v))
    return pairs, tuple(sorted(names))


def _money_edge(data: ClaimData, flows: nx.MultiDiGraph, src: str, dst: str) -> EdgeState | None:
    hops = flows.get_edge_data(src, dst) or {}
    if not hops:
        return None
    claims = sorted(hops)
    usd = total(a["amount"] for a in hops.values() if a["amount"] is not None)
    gw = total(a["gw"] for a in hops.values() if a.get("gw") is not None)
    kinds = sorted({str(a["kind"]) for a in hops.values()})
    stated = amount_text(usd) or (capacity_text(gw) if gw else "") or "amount not stated"
    words = " + ".join(_KIND_WORD.get(k, k) for k in kinds)
    lines = [f"{words}: {stated} in total of {len(claims)} counted claim(s)"]
    if gw is not None:
        lines.append(f"capacity: {capacity_text(gw)}")
    return EdgeState(
        src,
        dst,
        "money",
        short_money(usd),
        money_width(usd.value if usd is not None else 0.0),
        f"{data.name(src)} \u2192 {data.name(dst)}",
        tuple(lines),
        tuple(claims),
    )


def _loop(s: Snapshot, data: ClaimData, day: date | None, flows: nx.MultiDiGraph) -> None:
    pairs, s.poles = _closed_pairs(data, day)
    pole_of: dict[str, list[str]] = defaultdict(list)
    pole_pairs: dict[str, tuple[str, str]] = {}
    for p in poles(data, day):
        pole_pairs[_pole_name(data, p.cloud, p.model)] = (p.cloud, p.model)
        text = f"pole: {_pole_name(data, p.cloud, p.model)} (binding depth {p.depth}/6)"
        pole_of[p.cloud].append(text)
        pole_of[p.model].append(text)
    closed = closed_weight_companies(data, day)
    members = sorted({x for pair in pairs for x in pair})
    for iri in members:
        role = CLOUD if data.has_role(iri, "CloudProvider") else LAB
        weights = "" if role == CLOUD else ("closed weights" if iri in closed else "open weights")
        lines = (
            *sorted(pole_of.get(iri, [])),
            *([] if pole_of.get(iri) else ["money both ways with a cloud, binding below 4"]),
            *([f"models: {weights}"] if weights else []),
            *money_lines(flows, iri),
        )
        names = tuple(sorted(n for n, members in pole_pairs.items() if iri in members))
        s.nodes[iri] = NodeState(data.name(iri), role, _region(data, iri), 40.0, lines, names)
    for cloud, model in sorted(pairs):
        for src, dst in ((cloud, model), (model, cloud)):
            edge = _money_edge(data, flows, src, dst)
            if edge is not None:
                is_pole = (cloud, model) in set(pole_pairs.values())
                s.edges[f"money:{src}|{dst}"] = replace(edge, pole=is_pole)


def _hosts_id(region: str) -> str:
    return f"hosts:{region}"


def _open(s: Snapshot, data: ClaimData, day: date | None, flows: nx.MultiDiGraph) -> None:
    avail = availability(data, day)
    rolled: dict[str, set[str]] = defaultdict(set)
    for good in public_goods(data, day):
        fam = good.family
        developer = data.entities[fam].developer
        s.nodes[fam] = NodeState(
            data.name(fam),
            FAMILY,
            _region(data, fam),
            float(good.breadth),
            (
                f"open weights ({good.weights}), offered by {good.breadth} provider(s)",
                *([f"developer: {data.name(developer)}"] if developer else []),
            ),
            developer=data.name(developer) if developer else "",
        )
        offers: dict[str, list[Claim]] = defaultdict(list)
        platforms: dict[str, set[str]] = defaultdict(set)
        for plat in sorted(avail.neighbors(fam)) if fam in avail else []:
            operator = avail.nodes[plat]["operator"] or plat
            platforms[operator].add(data.name(plat))
            offers[operator].extend(data.claims[c] for c in avail.edges[fam, plat]["claims"])
        by_target: dict[str, list[str]] = defaultdict(list)
        for operator in sorted(offers):
            if data.has_role(operator, "CloudProvider"):
                by_target[operator].append(operator)
            else:
                region = _region(data, operator)
                by_target[_hosts_id(region)].append(operator)
                rolled[region].add(operator)
        for target, operators in sorted(by_target.items()):
            claims = sorted({c.iri for o in operators for c in offers[o]})
            since = min((d for o in operators for c in offers[o] if (d := c.date)), default=None)
            names = ", ".join(sorted(data.name(o) for o in operators))
            plats = ", ".join(sorted({p for o in operators for p in platforms[o]}))
            lines = (f"by: {names}", f"on: {plats}", f"since: {day_text(since)}")
            s.edges[f"offer:{fam}|{target}"] = EdgeState(
                fam,
                target,
                "offer",
                "",
                1.0,
                f"{data.name(fam)} offered by {names if target == operators[0] else 'other hosts'}",
                lines,
                tuple(claims),
            )
        if developer and developer in s.nodes:
            s.edges[f"develops:{developer}|{fam}"] = EdgeState(
                developer,
                fam,
                "develops",
                "",
                1.0,
                f"{data.name(developer)} develops {data.name(fam)}",
            )
    for region, hosts in sorted(rolled.items()):
        host_names = sorted(data.name(h) for h in hosts)
        where = "region unknown" if region == "Other" else region
        s.nodes[_hosts_id(region)] = NodeState(
            f"{len(hosts)} other hosts ({where})",
            HOSTS,
            region,
            float(len(hosts)),
            (
                "inference providers and other hosts that are not cloud providers, rolled up",
                f"hosts: {', '.join(host_names)}",
            ),
        )
    # clouds that offer public goods without being in the loop
    for e in list(s.edges.values()):
        t = e.target
        if e.kind == "offer" and t not in s.nodes:
            s.nodes[t] = NodeState(
                data.name(t), CLOUD, _region(data, t), 20.0, money_lines(flows, t)
            )


def snapshot(data: ClaimData, as_of: str | date | None = None) -> Snapshot:
    """Compute what the tri-polar picture shows at one date.

    Parameters
    ----------
    data : ClaimData
        From :func:`graph.claims.read_claims`.
    as_of : str or date, optional
        Only claims in force on that date (``None``: every claim).

    Returns
    -------
    Snapshot
        Nodes keyed by IRI (roll-ups by ``hosts:REGION``), edges by
        ``KIND:SOURCE|TARGET``.
    """
    day = parse_date(as_of)
    s = Snapshot(day)
    flows = money_flow(data, day)
    _loop(s, data, day, flows)
    _open(s, data, day, flows)
    return s


def frame_days(data: ClaimData, as_of: str | date | None = None) -> list[date]:
    """Half-year ends from the first dated money or offering claim to the last one.

    The slider's dates: 30 June and 31 December of each year from the year of
    the first dated claim that moves money or offers a model (not before
    :data:`FIRST_YEAR`) up to the last such claim, never past ``as_of``.
    """
    day = parse_date(as_of)
    kinds = {
        "EquityInvestment",
        "SpendCommitment",
        "CapacityCommitment",
        "ComputeAgreement",
        "ChipSupplyAgreement",
        "Acquisition",
        "JointVenture",
        "ModelOffering",
        "HostingAgreement",
        "Tranche",
    }
    dates = sorted(
        d
        for c in data.claims.values()
        if c.kind in kinds and (d := c.date) is not None and d.year >= FIRST_YEAR
        if day is None or d <= day
    )
    if not dates:
        return []
    out: list[date] = []
    for year in range(dates[0].year, dates[-1].year + 1):
        for end in (date(year, 6, 30), date(year, 12, 31)):
            if dates[0] <= end and (not out or out[-1] < dates[-1]):
                out.append(end)
    return [d for d in out if day is None or d <= day]


def slider_days(data: ClaimData, as_of: str | date | None = None) -> list[date | None]:
    """Return the dates a page's slider offers: :func:`frame_days`, then ``as_of`` itself.

    Examples
    --------
    >>> slider_days(ClaimData({}, {}), "2024-01-01")
    [datetime.date(2024, 1, 1)]
    """
    day = parse_date(as_of)
    days: list[date | None] = [d for d in frame_days(data, day) if d != day]
    days.append(day)
    return days


@dataclass
class Story:
    """Every date's snapshot, merged: each item's states, and one layout.

    Attributes
    ----------
    days : list of date or None
        The frames; the last is ``as_of`` (``None``: every claim).
    nodes, edges : dict
        Item id -> list of ``(frame index, state or None)``: the state from that
        frame on (``None``: absent), only where it changes.
    positions : dict
        Node id -> ``(x, y)``.
    annotations : list of (x, y, text, size, align)
        Region and band titles drawn on the canvas.
    poles : list of tuple of str
        Pole names per frame.
    """

    days: list[date | None]
    nodes: dict[str, list[tuple[int, NodeState | None]]]
    edges: dict[str, list[tuple[int, EdgeState | None]]]
    positions: dict[str, tuple[int, int]]
    annotations: list[tuple[int, int, str, int, str]]
    poles: list[tuple[str, ...]]
    claims: set[str] = field(default_factory=set)

    def last(self, item: str) -> NodeState:
        """Return the node's latest state (for the layout and legend)."""
        return next(st for _, st in reversed(self.nodes[item]) if st is not None)


def runs_of(
    frames: Sequence[Mapping[str, object]],
) -> dict[str, list[tuple[int, object]]]:
    """Each item's states over the frames, kept only where they change (``None``: absent).

    Examples
    --------
    >>> runs_of([{"a": 1}, {"a": 1, "b": 2}, {"b": 3}])
    {'a': [(0, 1), (2, None)], 'b': [(0, None), (1, 2), (2, 3)]}
    """
    ids = sorted({k for f in frames for k in f})
    out: dict[str, list[tuple[int, object]]] = {}
    for item in ids:
        runs: list[tuple[int, object]] = []
        for i, f in enumerate(frames):
            st = f.get(item)
            if not runs or runs[-1][1] != st:
                runs.append((i, st))
        out[item] = runs
    return out


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
    shots = [snapshot(data, d) for d in days]
    nodes = runs_of([s.nodes for s in shots])
    edges = runs_of([s.edges for s in shots])
    st = Story(
        days,
        nodes,  # type: ignore[arg-type]
        edges,  # type: ignore[arg-type]
        {},
        [],
        [s.poles for s in shots],
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
    for _ in range(6):
        for lab in labs:
            x[lab] = _weighted(
                {x[c]: w for (c, m), w in links.items() if m == lab and c in x}, x.get(lab, 0.0)
            )
        _spread(sorted(labs, key=lambda n: (x[n], n)), x, 0.85 * _STEP)
        for cloud in clouds:
            x[cloud] = _weighted(
                {x[m]: w for (c, m), w in links.items() if c == cloud and m in x}, x[cloud]
            )
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
