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
months", 三年内; the last two counted from the claim's date, for a commitment only; none
before the claim's date) and a commitment's term ("over the next decade") come from the
sentence.

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

from dataclasses import replace
from datetime import date

from graph.ingest import cues
from graph.ingest.classify import Reading
from graph.ingest.dates import DateMention, find_dates, find_deadline, find_duration
from graph.ingest.draft_types import DEAL_KINDS, OBSERVATION_KINDS, Draft, State
from graph.ingest.names import Mention, NameFinder
from graph.ingest.parties import (
    clause_spans,
    joint_subject,
    paired_amounts,
    subject_of,
)
from graph.ingest.quantities import Quantity, find_quantities
from graph.ingest.sentences import Sentence, split_sentences

__all__ = ["DEAL_KINDS", "OBSERVATION_KINDS", "Draft", "extract"]

#: Claims "within N months" sets a deadline on.
_COMMITMENTS = frozenset({"SpendCommitment", "CapacityCommitment", "ChipSupplyAgreement"})


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
    state = State(published, text, lang=lang)
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


def _sentence(text: str, s: Sentence, state: State, finder: NameFinder, unknown: bool) -> None:
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
    clauses = clause_spans(text, s)
    first_amount = quantities[0].start if quantities else s.end
    subject_all = subject_of(text, mentions, s.start, first_amount) or state.last_subject
    respectively = paired_amounts(text, s, mentions, quantities)
    reading = Reading(text, s, mentions, state, subject_all, finder, unknown)
    previous_end = s.start
    for qi, q in enumerate(quantities):
        left = text[previous_end : q.start]
        nxt = quantities[qi + 1].start if qi + 1 < len(quantities) else s.end
        right = text[q.end : min(nxt, q.end + 60)]
        previous_end = q.end
        if cues.HYPOTHETICAL.search(left):
            continue
        clause = next(((a, b) for a, b in clauses if a <= q.start < b), (s.start, s.end))
        if q.start not in respectively and joint_subject(text, mentions, clause):
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
            deadline = find_deadline(body, claimed)
            # "by 2024 it had invested": a year already past when the claim was made
            if deadline is not None and deadline >= (draft.date or state.published):
                draft.deadline = deadline
        state.drafts.append(draft)
    if subject_all is not None:
        state.last_subject = subject_all
    if mentions:
        state.last_mentions = [m.iri for m in mentions]


def _sentence_dates(body: str, s: Sentence, state: State) -> list[DateMention]:
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


def _date_for(
    q: Quantity,
    quantities: list[Quantity],
    dates: list[DateMention],
    s: Sentence,
    state: State,
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
