"""tri-polar.html as a reader meets it: Chromium at 1440x900 and 390x844, all data loaded.

The page must open on the thesis (every pole member and its label inside the canvas,
drawn at 12 px or more), list the deals of each money arrow when its midpoint is
clicked, and replay the loop with its date slider. The expected poles come from
:func:`graph.metrics.poles.poles`, not from the page.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from graph.build import build
from graph.claims import ClaimData, read_claims
from graph.export.story_page import LOOP_FONT, tri_polar_page
from graph.metrics.poles import poles

from .chromium import launch, unavailable, wait_for

pytestmark = pytest.mark.slow

EXTERNAL = Path(__file__).resolve().parents[2] / "shared" / "external"
SIZES = [(1440, 900), (390, 844)]
DASH = "\u2013"


@pytest.fixture(scope="module")
def data() -> ClaimData:
    if not (EXTERNAL / "epoch-ai").is_dir():
        unavailable(f"external data not found under {EXTERNAL}")
    result = build(
        "memory",
        epoch=EXTERNAL / "epoch-ai",
        litellm=EXTERNAL / "litellm" / "model_prices_and_context_window.json",
    )
    assert result.graph is not None
    return read_claims(result.graph)


@pytest.fixture(scope="module")
def page_file(data: ClaimData, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tri") / "tri-polar.html"
    path.write_text(tri_polar_page(data).html, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch()


def _open(
    browser: Any, path: Path, size: tuple[int, int], hash_: str = ""
) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "request",
        lambda r: None if r.url.startswith(("file:", "data:")) else errors.append(r.url),
    )
    page.goto(path.as_uri() + hash_)
    wait_for(page, "window.aikgReady === true", timeout=20)
    return page, errors


def _pole_members(data: ClaimData) -> dict[str, set[str]]:
    """Pole member name -> its pole names, from the metric."""
    out: dict[str, set[str]] = {}
    for p in poles(data):
        name = f"{data.name(p.cloud)}{DASH}{data.name(p.model)}"
        out.setdefault(data.name(p.cloud), set()).add(name)
        out.setdefault(data.name(p.model), set()).add(name)
    return out


def _node(page: Any, name: str) -> int:
    ids: list[int] = page.evaluate(
        "(name) => aikg.nodes.getIds({filter: (n) => n.label.replace('\\n', ' ') === name})",
        name,
    )
    assert len(ids) == 1, (name, ids)
    return ids[0]


@pytest.mark.parametrize("size", SIZES, ids=["desktop", "phone"])
def test_first_view_shows_every_pole_readable(
    browser: Any, page_file: Path, data: ClaimData, size: tuple[int, int], tmp_path: Path
) -> None:
    page, errors = _open(browser, page_file, size)
    members = _pole_members(data)
    assert len(members) >= 4
    canvas = page.locator("#net canvas").bounding_box()
    scale = page.evaluate("aikg.network.getScale()")
    for name in members:
        node = _node(page, name)
        font = page.evaluate("(id) => aikg.network.body.nodes[id].options.font.size", node)
        assert font == LOOP_FONT
        assert font * scale >= 12, (name, font * scale)
        box = page.evaluate(
            "(id) => { const b = aikg.network.getBoundingBox(id);"
            " const a = aikg.network.canvasToDOM({x: b.left, y: b.top});"
            " const z = aikg.network.canvasToDOM({x: b.right, y: b.bottom});"
            " return [a.x, a.y, z.x, z.y]; }",
            node,
        )
        assert min(box[0], box[1]) >= 0, (name, box)
        assert box[2] <= canvas["width"], (name, box, canvas)
        assert box[3] <= canvas["height"], (name, box, canvas)
    assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
    page.screenshot(path=str(tmp_path / f"tri-polar-{size[0]}.png"))
    assert errors == []
    page.close()


@pytest.mark.parametrize("size", SIZES, ids=["desktop", "phone"])
def test_clicking_each_money_arrow_lists_its_deals(
    browser: Any, page_file: Path, data: ClaimData, size: tuple[int, int]
) -> None:
    page, errors = _open(browser, page_file, size)
    pairs = {(p.cloud, p.model) for p in poles(data)}
    checked = 0
    for cloud, model in sorted(pairs):
        for src, dst in ((cloud, model), (model, cloud)):
            head = f"{data.name(src)} \u2192 {data.name(dst)}"
            edge = page.evaluate(
                "(head) => aikg.edges.getIds({filter: (e) => e.kind === 'money'"
                " && aikg.edgeState(e.id) && aikg.edgeState(e.id).head === head})",
                head,
            )
            assert len(edge) == 1, head
            # bring the arrow to the middle of the screen at a readable zoom, then click it
            page.evaluate(
                "(id) => { const p = aikg.network.body.edges[id].edgeType.getPoint(0.5);"
                " aikg.network.moveTo({position: p, scale: 1.0, animation: false}); }",
                edge[0],
            )
            point = page.evaluate(
                "(id) => aikg.network.canvasToDOM("
                "aikg.network.body.edges[id].edgeType.getPoint(0.5))",
                edge[0],
            )
            canvas = page.locator("#net canvas").bounding_box()
            page.mouse.click(canvas["x"] + point["x"], canvas["y"] + point["y"])
            page.locator("#details h3").scroll_into_view_if_needed()
            assert page.locator("#details h3").inner_text() == head
            listed = page.locator("#details ol.claims > li").count()
            expected = len(page.evaluate("(id) => aikg.edgeState(id).claims", edge[0]))
            assert listed == expected > 0, head
            links = page.locator("#details ol.claims a[href^='http']")
            assert links.count() >= 1, head
            checked += 1
    assert checked == 2 * len(pairs)
    assert errors == []
    page.close()


def _subtitle(page: Any) -> str:
    text: str = page.locator("#subtitle").inner_text()
    return text


def _set_date(page: Any, day: str) -> None:
    index = page.evaluate("(d) => aikg.frameOf(d)", day)
    page.eval_on_selector(
        "#date",
        "(el, i) => { el.value = String(i); el.dispatchEvent(new Event('input')); }",
        index,
    )


def test_date_slider_replays_the_loop(browser: Any, page_file: Path, data: ClaimData) -> None:
    page, errors = _open(browser, page_file, SIZES[0])
    google_anthropic = f"Google{DASH}Anthropic"
    assert google_anthropic in _subtitle(page)
    _set_date(page, "2022-12-31")
    assert page.locator("#date-text").inner_text() == "2022-12-31"
    expected = sorted(
        f"{data.name(p.cloud)}{DASH}{data.name(p.model)}" for p in poles(data, "2022-12-31")
    )
    assert google_anthropic not in expected
    assert google_anthropic not in _subtitle(page)
    for name in expected:
        assert name in _subtitle(page)
    google = _node(page, "Google")
    shown_poles = page.evaluate("(id) => (aikg.state(id) || {poles: []}).poles", google)
    assert google_anthropic not in shown_poles
    # the last date shows the pole again, on the node and in the subtitle
    _set_date(page, "2099-12-31")
    assert google_anthropic in _subtitle(page)
    assert google_anthropic in page.evaluate("(id) => aikg.state(id).poles", google)
    # a link can open the page at a date
    page.close()
    page, more = _open(browser, page_file, SIZES[0], "#date=2022-12-31")
    assert page.locator("#date-text").inner_text() == "2022-12-31"
    assert google_anthropic not in _subtitle(page)
    assert errors == []
    assert more == []
    page.close()


def test_play_walks_through_every_date(browser: Any, page_file: Path) -> None:
    # the page steps every 0.7 s; the browser's clock is stopped and moved by the test
    # alone, so each step is checked in turn, without waiting for it and without a step
    # that a slow machine lets slip by (Playwright's fake timers)
    page, errors = _open(browser, page_file, SIZES[0])
    frames = page.evaluate("aikg.frames.length")
    assert frames >= 10
    now = datetime.now(UTC)
    page.clock.install(time=now)
    page.clock.pause_at(now + timedelta(seconds=1))
    page.click("#play")
    shown = "[document.getElementById('date').value, document.getElementById('play').textContent]"
    assert page.evaluate(shown) == ["0", "\u23f8 Pause"]
    for frame in range(1, frames):
        page.clock.run_for(700)
        assert page.evaluate(shown) == [str(frame), "\u23f8 Pause"], frame
    page.clock.run_for(700)  # the last date stays; the button says Play again
    assert page.evaluate(shown) == [str(frames - 1), "\u25b6 Play"]
    assert errors == []
    page.close()
