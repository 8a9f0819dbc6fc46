"""A draft claim and what the reading remembers across sentences.

:class:`Draft` is one claim read from an article, not yet reviewed: its kind (a claim class
of :data:`DEAL_KINDS` or an observation kind of :data:`OBSERVATION_KINDS`), parties,
amount, date, deadline and term. :mod:`graph.ingest.drafts` builds them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from datetime import date

from graph.ingest.dates import DateMention
from graph.ingest.quantities import BoundName

__all__ = ["DEAL_KINDS", "OBSERVATION_KINDS", "Draft", "State"]

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
class State:
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
