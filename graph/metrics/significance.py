"""Is the closed loop unusual? The money network against degree-preserving randomisations.

The money-flow view (:func:`graph.views.money_flow`) as of a date is collapsed to
a simple directed graph (one edge per ordered pair of organisations, no
self-loop), as :mod:`graph.metrics.loops` does. Five statistics of it are
compared with their distribution over randomised copies of the same network:

- ``reciprocity``: share of edges whose reverse edge exists too;
- ``cloud_lab_2_cycles``: pairs {cloud, model company} with money both ways
  (a cloud has role ``CloudProvider``, a model company role ``ModelDeveloper``);
- ``three_cycles`` and ``four_cycles``: simple directed cycles of exactly 3 and
  4 organisations (each counted once, whatever node it starts at);
- ``binding_in_2_cycles``: share of the total binding strength
  (:func:`graph.metrics.binding.bindings`, all model company - provider pairs)
  that lies on pairs joined by a money 2-cycle. The strengths stay attached to
  their pairs while the money edges move.

**Null model.** Directed edge swaps: two edges ``a -> b`` and ``c -> d`` drawn
at random become ``a -> d`` and ``c -> b``, unless that would make a self-loop
or an edge that already exists (then the attempt is skipped). Every
organisation keeps its in- and out-degree. One Markov chain per call, seeded
with ``numpy.random.default_rng(seed)``, starts at the observed network, runs
:data:`SWAPS_PER_EDGE` x edges attempts as burn-in, and then records a sample
after every further :data:`SWAPS_PER_EDGE` x edges attempts. The proposal is
symmetric, so the chain's stationary distribution is uniform over the networks
it can reach.

**Work budget.** The chain costs ``(samples + 1) x`` :data:`SWAPS_PER_EDGE` ``x edges``
swap attempts, which grows with the network. With ``max_attempts`` (default
:data:`MAX_ATTEMPTS`, about a second of CPU here) fewer samples are recorded when the
full number would exceed it, never fewer than :data:`MIN_SAMPLES`; every result states the
number it used (``samples``). The curated and imported data (125 money edges) stay well
inside it, with 1,000 samples; ``max_attempts=None`` lifts it.

**Kept between processes.** The samples depend only on the collapsed network, the
number of samples, the seed and the swap attempts, so they are kept in the user's
cache folder (:mod:`graph.diskcache`, ``AIKG_CACHE=0`` turns it off) and a
later run with the same inputs and the same code reads them instead of running the
chain again: the same results, without the chain's CPU.

**Reading the results.** ``z_score`` is ``None`` when the null distribution does
not vary (standard deviation 0). ``p_value`` is one-sided (upper tail), (k + 1) /
(n + 1) when k of n samples reach the observed value: 1 / (n + 1) means none did.

Examples
--------
A cloud invests in a lab, which commits spending back: one money 2-cycle.

>>> from graph.claims import Claim, ClaimData, Entity
>>> from graph.ids import entity_iri
>>> cloud, lab = entity_iri("cloud"), entity_iri("lab")
>>> data = ClaimData(
...     {cloud: Entity(cloud, "Company", "Cloud", roles=("CloudProvider",)),
...      lab: Entity(lab, "Company", "Lab", roles=("ModelDeveloper",))},
...     {entity_iri("eq"): Claim(entity_iri("eq"), "EquityInvestment", "Confirmed",
...                      parties={"investor": (cloud,), "investee": (lab,)}),
...      entity_iri("sp"): Claim(entity_iri("sp"), "SpendCommitment", "Confirmed",
...                      parties={"customer": (lab,), "provider": (cloud,)})})
>>> [(s.statistic, s.observed) for s in loop_significance(data, samples=50)][:2]
[('reciprocity', 1.0), ('cloud_lab_2_cycles', 1.0)]

The only swap (of the two edges with each other) would close two self-loops, so
the null distribution is the observed value itself: no z-score, and p = 1:

>>> r = loop_significance(data, samples=50)[1]
>>> r.null_mean, r.null_std, r.z_score, r.p_value, r.histogram
(1.0, 0.0, None, 1.0, (Bin(low=1.0, high=1.0, count=50),))
>>> [c.rsplit("/", 1)[1] for c in r.claims]
['eq', 'sp']
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

import networkx as nx

from graph.claims import ClaimData
from graph.dates import parse_date
from graph.diskcache import code_identity, remembered_on_disk
from graph.metrics.binding import bindings
from graph.metrics.result import MetricResult
from graph.views import _model_companies, money_flow

__all__ = [
    "MAX_ATTEMPTS",
    "MAX_BINS",
    "MIN_SAMPLES",
    "NULL_MODEL",
    "STATISTICS",
    "SWAPS_PER_EDGE",
    "Bin",
    "Significance",
    "loop_significance",
    "within_budget",
]

#: Swap attempts per edge for the burn-in and between two recorded samples.
SWAPS_PER_EDGE = 10
#: Default work budget of one call: swap attempts, burn-in included (see the module notes).
MAX_ATTEMPTS = 2_000_000
#: Fewest samples a work budget leaves (a smaller ``samples`` asked for is kept).
MIN_SAMPLES = 20
#: Name of the null model in the results.
NULL_MODEL = "directed degree-preserving edge swaps"
#: The statistics, in the order of the results.
STATISTICS = (
    "reciprocity",
    "cloud_lab_2_cycles",
    "three_cycles",
    "four_cycles",
    "binding_in_2_cycles",
)
#: Largest number of bars of a null histogram (more distinct values are binned).
MAX_BINS = 20
_CLOUD = "CloudProvider"
_EPS = 1e-9


@dataclass(frozen=True)
class Bin(MetricResult):
    """One bar of a null distribution: how many samples fell in [low, high].

    ``low == high`` for a bar of one exact value; otherwise the bar holds
    ``low <= v < high`` (the last bar also holds ``v == high``).
    """

    UNITS: ClassVar[dict[str, str]] = {"low": "1", "high": "1", "count": "randomisations"}

    low: float
    high: float
    count: int


@dataclass(frozen=True)
class Significance(MetricResult):
    """One statistic of the money network against its null distribution.

    Attributes
    ----------
    statistic : str
        One of :data:`STATISTICS`.
    observed : float
        Its value on the network as recorded.
    null_mean, null_std : float
        Mean and (population) standard deviation over the randomised networks.
    z_score : float or None
        ``(observed - null_mean) / null_std``; ``None`` when ``null_std`` is 0.
    p_value : float
        One-sided (upper tail) empirical p-value, ``(k + 1) / (samples + 1)``
        with k the samples at or above ``observed``.
    samples : int
        Number of randomised networks.
    seed : int
        Seed of the random generator (same seed, same results).
    swap_attempts : int
        Swap attempts between two samples (and for the burn-in).
    null_model : str
        :data:`NULL_MODEL`.
    histogram : tuple of Bin
        The null distribution, at most :data:`MAX_BINS` bars.
    claims : tuple of str
        The claims of what the observed value counts (the reciprocated money
        edges, the cycles, the bound pairs in 2-cycles), sorted.
    """

    UNITS: ClassVar[dict[str, str]] = {
        "observed": "1",
        "null_mean": "1",
        "null_std": "1",
        "z_score": "standard deviations",
        "p_value": "probability",
        "samples": "randomisations",
        "seed": "seed",
        "swap_attempts": "swaps per sample",
    }

    statistic: str
    observed: float
    null_mean: float
    null_std: float
    z_score: float | None
    p_value: float
    samples: int
    seed: int
    swap_attempts: int
    null_model: str
    histogram: tuple[Bin, ...]
    claims: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Network:  # the collapsed money network on node numbers 0..n-1
    n: int
    edges: tuple[tuple[int, int], ...]
    clouds: int  # bit mask
    labs: int  # bit mask
    bound: tuple[tuple[int, int, float], ...]  # (i, j, binding strength), i < j
    total_strength: float


def _statistics(net: _Network, edges: Sequence[tuple[int, int]]) -> tuple[float, ...]:
    """Compute :data:`STATISTICS` of the network ``net`` with its edges replaced by ``edges``."""
    n = net.n
    succ, pred = [0] * n, [0] * n
    for a, b in edges:
        succ[a] |= 1 << b
        pred[b] |= 1 << a
    mutual = c2 = c3 = c4 = 0
    for u in range(n):
        both = succ[u] & pred[u]
        mutual += both.bit_count()
        above = -1 << (u + 1)  # nodes numbered above u: a cycle is counted from its lowest node
        partner = (net.labs if net.clouds >> u & 1 else 0) | (
            net.clouds if net.labs >> u & 1 else 0
        )
        c2 += (both & above & partner).bit_count()
        back = pred[u] & above
        out = succ[u] & above if back else 0
        while out:  # u -> v -> (w ->) u
            low = out & -out
            out ^= low
            sv = succ[low.bit_length() - 1]
            c3 += (sv & back).bit_count()
            back_not_v, mid = back & ~low, sv & above
            while mid:
                w = mid & -mid
                mid ^= w
                c4 += (succ[w.bit_length() - 1] & back_not_v).bit_count()
    inside = sum(s for i, j, s in net.bound if succ[i] >> j & 1 and succ[j] >> i & 1)
    share = inside / net.total_strength if net.total_strength > 0 else 0.0
    return (mutual / len(edges) if edges else 0.0, c2, c3, c4, share)


#: Largest ``n x n`` table of present edges (one byte per ordered pair) the chain keeps;
#: a network with more organisations (above 8,192) keeps a set of edge codes instead.
MAX_TABLE = 1 << 26


def _swaps_in_table(
    present: bytearray, row: list[int], dst: list[int], first: list[int], second: list[int]
) -> None:
    """Run one round of swap attempts (see :func:`_null_samples`) on a table of edges."""
    for i, j in zip(first, second, strict=True):
        b, d = dst[i], dst[j]
        ad = row[i] + d
        if present[ad]:
            continue
        cb = row[j] + b
        if present[cb]:
            continue
        present[ad - d + b] = 0
        present[cb - b + d] = 0
        present[ad] = 1
        present[cb] = 1
        dst[i] = d
        dst[j] = b


def _swaps_in_set(
    present: set[int], row: list[int], dst: list[int], first: list[int], second: list[int]
) -> None:
    """Run one round of swap attempts (see :func:`_null_samples`) on a set of edge codes."""
    remove, add = present.remove, present.add
    for i, j in zip(first, second, strict=True):
        b, d = dst[i], dst[j]
        ad = row[i] + d
        if ad in present:
            continue
        cb = row[j] + b
        if cb in present:
            continue
        remove(ad - d + b)
        remove(cb - b + d)
        add(ad)
        add(cb)
        dst[i] = d
        dst[j] = b


def _null_samples(net: _Network, samples: int, seed: int, attempts: int) -> list[tuple[float, ...]]:
    """Record ``samples`` networks of one seeded edge-swap chain (see the module notes).

    Edge ``a -> b`` has the code ``a * n + b``. The self-loop codes count as present too, so
    one test rejects a self-loop, a multi-edge and the swaps that change nothing (``a == c``
    or ``b == d``). The codes present are kept in a table of ``n * n`` bytes (up to
    :data:`MAX_TABLE`; a quarter faster than a set, the same draws and the same networks),
    else in a set.
    """
    import numpy as np  # noqa: PLC0415 - only the randomisations need it

    draw = np.random.default_rng(seed).integers
    n, m = net.n, len(net.edges)
    row = [a * n for a, _ in net.edges]  # edge k is row[k] + dst[k]
    dst = [b for _, b in net.edges]
    codes = [r + b for r, b in zip(row, dst, strict=True)] + [k * n + k for k in range(n)]
    swaps: Callable[[list[int], list[int], list[int], list[int]], None]
    if n * n <= MAX_TABLE:
        table = bytearray(n * n)
        for code in codes:
            table[code] = 1
        swaps = functools.partial(_swaps_in_table, table)
    else:
        swaps = functools.partial(_swaps_in_set, set(codes))
    out = []
    for k in range(samples + 1):
        # the two edges of each attempt, drawn uniformly and independently in one call:
        # the loops then only read plain ints (a third faster than drawing in them)
        first, second = draw(0, m, size=(2, attempts)).tolist()
        swaps(row, dst, first, second)
        if k:  # the first round is the burn-in
            out.append(_statistics(net, [(r // n, b) for r, b in zip(row, dst, strict=True)]))
    return out


@functools.cache
def _code() -> list[str] | None:
    """Identify the code that draws the samples: this module and numpy's version."""
    return code_identity(__file__, ("numpy", "version.py"))


