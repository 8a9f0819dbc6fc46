"""Count each fact once: which claims a sum adds, as of a date.

The rules (the ontology's ``aikg:restates``, ``aikg:partOf``, ``aikg:supersedes``
and ``aikg:dealStage``):

- a claim is *usable* as of a date when it is in force then
  (:meth:`graph.claims.Claim.in_force`), not disputed (unless disputed claims are
  asked for) and at a counted deal stage (:attr:`graph.claims.ClaimData.stages`:
  definitive, closed and terminated deals by default; talks and letters of intent
  only when asked for);
- a usable claim is *counted* unless it restates a usable claim, is a part of a
  usable claim, or was superseded by a usable claim. So the seed article's copy
  of a fact, the near-term part of a larger commitment and a letter of intent
  followed by a definitive deal are never added to what they repeat; each still
  counts alone when the claim it points to does not (not yet announced, ended,
  disputed).

Views and metrics sum only counted claims; the build writes the date-free rule
(:func:`count_rules`) on every claim so that SPARQL sums can follow it too.

Examples
--------
>>> from graph.amounts import Amount
>>> from graph.claims import Claim, ClaimData
>>> whole = Claim("w", "CapacityCommitment", "Confirmed", capacity_gw=Amount(5.0))
>>> part = Claim("p", "CapacityCommitment", "Confirmed", capacity_gw=Amount(1.0),
...              parties={"partOf": ("w",)})
>>> copy = Claim("c", "CapacityCommitment", "Reported", capacity_gw=Amount(5.0),
...              parties={"restates": ("w",)})
>>> sorted(counted(ClaimData({}, {"w": whole, "p": part, "c": copy})))
['w']
>>> sorted(counted(ClaimData({}, {"p": part, "c": copy})))
['c', 'p']
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from graph.claims import COUNTED_STAGES, Claim, ClaimData

__all__ = [
    "DUPLICATE_LINKS",
    "RULE_COUNTED",
    "RULE_DISPUTED",
    "RULE_RESTATEMENT",
    "RULE_STAGE",
    "count_rules",
    "counted",
    "usable",
    "usable_claims",
]

#: The properties that say one claim repeats another (never added together).
DUPLICATE_LINKS = ("restates", "partOf", "supersedes")

RULE_COUNTED = "Counted"
RULE_RESTATEMENT = "NotCountedRestatement"
RULE_DISPUTED = "NotCountedDisputed"
RULE_STAGE = "NotCountedStage"

#: Parts of a deal take the deal's stage when they state none of their own.
_PART_LINKS = ("commitment", "tranche", "clause")


def _stages(data: ClaimData) -> dict[str, str]:
    """Effective stage per claim: its own, else that of the deal it is a part of (kept)."""

    def compute() -> dict[str, str]:
        inherited: dict[str, str] = {}
        for iri in sorted(data.claims):
            c = data.claims[iri]
            if c.stage == "Definitive":
                continue
            for link in _PART_LINKS:
                for part in c.party(link):
                    inherited.setdefault(part, c.stage)
        return {
            iri: (inherited.get(iri, c.stage) if c.stage == "Definitive" else c.stage)
            for iri, c in data.claims.items()
        }

    return data.derived("stages", compute)


def usable(
    c: Claim,
    data: ClaimData,
    day: date | None,
    include_disputed: bool = False,
    stage: str | None = None,
) -> bool:
    """Tell whether ``c`` is in force at ``day``, not disputed and at a counted stage.

    ``stage`` is the claim's effective stage (a deal part inherits its deal's);
    looked up in ``data`` when not given.
    """
    if stage is None:
        stage = _stages(data).get(c.iri, c.stage)
    return c.in_force(day) and (include_disputed or c.status != "Disputed") and stage in data.stages


def usable_claims(
    data: ClaimData, day: date | None = None, include_disputed: bool = False
) -> frozenset[str]:
    """Return the IRIs of the claims :func:`usable` as of ``day``.

    Kept on ``data`` per (day, include_disputed) (:meth:`~graph.claims.ClaimData.derived`):
    the views of one date (money flow, binding, availability) and :func:`counted` test
    every claim against the same date.

    Examples
    --------
    >>> from graph.claims import Claim, ClaimData
    >>> talks = Claim("t", "EquityInvestment", "Reported", stage="Talks")
    >>> data = ClaimData({}, {"d": Claim("d", "EquityInvestment", "Disputed"), "t": talks})
    >>> sorted(usable_claims(data)), sorted(usable_claims(data, include_disputed=True))
    ([], ['d'])
    """

    def compute() -> frozenset[str]:
        stages = _stages(data)
        return frozenset(
            iri
            for iri, c in data.claims.items()
            if usable(c, data, day, include_disputed, stages[iri])
        )

    return data.derived(("usable", day, include_disputed), compute)


def _superseded_by(data: ClaimData) -> dict[str, set[str]]:
    """Map each claim to the claims that supersede it."""
    out: dict[str, set[str]] = defaultdict(set)
    for iri, c in data.claims.items():
        for old in c.party("supersedes"):
            out[old].add(iri)
    return out


def _repeat_targets(data: ClaimData) -> dict[str, tuple[str, ...]]:
    """Map each claim that may repeat another to the claims it would repeat (kept).

    What it restates or is a part of (never itself), and what supersedes it; claims
    that point at nothing are left out (:func:`_repeats`).
    """

    def compute() -> dict[str, tuple[str, ...]]:
        superseded = _superseded_by(data)
        out: dict[str, tuple[str, ...]] = {}
        for iri, c in data.claims.items():
            targets = tuple(t for t in (*c.party("restates"), *c.party("partOf")) if t != iri)
            targets += tuple(superseded.get(iri, ()))
            if targets:
                out[iri] = targets
        return out

    return data.derived("repeat targets", compute)


def _repeats(iri: str, base: frozenset[str], targets: dict[str, tuple[str, ...]]) -> bool:
    """Tell whether claim ``iri`` repeats a claim in ``base`` (restates, part of, superseded)."""
    found = targets.get(iri)
    return found is not None and any(t in base for t in found)


def counted(
    data: ClaimData, day: date | None = None, *, include_disputed: bool = False
) -> frozenset[str]:
    """Return the IRIs of the claims a sum adds as of ``day``.

    Parameters
    ----------
    data : ClaimData
        From :func:`graph.claims.read_claims`; its ``stages`` say which deal
        stages count.
    day : date, optional
        As of this date; every date when ``None``.
    include_disputed : bool
        Count disputed claims too.

    Returns
    -------
    frozenset of str
        Kept on ``data`` per (day, include_disputed).
    """

    def compute() -> frozenset[str]:
        base = usable_claims(data, day, include_disputed)
        targets = _repeat_targets(data)
        return frozenset(i for i in base if not _repeats(i, base, targets))

    return data.derived(("counted", day, include_disputed), compute)


def count_rules(data: ClaimData) -> dict[str, str]:
    """Return the date-free count rule of every claim (what the build writes).

    ``Counted`` for a claim sums add, else why not, first match: ``NotCountedDisputed``,
    ``NotCountedRestatement`` (restates, is part of, or was superseded by a counted
    claim: never added, whatever is asked for) or ``NotCountedStage`` (talks, a
    letter of intent: added only when asked for). Uses the
    default stages whatever ``data.stages`` says.

    Examples
    --------
    >>> from graph.claims import Claim, ClaimData
    >>> loi = Claim("l", "EquityInvestment", "Confirmed", stage="LetterOfIntent")
    >>> deal = Claim("d", "EquityInvestment", "Confirmed", parties={"supersedes": ("l",)})
    >>> sorted(count_rules(ClaimData({}, {"l": loi, "d": deal})).items())
    [('d', 'Counted'), ('l', 'NotCountedRestatement')]
    >>> count_rules(ClaimData({}, {"l": loi}))
    {'l': 'NotCountedStage'}
    """
    stages = _stages(data)
    default = data.with_stages(COUNTED_STAGES) if data.stages != COUNTED_STAGES else data
    base = frozenset(
        iri for iri, c in data.claims.items() if usable(c, default, None, False, stages[iri])
    )
    targets = _repeat_targets(data)
    rules: dict[str, str] = {}
    for iri in sorted(data.claims):
        c = data.claims[iri]
        if c.status == "Disputed":
            rules[iri] = RULE_DISPUTED
        elif _repeats(iri, base, targets):
            rules[iri] = RULE_RESTATEMENT
        elif stages[iri] not in COUNTED_STAGES:
            rules[iri] = RULE_STAGE
        else:
            rules[iri] = RULE_COUNTED
    return rules
