"""Scores of the extractor against labelled articles: precision and recall, per field.

A labelled article is ``NAME.txt`` beside ``NAME.yaml`` (published date, language, claims;
see ``tests/ingest/README.md``); a YAML with a ``path`` labels a text kept elsewhere (the
seed article, read from ``../shared/seed/`` beside the checkout). A claim is the tuple
(party, counterparty, kind, amount, bound, currency, date); amounts match within 0.5%, and a
labelled date given as a month or a year matches any day inside it.

Extracted and labelled claims of an article are paired greedily, most agreeing fields
first (a pair must agree on the kind or on both parties). A claim counts for precision and
recall when all its fields agree; per field, the share of extracted (precision) and of
labelled (recall) claims whose pair agrees on that field, unpaired ones counting as wrong.

Run ``python -m graph.ingest.evaluate tests/ingest`` for the table.

Examples
--------
>>> gold = [Labelled("EquityInvestment", "amazon", "anthropic", 4e9, "exact", "USD", "2026-03")]
>>> got = [Labelled("EquityInvestment", "amazon", "anthropic", 4e9, "exact", "USD", "2026-03-02"),
...        Labelled("Valuation", "anthropic", None, 1e9, "exact", "USD", "2026-03-02")]
>>> s = score([(gold, got)])
>>> s.precision, s.recall
(0.5, 1.0)
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "FIELDS",
    "Article",
    "Labelled",
    "Scores",
    "evaluate",
    "load_articles",
    "main",
    "score",
]

#: The fields of a claim tuple, in the order the table shows them.
FIELDS = ("party", "counterparty", "kind", "amount", "bound", "currency", "date")


@dataclass(frozen=True)
class Labelled:
    """One claim as a tuple of comparable fields (labelled or extracted)."""

    kind: str
    party: str | None
    counterparty: str | None
    amount: float
    bound: str
    currency: str
    date: str | None

    def agrees(self, other: Labelled, name: str) -> bool:
        """Tell whether ``other`` (extracted) agrees with this (labelled) claim on ``name``."""
        if name == "amount":
            hi = max(abs(self.amount), abs(other.amount))
            return hi == 0 or abs(self.amount - other.amount) <= 0.005 * hi
        if name == "date":
            if self.date is None or other.date is None:
                return self.date == other.date
            return other.date.startswith(self.date)
        if name in ("party", "counterparty"):
            a, b = getattr(self, name), getattr(other, name)
            if isinstance(a, str) and isinstance(b, str) and a.startswith("?"):
                return b.startswith("?") and _fold(a) == _fold(b)
            return bool(a == b)
        return bool(getattr(self, name) == getattr(other, name))


def _fold(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch.isalnum())


@dataclass(frozen=True)
class Article:
    """A labelled article."""

    name: str
    text: str
    published: date
    language: str
    claims: tuple[Labelled, ...]


def _slug(iri: str | None) -> str | None:
    if iri is None:
        return None
    return iri.rsplit("/", 1)[-1] if iri.startswith("http") else iri


def _as_date(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def _labelled(entry: dict[str, Any]) -> Labelled:
    return Labelled(
        str(entry["kind"]),
        entry.get("party"),
        entry.get("counterparty"),
        float(entry["amount"]),
        str(entry["bound"]),
        str(entry["currency"]),
        _as_date(entry.get("date")),
    )


def _checkout_roots(folder: Path) -> list[Path]:
    """Return the checkout holding ``folder`` and, for a git worktree, the main checkout."""
    roots: list[Path] = []
    for parent in [folder.resolve(), *folder.resolve().parents]:
        git = parent / ".git"
        if git.is_dir():
            roots.append(parent)
            break
        if git.is_file():
            roots.append(parent)
            line = git.read_text(encoding="utf-8").strip()
            if line.startswith("gitdir:"):
                common = Path(line.split(":", 1)[1].strip())
                roots.append(common.parent.parent.parent)
            break
    return roots


def load_articles(folder: Path) -> list[Article]:
    """Read every labelled article of ``folder`` (sorted by name).

    Raises
    ------
    FileNotFoundError
        When a label's text (``NAME.txt`` or its ``path``) is missing.
    """
    articles = []
    for label in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(label.read_text(encoding="utf-8"))
        if "path" in data:
            tried = [root / data["path"] for root in _checkout_roots(folder)]
            found = next((p for p in tried if p.is_file()), None)
            if found is None:
                raise FileNotFoundError(
                    f"{label.name}: {data['path']} not found (tried {', '.join(map(str, tried))})"
                )
            text = found.read_text(encoding="utf-8")
        else:
            text = label.with_suffix(".txt").read_text(encoding="utf-8")
        published = data["published"]
        if not isinstance(published, date):
            published = date.fromisoformat(str(published))
        claims = tuple(_labelled(c) for c in data.get("claims") or ())
        articles.append(Article(label.stem, text, published, str(data["language"]), claims))
    return articles


@dataclass
class Scores:
    """Counts behind precision and recall, overall and per field."""

    extracted: int = 0
    labelled: int = 0
    correct: int = 0
    field_precision_hits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    field_recall_hits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """Share of extracted claims that are right in every field."""
        return self.correct / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        """Share of labelled claims extracted right in every field."""
        return self.correct / self.labelled if self.labelled else 1.0

    def field_scores(self, name: str) -> tuple[float, float]:
        """Precision and recall of one field."""
        p = self.field_precision_hits[name] / self.extracted if self.extracted else 1.0
        r = self.field_recall_hits[name] / self.labelled if self.labelled else 1.0
        return p, r


def _pairs(gold: Sequence[Labelled], got: Sequence[Labelled]) -> list[tuple[int, int]]:
    candidates = []
    for i, g in enumerate(gold):
        for j, x in enumerate(got):
            same_parties = g.agrees(x, "party") and g.agrees(x, "counterparty")
            if not (g.agrees(x, "kind") or same_parties):
                continue
            agree = sum(g.agrees(x, f) for f in FIELDS)
            candidates.append((-agree, i, j))
    pairs: list[tuple[int, int]] = []
    used_g: set[int] = set()
    used_x: set[int] = set()
    for _, i, j in sorted(candidates):
        if i not in used_g and j not in used_x:
            pairs.append((i, j))
            used_g.add(i)
            used_x.add(j)
    return pairs


def score(
    articles: Iterable[tuple[Sequence[Labelled], Sequence[Labelled]]],
    names: Sequence[str] = (),
) -> Scores:
    """Score extracted claims against labelled ones, article by article.

    Parameters
    ----------
    articles : iterable of (labelled, extracted)
    names : sequence of str, optional
        Article names, for the error list.
    """
    s = Scores()
    for n, (gold, got) in enumerate(articles):
        name = names[n] if n < len(names) else str(n)
        s.extracted += len(got)
        s.labelled += len(gold)
        pairs = _pairs(gold, got)
        for i, j in pairs:
            wrong = [f for f in FIELDS if not gold[i].agrees(got[j], f)]
            for f in FIELDS:
                if f not in wrong:
                    s.field_precision_hits[f] += 1
                    s.field_recall_hits[f] += 1
            if not wrong:
                s.correct += 1
            else:
                s.errors.append(f"{name}: wrong {', '.join(wrong)}: {got[j]} for {gold[i]}")
        paired_g = {i for i, _ in pairs}
        paired_x = {j for _, j in pairs}
        s.errors += [f"{name}: missed {g}" for i, g in enumerate(gold) if i not in paired_g]
        s.errors += [f"{name}: spurious {x}" for j, x in enumerate(got) if j not in paired_x]
    return s


def as_labelled(drafts: Iterable[Any]) -> list[Labelled]:
    """Turn :class:`graph.ingest.drafts.Draft` objects into comparable tuples."""
    return [
        Labelled(
            d.kind,
            _slug(d.party),
            _slug(d.counterparty),
            d.value,
            d.bound,
            d.currency,
            d.date_text,
        )
        for d in drafts
    ]


@dataclass
class Evaluation:
    """Scores per language, of the seed article, and the time per article."""

    by_language: dict[str, Scores]
    seed: Scores | None
    seconds_per_article: float
    articles: int


def evaluate(folder: Path, finder: Any) -> Evaluation:
    """Run the extractor on every labelled article of ``folder`` and score it.

    Parameters
    ----------
    folder : Path
        The labelled set (``tests/ingest``).
    finder : graph.ingest.names.NameFinder
        The graph's names.
    """
    from graph.ingest.drafts import extract  # noqa: PLC0415

    articles = load_articles(folder)
    grouped: dict[str, list[tuple[str, list[Labelled], list[Labelled]]]] = {}
    seed: list[tuple[str, list[Labelled], list[Labelled]]] = []
    started = time.perf_counter()
    for a in articles:
        got = as_labelled(extract(a.text, a.published, finder))
        entry = (a.name, list(a.claims), got)
        (seed if a.name == "seed" else grouped.setdefault(a.language, [])).append(entry)
    elapsed = time.perf_counter() - started
    by_language = {
        lang: score([(g, x) for _, g, x in items], [n for n, _, _ in items])
        for lang, items in sorted(grouped.items())
    }
    seed_scores = score([(g, x) for _, g, x in seed], ["seed"]) if seed else None
    return Evaluation(by_language, seed_scores, elapsed / max(1, len(articles)), len(articles))


def report(result: Evaluation, errors: bool = False) -> str:
    """Return the scores as a plain-text table (and the errors, when asked)."""
    rows = [("", "claims", "P", "R", *[f"{f} P/R" for f in FIELDS])]
    groups = [*result.by_language.items()]
    if result.seed is not None:
        groups.append(("seed", result.seed))
    for lang, s in groups:
        cells = [f"{p:.2f}/{r:.2f}" for p, r in (s.field_scores(f) for f in FIELDS)]
        rows.append(
            (
                lang,
                f"{s.correct}/{s.extracted}/{s.labelled}",
                f"{s.precision:.2f}",
                f"{s.recall:.2f}",
                *cells,
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.append("claims = right/extracted/labelled; P, R = whole tuples right")
    lines.append(
        f"{result.articles} articles, {result.seconds_per_article * 1000:.1f} ms per article"
    )
    if errors:
        for _, s in groups:
            lines += s.errors
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m graph.ingest.evaluate FOLDER [--errors]``: print the scores."""
    parser = argparse.ArgumentParser(
        prog="python -m graph.ingest.evaluate", description=__doc__.split("\n")[0]
    )
    parser.add_argument("folder", type=Path, help="the labelled set, e.g. tests/ingest")
    parser.add_argument(
        "--errors", action="store_true", help="list every wrong, missed or spurious claim"
    )
    args = parser.parse_args(argv)
    from graph.build import build  # noqa: PLC0415
    from graph.ingest.names import NameFinder  # noqa: PLC0415

    graph = build("memory").graph
    assert graph is not None
    result = evaluate(args.folder, NameFinder.from_graph(graph))
    print(report(result, errors=args.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
