"""Money on the arrows of the pictures: short amounts, line widths and the lines of a tooltip.

Shared by the tri-polar picture and the explorer, so the same edge reads the same in both.
"""

from __future__ import annotations

import math

import networkx as nx

from graph.amounts import Amount, total
from graph.display import amount_text

__all__ = ["money_lines", "money_width", "short_money"]


def short_money(usd: Amount | None) -> str:
    """Write an amount as short as an arrow label allows: ``≤ $43B``, ``$250B``, ``""``.

    Examples
    --------
    >>> short_money(Amount(4.3e10, "<=")), short_money(Amount(1e11, ">=")), short_money(None)
    ('≤ $43B', '≥ $100B', '')
    """
    if usd is None:
        return ""
    return amount_text(usd).replace("up to ", "≤ ").replace("about ", "≈ ")


def money_width(usd: float) -> float:
    """Edge width from an amount in USD: 1.5 (unknown or ≤ $100M) to 14 ($1T), log scale.

    Examples
    --------
    >>> money_width(0.0), money_width(1e9), money_width(1e10), money_width(1e11)
    (1.5, 4.6, 7.8, 10.9)
    """
    if usd <= 1e8:
        return 1.5
    return round(min(14.0, 1.5 + 3.125 * math.log10(usd / 1e8)), 1)


def money_lines(flows: nx.MultiDiGraph, iri: str) -> tuple[str, ...]:
    """Money in and out of ``iri`` on a :func:`graph.views.money_flow` graph, as detail lines.

    The amounts are the flow edges' (an investor credited only with what it paid).
    """
    lines = []
    for word, edges in (
        ("money in", list(flows.in_edges(iri, keys=True, data=True)) if iri in flows else []),
        ("money out", list(flows.out_edges(iri, keys=True, data=True)) if iri in flows else []),
    ):  # each read once into a list: a networkx edge view is slow to walk twice
        deals = {k for _, _, k, _ in edges}
        if not deals:
            continue
        usd = total(a["amount"] for *_, a in edges if a["amount"] is not None)
        stated = amount_text(usd) or "no amount stated"
        lines.append(f"{word}: {stated} ({len(deals)} deal{'s' * (len(deals) != 1)})")
    return tuple(lines)
