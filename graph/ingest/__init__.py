"""From a news article to draft claims: ``aikg ingest``.

Rule-based reading, no model weights: :mod:`~graph.ingest.sentences` splits the text
with spans, :mod:`~graph.ingest.names` finds the parties by the graph's own names and
aliases (Chinese ones included), :mod:`~graph.ingest.quantities` and
:mod:`~graph.ingest.dates` read amounts, bounds, capacities, terms and dates,
:mod:`~graph.ingest.drafts` assembles the claims (:mod:`~graph.ingest.draft_types` the
draft record, :mod:`~graph.ingest.parties` the subject and objects of a clause,
:mod:`~graph.ingest.classify` what an amount is and between whom),
:mod:`~graph.ingest.compare` sets them against the graph's claims,
:mod:`~graph.ingest.turtle` writes them as Turtle with status ``aikg:Draft`` (which the
build refuses until a reviewer promotes them) and
:mod:`~graph.ingest.evaluate` scores the whole on the labelled set in ``tests/ingest``.

Examples
--------
>>> from datetime import date
>>> from graph.ingest.names import NameFinder
>>> finder = NameFinder({"google": "https://w3id.org/aikg/id/google",
...                      "anthropic": "https://w3id.org/aikg/id/anthropic"})
>>> result = ingest_text("Google will invest up to $40B in Anthropic.", date(2026, 5, 12), finder)
>>> [(r["kind"], r["amount"], r["compare"]) for r in result.rows()]
[('EquityInvestment', '<= 40,000,000,000 USD', 'new')]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rdflib import Graph

from graph.claim_types import ClaimData
from graph.ingest.compare import Comparison, compare
from graph.ingest.drafts import Draft, extract
from graph.ingest.names import NameFinder
from graph.ingest.quantities import BOUNDS
from graph.ingest.turtle import SourceMeta, draft_iri, drafts_graph, source_iri

__all__ = ["Ingested", "ingest_text"]


@dataclass
class Ingested:
    """The drafts of one article, how each compares with the graph, and the Turtle."""

    drafts: list[Draft]
    comparisons: list[Comparison]
    graph: Graph
    iris: list[str]
    names: dict[str, str] = field(default_factory=dict)

    @property
    def proposed(self) -> list[str]:
        """Names the graph lacks, proposed as new entities (never guessed)."""
        found: list[str] = []
        for d in self.drafts:
            for p in (d.party, d.counterparty):
                if p is not None and p.startswith("?") and p[1:] not in found:
                    found.append(p[1:])
        return found

    def name(self, iri: str | None) -> str:
        """Return a party as a reader reads it: its name, or ``Name (new)``."""
        if iri is None:
            return ""
        if iri.startswith("?"):
            return f"{iri[1:]} (new)"
        return self.names.get(iri, iri.rsplit("/", 1)[-1])

    def rows(self) -> list[dict[str, Any]]:
        """One plain record per draft, for the table and JSON outputs."""
        rows = []
        for iri, d, c in zip(self.iris, self.drafts, self.comparisons, strict=True):
            unit = "GW" if d.currency == "GW" else d.currency
            number = f"{d.value:,.0f}" if d.value >= 1000 else f"{d.value:g}"
            prefix = "" if d.bound == "exact" else BOUNDS[d.bound] + " "
            rows.append(
                {
                    "iri": iri,
                    "kind": d.kind,
                    "party": d.party,
                    "counterparty": d.counterparty,
                    "parties": " → ".join(self.name(p) for p in (d.party, d.counterparty) if p),
                    "value": d.value,
                    "bound": d.bound,
                    "currency": d.currency,
                    "amount": f"{prefix}{number} {unit}",
                    "date": d.date_text,
                    "deadline": d.deadline.isoformat() if d.deadline is not None else None,
                    "stage": d.stage,
                    "span": list(d.span),
                    "compare": c.verdict,
                    "claim": c.claim,
                }
            )
        return rows


def ingest_text(
    text: str,
    published: date,
    finder: NameFinder,
    data: ClaimData | None = None,
    source: SourceMeta | None = None,
    *,
    lang: str | None = None,
) -> Ingested:
    """Read ``text`` into draft claims, compare them with ``data`` and write their Turtle.

    Parameters
    ----------
    text : str
        The article.
    published : date
        Its publication date (relative dates resolve against it).
    finder : NameFinder
        The graph's names (:meth:`NameFinder.from_graph`).
    data : ClaimData, optional
        The graph's claims to compare with; without them every draft is new.
    source : SourceMeta, optional
        URL, publisher, date of the article (default: no URL, the publication date).
    lang : {"en", "zh"}, optional
        The article's language: sentences, amounts and dates are read as it writes them
        (default: both languages' readers).
    """
    drafts = extract(text, published, finder, lang=lang)
    comparisons = compare(drafts, data) if data is not None else [Comparison("new") for _ in drafts]
    source = source or SourceMeta(None, None, published)
    notes = {}
    for d, c in zip(drafts, comparisons, strict=True):
        if c.claim is not None:
            notes[d.index] = f"Compared with the graph: {c.verdict} <{c.claim}>."
        else:
            notes[d.index] = "Compared with the graph: new."
    g = drafts_graph(drafts, source, text, finder.names, notes)
    url = source.url or source_iri(text)
    iris = [str(draft_iri(d, url)) for d in drafts]
    return Ingested(drafts, comparisons, g, iris, dict(finder.names))
