"""Spring layouts kept between processes (graph.diskcache): the same positions, read back."""

from __future__ import annotations

import json
import random
from pathlib import Path

import networkx as nx
import pytest

from graph.export import layout


def _graph(seed: int = 1, size: int = 40) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    names = [f"https://w3id.org/aikg/id/n{i:02d}-ü" for i in range(size)]  # Unicode in IRIs
    g.add_nodes_from(names)
    for a in names:
        for b in names:
            if a != b and rng.random() < 0.06:
                g.add_edge(a, b, key="k")
    return g


@pytest.fixture
def runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count networkx's spring layouts (the cache's misses), with a cache folder of its own."""
    monkeypatch.setenv("AIKG_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("AIKG_CACHE", raising=False)
    counted: list[int] = []
    real = nx.spring_layout

    def spring(*args: object, **kwargs: object) -> object:
        counted.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(layout.nx, "spring_layout", spring)
    return counted


def test_a_kept_layout_is_the_computed_one(
    runs: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = _graph()
    monkeypatch.setenv("AIKG_CACHE", "0")
    plain = layout.spring_layout(g)
    monkeypatch.delenv("AIKG_CACHE")
    computed = len(runs)
    assert computed >= 1
    first = layout.spring_layout(g)
    assert len(runs) == 2 * computed  # written
    again = layout.spring_layout(g)
    assert len(runs) == 2 * computed  # read
    assert list(again.items()) == list(first.items()) == list(plain.items())
    other = layout.spring_layout(_graph(seed=2))
    assert len(runs) > 2 * computed
    assert other != first


@pytest.mark.parametrize(
    "damage",
    [
        lambda rows: rows[:-1],  # a node missing
        lambda rows: [*rows[:-1], [rows[-1][0], 1.5, 2]],  # not an integer
        lambda rows: [*rows[:-1], ["https://w3id.org/aikg/id/other", 1, 2]],  # another node
        lambda rows: [*rows[:-1], [rows[-1][0], True, 2]],
        lambda rows: {"rows": rows},
    ],
)
def test_a_damaged_layout_is_computed_again(
    runs: list[int], tmp_path: Path, damage: object
) -> None:
    g = _graph()
    good = layout.spring_layout(g)
    before = len(runs)
    for path in (tmp_path / "layouts").glob("*.json"):
        rows = json.loads(path.read_text(encoding="utf-8"))
        path.write_text(json.dumps(damage(rows)), encoding="utf-8")  # type: ignore[operator]
    assert layout.spring_layout(g) == good
    assert len(runs) == 2 * before