def _decoded(doc: object, count: int | None = None) -> list[tuple[float, ...]] | None:
    """Read samples back from the cache: ``count`` rows of :data:`STATISTICS` numbers."""
    if not isinstance(doc, list) or not doc or (count is not None and len(doc) != count):
        return None
    for row in doc:
        if not isinstance(row, list) or len(row) != len(STATISTICS):
            return None
        for v in row:
            if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
                return None
    return [tuple(row) for row in doc]


def _samples(net: _Network, samples: int, seed: int, attempts: int) -> list[tuple[float, ...]]:
    """Run :func:`_null_samples`, or read its samples from the user's cache (see the notes)."""
    network = [net.n, net.edges, net.clouds, net.labs, net.bound, net.total_strength]
    key = {"network": network, "samples": samples, "seed": seed, "attempts": attempts}
    return remembered_on_disk(
        "null-samples",
        key,
        lambda: _null_samples(net, samples, seed, attempts),
        code=_code(),
        decode=functools.partial(_decoded, count=samples),
        encode=lambda rows: [list(row) for row in rows],
    )


def within_budget(samples: int, attempts: int, max_attempts: int | None) -> int:
    """Return how many samples fit ``max_attempts`` (burn-in included), within the bounds.

    Examples
    --------
    >>> within_budget(1000, 1250, MAX_ATTEMPTS)  # the curated network: all of them
    1000
    >>> within_budget(1000, 15_660, MAX_ATTEMPTS)  # 1,566 edges
    126
    >>> within_budget(1000, 150_000, MAX_ATTEMPTS), within_budget(5, 150_000, MAX_ATTEMPTS)
    (20, 5)
    >>> within_budget(1000, 150_000, None)
    1000
    """
    if max_attempts is None or attempts == 0:
        return samples
    fitting = max_attempts // attempts - 1  # one round of attempts is the burn-in
    return max(min(samples, MIN_SAMPLES), min(samples, fitting))


