"""The status board (`board/`) and the progress bars, from real builds of a small handbook whose
columns are worked out by hand below."""

from __future__ import annotations

import calendar
import datetime as dt
import json

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import TEAM, Build, run_mkdocs, write_handbook

#: Today is Wed 13 Jan 2027 (noon UTC: the same day in Europe/London); its week ends Sun 17 Jan.
TODAY = dt.date(2027, 1, 13)
EPOCH = str(calendar.timegm(dt.datetime(2027, 1, 13, 12, tzinfo=dt.timezone.utc).timetuple()))

LAUNCH = """\
kind: workflow
title: Launch
owner: strategist
tags: [events]
tasks:
  - {id: kickoff, title: Kick off, responsible: strategist, due: -20d}
  - {id: draft, title: Draft the copy, responsible: designer, due: -9d}
  - {id: brief, title: Brief the agency, responsible: strategist, due: -8d}
  - {id: review, title: Review the copy, responsible: strategist, accountable: designer, due: -5d}
  - {id: promote, title: Promote, responsible: designer, due: -2d}
"""

FILES = {
    "playbooks/team.yml": TEAM,
    "playbooks/workflows/launch.yml": LAUNCH,
    # Launch Thu 21 Jan: kickoff 1 Jan (done 2 Jan), draft 12 Jan (yesterday: past due), brief
    # 13 Jan (today: this week), review Sat 16 Jan (this week, to Sun 17), promote Tue 19 Jan
    # (after Sunday: upcoming).
    "playbooks/projects/january.yml": (
        "kind: project\ntitle: January launch\nworkflow: launch\nlaunch: 2027-01-21\ntags: [q1]\n"
        "status:\n  kickoff: {done: 2027-01-02}\n"
    ),
    # Launch Thu 18 Feb: kickoff 29 Jan, draft 9 Feb, brief 10 Feb, review 13 Feb, promote 16 Feb,
    # all after this week; draft is done already (undated).
    "playbooks/projects/february.yml": (
        "kind: project\ntitle: February launch\nworkflow: launch\nlaunch: 2027-02-18\nstatus:\n  draft: done\n"
    ),
    # Every task done: closed, so not on the board.
    "playbooks/projects/december.yml": (
        "kind: project\ntitle: December launch\nworkflow: launch\nlaunch: 2026-12-17\n"
        "status: {kickoff: done, draft: done, brief: done, review: done, promote: done}\n"
    ),
}


@pytest.fixture(scope="module")
def board_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    root = write_handbook(tmp_path_factory.mktemp("board") / "hb", FILES)
    build = run_mkdocs(root, root / "site", "--strict", env={"SOURCE_DATE_EPOCH": EPOCH})
    assert build.returncode == 0, build.output
    return build


def _columns(section: Tag) -> dict[str, list[str]]:
    return {
        col["data-column"]: [a.get_text() for a in col.select("li.opsbook-card .opsbook-card__task")]
        for col in section.select('section[data-opsbook="column"]')
    }


def test_epoch_is_the_wednesday_the_columns_are_worked_out_from() -> None:
    assert dt.datetime.fromtimestamp(int(EPOCH), tz=dt.timezone.utc).date() == TODAY
    assert TODAY.strftime("%A") == "Wednesday" and dt.date(2027, 1, 21).strftime("%A") == "Thursday"


def test_board_puts_each_open_projects_tasks_in_their_columns(board_build: Build) -> None:
    page = BeautifulSoup(board_build.page("board"), "html.parser")
    sections = page.select('section[data-opsbook="board-project"]')
    # Soonest launch first; December's tasks are all done, so it is closed and left off.
    assert [s["data-project"] for s in sections] == ["january", "february"]
    january, february = sections
    assert _columns(january) == {
        "past-due": ["Draft the copy"],
        "this-week": ["Brief the agency", "Review the copy"],
        "upcoming": ["Promote"],
        "done": ["Kick off"],
    }
    assert _columns(february) == {
        "past-due": [],
        "this-week": [],
        "upcoming": ["Kick off", "Brief the agency", "Review the copy", "Promote"],
        "done": ["Draft the copy"],
    }
    # The glance counts add the projects' columns up: 1+0 past due, 2+0 this week, 1+4 upcoming, 1+1 done.
    glance = {li["class"][0]: li.strong.get_text() for li in page.select("ul.opsbook-glance li[class]")}
    assert glance == {
        "opsbook-glance--past-due": "1",
        "opsbook-glance--this-week": "2",
        "opsbook-glance--upcoming": "5",
        "opsbook-glance--done": "2",
    }


