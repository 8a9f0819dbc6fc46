"""The entity site in a real browser (Debian's Chromium, headless, driven by Playwright).

At 1440x900 and 390x844: the Anthropic page lists the 2026 Amazon and Google deals with
their tranches and sources as links, its neighbourhood graph draws and a click on a node
opens that node's page; the index's search finds names and Chinese aliases; no request
leaves the site and no page scrolls sideways. Screenshots stay in the test's temporary
folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from graph.build import build
from graph.export import export_all

from .chromium import keep_screenshot, launch, wait_for

pytestmark = pytest.mark.slow  # a real browser

DATA = Path(__file__).parent / "data"
SIZES = [(1440, 900), (390, 844)]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    result = build("memory", extra_paths=[DATA / "xss.ttl"])
    assert result.graph is not None
    out = tmp_path_factory.mktemp("exports")
    export_all(result.graph, out, views=["site", "tri-polar", "ecosystem", "report"])
    return out / "site"


@dataclass
class Visit:
    page: Any
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


def _open(browser: Any, path: Path, size: tuple[int, int]) -> Visit:
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    visit = Visit(page)
    page.on("console", lambda m: visit.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: visit.errors.append(str(e)))
    page.on("request", lambda r: visit.requests.append(r.url))
    page.goto(path.as_uri())
    return visit


def _checked(visit: Visit, width: int) -> None:
    assert visit.errors == []
    assert visit.requests
    assert all(u.startswith("file:") for u in visit.requests), visit.requests
    assert visit.page.evaluate("document.documentElement.scrollWidth") <= width
    assert visit.page.evaluate("window.__xss") is None


@pytest.mark.parametrize("size", SIZES, ids=["1440", "390"])
def test_anthropic_page_shows_the_2026_deals_and_draws_its_neighbourhood(
    browser: Any, site: Path, size: tuple[int, int], tmp_path: Path
) -> None:
    visit = _open(browser, site / "id" / "anthropic.html", size)
    page = visit.page
    wait_for(page, "window.aikgDrawn > 1", timeout=15)
    drawn = page.evaluate("window.aikgNetwork.body.data.nodes.length")
    assert drawn == page.evaluate(
        "JSON.parse(document.getElementById('nbhd-data').textContent).nodes.length"
    )
    assert drawn > 10
    for deal, tranches in [
        ("deal-amazon-anthropic-2026", ["$5B", "up to $20B"]),
        ("deal-google-anthropic-2026", ["$10B", "up to $30B"]),
    ]:
        article = page.locator(f"article#{deal}")
        assert article.is_visible()
        text = article.inner_text()
        for amount in tranches:
            assert amount in text
        sources = article.locator("p.sources a[href^='http']")
        assert sources.count() >= 1
        assert sources.first.is_visible()
    keep_screenshot(page, tmp_path / f"anthropic-{size[0]}.png")
    _checked(visit, size[0])
    page.close()


def test_a_click_on_a_neighbour_opens_its_page(browser: Any, site: Path) -> None:
    visit = _open(browser, site / "id" / "anthropic.html", SIZES[0])
    page = visit.page
    wait_for(page, "window.aikgDrawn > 1", timeout=15)
    page.locator("#nbhd").scroll_into_view_if_needed()
    box = page.locator("#nbhd canvas").bounding_box()
    point = page.evaluate(
        "window.aikgNetwork.canvasToDOM(window.aikgNetwork.getPosition("
        "'https://w3id.org/aikg/id/amazon'))"
    )
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_url("**/id/amazon.html", timeout=10_000)
    assert page.locator("h1").inner_text() == "Amazon"
    _checked(visit, SIZES[0][0])
    page.close()


@pytest.mark.parametrize("size", SIZES, ids=["1440", "390"])
def test_search_on_the_index(browser: Any, site: Path, size: tuple[int, int]) -> None:
    visit = _open(browser, site / "index.html", size)
    page = visit.page
    wait_for(page, "window.aikgSearchReady === true", timeout=10)
    results = page.locator("#results li a")
    for query, first in [
        ("Claude", "Claude"),
        ("亚马逊", "Amazon"),
        ("anthropic pbc", "Anthropic"),
        ("谷歌", "Google"),
        ("trainium2", "AWS Trainium2"),
    ]:
        page.fill("#q", query)
        assert results.count() >= 1, query
        assert results.first.inner_text() == first, query
    page.fill("#q", "no such name anywhere")
    assert results.count() == 0
    assert page.locator("#result-count").inner_text() == "No entity matches."
    page.fill("#q", "亚马逊")
    results.first.click()
    page.wait_for_url("**/id/amazon.html", timeout=10_000)
    assert page.locator("h1").inner_text() == "Amazon"
    _checked(visit, size[0])
    page.close()


PAGES = [
    "index.html",
    "others.html",
    "id/amazon.html",
    "id/claude.html",
    "id/deal-xss.html",
    "id/xss-lab.html",
    "id/deal-amazon-anthropic-2026.html",
]


@pytest.mark.parametrize("size", SIZES, ids=["1440", "390"])
def test_pages_stay_inside_the_screen_and_the_site(
    browser: Any, site: Path, size: tuple[int, int]
) -> None:
    for path in PAGES:
        visit = _open(browser, site / path, size)
        visit.page.wait_for_load_state("load")
        if path.startswith("id/"):
            wait_for(visit.page, "window.aikgDrawn > 1", timeout=15)
        _checked(visit, size[0])
        visit.page.close()
