"""Team performance: tasks done on time, late, past due and open, worked out here by hand.

Built on Monday 26 April 2027. The webinar workflow has two tasks: "Design slide deck" (designer:
Lucy) due ten days before the launch and "Approve slide deck" (strategist: Ellie) due five days
before. Five projects run it:

| launch | design due | done        | approve due | done          |
| 11 Feb | Mon 1 Feb  | 3 Feb: 2 late  | Sat 6 Feb | 6 Feb: on time  |
| 25 Feb | Mon 15 Feb | 21 Feb: 6 late | Sat 20 Feb| 19 Feb: on time |
| 11 Mar | Mon 1 Mar  | 1 Mar: on time | Sat 6 Mar | done, no date   |
| 25 Mar | Mon 15 Mar | 19 Mar: 4 late | Sat 20 Mar| not done: past due, 37 days |
| 20 May | Mon 10 May | open           | Sat 15 May| open            |

February: 2 on time of 4 (50%). March: 1 on time of 3 judged (33%): the approval done on an
unknown day counts for neither. Design slide deck was late in 3 of 4 runs, by (2+6+4)/3 = 4 days
on average; Approve slide deck in 1 of 3 runs (37 days, still past due). Lucy: 1 of 4 on time
(25%); Ellie: 2 of 3 (67%).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import TEAM, Build, run_mkdocs, write_handbook

EPOCH = "1808740800"  # Mon 26 Apr 2027 12:00 UTC

WORKFLOW = """\
kind: workflow
title: Webinar
owner: strategist
tasks:
  - id: design-deck
    title: Design slide deck
    responsible: designer
    due: -10d
  - id: approve-deck
    title: Approve slide deck
    responsible: strategist
    due: -5d
