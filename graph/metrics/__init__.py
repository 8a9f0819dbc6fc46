"""The analyses of the AI-cloud graph, as of any date.

Binding, round trips, closed loops, poles, exclusivity, concentration,
regions, centrality, the loops against degree-preserving randomisations and
the communities of the binding graph, over time and under what-if.

Every function takes the knowledge graph (an rdflib ``Graph`` from
:func:`graph.load`, or the :class:`~graph.claims.ClaimData` read from it) and an
``as_of`` date, and returns typed results (frozen dataclasses with
``to_dict()``) that carry the ids of the claims they rest on.

Examples
--------
>>> import graph
>>> kg = graph.load("memory")
>>> b = graph.metrics.binding(kg, "anthropic", "amazon", as_of="2026-04-30")
>>> b.depth, b.strength
(6, 1.0)
>>> rt = graph.metrics.round_trip(kg, "amazon", "anthropic", as_of="2026-04-30")
>>> [str(d.ratio) for d in rt.by_deal if d.deal.endswith("deal-amazon-anthropic-2026")]
['>= 4']
>>> sorted(METRICS)[:3]
['binding', 'centrality', 'closed_loop_share']
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Concatenate, ParamSpec, TypeVar

import pyoxigraph as ox
import rdflib

from graph.claims import ClaimData, read_claims
from graph.dates import parse_date
from graph.metrics import binding as _binding
from graph.metrics import centrality as _centrality
from graph.metrics import communities as _communities
from graph.metrics import concentration as _concentration
from graph.metrics import exclusivity as _exclusivity
from graph.metrics import loops as _loops
from graph.metrics import poles as _poles
from graph.metrics import regions as _regions
from graph.metrics import roundtrip as _roundtrip
from graph.metrics import significance as _significance
from graph.metrics import timeline as _timeline
from graph.metrics import whatif as _whatif
from graph.metrics.binding import BindingResult
from graph.metrics.centrality import Centrality
from graph.metrics.communities import Agreement, Community
from graph.metrics.concentration import SupplierConcentration
from graph.metrics.exclusivity import CloudExclusiveShare, FamilyExclusivity
from graph.metrics.loops import Flow, Loop
from graph.metrics.poles import Contested, Pole, PublicGood
from graph.metrics.regions import ClosedLoopShare, RegionShare
from graph.metrics.result import MetricResult
from graph.metrics.roundtrip import DealRoundTrip, RoundTrip
from graph.metrics.significance import Significance
from graph.metrics.timeline import Point
from graph.metrics.whatif import Change, WhatIf
from graph.oxterms import triple_count
from graph.progress import track

__all__ = [
    "METRICS",
    "SLOW_METRICS",
    "Agreement",
    "BindingResult",
    "Centrality",
    "Change",
    "ClaimData",
    "ClosedLoopShare",
    "CloudExclusiveShare",
    "Community",
    "Contested",
    "DealRoundTrip",
    "FamilyExclusivity",
    "Flow",
    "Loop",
    "Metric",
    "MetricResult",
    "Point",
    "Pole",
    "PublicGood",
    "RegionShare",
    "RoundTrip",
    "Significance",
    "SupplierConcentration",
    "WhatIf",
    "binding",
    "bindings",
    "centrality",
    "closed_loop_share",
    "closed_loops",
    "communities",
    "contested",
    "data_of",
    "exclusive_share",
    "exclusivity",
    "loop_significance",
    "poles",
    "public_goods",
    "regional_proportions",
    "round_trip",
    "round_trips",
    "run_all",
    "supplier_concentration",
    "supplier_concentrations",
    "timeline",
    "what_if",
]

P = ParamSpec("P")
R = TypeVar("R")
KG = rdflib.Graph | ClaimData

_CACHE: dict[int, tuple[weakref.ref[rdflib.Graph], int, ClaimData]] = {}


def data_of(kg: KG | ox.Store) -> ClaimData:
    """Return the :class:`ClaimData` of ``kg`` (read once per graph and size).

    Parameters
    ----------
    kg : rdflib.Graph, pyoxigraph.Store or ClaimData
        A graph from :func:`graph.load` (read and cached), an Oxigraph store (its
        default graph, read at every call) or already-read data.
    """
    if isinstance(kg, ClaimData):
        return kg
    if isinstance(kg, ox.Store):
        return read_claims(kg)
    size = triple_count(kg)
    hit = _CACHE.get(id(kg))
    if hit is not None and hit[0]() is kg and hit[1] == size:
        return hit[2]
    data = read_claims(kg)
    _CACHE[id(kg)] = (weakref.ref(kg), size, data)
    return data


def _on_graph(fn: Callable[Concatenate[ClaimData, P], R]) -> Callable[Concatenate[KG, P], R]:
    @functools.wraps(fn)
    def wrapper(kg: KG, /, *args: P.args, **kwargs: P.kwargs) -> R:
        return fn(data_of(kg), *args, **kwargs)

    return wrapper


binding = _on_graph(_binding.binding)
bindings = _on_graph(_binding.bindings)
round_trip = _on_graph(_roundtrip.round_trip)
round_trips = _on_graph(_roundtrip.round_trips)
closed_loops = _on_graph(_loops.closed_loops)
poles = _on_graph(_poles.poles)
contested = _on_graph(_poles.contested)
public_goods = _on_graph(_poles.public_goods)
exclusivity = _on_graph(_exclusivity.exclusivity)
exclusive_share = _on_graph(_exclusivity.exclusive_share)
supplier_concentration = _on_graph(_concentration.supplier_concentration)
supplier_concentrations = _on_graph(_concentration.supplier_concentrations)
regional_proportions = _on_graph(_regions.regional_proportions)
closed_loop_share = _on_graph(_regions.closed_loop_share)
centrality = _on_graph(_centrality.centrality)
loop_significance = _on_graph(_significance.loop_significance)
communities = _on_graph(_communities.communities)


@dataclass(frozen=True)
class Metric:
    """A metric as the command line and the exports know it."""

    name: str
    compute: Callable[[ClaimData, date | None], Sequence[MetricResult]]
    description: str


def _regional(data: ClaimData, as_of: date | None) -> list[RegionShare]:
    return _regions.regional_proportions(data, since=2023, unit="release", as_of=as_of)


#: Every metric over all pairs / families / regions, by name.
METRICS: dict[str, Metric] = {
    m.name: m
    for m in (
        Metric("binding", _binding.bindings, "binding layers, depth (0-6) and strength per pair"),
        Metric("round_trip", _roundtrip.round_trips, "money committed back / money invested"),
        Metric("closed_loops", _loops.closed_loops, "directed money cycles up to 4 hops"),
        Metric("poles", _poles.poles, "cloud + closed-weight lab in a deep closed loop"),
        Metric("contested", _poles.contested, "model companies deeply bound to 2+ clouds"),
        Metric("public_goods", _poles.public_goods, "open-weight families and their reach"),
        Metric("exclusivity", _exclusivity.exclusivity, "1 / clouds offering a closed family"),
        Metric("exclusive_share", _exclusivity.exclusive_share, "share of a cloud's exclusives"),
        Metric(
            "supplier_concentration",
            _concentration.supplier_concentrations,
            "HHI of a model company's compute commitments",
        ),
        Metric("regional_proportions", _regional, "open vs API-only releases since 2023"),
        Metric(
            "closed_loop_share",
            _regions.closed_loop_share,
            "binding strength inside closed loops per region",
        ),
        Metric("centrality", _centrality.centrality, "PageRank (money) and betweenness (binding)"),
        Metric(
            "loop_significance",
            _significance.loop_significance,
            "money loops vs degree-preserving randomisations of the network",
        ),
        Metric(
            "communities",
            _communities.communities,
            "Louvain communities of the binding graph vs the poles",
        ),
    )
}


#: Metrics too slow to wait for (randomisations): computed in a forked child beside the
#: others by :func:`run_all`, :func:`what_if` and a build.
SLOW_METRICS = ("loop_significance",)


def run_all(
    kg: KG,
    as_of: str | date | None = None,
    names: Sequence[str] | None = None,
    *,
    samples: int = 1000,
    seed: int = 0,
    max_attempts: int | None = _significance.MAX_ATTEMPTS,
) -> dict[str, list[MetricResult]]:
    """Compute every metric (or those in ``names``) as of a date.

    ``samples``, ``seed`` and ``max_attempts`` go to :func:`loop_significance` (the
    randomised networks it compares with, and its work budget). Asked for with others,
    its randomisations run in a forked child beside them (:mod:`graph.forked`), and the
    others share their views (:mod:`graph.memo`).

    Raises
    ------
    KeyError
        For an unknown metric name.
    """
    data = data_of(kg)
    day = parse_date(as_of)
    chosen = list(names) if names else list(METRICS)

    def compute(name: str) -> list[MetricResult]:
        if name == "loop_significance":
            return list(
                _significance.loop_significance(
                    data, day, samples=samples, seed=seed, max_attempts=max_attempts
                )
            )
        return list(METRICS[name].compute(data, day))

    slow = [name for name in chosen if name in SLOW_METRICS]
    if not slow or len(slow) == len(chosen):
        return {name: compute(name) for name in track(chosen, f"computing {len(chosen)} metric(s)")}
    from graph.forked import run_beside  # noqa: PLC0415
    from graph.memo import shared_results  # noqa: PLC0415

    rest = [name for name in chosen if name not in SLOW_METRICS]

    def others() -> dict[str, list[MetricResult]]:
        with shared_results():
            return {n: compute(n) for n in track(rest, f"computing {len(chosen)} metric(s)")}

    late, early = run_beside(lambda: {n: compute(n) for n in slow}, others)
    merged = {**early, **late}
    return {name: merged[name] for name in chosen}


def timeline(
    kg: KG,
    metric: str,
    start: str | date,
    end: str | date,
    step: _timeline.Step = "year",
) -> list[Point[list[MetricResult]]]:
    """Compute the named metric as of each year or quarter end from ``start`` to ``end``."""
    compute = METRICS[metric].compute
    return _timeline.timeline(
        data_of(kg), lambda d, as_of: list(compute(d, as_of)), start, end, step
    )


def what_if(kg: KG, drop: Sequence[str], as_of: str | date | None = None) -> WhatIf:
    """Drop claims or parties (slugs or IRIs), recompute every metric, return the changes.

    The views are shared by the metrics of each side (:mod:`graph.memo`), and the
    randomisations of ``loop_significance`` run in a child beside the others.
    """
    from graph.memo import shared_results  # noqa: PLC0415

    day = parse_date(as_of)
    fns = {name: (lambda d, as_of, m=m: m.compute(d, as_of)) for name, m in METRICS.items()}
    with shared_results():
        return _whatif.what_if(data_of(kg), drop, fns, day, beside=SLOW_METRICS)
