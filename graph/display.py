"""How numbers read on a page: money with its bound, capacity, dates.

One place for the wording, so that every view writes ``up to $33B`` the same way.

Examples
--------
>>> from graph.amounts import Amount
>>> money(3.3e10, "<="), money(1e11, ">="), money(750e6), money(1234.0)
('up to $33B', '≥ $100B', '$750M', '$1,234')
>>> amount_text(Amount(2.75e9)), amount_text(None)
('$2.75B', '')
>>> capacity_text(Amount(5.0, ">=")), capacity_text(Amount(0.3))
('≥ 5 GW', '300 MW')
"""

from __future__ import annotations

from datetime import date

from graph.amounts import Amount, Bound

__all__ = ["amount_text", "capacity_text", "day_text", "money"]

_PREFIX: dict[str, str] = {">=": "≥ ", "<=": "up to ", "≈": "about ", "=": ""}


def money(value: float, bound: Bound | str = "=") -> str:
    """Format a USD amount with its bound: ``$25B``, ``up to $40B``, ``≥ $100B``.

    Examples
    --------
    >>> money(2.5e10), money(4e10, "<="), money(1.2e12, "≈")
    ('$25B', 'up to $40B', 'about $1.2T')
    """
    prefix = _PREFIX.get(bound, "")
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
        if abs(value) >= scale:
            return f"{prefix}${value / scale:.3g}{suffix}"
    return f"{prefix}${value:,.0f}"


def amount_text(a: Amount | None) -> str:
    """Format an :class:`~graph.amounts.Amount` in USD; ``""`` for none."""
    return money(a.value, a.bound) if a is not None else ""


def capacity_text(a: Amount | None) -> str:
    """Format a capacity in GW (below 1 GW in MW); ``""`` for none."""
    if a is None:
        return ""
    prefix = _PREFIX.get(a.bound, "")
    if abs(a.value) < 1:
        return f"{prefix}{a.value * 1000:.3g} MW"
    return f"{prefix}{a.value:.3g} GW"


def day_text(d: date | None, missing: str = "undated") -> str:
    """Format a date as ISO (``2026-04-20``), or ``missing``.

    Examples
    --------
    >>> day_text(date(2026, 4, 20)), day_text(None)
    ('2026-04-20', 'undated')
    """
    return d.isoformat() if d is not None else missing
