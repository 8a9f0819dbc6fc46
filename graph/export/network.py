"""The networks behind the exported views, as plain networkx graphs.

The whole ecosystem as a ``MultiDiGraph`` with flat attributes (``str``, ``int`` or
``float``, never ``None``) so that GraphML and GEXF writers accept them and the
HTML views can show them as they are:

- :func:`ecosystem_graph` — every entity (companies, model families and
  releases, platforms, chips, facilities) with money, binding, availability
  and structural edges (develops, operates, designs, release of).

The tri-polar picture has its own module (:mod:`graph.export.story`).

Every node carries ``label``, ``type``, ``country``, ``region``, ``title``
(the plain-text tooltip) and a precomputed position ``x``, ``y`` (integers from
a seeded networkx layout over sorted input, so the same data always gives the
same numbers). Every edge carries ``kind``, ``status`` (``;``-separated when an
edge sums several claims), ``title`` and ``width``.

Examples
--------
>>> from graph.claims import ClaimData, Entity
>>> from graph.views import ID
>>> a, f = ID("lab"), ID("fam")
>>> data = ClaimData({a: Entity(a, "Company", "Lab", country="FR", roles=("ModelDeveloper",)),
...                   f: Entity(f, "ModelFamily", "Fam", developer=a, weights="OpenWeights")}, {})
>>> g = ecosystem_graph(data)
>>> sorted(g.nodes[n]["type"] for n in g)
['Model developer', 'Model family (open weights)']
>>> [d["kind"] for _, _, d in g.edges(data=True)]
['develops']
>>> money(4e9), money(1e11, ">=")
('$4B', '≥ $100B')
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import networkx as nx

from graph.amounts import Amount
from graph.claims import OPEN_WEIGHTS, Claim, ClaimData, Entity
from graph.display import capacity_text, money
from graph.metrics.binding import BindingResult, bindings
from graph.metrics.centrality import centrality
from graph.metrics.poles import closed_weight_companies, poles
from graph.metrics.regions import region_of
from graph.views import LAYERS, availability, money_flow, parse_date

__all__ = [
    "EDGE_STYLES",
    "NODE_STYLES",
    "SEED",
    "EdgeStyle",
    "NodeStyle",
    "ecosystem_graph",
    "money",
]

#: Seed of every layout, so that positions are reproducible.
SEED = 42
#: At most this many source URLs (and claims) listed in one tooltip.
MAX_LISTED = 6
#: The dash (U+2013) between the two names of a pair, as in "Amazon-Anthropic".
DASH = "\u2013"


@dataclass(frozen=True)
class NodeStyle:
    """How a node type is drawn: vis-network shape and colour."""

    color: str
    shape: str


@dataclass(frozen=True)
class EdgeStyle:
    """How an edge kind is drawn: colour, dashes, arrow, and a legend label."""

    color: str
    dashes: bool
    arrow: bool
    label: str


#: Node type -> style (the type is shown in the legend and filters).
NODE_STYLES: dict[str, NodeStyle] = {
    "Cloud provider": NodeStyle("#1f6fd1", "box"),
    "Model developer (closed weights)": NodeStyle("#d1361f", "diamond"),
    "Model developer": NodeStyle("#e0822a", "diamond"),
    "Chip designer": NodeStyle("#7a4fc4", "hexagon"),
    "Company": NodeStyle("#6b7280", "dot"),
    "Government body": NodeStyle("#374151", "square"),
    "Program": NodeStyle("#374151", "square"),
    "Model family (open weights)": NodeStyle("#1d9a55", "triangle"),
    "Model family (closed weights)": NodeStyle("#b4232a", "triangleDown"),
    "Model family": NodeStyle("#9ca3af", "triangle"),
    "Model release": NodeStyle("#86c9a0", "dot"),
    "Cloud platform": NodeStyle("#5aa9e6", "ellipse"),
    "Chip": NodeStyle("#b39ddb", "star"),
    "Data center": NodeStyle("#8d6e63", "square"),
    "Compute cluster": NodeStyle("#a1887f", "square"),
}

#: Edge kind -> style.
EDGE_STYLES: dict[str, EdgeStyle] = {
    "equity": EdgeStyle("#1f6fd1", False, True, "equity investment (investor → investee)"),
    "spend": EdgeStyle("#e8590c", False, True, "spend commitment (customer → provider)"),
    "capacity": EdgeStyle("#f59f00", False, True, "capacity commitment (customer → provider)"),
    "purchase": EdgeStyle("#c2255c", False, True, "compute or chip purchase (buyer → supplier)"),
    "acquisition": EdgeStyle("#495057", False, True, "acquisition (acquirer → target)"),
    "venture": EdgeStyle("#5c7cfa", False, True, "joint-venture contribution (partner → venture)"),
    "money": EdgeStyle("#e8590c", False, True, "money flow (payer → payee), width ~ USD"),
    "binding": EdgeStyle("#868e96", True, False, f"binding (model company {DASH} provider), depth"),
    "availability": EdgeStyle(
        "#2f9e44", True, False, f"offered on (family {DASH} platform or cloud)"
    ),
    "develops": EdgeStyle("#adb5bd", False, True, "develops (developer → family)"),
    "operates": EdgeStyle("#ced4da", False, True, "operates (company → platform, facility)"),
    "designs": EdgeStyle("#d0bfff", False, True, "designs (designer → chip)"),
    "release": EdgeStyle("#c3e6cb", False, True, "release of (family → release)"),
}


def _amount(a: Amount | None) -> str:
    return money(a.value, a.bound) if a is not None else ""


def _gw(a: Amount | None) -> str:
    return capacity_text(a)


def _day(d: date | None) -> str:
    return d.isoformat() if d is not None else ""


def _width(usd: float) -> float:
    """Edge width from an amount in USD: 1 (unknown or small) to 12 ($1T), log scale."""
    if usd <= 1e8:
        return 1.0
    return round(min(12.0, 1.0 + 2.75 * math.log10(usd / 1e8)), 1)


def _node_type(e: Entity | None, closed: set[str]) -> str:
    if e is None:
        return "Company"
    if e.kind == "Company":
        if "CloudProvider" in e.roles:
            return "Cloud provider"
        if "ModelDeveloper" in e.roles:
            return "Model developer (closed weights)" if e.iri in closed else "Model developer"
        if "ChipDesigner" in e.roles:
            return "Chip designer"
        return "Company"
    if e.kind == "ModelFamily":
        if e.weights in OPEN_WEIGHTS:
            return "Model family (open weights)"
        if e.weights == "APIOnly":
            return "Model family (closed weights)"
        return "Model family"
    return {
        "GovernmentBody": "Government body",
        "Program": "Program",
        "ModelRelease": "Model release",
        "CloudPlatform": "Cloud platform",
        "Chip": "Chip",
        "DataCenter": "Data center",
        "ComputeCluster": "Compute cluster",
    }.get(e.kind, "Company")


def _listing(lines: Sequence[str], what: str) -> list[str]:
    shown = [f"  {x}" for x in lines[:MAX_LISTED]]
    if len(lines) > MAX_LISTED:
        shown.append(f"  … and {len(lines) - MAX_LISTED} more {what}")
    return shown


def _sources(claims: Iterable[Claim]) -> list[str]:
    return sorted({s for c in claims for s in c.sources})


def _claim_line(c: Claim) -> str:
    parts = [c.name or c.iri.rsplit("/", 1)[-1]]
    if c.amount is not None:
        parts.append(_amount(c.amount))
    elif c.native_amount is not None:
        parts.append(f"{c.native_amount} {c.currency}")
    if c.capacity_gw is not None:
        parts.append(_gw(c.capacity_gw))
    parts += [_day(c.date) or "undated", c.status]
    return " · ".join(parts)


class _Builder:
    """Collects nodes and edges with flat attributes, then lays them out."""

    def __init__(self, data: ClaimData, closed: set[str]) -> None:
        self.data = data
        self.closed = closed
        self.g = nx.MultiDiGraph()
        self.extra: dict[str, list[str]] = defaultdict(list)
        self.numbers: dict[str, dict[str, float]] = defaultdict(dict)
        self.tags: dict[str, dict[str, str]] = defaultdict(dict)

    def node(self, iri: str) -> None:
        if iri not in self.g:
            self.g.add_node(iri)

    def edge(self, u: str, v: str, key: str, **attrs: str | float) -> None:
        self.node(u)
        self.node(v)
        self.g.add_edge(u, v, key=key, **attrs)

    def finish(self) -> nx.MultiDiGraph:
        out = nx.MultiDiGraph()
        for iri in sorted(self.g):
            e = self.data.entities.get(iri)
            kind = _node_type(e, self.closed)
            country = (e.country or "") if e else ""
            attrs: dict[str, str | float] = {
                "label": self.data.name(iri),
                "type": kind,
                "country": country,
                "region": region_of(country) if country else "",
                "roles": ", ".join(e.roles) if e else "",
                "iri": iri,
            }
            attrs.update(self.tags.get(iri, {}))
            attrs.update(self.numbers.get(iri, {}))
            attrs["title"] = self._node_title(iri, attrs)
            out.add_node(iri, **attrs)
        for u, v, key, attrs in sorted(self.g.edges(keys=True, data=True), key=_edge_order):
            out.add_edge(u, v, key=key, **attrs)
        positions = _spring_layout(out)
        for iri, (x, y) in positions.items():
            out.nodes[iri]["x"] = x
            out.nodes[iri]["y"] = y
        return out

    def _node_title(self, iri: str, attrs: Mapping[str, str | float]) -> str:
        lines = [str(attrs["label"]), f"type: {attrs['type']}"]
        if attrs["country"]:
            lines.append(f"country: {attrs['country']} ({attrs['region']})")
        if attrs["roles"]:
            lines.append(f"roles: {attrs['roles']}")
        lines += self.extra.get(iri, [])
        if "pagerank" in attrs:
            lines.append(f"PageRank (money flow): {float(attrs['pagerank']):.4f}")
        lines.append(f"id: {iri}")
        return "\n".join(lines)


def _edge_order(item: tuple[str, str, str, dict[str, object]]) -> tuple[str, str, str]:
    return item[0], item[1], item[2]


def _spring(g: nx.Graph, scale: float, center: tuple[float, float]) -> dict[str, tuple[int, int]]:
    """Seeded spring layout of a simple graph, integer coordinates."""
    n = g.number_of_nodes()
    if n == 1:
        return {next(iter(g)): (round(center[0]), round(center[1]))}
    iterations = 50 if n <= 1500 else 30
    # a copy in sorted order: a small subgraph view iterates its node *set* (hash order),
    # and the seeded layout depends on the order it sees
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(g))
    ordered.add_edges_from(sorted((min(u, v), max(u, v)) for u, v in g.edges()))
    pos = nx.spring_layout(ordered, seed=SEED, scale=scale, center=center, iterations=iterations)
    return {iri: (round(float(p[0])), round(float(p[1]))) for iri, p in sorted(pos.items())}


def _simple(g: nx.MultiDiGraph, nodes: Iterable[str]) -> nx.Graph:
    """Sorted undirected simple graph on ``nodes`` (deterministic input for layouts)."""
    keep = sorted(nodes)
    simple = nx.Graph()
    simple.add_nodes_from(keep)
    sub = g.subgraph(keep)
    simple.add_edges_from(sorted({(min(u, v), max(u, v)) for u, v in sub.edges() if u != v}))
    return simple


#: Above this many nodes (where networkx switches to its slow energy method), only the
#: best-connected ``CORE`` nodes get a spring layout;
#: the others are placed around a neighbour (networkx's spring layout takes ~25 s
#: on 3,000 nodes, the anchored layout well under a second).
LARGE = 499
CORE = 400


def _shelve(
    simple: nx.Graph, parts: Sequence[set[str]], top: float, width: float
) -> dict[str, tuple[int, int]]:
    """Place small components left to right in rows below ``top``."""
    out: dict[str, tuple[int, int]] = {}
    x, y, row = -width / 2, top, 0.0
    for part in parts:
        r = 45.0 * math.sqrt(len(part)) + 25.0
        if x + 2 * r > width / 2 and x > -width / 2:
            x, y, row = -width / 2, y + row + 40.0, 0.0
        if len(part) > LARGE:
            out.update(_anchored(simple.subgraph(part), (x + r, y + r)))
        else:
            out.update(_spring(simple.subgraph(part), r, (x + r, y + r)))
        x += 2 * r + 40.0
        row = max(row, 2 * r)
    return out


def _anchored(simple: nx.Graph, center: tuple[float, float]) -> dict[str, tuple[int, int]]:
    """Spring-lay the ``CORE`` best-connected nodes, ring the others around a placed neighbour."""
    order = sorted(simple, key=lambda n: (-simple.degree(n), n))
    core = sorted(order[:CORE])
    scale = 90.0 * math.sqrt(len(core))
    base = _spring(nx.Graph(simple.subgraph(core)), scale, center)
    pos = {n: (float(x), float(y)) for n, (x, y) in base.items()}
    children: dict[str, list[str]] = defaultdict(list)
    queue = deque(n for n in order if n in pos)
    placed = set(pos)
    while queue:
        parent = queue.popleft()
        for child in sorted(simple[parent]):
            if child not in placed:
                placed.add(child)
                children[parent].append(child)
                queue.append(child)
    queue = deque(n for n in order if n in pos)
    while queue:
        parent = queue.popleft()
        kids = children.get(parent, [])
        px, py = pos[parent]
        away = math.atan2(py - center[1], px - center[0])
        radius = 40.0 + 9.0 * math.sqrt(len(kids))
        for i, child in enumerate(kids):
            angle = away + 2 * math.pi * i / max(len(kids), 1)
            pos[child] = (px + radius * math.cos(angle), py + radius * math.sin(angle))
            queue.append(child)
    return {n: (round(x), round(y)) for n, (x, y) in sorted(pos.items())}


def _spring_layout(g: nx.MultiDiGraph) -> dict[str, tuple[int, int]]:
    """Lay out the largest component in the middle, the other components beneath it."""
    simple = _simple(g, g.nodes)
    parts = sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(c)))
    out: dict[str, tuple[int, int]] = {}
    if not parts:
        return out
    main = parts[0]
    radius = 60.0 * math.sqrt(len(main)) + 40.0
    if len(main) > LARGE:
        out.update(_anchored(simple.subgraph(main), (0.0, 0.0)))
        ys = [y for _, y in out.values()]
        radius = max(radius, (max(ys) - min(ys)) / 2)
    else:
        out.update(_spring(simple.subgraph(main), radius, (0.0, 0.0)))
    out.update(_shelve(simple, parts[1:], radius + 120.0, 2.4 * radius))
    return dict(sorted(out.items()))


def _money_edges(b: _Builder, flows: nx.MultiDiGraph) -> None:
    for u, v, key, a in sorted(flows.edges(keys=True, data=True), key=_edge_order):
        claim = b.data.claims[key]
        amount: Amount | None = a["amount"]
        lines = [
            f"{b.data.name(u)} → {b.data.name(v)}: {a['kind']}",
            f"deal: {_claim_line(claim)}",
        ]
        if amount is not None:
            lines.append(f"amount: {_amount(amount)} (USD)")
        if a.get("gw") is not None:
            lines.append(f"capacity: {_gw(a['gw'])}")
        lines.append(f"date: {_day(claim.date) or 'undated'} · status: {claim.status}")
        lines += [f"source: {s}" for s in claim.sources[:MAX_LISTED]]
        b.edge(
            u,
            v,
            f"money:{key}",
            kind=str(a["kind"]),
            claim=key,
            amount=_amount(amount),
            usd=float(amount.value) if amount is not None else 0.0,
            gw=float(a["gw"].value) if a.get("gw") is not None else 0.0,
            date=_day(claim.date),
            status=claim.status,
            sources=" ".join(claim.sources),
            title="\n".join(lines),
            width=_width(amount.value if amount is not None else 0.0),
        )


def _binding_edges(b: _Builder, results: Sequence[BindingResult]) -> None:
    for r in results:
        claims = [b.data.claims[c] for c in r.claims if c in b.data.claims]
        names = ", ".join(LAYERS[n - 1].label for n in r.layers)
        statuses = ";".join(sorted({c.status for c in claims}))
        lines = [
            f"{b.data.name(r.model)} bound to {b.data.name(r.provider)}",
            f"binding depth {r.depth}/6, strength {r.strength:.2f}",
            f"layers: {names}",
            f"status: {statuses.replace(';', ', ')}",
            "claims:",
            *_listing([_claim_line(c) for c in claims], "claims"),
            "sources:",
            *_listing(_sources(claims), "sources"),
        ]
        b.edge(
            r.model,
            r.provider,
            f"binding:{r.model}|{r.provider}",
            kind="binding",
            depth=r.depth,
            strength=round(r.strength, 4),
            layers=names,
            status=statuses,
            sources=" ".join(_sources(claims)),
            title="\n".join(lines),
            width=float(r.depth),
        )


def _availability_edges(b: _Builder, avail: nx.Graph) -> None:
    for a, b_ in sorted(tuple(sorted(e)) for e in avail.edges()):
        attrs = avail.edges[a, b_]
        family, platform = (a, b_) if avail.nodes[a].get("kind") == "ModelFamily" else (b_, a)
        claims = [b.data.claims[c] for c in attrs["claims"]]
        statuses = ";".join(sorted({c.status for c in claims}))
        dates = sorted(_day(c.date) for c in claims if c.date is not None)
        lines = [
            f"{b.data.name(family)} offered on {b.data.name(platform)}",
            f"since: {dates[0] if dates else 'undated'} · status: {statuses.replace(';', ', ')}",
            *(["first-party: the platform's operator develops it"] if attrs["first_party"] else []),
            *[f"source: {s}" for s in _sources(claims)[:MAX_LISTED]],
        ]
        b.edge(
            family,
            platform,
            f"availability:{family}|{platform}",
            kind="availability",
            date=dates[0] if dates else "",
            status=statuses,
            sources=" ".join(_sources(claims)),
            title="\n".join(lines),
            width=1.0,
        )


def _structure_edges(b: _Builder) -> None:
    data = b.data
    for iri, e in sorted(data.entities.items()):
        links = (
            ("develops", e.developer, iri, "develops"),
            ("operates", e.operator, iri, "operates"),
            ("designs", e.designer, iri, "designs"),
            ("release", e.family, iri, "has release"),
        )
        for kind, source, target, verb in links:
            if source is None or source not in data.entities:
                continue
            b.edge(
                source,
                target,
                f"{kind}:{source}|{target}",
                kind=kind,
                status="",
                title=f"{data.name(source)} {verb} {data.name(target)}",
                width=1.0,
            )


def _releases(b: _Builder) -> None:
    """List each family's releases in its details (the page hides release nodes at first)."""
    by_family: dict[str, list[Entity]] = defaultdict(list)
    for e in b.data.entities.values():
        if e.kind == "ModelRelease" and e.family:
            by_family[e.family].append(e)
    for family, rel in sorted(by_family.items()):
        rel.sort(key=lambda e: (e.released or date.min, e.name), reverse=True)
        b.extra[family].append(f"releases ({len(rel)}), newest first:")
        b.extra[family] += _listing(
            [f"{e.name} ({_day(e.released) or 'undated'})" for e in rel], "releases"
        )


