"""The small neighbourhood graph of an entity page: the entity, its counterparties, their ties.

Positions are computed here (the entity in the middle, its neighbours on one or two rings,
grouped by type), so the page draws at once with physics off and the same data gives the
same picture. Each node links to its neighbour's page.

Examples
--------
>>> from graph.claims import Claim, ClaimData, Entity
>>> from graph.ids import ENTITY_NS
>>> a, b = ENTITY_NS + "a", ENTITY_NS + "b"
>>> data = ClaimData(
...     {a: Entity(a, "Company", "A"), b: Entity(b, "Company", "B")},
...     {"d": Claim("d", "EquityInvestment", "Confirmed",
...                 parties={"investor": (a,), "investee": (b,)})},
... )
>>> g = neighbourhood(data, a, [data.claims["d"]], {b: "b.html"}.get, set())
>>> [n["label"] for n in g["nodes"]], g["edges"][0]["label"]
(['A', 'B'], 'equity investment')
>>> g["nodes"][1]["href"]
'b.html'
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from graph.claims import CLAIM_LINKS, Claim, ClaimData
from graph.export.network import node_type
from graph.export.styles import NODE_STYLES

__all__ = ["MAX_NEIGHBOURS", "kind_words", "neighbourhood"]

#: The most neighbours a page draws (those sharing the most claims; the rest are in the tables).
MAX_NEIGHBOURS = 24
#: Neighbours on the inner ring: the strongest ties (money first).
INNER = 8
_MONEY = frozenset(
    {"EquityInvestment", "SpendCommitment", "CapacityCommitment", "Acquisition", "ComputeAgreement"}
)
_WORDS = re.compile(r"(?<=[a-z])(?=[A-Z])")


def kind_words(kind: str) -> str:
    """Return a claim class as words (``EquityInvestment`` -> ``equity investment``)."""
    return _WORDS.sub(" ", kind).lower()


def _label(name: str) -> str:
    return name if len(name) <= 28 else name[:27] + "\u2026"


def _node(data: ClaimData, iri: str, href: str, closed: set[str]) -> dict[str, Any]:
    kind = node_type(data.entities.get(iri), closed)
    style = NODE_STYLES.get(kind, NODE_STYLES["Company"])
    return {
        "id": iri,
        "label": _label(data.name(iri)),
        "title": f"{data.name(iri)} ({kind})",
        "color": style.color,
        "shape": style.shape,
        "href": href,
    }


def _ring(count: int, rx: float, ry: float, turn: float = 0.0) -> list[tuple[float, float]]:
    """Return ``count`` positions on an ellipse (the page's box is wider than tall)."""
    return [
        (
            round(rx * math.cos(2 * math.pi * (i + turn) / count - math.pi / 2), 1),
            round(ry * math.sin(2 * math.pi * (i + turn) / count - math.pi / 2), 1),
        )
        for i in range(count)
    ]


def neighbourhood(
    data: ClaimData,
    iri: str,
    claims: Iterable[Claim],
    href: Callable[[str], str | None],
    closed: set[str],
) -> dict[str, Any]:
    """Return the nodes and edges of ``iri``'s neighbourhood, laid out, for vis-network.

    Parameters
    ----------
    data : ClaimData
        The claims and entities.
    iri : str
        The entity (or the deal: its parties are its neighbours).
    claims : iterable of Claim
        The claims ``iri`` takes part in (for a deal: the deal itself).
    href : callable
        IRI -> link to its page (or ``None``/``""`` when it has none).
    closed : set of str
        Closed-weight model companies (they are drawn in their own colour).

    Returns
    -------
    dict
        ``{"nodes": [...], "edges": [...], "more": N}``: at most :data:`MAX_NEIGHBOURS`
        neighbours (``more`` counts the ones left out).
    """
    ties: dict[str, Counter[str]] = {}
    weight: Counter[str] = Counter()
    for claim in claims:
        for role, who in claim.parties.items():
            if role in CLAIM_LINKS:
                continue
            for other in who:
                if other == iri:
                    continue
                word = role if claim.iri == iri else kind_words(claim.kind)
                ties.setdefault(other, Counter())[word] += 1
                weight[other] += 3 if claim.kind in _MONEY else 1
    ranked = sorted(ties, key=lambda o: (-weight[o], data.name(o), o))
    inner, outer = ranked[:INNER], ranked[INNER:MAX_NEIGHBOURS]

    def by_type(group: list[str]) -> list[str]:
        return sorted(
            group, key=lambda o: (node_type(data.entities.get(o), closed), data.name(o), o)
        )

    spots = [
        *zip(by_type(inner), _ring(len(inner), 250.0, 115.0), strict=True),
        *zip(by_type(outer), _ring(len(outer), 470.0, 200.0, 0.5), strict=True),
    ]
    centre = _node(data, iri, "", closed)
    if iri in data.claims:
        centre.update(label=_label(data.name(iri)), shape="box")
        centre["color"] = "#343a40"
    centre.update(x=0.0, y=0.0, fixed=True, centre=True)
    nodes = [centre]
    edges = []
    for other, (x, y) in spots:
        node = _node(data, other, href(other) or "", closed)
        node.update(x=x, y=y)
        nodes.append(node)
        words = ties[other]
        label = ", ".join(w if words[w] == 1 else f"{w} \u00d7{words[w]}" for w in sorted(words))
        edges.append(
            {
                "from": iri,
                "to": other,
                "label": label,
                "width": round(1 + min(4.0, weight[other] / 3), 1),
            }
        )
    return {"nodes": nodes, "edges": edges, "more": max(0, len(ranked) - len(spots))}
