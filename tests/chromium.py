"""Debian's Chromium, headless, driven by Playwright: shared by the browser tests.

Without ``/usr/bin/chromium`` (or Playwright) a browser test fails when ``$CI`` is
set and is skipped otherwise.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def unavailable(reason: str) -> None:
    """Fail under CI, skip elsewhere."""
    if os.environ.get("CI"):
        pytest.fail(
            f"{reason} (required in CI: apt-get install -y chromium; pip install playwright)"
        )
    pytest.skip(reason)


def launch() -> Iterator[Any]:
    """Yield a launched Chromium (the body of a module-scoped ``browser`` fixture)."""
    try:
        from playwright.sync_api import sync_playwright  # noqa: PLC0415
    except ImportError:
        unavailable("Playwright is not installed")
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing: the browser tests need Debian's chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def keep_screenshot(page: Any, path: Path) -> None:
    """Save what ``page`` shows in its viewport to ``path``, for a person to look at.

    With ``AIKG_FULL_SCREENSHOTS=1`` the whole page is saved instead: a long page (the
    report, an entity page) then costs Chromium seconds of CPU per picture, which a test
    run that nobody looks at need not spend. The pictures stay in pytest's temporary
    folders (``--basetemp`` chooses where).
    """
    page.screenshot(path=str(path), full_page=os.environ.get("AIKG_FULL_SCREENSHOTS") == "1")


def wait_for(page: Any, expression: str, arg: Any = None, timeout: float = 15.0) -> Any:
    """Evaluate ``expression`` (or call it with ``arg``) in ``page`` until it is truthy.

    Playwright's ``wait_for_function`` compiles a string predicate with ``eval`` inside the
    page, and the pages' Content-Security-Policy (``script-src 'self'``, no
    ``'unsafe-eval'``) refused that once in a CI run (an entity page, 2026-12-01).
    ``page.evaluate`` goes through the DevTools protocol, which the policy does not govern.

    Returns
    -------
    The first truthy value.

    Raises
    ------
    AssertionError
        If the value is still falsy after ``timeout`` seconds (a guard, not a speed target).
    """
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(expression) if arg is None else page.evaluate(expression, arg)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{expression!r} was still {value!r} after {timeout} s")
        page.wait_for_timeout(50)
