"""Debian's Chromium, headless, driven by Playwright: shared by the browser tests.

Without ``/usr/bin/chromium`` (or Playwright) a browser test fails when ``$CI`` is
set and is skipped otherwise.
"""

from __future__ import annotations

import os
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
