"""Communities of the binding graph: the groups that emerge, and whether they are the poles.

The binding view (:func:`graph.views.binding`) as of a date becomes an
undirected weighted graph: one node per organisation, one edge per model
company - provider pair with a binding strength above 0, weighted by that
strength (:func:`graph.metrics.binding.bindings`; a pair bound both ways, each
the other's provider, adds up both strengths). Nodes and edges go in sorted
order, so that a seed gives one answer.

Two methods partition it, with nothing declared in advance:

- ``louvain``: :func:`networkx.community.louvain_communities` (resolution 1,
  seeded);
- ``greedy_modularity``: :func:`networkx.community.greedy_modularity_communities`
  (Clauset-Newman-Moore agglomeration; deterministic), as a second opinion.

**Poles as labels.** To ask whether the declared poles
(:func:`graph.metrics.poles.poles`) emerge as communities, each organisation in
a pole gets a label: a pole's cloud is labelled by itself; a model company in
exactly one pole takes its cloud's label; a model company in poles with two or
more clouds (contested) has no single label and is left out of the comparison
(listed in ``left_out``). The agreement with the poles is computed over the
labelled organisations only.

**Agreement** between two partitions of the same organisations: the adjusted
Rand index (ARI: 1 = the same partition, about 0 = as alike as chance makes
them, can be negative) and the normalised mutual information (NMI, the mutual
information over the mean of the two entropies: 1 = the same, 0 = independent),
both written out in :func:`adjusted_rand_index` and
:func:`normalized_mutual_information`.

Examples
--------
>>> adjusted_rand_index("aabb", "xxyy"), normalized_mutual_information("aabb", "xxyy")
(1.0, 1.0)
>>> adjusted_rand_index("aabb", "xyxy")
-0.5
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import ClassVar

import networkx as nx

from graph.claims import ClaimData
from graph.dates import parse_date
from graph.metrics.binding import bindings
from graph.metrics.poles import poles
from graph.metrics.result import MetricResult

__all__ = [
    "METHODS",
    "Agreement",
    "Community",
    "adjusted_rand_index",
    "communities",
    "normalized_mutual_information",
    "pole_labels",
]

#: The community detection methods, the first being the main one.
METHODS = ("louvain", "greedy_modularity")
#: Name of the reference partition made of the poles.
POLES = "poles"


@dataclass(frozen=True)
class Community(MetricResult):
    """A group of organisations more bound to each other than to the rest.

    Attributes
    ----------
    method : str
        One of :data:`METHODS`.
    hub : str
        IRI of the member with the largest binding strength inside the
        community (ties: the smallest IRI); it names the community.
    members : tuple of str
        IRIs of the members, sorted.
    size : int
        ``len(members)``.
    inside_share : float
        Share of the binding strength of the members' pairs that lies inside the community.
    modularity : float
        Modularity of the method's whole partition (the same on each of its communities).
    claims : tuple of str
        The binding evidence of the pairs inside the community, sorted.
    """

    UNITS: ClassVar[dict[str, str]] = {
        "size": "organisations",
        "inside_share": "fraction",
        "modularity": "index",
    }

    method: str
    hub: str
    members: tuple[str, ...]
    size: int
    inside_share: float
    modularity: float
    claims: tuple[str, ...] = ()


@dataclass(frozen=True)
class Agreement(MetricResult):
    """How alike two partitions of the same organisations are.

    Attributes
    ----------
    method : str
        The partition compared (one of :data:`METHODS`).
    reference : str
        The other one: another method, or ``"poles"``.
    compared : int
        Organisations compared (every node of the binding graph, or the labelled pole members).
    ari : float or None
        Adjusted Rand index; ``None`` with fewer than two organisations to compare.
    nmi : float or None
        Normalised mutual information; ``None`` likewise.
    left_out : tuple of str
        Pole members without a single label (contested model companies), sorted.
    claims : tuple of str
        For the poles, the claims the poles rest on; otherwise empty (a
        partition rests on the whole binding graph).
    """

    UNITS: ClassVar[dict[str, str]] = {
        "compared": "organisations",
        "ari": "index",
        "nmi": "index",
    }

    method: str
    reference: str
    compared: int
    ari: float | None
    nmi: float | None
    left_out: tuple[str, ...] = ()
    claims: tuple[str, ...] = ()


def _pairs(counts: Counter[Hashable]) -> int:
    return sum(k * (k - 1) // 2 for k in counts.values())


def adjusted_rand_index(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Compute the adjusted Rand index of two labellings of the same items (Hubert-Arabie).

    ``(index - expected) / (max - expected)`` over pairs of items, where index
    counts the pairs together in both, max is the mean of the pairs together in
    each, and expected = pairs(a) x pairs(b) / all pairs, in exact fractions.
    When max equals expected, both labellings are trivial in the same way (all
    apart, or all together) and the index is 1.

    Examples
    --------
    >>> adjusted_rand_index([1, 1, 2, 2], [5, 5, 5, 5])
    0.0
    >>> adjusted_rand_index("abc", "xyz")
    1.0
    """
    if len(a) != len(b):
        raise ValueError("the two labellings must label the same items")
    index = _pairs(Counter(zip(a, b, strict=True)))
    in_a, in_b = _pairs(Counter(a)), _pairs(Counter(b))
    every = len(a) * (len(a) - 1) // 2
    expected = Fraction(in_a * in_b, every) if every else Fraction(0)
    maximum = Fraction(in_a + in_b, 2)
    if maximum == expected:
        return 1.0
    return float((index - expected) / (maximum - expected))


