"""Amounts with honest bounds: stated (=), floors (>=, "over X") and ceilings (<=, "up to X").

Sums and ratios keep track of which way the true value may lie. A sum of
floors is a floor; a floor divided by a ceiling is a floor; mixing floors and
ceilings in one sum gives an approximation (≈) whose direction is unknown.

Examples
--------
>>> spend = Amount(100e9, ">=")          # "over $100B"
>>> invest = Amount(25e9, "<=")          # "up to $25B"
>>> ratio = spend / invest
>>> ratio.value, ratio.bound, str(ratio)
(4.0, '>=', '>= 4')
>>> str(Amount(5e9, "=") + Amount(20e9, "<="))
'<= 2.5e+10'
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

__all__ = ["Amount", "Bound", "total"]

Bound = Literal["=", ">=", "<=", "≈"]
_FLIP: dict[str, Bound] = {"=": "=", ">=": "<=", "<=": ">=", "≈": "≈"}


def _combine(a: Bound, b: Bound) -> Bound:
    """Bound of a sum (or of a ratio once the divisor's bound is flipped)."""
    if a == b:
        return a
    if a == "=":
        return b
    if b == "=":
        return a
    return "≈"


@dataclass(frozen=True, order=True)
class Amount:
    """A number and how it relates to the true value.

    Attributes
    ----------
    value : float
        The number as stated (USD, GW, a ratio...).
    bound : {"=", ">=", "<=", "≈"}
        ``"="`` stated, ``">="`` the true value is at least this (a floor),
        ``"<="`` at most this (a ceiling), ``"≈"`` approximate in an unknown direction.
    """

    value: float
    bound: Bound = "="

    @classmethod
    def from_parts(
        cls, value: float | None, minimum: float | None, maximum: float | None
    ) -> Amount | None:
        """Build from ``schema:value`` / ``schema:minValue`` / ``schema:maxValue``.

        Examples
        --------
        >>> Amount.from_parts(None, None, 4e9)
        Amount(value=4000000000.0, bound='<=')
        >>> Amount.from_parts(None, None, None) is None
        True
        """
        if value is not None:
            return cls(float(value), "=")
        if minimum is not None:
            return cls(float(minimum), ">=")
        if maximum is not None:
            return cls(float(maximum), "<=")
        return None

    def __add__(self, other: Amount) -> Amount:
        return Amount(self.value + other.value, _combine(self.bound, other.bound))

    def __truediv__(self, other: Amount) -> Amount:
        if other.value == 0:
            return Amount(math.inf, "≈")
        return Amount(self.value / other.value, _combine(self.bound, _FLIP[other.bound]))

    def scaled(self, factor: float) -> Amount:
        """Return the amount multiplied by ``factor`` (same bound)."""
        return Amount(self.value * factor, self.bound)

    def __str__(self) -> str:
        prefix = "" if self.bound == "=" else f"{self.bound} "
        return f"{prefix}{self.value:g}"


def total(amounts: Iterable[Amount]) -> Amount | None:
    """Sum ``amounts``; ``None`` when there is none.

    Examples
    --------
    >>> total([Amount(1.0), Amount(2.0, ">=")])
    Amount(value=3.0, bound='>=')
    >>> total([]) is None
    True
    """
    result: Amount | None = None
    for a in amounts:
        result = a if result is None else result + a
    return result