def test_a_card_names_who_and_says_when(board_build: Build) -> None:
    page = BeautifulSoup(board_build.page("board"), "html.parser")
    cards = {
        (c.find_parent("section", attrs={"data-opsbook": "board-project"})["data-project"], c.a.get_text()): c
        for c in page.select("li.opsbook-card")
    }
    draft = cards[("january", "Draft the copy")]
    # Responsible: the designer, Lucy; accountable: the workflow's owner, the strategist Ellie.
    assert [(a.get_text(), a["href"]) for a in draft.select(".opsbook-card__who a")] == [
        ("Lucy Brooks", "../people/lucy/"),
        ("Ellie Hart", "../people/ellie/"),
    ]
    assert draft.a["href"] == "../projects/january/#task-draft"
    assert draft.select_one(".opsbook-card__when time")["datetime"] == "2027-01-12"
    assert "1 day late" in draft.get_text()
    assert "today" in cards[("january", "Brief the agency")].get_text()
    assert "in 3 days" in cards[("january", "Review the copy")].get_text()  # Sat 16 Jan
    done = cards[("january", "Kick off")]
    assert done.select_one(".opsbook-card__when time")["datetime"] == "2027-01-02"  # the day it was done
    # Filters read these: the column, the people (a role brings its holders) and the project's tags.
    assert draft["data-column"] == "past-due"
    assert set(draft["data-owners"].split()) == {"lucy", "ellie"}
    assert draft["data-tags"] == '["q1"]'


def test_progress_bars_show_done_of_total_on_hub_project_and_board(board_build: Build) -> None:
    for url in ("board", "hub", "projects/january"):
        page = BeautifulSoup(board_build.page(url), "html.parser")
        bars = {p.get_text(" ", strip=True): p.progress for p in page.select(".opsbook-progress")}
        # January: kickoff done of five tasks.
        assert "1 of 5 tasks done" in bars, url
        assert (bars["1 of 5 tasks done"]["value"], bars["1 of 5 tasks done"]["max"]) == ("1", "5")


def test_board_is_in_the_navigation_after_the_hub(board_build: Build) -> None:
    page = BeautifulSoup(board_build.page("board"), "html.parser")
    titles = [
        a.get_text(strip=True)
        for a in page.select("nav.md-nav--primary > ul > li > a, nav.md-nav--primary > ul > li > label")
    ]
    assert titles.index("Status board") == titles.index("Resource hub") + 1, titles


def test_timeline_marks_the_launch_day(board_build: Build) -> None:
    page = BeautifulSoup(board_build.page("projects/january"), "html.parser")
    marker = page.select_one('[data-opsbook="timeline-anchor"]')
    assert marker is not None
    assert marker.time["datetime"] == "2027-01-21" and "Launch" in marker.get_text()
    # The timeline runs from kickoff (1 Jan) to the launch (21 Jan): 21 days, the launch the last.
    style = marker.select_one(".opsbook-timeline__marker")["style"]
    assert style == "margin-left: 95.24%; width: 4.76%"  # day 21 of 21: 20/21 of the way, 1/21 wide


def test_search_leaves_the_board_out_and_keeps_the_project_pages(board_build: Build) -> None:
    index = json.loads((board_build.site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].partition("#")[0] for doc in index["docs"]}
    assert "projects/january/" in locations  # the same tasks, found on their project's page
    assert "board/" not in locations


