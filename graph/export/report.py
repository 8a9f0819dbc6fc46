"""``report.html``: the metrics as tables and charts, the sources, the attributions.

One static page, no script and no request: tables of every metric (the same
rows as ``aikg metrics``), two charts over time drawn as inline SVG (supplier
concentration of the model companies, and binding depth of the pole pairs, per
year from 2019), links into the interactive views, the list of every source
URL the graph cites, and — when the graph holds data derived from Epoch AI
(a source whose publisher is "Epoch AI") — Epoch AI's CC BY 4.0 attribution.

Every string from the data is escaped (Jinja autoescaping; the SVG text through
:func:`html.escape`), and only ``http``/``https`` URLs become links.

Examples
--------
>>> svg = line_chart("t", [("<A>", [("2024", 0.5), ("2025", None)])], y_max=1.0)
>>> svg.startswith("<svg") and "&lt;A&gt;" in svg and "<A>" not in svg
True
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

import jinja2
import rdflib

from graph.claims import ClaimData
from graph.export.network import DASH
from graph.metrics import METRICS
from graph.metrics import timeline as _timeline
from graph.metrics.binding import BindingResult
from graph.metrics.concentration import SupplierConcentration
from graph.metrics.flatten import summary
from graph.metrics.poles import Pole
from graph.metrics.result import MetricResult
from graph.sources import Registry, by_publisher, kind_label, shipped_registry, source_mix
from graph.vocab import PREFIXES

__all__ = [
    "EPOCH_LICENSE",
    "EPOCH_PUBLISHER",
    "Attribution",
    "Source",
    "epoch_attribution",
    "line_chart",
    "read_sources",
    "report_html",
]

EPOCH_PUBLISHER = "Epoch AI"
EPOCH_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
#: Epoch AI's data hub, cited when no dataset URL is recorded.
EPOCH_DATA_URL = "https://epoch.ai/data"
#: Rows shown per metric table (all rows are in metrics.csv / metrics.json).
ROW_LIMIT = 60
FIRST_YEAR = 2019
_PALETTE = (
    *("#1f6fd1", "#d1361f", "#2f9e44", "#e8590c"),
    *("#7a4fc4", "#0c8599", "#c2255c", "#5c940d"),
)

_Q_SOURCES = """
SELECT DISTINCT ?src ?url ?publisher ?name ?published ?license ?credit WHERE {
  ?node prov:wasDerivedFrom ?src . ?src schema:url ?url .
  OPTIONAL { ?src schema:publisher ?publisher }
  OPTIONAL { ?src schema:name ?name }
  OPTIONAL { ?src schema:datePublished ?published }
  OPTIONAL { ?src schema:license ?license }
  OPTIONAL { ?src schema:creditText ?credit }
}
"""


@dataclass(frozen=True)
class Source:
    """A cited source."""

    url: str
    publisher: str = ""
    name: str = ""
    published: str = ""
    license: str = ""
    credit: str = ""

    @property
    def linkable(self) -> bool:
        """Tell whether the URL may become a link (``http`` or ``https`` only)."""
        return self.url.startswith(("https://", "http://"))


@dataclass(frozen=True)
class Attribution:
    """A third party's attribution notice (name, licence, dataset URLs, credit lines)."""

    publisher: str
    license_url: str
    license_name: str
    datasets: tuple[str, ...]
    credits: tuple[str, ...]

    def text(self) -> str:
        """One line of plain text for page footers.

        Examples
        --------
        >>> Attribution("Epoch AI", EPOCH_LICENSE, "CC BY 4.0", (EPOCH_DATA_URL,), ()).text()
        'Includes data from Epoch AI (https://epoch.ai/data), licensed under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).'
        """
        return (
            f"Includes data from {self.publisher} ({', '.join(self.datasets)}), licensed under "
            f"{self.license_name} ({self.license_url})."
        )


