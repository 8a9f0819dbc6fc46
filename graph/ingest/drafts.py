"""Draft claims assembled from an article, one per amount of money or capacity.

Rule-based, sentence by sentence (no model weights): each amount found by
:mod:`graph.ingest.quantities` becomes a draft when the words around it
(:mod:`graph.ingest.cues`) say what it is, in this order:

1. revenue ("annualised revenue", "run-rate", ARR, 年化收入; "revenue", 收入), and a figure
   "up from" an earlier one -> an observation of the company;
2. a sale ("sold its stake") -> nothing; a valuation ("valued at", "is worth", 估值, 市值)
   -> observation; a round ("raised $2B", "a $13 billion Series F", 融资额) -> observation
   ``FundingRaised`` (none while the round is still being raised);
3. an acquisition ("acquire", "buy", "purchase of", 收购; not "buy $5B of equipment", not
   "buy a stake") -> ``Acquisition``;
4. a part of a deal already drafted ("$5 billion upfront", "$20 billion tied to milestones",
   首期, 其余) -> ``Tranche`` with the deal's parties;
5. capacity (gigawatts) -> ``CapacityCommitment``, or ``ChipSupplyAgreement`` when chips,
   GPUs, racks or systems are what is supplied (money for chips too);
6. spending ("spend", "pay", "order", "agreement worth", 采购, 投入) -> ``SpendCommitment``,
   unless the money goes into things rather than to a party ("$5bn on infrastructure");
7. an investment ("invest", "put into", "stake", 投资, 认购) -> ``EquityInvestment``; when
   both spending and investing words precede an amount, the nearer wins.

The parties come from :mod:`graph.ingest.names`: the subject of the clause (the first party
not introduced by "in", "to", 向, 为...; a party that only reports, "X said Y...", gives way;
"后者"/"the latter" is the party named last) and the nearest party introduced as an object,
else a name the graph lacks after "acquire", "in", "supply" (proposed as new), else another
party of the sentence, of the next sentence (investments) or of the last draft. Verbs of
supply ("provide", 提供, "rent X") and companies that sell compute (role CloudProvider or
NeoCloud) make the provider; chips name their designer as supplier. A sentence that denies
("denied", "wide of the mark", 否认, 暂无此计划) or asks states no claim; talks ("in talks",
洽谈) give drafts at stage ``Talks``; "A and B ... $1B and $2B respectively" pairs them, and
"A and B's $65 billion" is a sum, not a deal. Dates come from :mod:`graph.ingest.dates`: the
date just after the amount, else the nearest before it in the sentence, else the
paragraph's first (never an older fact's "three months ago"; a revenue figure takes none
from a later sentence), else one after it, else the publication date (none for a fact said
to be earlier). A deal's deadline ("by 2027", "by the end of 2026", 2026年底前, "within 18
months", 三年内; the last two counted from the claim's date, for a commitment only) and a
commitment's term ("over the next decade") come from the sentence.

Examples
--------
>>> from datetime import date
>>> from graph.ingest.names import NameFinder
>>> finder = NameFinder({"amazon": "amazon", "anthropic": "anthropic", "aws": "amazon"})
>>> text = ("Amazon said on Monday it will invest up to $25 billion in Anthropic: $5 billion "
...         "now and $20 billion tied to milestones. Anthropic will spend more than $100 "
...         "billion on AWS over the next decade.")
>>> for d in extract(text, date(2026, 4, 22), finder):
...     print(d.kind, d.party, d.counterparty, d.value, d.bound, d.date_text, d.duration)
EquityInvestment amazon anthropic 25000000000.0 ceiling 2026-04-20 None
Tranche amazon anthropic 5000000000.0 exact 2026-04-20 None
Tranche amazon anthropic 20000000000.0 exact 2026-04-20 None
SpendCommitment anthropic amazon 100000000000.0 floor 2026-04-20 P10Y
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import pairwise
from typing import Any

from graph.ingest import cues
from graph.ingest.dates import DateMention, find_dates, find_deadline, find_duration
from graph.ingest.names import Mention, NameFinder
from graph.ingest.quantities import BoundName, Quantity, find_quantities
from graph.ingest.sentences import Sentence, split_sentences

__all__ = ["DEAL_KINDS", "OBSERVATION_KINDS", "Draft", "extract"]

#: Observation kinds (local names of aikg:ObservationKind) a draft may have as its kind.
OBSERVATION_KINDS = frozenset({"Valuation", "RunRateRevenue", "Revenue", "FundingRaised"})
#: Claim classes a draft may have as its kind.
DEAL_KINDS = frozenset(
    {
        "EquityInvestment",
        "Tranche",
        "SpendCommitment",
        "CapacityCommitment",
        "ChipSupplyAgreement",
        "Acquisition",
    }
)


#: Claims "within N months" sets a deadline on.
_COMMITMENTS = frozenset({"SpendCommitment", "CapacityCommitment", "ChipSupplyAgreement"})


@dataclass
class Draft:
    """A claim read from an article, not yet reviewed.

    ``kind`` is a claim class (:data:`DEAL_KINDS`) or an observation kind
    (:data:`OBSERVATION_KINDS`); ``party`` is the investor, customer, acquirer or observed
    company, ``counterparty`` the investee, provider or target (``None`` for observations);
    a party the graph lacks is ``"?Name"``. ``value`` is in units of ``currency`` (ISO 4217,
    or ``"GW"``). ``span`` is the character span of the sentence it came from.
    """

    kind: str
    party: str | None
    counterparty: str | None
    value: float
    currency: str
    bound: BoundName
    date: date | None
    precision: str
    span: tuple[int, int]
    stage: str | None = None
    tranche_kind: str | None = None
    parent: int | None = None
    duration: str | None = None
    #: the date by which the commitment is to be delivered ("by 2027", "within 18 months")
    deadline: datetime.date | None = None
    #: chips and platforms the sentence names by the graph's names (IRIs)
    chips: tuple[str, ...] = ()
    platform: str | None = None
    #: index of this draft in the article's list
    index: int = 0
    #: the amount's own span in the text
    amount_span: tuple[int, int] = (0, 0)
    notes: list[str] = field(default_factory=list)

    @property
    def date_text(self) -> str | None:
        """The date at its precision (``2026-04-20``, ``2026-04``, ``2026``), or ``None``."""
        if self.date is None:
            return None
        iso = self.date.isoformat()
        return {"day": iso, "month": iso[:7], "year": iso[:4]}.get(self.precision, iso)

    @property
    def is_observation(self) -> bool:
        """Tell whether this draft is an observation (valuation, revenue...)."""
        return self.kind in OBSERVATION_KINDS


@dataclass
class _State:
    """What the reading remembers across sentences."""

    published: date
    text: str
    drafts: list[Draft] = field(default_factory=list)
    last_subject: str | None = None
    #: the parties named in the last sentence that named any
    last_mentions: list[str] = field(default_factory=list)
    last_date: DateMention | None = None
    paragraph_dates: dict[int, DateMention] = field(default_factory=dict)
    #: the article's language when given ("en", "zh"), else None (read both)
    lang: str | None = None


def extract(
    text: str,
    published: date,
    finder: NameFinder,
    unknown: bool = True,
    *,
    lang: str | None = None,
) -> list[Draft]:
    """Return the draft claims of ``text``, in order of the amounts they rest on.

    Parameters
    ----------
    text : str
        The article.
    published : date
        Its publication date (relative dates are resolved against it).
    finder : NameFinder
        The graph's names.
    unknown : bool
        Name a target or investee the graph lacks as ``"?Name"`` (else leave it out).
    lang : {"en", "zh"}, optional
        Split sentences and read amounts and dates as this language writes them only
        (default: both, for an article whose language is not given).
    """
    state = _State(published, text, lang=lang)
    sentences = split_sentences(text, lang)
    for s in sentences:
        # "three months ago" dates an older fact, never the paragraph's news
        found = find_dates(text[s.start : s.end], published, lang)
        dates = [d for d in found if d.relative != "ago"]
        if dates and s.paragraph not in state.paragraph_dates:
            first = dates[0]
            state.paragraph_dates[s.paragraph] = DateMention(
                first.start + s.start, first.end + s.start, first.day, first.precision
            )
    for s in sentences:
        _sentence(text, s, state, finder, unknown)
    for i, d in enumerate(state.drafts):
        d.index = i
    return state.drafts


def _sentence(text: str, s: Sentence, state: _State, finder: NameFinder, unknown: bool) -> None:
    body = text[s.start : s.end]
    if cues.DENIAL.search(body) or body.rstrip().endswith(("?", "？")):
        return  # a denial or a question states no claim
    mentions = [
        Mention(m.start + s.start, m.end + s.start, m.iri, m.how) for m in finder.find(body)
    ]
    quantities = [
        Quantity(q.start + s.start, q.end + s.start, q.value, q.currency, q.bound)
        for q in find_quantities(body, state.lang)
    ]
    dates = _sentence_dates(body, s, state)
    talks = "Talks" if cues.TALKS.search(body) else None
    clauses = _clauses(text, s)
    first_amount = quantities[0].start if quantities else s.end
    subject_all = _subject(text, mentions, s.start, first_amount) or state.last_subject
    respectively = _respectively(text, s, mentions, quantities)
    reading = _Reading(text, s, mentions, state, subject_all, finder, unknown)
    previous_end = s.start
    for qi, q in enumerate(quantities):
        left = text[previous_end : q.start]
        nxt = quantities[qi + 1].start if qi + 1 < len(quantities) else s.end
        right = text[q.end : min(nxt, q.end + 60)]
        previous_end = q.end
        if cues.HYPOTHETICAL.search(left):
            continue
        clause = next(((a, b) for a, b in clauses if a <= q.start < b), (s.start, s.end))
        if q.start not in respectively and _joint(text, mentions, clause):
            continue  # "Google and Amazon's $65 billion": a sum of two deals, not a deal
        draft = reading.classify(q, left, right, clause)
        same = [d for d in state.drafts if d.span == (s.start, s.end)]
        if draft is None and q.start in respectively and same:
            # "invest $5B and $10B respectively": the second amount is of the same kind
            draft = replace(same[-1], value=q.value, currency=q.currency, bound=q.bound)
            draft.amount_span = (q.start, q.end)
        if draft is None:
            continue
        if q.start in respectively:
            draft.party = respectively[q.start]
        if draft.party is None or (draft.counterparty is None and not draft.is_observation):
            continue
        draft.stage = talks
        draft.date, draft.precision = _date_for(
            q, quantities, dates, s, state, revenue=draft.kind in ("Revenue", "RunRateRevenue")
        )
        _equipment(draft, body, finder)
        if not draft.is_observation:
            # "within N months" counts from the claim's date, for a commitment only ("Within
            # 4 days, Amazon announced an investment" dates news, not a delivery)
            claimed = (draft.date or state.published) if draft.kind in _COMMITMENTS else None
            draft.deadline = find_deadline(body, claimed)
        state.drafts.append(draft)
    if subject_all is not None:
        state.last_subject = subject_all
    if mentions:
        state.last_mentions = [m.iri for m in mentions]


def _sentence_dates(body: str, s: Sentence, state: _State) -> list[DateMention]:
    """Return the dates of a sentence at their place in the article ("same month" resolved)."""
    dates = []
    for found in find_dates(body, state.published, state.lang):
        d = DateMention(found.start + s.start, found.end + s.start, found.day, found.precision)
        if found.relative == "same-month" and state.last_date is not None:
            d = DateMention(d.start, d.end, state.last_date.day, "month")
        dates.append(d)
        state.last_date = d
    return dates


def _equipment(draft: Draft, body: str, finder: NameFinder) -> None:
    """Name the term, the chips and the provider's platform of a commitment (Trainium2, AWS)."""
    if draft.kind not in ("SpendCommitment", "CapacityCommitment", "ChipSupplyAgreement"):
        return
    draft.duration = find_duration(body)
    if finder.things is None:
        return
    found = [m.iri for m in finder.things.find(body)]
    draft.platform = next(
        (iri for iri in found if finder.operators.get(iri) == draft.counterparty), None
    )
    draft.chips = tuple(dict.fromkeys(iri for iri in found if iri not in finder.operators))


