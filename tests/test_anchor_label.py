"""A workflow's anchor is shown under one label everywhere: `go-live` is "Go live" in the
calendar, on the status board, on the project's page and timeline, and in the change log."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from conftest import EXAMPLE_TODAY_EPOCH, TEAM, run_mkdocs, write_handbook
from gitrepo import GitRepo
from opsbook.core.model import anchor_label

WORKFLOW = """\
kind: workflow
title: Product release
owner: strategist
anchor: go-live
tasks:
  - id: design-deck
    title: Design slide deck
    responsible: designer
    due: -7d
"""
PROJECT = """\
kind: project
title: Q1 release
workflow: product-release
go-live: {date}
"""


def test_the_label_of_an_anchor() -> None:
    assert [anchor_label(a) for a in ("launch", "go-live", "go_live", "go-live-day")] == [
        "Launch",
        "Go live",
        "Go live",
        "Go live day",
    ]


def _text(html: str, selector: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").select_one(selector).get_text(" ").split())


def test_go_live_is_one_label_in_the_calendar_board_project_page_and_change_log(tmp_path: Path) -> None:
    repo = GitRepo(write_handbook(tmp_path / "hb", {}))
    files = {"playbooks/team.yml": TEAM, "playbooks/workflows/product-release.yml": WORKFLOW}
    repo.commit("Start the release", {**files, "playbooks/projects/q1-release.yml": PROJECT.format(date="2027-01-21")})
    repo.commit(
        "Move the release a week later",
        {"playbooks/projects/q1-release.yml": PROJECT.format(date="2027-01-28")},
        date="2026-11-02T10:00:00+00:00",
    )
    build = run_mkdocs(repo.root, tmp_path / "site", env={"SOURCE_DATE_EPOCH": EXAMPLE_TODAY_EPOCH})
    assert build.returncode == 0, build.output

    feed = (build.site / "calendars/projects/q1-release.ics").read_text(encoding="utf-8")
    assert "\nSUMMARY:Go live: Q1 release\n" in feed
    board = build.page("board")
    assert _text(board, ".opsbook-board__meta").startswith("Go live ")
    project = build.page("projects/q1-release")
    assert _text(project, '[data-opsbook="timeline-anchor"] .opsbook-timeline__label').startswith("Go live ")
    facts = [dt.get_text() for dt in BeautifulSoup(project, "html.parser").select(".opsbook-facts dt")]
    assert facts[:2] == ["Workflow", "Go live"]
    assert _text(project, '[data-opsbook="scope-launch"]').startswith("Go live: moved +7 days")
    assert _text(project, '[data-change="launch"]').startswith("Go live moved:")
    changes = " ".join(p.read_text(encoding="utf-8") for p in (build.site / "changes").rglob("index.html"))
    assert "Go live moved:" in changes
    for page in (board, project, changes, feed):
        assert "Go-live" not in page
