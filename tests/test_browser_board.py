"""The status board and the phone layout of project, hub and person pages, in Debian's Chromium
at a desktop's and a phone's width."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import browser_page, overflow, screenshot, serve
from conftest import EXAMPLE_TODAY_EPOCH, PROJECT, TEAM, WORKFLOW, Build, run_mkdocs, write_handbook
from gitrepo import GitRepo

pytestmark = pytest.mark.browser

WIDTHS = ((1280, 900), (390, 844))


def _boxes(page: object, selector: str) -> list[dict[str, float]]:
    """The bounding boxes of every element `selector` finds, in page coordinates."""
    return page.evaluate(  # type: ignore[attr-defined]
        """sel => Array.from(document.querySelectorAll(sel), el => {
            const r = el.getBoundingClientRect();
            return {x: r.x, y: r.y + window.scrollY, width: r.width, height: r.height};
        })""",
        selector,
    )


@pytest.mark.parametrize(("width", "height"), WIDTHS)
def test_board_columns_side_by_side_on_a_desktop_and_stacked_on_a_phone(
    chromium: object, example_build: Build, tmp_path: Path, width: int, height: int
) -> None:
    with serve(example_build.site) as base, browser_page(chromium, width=width, height=height) as page:
        page.goto(base + "board/")
        assert page.locator("article h1").inner_text() == "Status board"
        first = 'section[data-opsbook="board-project"]:first-of-type section[data-opsbook="column"]'
        columns = _boxes(page, first)
        assert len(columns) == 4
        if width > 1000:  # one row, left to right
            assert len({round(c["y"]) for c in columns}) == 1
            assert [c["x"] for c in columns] == sorted(c["x"] for c in columns)
            assert len({round(c["x"]) for c in columns}) == 4
        else:  # one above the other
            assert len({round(c["x"]) for c in columns}) == 1
            assert [c["y"] for c in columns] == sorted(c["y"] for c in columns)
        cards = _boxes(page, "li.opsbook-card")
        assert cards
        for card in cards:
            assert card["x"] >= 0 and card["x"] + card["width"] <= width, card
        assert overflow(page) <= 0
        screenshot(page, tmp_path, f"board-{width}")
        assert page.foreign_requests == []  # type: ignore[attr-defined]


def test_the_boards_title_stands_where_every_pages_title_does_with_a_rule_only_between_projects(
    chromium: object, example_build: Build
) -> None:
    """The page's wrapper is `opsbook-board` (`opsbook-<kind>`): a project's section must not share
    its class, or the rule and margin between projects land above the page's title."""
    with serve(example_build.site) as base, browser_page(chromium) as page:
        tops = {}
        for path in ("board/", "workload/", "hub/"):
            page.goto(base + path)
            tops[path] = _boxes(page, "article h1")[0]["y"]
        assert tops["board/"] == tops["workload/"] == tops["hub/"], tops
        page.goto(base + "board/")
        rules = page.evaluate(
            """() => Array.from(document.querySelectorAll('article .opsbook-page, section[data-opsbook="board-project"]'),
                el => getComputedStyle(el).borderTopStyle)"""
        )
        assert rules[0] == "none" and len(rules) > 2 and set(rules[1:]) == {"solid"}, rules


def test_board_filters_by_who_and_column(chromium: object, example_build: Build) -> None:
    with serve(example_build.site) as base, browser_page(chromium) as page:
        page.goto(base + "board/?owner=lucy")
        assert page.locator("form[data-hub-filter]").is_visible()
        assert page.locator('select[name="owner"]').input_value() == "lucy"
        cards = page.locator("li.opsbook-card")
        total = cards.count()
        lucys = [i for i in range(total) if "lucy" in (cards.nth(i).get_attribute("data-owners") or "").split()]
        assert 0 < len(lucys) < total
        shown = [i for i in range(total) if cards.nth(i).is_visible()]
        assert shown == lucys
        assert page.locator("[data-hub-status]").inner_text() == f"Showing {len(lucys)} of {total} items."
        page.select_option('select[name="column"]', "done")
        assert "column=done" in page.url and "owner=lucy" in page.url
        done = [i for i in lucys if cards.nth(i).get_attribute("data-column") == "done"]
        assert [i for i in range(total) if cards.nth(i).is_visible()] == done
        # A project with no card left to show goes, heading and all.
        for section in page.locator('section[data-opsbook="board-project"]').all():
            assert section.is_visible() == (section.locator("li.opsbook-card:visible").count() > 0)
        page.get_by_role("button", name="Show everything").click()
        page.wait_for_function("!location.search.includes('owner')")
        assert all(cards.nth(i).is_visible() for i in range(total))
        assert page.foreign_requests == []  # type: ignore[attr-defined]


