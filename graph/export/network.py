"""The networks behind the exported views, as plain networkx graphs.

The whole ecosystem as a ``MultiDiGraph`` with flat attributes (``str``, ``int`` or
``float``, never ``None``) so that GraphML and GEXF writers accept them and the
HTML views can show them as they are:

- :func:`ecosystem_graph` — every entity (companies, model families and
  releases, platforms, chips, facilities) with money, binding, availability
  and structural edges (develops, operates, designs, release of).

The tri-polar picture has its own modules (:mod:`graph.export.story`,
:mod:`graph.export.story_layout`); the looks of nodes and edges are in
:mod:`graph.export.styles`, the positions in :mod:`graph.export.layout`.

Every node carries ``label``, ``type``, ``country``, ``region``, ``title``
(the plain-text tooltip) and a precomputed position ``x``, ``y`` (integers from
a seeded networkx layout over sorted input, so the same data always gives the
same numbers). Every edge carries ``kind``, ``status`` (``;``-separated when an
edge sums several claims), ``title`` and ``width``.

Examples
--------
>>> from graph.claims import ClaimData, Entity
>>> from graph.ids import entity_iri
>>> a, f = entity_iri("lab"), entity_iri("fam")
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
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

import networkx as nx

from graph.amounts import Amount
from graph.claims import OPEN_WEIGHTS, Claim, ClaimData, Entity
from graph.dates import parse_date
from graph.display import capacity_text, money
from graph.export.layout import edge_order, spring_layout
from graph.export.styles import DASH, money_line_width
from graph.metrics.binding import BindingResult, bindings
from graph.metrics.centrality import centrality
from graph.metrics.poles import closed_weight_companies, poles
from graph.metrics.regions import region_of
from graph.views import LAYERS, availability, money_flow

#: At most this many source URLs (and claims) listed in one tooltip.
MAX_LISTED = 6

__all__ = ["MAX_LISTED", "ecosystem_graph", "node_type"]


def _amount(a: Amount | None) -> str:
    return money(a.value, a.bound) if a is not None else ""


def _gw(a: Amount | None) -> str:
    return capacity_text(a)


def _day(d: date | None) -> str:
    return d.isoformat() if d is not None else ""


def node_type(e: Entity | None, closed: set[str]) -> str:
    """Return the legend type of an entity (a key of :data:`NODE_STYLES`)."""
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
            kind = node_type(e, self.closed)
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
        for u, v, key, attrs in sorted(self.g.edges(keys=True, data=True), key=edge_order):
            out.add_edge(u, v, key=key, **attrs)
        positions = spring_layout(out)
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


def _money_edges(b: _Builder, flows: nx.MultiDiGraph) -> None:
    for u, v, key, a in sorted(flows.edges(keys=True, data=True), key=edge_order):
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
            width=money_line_width(amount.value if amount is not None else 0.0),
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
