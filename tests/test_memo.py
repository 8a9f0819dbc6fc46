"""Views and metrics computed once per claims and date inside one export (graph.memo)."""

from __future__ import annotations

import networkx as nx
import pytest
import rdflib

from graph import memo
from graph.claims import ClaimData, read_claims
from graph.export.explorer import explorer_runs
from graph.export.slider import slider_days
from graph.memo import shared_results
from graph.metrics.binding import bindings
from graph.metrics.poles import poles
from graph.views import availability, binding, money_flow


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
