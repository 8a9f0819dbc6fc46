"""The null-distribution chart of the report: bars, with the observed value marked.

For the results of :func:`graph.metrics.significance.loop_significance`: one
small panel per statistic (how many randomised networks gave each value, and a
red line at the value in the data), inline SVG with a title and a description
for screen readers, every text escaped, and the same numbers in a table.

Examples
--------
>>> from graph.metrics.significance import Bin, Significance
>>> r = Significance("three_cycles", 3.0, 0.5, 0.5, 5.0, 1 / 11, 10, 0, 10, "swaps",
...                  (Bin(0.0, 0.0, 5), Bin(1.0, 1.0, 5)))
>>> chart = null_chart([r])
>>> chart.rows
(('3-cycles', '3', '0.5 ± 0.5', '5.0', '≤ 1/11', '0: 5, 1: 5'),)
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Mapping, Sequence

from graph.export.charts import Chart
from graph.export.findings import STATISTIC_LABELS, p_text, statistic_text
from graph.metrics.result import MetricResult
from graph.metrics.significance import Bin, Significance
from graph.sources import source_mix

__all__ = ["histogram_svg", "null_chart"]

_DASH = "\u2013"


def _bars(bins: Sequence[Bin]) -> list[tuple[float, float, Bin]]:
    """Give each bin its x extent: its own range, or a bar around an exact value."""
    exact = sorted({b.low for b in bins if b.low == b.high})
    gaps = [b - a for a, b in itertools.pairwise(exact)]
    half = 0.4 * (min(gaps) if gaps else 1.0)
    return [
        (b.low - half, b.high + half, b) if b.low == b.high else (b.low, b.high, b) for b in bins
    ]


def histogram_svg(r: Significance, *, label: str, width: int = 300, height: int = 150) -> str:
    """Draw the null distribution of ``r`` as bars, with a red line at the observed value.

    Examples
    --------
    >>> r = Significance("<s>", 3.0, 0.5, 0.5, 5.0, 1 / 11, 10, 0, 10, "swaps",
    ...                  (Bin(0.0, 0.0, 5), Bin(1.0, 1.0, 5)))
    >>> svg = histogram_svg(r, label="<s>")
    >>> svg.count("<rect"), "&lt;s&gt;" in svg and "<s>" not in svg, "<desc>" in svg
    (2, True, True)
    """
    esc = html.escape
    left, right, top, bottom = 30, 12, 22, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    bars = _bars(r.histogram)
    lo = min([x for x, _, _ in bars] + [r.observed])
    hi = max([x for _, x, _ in bars] + [r.observed])
    pad = (hi - lo) * 0.05 or 0.5
    lo, hi = lo - pad, hi + pad
    top_count = max([b.count for *_, b in bars] + [1])

    def px(x: float) -> float:
        return round(left + plot_w * (x - lo) / (hi - lo), 1)

    def py(n: float) -> float:
        return round(top + plot_h * (1 - n / top_count), 1)

    seen = statistic_text(r.statistic, r.observed)
    desc = (
        f"Null distribution of {label} over {r.samples:,} randomised networks: mean "
        f"{statistic_text(r.statistic, r.null_mean)}, standard deviation "
        f"{statistic_text(r.statistic, r.null_std)}; observed {seen}, {p_text(r)}."
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{esc(label)}" '
        'style="max-width:100%;height:auto">',
        f"<title>{esc(label)}</title><desc>{esc(desc)}</desc>",
        f'<line x1="{left}" x2="{left + plot_w}" y1="{py(0)}" y2="{py(0)}" stroke="#9ca3af"/>',
        f'<text x="{left - 4}" y="{py(top_count) + 4}" text-anchor="end" font-size="10">'
        f"{top_count:,}</text>",
        f'<text x="{left - 4}" y="{py(0) + 4}" text-anchor="end" font-size="10">0</text>',
    ]
    for x0, x1, b in bars:
        span = statistic_text(r.statistic, b.low) + (
            f"{_DASH}{statistic_text(r.statistic, b.high)}" if b.high != b.low else ""
        )
        parts.append(
            f'<rect x="{px(x0)}" y="{py(b.count)}" width="{max(px(x1) - px(x0), 1.0):.1f}" '
            f'height="{round(py(0) - py(b.count), 1)}" fill="#1f6fd1" opacity="0.8">'
            f"<title>{esc(span)}: {b.count:,} of {r.samples:,} randomisations</title></rect>"
        )
    values = [r.observed] + [v for b in r.histogram for v in (b.low, b.high)]
    for x in sorted({min(values), max(values)}):
        parts.append(
            f'<text x="{px(x)}" y="{height - bottom + 14}" text-anchor="middle" font-size="10">'
            f"{esc(statistic_text(r.statistic, x))}</text>"
        )
    at = px(r.observed)
    anchor = (
        "end" if at > left + plot_w * 0.75 else "start" if at < left + plot_w * 0.25 else "middle"
    )
    parts.append(
        f'<line x1="{at}" x2="{at}" y1="{top - 4}" y2="{py(0)}" stroke="#d1361f" '
        f'stroke-width="2"/><text x="{at}" y="{top - 8}" text-anchor="{anchor}" font-size="10" '
        f'fill="#d1361f">observed {esc(seen)}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def _source(claims: list[str], kinds: Mapping[str, str]) -> str:
    mix = source_mix(claims, kinds) if kinds else ""
    line = f"Source: aikg, {len(claims)} claims behind the observed loops"
    return line + (f"; their best sources: {mix}." if mix else ".")


def null_chart(
    rows: Sequence[MetricResult], kinds: Mapping[str, str] | None = None
) -> Chart | None:
    """Chart each statistic's null distribution (``loop_significance`` results) as bars."""
    stats = [r for r in rows if isinstance(r, Significance)]
    if not stats:
        return None
    first = stats[0]
    panels = tuple(
        (label, histogram_svg(r, label=label))
        for r in stats
        if (label := STATISTIC_LABELS.get(r.statistic, r.statistic))
    )
    table = tuple(
        (
            STATISTIC_LABELS.get(r.statistic, r.statistic),
            statistic_text(r.statistic, r.observed),
            f"{statistic_text(r.statistic, r.null_mean)} \u00b1 "
            f"{statistic_text(r.statistic, r.null_std)}",
            "" if r.z_score is None else f"{r.z_score:.1f}",
            p_text(r).removeprefix("p "),
            ", ".join(
                statistic_text(r.statistic, b.low)
                + (f"{_DASH}{statistic_text(r.statistic, b.high)}" if b.high != b.low else "")
                + f": {b.count:,}"
                for b in r.histogram
            ),
        )
        for r in stats
    )
    return Chart(
        "Money loops against chance: the statistics of degree-preserving randomisations",
        f"Bars: how many of {first.samples:,} randomised copies of the money network gave each "
        "value (directed edge swaps that keep every organisation's numbers of payers and "
        f"payees; {first.swap_attempts:,} swap attempts between samples, seed {first.seed}). "
        "Red line: the value in the data. Reciprocity is the share of money flows with a flow "
        "back; a 2-cycle is a cloud and a model company with money both ways; 3- and 4-cycles "
        "are loops through 3 and 4 organisations; the binding share is the part of all "
        "binding strength on pairs with money both ways.",
        panels,
        ("statistic", "observed", "null mean \u00b1 sd", "z", "p", "null distribution"),
        table,
        _source(sorted({c for r in stats for c in r.claims}), kinds or {}),
    )
