"""Centrality: PageRank on the money flow, betweenness on the binding graph.

- **PageRank** runs on the money-flow view collapsed to a simple ``DiGraph``:
  the weight of ``u -> v`` is the sum of the nominal USD amounts of the money
  edges from u to v (bounds at face value). An edge without an amount weighs
  :data:`UNKNOWN_AMOUNT_WEIGHT` (US$1M), so a deal of unknown size still
  counts, but far less than a priced one. Money flows *to* the node, so a
  high PageRank means much money ends up there (directly or through others).
  Damping 0.85 (networkx default).
- **Betweenness** (normalised, unweighted) runs on the binding view collapsed
  to a simple undirected ``Graph``: how often an organisation lies on the
  shortest paths between two others in the web of model company - provider bonds.

Both views are taken ``as_of`` the same date, disputed claims left out.
Every node of either view gets a result (0 where it is absent from one view).
Results are deterministic: networkx PageRank is a deterministic power
iteration, nodes are added in sorted order, and ties are broken by IRI.

Examples
--------
>>> from graph.amounts import Amount
>>> from graph.claims import Claim, ClaimData
>>> pay = Claim("k", "SpendCommitment", "Confirmed", amount=Amount(1e9),
...             parties={"customer": ("a",), "provider": ("b",)})
>>> [r.node for r in centrality(ClaimData({}, {"k": pay}))]
['b', 'a']
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

import networkx as nx

from graph.amounts import Amount
from graph.claims import ClaimData
from graph.dates import parse_date
from graph.metrics.result import MetricResult
from graph.views import binding, money_flow

__all__ = [
    "BETWEENNESS_SAMPLES",
    "EXACT_BETWEENNESS_MAX",
    "UNKNOWN_AMOUNT_WEIGHT",
    "Centrality",
    "betweenness",
    "centrality",
]

#: Weight (USD) of a money edge whose amount is not known.
UNKNOWN_AMOUNT_WEIGHT = 1e6
#: Largest binding graph whose betweenness is computed exactly.
EXACT_BETWEENNESS_MAX = 2_000
#: Sample size (source nodes, seed 0) for the betweenness of larger graphs.
BETWEENNESS_SAMPLES = 500


@dataclass(frozen=True)
class Centrality(MetricResult):
    """Centrality of one organisation.

    Attributes
    ----------
    node : str
        IRI of the organisation.
    name : str
        Its display name.
    pagerank : float
        PageRank in the USD-weighted money-flow graph (all nodes sum to 1).
    betweenness : float
        Normalised betweenness in the binding graph, in [0, 1].
    claims : tuple of str
        Empty: centrality rests on the whole graph, not on particular claims.
    """

    UNITS: ClassVar[dict[str, str]] = {"pagerank": "probability", "betweenness": "ratio"}
    node: str
    name: str
    pagerank: float
    betweenness: float
    claims: tuple[str, ...] = ()


def _money_digraph(data: ClaimData, as_of: date | None, include_disputed: bool) -> nx.DiGraph:
    multi = money_flow(data, as_of, include_disputed=include_disputed)
    g = nx.DiGraph()
    g.add_nodes_from(sorted(multi.nodes))
    for u, v, attrs in sorted(multi.edges(data=True), key=lambda e: (e[0], e[1])):
        amount: Amount | None = attrs["amount"]
        weight = amount.value if amount is not None else UNKNOWN_AMOUNT_WEIGHT
        if g.has_edge(u, v):
            g[u][v]["weight"] += weight
        else:
            g.add_edge(u, v, weight=weight)
    return g


def _binding_graph(data: ClaimData, as_of: date | None, include_disputed: bool) -> nx.Graph:
    multi = binding(data, as_of, include_disputed=include_disputed)
    g = nx.Graph()
    g.add_nodes_from(sorted(multi.nodes))
    g.add_edges_from(sorted({tuple(sorted((u, v))) for u, v in multi.edges()}))
    return g


#: Up to this many edges PageRank runs in plain Python (no scipy import, ~ms);
#: above, networkx's sparse-matrix version.
PYTHON_PAGERANK_MAX_EDGES = 20_000


def pagerank(
    g: nx.DiGraph, alpha: float = 0.85, tol: float = 1.0e-6, max_iter: int = 100
) -> dict[str, float]:
    """PageRank of a weighted digraph, as ``networkx.pagerank(g, weight="weight")`` computes it.

    The same power iteration (uniform start and teleport, dangling nodes spread
    evenly, stop when the L1 change is below ``len(g) * tol``); small graphs are
    iterated in plain Python, large ones by networkx with scipy.

    Examples
    --------
    >>> g = nx.DiGraph([("a", "b", {"weight": 2.0}), ("b", "a", {"weight": 1.0}), ("a", "c", {})])
    >>> ours, theirs = pagerank(g), nx.pagerank(g, weight="weight")
    >>> all(abs(ours[n] - theirs[n]) < 1e-12 for n in g)
    True
    """
    n = len(g)
    if n == 0:
        return {}
    if g.number_of_edges() > PYTHON_PAGERANK_MAX_EDGES:
        return dict(nx.pagerank(g, alpha=alpha, tol=tol, max_iter=max_iter, weight="weight"))
    nodes = list(g)
    out: dict[str, list[tuple[str, float]]] = {u: [] for u in nodes}
    totals = dict.fromkeys(nodes, 0.0)
    for u, v, w in g.edges(data="weight", default=1.0):
        out[u].append((v, float(w)))
        totals[u] += float(w)
    dangling = [u for u in nodes if totals[u] == 0]
    x = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(max_iter):
        last = x
        spread = alpha * sum(last[u] for u in dangling) / n + (1.0 - alpha) / n
        x = dict.fromkeys(nodes, spread)
        for u in nodes:
            total = totals[u]
            if total:
                share = alpha * last[u] / total
                for v, w in out[u]:
                    x[v] += share * w
        if sum(abs(x[u] - last[u]) for u in nodes) < n * tol:
            return x
    raise nx.PowerIterationFailedConvergence(max_iter)


def betweenness(g: nx.Graph, k: int | None = None, seed: int = 0) -> dict[str, float]:
    """Normalised betweenness of an undirected graph, as networkx computes it, faster.

    ``networkx.betweenness_centrality(g, k=k, normalized=True, seed=seed)`` to the last
    bit: Brandes' algorithm with the same sources (all, or the ``k`` that networkx's
    ``random.Random(seed).sample`` draws), the same order of nodes, neighbours and
    sums, and the same rescaling; only the bookkeeping is lists on node numbers
    instead of dictionaries (about three times faster on the binding graph).

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("c", "d"), ("b", "d"), ("e", "f")])
    >>> betweenness(g) == nx.betweenness_centrality(g, normalized=True)
    True
    >>> betweenness(g)["b"]  # on the paths a-c and a-d: 2 of the 10 pairs without b
    0.2
    >>> betweenness(g, k=3) == nx.betweenness_centrality(g, k=3, normalized=True, seed=0)
    True
    """
    nodes = list(g)
    n = len(nodes)
    number = {v: i for i, v in enumerate(nodes)}
    adjacent = [[number[w] for w in g[v]] for v in nodes]
    if k is not None and k != n:
        drawn = random.Random(seed).sample(nodes, k)
        sources: Sequence[int] = [number[v] for v in drawn]
    else:
        k, sources = None, range(n)
    between = [0.0] * n
    for s in sources:
        # breadth-first from s: the visiting order, shortest-path counts, predecessors
        order, head = [s], 0
        depth = [-1] * n
        sigma = [0.0] * n
        pred: list[list[int]] = [[] for _ in range(n)]
        depth[s], sigma[s] = 0, 1.0
        while head < len(order):
            v = order[head]
            head += 1
            next_depth, paths = depth[v] + 1, sigma[v]
            for w in adjacent[v]:
                if depth[w] < 0:
                    order.append(w)
                    depth[w] = next_depth
                if depth[w] == next_depth:
                    sigma[w] += paths
                    pred[w].append(v)
        # accumulate the dependencies, farthest first
        delta = [0.0] * n
        for w in reversed(order):
            coeff = (1 + delta[w]) / sigma[w]
            for v in pred[w]:
                delta[v] += sigma[v] * coeff
            if w != s:
                between[w] += delta[w]
    return dict(zip(nodes, _rescaled(between, n, None if k is None else set(sources)), strict=True))


def _rescaled(between: list[float], n: int, sampled: set[int] | None) -> list[float]:
    """Rescale as networkx's ``_rescale`` does (normalised, undirected, no endpoints)."""
    pairs = n - 1
    if pairs < 2:
        return between
    if sampled is None:
        scale = 1 / (pairs * (pairs - 1))
        return between if scale == 1 else [b * scale for b in between]
    k = len(sampled)
    source = 1 / ((k - 1) * (pairs - 1)) if k > 1 else math.nan
    other = 1 / (k * (pairs - 1))
    return [b * (source if i in sampled else other) for i, b in enumerate(between)]


