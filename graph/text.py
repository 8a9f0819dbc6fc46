"""Text made safe for a terminal or a spreadsheet (a leaf module: no graph imports)."""

from __future__ import annotations

import re

__all__ = ["csv_safe", "plain_text"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def plain_text(value: str) -> str:
    r"""Remove control characters (escape sequences, bidirectional overrides) from text.

    For text that goes to a terminal or a CSV file; tabs and line feeds stay.

    Examples
    --------
    >>> plain_text("a\x1b[31mred\x1b[0m\u202eb")
    'a[31mred[0mb'
    """
    return _CONTROLS.sub("", value)


def csv_safe(value: object) -> object:
    """Neutralise a spreadsheet formula: text starting with = + - @ (tab, CR) gets ``'``.

    Plain numbers (``-1``, ``+2.5e3``) and a lone bound sign (``=``) are left as they are;
    control characters are removed.

    Examples
    --------
    >>> csv_safe("=HYPERLINK(1)"), csv_safe("-1.5"), csv_safe("@x"), csv_safe(3), csv_safe("=")
    ("'=HYPERLINK(1)", '-1.5', "'@x", 3, '=')
    """
    if not isinstance(value, str):
        return value
    value = plain_text(value)
    if value.startswith(_FORMULA_START) and value != "=" and not _NUMBER.match(value):
        return "'" + value
    return value
