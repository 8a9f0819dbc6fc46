"""Reconcile Epoch AI's company tables with the curated claims.

For every row of Epoch AI's funding rounds, revenue reports and compute spending
(``ai_companies/*.csv``) about a company in the graph, :func:`reconcile` names the
curated claim that states the same fact, says why the row needs none, or reports it
unmatched. The rules, the same for every row:

- **Company**: the row's ``Company`` equals (case-folded) the name or an alternate name
  of a curated organisation; rows about other companies are counted, not matched.
- **Row date and amount**: funding rounds use ``Close date`` (else ``Report date``)
  and ``Funding (equity)``; revenue reports ``Date`` (else ``Report date``) and the
  annualised amount; compute spending ``Date`` (else ``Report date``) and ``Amount``.
- **Explained without a claim** (funding rounds): equity of 0 or none with debt is no
  new equity (a tender offer, a valuation event, debt); no equity figure at all is
  "no amount"; a row with the same company, date and equity as an earlier row repeats
  it.
- **Candidates**: funding rounds match equity investments in the company, their
  tranches and the parts of those (``aikg:partOf``), and the company's
  ``FundingRaised`` observations; revenue rows match its ``Revenue`` and
  ``RunRateRevenue`` observations; compute rows its ``ComputeSpend`` observations.
- **By record**: a candidate whose ``aikg:matchesRecord`` names the row
  (``dataset|company|row id``) matches it, whatever the dates and amounts.
- **By rule**: a candidate matches when one of its dates (announced, start, observed)
  lies within :data:`WINDOWS` days of the row date and its USD amount is within
  :data:`TOLERANCE` of the row's amount (relative to the row's); a candidate with no
  USD amount (stated in another currency, or without a figure) matches on the date
  alone within :data:`DATE_ONLY_WINDOW` days, and the match says so. A row whose id
  names a round (``Series B``, ``Seed``) never matches a claim with another round name.
  The candidate with a matching amount wins over a date-only one, then the nearest date.

Examples
--------
>>> from datetime import date
>>> _within(date(2024, 1, 1), [date(2024, 4, 20)], 120)
110
>>> _within(date(2024, 1, 1), [date(2024, 6, 1)], 120) is None
True
>>> _amount_ok(10e9, 8e9), _amount_ok(10e9, 7e9)
(True, False)
>>> _round_name("Dec 2023 18.4B Series D"), _round_name("Google 1B 2025")
('series d', None)
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

import rdflib

from graph.claims import Claim, ClaimData
from graph.importers.resolve import fold, parse_date, parse_number

__all__ = [
    "DATASETS",
    "DATE_ONLY_WINDOW",
    "TOLERANCE",
    "WINDOWS",
    "EpochRow",
    "Reconciliation",
    "RowMatch",
    "read_rows",
    "reconcile",
]

#: dataset key -> file under the Epoch folder
DATASETS: dict[str, str] = {
    "epoch-funding-rounds": "ai_companies/ai_companies_funding_rounds.csv",
    "epoch-revenue-reports": "ai_companies/ai_companies_revenue_reports.csv",
    "epoch-compute-spend": "ai_companies/ai_companies_compute_spend.csv",
}
#: how many days a claim's date may lie from the row's, per dataset
WINDOWS: dict[str, int] = {
    "epoch-funding-rounds": 120,
    "epoch-revenue-reports": 62,
    "epoch-compute-spend": 366,
}
#: how far (a share of the row's amount) a claim's USD amount may be from the row's
TOLERANCE = 0.25
#: the window for a claim without a USD amount (matched on its date alone)
DATE_ONLY_WINDOW = 31
_ROUND = re.compile(r"\b(series\s+[a-z]\+?|seed)\b", re.IGNORECASE)

_OBSERVATION_KINDS: dict[str, frozenset[str]] = {
    "epoch-funding-rounds": frozenset({"FundingRaised"}),
    "epoch-revenue-reports": frozenset({"Revenue", "RunRateRevenue"}),
    "epoch-compute-spend": frozenset({"ComputeSpend"}),
}
_DEAL_KINDS = frozenset({"EquityInvestment"})


@dataclass(frozen=True)
class EpochRow:
    """One Epoch row, read with the rules of this module."""

    dataset: str
    number: int
    company: str
    row_id: str
    date: date | None
    amount: float | None
    #: equity explicitly 0, or absent with debt present (funding rounds)
    no_new_equity: bool = False
    note: str = ""

    @property
    def record(self) -> str:
        """The row as ``aikg:matchesRecord`` writes it."""
        return f"{self.dataset}|{self.company}|{self.row_id}"


@dataclass(frozen=True)
class RowMatch:
    """What became of one row."""

    row: EpochRow
    #: ``matched``, ``explained``, ``unmatched`` or ``other company``
    outcome: str
    claims: tuple[str, ...] = ()
    #: ``record``, ``rule``, ``rule (date only)`` or the explanation
    how: str = ""

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        row = asdict(self.row)
        row["date"] = self.row.date.isoformat() if self.row.date else None
        return {"row": row, "outcome": self.outcome, "claims": list(self.claims), "how": self.how}


@dataclass(frozen=True)
class Reconciliation:
    """Every row's outcome, with totals per dataset."""

    matches: tuple[RowMatch, ...]
    totals: dict[str, dict[str, int]] = field(default_factory=dict)

    def share_accounted(self, dataset: str = "epoch-funding-rounds") -> float:
        """Share of the rows with an amount and a date that are matched or explained.

        Only rows about companies in the graph count.
        """
        rows = [
            m for m in self.matches
            if m.row.dataset == dataset and m.outcome != "other company"
            and m.row.date is not None and m.row.amount
        ]  # fmt: skip
        if not rows:
            return 1.0
        return sum(m.outcome in ("matched", "explained") for m in rows) / len(rows)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "rules": {"windows_days": WINDOWS, "amount_tolerance": TOLERANCE},
            "totals": self.totals,
            "share_accounted": {d: round(self.share_accounted(d), 4) for d in DATASETS},
            "rows": [m.as_dict() for m in self.matches],
        }