def ecosystem_graph(
    data: ClaimData, as_of: str | date | None = None, *, include_disputed: bool = True
) -> nx.MultiDiGraph:
    """Build the whole graph: every entity, money, binding, availability and structure.

    Parameters
    ----------
    data : ClaimData
        From :func:`graph.claims.read_claims`.
    as_of : str or date, optional
        Only claims in force on that date (entities are always all shown).
    include_disputed : bool
        Keep disputed claims (default ``True``: the page can filter them by status).

    Returns
    -------
    networkx.MultiDiGraph
        Node keys are IRIs; attributes as described in the module notes, plus
        ``pagerank``, ``betweenness`` (centrality as of ``as_of``), ``poles``
        (``;``-separated pole names) and ``size`` (by PageRank). Edge keys are
        ``"KIND:ID"``.
    """
    day = parse_date(as_of)
    closed = closed_weight_companies(data, day)
    b = _Builder(data, closed)
    for iri in sorted(data.entities):
        b.node(iri)
    _money_edges(b, money_flow(data, day, include_disputed=include_disputed))
    _binding_edges(b, bindings(data, day, include_disputed=include_disputed))
    _availability_edges(b, availability(data, day, include_disputed=include_disputed))
    _structure_edges(b)
    pole_names: dict[str, list[str]] = defaultdict(list)
    for p in poles(data, day):
        name = f"{data.name(p.cloud)}{DASH}{data.name(p.model)}"
        pole_names[p.cloud].append(name)
        pole_names[p.model].append(name)
        b.extra[p.cloud].append(f"pole: {name} (depth {p.depth}, strength {p.strength:.2f})")
        b.extra[p.model].append(f"pole: {name} (depth {p.depth}, strength {p.strength:.2f})")
    for iri, names in pole_names.items():
        b.tags[iri]["poles"] = ";".join(sorted(names))
    _releases(b)
    central = centrality(data, day)
    top = max((c.pagerank for c in central), default=0.0) or 1.0
    for c in central:
        if c.node in b.g:
            b.numbers[c.node]["pagerank"] = round(c.pagerank, 6)
            b.numbers[c.node]["betweenness"] = round(c.betweenness, 6)
    g = b.finish()
    for iri in g:
        attrs = g.nodes[iri]
        attrs.setdefault("poles", "")
        attrs.setdefault("pagerank", 0.0)
        attrs.setdefault("betweenness", 0.0)
        attrs["size"] = round(10.0 + 30.0 * math.sqrt(float(attrs["pagerank"]) / top), 1)
    return g
