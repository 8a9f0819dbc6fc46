"""The report's charts over time, drawn as inline SVG (no script, every text escaped).

Each chart is a set of small multiples — one small panel per company or pair, on
the same axes — so that no line hides another and no company is dropped, with
the data table beside it and a line naming the claims and kinds of source it
rests on.

Examples
--------
>>> svg = line_chart("t", [("<A>", [("2024", 0.5), ("2025", None)])], y_max=1.0)
>>> svg.startswith("<svg") and "&lt;A&gt;" in svg and "<A>" not in svg
True
>>> "max-width:100%" in svg
True
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from graph.claims import ClaimData
from graph.metrics import timeline as _timeline
from graph.metrics.binding import BindingResult
from graph.metrics.concentration import SupplierConcentration
from graph.metrics.poles import Pole
from graph.sources import source_mix

__all__ = [
    "FIRST_YEAR",
    "Chart",
    "concentration_chart",
    "depth_chart",
    "line_chart",
    "pole_years",
]

FIRST_YEAR = 2019
_DASH = "\u2013"
_PALETTE = (
    *("#1f6fd1", "#d1361f", "#2f9e44", "#e8590c"),
    *("#7a4fc4", "#0c8599", "#c2255c", "#5c940d"),
)

Series = Sequence[tuple[str, Sequence[tuple[str, float | None]]]]


def line_chart(
    title: str,
    series: Series,
    *,
    y_max: float,
    y_label: str = "",
    width: int = 720,
    height: int = 300,
    legend: bool = True,
) -> str:
    """Draw a line chart as inline SVG (no script, text escaped), at most as wide as its box.

    Parameters
    ----------
    title : str
        Accessible title of the chart.
    series : sequence of (name, points)
        ``points`` are ``(x label, value or None)`` in x order; every series
        uses the x labels of the first one. ``None`` leaves a gap.
    y_max : float
        Top of the y axis (the bottom is 0).
    y_label : str
        Y axis caption.
    width, height : int
        Size in pixels (the chart shrinks to fit a narrower box).
    legend : bool
        Name the series on the right (off for a small multiple, named above it).

    Returns
    -------
    str
        An ``<svg>`` element.
    """
    esc = html.escape
    left, right, top, bottom = (48 if y_label else 34), (180 if legend else 18), 12, 30
    xs = [x for x, _ in series[0][1]] if series else []
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(xs) - 1, 1)
    every = max(1, math.ceil(len(xs) / max(plot_w // 40, 1)))

    def px(i: int) -> float:
        return round(left + i * step, 1)

    def py(v: float) -> float:
        return round(top + plot_h * (1 - v / y_max), 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{esc(title)}" '
        'style="max-width:100%;height:auto">',
        f"<title>{esc(title)}</title>",
    ]
    for k in range(5 if height > 200 else 3):
        tick = y_max * k / (4 if height > 200 else 2)
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{py(tick)}" y2="{py(tick)}" '
            f'stroke="#e5e7eb"/><text x="{left - 6}" y="{py(tick) + 4}" text-anchor="end" '
            f'font-size="11">{tick:g}</text>'
        )
    for i, x in enumerate(xs):
        if i % every == 0 or i == len(xs) - 1:
            parts.append(
                f'<text x="{px(i)}" y="{height - bottom + 16}" text-anchor="middle" '
                f'font-size="11">{esc(x)}</text>'
            )
    if y_label:
        parts.append(
            f'<text x="10" y="{top + plot_h / 2}" font-size="11" text-anchor="middle" '
            f'transform="rotate(-90 10 {top + plot_h / 2})">{esc(y_label)}</text>'
        )
    for n, (name, points) in enumerate(series):
        color = _PALETTE[n % len(_PALETTE)]
        parts += _line(name, points, color, px, py)
        if legend:
            ly = top + 14 + 18 * n
            parts.append(
                f'<rect x="{left + plot_w + 14}" y="{ly - 9}" width="12" height="4" '
                f'fill="{color}"/><text x="{left + plot_w + 30}" y="{ly - 4}" '
                f'font-size="12">{esc(name)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _line(
    name: str,
    points: Sequence[tuple[str, float | None]],
    color: str,
    px: Callable[[int], float],
    py: Callable[[float], float],
) -> list[str]:
    """Polylines (broken at each missing value) and a dot with a tooltip per value."""
    esc = html.escape
    segments: list[list[str]] = [[]]
    for i, (_x, v) in enumerate(points):
        if v is None:
            segments.append([])
        else:
            segments[-1].append(f"{px(i)},{py(v)}")
    parts = [
        f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{" ".join(seg)}"/>'
        for seg in segments
        if seg
    ]
    parts += [
        f'<circle cx="{px(i)}" cy="{py(v)}" r="3" fill="{color}">'
        f"<title>{esc(name)}, {esc(x)}: {v:.3g}</title></circle>"
        for i, (x, v) in enumerate(points)
        if v is not None
    ]
    return parts


@dataclass(frozen=True)
class Chart:
    """A chart of the report: small multiples, their data table and what they rest on."""

    title: str
    caption: str
    #: (name, SVG) per panel
    panels: tuple[tuple[str, str], ...]
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    #: the source line under the chart
    source: str


def _table(series: Series) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    xs = [x for x, _ in series[0][1]] if series else []
    body = tuple(
        (name, *("" if v is None else f"{v:.3g}" for _, v in points)) for name, points in series
    )
    return ("", *xs), body


def _panels(series: Series, y_max: float) -> tuple[tuple[str, str], ...]:
    return tuple(
        (
            name,
            line_chart(
                name,
                [(name, points)],
                y_max=y_max,
                width=300,
                height=150,
                legend=False,
            ),
        )
        for name, points in series
    )


def _source_line(claims: set[str], kinds: Mapping[str, str], what: str) -> str:
    mix = source_mix(sorted(claims), kinds) if kinds else ""
    line = f"Source: aikg, {len(claims)} {what}"
    return line + (f"; their best sources: {mix}." if mix else ".")


def concentration_chart(
    data: ClaimData, end: date, kinds: Mapping[str, str] | None = None
) -> Chart | None:
    """Supplier concentration (HHI) of every model company with commitments, per year end."""
    points = _timeline(data, "supplier_concentration", f"{FIRST_YEAR}-01-01", end, "year")
    by_model: dict[str, dict[str, float]] = {}
    claims: set[str] = set()
    for p in points:
        for r in p.value:
            if isinstance(r, SupplierConcentration):
                by_model.setdefault(r.model, {})[str(p.as_of.year)] = r.hhi
                claims.update(r.claims)
    if not by_model:
        return None
    xs = [str(p.as_of.year) for p in points]
    series = [
        (data.name(m), [(x, by_model[m].get(x)) for x in xs])
        for m in sorted(by_model, key=lambda m: (data.name(m), m))
    ]
    header, rows = _table(series)
    return Chart(
        "Supplier concentration of model companies (Herfindahl index of compute commitments)",
        "1.0 = every committed dollar goes to one provider; lower = spread over several. One "
        f"panel per model company with commitments, at each year end from {FIRST_YEAR} (the "
        f"last point is {end.isoformat()}); a gap means no commitment in force.",
        _panels(series, 1.0),
        header,
        rows,
        _source_line(claims, kinds or {}, "spend and capacity commitments"),
    )


def pole_years(data: ClaimData, end: date) -> dict[tuple[str, str], list[int]]:
    """Return (cloud, model) -> the year ends (from :data:`FIRST_YEAR`) at which it is a pole.

    The last "year end" is ``end`` itself when it falls inside a year.
    """
    out: dict[tuple[str, str], list[int]] = {}
    for p in _timeline(data, "poles", f"{FIRST_YEAR}-01-01", end, "year"):
        for r in p.value:
            if isinstance(r, Pole):
                out.setdefault((r.cloud, r.model), []).append(p.as_of.year)
    return out


def depth_chart(
    data: ClaimData,
    end: date,
    kinds: Mapping[str, str] | None = None,
    years: Mapping[tuple[str, str], Sequence[int]] | None = None,
) -> Chart | None:
    """Binding depth of every pair that is a pole at some year end, per year end.

    ``years`` is :func:`pole_years` when the caller has it already.
    """
    years = pole_years(data, end) if years is None else years
    pairs = sorted(years, key=lambda cm: (data.name(cm[0]), data.name(cm[1])))
    if not pairs:
        return None
    depth_points = _timeline(data, "binding", f"{FIRST_YEAR}-01-01", end, "year")
    xs = [str(p.as_of.year) for p in depth_points]
    depth: dict[tuple[str, str], dict[str, float]] = {}
    claims: set[str] = set()
    wanted = set(pairs)
    for p in depth_points:
        for r in p.value:
            if isinstance(r, BindingResult) and (r.provider, r.model) in wanted:
                depth.setdefault((r.provider, r.model), {})[str(p.as_of.year)] = float(r.depth)
                claims.update(r.claims)
    series = [
        (
            f"{data.name(c)}{_DASH}{data.name(m)}",
            [(x, depth.get((c, m), {}).get(x, 0.0)) for x in xs],
        )
        for c, m in pairs
    ]
    header, rows = _table(series)
    return Chart(
        f"Binding depth of the pole pairs (cloud{_DASH}model company), 0{_DASH}6 layers",
        "One panel per pair that is a pole at some year end; depth = number of binding layers "
        "present (distribution, compute use, spend commitment, custom silicon, equity, "
        "priority); 4 or more with money both ways makes a pole.",
        _panels(series, 6.0),
        header,
        rows,
        _source_line(claims, kinds or {}, "claims behind the binding layers"),
    )