def read_sources(kg: rdflib.Graph) -> list[Source]:
    """Every source the graph cites (``prov:wasDerivedFrom``), one per URL, sorted."""
    found: dict[str, Source] = {}
    for row in kg.query(_Q_SOURCES, initNs=PREFIXES):
        _src, url, publisher, name, published, lic, credit = row  # type: ignore[misc]
        source = Source(
            url=str(url),
            publisher=str(publisher or ""),
            name=str(name or ""),
            published=str(published or ""),
            license=str(lic or ""),
            credit=str(credit or ""),
        )
        old = found.get(source.url)
        if old is None or (source.publisher, source.name) > (old.publisher, old.name):
            found[source.url] = source
    return [found[u] for u in sorted(found)]


def epoch_attribution(sources: Sequence[Source]) -> Attribution | None:
    """Epoch AI's CC BY 4.0 attribution when a source is published by Epoch AI.

    Examples
    --------
    >>> epoch_attribution([Source("https://example.org", "Reuters")]) is None
    True
    >>> epoch_attribution([Source("https://epoch.ai/data/x.csv", "Epoch AI")]).datasets
    ('https://epoch.ai/data/x.csv',)
    """
    epoch = [s for s in sources if s.publisher.strip() == EPOCH_PUBLISHER]
    if not epoch:
        return None
    datasets = tuple(sorted({s.url for s in epoch if s.linkable})) or (EPOCH_DATA_URL,)
    return Attribution(
        publisher=EPOCH_PUBLISHER,
        license_url=EPOCH_LICENSE,
        license_name="CC BY 4.0",
        datasets=datasets,
        credits=tuple(sorted({s.credit for s in epoch if s.credit})),
    )