def _cell(row: dict[str, str], column: str) -> str:
    return (row.get(column) or "").strip()


def _num(row: dict[str, str], column: str) -> float | None:
    try:
        return parse_number(_cell(row, column))
    except ValueError:
        return None


def _day(row: dict[str, str], *columns: str) -> date | None:
    for column in columns:
        try:
            found = parse_date(_cell(row, column))
        except ValueError:
            found = None
        if found is not None:
            return found
    return None


def _parse(dataset: str, number: int, row: dict[str, str]) -> EpochRow:
    company, row_id = _cell(row, "Company"), _cell(row, "Id")
    if dataset == "epoch-funding-rounds":
        equity = _num(row, "Funding (equity)")
        debt = _num(row, "Funding (debt)")
        return EpochRow(
            dataset, number, company, row_id,
            _day(row, "Close date", "Report date"),
            equity if equity else None,
            no_new_equity=equity == 0 or (equity is None and bool(debt)),
            note=_cell(row, "Type"),
        )  # fmt: skip
    if dataset == "epoch-revenue-reports":
        amount = _num(row, "Revenue amount (normalize to annual)")
        if amount is None:
            amount = _num(row, "Annualized revenue (USD)")
        return EpochRow(
            dataset, number, company, row_id, _day(row, "Date", "Report date"), amount,
            note=_cell(row, "Type"),
        )  # fmt: skip
    amount = _num(row, "Amount")
    if amount is None:
        amount = _num(row, "Total compute spend")
    return EpochRow(
        dataset, number, company, row_id, _day(row, "Date", "Report date"), amount,
        note=_cell(row, "Category"),
    )  # fmt: skip


def read_rows(folder: Path, datasets: Iterable[str] = DATASETS) -> Iterator[EpochRow]:
    """Yield the rows of the Epoch company tables under ``folder`` (missing files skipped).

    Parameters
    ----------
    folder : Path
        The Epoch AI data folder (the one holding ``ai_companies/``).
    datasets : iterable of str
        Keys of :data:`DATASETS`.
    """
    for dataset in datasets:
        path = folder / DATASETS[dataset]
        if not path.is_file():
            continue
        with path.open(newline="", encoding="utf-8-sig", errors="replace") as fh:
            for number, row in enumerate(csv.DictReader(fh), start=1):
                yield _parse(dataset, number, {str(k): str(v or "") for k, v in row.items()})


def _within(day: date, dates: Iterable[date | None], window: int) -> int | None:
    gaps = [abs((d - day).days) for d in dates if d is not None]
    best = min(gaps, default=None)
    return best if best is not None and best <= window else None


def _round_name(text: str) -> str | None:
    found = _ROUND.search(text)
    return " ".join(found.group(1).casefold().split()) if found else None


def _amount_ok(row_amount: float, claim_amount: float) -> bool:
    return abs(claim_amount - row_amount) <= TOLERANCE * row_amount


def _company_index(kg: rdflib.Graph) -> dict[str, str]:
    names: dict[str, str] = {}
    query = """
    SELECT ?org ?name WHERE {
      ?org a ?type . VALUES ?type { <https://w3id.org/aikg/ontology#Company>
                                    <https://w3id.org/aikg/ontology#Organization> }
      { ?org <https://schema.org/name> ?name }
      UNION { ?org <https://schema.org/alternateName> ?name }
    }"""
    for org, name in kg.query(query):  # type: ignore[misc]
        names.setdefault(fold(str(name)), str(org))
    return names