def centrality(
    data: ClaimData,
    as_of: str | date | None = None,
    top: int | None = None,
    *,
    include_disputed: bool = False,
) -> list[Centrality]:
    """PageRank (money) and betweenness (binding) of every organisation.

    Parameters
    ----------
    data : ClaimData
        From :func:`graph.claims.read_claims`.
    as_of : date or str, optional
        Use claims in force on that date.
    top : int, optional
        Keep only the first ``top`` results.
    include_disputed : bool
        Use disputed claims too.

    Returns
    -------
    list of Centrality
        Sorted by decreasing PageRank, ties by IRI.

    Examples
    --------
    a and c each pay b (a $3B, c an unknown amount); b and c are each bound
    to lab L, so L lies between b and c (betweenness 1.0, normalised over the
    single pair b-c).

    >>> from graph.amounts import Amount
    >>> from graph.claims import Claim, ClaimData, Entity
    >>> ents = [Entity("L", "Company", "Lab", roles=("ModelDeveloper",)),
    ...         Entity("b", "Company", "B", roles=("CloudProvider",)),
    ...         Entity("c", "Company", "C", roles=("CloudProvider",))]
    >>> claims = [Claim("k1", "SpendCommitment", "Confirmed", amount=Amount(3e9),
    ...                 parties={"customer": ("a",), "provider": ("b",)}),
    ...           Claim("k2", "SpendCommitment", "Confirmed",
    ...                 parties={"customer": ("c",), "provider": ("b",)}),
    ...           Claim("e1", "EquityInvestment", "Confirmed",
    ...                 parties={"investor": ("b",), "investee": ("L",)}),
    ...           Claim("e2", "EquityInvestment", "Confirmed",
    ...                 parties={"investor": ("c",), "investee": ("L",)})]
    >>> data = ClaimData({e.iri: e for e in ents}, {c.iri: c for c in claims})
    >>> [(r.node, r.betweenness) for r in centrality(data)]
    [('L', 1.0), ('b', 0.0), ('a', 0.0), ('c', 0.0)]
    >>> [r.node for r in centrality(data, top=2)]
    ['L', 'b']
    """
    day = parse_date(as_of)
    money = _money_digraph(data, day, include_disputed)
    bonds = _binding_graph(data, day, include_disputed)
    rank = pagerank(money)
    # exact betweenness is O(nodes x edges): above EXACT_BETWEENNESS_MAX nodes it is
    # estimated from BETWEENNESS_SAMPLES source nodes drawn with a fixed seed (deterministic)
    sample = BETWEENNESS_SAMPLES if len(bonds) > EXACT_BETWEENNESS_MAX else None
    between: dict[str, float] = betweenness(bonds, k=sample, seed=0) if len(bonds) else {}
    nodes = sorted(set(money.nodes) | set(bonds.nodes))
    results = [
        Centrality(
            node=n,
            name=data.name(n),
            pagerank=float(rank.get(n, 0.0)),
            betweenness=float(between.get(n, 0.0)),
        )
        for n in nodes
    ]
    results.sort(key=lambda r: (-r.pagerank, r.node))
    return results if top is None else results[:top]
