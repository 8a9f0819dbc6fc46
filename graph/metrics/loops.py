"""Closed loops: directed cycles in the money-flow graph.

The money-flow view (:func:`graph.views.money_flow`) is collapsed to a simple
directed graph (one hop per ordered pair of organisations, whatever the number
of deals) and every simple cycle of length 2 to ``max_length`` is listed:

- a 2-cycle cloud <-> lab is the "pre-sold compute" loop (equity in, spending back);
- longer cycles are the "circular deals" (chip maker -> lab -> cloud -> chip maker).

Each hop of a loop is a :class:`Flow` that sums its USD amounts and its GW
(bounds kept) and lists its claims.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

import networkx as nx

from graph.amounts import Amount, total
from graph.claims import ClaimData
from graph.metrics.result import MetricResult
from graph.metrics.roundtrip import _usd
from graph.views import money_flow

__all__ = ["Flow", "Loop", "closed_loops"]


@dataclass(frozen=True)
class Flow(MetricResult):
    """All money (and capacity) going from ``source`` to ``target``.

    Attributes
    ----------
    source, target : str
        Organisation IRIs.
    kinds : tuple of str
        Kinds of the deals on this hop, sorted: ``acquisition``, ``capacity``,
        ``equity``, ``purchase``, ``spend``.
    amount : Amount or None
        Total USD of the hop's claims that state one.
    gw : Amount or None
        Total GW of the hop's claims that state one.
    claims : tuple of str
        The hop's claim IRIs, sorted.
    """

    UNITS: ClassVar[dict[str, str]] = {"amount": "USD", "gw": "GW"}

    source: str
    target: str
    kinds: tuple[str, ...]
    amount: Amount | None
    gw: Amount | None
    claims: tuple[str, ...] = ()


@dataclass(frozen=True)
class Loop(MetricResult):
    """A directed cycle of money flows.

    Attributes
    ----------
    nodes : tuple of str
        The organisations around the cycle, starting with the smallest IRI.
    length : int
        Number of hops (= number of nodes).
    flows : tuple of Flow
        ``nodes[0] -> nodes[1]``, ..., ``nodes[-1] -> nodes[0]``.
    claims : tuple of str
        Every claim of every hop, sorted.
    """

    UNITS: ClassVar[dict[str, str]] = {"length": "hops"}

    nodes: tuple[str, ...]
    length: int
    flows: tuple[Flow, ...]
    claims: tuple[str, ...] = ()


def _flow(data: ClaimData, g: nx.MultiDiGraph, u: str, v: str) -> Flow:
    edges: list[dict[str, Any]] = sorted(
        g.get_edge_data(u, v).values(), key=lambda a: str(a["claim"])
    )
    return Flow(
        source=u,
        target=v,
        kinds=tuple(sorted({a["kind"] for a in edges})),
        amount=total(x for a in edges if (x := _usd(data, a)) is not None),
        gw=total(a["gw"] for a in edges if isinstance(a.get("gw"), Amount)),
        claims=tuple(sorted({a["claim"] for a in edges})),
    )


def closed_loops(
    data: ClaimData,
    as_of: str | date | None = None,
    max_length: int = 4,
    include_disputed: bool = False,
) -> list[Loop]:
    """Every simple directed cycle of 2 to ``max_length`` organisations.

    Parameters
    ----------
    data : ClaimData
        From :func:`graph.claims.read_claims`.
    as_of : str or date, optional
        Only claims in force on that date count.
    max_length : int
        Longest cycle to look for (the number of cycles grows fast with it).
    include_disputed : bool
        Count disputed claims too.

    Returns
    -------
    list of Loop
        Sorted by length, then by the rotated node tuple.

    Examples
    --------
    A chip maker invests in a lab, the lab commits spend to a cloud, the cloud
    buys the chip maker's chips:

    >>> from graph.amounts import Amount
    >>> from graph.claims import Claim, ClaimData, Entity
    >>> from graph.ids import entity_iri
    >>> chips, lab, cloud = entity_iri("chips"), entity_iri("lab"), entity_iri("cloud")
    >>> data = ClaimData(
    ...     {i: Entity(i, "Company", i.rsplit("/", 1)[1]) for i in (chips, lab, cloud)},
    ...     {entity_iri("eq"): Claim(entity_iri("eq"), "EquityInvestment", "Confirmed",
    ...                              amount=Amount(10.0),
    ...                              parties={"investor": (chips,), "investee": (lab,)}),
    ...      entity_iri("sp"): Claim(entity_iri("sp"), "SpendCommitment", "Confirmed",
    ...                              amount=Amount(30.0),
    ...                              parties={"customer": (lab,), "provider": (cloud,)}),
    ...      entity_iri("buy"): Claim(entity_iri("buy"), "ChipSupplyAgreement", "Confirmed",
    ...                       amount=Amount(7.0, ">="),
    ...                       parties={"customer": (cloud,), "provider": (chips,)})})
    >>> [loop] = closed_loops(data)
    >>> [n.rsplit("/", 1)[1] for n in loop.nodes]
    ['chips', 'lab', 'cloud']
    >>> [(f.kinds, str(f.amount)) for f in loop.flows]
    [(('equity',), '10'), (('spend',), '30'), (('purchase',), '>= 7')]
    >>> closed_loops(data, max_length=2)
    []
    """
    if max_length < 2:
        return []
    g = money_flow(data, as_of, include_disputed=include_disputed)
    dg = nx.DiGraph()
    dg.add_nodes_from(sorted(g.nodes))
    dg.add_edges_from(sorted({(u, v) for u, v in g.edges() if u != v}))
    loops = []
    for cycle in nx.simple_cycles(dg, length_bound=max_length):
        if len(cycle) < 2:
            continue
        start = cycle.index(min(cycle))
        nodes = tuple(cycle[start:] + cycle[:start])
        flows = tuple(
            _flow(data, g, nodes[i], nodes[(i + 1) % len(nodes)]) for i in range(len(nodes))
        )
        loops.append(
            Loop(
                nodes=nodes,
                length=len(nodes),
                flows=flows,
                claims=tuple(sorted({c for f in flows for c in f.claims})),
            )
        )
    return sorted(loops, key=lambda loop: (loop.length, loop.nodes))
