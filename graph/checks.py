"""Checks of the counting and time rules that SHACL cannot express.

Run by ``aikg build`` and ``aikg validate`` beside the shapes, reported the same way:

- **likely duplicates** (warning): two claims of the same kind with the same
  parties, amounts or capacities within 10% and dates within a year, that are not
  linked by ``aikg:restates``, ``aikg:partOf``, ``aikg:supersedes`` or
  ``aikg:conflictsWith`` and not marked ``aikg:distinctFrom``: a sum would add
  them both;
- **counting links** (violation): a claim that restates, is part of, or
  supersedes itself, or a cycle of such links (no claim would be counted);
- **terms** (violation): ``schema:endDate`` is the last day of the term, so with
  a start and a duration, start + duration - 1 day = end; a duration is positive.

Examples
--------
>>> from graph.amounts import Amount
>>> from graph.claims import Claim, ClaimData
>>> a = Claim("https://w3id.org/aikg/id/a", "CapacityCommitment", "Confirmed",
...           announced=date(2026, 4, 6), capacity_gw=Amount(3.5),
...           parties={"customer": ("m",), "provider": ("g",)})
>>> b = Claim("https://w3id.org/aikg/id/b", "CapacityCommitment", "Reported",
...           announced=date(2025, 9, 1), capacity_gw=Amount(3.5),
...           parties={"customer": ("m",), "provider": ("g",)})
>>> [p.message[:19] for p in rule_problems(ClaimData({}, {a.iri: a, b.iri: b}))]
['likely duplicate of']
>>> c = Claim("https://w3id.org/aikg/id/c", "SpendCommitment", "Confirmed",
...           start=date(2027, 1, 1), end=date(2031, 1, 1), duration="P5Y")
>>> print(rule_problems(ClaimData({}, {c.iri: c}))[0].message[:60])
schema:endDate is the last day of the term: start 2027-01-01
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from itertools import combinations

import rdflib
from rdflib.term import Node

from graph.amounts import Amount
from graph.claims import Claim, ClaimData
from graph.counting import DUPLICATE_LINKS
from graph.validate import Problem, short_name

__all__ = ["add_months", "duration_parts", "likely_duplicate", "rule_problems"]

#: Kinds whose quantities are summed, so a repeated fact would be added twice.
_SUMMED = frozenset(
    {
        "EquityInvestment",
        "JointVenture",
        "ComputeAgreement",
        "ChipSupplyAgreement",
        "Acquisition",
        "SpendCommitment",
        "CapacityCommitment",
        "Tranche",
    }
)
_PARTY_ROLES = ("investor", "investee", "customer", "provider", "acquirer", "target", "partner")
_LINKS = (*DUPLICATE_LINKS, "conflictsWith", "distinctFrom")
_DURATION = re.compile(r"^(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?$")


def duration_parts(text: str) -> tuple[int, int, int] | None:
    """Return (years, months, days) of a date-only ``xsd:duration``, or ``None``.

    Negative durations give negative parts; durations with a time part give ``None``.

    Examples
    --------
    >>> duration_parts("P5Y"), duration_parts("-P1M"), duration_parts("PT3H")
    ((5, 0, 0), (0, -1, 0), None)
    """
    m = _DURATION.match(text.strip())
    if m is None or text.strip() in {"P", "-P"}:
        return None
    sign = -1 if m.group(1) else 1
    y, mo, d = (int(g or 0) * sign for g in m.groups()[1:])
    return y, mo, d


def add_months(day: date, months: int) -> date:
    """Return ``day`` moved by ``months``, clamped to the month's last day.

    Examples
    --------
    >>> add_months(date(2024, 1, 31), 1)
    datetime.date(2024, 2, 29)
    """
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(f"cannot move {day} by {months} months")  # pragma: no cover


def _term_problems(c: Claim) -> Iterator[tuple[str, str]]:
    """(property, message) for a term that breaks the end-date or duration rule."""
    if c.duration is None:
        return
    parts = duration_parts(c.duration)
    if parts is None:
        return
    years, months, days = parts
    if years < 0 or months < 0 or days < 0 or (years, months, days) == (0, 0, 0):
        yield (
            "aikg:duration",
            f"aikg:duration must be a positive duration, not {c.duration}",
        )
        return
    if c.start is None or c.end is None:
        return
    expected = add_months(c.start, years * 12 + months) + timedelta(days=days - 1)
    if expected != c.end:
        yield (
            "schema:endDate",
            f"schema:endDate is the last day of the term: start {c.start} + {c.duration}"
            f" - 1 day = {expected}, not {c.end}",
        )


def _linked(a: Claim, b: Claim) -> bool:
    return any(b.iri in a.party(k) or a.iri in b.party(k) for k in _LINKS)


def _close(x: Amount | None, y: Amount | None) -> bool:
    if x is None or y is None:
        return False
    hi = max(abs(x.value), abs(y.value))
    return hi == 0 or abs(x.value - y.value) <= 0.1 * hi


def _signature(c: Claim) -> tuple[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    return c.kind, tuple((r, c.party(r)) for r in _PARTY_ROLES if c.party(r))


def _duplicates(data: ClaimData) -> Iterator[tuple[Claim, Claim, int]]:
    groups: dict[tuple[object, ...], list[Claim]] = {}
    for iri in sorted(data.claims):
        c = data.claims[iri]
        if c.kind not in _SUMMED or c.date is None:
            continue
        if c.native_amount is None and c.capacity_gw is None:
            continue
        sig = _signature(c)
        if len(sig[1]) == 0 and c.kind != "Tranche":
            continue
        groups.setdefault(sig, []).append(c)
    for members in groups.values():
        for a, b in combinations(members, 2):
            gap = likely_duplicate(a, b)
            if gap is not None and not _linked(a, b):
                yield a, b, gap


def likely_duplicate(a: Claim, b: Claim) -> int | None:
    """Return the days between ``a`` and ``b`` when they look like one fact, else ``None``.

    The rule of the likely-duplicate warning: same kind and parties, both dated at most a
    year apart, same currency, amounts or capacities within 10% (links between the two
    are not looked at). ``aikg ingest`` uses it to tell a draft that restates a claim.

    Examples
    --------
    >>> from graph.amounts import Amount
    >>> a = Claim("a", "EquityInvestment", "Confirmed", announced=date(2026, 4, 20),
    ...           native_amount=Amount(25e9, "<="),
    ...           parties={"investor": ("x",), "investee": ("y",)})
    >>> b = Claim("b", "EquityInvestment", "Draft", announced=date(2026, 4, 24),
    ...           native_amount=Amount(24e9), parties={"investor": ("x",), "investee": ("y",)})
    >>> likely_duplicate(a, b), likely_duplicate(a, Claim("c", "Tranche", "Draft"))
    (4, None)
    """
    if a.kind != b.kind or _signature(a) != _signature(b) or a.date is None or b.date is None:
        return None
    gap = abs((a.date - b.date).days)
    if gap > 366 or a.currency != b.currency:
        return None
    if _close(a.native_amount, b.native_amount) or _close(a.capacity_gw, b.capacity_gw):
        return gap
    return None


def _cycles(data: ClaimData) -> Iterator[tuple[str, str]]:
    """(claim, message) for self-links and cycles of restates / partOf / supersedes."""
    for iri in sorted(data.claims):
        seen = [iri]
        frontier = [iri]
        while frontier:
            node = frontier.pop()
            c = data.claims.get(node)
            if c is None:
                continue
            for link in DUPLICATE_LINKS:
                for nxt in c.party(link):
                    if nxt == iri:
                        what = "itself" if node == iri else "a claim that leads back to it"
                        yield iri, f"aikg:{link} points to {what}: no claim of the chain is counted"
                        frontier = []
                        break
                    if nxt not in seen:
                        seen.append(nxt)
                        frontier.append(nxt)


def rule_problems(
    data: ClaimData, origins: Mapping[Node, frozenset[str]] | None = None
) -> list[Problem]:
    """Return the counting and time problems of ``data``, violations first.

    Parameters
    ----------
    data : ClaimData
        From :func:`graph.claims.read_claims`.
    origins : mapping, optional
        Subject node -> files that state it, to name files in the report.
    """
    origins = origins or {}

    def files(*iris: str) -> tuple[str, ...]:
        found: set[str] = set()
        for iri in iris:
            found |= origins.get(rdflib.URIRef(iri), frozenset())
        return tuple(sorted(found))

    def name(iri: str) -> str:
        return short_name(rdflib.URIRef(iri))

    problems: list[Problem] = []
    for iri, message in _cycles(data):
        problems.append(Problem("Violation", name(iri), "", message, files=files(iri)))
    for iri in sorted(data.claims):
        c = data.claims[iri]
        for path, message in _term_problems(c):
            problems.append(Problem("Violation", name(iri), path, message, files=files(iri)))
    for a, b, gap in _duplicates(data):
        problems.append(
            Problem(
                "Warning",
                name(a.iri),
                "aikg:restates",
                f"likely duplicate of {name(b.iri)} (same kind and parties, amount or capacity"
                f" within 10%, {gap} days apart): a sum adds both; link them with aikg:restates"
                " or aikg:partOf, or mark them aikg:distinctFrom",
                value=name(b.iri),
                files=files(a.iri, b.iri),
            )
        )
    return problems