def test_board_without_javascript_shows_every_card_and_no_dead_filter(chromium: object, example_build: Build) -> None:
    with serve(example_build.site) as base, browser_page(chromium, javascript=False) as page:
        page.goto(base + "board/?owner=lucy")
        assert page.locator("form[data-hub-filter]").is_hidden()
        cards = page.locator("li.opsbook-card")
        assert cards.count() > 0
        assert all(cards.nth(i).is_visible() for i in range(cards.count()))
        assert page.foreign_requests == []  # type: ignore[attr-defined]


#: The columns a reader looks for first on each page: who and status (a person's page: the
#: letters they hold and the role they hold them as).
KEY_CELLS = {
    "projects/q1-product-webinar/": [
        'table[data-opsbook="tasks"] tbody td:nth-child(3)',  # status
        'table[data-opsbook="tasks"] tbody td:nth-child(4)',  # who
    ],
    "hub/": [
        'table[data-opsbook="launches"] tbody td:nth-child(4)',  # owner
        'table[data-opsbook="launches"] tbody td:nth-child(5)',  # progress
        'table[data-opsbook="due-soon"] tbody td:nth-child(4)',  # responsible
        'table[data-opsbook="due-soon"] tbody td:nth-child(5)',  # status
    ],
    "people/ellie/": [
        'table[data-opsbook="upcoming"] tbody td:nth-child(2)',  # letters
        'table[data-opsbook="upcoming"] tbody td:nth-child(5)',  # as
        'table[data-opsbook="done"] tbody td:nth-child(2)',
    ],
}


@pytest.mark.parametrize(("width", "height"), WIDTHS)
def test_who_and_status_are_in_view_without_sideways_scrolling(
    chromium: object, example_build: Build, tmp_path: Path, width: int, height: int
) -> None:
    with serve(example_build.site) as base, browser_page(chromium, width=width, height=height) as page:
        for url, selectors in KEY_CELLS.items():
            page.goto(base + url)
            for selector in selectors:
                cells = _boxes(page, selector)
                assert cells, (url, selector)
                for cell in cells:
                    assert cell["width"] > 0 and cell["height"] > 0, (url, selector)
                    assert cell["x"] >= 0 and cell["x"] + cell["width"] <= width, (url, selector, cell)
            # No table needs scrolling inside its own frame either.
            wide = page.evaluate(
                """() => Array.from(document.querySelectorAll('.opsbook-table-wrap:not(.opsbook-raci-wrap)'))
                    .filter(w => w.scrollWidth > w.clientWidth + 1).length"""
            )
            assert wide == 0, url
            assert overflow(page) <= 0, url
            screenshot(page, tmp_path, f"{url.strip('/').replace('/', '-')}-{width}")
        assert page.foreign_requests == []  # type: ignore[attr-defined]


def test_row_headers_separated_commit_links_without_a_bar_and_insertions_not_underlined(
    chromium: object, tmp_path: Path
) -> None:
    repo = GitRepo(
        write_handbook(
            tmp_path / "hb",
            {
                "playbooks/team.yml": TEAM,
                "playbooks/workflows/webinar.yml": WORKFLOW,
                "playbooks/projects/q1-webinar.yml": PROJECT,
            },
        )
    )
    repo.commit("Plan the webinar", date="2026-11-01T10:00:00+00:00")
    repo.commit(
        "Move the launch",
        {"playbooks/projects/q1-webinar.yml": PROJECT.replace("2027-01-21", "2027-02-04")},
        date="2026-11-10T10:00:00+00:00",
    )
    build = run_mkdocs(repo.root, tmp_path / "site", "--strict", env={"SOURCE_DATE_EPOCH": EXAMPLE_TODAY_EPOCH})
    assert build.returncode == 0, build.output
    style = "([sel, prop]) => Array.from(document.querySelectorAll(sel), el => getComputedStyle(el)[prop])"
    with serve(build.site) as base, browser_page(chromium) as page:
        page.goto(base + "changes/")
        links = page.locator("a.opsbook-commit")
        assert links.count() == 2
        assert set(page.evaluate(style, ["a.opsbook-commit", "borderLeftStyle"])) == {"none"}
        inserted = page.evaluate(style, [".opsbook-change ins", "textDecorationLine"])
        assert inserted and set(inserted) == {"none"}
        page.goto(base + "projects/q1-webinar/")
        rows = 'table[data-opsbook="tasks"] tbody tr:not(:first-child) th[scope="row"]'
        cells = 'table[data-opsbook="tasks"] tbody tr:not(:first-child) td:first-of-type'
        assert set(page.evaluate(style, [rows, "borderTopStyle"])) == {"solid"}
        assert page.evaluate(style, [rows, "borderTopColor"]) == page.evaluate(style, [cells, "borderTopColor"])
        assert page.foreign_requests == []  # type: ignore[attr-defined]
