"""ecosystem.html's edges over time: one merged edge per pair and kind, with its claims.

The ecosystem network (:func:`graph.export.network.ecosystem_graph`) keeps one
edge per claim, as GraphML and GEXF want it. A reader wants one line between
Microsoft and OpenAI per kind of tie, whose click lists every deal behind it.
:func:`merged_edges` groups the money flows by payer, payee and kind (equity,
spend...), and adds one binding edge per model company and provider and one
availability edge per family and platform; :func:`explorer_runs` computes them
at each date of the slider (:func:`graph.export.slider.frame_days`), with the
money in and out of each organisation and its poles, kept where they change.

Disputed claims are included (the page filters by status).

Examples
--------
>>> from graph.amounts import Amount
>>> from graph.claims import Claim, ClaimData, Entity
>>> from graph.ids import entity_iri
>>> cloud, lab = entity_iri("cloud"), entity_iri("lab")
>>> ents = {cloud: Entity(cloud, "Company", "Cloud", roles=("CloudProvider",)),
...         lab: Entity(lab, "Company", "Lab", roles=("ModelDeveloper",))}
>>> deals = [Claim(entity_iri(f"d{i}"), "EquityInvestment", "Confirmed", name=f"round {i}",
...                amount=Amount(2e9), parties={"investor": (cloud,), "investee": (lab,)})
...          for i in (1, 2)]
>>> edges = merged_edges(ClaimData(ents, {d.iri: d for d in deals}), None)
>>> [(e.head, e.label, len(e.claims)) for e in edges.values()]
[('Cloud → Lab: equity', '$4B', 2), ('Lab bound to Cloud', '', 2)]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import networkx as nx

from graph.amounts import total
from graph.claims import ClaimData
from graph.dates import parse_date
from graph.display import amount_text, capacity_text, day_text
from graph.export.money_lines import money_lines, money_width, short_money
from graph.export.slider import Runs, slider_days
from graph.export.story import EdgeState, NodeState
from graph.memo import forgetting
from graph.metrics.binding import bindings
from graph.metrics.poles import poles
from graph.views import LAYERS, availability, money_flow

__all__ = ["ExplorerRuns", "explorer_runs", "merged_edges"]


def _statuses(data: ClaimData, claims: Sequence[str]) -> str:
    return ";".join(sorted({data.claims[c].status for c in claims if c in data.claims}))


def _money(data: ClaimData, flows: nx.MultiDiGraph) -> dict[str, EdgeState]:
    groups: dict[tuple[str, str, str], list[tuple[str, dict[str, object]]]] = defaultdict(list)
    for u, v, key, a in flows.edges(keys=True, data=True):
        groups[u, v, str(a["kind"])].append((key, a))
    out: dict[str, EdgeState] = {}
    for (u, v, kind), items in sorted(groups.items()):
        claims = tuple(sorted(k for k, _ in items))
        usd = total(a["amount"] for _, a in items if a["amount"] is not None)  # type: ignore[misc]
        gw = total(a["gw"] for _, a in items if a.get("gw") is not None)  # type: ignore[misc]
        stated = amount_text(usd) or capacity_text(gw) or "amount not stated"
        out[f"{kind}:{u}|{v}"] = EdgeState(
            u,
            v,
            kind,
            short_money(usd),
            money_width(usd.value if usd is not None else 0.0),
            f"{data.name(u)} \u2192 {data.name(v)}: {kind}",
            (f"total: {stated}, {len(claims)} counted claim(s)",),
            claims,
            status=_statuses(data, claims),
        )
    return out


def merged_edges(
    data: ClaimData, as_of: str | date | None, flows: nx.MultiDiGraph | None = None
) -> dict[str, EdgeState]:
    """Return the page's edges at one date, keyed ``KIND:SOURCE|TARGET``.

    Parameters
    ----------
    data : ClaimData
        From :func:`graph.claims.read_claims`.
    as_of : str or date, optional
        Only claims in force on that date (``None``: every claim).

    Returns
    -------
    dict of str to EdgeState
        Money edges per payer, payee and kind (the counted total on the label),
        binding edges (width = depth) and availability edges (family to platform).
    """
    day = parse_date(as_of)
    if flows is None:
        flows = money_flow(data, day, include_disputed=True)
    out = _money(data, flows)
    for r in bindings(data, day, include_disputed=True):
        names = ", ".join(LAYERS[n - 1].label for n in r.layers)
        out[f"binding:{r.model}|{r.provider}"] = EdgeState(
            r.model,
            r.provider,
            "binding",
            "",
            float(r.depth),
            f"{data.name(r.model)} bound to {data.name(r.provider)}",
            (f"binding depth {r.depth}/6, strength {r.strength:.2f}", f"layers: {names}"),
            tuple(r.claims),
            status=_statuses(data, r.claims),
        )
    avail = availability(data, day, include_disputed=True)
    for a, b in sorted(tuple(sorted(e)) for e in avail.edges()):
        family, platform = (a, b) if avail.nodes[a].get("kind") == "ModelFamily" else (b, a)
        claims = tuple(avail.edges[a, b]["claims"])
        since = min((d for c in claims if (d := data.claims[c].date)), default=None)
        out[f"availability:{family}|{platform}"] = EdgeState(
            family,
            platform,
            "availability",
            "",
            1.0,
            f"{data.name(family)} offered on {data.name(platform)}",
            (f"since: {day_text(since)}",),
            claims,
            status=_statuses(data, claims),
        )
    return out


def _node_states(data: ClaimData, day: date | None, flows: nx.MultiDiGraph) -> dict[str, NodeState]:
    """Money in and out and pole membership of every organisation that has any."""
    lines: dict[str, list[str]] = defaultdict(list)
    names: dict[str, list[str]] = defaultdict(list)
    for p in poles(data, day):
        name = f"{data.name(p.cloud)}\u2013{data.name(p.model)}"
        for iri in (p.cloud, p.model):
            names[iri].append(name)
            lines[iri].append(f"pole: {name} (binding depth {p.depth}/6)")
    for iri in sorted(flows):
        lines[iri] += money_lines(flows, iri)
    return {
        iri: NodeState(data.name(iri), "", "", 0.0, tuple(ls), tuple(sorted(names.get(iri, ()))))
        for iri, ls in sorted(lines.items())
        if ls
    }


@dataclass
class ExplorerRuns:
    """The explorer's dates, and each edge's and organisation's states over them."""

    days: list[date | None]
    edges: dict[str, list[tuple[int, EdgeState | None]]]
    nodes: dict[str, list[tuple[int, NodeState | None]]]


def explorer_runs(data: ClaimData, as_of: str | date | None = None) -> ExplorerRuns:
    """Compute :func:`merged_edges` and the organisations' money at every slider date.

    Parameters
    ----------
    data : ClaimData
        From :func:`graph.claims.read_claims`.
    as_of : str or date, optional
        The last date (``None``: every claim).

    Returns
    -------
    ExplorerRuns
    """
    day = parse_date(as_of)
    days = slider_days(data, day)
    edges, nodes = Runs(), Runs()
    for d in days:
        # each date's views (disputed claims counted) are asked for here only, once: an
        # export shares them while the date is drawn, then frees them, and only the
        # changes of each date's states are kept (a synthetic million's views and states
        # at every date would otherwise be held to the end)
        with forgetting():
            flows = money_flow(data, d, include_disputed=True)
            edges.add(merged_edges(data, d, flows))
            nodes.add(_node_states(data, d, flows))
    return ExplorerRuns(
        days,
        edges.result(),  # type: ignore[arg-type]
        nodes.result(),  # type: ignore[arg-type]
    )
