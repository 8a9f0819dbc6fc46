"""Compute a view or metric once per claims and date while several writers ask for it.

The pages of one export ask for the same bindings and poles again and again (the
tri-polar story, the explorer and the pole lists each walk the same dates: on a
synthetic 100k graph, 70 calls of :func:`graph.metrics.binding.bindings` for 17
dates). Inside :func:`shared_results`, :func:`remembered` keeps each result by
(name, claims object, arguments) and hands out copies of the list (a view's
graph is frozen instead, so a writer that tried to change it would fail loudly);
outside, it computes every time. A result is kept with the claims object it came from, so an
id reused by a new object never matches. Nothing may change the claims inside the
block (the exports only read them).

Examples
--------
>>> calls = []
>>> def compute():
...     calls.append(1)
...     return [1, 2]
>>> data = object()
>>> with shared_results():
...     first = remembered("m", data, ("2026-01-01",), compute)
...     again = remembered("m", data, ("2026-01-01",), compute)
>>> first == again == [1, 2], first is not again, len(calls)
(True, True, 1)
>>> remembered("m", data, ("2026-01-01",), compute) and len(calls)  # outside: computed
2
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Collection, Hashable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

__all__ = ["forgetting", "remembered", "remembered_frozen", "remembered_graph", "shared_results"]

T = TypeVar("T")
V = TypeVar("V")
G = TypeVar("G")

_ACTIVE: list[dict[tuple[str, int, Hashable], tuple[object, Any]]] = []


@contextmanager
def shared_results() -> Iterator[None]:
    """Share the results of :func:`remembered` metrics until the block ends.

    A block inside another shares the outer block's results.
    """
    _ACTIVE.append(_ACTIVE[-1] if _ACTIVE else {})
    try:
        yield
    finally:
        _ACTIVE.pop()


@contextmanager
def forgetting(keep: Collection[str] = ()) -> Iterator[None]:
    """Drop, when the block ends, the results :func:`remembered` kept inside it.

    For work that asks for each of many results once (the explorer's views at every
    slider date): they are shared while the block runs, then freed instead of being
    held until the export ends. Results kept before the block stay, and so do those
    kept inside it under a name in ``keep`` (what later work asks for again).

    The results dropped hold reference cycles (a networkx graph refers to itself once
    its edge views are read), which only the garbage collector frees, and ``aikg build``
    pauses it (:mod:`graph.cli.building`; its children inherit the pause). So the block
    freezes what existed before it (:func:`gc.freeze`: never scanned) and, when it ends,
    collects what it made: each object is scanned once, whatever the collector's
    setting. Turning the automatic passes back on instead cost the network pages of a
    synthetic million about 55% more CPU (138 s against 215 s), in full passes over
    everything they had made.

    >>> data = object()
    >>> with shared_results():
    ...     old = remembered("m", data, (1,), lambda: [1])
    ...     with forgetting():
    ...         new = remembered("m", data, (2,), lambda: [2])
    ...         again = remembered("m", data, (2,), lambda: [0])  # shared inside
    ...     after = remembered("m", data, (2,), lambda: [3])  # forgotten: computed
    ...     kept = remembered("m", data, (1,), lambda: [4])
    >>> again, after, kept
    ([2], [3], [1])
    >>> with shared_results():
    ...     with forgetting(keep={"poles"}):
    ...         view = remembered("view", data, (1,), lambda: [1])
    ...         poles = remembered("poles", data, (1,), lambda: [1])
    ...     view_after = remembered("view", data, (1,), lambda: [2])
    ...     poles_after = remembered("poles", data, (1,), lambda: [2])
    >>> view_after, poles_after  # the view is computed again, the poles were kept
    ([2], [1])
    """
    if not _ACTIVE:
        yield
        return
    kept = _ACTIVE[-1]
    before = set(kept)
    outermost = gc.get_freeze_count() == 0
    gc.freeze()
    try:
        yield
    finally:
        for key in [k for k in kept if k not in before and k[0] not in keep]:
            del kept[key]
        gc.collect()  # only what the block made: the rest is frozen
        if outermost:
            gc.unfreeze()


def remembered(
    name: str, data: object, arguments: Hashable, compute: Callable[[], list[T]]
) -> list[T]:
    """Return ``compute()``, or a copy of the list kept for the same name, data and arguments."""
    return list(_kept(name, data, arguments, compute))


def remembered_frozen(
    name: str, data: object, arguments: Hashable, compute: Callable[[], frozenset[T]]
) -> frozenset[T]:
    """Return ``compute()``, or the frozen set kept for the same name, data and arguments.

    >>> data = object()
    >>> with shared_results():
    ...     a = remembered_frozen("s", data, (), lambda: frozenset({1}))
    ...     a is remembered_frozen("s", data, (), lambda: frozenset({2}))
    True
    """
    return _kept(name, data, arguments, compute)


def remembered_graph(name: str, data: object, arguments: Hashable, compute: Callable[[], G]) -> G:
    """Return ``compute()``, or the graph kept for the same name, data and arguments.

    Inside :func:`shared_results` the graph is frozen (``networkx.freeze``) and shared.
    """
    if not _ACTIVE:
        return compute()

    def frozen() -> G:
        import networkx as nx  # noqa: PLC0415 - only graphs come here

        return nx.freeze(compute())  # type: ignore[no-any-return]

    return _kept(name, data, arguments, frozen)


def _kept(name: str, data: object, arguments: Hashable, compute: Callable[[], V]) -> V:
    if not _ACTIVE:
        return compute()
    kept = _ACTIVE[-1]
    key = (name, id(data), arguments)
    hit = kept.get(key)
    if hit is not None and hit[0] is data:
        return hit[1]  # type: ignore[no-any-return]
    value = compute()
    kept[key] = (data, value)
    return value
