"""What an import did: rows read, mapped, skipped (with reasons), names unresolved.

Examples
--------
>>> report = ImportReport("demo")
>>> f = report.file("models.csv")
>>> f.rows_read, f.rows_mapped = 3, 2
>>> f.skip("empty name")
>>> f.lookup("Anthropic", resolved=True)
>>> f.lookup("Stanford University", resolved=False)
>>> report.to_dict()["files"][0]["skipped"]
{'empty name': 1}
>>> round(report.resolution_rate, 2)
0.5
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import rdflib
from rich.console import Group
from rich.table import Table

from graph.importers.sink import TripleSink

__all__ = ["FileReport", "ImportReport", "ImportResult", "render_report"]


@dataclass
class FileReport:
    """Counts for one input file.

    Attributes
    ----------
    file : str
        File name (relative to the imported folder).
    rows_read, rows_mapped : int
        Data rows (or JSON entries) read, and those that produced graph nodes.
    skipped : Counter
        Skipped rows per reason.
    notes : Counter
        Things worth knowing that did not skip the row (a dropped link, a value left out).
    unresolved : Counter
        Names that matched no curated entity (they became ``aikg:unresolved`` nodes,
        or, for model families, the link was left out).
    resolved : int
        Name look-ups that matched a curated entity.
    """

    file: str
    rows_read: int = 0
    rows_mapped: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    notes: Counter[str] = field(default_factory=Counter)
    unresolved: Counter[str] = field(default_factory=Counter)
    resolved: int = 0

    def skip(self, reason: str) -> None:
        """Count a skipped row."""
        self.skipped[reason] += 1

    def note(self, what: str) -> None:
        """Count something that did not skip the row."""
        self.notes[what] += 1

    def lookup(self, name: str, *, resolved: bool) -> None:
        """Count one name look-up."""
        if resolved:
            self.resolved += 1
        else:
            self.unresolved[name] += 1

    @property
    def lookups(self) -> int:
        """All name look-ups."""
        return self.resolved + sum(self.unresolved.values())

    def to_dict(self, top: int = 20) -> dict[str, Any]:
        """JSON-ready summary; ``top`` most frequent unresolved names."""
        return {
            "file": self.file,
            "rows_read": self.rows_read,
            "rows_mapped": self.rows_mapped,
            "rows_skipped": sum(self.skipped.values()),
            "skipped": dict(sorted(self.skipped.items())),
            "notes": dict(sorted(self.notes.items())),
            "names_resolved": self.resolved,
            "names_unresolved": sum(self.unresolved.values()),
            "distinct_unresolved": len(self.unresolved),
            "top_unresolved": [
                {"name": n, "count": c} for n, c in _most_common(self.unresolved, top)
            ],
        }


@dataclass
class ImportReport:
    """Per-file reports of one import (one dataset)."""

    source: str
    files: dict[str, FileReport] = field(default_factory=dict)

    def file(self, name: str) -> FileReport:
        """Return (creating) the report of one file."""
        if name not in self.files:
            self.files[name] = FileReport(name)
        return self.files[name]

    @property
    def unresolved(self) -> Counter[str]:
        """Unresolved names over all files."""
        total: Counter[str] = Counter()
        for f in self.files.values():
            total.update(f.unresolved)
        return total

    @property
    def resolution_rate(self) -> float:
        """Share of name look-ups that matched a curated entity (1.0 when none)."""
        lookups = sum(f.lookups for f in self.files.values())
        resolved = sum(f.resolved for f in self.files.values())
        return resolved / lookups if lookups else 1.0

    def to_dict(self, top: int = 20) -> dict[str, Any]:
        """JSON-ready summary (``aikg import ... --format json``)."""
        return {
            "source": self.source,
            "rows_read": sum(f.rows_read for f in self.files.values()),
            "rows_mapped": sum(f.rows_mapped for f in self.files.values()),
            "resolution_rate": round(self.resolution_rate, 4),
            "files": [f.to_dict(top) for f in self.files.values()],
            "top_unresolved": [
                {"name": n, "count": c} for n, c in _most_common(self.unresolved, top)
            ],
        }


@dataclass
class ImportResult:
    """The triples an importer produced and its report.

    Attributes
    ----------
    triples : TripleSink
        New triples only; they validate together with the curated facts.
    report : ImportReport
    """

    triples: TripleSink
    report: ImportReport

    @functools.cached_property
    def graph(self) -> rdflib.Graph:
        """The new triples as an rdflib graph (built on first use)."""
        return self.triples.to_graph()


def _most_common(counter: Counter[str], top: int) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:top]


def render_report(report: ImportReport, top: int = 20) -> Group:
    """Render a report as rich tables (files, then the top unresolved names).

    Examples
    --------
    >>> import io
    >>> from rich.console import Console
    >>> r = ImportReport("demo")
    >>> r.file("a.csv").rows_read = 2
    >>> console = Console(width=100, record=True, file=io.StringIO())
    >>> console.print(render_report(r))
    >>> "a.csv" in console.export_text()
    True
    """
    files = Table(title=f"Import: {report.source} (resolution rate {report.resolution_rate:.1%})")
    for col in ("file", "read", "mapped", "skipped", "reasons", "unresolved names"):
        files.add_column(col, justify="right" if col in {"read", "mapped", "skipped"} else "left")
    for f in report.files.values():
        reasons = "; ".join(f"{r} ({n})" for r, n in _most_common(f.skipped, 5))
        files.add_row(
            f.file,
            str(f.rows_read),
            str(f.rows_mapped),
            str(sum(f.skipped.values())),
            reasons,
            f"{len(f.unresolved)} distinct / {sum(f.unresolved.values())}",
        )
    names = Table(title=f"Top {top} unresolved names")
    names.add_column("name")
    names.add_column("count", justify="right")
    for name, count in _most_common(report.unresolved, top):
        names.add_row(name, str(count))
    return Group(files, names)