def _last(pattern: re.Pattern[str], text: str) -> int:
    """Return where the last match of ``pattern`` in ``text`` ends, or -1."""
    ends = [m.end() for m in pattern.finditer(text)]
    return ends[-1] if ends else -1


def _clauses(text: str, s: Sentence) -> list[tuple[int, int]]:
    cuts = [
        s.start,
        *(m.start() + s.start for m in cues.CLAUSE.finditer(text[s.start : s.end])),
        s.end,
    ]
    return [(a, b) for a, b in pairwise(cuts) if b > a]


def _objects(text: str, mentions: list[Mention], start: int, end: int) -> list[Mention]:
    """Return the parties of ``text[start:end]`` introduced as objects ("in X", "向X", "pay X")."""
    return [
        m
        for m in mentions
        if start <= m.start < end
        and cues.OBJECT_MARKER.search(text[max(start, m.start - 12) : m.start])
    ]


def _subject(text: str, mentions: list[Mention], start: int, end: int) -> str | None:
    """Return the first party of ``text[start:end]`` not introduced as an object.

    A party that only reports ("CoreWeave said OpenAI had...") gives way to the next one.
    """
    m = _subject_mention(text, mentions, start, end)
    return m.iri if m is not None else None


def _subject_mention(text: str, mentions: list[Mention], start: int, end: int) -> Mention | None:
    """Return the mention :func:`_subject` picks."""
    inside = [m for m in mentions if start <= m.start < end]
    objects = {id(m) for m in _objects(text, mentions, start, end)}
    for i, m in enumerate(inside):
        if id(m) in objects:
            continue
        said = cues.REPORTING.match(text, m.end, m.end + 24)
        nxt = next((o for o in inside[i + 1 :] if o.iri != m.iri and id(o) not in objects), None)
        if said is not None and nxt is not None and cues.THAT.match(text[said.end() : nxt.start]):
            continue
        return m
    return None