def _entropy(counts: Counter[Hashable], n: int) -> float:
    return -math.fsum(k / n * math.log(k / n) for k in counts.values())


def normalized_mutual_information(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Mutual information of two labellings over the mean of their entropies.

    ``MI = sum over cells of n_ij / n * log(n * n_ij / (a_i * b_j))`` and
    ``NMI = MI / ((H(a) + H(b)) / 2)`` (the arithmetic normalisation). Both
    entropies 0 (one group each, or no item): 1.

    Examples
    --------
    >>> normalized_mutual_information("aab", "xxx")
    0.0
    >>> round(normalized_mutual_information("aabb", "xxxy"), 4)
    0.3437
    """
    if len(a) != len(b):
        raise ValueError("the two labellings must label the same items")
    n = len(a)
    cells, in_a, in_b = Counter(zip(a, b, strict=True)), Counter(a), Counter(b)
    mean = (_entropy(in_a, n) + _entropy(in_b, n)) / 2 if n else 0.0
    if mean == 0:
        return 1.0
    mi = math.fsum(k / n * math.log(n * k / (in_a[x] * in_b[y])) for (x, y), k in cells.items())
    return min(1.0, max(0.0, mi / mean))


def pole_labels(
    data: ClaimData, as_of: str | date | None = None
) -> tuple[dict[str, str], tuple[str, ...], tuple[str, ...]]:
    """Label the organisations of the poles by their cloud (see the module notes).

    Returns
    -------
    (dict, tuple of str, tuple of str)
        Organisation IRI -> its cloud's IRI; the contested model companies
        left out, sorted; the claims of the poles, sorted.

    Examples
    --------
    >>> from graph.claims import ClaimData
    >>> pole_labels(ClaimData({}, {}))
    ({}, (), ())
    """
    found = poles(data, as_of)
    clouds_of: dict[str, set[str]] = {}
    for p in found:
        clouds_of.setdefault(p.model, set()).add(p.cloud)
    labels = {p.cloud: p.cloud for p in found}
    for model, clouds in clouds_of.items():
        if model not in labels and len(clouds) == 1:
            labels[model] = next(iter(clouds))
    left_out = tuple(sorted(m for m in clouds_of if m not in labels))
    return labels, left_out, tuple(sorted({c for p in found for c in p.claims}))


def _graph(data: ClaimData, as_of: date | None, include_disputed: bool) -> nx.Graph:
    """Build the binding graph weighted by binding strength, with each edge's claims."""
    weights: dict[tuple[str, str], float] = {}
    claims: dict[tuple[str, str], set[str]] = {}
    for r in bindings(data, as_of, include_disputed):
        u, v = sorted((r.model, r.provider))
        weights[u, v] = weights.get((u, v), 0.0) + r.strength
        claims.setdefault((u, v), set()).update(r.claims)
    weighed = {pair: w for pair, w in weights.items() if w > 0}
    g = nx.Graph()
    g.add_nodes_from(sorted({x for pair in weighed for x in pair}))
    for (u, v), w in sorted(weighed.items()):
        g.add_edge(u, v, weight=w, claims=claims[u, v])
    return g


def weighted_modularity(g: nx.Graph, parts: Sequence[set[str]]) -> float:
    """Newman's modularity of a partition of a weighted undirected graph, summed exactly.

    Q = sum over communities c of L_c / m - (D_c / 2m)^2, with m the total edge
    weight, L_c the weight inside c and D_c the weighted degree of c's nodes.
    The same value as :func:`networkx.community.modularity` (resolution 1), but
    every sum is :func:`math.fsum`, so the result does not depend on the order
    the nodes come in (string hashing differs between processes).

    Examples
    --------
    >>> g = nx.Graph([("a", "b", {"weight": 2.0}), ("b", "c", {"weight": 1.0})])
    >>> round(weighted_modularity(g, [{"a", "b"}, {"c"}]), 4)
    -0.0556
    >>> round(nx.community.modularity(g, [{"a", "b"}, {"c"}], weight="weight"), 4)
    -0.0556
    """
    m = math.fsum(w for _, _, w in g.edges(data="weight", default=1.0))
    if m == 0:
        return 0.0
    terms = []
    for part in parts:
        inside = math.fsum(
            w for u, v, w in g.edges(part, data="weight", default=1.0) if u in part and v in part
        )
        degree = math.fsum(w for u in part for _, _, w in g.edges(u, data="weight", default=1.0))
        terms += [inside / m, -((degree / (2 * m)) ** 2)]
    return math.fsum(terms)


def _partition(g: nx.Graph, method: str, seed: int) -> list[set[str]]:
    if method == "louvain":
        parts = nx.community.louvain_communities(g, weight="weight", resolution=1.0, seed=seed)
    else:
        parts = nx.community.greedy_modularity_communities(g, weight="weight")
    return [set(p) for p in parts]


def _community(g: nx.Graph, method: str, members: set[str], modularity: float) -> Community:
    inside = g.subgraph(members)
    strength = dict(inside.degree(weight="weight"))
    hub = min(sorted(members), key=lambda x: -strength.get(x, 0.0))
    touching = math.fsum(w for _, _, w in g.edges(members, data="weight"))
    within = math.fsum(w for _, _, w in inside.edges(data="weight"))
    return Community(
        method=method,
        hub=hub,
        members=tuple(sorted(members)),
        size=len(members),
        inside_share=within / touching if touching > 0 else 0.0,
        modularity=modularity,
        claims=tuple(sorted({c for _, _, cs in inside.edges(data="claims") for c in cs})),
    )


def _agreement(
    method: str,
    reference: str,
    a: dict[str, int],
    b: dict[str, object],
    *,
    left_out: tuple[str, ...] = (),
    claims: tuple[str, ...] = (),
) -> Agreement:
    nodes = sorted(set(a) & set(b))
    x, y = [a[n] for n in nodes], [b[n] for n in nodes]
    enough = len(nodes) >= 2
    return Agreement(
        method=method,
        reference=reference,
        compared=len(nodes),
        ari=adjusted_rand_index(x, y) if enough else None,
        nmi=normalized_mutual_information(x, y) if enough else None,
        left_out=left_out,
        claims=claims,
    )


def communities(
    data: ClaimData,
    as_of: str | date | None = None,
    seed: int = 0,
    include_disputed: bool = False,
) -> list[Community | Agreement]:
    """Detect communities in the binding graph and compare them with each other and the poles.

    Parameters
    ----------
    data : ClaimData
        From :func:`graph.claims.read_claims`.
    as_of : str or date, optional
        Only claims in force on that date count.
    seed : int
        Seed of the Louvain method (the same seed gives the same communities).
    include_disputed : bool
        Count disputed claims too.

    Returns
    -------
    list of Community and Agreement
        The communities of each method in :data:`METHODS` order, each sorted by
        size (descending) then hub; then the agreements: Louvain with greedy
        modularity, Louvain with the poles, greedy modularity with the poles.
        Empty when nothing is bound.

    Examples
    --------
    Two clouds, each with its own lab; one lab also has a small bond to the other cloud:

    >>> from graph.claims import Claim, ClaimData, Entity
    >>> from graph.ids import entity_iri
    >>> roles = {"c1": "CloudProvider", "c2": "CloudProvider",
    ...          "l1": "ModelDeveloper", "l2": "ModelDeveloper"}
    >>> ents = {entity_iri(s): Entity(entity_iri(s), "Company", s.upper(), roles=(r,))
    ...         for s, r in roles.items()}
    >>> def eq(c, lab):
    ...     return Claim(entity_iri(f"eq-{c}-{lab}"), "EquityInvestment", "Confirmed",
    ...                  parties={"investor": (entity_iri(c),), "investee": (entity_iri(lab),)})
    >>> def use(lab, c):
    ...     return Claim(entity_iri(f"use-{lab}-{c}"), "ComputeUsage", "Confirmed",
    ...                  parties={"user": (entity_iri(lab),), "provider": (entity_iri(c),)})
    >>> claims = [eq("c1", "l1"), use("l1", "c1"), eq("c2", "l2"), use("l2", "c2"),
    ...           use("l1", "c2")]
    >>> data = ClaimData(ents, {c.iri: c for c in claims}, {2: 0.15, 5: 0.2})
    >>> found = communities(data)
    >>> [(c.method, [data.name(m) for m in c.members]) for c in found if isinstance(c, Community)]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('louvain', ['C1', 'L1']), ('louvain', ['C2', 'L2']),
     ('greedy_modularity', ['C1', 'L1']), ('greedy_modularity', ['C2', 'L2'])]
    >>> [(a.reference, a.compared, a.ari) for a in found if isinstance(a, Agreement)][0]
    ('greedy_modularity', 4, 1.0)
    """
    day = parse_date(as_of)
    g = _graph(data, day, include_disputed)
    if g.number_of_edges() == 0:
        return []
    labels, left_out, pole_claims = pole_labels(data, day)
    found: list[Community | Agreement] = []
    by_method: dict[str, dict[str, int]] = {}
    for method in METHODS:
        parts = _partition(g, method, seed)
        modularity = weighted_modularity(g, parts)
        rows = sorted(
            (_community(g, method, p, modularity) for p in parts),
            key=lambda c: (-c.size, c.hub),
        )
        found += rows
        by_method[method] = {m: k for k, c in enumerate(rows) for m in c.members}
    first, second = METHODS
    found += [
        _agreement(first, second, by_method[first], dict(by_method[second])),
        _agreement(
            first, POLES, by_method[first], dict(labels), left_out=left_out, claims=pole_claims
        ),
        _agreement(
            second, POLES, by_method[second], dict(labels), left_out=left_out, claims=pole_claims
        ),
    ]
    return found
