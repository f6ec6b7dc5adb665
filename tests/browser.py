"""Headless Chromium for the tests: Debian's package, driven by playwright, never a download.

Outside CI a machine without the browser skips the browser tests with the reason; in CI
(`CI=true`) a missing browser fails them, so a broken install step cannot pass unseen.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM_NAMES = ("chromium", "chromium-browser")
# As root, with no network: no sandbox, and nothing in the background that calls out.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    explicit = os.environ.get("OPSBOOK_CHROMIUM")
    if explicit:
        return explicit
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def require_browser() -> str:
    path = chromium_path()
    if path is None:
        reason = "Debian's chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason}: .ci/run must install it")
        pytest.skip(reason)
    return path


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve a built site from a local HTTP server; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def launch_chromium() -> Iterator[object]:
    """The system Chromium, headless, driven by playwright: launched once for the session (the
    `chromium` fixture of conftest.py); each test gets a context of its own from browser_page."""
    executable = require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def browser_page(browser: object, width: int = 1280, height: int = 900, *, javascript: bool = True) -> Iterator[object]:
    """A page in a new browser context (its own cookies, storage and cache); requests to any host
    but loopback are recorded in `page.foreign_requests` and refused. `javascript=False`: as a
    reader with scripts turned off sees it."""
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": width, "height": height}, java_script_enabled=javascript
    )
    try:
        foreign: list[str] = []

        def guard(route, request):  # type: ignore[no-untyped-def]
            if request.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")):
                route.continue_()
            else:
                foreign.append(request.url)
                route.abort()

        context.route("**/*", guard)
        page = context.new_page()
        page.foreign_requests = foreign
        yield page
    finally:
        context.close()


def screenshot(page: object, tmp_path: Path, name: str) -> None:
    """A full-page screenshot `name`.png, into $OPSBOOK_SCREENSHOTS when set (to look at after
    the run), else into the test's tmp_path."""
    folder = Path(os.environ.get("OPSBOOK_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def overflow(page: object) -> int:
    """How many pixels the page is wider than the window: above 0, the reader scrolls sideways."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")  # type: ignore[attr-defined]