def _histogram(values: Sequence[float]) -> tuple[Bin, ...]:
    distinct = sorted(set(values))
    if len(distinct) <= MAX_BINS:
        return tuple(Bin(v, v, values.count(v)) for v in distinct)
    lo, hi = distinct[0], distinct[-1]
    width = (hi - lo) / MAX_BINS
    counts = [0] * MAX_BINS
    for v in values:
        counts[min(int((v - lo) / width), MAX_BINS - 1)] += 1
    return tuple(Bin(lo + k * width, lo + (k + 1) * width, c) for k, c in enumerate(counts))


def _observed_claims(
    multi: nx.MultiDiGraph,
    net: _Network,
    number: dict[str, int],
    bound_claims: dict[frozenset[str], set[str]],
) -> list[tuple[str, ...]]:
    """Collect the claims each observed statistic counts, in the order of :data:`STATISTICS`."""
    dg = nx.DiGraph()
    dg.add_edges_from(sorted({(u, v) for u, v in multi.edges() if u != v}))
    hop = {(u, v): {a["claim"] for a in multi.get_edge_data(u, v).values()} for u, v in dg.edges}
    cycles: dict[int, set[str]] = {2: set(), 3: set(), 4: set()}
    cloud_lab: set[str] = set()
    bound: set[str] = set()
    for cycle in nx.simple_cycles(dg, length_bound=4):
        hops = set().union(*(hop[cycle[i - 1], cycle[i]] for i in range(len(cycle))))
        cycles[len(cycle)] |= hops
        if len(cycle) == 2:
            x, y = number[cycle[0]], number[cycle[1]]
            if (net.clouds >> x & net.labs >> y | net.labs >> x & net.clouds >> y) & 1:
                cloud_lab |= hops
            pair = frozenset(cycle)
            if pair in bound_claims:
                bound |= hops | bound_claims[pair]
    return [tuple(sorted(x)) for x in (cycles[2], cloud_lab, cycles[3], cycles[4], bound)]