"""
RUNS = {
    "feb-11": ("2027-02-11", "{design-deck: {done: 2027-02-03}, approve-deck: {done: 2027-02-06}}"),
    "feb-25": ("2027-02-25", "{design-deck: {done: 2027-02-21}, approve-deck: {done: 2027-02-19}}"),
    "mar-11": ("2027-03-11", "{design-deck: {done: 2027-03-01}, approve-deck: done}"),
    "mar-25": ("2027-03-25", "{design-deck: {done: 2027-03-19}}"),
    "may-20": ("2027-05-20", "{}"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    work = tmp_path_factory.mktemp("performance")
    files = {"playbooks/team.yml": TEAM, "playbooks/workflows/webinar.yml": WORKFLOW}
    for pid, (launch, status) in RUNS.items():
        files[f"playbooks/projects/{pid}.yml"] = (
            f"kind: project\ntitle: Webinar {pid}\nworkflow: webinar\nlaunch: {launch}\nstatus: {status}\n"
        )
    root = write_handbook(work / "hb", files)
    build = run_mkdocs(root, work / "site", "--strict", env={"SOURCE_DATE_EPOCH": EPOCH})
    assert build.returncode == 0, build.output
    return build


def _soup(build: Build) -> BeautifulSoup:
    return BeautifulSoup(build.page("performance"), "html.parser")


def _rows(soup: BeautifulSoup, table: str) -> dict[str, str]:
    return {
        tr["data-key"]: tr.find("td")["data-percent"] for tr in soup.select(f'table[data-opsbook="{table}"] tbody tr')
    }


def test_on_time_share_by_month(built: Build) -> None:
    assert _rows(_soup(built), "by-month") == {"2027-02": "50", "2027-03": "33"}


def test_late_workflow_tasks_are_ranked_most_often_late_first(built: Build) -> None:
    items = [li.get_text(" ", strip=True) for li in _soup(built).select('ol[data-opsbook="late-ranking"] li')]
    assert items == [
        "Design slide deck (Webinar) was late in 3 of 4 runs, by 4 days on average.",
        "Approve slide deck (Webinar) was late in 1 of 3 runs, by 37 days on average (1 still past due).",
    ]


def test_by_person_and_project_and_the_team(built: Build) -> None:
    soup = _soup(built)
    assert _rows(soup, "by-person") == {"lucy": "25", "ellie": "67"}
    assert _rows(soup, "by-project") == {"mar-25": "0", "feb-11": "50", "feb-25": "50", "mar-11": "100", "may-20": ""}
    team = soup.select_one('[data-opsbook="team-performance"]').get_text(" ", strip=True)
    assert "43% on time 3 of 7 tasks due so far" in team  # 3 on time, 3 late, 1 past due
    # Days late as people write them: "4 days", "20.5 days", never "4.0 days".
    lucy = soup.select_one('[data-opsbook="by-person"] tr[data-key="lucy"]').get_text(" ", strip=True)
    assert "3 4 days on average" in lucy  # late 2, 6 and 4 days
    month = soup.select_one('tr[data-key="2027-03"]').get_text(" ", strip=True)
    assert "20.5 days on average" in month  # 4 late, 37 past due
    assert ".0 day" not in soup.get_text()
    unknown = soup.select_one('[data-opsbook="unknown-days"]').get_text(" ", strip=True)
    assert unknown.startswith("1 task was marked done without a date: done on an unknown day")


def test_late_and_past_due_tasks_are_listed_with_their_days(built: Build) -> None:
    rows = [tr.get_text(" ", strip=True) for tr in _soup(built).select('table[data-opsbook="late"] tbody tr')]
    assert [r.split(" Mon ")[0].split(" Sat ")[0] for r in rows] == [
        "Approve slide deck past due 37 days",
        "Design slide deck done 6 days late",
        "Design slide deck done 4 days late",
        "Design slide deck done 2 days late",
    ]


def test_the_month_chart_has_its_numbers_beside_it_and_nothing_to_fetch(built: Build) -> None:
    soup = _soup(built)
    figure = soup.select_one('figure[data-opsbook="chart"]')
    svg = figure.find("svg")
    assert svg["aria-label"] == "Tasks done on time, by month due"
    assert [t.get_text() for t in svg.select("g.axis.x text")] == ["Feb 2027", "Mar 2027"]
    assert len(svg.select("g.series rect.rect")) == 2
    assert svg.find("script") is None and not svg.find_all(attrs={"href": True})
    assert not svg.find_all(attrs={"xlink:href": True})
    assert figure.find_next_sibling("div").find("table")["data-opsbook"] == "by-month"


def test_metrics_json_holds_the_same_numbers(built: Build) -> None:
    data = json.loads((built.site / "metrics.json").read_text(encoding="utf-8"))["performance"]
    assert [(m["key"], m["on_time_percent"]) for m in data["by_month"]] == [("2027-02", 50), ("2027-03", 33)]
    assert data["team"] == {
        "key": "team",
        "label": "Team",
        "on_time": 3,
        "late": 3,
        "past_due": 1,
        "done_unknown_day": 1,
        "open": 2,
        "on_time_percent": 43,
        "average_days_late": 12.2,  # (2 + 6 + 4 + 37) / 4 = 12.25, rounded half to even
    }
    assert data["late_workflow_tasks"][0]["key"] == "webinar/design-deck"
    unknown = [t for t in data["tasks"] if t["outcome"] == "done, day unknown"]
    assert [(t["project"], t["task"], t["done"]) for t in unknown] == [("mar-11", "approve-deck", None)]


def test_a_handbook_without_projects_has_no_performance_page(small_handbook: Path, tmp_path: Path) -> None:
    (small_handbook / "playbooks/projects/q1-webinar.yml").unlink()
    build = run_mkdocs(small_handbook, tmp_path / "site", "--strict", env={"SOURCE_DATE_EPOCH": EPOCH})
    assert build.returncode == 0, build.output
    assert not (build.site / "performance").exists()
    assert (build.site / "workload" / "index.html").is_file()