def test_board_and_hub_filter_forms_are_the_same_form(board_build: Build) -> None:
    """Both pages' forms come from one macro (m.filter_form), their rows' data from one (m.row_facets):
    only the first select, the owner label and the page named differ."""
    forms, rows = {}, {}
    for url in ("hub", "board"):
        page = BeautifulSoup(board_build.page(url), "html.parser")
        form = page.select_one("form[data-hub-filter]")
        assert form is not None and form.has_attr("hidden"), url
        forms[url] = form
        rows[url] = page.select("[data-hub-row]")
    hub, board = forms["hub"], forms["board"]
    assert (hub["aria-label"], board["aria-label"]) == ("Filter the hub", "Filter the board")
    assert [s["name"] for s in hub.select("select")] == ["kind", "owner", "tag"]
    assert [s["name"] for s in board.select("select")] == ["column", "owner", "tag"]
    assert [(o["value"], o.get_text()) for o in board.select("select[name=column] option")] == [
        ("", "All columns"),
        ("past-due", "Past due"),
        ("this-week", "This week"),
        ("upcoming", "Upcoming"),
        ("done", "Done"),
    ]
    assert [label.contents[0].strip() for label in board.select("label")] == ["Column", "Who", "Tag"]
    assert [label.contents[0].strip() for label in hub.select("label")] == ["Kind", "Owner", "Tag"]
    # People by name, under the same heading on both (the hub lists whom its entries name); the
    # rest of the form is the same markup.
    people = "select[name=owner] optgroup[label=People] option"
    assert [o.get_text() for o in board.select(people)] == ["Ellie Hart", "Lucy Brooks"]
    assert [o.get_text() for o in hub.select(people)] == ["Ellie Hart"]
    assert str(hub.select_one("select[name=tag] option")) == str(board.select_one("select[name=tag] option"))
    assert str(hub.button) + str(hub.p) == str(board.button) + str(board.p)
    # Every row carries the first select's field, its owners and tags.
    assert {r["data-kind"] for r in rows["hub"]} >= {"project", "workflow"}
    assert {r["data-column"] for r in rows["board"]} == {"past-due", "this-week", "upcoming", "done"}
    assert all(r.has_attr("data-owners") and r.has_attr("data-tags") for r in rows["hub"] + rows["board"])


def test_a_persons_task_groups_are_the_boards_columns(board_build: Build) -> None:
    """One grouping (views.columns.by_column) for the board and a person's page: the same task is
    in the same column on both, this week ending on the same Sunday, and done the latest first."""
    board = BeautifulSoup(board_build.page("board"), "html.parser")
    for person in ("ellie", "lucy"):
        on_board = {
            (
                card.find_parent("section", attrs={"data-opsbook": "board-project"}).h2.get_text(strip=True),
                card.a.get_text(),
                card["data-column"],
            )
            for card in board.select("li.opsbook-card")
            if person in card["data-owners"].split()
        }
        page = BeautifulSoup(board_build.page(f"people/{person}"), "html.parser")
        on_page = {
            (row.select("td")[2].get_text(strip=True), row.th.get_text(), key)
            for key in ("past-due", "this-week", "upcoming", "done")
            for row in page.select(f'table[data-opsbook="{key}"] tbody tr')
        }
        # December's tasks are all done: the project is closed, off the board.
        assert {t for t in on_page if t[0] != "December launch"} == on_board, person
        assert page.select_one("h3#this-week").contents[0].strip() == "Due this week (to Sun 17 Jan)"
    # Ellie's done tasks, latest first: February's draft (undated: by its due date, 9 Feb), January's
    # kickoff (done 2 Jan), then December's (undated, due in December).
    page = BeautifulSoup(board_build.page("people/ellie"), "html.parser")
    done = [
        (r.select("td")[2].get_text(strip=True), r.th.get_text())
        for r in page.select('table[data-opsbook="done"] tbody tr')
    ]
    assert done[:2] == [("February launch", "Draft the copy"), ("January launch", "Kick off")]
    assert {project for project, _ in done[2:]} == {"December launch"}