def _records(kg: rdflib.Graph) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    query = "SELECT ?c ?r WHERE { ?c <https://w3id.org/aikg/ontology#matchesRecord> ?r }"
    for claim, record in kg.query(query):  # type: ignore[misc]
        out.setdefault(str(record).strip(), set()).add(str(claim))
    return out


def _candidates(data: ClaimData, dataset: str, org: str) -> list[Claim]:
    claims = data.claims.values()
    if dataset == "epoch-funding-rounds":
        deals = [c for c in claims if c.kind in _DEAL_KINDS and org in c.party("investee")]
        parts = {t for d in deals for t in d.party("tranche")}
        found = {c.iri: c for c in deals}
        found.update({t: data.claims[t] for t in parts if t in data.claims})
        for c in claims:  # parts of the deals and of their tranches
            if set(c.party("partOf")) & set(found):
                found[c.iri] = c
        kinds = _OBSERVATION_KINDS[dataset]
        found.update(
            {c.iri: c for c in claims if c.kind == "Observation" and c.subkind in kinds
             and org in c.party("subject")}
        )  # fmt: skip
        return list(found.values())
    kinds = _OBSERVATION_KINDS[dataset]
    return [
        c for c in claims
        if c.kind == "Observation" and c.subkind in kinds and org in c.party("subject")
    ]  # fmt: skip


def _by_rule(row: EpochRow, candidates: list[Claim]) -> RowMatch | None:
    assert row.date is not None
    assert row.amount is not None
    window = WINDOWS[row.dataset]
    named = _round_name(row.row_id)
    scored: list[tuple[int, int, str]] = []
    for c in candidates:
        if named and c.round_name and _round_name(c.round_name) != named:
            continue
        dates = (c.announced, c.start)
        if c.amount is not None:
            gap = _within(row.date, dates, window)
            if gap is not None and _amount_ok(row.amount, c.amount.value):
                scored.append((0, gap, c.iri))
        else:
            gap = _within(row.date, dates, min(window, DATE_ONLY_WINDOW))
            if gap is not None:
                scored.append((1, gap, c.iri))
    if not scored:
        return None
    kind, _, iri = min(scored)
    return RowMatch(row, "matched", (iri,), "rule" if kind == 0 else "rule (date only)")


def reconcile(
    rows: Iterable[EpochRow], kg: rdflib.Graph, data: ClaimData | None = None
) -> Reconciliation:
    """Match Epoch rows with the curated claims of ``kg`` (rules in the module docstring).

    Parameters
    ----------
    rows : iterable of EpochRow
        From :func:`read_rows`.
    kg : rdflib.Graph
        The built graph (company names and ``aikg:matchesRecord`` are read from it).
    data : ClaimData, optional
        The claims of ``kg`` when already read.
    """
    from graph.claims import read_claims  # noqa: PLC0415

    data = data if data is not None else read_claims(kg)
    companies = _company_index(kg)
    records = _records(kg)
    seen: dict[tuple[str, str, date | None, float | None], str] = {}
    matches: list[RowMatch] = []
    for row in rows:
        org = companies.get(fold(row.company))
        if org is None:
            matches.append(RowMatch(row, "other company"))
            continue
        linked = tuple(sorted(records.get(row.record, ())))
        key = (row.dataset, org, row.date, row.amount)
        if linked:
            matches.append(RowMatch(row, "matched", linked, "record"))
        elif row.no_new_equity:
            matches.append(
                RowMatch(row, "explained", (), "no new equity (tender offer, valuation or debt)")
            )
        elif row.amount is None:
            matches.append(RowMatch(row, "explained", (), "no amount"))
        elif row.date is None:
            matches.append(RowMatch(row, "explained", (), "no date"))
        elif key in seen:
            matches.append(RowMatch(row, "explained", (), f"repeats row '{seen[key]}'"))
        else:
            found = _by_rule(row, _candidates(data, row.dataset, org))
            matches.append(found or RowMatch(row, "unmatched"))
        if row.amount is not None and row.date is not None:
            seen.setdefault(key, row.row_id)
    totals: dict[str, dict[str, int]] = {}
    for m in matches:
        bucket = totals.setdefault(m.row.dataset, {})
        label = m.outcome if m.outcome != "matched" else f"matched by {m.how.split(' ')[0]}"
        bucket[label] = bucket.get(label, 0) + 1
    return Reconciliation(tuple(matches), totals)
