"""The report's headline: what the metrics say, in a sentence each, with what they rest on.

Seven findings, computed from the metric results (never written by hand): the
poles, the model companies contested by two clouds, the largest round trip
(money a cloud puts in that comes back as spending), the open-weight share of
model releases by region, how the model companies' supplier concentration
changed over the years, whether the money loops between clouds and labs are
more than chance makes (against degree-preserving randomisations), and the
communities that emerge from the binding graph. Each keeps the claims it rests
on (or, for the regional shares, says how many releases it counts), so the page
can list them with their sources.

Examples
--------
>>> from graph.build import build
>>> from graph.claims import read_claims
>>> from graph.metrics import run_all
>>> data = read_claims(build("memory").graph)
>>> found = findings(data, run_all(data, "2026-06-30"), date(2026, 6, 30))
>>> [f.title for f in found]  # doctest: +NORMALIZE_WHITESPACE
['Poles', 'Contested', 'Largest round trip', 'Open weights by region', 'Concentration',
 'Loops against chance', 'Communities']
>>> found[0].text.startswith("4 poles")
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from graph.claims import ClaimData
from graph.display import money
from graph.metrics import timeline as _timeline
from graph.metrics.communities import Agreement, Community
from graph.metrics.concentration import SupplierConcentration
from graph.metrics.poles import Contested, Pole
from graph.metrics.regions import RegionShare
from graph.metrics.result import MetricResult
from graph.metrics.roundtrip import RoundTrip
from graph.metrics.significance import Significance

__all__ = ["FIRST_YEAR", "STATISTIC_LABELS", "Finding", "findings", "p_text", "statistic_text"]

#: The first year the concentration finding looks at.
FIRST_YEAR = 2019
_DASH = "\u2013"
_BOUND_WORD = {">=": "at least ", "<=": "at most ", "≈": "about ", "=": ""}
#: How the report names each statistic of :mod:`graph.metrics.significance`.
STATISTIC_LABELS = {
    "reciprocity": "reciprocity",
    "cloud_lab_2_cycles": f"cloud{_DASH}model company 2-cycles",
    "three_cycles": "3-cycles",
    "four_cycles": "4-cycles",
    "binding_in_2_cycles": "binding strength in 2-cycles",
}
_SHARES = frozenset({"reciprocity", "binding_in_2_cycles"})


@dataclass(frozen=True)
class Finding:
    """One headline: a short title, a sentence with the numbers, and what it rests on."""

    title: str
    text: str
    claims: tuple[str, ...] = ()
    #: what the figure counts when it rests on no claim (e.g. model releases)
    basis: str = ""
    #: a view that shows it (relative link)
    link: str = ""


def _names(data: ClaimData, iris: Sequence[str]) -> str:
    names = [data.name(i) for i in iris]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _poles(data: ClaimData, rows: Sequence[MetricResult], day: str, link: str) -> Finding:
    poles = sorted((p for p in rows if isinstance(p, Pole)), key=lambda p: (-p.depth, p.cloud))
    if not poles:
        return Finding("Poles", f"No cloud and model company are bound as a pole {day}.")
    parts = [f"{data.name(p.cloud)}{_DASH}{data.name(p.model)} ({p.depth}/6 layers)" for p in poles]
    text = (
        f"{len(poles)} pole{'s' * (len(poles) != 1)} {day}: {', '.join(parts)}. A pole is a "
        "cloud and a model company with money both ways and binding depth of 4 layers or more."
    )
    claims = tuple(sorted({c for p in poles for c in p.claims}))
    return Finding("Poles", text, claims, link=link)


def _contested(data: ClaimData, rows: Sequence[MetricResult], day: str) -> Finding:
    found = [c for c in rows if isinstance(c, Contested)]
    if not found:
        return Finding("Contested", f"No model company is bound deeply to two clouds {day}.")
    parts = [f"{data.name(c.model)} (to {_names(data, c.clouds)})" for c in found]
    text = (
        f"{len(found)} model compan{'ies are' if len(found) != 1 else 'y is'} bound at depth "
        f"4 or more to more than one cloud {day}: {'; '.join(parts)}."
    )
    return Finding("Contested", text, tuple(sorted({x for c in found for x in c.claims})))


def _round_trip(data: ClaimData, rows: Sequence[MetricResult], day: str) -> Finding:
    trips = [r for r in rows if isinstance(r, RoundTrip) and r.ratio is not None]
    if not trips:
        return Finding("Largest round trip", f"No money goes both ways with stated amounts {day}.")
    top = max(trips, key=lambda r: (r.ratio.value if r.ratio else 0.0, r.provider, r.model))
    assert top.ratio is not None
    assert top.invested is not None
    assert top.committed is not None
    text = (
        f"{data.name(top.provider)} put {money(top.invested.value, top.invested.bound)} into "
        f"{data.name(top.model)}, which committed "
        f"{money(top.committed.value, top.committed.bound)} back to it as spending: "
        f"{_BOUND_WORD.get(top.ratio.bound, '')}{top.ratio.value:.1f} dollars back per dollar "
        f"in ({day}; the largest of {len(trips)} round trips)."
    )
    claims = tuple(sorted({*top.claims, *(c for d in top.by_deal for c in d.claims)}))
    return Finding("Largest round trip", text, claims)


def _regions(rows: Sequence[MetricResult], day: str) -> Finding:
    shares = sorted(
        (r for r in rows if isinstance(r, RegionShare) and r.year is None),
        key=lambda r: (-(r.open_releases + r.closed_releases), r.region),
    )
    if not shares:
        return Finding("Open weights by region", f"No dated model release {day}.")
    parts = [
        f"{r.region} {r.open_share * 100:.0f}% ({r.open_releases} of "
        f"{r.open_releases + r.closed_releases})"
        for r in shares
        if r.open_share is not None
    ]
    total = sum(r.open_releases + r.closed_releases for r in shares)
    return Finding(
        "Open weights by region",
        f"Share of model releases with open weights, {day}: {', '.join(parts)}.",
        basis=f"{total} model releases with a known region and weights access",
    )


def _concentration(data: ClaimData, end: date) -> Finding:
    points = _timeline(data, "supplier_concentration", f"{FIRST_YEAR}-01-01", end, "year")
    series: dict[str, list[tuple[int, float, tuple[str, ...]]]] = {}
    for p in points:
        for r in p.value:
            if isinstance(r, SupplierConcentration):
                series.setdefault(r.model, []).append((p.as_of.year, r.hhi, r.claims))
    moved = sorted(
        (
            (abs(s[-1][1] - s[0][1]), m, s[0], s[-1])
            for m, s in series.items()
            if len(s) > 1 and s[-1][1] != s[0][1]
        ),
        key=lambda x: (-x[0], data.name(x[1])),
    )[:3]
    if not moved:
        return Finding(
            "Concentration",
            "No model company's supplier concentration changed between the year ends "
            f"from {FIRST_YEAR} to {end.isoformat()}.",
        )
    parts = [
        f"{data.name(m)} {a[1]:.2f} in {a[0]} \u2192 {b[1]:.2f} in {b[0]}" for _, m, a, b in moved
    ]
    text = (
        "Supplier concentration of compute commitments (Herfindahl index, 1.00 = everything "
        f"with one provider) moved most for {'; '.join(parts)}."
    )
    return Finding("Concentration", text, tuple(sorted({c for *_, b in moved for c in b[2]})))


def statistic_text(statistic: str, value: float) -> str:
    """Write a value of a statistic: shares as percentages, counts as numbers.

    Examples
    --------
    >>> statistic_text("reciprocity", 0.1439), statistic_text("four_cycles", 3.405)
    ('14%', '3.4')
    >>> statistic_text("reciprocity", 0.0453), statistic_text("four_cycles", 1234.5)
    ('4.5%', '1,234')
    """
    if statistic in _SHARES:
        return f"{value * 100:.2g}%" if abs(value) < 0.1 else f"{value * 100:.0f}%"
    return f"{value:.2g}" if abs(value) < 10 and value != int(value) else f"{value:,.0f}"


def p_text(r: Significance) -> str:
    """Write the p-value; when no randomisation reached the observed value, its bound.

    Examples
    --------
    >>> from graph.metrics.significance import Significance
    >>> r = Significance("x", 6.0, 0.8, 0.9, 5.8, 1 / 1001, 1000, 0, 10, "swaps", ())
    >>> p_text(r), p_text(Significance("x", 1.0, 1.0, 0.5, 0.0, 0.5, 1000, 0, 10, "swaps", ()))
    ('p ≤ 1/1,001', 'p = 0.5')
    """
    if round(r.p_value * (r.samples + 1)) == 1:
        return f"p \u2264 1/{r.samples + 1:,}"
    return f"p = {r.p_value:.2g}"


def _versus(r: Significance, observed: str = "") -> str:
    return (
        f"{statistic_text(r.statistic, r.observed)}{observed} vs "
        f"{statistic_text(r.statistic, r.null_mean)} \u00b1 "
        f"{statistic_text(r.statistic, r.null_std)}"
    )


def _significance(rows: Sequence[MetricResult], day: str) -> Finding:
    stats = {r.statistic: r for r in rows if isinstance(r, Significance)}
    two = stats.get("cloud_lab_2_cycles")
    if two is None:
        return Finding("Loops against chance", f"No comparison with randomised networks {day}.")
    others = [
        f"{STATISTIC_LABELS[k]} {_versus(r)} ({p_text(r)})"
        for k, r in stats.items()
        if k != "cloud_lab_2_cycles"
    ]
    none = round(two.p_value * (two.samples + 1)) == 1
    text = (
        f"Money 2-cycles between a cloud and a model company {day}: "
        f"{_versus(two, ' observed')} expected in {two.samples:,} degree-preserving "
        f"randomisations of the money network, {p_text(two)}"
        + (f" (no randomisation reached {statistic_text(two.statistic, two.observed)})" * none)
        + f". The other statistics: {'; '.join(others)}."
    )
    basis = f"{two.samples:,} randomised copies of the money network (seed {two.seed})"
    return Finding("Loops against chance", text, two.claims, basis=basis)


def _index(a: Agreement) -> str:
    if a.ari is None or a.nmi is None:
        return f"too few organisations to compare ({a.compared})"
    return f"ARI {a.ari:.2f}, NMI {a.nmi:.2f} over {a.compared} organisations"


def _communities(
    data: ClaimData, rows: Sequence[MetricResult], poles: Sequence[MetricResult], day: str
) -> Finding:
    found = [c for c in rows if isinstance(c, Community) and c.method == "louvain"]
    agree = {(a.method, a.reference): a for a in rows if isinstance(a, Agreement)}
    if not found:
        return Finding("Communities", f"No binding between organisations {day}.")
    text = (
        f"Louvain finds {len(found)} communities in the binding graph weighted by binding "
        f"strength {day} (modularity {found[0].modularity:.2f})."
    )
    pole_members = {x for p in poles if isinstance(p, Pole) for x in (p.cloud, p.model)}
    vs_poles = agree.get(("louvain", "poles"))
    if pole_members and vs_poles is not None:
        parts = [
            _names(data, inside) + f" (with {c.size - len(inside)} more)" * (c.size > len(inside))
            for c in found
            if (inside := [m for m in c.members if m in pole_members])
        ]
        left = f"; {_names(data, vs_poles.left_out)}, in two poles, left out" * bool(
            vs_poles.left_out
        )
        text += (
            f" The pole members fall into {len(parts)} of them: {'; '.join(parts)}. Against "
            f"the poles' clouds (each with the labs of its poles{left}): {_index(vs_poles)}."
        )
    second = agree.get(("louvain", "greedy_modularity"))
    if second is not None:
        text += f" Greedy modularity agrees with Louvain at {_index(second)}."
    claims = vs_poles.claims if vs_poles is not None else ()
    basis = f"the binding graph of {sum(c.size for c in found)} organisations"
    return Finding("Communities", text, claims, basis=basis)


def findings(
    data: ClaimData,
    results: Mapping[str, Sequence[MetricResult]],
    end: date,
    *,
    as_of: date | None = None,
) -> list[Finding]:
    """Compute the report's headline findings.

    Parameters
    ----------
    data : ClaimData
        From :func:`graph.claims.read_claims`.
    results : mapping
        :func:`graph.metrics.run_all` output as of ``as_of``.
    end : date
        The last year end of the concentration timeline.
    as_of : date, optional
        The date of ``results`` (``None``: every claim, whatever its date).

    Returns
    -------
    list of Finding
    """
    day = f"as of {as_of.isoformat()}" if as_of else "with every claim counted"
    link = f"tri-polar.html#date={as_of.isoformat()}" if as_of else "tri-polar.html"
    return [
        _poles(data, results.get("poles", []), day, link),
        _contested(data, results.get("contested", []), day),
        _round_trip(data, results.get("round_trip", []), day),
        _regions(results.get("regional_proportions", []), day),
        _concentration(data, end),
        _significance(results.get("loop_significance", []), day),
        _communities(data, results.get("communities", []), results.get("poles", []), day),
    ]
