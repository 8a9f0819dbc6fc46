"""Clauses and parties of a sentence: who is the subject, who the object of an amount.

The subject of a clause is its first party not introduced as an object ("in X", "to X",
向X, 为X...); a party that only reports ("CoreWeave said OpenAI had...") gives way to the next
one. "A and B's $65 billion" has a joint subject (a sum, not a deal) and "A and B will invest
$1B and $2B respectively" pairs parties with amounts. Used by :mod:`graph.ingest.classify`
and :mod:`graph.ingest.drafts`.
"""

from __future__ import annotations

import re
from itertools import pairwise

from graph.ingest import cues
from graph.ingest.names import Mention
from graph.ingest.quantities import Quantity
from graph.ingest.sentences import Sentence

__all__ = [
    "clause_spans",
    "joint_subject",
    "last_end",
    "object_mentions",
    "paired_amounts",
    "subject_mention",
    "subject_of",
]


def last_end(pattern: re.Pattern[str], text: str) -> int:
    """Return where the last match of ``pattern`` in ``text`` ends, or -1."""
    ends = [m.end() for m in pattern.finditer(text)]
    return ends[-1] if ends else -1


def clause_spans(text: str, s: Sentence) -> list[tuple[int, int]]:
    """Return the clause spans of sentence ``s`` (cut at commas, colons, dashes, "while")."""
    cuts = [
        s.start,
        *(m.start() + s.start for m in cues.CLAUSE.finditer(text[s.start : s.end])),
        s.end,
    ]
    return [(a, b) for a, b in pairwise(cuts) if b > a]


def object_mentions(text: str, mentions: list[Mention], start: int, end: int) -> list[Mention]:
    """Return the parties of ``text[start:end]`` introduced as objects ("in X", "向X", "pay X")."""
    return [
        m
        for m in mentions
        if start <= m.start < end
        and cues.OBJECT_MARKER.search(text[max(start, m.start - 12) : m.start])
    ]


def subject_of(text: str, mentions: list[Mention], start: int, end: int) -> str | None:
    """Return the first party of ``text[start:end]`` not introduced as an object.

    A party that only reports ("CoreWeave said OpenAI had...") gives way to the next one.
    """
    m = subject_mention(text, mentions, start, end)
    return m.iri if m is not None else None


def subject_mention(text: str, mentions: list[Mention], start: int, end: int) -> Mention | None:
    """Return the mention :func:`subject_of` picks."""
    inside = [m for m in mentions if start <= m.start < end]
    objects = {id(m) for m in object_mentions(text, mentions, start, end)}
    for i, m in enumerate(inside):
        if id(m) in objects:
            continue
        said = cues.REPORTING.match(text, m.end, m.end + 24)
        nxt = next((o for o in inside[i + 1 :] if o.iri != m.iri and id(o) not in objects), None)
        if said is not None and nxt is not None and cues.THAT.match(text[said.end() : nxt.start]):
            continue
        return m
    return None


def joint_subject(text: str, mentions: list[Mention], clause: tuple[int, int]) -> bool:
    """Tell whether two parties are the joint subject of ``clause`` ("Google and Amazon's")."""
    inside = [m for m in mentions if clause[0] <= m.start < clause[1]]
    objects = object_mentions(text, mentions, clause[0], clause[1])
    return any(
        a.iri != b.iri and a not in objects and cues.JOINED.match(text[a.end : b.start]) is not None
        for a, b in pairwise(inside)
    )


def paired_amounts(
    text: str, s: Sentence, mentions: list[Mention], quantities: list[Quantity]
) -> dict[int, str]:
    """Map amounts to parties in "A and B will invest $1B and $2B respectively"."""
    m = cues.RESPECTIVELY.search(text, s.start, s.end)
    if m is None:
        return {}
    before = [q for q in quantities if q.start < m.start()]
    subjects: list[str] = []
    for x in mentions:
        if x.start < (before[0].start if before else m.start()) and x.iri not in subjects:
            subjects.append(x.iri)
    if len(before) < 2 or len(subjects) != len(before):
        return {}
    return {q.start: subjects[i] for i, q in enumerate(before)}