def _joint(text: str, mentions: list[Mention], clause: tuple[int, int]) -> bool:
    """Tell whether two parties are the joint subject of ``clause`` ("Google and Amazon's")."""
    inside = [m for m in mentions if clause[0] <= m.start < clause[1]]
    objects = _objects(text, mentions, clause[0], clause[1])
    return any(
        a.iri != b.iri and a not in objects and cues.JOINED.match(text[a.end : b.start]) is not None
        for a, b in pairwise(inside)
    )


def _respectively(
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


@dataclass
class _Reading:
    """One sentence being read: the text, its parties and what came before."""

    text: str
    s: Sentence
    mentions: list[Mention]
    state: _State
    subject_all: str | None
    finder: NameFinder
    unknown: bool
    #: the party a "后者"/"the latter" in object place stands for
    latter: str | None = None

    def other(
        self, party: str | None, q: Quantity, new: bool = False, ahead: bool = True
    ) -> str | None:
        """Return the counterparty of ``party`` for the amount ``q``.

        An object of the sentence nearest ``q``, else a new name after "in" or "acquire"
        (when ``new``), else any other party of it that is no clause's subject, else the
        next sentence's first other party (when ``ahead``), else the last draft's.
        """

        def near(m: Mention) -> int:
            return min(abs(m.start - q.end), abs(m.end - q.start))

        s = self.s
        if self.latter is not None and self.latter != party:
            return self.latter
        objects = [m for m in _objects(self.text, self.mentions, s.start, s.end) if m.iri != party]
        if objects:
            return min(objects, key=near).iri
        if new and self.unknown:
            name = self.new_name(q)
            if name is not None:
                return name
        subjects = {
            _subject_mention(self.text, self.mentions, a, b)
            for a, b in _clauses(self.text, s)
            if not a <= q.start < b
        }
        others = [m for m in self.mentions if m.iri != party and m not in subjects]
        if others:
            return min(others, key=near).iri
        return (self.following(party) if ahead else None) or self.previous(party)

    def new_name(self, q: Quantity) -> str | None:
        """Return a name the graph lacks, introduced as the object of the deal."""
        s = self.s
        best: tuple[int, str] | None = None
        for start, _, name in self.finder.unknown_names(self.text[s.start : s.end]):
            at = start + s.start
            if name in cues.NOT_NAMES or not cues.NEW_MARKER.search(
                self.text[max(s.start, at - 60) : at]
            ):
                continue
            distance = abs(at - q.start)
            if best is None or distance < best[0]:
                best = (distance, name)
        if best is not None:
            return "?" + best[1]
        zh = cues.ZH_TARGET.search(self.text, s.start, s.end)
        return "?" + zh.group(1) if zh is not None else None

    def following(self, party: str | None) -> str | None:
        """Return the first other party named in the rest of the paragraph."""
        for nxt in split_sentences(self.text[self.s.end : self.s.end + 1500])[:3]:
            start = self.s.end + nxt.start
            end = self.s.end + nxt.end
            for m in self.finder.find(self.text[start:end]):
                if m.iri != party:
                    return m.iri
        return None

    def previous(self, party: str | None) -> str | None:
        """Return the other party of the last draft, else of the last sentence naming parties.

        A second sentence on one deal often names only one side ("OpenAI will pay...").
        """
        for d in reversed(self.state.drafts):
            for p in (d.counterparty, d.party):
                if p is not None and p != party:
                    return p
        return next((p for p in self.state.last_mentions if p != party), None)

    def classify(self, q: Quantity, left: str, right: str, clause: tuple[int, int]) -> Draft | None:
        """Return the draft an amount stands for, from the words around it (module notes)."""
        text, s, mentions = self.text, self.s, self.mentions
        near_left = left[-45:]
        c_start, c_end = clause
        subject = _subject(text, mentions, c_start, q.start) or self.subject_all
        latter = cues.LATTER.search(text, s.start, q.start)
        prior = [m for m in mentions if latter is not None and m.end <= latter.start()]
        self.latter = None
        if prior and latter is not None:  # "后者", "the latter": the party named last before it
            if cues.OBJECT_MARKER.search(text[max(s.start, latter.start() - 12) : latter.start()]):
                self.latter = prior[-1].iri  # "向后者提供": the latter is the object
            else:
                subject = prior[-1].iri
        base: dict[str, Any] = {
            "value": q.value,
            "currency": q.currency,
            "bound": q.bound,
            "date": None,
            "precision": "day",
            "span": (s.start, s.end),
            "amount_span": (q.start, q.end),
        }
        if not q.is_capacity:
            matched, draft = self.money(
                q=q, left=left, right=right, c_start=c_start, subject=subject, base=base
            )
            if matched:
                return draft
        deal_value = cues.DEAL_VALUE.search(near_left)
        chips = bool(
            cues.CHIPS.search(right[:40])
            or cues.CHIPS.search(near_left[-25:])
            or (not q.is_capacity and cues.GOODS.match(right))
            # "sell Oracle 50,000 accelerators, a deal put at $3 billion"
            or (deal_value and cues.CHIPS.search(text, s.start, q.start))
        )
        provider_verb = bool(
            cues.PROVIDER_VERB.search(text, c_start, c_end)
            or cues.PROVIDER_VERB.search(text, s.start, q.start)
        )
        buying = cues.SPEND.search(left + right) or cues.PROVIDER_VERB.search(left + right)
        if q.is_capacity or (chips and buying):
            kind = "ChipSupplyAgreement" if chips else "CapacityCommitment"
            return self.supply(
                kind=kind, q=q, subject=subject, provider_verb=provider_verb, chips=chips, base=base
            )
        if cues.CAPEX.match(right) and not _objects(text, self.mentions, c_start, c_end):
            return None
        spend = _last(cues.SPEND, near_left) > _last(cues.INVEST, near_left) or (
            _last(cues.INVEST, near_left) < 0 and cues.SPEND.search(right[:30])
        )
        supplied = cues.PROVIDER_VERB.search(near_left) and (
            cues.GOODS_OF.match(right) or cues.COMPUTE_AFTER.match(right)
        )
        if spend or supplied or cues.DEAL_VALUE.search(near_left):
            return self.supply(
                kind="SpendCommitment",
                q=q,
                subject=subject,
                provider_verb=provider_verb,
                chips=False,
                base=base,
            )
        if cues.INVEST.search(near_left) or cues.INVEST.search(right[:20]):
            investor = self.after(q, cues.FROM)
            if investor is not None:  # "an investment from Google in Anthropic"
                return Draft("EquityInvestment", investor, self.other(investor, q), **base)
            return Draft("EquityInvestment", subject, self.other(subject, q, new=True), **base)
        return None

    def money(
        self,
        *,
        q: Quantity,
        left: str,
        right: str,
        c_start: int,
        subject: str | None,
        base: dict[str, Any],
    ) -> tuple[bool, Draft | None]:
        """Read an amount of money as an observation, acquisition, valuation or tranche.

        Returns whether the words decided (a round still being raised decides: no draft).
        """
        near_left = left[-45:]
        same = [d for d in self.state.drafts if d.span == (self.s.start, self.s.end)]
        if cues.RUN_RATE.search(near_left) or cues.RUN_RATE.search(right[:25]):
            return True, Draft("RunRateRevenue", self.observed(q), None, **base)
        if cues.REVENUE.search(near_left[-25:]):
            return True, Draft("Revenue", self.observed(q), None, **base)
        if same and same[-1].is_observation and cues.UP_FROM.search(near_left):
            return True, Draft(same[-1].kind, same[-1].party, None, **base)
        if cues.SALE.search(near_left):
            return True, None
        valuation_after = cues.VALUATION_AFTER.match(right)
        if (
            cues.VALUATION.search(near_left[-30:]) or valuation_after
        ) and not cues.DEAL_VALUE.search(near_left):
            return True, Draft("Valuation", self.valued(q, c_start), None, **base)
        raised = (
            (cues.RAISED.search(near_left) and cues.ROUND_AFTER.search(right[:40]))
            or cues.RAISED_BEFORE.search(near_left[-12:])
            or cues.RAISED_ALONE.search(near_left)
            or (cues.ROUND.search(near_left[-12:]) and not cues.INVEST.search(near_left[-12:]))
        )
        named_round = cues.ROUND.search(right[:30]) or cues.ROUND_NAMED.match(right)
        if raised or (named_round and not cues.INVEST.search(near_left[-20:])):
            if cues.ROUND_RAISING.search(left):
                return True, None
            return True, Draft("FundingRaised", self.raiser(q, subject), None, **base)
        bought = cues.ACQUIRE.search(left[-90:]) and not (
            cues.BUY_AMOUNT.search(near_left) or cues.STAKE.search(left[-90:])
        )
        if bought or cues.ACQUIRE_AFTER.match(right):
            return True, Draft("Acquisition", subject, self.other(subject, q, new=True), **base)
        if cues.VALUATION.search(near_left) and not cues.DEAL_VALUE.search(near_left):
            return True, Draft("Valuation", self.valued(q, c_start), None, **base)
        parent = _parent(self.state, subject)
        around = near_left[-25:] + right[:25]
        if (
            parent is None
            or cues.INVEST.search(near_left[-15:])
            or not (cues.UPFRONT.search(around) or cues.LATER.search(right[:40]))
        ):
            return False, None
        upfront = bool(cues.UPFRONT.search(near_left[-25:] + right[:12])) and not cues.LATER.search(
            right[:12]
        )
        return True, Draft(
            "Tranche",
            parent.party,
            parent.counterparty,
            parent=parent.index,
            tranche_kind="Upfront" if upfront else "Milestone",
            **base,
        )

    def supply(
        self,
        *,
        kind: str,
        q: Quantity,
        subject: str | None,
        provider_verb: bool,
        chips: bool,
        base: dict[str, Any],
    ) -> Draft:
        """Return a spending, capacity or chip-supply draft: who buys from whom."""
        maker = None
        if chips:
            m = cues.CHIPS.search(self.text, q.end, q.end + 60)
            if m is not None:
                maker = next(
                    (
                        x.iri
                        for x in self.mentions
                        if 0 <= m.start() - x.end <= 25 and x.start > q.end
                    ),
                    None,
                )
        ordered = cues.SPEND.search(self.text, self.s.start, self.s.end) and re.search(
            r"\border", self.text[self.s.start : self.s.end], re.IGNORECASE
        )
        buyer = self.after(q, cues.ORDER_FROM) if chips and ordered else None
        if buyer is not None and subject is not None:  # "X landed an order ... from Y"
            return Draft(kind, buyer, subject, **base)
        if maker is None and chips:
            maker = self.designer(subject)
        if maker is not None:
            others = [x for x in self.mentions if x.iri != maker]
            customer = others[0].iri if others else self.previous(maker)
            return Draft(kind, customer, maker, **base)
        # a payment's receiver is named with it or before it, never only in a later sentence
        other = self.other(subject, q, new=True, ahead=False)
        sells_compute = kind != "ChipSupplyAgreement" and (
            subject in self.finder.providers and other not in self.finder.providers
        )
        if provider_verb or sells_compute:
            return Draft(kind, other, subject, **base)
        return Draft(kind, subject, other, **base)

    def after(self, q: Quantity, pattern: re.Pattern[str]) -> str | None:
        """Return the first party after ``q`` that ``pattern`` introduces ("from X")."""
        for m in self.mentions:
            if m.start >= q.end and pattern.match(self.text[q.end : m.start]):
                return m.iri
        return None

    def raiser(self, q: Quantity, subject: str | None) -> str | None:
        """Return who raised a round: "a round for X", else the clause's subject."""
        for m in self.mentions:
            if m.start >= q.end and cues.FOR.match(self.text[q.end : m.start]):
                return m.iri
        return subject or self.observed(q)

    def designer(self, subject: str | None) -> str | None:
        """Return who designs a chip the sentence names (昇腾910C: Huawei), if not ``subject``."""
        if self.finder.things is None:
            return None
        for m in self.finder.things.find(self.text[self.s.start : self.s.end]):
            designer = self.finder.designers.get(m.iri)
            if designer is not None and designer != subject:
                return designer
        return None

    def observed(self, q: Quantity) -> str | None:
        """Return the company a revenue or round figure is about: the nearest party before it."""
        before = [m for m in self.mentions if m.end <= q.start]
        return before[-1].iri if before else self.subject_all

    def valued(self, q: Quantity, c_start: int) -> str | None:
        """Return the company a valuation is about."""
        for d in reversed(self.state.drafts):
            if d.span == (self.s.start, self.s.end) and d.kind == "EquityInvestment":
                return d.counterparty
        inside = [m for m in self.mentions if c_start <= m.start < q.start]
        if inside:
            return inside[-1].iri
        equity = [d for d in self.state.drafts if d.kind == "EquityInvestment"]
        if equity and cues.THE_DEAL.search(self.text, self.s.start, q.start):
            return equity[-1].counterparty
        return self.subject_all


def _parent(state: _State, subject: str | None) -> Draft | None:
    """Return the equity deal a tranche belongs to: the last by ``subject``, else the last."""
    equity = [d for d in state.drafts if d.kind == "EquityInvestment"]
    if not equity:
        return None
    if subject is not None:
        for d in reversed(equity):
            if d.party == subject:
                return d
    return equity[-1]


def _date_for(
    q: Quantity,
    quantities: list[Quantity],
    dates: list[DateMention],
    s: Sentence,
    state: _State,
    *,
    revenue: bool = False,
) -> tuple[date | None, str]:
    """Return the date of the amount ``q`` (see the module notes)."""
    body = state.text[s.start : s.end]
    nxt = next((x.start for x in quantities if x.start > q.start), s.end)
    after = [d for d in dates if 0 <= d.start - q.end <= 25 and d.start < nxt]
    before = [d for d in dates if d.end <= q.start]
    later = [d for d in dates if d.start >= q.end]
    candidates = after[:1] or before[-1:]
    chosen: DateMention | None = candidates[0] if candidates else None
    if chosen is None and not cues.SEPARATE.search(body):
        first = state.paragraph_dates.get(s.paragraph)
        if first is not None and not s.start <= first.start < s.end:
            # a revenue figure is no part of a deal dated later in the paragraph
            chosen = first if first.start < s.start or not revenue else None
    if chosen is None and later:
        chosen = later[0]
    if chosen is not None:
        return chosen.day, chosen.precision
    if cues.EARLIER.search(body):
        return None, "day"
    return state.published, "day"
