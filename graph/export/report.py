"""``report.html``: the findings first, then the metrics as tables and charts, the sources.

One static page, no script and no request: a headline block of findings computed
from the metrics (:mod:`graph.export.findings`), each with the claims it rests on
and their sources as links; the poles; the money loops against chance (bars of
each statistic's null distribution, :mod:`graph.export.nullchart`); two
charts over time as small multiples
(:mod:`graph.export.charts`: supplier concentration of the model companies,
binding depth of the pole pairs, per year from 2019), each naming what it rests
on; tables of every metric with names and amounts as a reader writes them
(:mod:`graph.readable`); links into the interactive views; every source
URL the graph cites; and — when the graph holds data derived from Epoch AI (a
source whose publisher is "Epoch AI") — Epoch AI's CC BY 4.0 attribution. The
page template is ``templates/report.html.j2``.

Every string from the data is escaped (Jinja autoescaping; the SVG text through
:func:`html.escape`), and only ``http``/``https`` URLs become links.

Examples
--------
>>> svg = line_chart("t", [("<A>", [("2024", 0.5), ("2025", None)])], y_max=1.0)
>>> svg.startswith("<svg") and "&lt;A&gt;" in svg and "<A>" not in svg
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
import rdflib

from graph.claims import ClaimData
from graph.export.charts import (
    FIRST_YEAR,
    concentration_chart,
    depth_chart,
    line_chart,
    pole_years,
)
from graph.export.citations import cited, slug
from graph.export.findings import findings
from graph.export.nullchart import null_chart
from graph.export.styles import DASH
from graph.export.templating import environment
from graph.metrics import METRICS
from graph.metrics.poles import Pole
from graph.metrics.result import MetricResult
from graph.readable import readable_rows
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


def read_sources(kg: rdflib.Graph | ox.Store) -> list[Source]:
    """Every source the graph cites (``prov:wasDerivedFrom``), one per URL, sorted."""
    from graph.oxquery import oxigraph_of, select_values  # noqa: PLC0415

    found: dict[str, Source] = {}
    inner = oxigraph_of(kg)  # on Oxigraph, read the values without making rdflib terms
    if inner is not None:
        rows: Iterable[Any] = select_values(inner, _Q_SOURCES)
    else:
        assert isinstance(kg, rdflib.Graph)
        rows = kg.query(_Q_SOURCES, initNs=PREFIXES)
    for row in rows:
        _src, url, publisher, name, published, lic, credit = row
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


_ENV = environment()
_TEMPLATE = _ENV.get_template("report.html.j2")


@dataclass(frozen=True)
class _MetricTable:
    name: str
    description: str
    columns: tuple[str, ...]
    rows: tuple[dict[str, str], ...]
    total: int


def _metric_tables(
    data: ClaimData, results: Mapping[str, Sequence[MetricResult]], kinds: Mapping[str, str]
) -> list[_MetricTable]:
    tables = []
    for name, items in results.items():
        shown_items = list(items)[:ROW_LIMIT]
        _columns, shown = readable_rows(data, shown_items)
        for row, item in zip(shown, shown_items, strict=True):
            claims = getattr(item, "claims", None)
            if kinds and claims:
                row["best sources"] = source_mix(claims, kinds)
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
    years = pole_years(data, end)
    charts = [
        c
        for c in (concentration_chart(data, end, kinds), depth_chart(data, end, kinds, years))
        if c
    ]
    found = findings(data, results, end, as_of=as_of)
    claims, cited_sources = cited(data, {c for f in found for c in f.claims})
    poles = [
        {
            "name": f"{data.name(p.cloud)} {DASH} {data.name(p.model)}",
            "focus": quote(data.name(p.model), safe=""),
            "depth": p.depth,
            "strength": f"{p.strength:.2f}",
            "kinds": ", ".join(p.loop_kinds),
            "claims": len(set(p.claims)),
            "mix": source_mix(p.claims, kinds),
            "since": (since := min(years.get((p.cloud, p.model), [0]))) or None,
            "since_day": min(date(since, 12, 31), end).isoformat() if since else "",
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
        null_chart=null_chart(results.get("loop_significance", []), kinds),
        findings=[replace(f, claims=tuple(slug(c) for c in f.claims)) for f in found],
        claims=claims,
        cited_sources=cited_sources,
        tables=_metric_tables(data, results, kinds),
        sources=sources,
        source_groups=source_groups,
    )
