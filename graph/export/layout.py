"""Positions of the ecosystem graph, the same numbers for the same data.

A seeded spring layout over sorted input; large graphs are shelved around an
anchored core.
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence

import networkx as nx

from graph.diskcache import code_identity, remembered_on_disk

__all__ = ["CORE", "LARGE", "SEED", "edge_order", "spring_layout"]


#: Seed of every layout, so that positions are reproducible.
SEED = 42


def edge_order(item: tuple[str, str, str, dict[str, object]]) -> tuple[str, str, str]:
    """Sort key of a multigraph edge ``(u, v, key, data)``: its ends and key."""
    return item[0], item[1], item[2]


def _spring(g: nx.Graph, scale: float, center: tuple[float, float]) -> dict[str, tuple[int, int]]:
    """Seeded spring layout of a simple graph, integer coordinates."""
    n = g.number_of_nodes()
    if n == 1:
        return {next(iter(g)): (round(center[0]), round(center[1]))}
    iterations = 50 if n <= 1500 else 30
    # a copy in sorted order: a small subgraph view iterates its node *set* (hash order),
    # and the seeded layout depends on the order it sees
    nodes = sorted(g)
    edges = sorted((min(u, v), max(u, v)) for u, v in g.edges())

    def compute() -> dict[str, tuple[int, int]]:
        ordered = nx.Graph()
        ordered.add_nodes_from(nodes)
        ordered.add_edges_from(edges)
        pos = nx.spring_layout(
            ordered, seed=SEED, scale=scale, center=center, iterations=iterations
        )
        return {iri: (round(float(p[0])), round(float(p[1]))) for iri, p in sorted(pos.items())}

    key = {"nodes": nodes, "edges": edges, "scale": scale, "center": list(center)}
    return remembered_on_disk(
        "layouts",
        {**key, "iterations": iterations, "seed": SEED},
        compute,
        code=_code(),
        decode=functools.partial(_decoded, set(nodes)),
        encode=lambda pos: [[iri, x, y] for iri, (x, y) in pos.items()],
    )


@functools.cache
def _code() -> list[str] | None:
    """Identify the code that lays a graph out: this module, networkx's and numpy's versions.

    The spring layout is kept between processes (:mod:`graph.diskcache`): the same graph
    gets the same positions, and a rebuild reads them instead of importing numpy (a
    quarter of a second) and running the layout. ``None`` (no cache) when a file is missing.
    """
    code = code_identity(__file__, ("numpy", "version.py"))
    return None if code is None else [*code, nx.__version__]


def _decoded(nodes: set[str], doc: object) -> dict[str, tuple[int, int]] | None:
    """Read positions back from the cache: one ``[node, x, y]`` per node, integers."""
    if not isinstance(doc, list) or len(doc) != len(nodes):
        return None
    pos = {}
    for row in doc:
        if not (isinstance(row, list) and len(row) == 3 and row[0] in nodes):
            return None
        x, y = row[1], row[2]
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (x, y)):
            return None
        pos[row[0]] = (x, y)
    return pos if len(pos) == len(nodes) else None


def _simple(g: nx.MultiDiGraph, nodes: Iterable[str]) -> nx.Graph:
    """Sorted undirected simple graph on ``nodes`` (deterministic input for layouts)."""
    keep = sorted(nodes)
    simple = nx.Graph()
    simple.add_nodes_from(keep)
    sub = g.subgraph(keep)
    simple.add_edges_from(sorted({(min(u, v), max(u, v)) for u, v in sub.edges() if u != v}))
    return simple


#: Above this many nodes (where networkx switches to its slow energy method), only the
#: best-connected ``CORE`` nodes get a spring layout;
#: the others are placed around a neighbour (networkx's spring layout takes ~25 s
#: on 3,000 nodes, the anchored layout well under a second).
LARGE = 499


CORE = 400


def _shelve(
    simple: nx.Graph, parts: Sequence[set[str]], top: float, width: float
) -> dict[str, tuple[int, int]]:
    """Place small components left to right in rows below ``top``."""
    out: dict[str, tuple[int, int]] = {}
    x, y, row = -width / 2, top, 0.0
    for part in parts:
        r = 45.0 * math.sqrt(len(part)) + 25.0
        if x + 2 * r > width / 2 and x > -width / 2:
            x, y, row = -width / 2, y + row + 40.0, 0.0
        if len(part) > LARGE:
            out.update(_anchored(simple.subgraph(part), (x + r, y + r)))
        else:
            out.update(_spring(simple.subgraph(part), r, (x + r, y + r)))
        x += 2 * r + 40.0
        row = max(row, 2 * r)
    return out


def _anchored(simple: nx.Graph, center: tuple[float, float]) -> dict[str, tuple[int, int]]:
    """Spring-lay the ``CORE`` best-connected nodes, ring the others around a placed neighbour."""
    order = sorted(simple, key=lambda n: (-simple.degree(n), n))
    core = sorted(order[:CORE])
    scale = 90.0 * math.sqrt(len(core))
    base = _spring(nx.Graph(simple.subgraph(core)), scale, center)
    pos = {n: (float(x), float(y)) for n, (x, y) in base.items()}
    children: dict[str, list[str]] = defaultdict(list)
    queue = deque(n for n in order if n in pos)
    placed = set(pos)
    while queue:
        parent = queue.popleft()
        for child in sorted(simple[parent]):
            if child not in placed:
                placed.add(child)
                children[parent].append(child)
                queue.append(child)
    queue = deque(n for n in order if n in pos)
    while queue:
        parent = queue.popleft()
        kids = children.get(parent, [])
        px, py = pos[parent]
        away = math.atan2(py - center[1], px - center[0])
        radius = 40.0 + 9.0 * math.sqrt(len(kids))
        for i, child in enumerate(kids):
            angle = away + 2 * math.pi * i / max(len(kids), 1)
            pos[child] = (px + radius * math.cos(angle), py + radius * math.sin(angle))
            queue.append(child)
    return {n: (round(x), round(y)) for n, (x, y) in sorted(pos.items())}


def spring_layout(g: nx.MultiDiGraph) -> dict[str, tuple[int, int]]:
    """Lay out the largest component in the middle, the other components beneath it."""
    simple = _simple(g, g.nodes)
    parts = sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(c)))
    out: dict[str, tuple[int, int]] = {}
    if not parts:
        return out
    main = parts[0]
    radius = 60.0 * math.sqrt(len(main)) + 40.0
    if len(main) > LARGE:
        out.update(_anchored(simple.subgraph(main), (0.0, 0.0)))
        ys = [y for _, y in out.values()]
        radius = max(radius, (max(ys) - min(ys)) / 2)
    else:
        out.update(_spring(simple.subgraph(main), radius, (0.0, 0.0)))
    out.update(_shelve(simple, parts[1:], radius + 120.0, 2.4 * radius))
    return dict(sorted(out.items()))