def line_chart(
    title: str,
    series: Sequence[tuple[str, Sequence[tuple[str, float | None]]]],
    *,
    y_max: float,
    y_label: str = "",
    width: int = 720,
    height: int = 300,
) -> str:
    """Draw a line chart as inline SVG (no script, text escaped).

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
        Size in pixels.

    Returns
    -------
    str
        An ``<svg>`` element.
    """
    esc = html.escape
    left, right, top, bottom = 48, 180, 16, 34
    xs = [x for x, _ in series[0][1]] if series else []
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(xs) - 1, 1)

    def px(i: int) -> float:
        return round(left + i * step, 1)

    def py(v: float) -> float:
        return round(top + plot_h * (1 - v / y_max), 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{esc(title)}">',
        f"<title>{esc(title)}</title>",
    ]
    for k in range(5):
        tick = y_max * k / 4
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{py(tick)}" y2="{py(tick)}" '
            f'stroke="#e5e7eb"/><text x="{left - 6}" y="{py(tick) + 4}" text-anchor="end" '
            f'font-size="11">{tick:g}</text>'
        )
    for i, x in enumerate(xs):
        parts.append(
            f'<text x="{px(i)}" y="{height - bottom + 16}" text-anchor="middle" '
            f'font-size="11">{esc(x)}</text>'
        )
    if y_label:
        parts.append(
            f'<text x="12" y="{top + plot_h / 2}" font-size="11" text-anchor="middle" '
            f'transform="rotate(-90 12 {top + plot_h / 2})">{esc(y_label)}</text>'
        )
    for n, (name, points) in enumerate(series):
        color = _PALETTE[n % len(_PALETTE)]
        run: list[str] = []
        segments: list[list[str]] = []
        for i, (_x, v) in enumerate(points):
            if v is None:
                if run:
                    segments.append(run)
                run = []
                continue
            run.append(f"{px(i)},{py(v)}")
        if run:
            segments.append(run)
        for seg in segments:
            joined = " ".join(seg)
            parts.append(
                f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{joined}"/>'
            )
        for i, (x, v) in enumerate(points):
            if v is not None:
                parts.append(
                    f'<circle cx="{px(i)}" cy="{py(v)}" r="3" fill="{color}">'
                    f"<title>{esc(name)}, {esc(x)}: {v:.3g}</title></circle>"
                )
        ly = top + 14 + 18 * n
        parts.append(
            f'<rect x="{left + plot_w + 14}" y="{ly - 9}" width="12" height="4" fill="{color}"/>'
            f'<text x="{left + plot_w + 30}" y="{ly - 4}" font-size="12">{esc(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class _Chart:
    title: str
    caption: str
    svg: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _years(end: date) -> tuple[str, date]:
    return f"{FIRST_YEAR}-01-01", end


def _table(
    series: Sequence[tuple[str, Sequence[tuple[str, float | None]]]],
) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    xs = [x for x, _ in series[0][1]] if series else []
    body = tuple(
        (name, *("" if v is None else f"{v:.3g}" for _, v in points)) for name, points in series
    )
    return ("", *xs), body


def _concentration_chart(data: ClaimData, end: date) -> _Chart | None:
    start, stop = _years(end)
    points = _timeline(data, "supplier_concentration", start, stop, "year")
    by_model: dict[str, dict[str, float]] = {}
    for p in points:
        for r in p.value:
            if isinstance(r, SupplierConcentration):
                by_model.setdefault(r.model, {})[str(p.as_of.year)] = r.hhi
    if not by_model:
        return None
    ranked = sorted(by_model, key=lambda m: (-len(by_model[m]), data.name(m)))[:8]
    xs = [str(p.as_of.year) for p in points]
    series = [
        (data.name(m), [(x, by_model[m].get(x)) for x in xs]) for m in sorted(ranked, key=data.name)
    ]
    header, rows = _table(series)
    return _Chart(
        "Supplier concentration of model companies (Herfindahl index of compute commitments)",
        "1.0 = every committed dollar goes to one provider; lower = spread over several. "
        f"Evaluated at each year end from {FIRST_YEAR} (the last point is {end.isoformat()}).",
        line_chart("Supplier concentration by year", series, y_max=1.0, y_label="HHI"),
        header,
        rows,
    )


def _depth_chart(data: ClaimData, end: date) -> _Chart | None:
    start, stop = _years(end)
    pole_points = _timeline(data, "poles", start, stop, "year")
    pairs = sorted(
        {(r.cloud, r.model) for p in pole_points for r in p.value if isinstance(r, Pole)},
        key=lambda cm: (data.name(cm[0]), data.name(cm[1])),
    )
    if not pairs:
        return None
    depth_points = _timeline(data, "binding", start, stop, "year")
    xs = [str(p.as_of.year) for p in depth_points]
    depth: dict[tuple[str, str], dict[str, float]] = {}
    for p in depth_points:
        for r in p.value:
            if isinstance(r, BindingResult):
                depth.setdefault((r.provider, r.model), {})[str(p.as_of.year)] = float(r.depth)
    series = [
        (
            f"{data.name(c)}{DASH}{data.name(m)}",
            [(x, depth.get((c, m), {}).get(x, 0.0)) for x in xs],
        )
        for c, m in pairs
    ]
    header, rows = _table(series)
    return _Chart(
        f"Binding depth of the pole pairs (cloud{DASH}model company), 0{DASH}6 layers",
        "Every pair that is a pole at some year end; depth = number of binding layers present "
        "(distribution, compute use, spend commitment, custom silicon, equity, priority).",
        line_chart("Binding depth by year", series, y_max=6.0, y_label="layers"),
        header,
        rows,
    )


_ENV = jinja2.Environment(
    autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True
)
_TEMPLATE = _ENV.from_string(
    """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; \
img-src data:">
<title>aikg report — {{ as_of_text }}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; color: #1f2937; max-width: 1100px; margin: 0 auto;
  padding: 12px 18px 40px; }
h1 { font-size: 24px; } h2 { font-size: 19px; margin-top: 32px; border-bottom: 1px solid #e5e7eb; }
h3 { font-size: 15px; margin-bottom: 4px; }
table { border-collapse: collapse; font-size: 12px; margin: 6px 0 4px; }
th, td { border: 1px solid #e5e7eb; padding: 2px 6px; text-align: left; vertical-align: top; }
th { background: #f3f4f6; }
td.num { text-align: right; }
.note { color: #6b7280; font-size: 12px; }
.attribution { background: #fff8e6; border: 1px solid #f0d48a; padding: 8px 12px; }
ol.sources { font-size: 12px; word-break: break-all; margin-top: 2px; }
h3.publisher { font-size: 13px; margin: 10px 0 0; }
figure { margin: 10px 0; }
</style>
</head>
<body>
<h1>aikg — the AI&ndash;cloud ecosystem, {{ as_of_text }}</h1>
<p>{{ counts }}</p>
<nav><strong>Views:</strong>
<a href="tri-polar.html">the tri-polar closed loop vs open weights</a> ·
<a href="ecosystem.html">the whole ecosystem</a> ·
<strong>Data:</strong>
{% for f in files %}<a href="{{ f }}">{{ f }}</a>{% if not loop.last %} · {% endif %}{% endfor %}
</nav>
{% if attribution %}<p class="attribution">{{ attribution.text() }}
{% for c in attribution.credits %}<br>{{ c }}{% endfor %}</p>{% endif %}

<h2 id="poles">Poles</h2>
{% if poles %}<ul>{% for p in poles %}<li>\
<a href="ecosystem.html#focus={{ p.focus }}">{{ p.name }}</a>
— binding depth {{ p.depth }}, strength {{ p.strength }}; money both ways: {{ p.kinds }}\
{% if p.mix %}<br><span class="note">rests on {{ p.claims }} claims; their best sources: \
{{ p.mix }}</span>{% endif %}</li>
{% endfor %}</ul>{% else %}<p>No pole on this date.</p>{% endif %}

<h2 id="charts">Over time</h2>
{% for c in charts %}<figure>
<h3>{{ c.title }}</h3>
{{ c.svg|safe }}
<figcaption class="note">{{ c.caption }}</figcaption>
<table><tr>{% for h in c.header %}<th>{{ h }}</th>{% endfor %}</tr>
{% for r in c.rows %}<tr>{% for v in r %}\
<td{% if not loop.first %} class="num"{% endif %}>{{ v }}</td>\
{% endfor %}</tr>
{% endfor %}</table>
</figure>
{% else %}<p>No data for charts.</p>{% endfor %}

<h2 id="metrics">Metrics</h2>
<p class="note">The same results as <code>aikg metrics</code>\
{% if as_of %} <code>--as-of {{ as_of }}</code>{% endif %};
all rows, with units, bounds and claim ids, are in <a href="metrics.csv">metrics.csv</a> and
<a href="metrics.json">metrics.json</a>.</p>
{% for t in tables %}<h3 id="m-{{ t.name }}">{{ t.name }} — {{ t.description }}</h3>
{% if t.rows %}<table><tr>{% for h in t.columns %}<th>{{ h }}</th>{% endfor %}</tr>
{% for r in t.rows %}<tr>{% for h in t.columns %}<td>{{ r.get(h, "") }}</td>{% endfor %}</tr>
{% endfor %}</table>
{% if t.total > t.rows|length %}<p class="note">First {{ t.rows|length }} of {{ t.total }} rows.\
</p>{% endif %}
{% else %}<p class="note">No result.</p>{% endif %}
{% endfor %}

<h2 id="sources">Sources ({{ sources|length }})</h2>
<p class="note">Every source cited by the claims, grouped by publisher, strongest kind first
(a company's own channel, a regulator or filing, a wire or major outlet, trade press, a blog,
an aggregator; hosts in no registry entry last). Each deal, commitment, clause and observation
names its own sources (see the tooltips of the views); the metric tables above say on which
kinds of source their claims rest (<code>aikg sources</code> lists the weakest claims).</p>
{% for g in source_groups %}<h3 class="publisher">{{ g.name }} <span class="note">— \
{{ g.kind }}, {{ g.sources|length }}</span></h3>
<ol class="sources">
{% for s in g.sources %}<li>{% if s.linkable %}\
<a href="{{ s.url }}" rel="noopener noreferrer">{{ s.url }}</a>\
{% else %}<code>{{ s.url }}</code>{% endif %}{% if s.publisher %} — {{ s.publisher }}{% endif %}\
{% if s.published %}, {{ s.published }}{% endif %}</li>
{% endfor %}</ol>
{% endfor %}

<h2 id="licence">Licences</h2>
<p>Curated facts and ontology: CC BY 4.0 (aikg contributors). Code: MIT.
{% if attribution %}{{ attribution.text() }}{% endif %}</p>
</body>
</html>
"""
)


@dataclass(frozen=True)
class _MetricTable:
    name: str
    description: str
    columns: tuple[str, ...]
    rows: tuple[dict[str, str], ...]
    total: int


def _metric_tables(
    results: Mapping[str, Sequence[MetricResult]], kinds: Mapping[str, str]
) -> list[_MetricTable]:
    tables = []
    for name, items in results.items():
        shown = []
        for item in list(items)[:ROW_LIMIT]:
            row = summary(item)
            claims = getattr(item, "claims", None)
            if kinds and claims:
                row["best sources"] = source_mix(claims, kinds)
            shown.append(row)
        columns = tuple(dict.fromkeys(k for s in shown for k in s))
        tables.append(
            _MetricTable(name, METRICS[name].description, columns, tuple(shown), len(items))
        )
    return tables


def _last_date(data: ClaimData) -> date:
    days = [c.date for c in data.claims.values() if c.date is not None]
    return max(days) if days else date(FIRST_YEAR, 12, 31)


def report_html(
    data: ClaimData,
    results: Mapping[str, Sequence[MetricResult]],
    *,
    as_of: date | None = None,
    sources: Sequence[Source] = (),
    counts: str = "",
    files: Sequence[str] = (),
    claim_kinds: Mapping[str, str] | None = None,
    registry: Registry | None = None,
) -> str:
    """Render ``report.html``.

    Parameters
    ----------
    data : ClaimData
        The graph's entities and claims (for names and the charts over time).
    results : mapping
        :func:`graph.metrics.run_all` output as of ``as_of``.
    as_of : date, optional
        The date the metrics were computed for; the charts run from 2019 to
        this date (default: the latest claim date, so the output does not
        depend on the day it is made).
    sources : sequence of Source
        From :func:`read_sources`; an Epoch AI source adds the attribution.
    counts : str
        A line of figures under the title.
    files : sequence of str
        Exported data files to link to.
    claim_kinds : mapping, optional
        The best kind of source of every claim (:func:`graph.sources.claim_source_kinds`):
        each pole and metric row then says on which kinds of source its claims rest.
    registry : Registry, optional
        The publisher registry, to group the sources by publisher (default: the shipped one).

    Returns
    -------
    str
    """
    kinds = claim_kinds or {}
    registry = registry or shipped_registry()
    by_url = {s.url: s for s in sources}
    source_groups = [
        {"name": name, "kind": kind_label(kind), "sources": [by_url[u] for u in urls]}
        for name, kind, urls in by_publisher(by_url, registry)
    ]
    end = as_of or _last_date(data)
    if end.year < FIRST_YEAR:
        end = date(FIRST_YEAR, 12, 31)
    charts = [c for c in (_concentration_chart(data, end), _depth_chart(data, end)) if c]
    poles = [
        {
            "name": f"{data.name(p.cloud)} {DASH} {data.name(p.model)}",
            "focus": quote(data.name(p.model), safe=""),
            "depth": p.depth,
            "strength": f"{p.strength:.2f}",
            "kinds": ", ".join(p.loop_kinds),
            "claims": len(set(p.claims)),
            "mix": source_mix(p.claims, kinds),
        }
        for p in results.get("poles", [])
        if isinstance(p, Pole)
    ]
    return _TEMPLATE.render(
        as_of=as_of.isoformat() if as_of else "",
        as_of_text=f"as of {as_of.isoformat()}" if as_of else "all dates",
        counts=counts,
        files=files,
        attribution=epoch_attribution(sources),
        poles=poles,
        charts=charts,
        tables=_metric_tables(results, kinds),
        sources=sources,
        source_groups=source_groups,
    )
