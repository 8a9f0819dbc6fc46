"""Time to first draw of the exported pages, in a real headless browser.

``aikg bench`` opens each network page the build wrote in Debian's Chromium
(driven by Playwright, both optional: without them the measurement is skipped
and says why) at 1440x900, several times, and records when the page has drawn
its graph for the first time: ``window.aikgReadyAt``, milliseconds since the
navigation started, which the page script sets after vis-network's first
``afterDrawing``. That covers reading the file, parsing the data, building the
network and drawing it.

Examples
--------
>>> print(first_draw_markdown({"first_draw": {"runs": 3, "pages": {
...     "tri-polar.html": {"median_ms": 480.0, "bytes": 900000, "nodes": 48, "edges": 134}}}}))
| page | nodes | edges | size | first draw |
|---|---:|---:|---:|---:|
| tri-polar.html | 48 | 134 | 0.9 MB | 0.48 s |
<BLANKLINE>
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["CHROMIUM", "PAGES", "first_draw", "first_draw_markdown"]

CHROMIUM = Path("/usr/bin/chromium")
#: The pages that draw a network (the report draws no script).
PAGES = ("tri-polar.html", "ecosystem.html")
_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def first_draw(
    folder: Path, runs: int, pages: Sequence[str] = PAGES, *, browser: Any = None
) -> dict[str, Any]:
    """Open each page ``runs`` times; return the median time to first draw.

    Parameters
    ----------
    folder : Path
        An exports folder.
    runs : int
        Openings per page (a fresh tab each time, one browser for all).
    pages : sequence of str
        File names in ``folder``.
    browser : playwright Browser, optional
        One already launched (default: launch Chromium for the measurement).

    Returns
    -------
    dict
        ``{"runs": n, "pages": {name: {"median_ms", "samples_ms", "bytes", "nodes",
        "edges"}}}``, or ``{"skipped": reason}`` when no browser can be driven.
    """
    if browser is not None:
        return {"runs": runs, "pages": _measure(browser, folder, runs, pages)}
    try:
        from playwright.sync_api import sync_playwright  # noqa: PLC0415
    except ImportError:
        return {"skipped": "Playwright is not installed (pip install -e '.[test]')"}
    if not CHROMIUM.exists():
        return {"skipped": f"{CHROMIUM} is missing (apt-get install -y chromium)"}
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=_ARGS)
        try:
            return {"runs": runs, "pages": _measure(launched, folder, runs, pages)}
        finally:
            launched.close()


def _measure(browser: Any, folder: Path, runs: int, pages: Sequence[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in pages:
        path = folder / name
        if not path.is_file():
            continue
        samples: list[float] = []
        counts: list[int] = [0, 0]
        for _ in range(runs):
            tab = browser.new_page(viewport={"width": 1440, "height": 900})
            tab.goto(path.resolve().as_uri())
            tab.wait_for_function("() => window.aikgReady === true", timeout=60_000)
            samples.append(round(float(tab.evaluate("() => window.aikgReadyAt")), 1))
            counts = tab.evaluate(
                "() => [aikg.network.body.data.nodes.length, aikg.network.body.data.edges.length]"
            )
            tab.close()
        out[name] = {
            "median_ms": round(statistics.median(samples), 1),
            "samples_ms": samples,
            "bytes": path.stat().st_size,
            "nodes": counts[0],
            "edges": counts[1],
        }
    return out


def first_draw_markdown(result: dict[str, Any]) -> str:
    """Return the first-draw table as Markdown (empty when not measured)."""
    draw = result.get("first_draw") or {}
    if not draw.get("pages"):
        return ""
    lines = ["| page | nodes | edges | size | first draw |", "|---|---:|---:|---:|---:|"]
    for name, m in draw["pages"].items():
        lines.append(
            f"| {name} | {m['nodes']:,} | {m['edges']:,} | {m['bytes'] / 1e6:.1f} MB "
            f"| {m['median_ms'] / 1000:.2f} s |"
        )
    return "\n".join(lines) + "\n"
