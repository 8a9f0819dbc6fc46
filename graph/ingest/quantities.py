"""Quantities in news text: money with currency and bound, capacity in gigawatts.

:func:`find_quantities` reads English ("$25 billion", "US$5bn", "up to $40B",
"more than 380 billion yuan", "€1.3 billion", "five gigawatts", "500 MW") and Chinese
("250亿美元", "最高400亿美元", "1.2万亿元", "5吉瓦") mentions. Each has its character
span in the text, its value in units (dollars, yuan... or gigawatts), its currency (ISO
4217, or ``"GW"`` for capacity) and its bound: ``exact``, ``ceiling`` ("up to", 最高),
``floor`` ("more than", 超过) or ``approx`` ("about", 约).

Examples
--------
>>> [(q.value, q.currency, q.bound) for q in find_quantities("up to $40B and US$5bn")]
[(40000000000.0, 'USD', 'ceiling'), (5000000000.0, 'USD', 'exact')]
>>> [(q.value, q.currency, q.bound) for q in find_quantities("投资超过1.2万亿元，约5吉瓦")]
[(1200000000000.0, 'CNY', 'floor'), (5.0, 'GW', 'approx')]
>>> [(q.value, q.currency) for q in find_quantities("five gigawatts and 500 MW")]
[(5.0, 'GW'), (0.5, 'GW')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["BOUNDS", "Quantity", "find_quantities", "word_number"]

BoundName = Literal["exact", "ceiling", "floor", "approx"]
#: The bounds, and how graph.amounts writes them.
BOUNDS: dict[BoundName, str] = {"exact": "=", "ceiling": "<=", "floor": ">=", "approx": "≈"}

_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "a": 1,
    "an": 1,
    "一": 1,
    "两": 2,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
_SCALE_EN = {
    "trillion": 1e12,
    "tn": 1e12,
    "t": 1e12,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
}
_SCALE_ZH = {"万亿": 1e12, "千亿": 1e11, "亿": 1e8, "千万": 1e7, "百万": 1e6, "万": 1e4}
_SYMBOL = {"us$": "USD", "$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP"}
_SYMBOL |= {"gbp": "GBP", "¥": "JPY", "rmb": "CNY", "cny": "CNY", "hk$": "HKD"}
_WORD_CURRENCY = {
    "dollars": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "pounds": "GBP",
    "yuan": "CNY",
    "renminbi": "CNY",
    "yen": "JPY",
    "won": "KRW",
}
_ZH_CURRENCY = {"美元": "USD", "欧元": "EUR", "英镑": "GBP", "日元": "JPY", "港元": "HKD"}
_ZH_CURRENCY |= {"元人民币": "CNY", "人民币": "CNY", "元": "CNY"}

_CONVERSION = re.compile(r"^\s*[(\uff08]\s*(?:about|around|roughly|约|合)?\s*$")
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_WORDNUM = "|".join(sorted((w for w in _WORDS if w.isascii() and len(w) > 2), key=len))
_EN_MONEY = re.compile(
    rf"(?P<sym>US\$|HK\$|\$|€|£|¥|(?:USD|EUR|GBP|RMB|CNY)\s?)(?P<num>{_NUM})\s?"
    r"(?P<scale>trillion|billion|million|bn|tn|mn|[BMbmT])?(?![A-Za-z0-9])"
    r"|(?P<num2>" + _NUM + r")\s?(?P<scale2>trillion|billion|million|bn)\s+"
    r"(?P<word>dollars|euros?|pounds|yuan|renminbi|yen|won)\b",
    re.IGNORECASE,
)
_ZH_MONEY = re.compile(
    rf"(?P<num>{_NUM})\s?(?P<scale>万亿|千亿|亿|千万|百万|万)?\s?"
    r"(?P<cur>元人民币|美元|欧元|英镑|日元|港元|人民币|元)"
)
_CAPACITY = re.compile(
    rf"(?P<num>{_NUM}|{_WORDNUM}|\ban?\b|[一两二三四五六七八九十])\s?-?\s?"
    r"(?P<unit>gigawatts?|GW|megawatts?|MW|吉瓦|兆瓦|千兆瓦)(?![A-Za-z])",
    re.IGNORECASE,
)
_BEFORE: list[tuple[re.Pattern[str], BoundName]] = [
    (
        re.compile(
            r"(?:up to|as much as|as many as|at most|no more than"
            r"|最高可达|最高|最多|至多|不超过|高达|可达)\s*$",
            re.I,
        ),
        "ceiling",
    ),
    (
        re.compile(
            r"(?:more than|over|at least|above|in excess of|upwards of|passed|surpassed|topped"
            r"|exceeded|crossed"
            r"|超过|逾|不低于|不少于|至少|突破)\s*$",
            re.I,
        ),
        "floor",
    ),
    (
        re.compile(
            r"(?:about|approximately|roughly|around|nearly|almost|some|approx\.|approaching"
            r"|close to|约为|约合|约|大约|近|接近|将近)\s*$",
            re.I,
        ),
        "approx",
    ),
]
_AFTER: list[tuple[re.Pattern[str], BoundName]] = [
    (re.compile(r"^\s*(?:以上|多)"), "floor"),
    (re.compile(r"^\s*左右"), "approx"),
    (re.compile(r"^-level|^\s*级"), "approx"),
]


@dataclass(frozen=True)
class Quantity:
    """One amount of money or capacity found in a text.

    Attributes
    ----------
    start, end : int
        Character span of the mention (bound words included).
    value : float
        In currency units, or gigawatts for capacity.
    currency : str
        ISO 4217 code, or ``"GW"`` for capacity.
    bound : {"exact", "ceiling", "floor", "approx"}
    """

    start: int
    end: int
    value: float
    currency: str
    bound: BoundName

    @property
    def is_capacity(self) -> bool:
        """Tell whether this is a capacity (gigawatts), not money."""
        return self.currency == "GW"


def word_number(text: str) -> float | None:
    """Read ``"4.5"``, ``"1,200"``, ``"five"`` or ``"五"`` as a number.

    Examples
    --------
    >>> word_number("1,200"), word_number("Five"), word_number("五"), word_number("x")
    (1200.0, 5.0, 5.0, None)
    """
    text = text.strip().lower()
    if text in _WORDS:
        return float(_WORDS[text])
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def _bound(text: str, start: int, end: int) -> tuple[BoundName, int, int]:
    before = text[max(0, start - 20) : start]
    for pattern, name in _BEFORE:
        m = pattern.search(before)
        if m:
            return name, start - (len(before) - m.start()), end
    after = text[end : end + 8]
    for pattern, name in _AFTER:
        m = pattern.search(after)
        if m:
            return name, start, end + m.end()
    return "exact", start, end


def find_quantities(text: str, lang: str | None = None) -> list[Quantity]:
    """Return the money and capacity mentions of ``text``, in order of position.

    Parameters
    ----------
    text : str
        Any text, English or Chinese.
    lang : {"en", "zh"}, optional
        Read money only as this language writes it ("$25 billion" or 250亿美元); default both.

    Examples
    --------
    >>> [q.currency for q in find_quantities("$2 billion, 30亿元", "en")]
    ['USD']
    >>> [q.currency for q in find_quantities("$2 billion, 30亿元", "zh")]
    ['CNY']
    """
    found: list[Quantity] = []
    for m in _EN_MONEY.finditer(text if lang != "zh" else ""):
        if m.group("num") is not None:
            sym = m.group("sym").strip().lower()
            currency = _SYMBOL.get(sym, "USD")
            number = word_number(m.group("num"))
            scale = (m.group("scale") or "").lower()
        else:
            currency = _WORD_CURRENCY[m.group("word").lower()]
            number = word_number(m.group("num2"))
            scale = m.group("scale2").lower()
        if number is None:
            continue
        if not scale and number < 1000:
            continue  # "$5" alone is no deal size; share prices and the like
        value = number * _SCALE_EN.get(scale, 1.0)
        found.append(Quantity(*_spanned(text, m.start(), m.end(), value, currency)))
    for m in _ZH_MONEY.finditer(text if lang != "en" else ""):
        number = word_number(m.group("num"))
        if number is None or (m.group("scale") is None and number < 10000):
            continue
        value = number * _SCALE_ZH.get(m.group("scale") or "", 1.0)
        currency = _ZH_CURRENCY[m.group("cur")]
        found.append(Quantity(*_spanned(text, m.start(), m.end(), value, currency)))
    for m in _CAPACITY.finditer(text):
        number = word_number(m.group("num"))
        if number is None:
            continue
        unit = m.group("unit").lower()
        if unit.startswith(("mw", "mega", "兆")):
            number /= 1000.0
        found.append(Quantity(*_spanned(text, m.start(), m.end(), number, "GW")))
    found.sort(key=lambda q: q.start)
    kept = [q for i, q in enumerate(found) if i == 0 or q.start >= found[i - 1].end]
    # "22.8 trillion won ($16.5 billion)": a conversion in brackets restates the amount
    return [
        q
        for i, q in enumerate(kept)
        if i == 0 or not _CONVERSION.match(text[kept[i - 1].end : q.start])
    ]


def _spanned(
    text: str, start: int, end: int, value: float, currency: str
) -> tuple[int, int, float, str, BoundName]:
    bound, start, end = _bound(text, start, end)
    return start, end, round(value, 6), currency, bound