def _summary(
    statistic: str,
    *,
    observed: float,
    null: Sequence[float],
    seed: int,
    attempts: int,
    claims: tuple[str, ...],
) -> Significance:
    mean = math.fsum(null) / len(null)
    std = math.sqrt(math.fsum((v - mean) ** 2 for v in null) / len(null))
    if std < _EPS * max(1.0, abs(mean)):
        std = 0.0
    reached = sum(v >= observed - _EPS for v in null)
    return Significance(
        statistic=statistic,
        observed=observed,
        null_mean=mean,
        null_std=std,
        z_score=(observed - mean) / std if std > 0 else None,
        p_value=(reached + 1) / (len(null) + 1),
        samples=len(null),
        seed=seed,
        swap_attempts=attempts,
        null_model=NULL_MODEL,
        histogram=_histogram(null),
        claims=claims,
    )


def loop_significance(
    data: ClaimData,
    as_of: str | date | None = None,
    samples: int = 1000,
    seed: int = 0,
    include_disputed: bool = False,
    *,
    max_attempts: int | None = MAX_ATTEMPTS,
) -> list[Significance]:
    """Compare the money network's loops with degree-preserving randomisations of it.

    Parameters
    ----------
    data : ClaimData
        From :func:`graph.claims.read_claims`.
    as_of : str or date, optional
        Only claims in force on that date count.
    samples : int
        Number of randomised networks (at least 1).
    seed : int
        Seed of the edge-swap chain: the same seed gives the same results.
    include_disputed : bool
        Count disputed claims too.
    max_attempts : int or None
        Work budget in swap attempts: fewer samples (at least :data:`MIN_SAMPLES`) when
        ``samples`` would cost more; ``None``: always ``samples``.

    Returns
    -------
    list of Significance
        One per statistic, in the order of :data:`STATISTICS`.

    Raises
    ------
    ValueError
        When ``samples`` is less than 1.

    Examples
    --------
    Money goes round a triangle, one way: one 3-cycle, no reciprocity. Every
    organisation pays one and is paid by one, and no swap can keep that without a
    self-loop, so the null model has nothing else to offer:

    >>> from graph.claims import Claim, ClaimData
    >>> def pay(a, b): return Claim(f"{a}{b}", "SpendCommitment", "Confirmed",
    ...                             parties={"customer": (a,), "provider": (b,)})
    >>> data = ClaimData({}, {c.iri: c for c in (pay("a", "b"), pay("b", "c"), pay("c", "a"))})
    >>> [(r.statistic, r.observed, r.p_value) for r in loop_significance(data, samples=9)]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('reciprocity', 0.0, 1.0), ('cloud_lab_2_cycles', 0.0, 1.0), ('three_cycles', 1.0, 1.0),
     ('four_cycles', 0.0, 1.0), ('binding_in_2_cycles', 0.0, 1.0)]
    >>> loop_significance(data, samples=9)[2].claims
    ('ab', 'bc', 'ca')
    """
    if samples < 1:
        raise ValueError(f"samples must be at least 1, not {samples}")
    day = parse_date(as_of)
    multi = money_flow(data, day, include_disputed=include_disputed)
    nodes = sorted(multi.nodes)
    number = {iri: k for k, iri in enumerate(nodes)}
    labs = _model_companies(data)
    strength: dict[frozenset[str], float] = {}
    bound_claims: dict[frozenset[str], set[str]] = {}
    for r in bindings(data, day, include_disputed):
        pair = frozenset((r.model, r.provider))
        strength[pair] = strength.get(pair, 0.0) + r.strength
        bound_claims.setdefault(pair, set()).update(r.claims)
    bound = []
    for pair, s in sorted(strength.items(), key=lambda x: sorted(x[0])):
        if pair <= number.keys():
            i, j = sorted(number[x] for x in pair)
            bound.append((i, j, s))
    net = _Network(
        n=len(nodes),
        edges=tuple(sorted({(number[u], number[v]) for u, v in multi.edges() if u != v})),
        clouds=sum(1 << k for k, iri in enumerate(nodes) if data.has_role(iri, _CLOUD)),
        labs=sum(1 << k for k, iri in enumerate(nodes) if iri in labs),
        bound=tuple(bound),
        total_strength=math.fsum(strength.values()),
    )

    attempts = SWAPS_PER_EDGE * len(net.edges)
    samples = within_budget(samples, attempts, max_attempts)
    observed = _statistics(net, net.edges)
    null = _samples(net, samples, seed, attempts)
    claims = _observed_claims(multi, net, number, bound_claims)
    return [
        _summary(
            name,
            observed=float(observed[k]),
            null=[float(s[k]) for s in null],
            seed=seed,
            attempts=attempts,
            claims=claims[k],
        )
        for k, name in enumerate(STATISTICS)
    ]
