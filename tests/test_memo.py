"""Views and metrics computed once per claims and date inside one export (graph.memo)."""

from __future__ import annotations

import gc
import importlib
import weakref

import networkx as nx
import pytest
import rdflib

from graph import memo
from graph.claims import ClaimData, read_claims
from graph.export.bundle import _Network
from graph.export.explorer import explorer_runs
from graph.export.slider import slider_days
from graph.memo import forgetting, remembered_frozen, shared_results
from graph.metrics.binding import bindings
from graph.metrics.poles import poles
from graph.views import availability, binding, money_flow

poles_module = importlib.import_module(
    "graph.metrics.poles"
)  # the package's `poles` is the function


def _edges(g: nx.Graph) -> list[tuple[object, ...]]:
    return (
        sorted((u, v, k) for u, v, k in g.edges(keys=True))
        if g.is_multigraph()
        else sorted(g.edges())
    )


def test_inside_a_block_each_view_is_built_once_frozen_and_equal(
    memory_graph: rdflib.Graph,
) -> None:
    data = read_claims(memory_graph)
    fresh = {
        view: view(data, "2026-06-30", include_disputed=True)
        for view in (money_flow, binding, availability)
    }
    with shared_results():
        for view, expected in fresh.items():
            first = view(data, "2026-06-30", include_disputed=True)
            again = view(data, "2026-06-30", include_disputed=True)
            assert first is again  # computed once, shared
            assert nx.is_frozen(first)
            assert _edges(first) == _edges(expected)
            assert view(data, "2026-06-30") is not first  # other arguments, other graph
            with pytest.raises(nx.NetworkXError):
                first.add_edge("x", "y")  # a writer cannot change what others read
    outside = money_flow(data, "2026-06-30", include_disputed=True)
    assert not nx.is_frozen(outside)


def test_metric_lists_are_copies_and_the_claims_object_is_the_key(
    memory_graph: rdflib.Graph,
) -> None:
    data = read_claims(memory_graph)
    other = read_claims(memory_graph)  # equal content, another object: never mixed up
    with shared_results():
        first = bindings(data, "2026-06-30")
        first.clear()  # the caller's list only
        assert bindings(data, "2026-06-30") == bindings(other, "2026-06-30")
        assert bindings(data, "2026-06-30")
        with shared_results():  # a nested block shares the outer one
            assert poles(data, "2026-06-30") == poles(data, "2026-06-30")
    assert poles(data, "2026-06-30") == poles(other, "2026-06-30")


def test_the_explorer_frees_its_views_of_each_date_and_keeps_what_was_there(
    curated_data: ClaimData,
) -> None:
    days = slider_days(curated_data, None)
    assert len(days) > 5
    with shared_results():
        kept_before = poles(curated_data, days[2])
        before = set(memo._ACTIVE[-1])
        assert any(name == "money_flow" for name, _, _ in before)
        runs = explorer_runs(curated_data)
        # nothing of the explorer's dates is held after it; what was kept before stays
        assert set(memo._ACTIVE[-1]) == before
        assert poles(curated_data, days[2]) == kept_before
    assert runs.days == days
    assert explorer_runs(curated_data) == runs  # the same runs as outside any block


def test_the_tri_polar_page_keeps_only_the_poles_the_explorer_asks_for_again(
    curated_data: ClaimData, monkeypatch: pytest.MonkeyPatch
) -> None:
    network = _Network(curated_data, None, None)
    with shared_results():
        assert network.graph.number_of_nodes() > 0  # the layout's views, kept for every file
        before = set(memo._ACTIVE[-1])
        page = network.tri_polar()
        added = set(memo._ACTIVE[-1]) - before
        # its own views (without disputed claims) are freed; its poles stay
        assert added
        assert {name for name, _, _ in added} == {"poles"}
        computed: list[object] = []
        real = poles_module._poles

        def counted(*args: object) -> object:
            computed.append(args)
            return real(*args)  # type: ignore[arg-type]

        monkeypatch.setattr(poles_module, "_poles", counted)
        runs = explorer_runs(curated_data)
        assert computed == []  # every date's poles came from the tri-polar page
    assert page == _Network(curated_data, None, None).tri_polar()  # as outside any block
    assert runs == explorer_runs(curated_data)


class _Cyclic:  # like the views' networkx graphs: only the garbage collector frees it
    def __init__(self) -> None:
        self.me = self


def _one(name: str, data: object) -> _Cyclic:
    return next(iter(remembered_frozen(name, data, (1,), lambda: frozenset({_Cyclic()}))))


def test_what_is_forgotten_is_freed_though_the_build_paused_the_collector(
    curated_data: ClaimData,
) -> None:
    data = object()
    enabled = gc.isenabled()
    gc.disable()  # as `aikg build` and the children it forks run
    try:
        with shared_results():
            with forgetting(keep={"poles"}):
                dropped, kept = weakref.ref(_one("view", data)), weakref.ref(_one("poles", data))
                flows = money_flow(curated_data, "2026-06-30", include_disputed=True)
                assert flows.edges  # its edge view, kept on the graph: a reference cycle
                view = weakref.ref(flows)
                del flows
                assert dropped() is not None  # held while the block runs
            assert dropped() is None  # collected at the block's end, the collector paused
            assert view() is None
            assert kept() is not None  # kept by name
            assert not gc.isenabled()
            assert gc.get_freeze_count() == 0  # nothing left frozen
    finally:
        if enabled:
            gc.enable()
