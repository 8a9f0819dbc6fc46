"""What an amount in a sentence is, and between whom: the rules of :mod:`graph.ingest.drafts`.

:class:`Reading` reads one sentence: revenue, valuations and rounds, acquisitions,
tranches, capacity and chip supply, spending and investment, each with its party and
counterparty (see :mod:`graph.ingest.drafts` for the order of the rules).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from graph.ingest import cues
from graph.ingest.draft_types import Draft, State
from graph.ingest.names import Mention, NameFinder
from graph.ingest.parties import (
    clause_spans,
    last_end,
    object_mentions,
    subject_mention,
    subject_of,
)
from graph.ingest.quantities import Quantity
from graph.ingest.sentences import Sentence, split_sentences

__all__ = ["Reading", "parent_of"]


@dataclass
class Reading:
    """One sentence being read: the text, its parties and what came before."""

    text: str
    s: Sentence
    mentions: list[Mention]
    state: State
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
        objects = [
            m for m in object_mentions(self.text, self.mentions, s.start, s.end) if m.iri != party
        ]
        if objects:
            return min(objects, key=near).iri
        if new and self.unknown:
            name = self.new_name(q)
            if name is not None:
                return name
        subjects = {
            subject_mention(self.text, self.mentions, a, b)
            for a, b in clause_spans(self.text, s)
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
        subject = subject_of(text, mentions, c_start, q.start) or self.subject_all
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
        if cues.CAPEX.match(right) and not object_mentions(text, self.mentions, c_start, c_end):
            return None
        spend = last_end(cues.SPEND, near_left) > last_end(cues.INVEST, near_left) or (
            last_end(cues.INVEST, near_left) < 0 and cues.SPEND.search(right[:30])
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
        parent = parent_of(self.state, subject)
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


def parent_of(state: State, subject: str | None) -> Draft | None:
    """Return the equity deal a tranche belongs to: the last by ``subject``, else the last."""
    equity = [d for d in state.drafts if d.kind == "EquityInvestment"]
    if not equity:
        return None
    if subject is not None:
        for d in reversed(equity):
            if d.party == subject:
                return d
    return equity[-1]
