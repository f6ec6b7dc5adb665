"""The built example in Debian's Chromium, looked at where a person would look."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser import browser_page, serve
from conftest import Build

pytestmark = pytest.mark.browser


def _shot(page: object, tmp_path: Path, name: str) -> None:
    folder = Path(os.environ.get("OPSBOOK_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def test_workflow_page_shows_tasks_people_and_timeline(example_build: Build, tmp_path: Path) -> None:
    assert example_build.returncode == 0, example_build.output
    with serve(example_build.site) as base, browser_page() as page:
        page.goto(base + "workflows/webinar/")
        assert page.locator("article h1").inner_text() == "Webinar"
        rows = page.locator('table[data-opsbook="tasks"] tbody tr')
        assert rows.count() == 8
        first = rows.nth(0)
        assert first.is_visible()
        assert "Generate ideas" in first.inner_text()
        assert "Content strategist" in first.inner_text()
        assert first.locator("dl.opsbook-raci dt").first.inner_text() == "R"
        bars = page.locator(".opsbook-timeline__bar")
        assert bars.count() == 8
        assert bars.nth(0).bounding_box()["width"] > 2  # type: ignore[index]
        assert page.locator('a[title="Edit this page"]').get_attribute("href", timeout=2000).endswith(
            "/edit/main/playbooks/workflows/webinar.yml")
        _shot(page, tmp_path, "workflow-webinar")
        assert page.foreign_requests == []  # type: ignore[attr-defined]


def test_project_page_shows_status_and_people(example_build: Build, tmp_path: Path) -> None:
    with serve(example_build.site) as base, browser_page() as page:
        page.goto(base + "projects/q1-product-webinar/")
        done = page.locator(".opsbook-state--done")
        upcoming = page.locator(".opsbook-state--upcoming")
        assert done.count() == 2 and done.nth(0).is_visible()
        assert upcoming.count() == 6
        page.get_by_role("link", name="Lucy Brooks").first.click()
        page.wait_for_url("**/people/lucy/")
        assert page.locator("article h1").inner_text() == "Lucy Brooks"
        _shot(page, tmp_path, "project-q1")
        assert page.foreign_requests == []  # type: ignore[attr-defined]


def test_pages_fit_a_phone_screen(example_build: Build, tmp_path: Path) -> None:
    with serve(example_build.site) as base, browser_page(width=390, height=844) as page:
        for url in ("workflows/webinar/", "projects/q1-product-webinar/", "hub/"):
            page.goto(base + url)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{url} is {overflow}px wider than the phone"
        _shot(page, tmp_path, "hub-phone")
