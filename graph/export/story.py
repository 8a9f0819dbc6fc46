"""The tri-polar picture over time: what each date shows, laid out once.

The page opens on the thesis of the seed article: each cloud with the model
companies it is locked into (money both ways, one curved arrow per direction
with its amount written on it), beside the open-weight model families that
many providers offer (the public goods). A date slider replays how the loop
formed, so the graph is computed at a series of dates
(:func:`graph.export.slider.frame_days`) and
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
>>> from graph.ids import entity_iri
>>> cloud, lab = entity_iri("cloud"), entity_iri("lab")
>>> ents = {cloud: Entity(cloud, "Company", "Cloud", country="US", roles=("CloudProvider",)),
...         lab: Entity(lab, "Company", "Lab", country="US", roles=("ModelDeveloper",))}
>>> def deal(slug, kind, when, **parties):
...     return Claim(entity_iri(slug), kind, "Confirmed", name=slug,
...                  announced=date.fromisoformat(when), amount=Amount(4e9),
...                  parties={k: (v,) for k, v in parties.items()})
>>> claims = [deal("inv", "EquityInvestment", "2023-09-25", investor=cloud, investee=lab),
...           deal("spend", "SpendCommitment", "2024-03-01", customer=lab, provider=cloud)]
>>> data = ClaimData(ents, {c.iri: c for c in claims})
>>> from graph.export.slider import frame_days
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

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date

import networkx as nx

from graph.amounts import total
from graph.claims import Claim, ClaimData
from graph.dates import parse_date
from graph.display import amount_text, capacity_text, day_text
from graph.export.money_lines import money_lines, money_width, short_money
from graph.metrics.loops import closed_loops
from graph.metrics.poles import closed_weight_companies, poles, public_goods
from graph.metrics.regions import region_of
from graph.views import availability, money_flow

__all__ = [
    "CLOUD",
    "FAMILY",
    "HOSTS",
    "LAB",
    "REGIONS",
    "EdgeState",
    "NodeState",
    "Snapshot",
    "Story",
    "snapshot",
]


#: Region columns, left to right.
REGIONS = ("US", "Europe", "China", "Other")


#: Node roles in the picture.
CLOUD, LAB, HOSTS, FAMILY = "cloud", "lab", "hosts", "family"


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
    pole_names: dict[str, set[str]] = defaultdict(set)  # each member's poles, by name
    for name, (cloud, model) in pole_pairs.items():
        pole_names[cloud].add(name)
        pole_names[model].add(name)
    pole_set = set(pole_pairs.values())
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
        names = tuple(sorted(pole_names.get(iri, ())))
        s.nodes[iri] = NodeState(data.name(iri), role, _region(data, iri), 40.0, lines, names)
    for cloud, model in sorted(pairs):
        for src, dst in ((cloud, model), (model, cloud)):
            edge = _money_edge(data, flows, src, dst)
            if edge is not None:
                is_pole = (cloud, model) in pole_set
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
