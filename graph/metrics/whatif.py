"""What-if: drop deals or parties, recompute the metrics, and report what changed.

Examples
--------
>>> from graph.claims import ClaimData, Claim
>>> d1 = "https://w3id.org/aikg/id/d1"
>>> data = ClaimData({}, {d1: Claim(d1, "Deal", "Confirmed")})
>>> count = lambda d, as_of=None: [Row("deals", len(d.claims))]
>>> result = what_if(data, ["d1"], {"deal_count": count})
>>> [(c.metric, c.key, c.before, c.after) for c in result.changes]
[('deal_count', 'deals', {'n': 1}, {'n': 0})]

A slow metric can be computed in forked children, with and without at once:

>>> what_if(data, ["d1"], {"deal_count": count}, beside=["deal_count"]) == result
True
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from graph.claims import ClaimData
from graph.forked import start_beside
from graph.ids import entity_iri
from graph.metrics.result import MetricResult
from graph.progress import track

__all__ = ["Change", "Row", "WhatIf", "result_key", "unknown_ids", "what_if"]

#: Fields that identify a result (in this order) when comparing before and after.
KEY_FIELDS = (
    "metric_key",
    "region",
    "year",
    "model",
    "provider",
    "cloud",
    "family",
    "node",
    "nodes",
    "statistic",
    "method",
    "reference",
    "hub",
)


@dataclass(frozen=True)
class Row(MetricResult):
    """A tiny named number, for examples and tests."""

    UNITS: ClassVar[dict[str, str]] = {}
    metric_key: str
    n: int


@dataclass(frozen=True)
class Change(MetricResult):
    """One result that appeared, disappeared or changed."""

    metric: str
    key: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True)
class WhatIf(MetricResult):
    """The dropped ids and every change they cause."""

    dropped: tuple[str, ...]
    changes: tuple[Change, ...] = field(default_factory=tuple)
    unknown: tuple[str, ...] = ()


def result_key(result: MetricResult | Mapping[str, Any]) -> str:
    """Identify a result by its identifying fields (model, provider, family...).

    ``result`` may be the result's :meth:`~graph.metrics.result.MetricResult.to_dict`
    already made (it can be large: a result's claims and flows).
    """
    values = result.to_dict() if isinstance(result, MetricResult) else result
    parts = [
        "|".join(v) if isinstance(v, list) else str(v)
        for k in KEY_FIELDS
        if (v := values.get(k)) is not None
    ]
    return " ".join(p.rsplit("/", 1)[-1] if p.startswith("http") else p for p in parts)


def _comparable(results: Iterable[MetricResult]) -> dict[str, dict[str, Any]]:
    """Key each result (:func:`result_key`) to the fields a change is looked for in."""
    out = {}
    for result in results:
        values = result.to_dict()
        out[result_key(values)] = {
            k: v
            for k, v in values.items()
            if k not in KEY_FIELDS and k not in {"claims", "evidence", "by_deal", "flows"}
        }
    return out


def _as_list(value: Any) -> list[MetricResult]:
    if isinstance(value, MetricResult):
        return [value]
    return [v for v in value if isinstance(v, MetricResult)]


def _side(
    data: ClaimData, metrics: Mapping[str, Callable[..., Any]], as_of: str | date | None
) -> dict[str, list[MetricResult]]:
    return {name: _as_list(fn(data, as_of=as_of)) for name, fn in metrics.items()}


def unknown_ids(data: ClaimData, drop: Iterable[str]) -> tuple[str, ...]:
    """Return the IRIs of the ids in ``drop`` that name no claim or entity of ``data``.

    Examples
    --------
    >>> from graph.claims import ClaimData, Claim
    >>> d1 = "https://w3id.org/aikg/id/d1"
    >>> unknown_ids(ClaimData({}, {d1: Claim(d1, "Deal", "Confirmed")}), ["d1", "d2"])
    ('https://w3id.org/aikg/id/d2',)
    """
    return tuple(i for i in _iris(drop) if i not in data.claims and i not in data.entities)


def _iris(ids: Iterable[str]) -> list[str]:
    """Slugs (``anthropic``) as ``id:`` IRIs; IRIs as they are."""
    return [d if d.startswith(("http://", "https://")) else entity_iri(d) for d in ids]


def what_if(
    data: ClaimData,
    drop: Iterable[str],
    metrics: Mapping[str, Callable[..., Any]],
    as_of: str | date | None = None,
    *,
    beside: Collection[str] = (),
) -> WhatIf:
    """Recompute ``metrics`` without the claims or entities in ``drop``.

    Parameters
    ----------
    data : ClaimData
        The full data.
    drop : iterable of str
        Claim or entity ids: slugs (``deal-amazon-anthropic-2026``, ``amazon``) or IRIs.
        Dropping an entity drops every claim it is a party to.
    metrics : mapping of name to callable
        Metric functions ``f(data, as_of=...)`` returning results or lists of results.
    as_of : date or str, optional
        Evaluate as of that date.
    beside : collection of str
        Metrics computed (with and without) in a forked child while this process
        computes the others (:mod:`graph.forked`): the slow randomisations.

    Returns
    -------
    WhatIf
        ``unknown`` lists ids that matched nothing.
    """
    iris = _iris(drop)
    unknown = unknown_ids(data, iris)
    reduced = data.without(set(iris))
    slow = {name: fn for name, fn in metrics.items() if name in beside}
    # one child with them, one without: the two sides of a slow metric run at once
    pending = [
        start_beside(functools.partial(_side, d, slow, as_of)) for d in (data, reduced) if slow
    ]
    done: list[dict[str, list[MetricResult]]] = []
    changes: list[Change] = []
    for name, fn in track(metrics.items(), "computing every metric with and without them"):
        if name in slow:
            done = done or [side.result() for side in pending]
            with_them, without = done[0][name], done[1][name]
        else:
            with_them, without = _as_list(fn(data, as_of=as_of)), _as_list(fn(reduced, as_of=as_of))
        before, after = _comparable(with_them), _comparable(without)
        for key in sorted(before.keys() | after.keys()):
            if before.get(key) != after.get(key):
                changes.append(Change(name, key, before.get(key), after.get(key)))
    return WhatIf(tuple(sorted(iris)), tuple(changes), unknown)
