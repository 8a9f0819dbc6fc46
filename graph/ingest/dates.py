"""Dates in news text, absolute or relative to the publication date, in English and Chinese.

:func:`find_dates` reads "April 7, 2026", "7 April 2026", "September 2025", "in 2023",
"at the end of 2025", weekdays ("on Monday", 周一, 本周一: the last such day on or before
publication), "yesterday"/昨日, "today"/今日, "this week"/本周, "this month"/本月,
"a year earlier"/一年前 and
Chinese dates (2026年3月3日, 3月3日). A date is kept with its precision (day, month or year);
a future year ("by 2027", "starting in 2027", "by the end of 2027") is a term, not the day a
claim was made, and is left out. :func:`find_deadline` reads such a term as the date by which
a commitment is due ("by 2027", "within 18 months", 三年内) and :func:`find_duration` a term's
length ("over the next decade").

Examples
--------
>>> from datetime import date
>>> pub = date(2026, 3, 4)  # a Wednesday
>>> [(d.day.isoformat(), d.precision) for d in find_dates("said on Monday, by 2027", pub)]
[('2026-03-02', 'day')]
>>> [(d.day.isoformat(), d.precision) for d in find_dates("谷歌3月3日宣布；周二；2019年", pub)]
[('2026-03-03', 'day'), ('2026-03-03', 'day'), ('2019-01-01', 'year')]
>>> [d.text for d in find_dates("September 2025: a round; at the end of 2025", pub)]
['2025-09', '2025-12']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

__all__ = ["DateMention", "find_dates", "find_deadline", "find_duration"]

Precision = Literal["day", "month", "year"]

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}
_MONTHS |= {m[:3]: i for m, i in list(_MONTHS.items())} | {"sept": 9}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_ZH_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("mdy", re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?\b")),
    ("dmy", re.compile(r"\b(?P<day>\d{1,2})\s+" + _MONTH + r"(?:\s+(?P<year>\d{4}))?\b")),
    ("my", re.compile(_MONTH + r",?\s+(?P<year>\d{4})\b")),
    (
        "end",
        re.compile(r"\b(?:at\s+the\s+)?end\s+of\s+(?P<year>\d{4})\b|(?P<zyear>\d{4})年底", re.I),
    ),
    ("zh", re.compile(r"(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月(?P<day>\d{1,2})[日号]")),
    ("zhmonth", re.compile(r"(?P<year>\d{4})年(?P<month>\d{1,2})月(?!\d)")),
    (
        "year",
        re.compile(
            r"\b(?:in|as early as|since|back in)\s+(?P<year>(?:19|20)\d{2})\b(?!\s*[-–])", re.I
        ),
    ),
    ("zhyear", re.compile(r"(?P<year>(?:19|20)\d{2})年(?!\d|底)")),
    (
        "weekday",
        re.compile(
            r"\b(?:on\s+|last\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
        ),
    ),
    ("zhweekday", re.compile(r"(?:本|上)?(?:周|星期|礼拜)(?P<wd>[一二三四五六日天])")),
    ("yesterday", re.compile(r"\byesterday\b|昨日|昨天", re.I)),
    ("today", re.compile(r"\btoday\b|今日|今天|同日|当天", re.I)),
    ("week", re.compile(r"\b(?:this|the same) week\b|本周(?![一二三四五六日天])", re.I)),
    (
        "monthsago",
        re.compile(
            r"\b(?P<n>\w+) months? (?:ago|earlier)\b|(?P<zn>\d+|[一两二三四五六七八九十]+)个月前",
            re.I,
        ),
    ),
    ("yearago", re.compile(r"\ba year (?:earlier|ago|before)\b|一年前|去年同期", re.I)),
    ("month", re.compile(r"\bthis month\b|本月", re.I)),
    ("samemonth", re.compile(r"\b(?:same|that) month\b|同月|当月", re.I)),
]


@dataclass(frozen=True)
class DateMention:
    """A date found in a text: span, first day, precision (``day``, ``month``, ``year``).

    ``relative`` is ``"same-month"`` for "same month", whose date the caller takes from the
    previous dated sentence (``day`` is then the publication date as a fallback), and
    ``"ago"`` for "three months ago", "a year earlier": the date of an older fact.
    """

    start: int
    end: int
    day: date
    precision: Precision
    relative: str = ""

    @property
    def text(self) -> str:
        """The date at its precision: ``2026-04-07``, ``2026-04`` or ``2026``."""
        iso = self.day.isoformat()
        return {"day": iso, "month": iso[:7], "year": iso[:4]}[self.precision]


def _year_for(month: int, day: int, published: date) -> int:
    """Return the year of a date given without one: the latest not after publication."""
    try:
        return (
            published.year if date(published.year, month, day) <= published else published.year - 1
        )
    except ValueError:
        return published.year


def _months(groups: dict[str, str]) -> int | None:
    if "zn" in groups:
        return _zh_number(groups["zn"])
    word = groups["n"].lower()
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word)


def _weekday(said: str, wd: int, published: date) -> date:
    """Return the day a weekday names: the last on or before publication; 上周X the week before."""
    if said.startswith("上"):
        monday = published - timedelta(days=published.weekday())
        return monday - timedelta(days=7 - wd)
    back = (published.weekday() - wd) % 7
    if said.lower().startswith("last"):
        back = back or 7
    return published - timedelta(days=back)


def _month(kind: str, groups: dict[str, str]) -> int:
    if kind in ("zh", "zhmonth"):
        return int(groups["month"])
    return _MONTHS[groups["month"].lower().rstrip(".")]


def _absolute(kind: str, groups: dict[str, str], published: date) -> tuple[date, Precision] | None:
    """Return the date an absolute mention names (raises ValueError for no such day)."""
    if kind in ("mdy", "dmy", "zh"):
        month, day_ = _month(kind, groups), int(groups["day"])
        year = int(groups["year"]) if "year" in groups else _year_for(month, day_, published)
        return date(year, month, day_), "day"
    if kind in ("my", "zhmonth"):
        return date(int(groups["year"]), _month(kind, groups), 1), "month"
    if kind == "end":
        end = date(int(groups.get("year") or groups["zyear"]), 12, 1)
        return None if end > published else (end, "month")  # "by the end of 2027": a term
    year = int(groups["year"])
    if year > published.year:
        return None  # a future term ("by 2027"), not when the claim was made
    return date(year, 1, 1), "year"


def _relative(kind: str, m: re.Match[str], groups: dict[str, str], published: date) -> date | None:
    """Return the day a relative mention names, against the publication date."""
    if kind in ("weekday", "zhweekday"):
        wd = (
            _WEEKDAYS.index(groups["wd"].lower())
            if kind == "weekday"
            else _ZH_WEEKDAYS[groups["wd"]]
        )
        return _weekday(m.group(), wd, published)
    if kind == "yesterday":
        return published - timedelta(days=1)
    if kind == "monthsago":
        n = _months(groups)
        if n is None:
            return None
        back = published.year * 12 + published.month - 1 - n
        return date(back // 12, back % 12 + 1, 1)
    if kind == "yearago":
        return published.replace(year=published.year - 1, day=1)
    if kind == "month":
        return published.replace(day=1)
    return published  # today, this week, same month (resolved by the caller)


_ZH_KINDS = frozenset({"zh", "zhmonth", "zhyear", "zhweekday"})
_EN_KINDS = frozenset({"mdy", "dmy", "my", "year", "weekday"})
_ABSOLUTE = frozenset({"mdy", "dmy", "zh", "my", "zhmonth", "end", "year", "zhyear"})
_MONTHLY = frozenset({"monthsago", "yearago", "month", "samemonth"})


def _mention(kind: str, m: re.Match[str], published: date) -> DateMention | None:
    groups = {k: v for k, v in m.groupdict().items() if v}
    if kind in _ABSOLUTE:
        try:
            found = _absolute(kind, groups, published)
        except ValueError:
            return None
        return DateMention(m.start(), m.end(), *found) if found is not None else None
    day = _relative(kind, m, groups, published)
    if day is None:
        return None
    relative = {"samemonth": "same-month", "monthsago": "ago", "yearago": "ago"}.get(kind, "")
    return DateMention(m.start(), m.end(), day, "month" if kind in _MONTHLY else "day", relative)


def find_dates(text: str, published: date, lang: str | None = None) -> list[DateMention]:
    """Return the dates stated in ``text``, in order of position, without overlaps.

    Parameters
    ----------
    text : str
        A sentence or an article.
    published : date
        The publication date, against which relative dates are resolved.
    lang : {"en", "zh"}, optional
        Read dates only as this language writes them ("April 7", 4月7日); default both.

    Examples
    --------
    >>> [d.text for d in find_dates("April 7; 4月6日", date(2026, 5, 1), "zh")]
    ['2026-04-06']
    """
    found: list[DateMention] = []
    skip = {"en": _ZH_KINDS, "zh": _EN_KINDS}.get(lang or "", frozenset())
    for kind, pattern in _PATTERNS:
        if kind in skip:
            continue
        for m in pattern.finditer(text):
            if any(d.start < m.end() and m.start() < d.end for d in found):
                continue
            mention = _mention(kind, m, published)
            if mention is not None:
                found.append(mention)
    return sorted(found, key=lambda d: d.start)


_DURATION = re.compile(
    r"(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty)[ -]years?\b"
    r"|(?P<decade>\bdecade\b)|(?P<zn>\d+|[一两二三四五六七八九十]+)年(?:内|期|间)"
    r"|未来(?P<zn2>\d+|[一两二三四五六七八九十]+)年",
    re.I,
)
_NUMBER_WORDS = dict(
    zip(
        ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"],
        range(1, 11),
        strict=True,
    )
) | {"fifteen": 15, "twenty": 20, "twelve": 12, "eighteen": 18}
_ZH_DIGITS = dict(zip("一二三四五六七八九", range(1, 10), strict=True)) | {"两": 2}


def _zh_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _ZH_DIGITS.get(text[1:], 0)
    if text.endswith("十"):
        return 10 * _ZH_DIGITS.get(text[:-1], 0) or None
    return _ZH_DIGITS.get(text)


def find_duration(text: str) -> str | None:
    """Return the first term stated in ``text`` as an ISO 8601 duration, or ``None``.

    Examples
    --------
    >>> find_duration("over the next decade"), find_duration("a 10-year deal")
    ('P10Y', 'P10Y')
    >>> find_duration("未来五年内提供"), find_duration("over five years"), find_duration("now")
    ('P5Y', 'P5Y', None)
    """
    m = _DURATION.search(text)
    if m is None:
        return None
    if m.group("decade"):
        return "P10Y"
    if m.group("n"):
        word = m.group("n").lower()
        years: int | None = int(word) if word.isdigit() else _NUMBER_WORDS.get(word)
    else:
        years = _zh_number(m.group("zn") or m.group("zn2"))
    return f"P{years}Y" if years else None


_ZH_N = r"\d+|[一两二三四五六七八九十]+"
_EN_N = r"\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|eighteen|fifteen|twenty"
_DEADLINE = re.compile(
    r"\bby\s+(?:the\s+end\s+of\s+|end[- ]|year[- ]end\s+)?(?P<end>(?:19|20)\d{2})\b(?!\s*[-–])"
    r"|\bby\s+(?:the\s+)?(?:mid-?|middle\s+of\s+)(?P<mid>(?:19|20)\d{2})\b"
    r"|\bbefore\s+(?P<before>(?:19|20)\d{2})\b"
    r"|到(?P<zto>(?:19|20)\d{2})年(?:底|末)?"
    r"|(?P<zend>(?:19|20)\d{2})年(?:底|末)前"
    r"|(?P<zbefore>(?:19|20)\d{2})年(?:以)?前(?![一两二三四五六七八九十几半\d])",
    re.I,
)
_WITHIN = re.compile(
    r"\b(?:within|in\s+the\s+next)\s+(?P<n>" + _EN_N + r")[ -]"
    r"(?P<unit>days?|weeks?|months?|years?)\b"
    r"|(?<![\d一两二三四五六七八九十])(?P<zn>" + _ZH_N + r")(?P<zunit>天|周|个月|年)(?:之)?内",
    re.I,
)
_UNITS = {"day": "D", "week": "W", "month": "M", "year": "Y", "天": "D", "周": "W", "个月": "M"}
_UNITS["年"] = "Y"


def _add(day: date, n: int, unit: str) -> date:
    """Return ``day`` plus ``n`` days (``D``), weeks (``W``), months (``M``) or years (``Y``)."""
    if unit in ("D", "W"):
        return day + timedelta(days=n * (7 if unit == "W" else 1))
    months = day.year * 12 + day.month - 1 + (n if unit == "M" else 12 * n)
    year, month = divmod(months, 12)
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, last)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover (every month has a 28th)


def find_deadline(text: str, claimed: date | None = None) -> date | None:
    """Return the date by which ``text`` says a thing is to be done, or ``None``.

    "by 2027", "by the end of 2026", 到2027年, 2026年底前 name the last day of the year;
    "by mid-2027" its 30 June; "before 2030" and 2030年前 the last day of the year before.
    "within four days", "in the next two years", 三年内 count from ``claimed`` (the day
    the claim was made); without it they give ``None``.

    Examples
    --------
    >>> find_deadline("to be in service by the end of 2026"), find_deadline("by mid-2027")
    (datetime.date(2026, 12, 31), datetime.date(2027, 6, 30))
    >>> find_deadline("建成于2030年前"), find_deadline("到2027年"), find_deadline("2025年前三季度")
    (datetime.date(2029, 12, 31), datetime.date(2027, 12, 31), None)
    >>> said = date(2026, 4, 20)
    >>> find_deadline("within four days", said), find_deadline("三年内", said)
    (datetime.date(2026, 4, 24), datetime.date(2029, 4, 20))
    """
    m = _DEADLINE.search(text)
    if m is not None:
        groups = {k: int(v) for k, v in m.groupdict().items() if v}
        kind, year = next(iter(groups.items()))
        if kind == "mid":
            return date(year, 6, 30)
        return date(year - 1 if kind in ("before", "zbefore") else year, 12, 31)
    w = _WITHIN.search(text)
    if w is None or claimed is None:
        return None
    if w.group("n"):
        word = w.group("n").lower()
        n = int(word) if word.isdigit() else _NUMBER_WORDS.get(word)
        unit = _UNITS[w.group("unit").lower().rstrip("s")]
    else:
        n = _zh_number(w.group("zn"))
        unit = _UNITS[w.group("zunit")]
    return _add(claimed, n, unit) if n else None
