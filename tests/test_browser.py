"""The built example in Debian's Chromium, looked at where a person would look."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import browser_page, overflow, screenshot, serve
from conftest import Build

pytestmark = pytest.mark.browser


def test_workflow_page_shows_tasks_people_and_timeline(chromium: object, example_build: Build, tmp_path: Path) -> None:
    assert example_build.returncode == 0, example_build.output
    with serve(example_build.site) as base, browser_page(chromium) as page:
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
        assert (
            page.locator('a[title="Edit this page"]')
            .get_attribute("href", timeout=2000)
            .endswith("/edit/main/playbooks/workflows/webinar.yml")
        )
        screenshot(page, tmp_path, "workflow-webinar")
        assert page.foreign_requests == []  # type: ignore[attr-defined]


def test_project_page_shows_status_and_people(chromium: object, example_build: Build, tmp_path: Path) -> None:
    with serve(example_build.site) as base, browser_page(chromium) as page:
        page.goto(base + "projects/q1-product-webinar/")
        done = page.locator(".opsbook-state--done")
        upcoming = page.locator(".opsbook-state--upcoming")
        assert done.count() == 2 and done.nth(0).is_visible()
        assert upcoming.count() == 6
        page.get_by_role("link", name="Lucy Brooks").first.click()
        page.wait_for_url("**/people/lucy/")
        assert page.locator("article h1").inner_text() == "Lucy Brooks"
        screenshot(page, tmp_path, "project-q1")
        assert page.foreign_requests == []  # type: ignore[attr-defined]


def test_pages_fit_a_phone_screen(chromium: object, example_build: Build, tmp_path: Path) -> None:
    with serve(example_build.site) as base, browser_page(chromium, width=390, height=844) as page:
        for url in ("workflows/webinar/", "projects/q1-product-webinar/", "hub/"):
            page.goto(base + url)
            wider = overflow(page)
            assert wider <= 0, f"{url} is {wider}px wider than the phone"
        screenshot(page, tmp_path, "hub-phone")


def test_search_finds_a_task_by_its_title(chromium: object, example_build: Build, tmp_path: Path) -> None:
    with serve(example_build.site) as base, browser_page(chromium) as page:
        page.goto(base)
        page.locator("label.md-search__icon, .md-search__input").first.click()
        page.locator("input.md-search__input").press_sequentially("Include in drip campaign", delay=20)
        results = page.locator(".md-search-result__item > a")
        results.first.wait_for(timeout=10000)
        page.wait_for_function("document.querySelector('.md-search-result__meta').textContent.includes('matching')")
        # Material shows the results ten at a time, then more as the list is scrolled: scroll
        # until the task's two pages are shown, or until no more come. (With every table cell
        # indexed as its own words, the people and roles who hold the task rank beside them.)
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        wanted = ("projects/q1-product-webinar/", "workflows/webinar/")
        more = "n => document.querySelectorAll('.md-search-result__item').length > n"
        while True:
            hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
            if all(any(w in h for h in hrefs) for w in wanted):
                break
            shown = page.locator(".md-search-result__item").count()
            page.evaluate("document.querySelector('.md-search__scrollwrap').scrollTop = 1e9")
            try:
                page.wait_for_function(more, arg=shown, timeout=3000)
            except PlaywrightTimeout:
                break  # every result is shown: the assertions below say which page is missing
        assert any("projects/q1-product-webinar/" in h for h in hrefs), hrefs
        assert any("workflows/webinar/" in h for h in hrefs), hrefs
        screenshot(page, tmp_path, "search-drip-campaign")
        assert page.foreign_requests == []  # type: ignore[attr-defined]


def test_hub_filters_by_tag_and_a_tag_on_a_row(chromium: object, example_build: Build, tmp_path: Path) -> None:
    with serve(example_build.site) as base, browser_page(chromium) as page:
        page.goto(base + "hub/")
        form = page.locator("form[data-hub-filter]")
        assert form.is_visible()
        workflows = page.locator('table[data-kind="workflow"] tbody tr')
        assert workflows.count() == 3
        page.select_option('select[name="tag"]', "licensing")
        assert "tag=licensing" in page.url
        visible = page.locator('table[data-opsbook="catalogue"] tbody tr:visible th a')
        assert visible.all_inner_texts() == ["Asset production", "Asset licensing"]
        assert page.locator('table[data-kind="ritual"]').is_hidden()  # its section goes with its rows
        assert page.locator("#rituals").is_hidden()
        assert page.locator("ul.opsbook-links > li:visible").count() == 2
        assert "Showing" in page.locator("[data-hub-status]").inner_text()
        page.get_by_role("button", name="Show everything").click()
        assert workflows.nth(0).is_visible() and workflows.count() == 3
        page.locator('table[data-kind="workflow"] tbody tr', has_text="Plan, promote").get_by_role(
            "button", name="events"
        ).click()
        assert page.locator('select[name="tag"]').input_value() == "events"
        assert page.locator('table[data-opsbook="catalogue"] tbody tr:visible th a').all_inner_texts() == ["Webinar"]
        assert page.foreign_requests == []  # type: ignore[attr-defined]


def test_hub_owner_filter_finds_what_a_person_owns_through_their_roles(chromium: object, example_build: Build) -> None:
    with serve(example_build.site) as base, browser_page(chromium) as page:
        page.goto(base + "hub/?owner=hannah")
        assert page.locator('select[name="owner"]').input_value() == "hannah"
        owned = page.locator('table[data-opsbook="catalogue"] tbody tr:visible th a').all_inner_texts()
        assert "Asset licensing" in owned  # Hannah is the brand manager, who owns the policy
        assert "Webinar" not in owned


def test_hub_at_desktop_and_phone_width(chromium: object, example_build: Build, tmp_path: Path) -> None:
    for width, height, name in ((1280, 900, "hub-desktop"), (390, 844, "hub-phone-filtered")):
        with serve(example_build.site) as base, browser_page(chromium, width=width, height=height) as page:
            page.goto(base + "hub/" + ("?tag=webinars" if width < 600 else ""))
            cards = page.locator("ul.opsbook-glance li")
            assert cards.count() == 7 and cards.nth(6).is_visible()  # this week's recap, then who is over capacity
            assert overflow(page) <= 0
            screenshot(page, tmp_path, name)
            assert page.foreign_requests == []  # type: ignore[attr-defined]
