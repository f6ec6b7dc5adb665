"""Workload: planned hours per person and ISO week against capacity, worked out here by hand.

The handbook below is built (and asked through `opsbook workload`) on Monday 26 April 2027, in
week 2027-W17. Monday 3 May 2027 is a bank holiday in England (May Day). Ellie Hart (capacity 8h)
is the only content strategist; Lucy Brooks (capacity 0h: none tracked) the only designer; both
are editors.

- "Write copy" (12h, strategist) runs Thu 29 Apr to Tue 4 May: its working days are Thu, Fri and
  Tue (Mon 3 May is the holiday), 4h each: 8h in W17, 4h in W18. Without the holiday it would be
  four days of 3h, 6h in each week.
- "Review copy" (6h, strategist and designer) is due Wed 12 May: 3h each in W19.
- The weekly meeting (Wednesdays, 90m, the strategist) is 1.5h each week.
- The monthly report (owner strategist, 2h) is due on the 5th: Wed 5 May, W18.
- The procedure step (strategist, 1h) falls on the 10th of each month: Mon 10 May, W19.
- "Check links" (4h, editor) falls on the 12th: two people are editors and a procedure has no
  `assign`, so it stays the editor role's (not assigned), 4h in W19.

Ellie: W17 = 8 + 1.5 = 9.5h (119% of 8h: over); W18 = 4 + 1.5 + 2 = 7.5h (94%);
W19 = 3 + 1.5 + 1 = 5.5h (69%). Lucy: W19 = 3h, no percentage, never over.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import MINIMAL_MKDOCS, Build, opsbook, run_mkdocs, write_handbook
from opsbook.core.text import spelled
from opsbook.views.workload import WEEKS_AHEAD, WEEKS_BACK

EPOCH = "1808740800"  # Mon 26 Apr 2027 12:00 UTC: today is in 2027-W17

FILES = {
    "playbooks/team.yml": """\
        kind: team
        roles:
          strategist: {title: Content strategist}
          designer: {title: Designer}
          editor: {title: Editor}
        people:
          ellie: {name: Ellie Hart, roles: [strategist, editor], capacity: 8h}
          lucy: {name: Lucy Brooks, roles: [designer, editor], capacity: 0h}
        """,
    "playbooks/workflows/campaign.yml": """\
        kind: workflow
        title: Campaign
        owner: strategist
        tasks:
          - id: write-copy
            title: Write copy
            responsible: strategist
            due: -10d
            duration: 6d
            effort: 12h
          - id: review-copy
            title: Review copy
            responsible: [strategist, designer]
            due: -2d
            effort: 6h
        """,
    "playbooks/projects/may-campaign.yml": """\
        kind: project
        title: May campaign
        workflow: campaign
        launch: 2027-05-14
        holidays: GB-ENG
        """,
    "playbooks/rituals/copy-meeting.yml": """\
        kind: ritual
        title: Copy meeting
        attendees: [strategist]
        starts: 2027-04-07
        time: "10:00"
        duration: 90m
        repeat: weekly
        days: [wed]
        """,
    "playbooks/reports/monthly-report.yml": """\
        kind: report
        title: Monthly report
        owner: strategist
        repeat: monthly
        days: [5]
        starts: 2027-01-01
        effort: 2h
        """,
    "playbooks/procedures/tidy-up.yml": """\
        kind: procedure
        title: Tidy up
        owner: strategist
        steps:
          - id: archive-drafts
            title: Archive old drafts
            responsible: strategist
            repeat: monthly
            days: [10]
            starts: 2027-01-01
            effort: 1h
          - id: check-links
            title: Check links
            responsible: editor
            repeat: monthly
            days: [12]
            starts: 2027-01-01
            effort: 4h
        """,
}
MKDOCS = MINIMAL_MKDOCS.replace("timezone: Europe/London", "timezone: Europe/London\n      holidays: GB-ENG")
ELLIE = {"2027-W17": (9.5, 119, True), "2027-W18": (7.5, 94, False), "2027-W19": (5.5, 69, False)}


@pytest.fixture(scope="module")
def handbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_handbook(tmp_path_factory.mktemp("workload") / "hb", FILES, mkdocs=MKDOCS)


@pytest.fixture(scope="module")
def built(handbook: Path, tmp_path_factory: pytest.TempPathFactory) -> Build:
    build = run_mkdocs(handbook, tmp_path_factory.mktemp("site"), "--strict", env={"SOURCE_DATE_EPOCH": EPOCH})
    assert build.returncode == 0, build.output
    return build


def _cells(build: Build, who: str) -> dict[str, tuple[float, str]]:
    soup = BeautifulSoup(build.page("workload"), "html.parser")
    row = soup.select_one(f'table[data-opsbook="workload"] tr[data-who="{who}"]')
    assert row is not None, who
    return {td["data-week"]: (float(td["data-hours"]), td.get_text(" ", strip=True)) for td in row.select("td")}


def test_planned_hours_of_three_weeks_worked_out_by_hand(built: Build) -> None:
    cells = _cells(built, "ellie")
    assert len(cells) == 17  # four weeks back, this one, twelve ahead
    assert list(cells)[4] == "2027-W17"
    for week, (hours, percent, over) in ELLIE.items():
        assert cells[week][0] == hours, week
        text = cells[week][1]
        assert f"{percent}%" in text, (week, text)
        assert ("over" in text) is over, (week, text)
    assert cells["2027-W20"][0] == 1.5  # the meeting only


def test_the_page_says_how_many_weeks_it_shows_as_the_table_has_them(built: Build) -> None:
    soup = BeautifulSoup(built.page("workload"), "html.parser")
    intro = " ".join(soup.select_one("article p").get_text(" ", strip=True).split())  # type: ignore[union-attr]
    assert f"from {spelled(WEEKS_BACK)} weeks back to {spelled(WEEKS_AHEAD)} ahead," in intro
    assert "from four weeks back to twelve ahead," in intro
    assert len(_cells(built, "ellie")) == WEEKS_BACK + 1 + WEEKS_AHEAD
    assert [spelled(n) for n in (0, 1, 12, 20, 21)] == ["no", "one", "twelve", "twenty", "21"]


def test_a_person_without_capacity_has_hours_but_no_percentage(built: Build) -> None:
    cells = _cells(built, "lucy")
    assert cells["2027-W19"] == (3.0, "3h")
    assert all("%" not in text and "over" not in text for _, text in cells.values())
    # Shaded as hours with nothing to compare them to, not as one of the key's shares of capacity.
    soup = BeautifulSoup(built.page("workload"), "html.parser")
    cell = soup.select_one('tr[data-who="lucy"] td[data-week="2027-W19"]')
    assert "opsbook-load--uncounted" in cell["class"]
    key = [li.get_text(strip=True) for li in soup.select(".opsbook-load-legend li")]
    assert key[-1] == "no capacity to compare"


def test_work_of_a_role_several_people_hold_is_not_put_on_one_of_them(built: Build) -> None:
    editor = _cells(built, "editor")
    # On the 12th of each month: Mon 12 Apr, Wed 12 May, Sat 12 Jun, Mon 12 Jul.
    assert {week: hours for week, (hours, _) in editor.items() if hours} == dict.fromkeys(
        ("2027-W15", "2027-W19", "2027-W23", "2027-W28"), 4.0
    )
    for who in ("ellie", "lucy"):
        assert 4.0 not in {h for h, _ in _cells(built, who).values()}
        week = BeautifulSoup(built.page(f"people/{who}"), "html.parser").select('ul[data-opsbook="my-week"] li')
        assert not any("Check links" in li.get_text() for li in week)


def test_over_capacity_is_flagged_in_words_on_the_page_and_the_hub(built: Build) -> None:
    soup = BeautifulSoup(built.page("workload"), "html.parser")
    flagged = soup.select('table[data-opsbook="workload"] td[data-over]')
    assert [(td.find_parent("tr")["data-who"], td["data-week"]) for td in flagged] == [("ellie", "2027-W17")]
    alert = soup.select_one('[data-opsbook="over-capacity"]').get_text(" ", strip=True)
    assert "Ellie Hart : W17 (9.5h of 8h)" in alert
    hub = BeautifulSoup(built.page("hub"), "html.parser").select_one('li[data-opsbook="over-capacity"]')
    assert hub is not None
    assert re.sub(r"\s+", " ", hub.get_text(" ", strip=True)) == "1 person over capacity Ellie Hart (W17: 9.5h of 8h)"
    assert hub.a["href"] == "../workload/"


def test_my_week_lists_this_and_next_weeks_work(built: Build) -> None:
    soup = BeautifulSoup(built.page("people/ellie"), "html.parser")
    weeks = soup.select('ul[data-opsbook="my-week"]')
    assert [w["data-week"] for w in weeks] == ["2027-W17", "2027-W18"]
    this_week = [li.get_text(" ", strip=True) for li in weeks[0].select("li")]
    assert this_week == [
        "Wed 28 Apr 2027 : Copy meeting (meeting) — 1.5h",
        "Thu 29 Apr 2027 to Fri 30 Apr 2027 : Write copy ( May campaign , due Tue 4 May 2027 ) — 8h",
    ]
    next_week = [li["data-kind"] for li in weeks[1].select("li")]
    assert sorted(next_week) == ["meeting", "report", "task"]
    heading = soup.select_one("h3#week-2027-w17").get_text(" ", strip=True)
    assert "9.5h of 8h, 119%" in heading and "over capacity" in heading


def test_person_page_charts_the_weeks_ahead_with_a_table_of_the_same_numbers(built: Build) -> None:
    soup = BeautifulSoup(built.page("people/ellie"), "html.parser")
    figure = soup.select_one('figure[data-opsbook="chart"]')
    svg = figure.find("svg")
    assert svg["id"] == "chart-workload-ellie" and svg["role"] == "img"
    assert svg.find("script") is None and "href" not in str(svg) and "<?xml" not in built.page("people/ellie")
    assert svg.find("style") is None and "opsbook-chart--weeks" in svg["class"]  # the site's stylesheet draws it
    rows = soup.select('table[data-opsbook="weeks-ahead"] tbody tr')
    assert len(rows) == 13  # this week and twelve ahead
    first = rows[0].get_text(" ", strip=True)
    assert first.startswith("2027-W17") and "9.5h" in first and "119%" in first and "over" in first
    # The chart draws the same weeks: a bar within capacity for each, one over capacity (W17).
    assert len(svg.select("g.series.serie-0 rect.rect")) == 13
    over = [float(r["height"]) for r in svg.select("g.series.serie-2 rect.rect")]
    within = [float(r["height"]) for r in svg.select("g.series.serie-0 rect.rect")]
    assert len(over) == 13 and over[0] > 0 and over[1:] == [0.0] * 12  # "Over capacity": only W17
    # W17 is 9.5h against 8h: a bar of 8h within capacity and 1.5h over it.
    assert within[0] / over[0] == pytest.approx(8 / 1.5)


def test_the_same_numbers_from_the_command_line(handbook: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": EPOCH}
    as_json = opsbook("workload", "--weeks", "2", "--format", "json", cwd=handbook, env=env)
    assert as_json.returncode == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    assert data["weeks"] == ["2027-W13", "2027-W14", "2027-W15", "2027-W16", "2027-W17", "2027-W18", "2027-W19"]
    ellie = next(p for p in data["people"] if p["id"] == "ellie")
    got = {w["week"]: (w["hours"], w["percent"], w["over"]) for w in ellie["weeks"] if w["week"] in ELLIE}
    assert got == ELLIE
    w18 = next(w for w in ellie["weeks"] if w["week"] == "2027-W18")
    assert w18["hours_by_kind"] == {"task": 4.0, "meeting": 1.5, "report": 2.0, "step": 0.0}
    assert data["over_capacity"] == [{"id": "ellie", "weeks": ["2027-W17"]}]
    assert [r["id"] for r in data["unassigned"]] == ["editor"]

    as_csv = opsbook("workload", "--weeks", "2", "--format", "csv", cwd=handbook, env=env)
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    lucy = {r["week"]: r for r in rows if r["id"] == "lucy"}
    assert (lucy["2027-W19"]["hours"], lucy["2027-W19"]["percent"], lucy["2027-W19"]["over"]) == ("3.0", "", "no")
    assert {r["week"]: float(r["hours"]) for r in rows if r["id"] == "ellie" and r["week"] in ELLIE} == {
        w: h for w, (h, _, _) in ELLIE.items()
    }

    text = opsbook("workload", "--weeks", "2", cwd=handbook, env=env)
    lines = text.stdout.splitlines()
    ellie_line = next(line for line in lines if line.startswith("Ellie Hart (8h)"))
    assert ellie_line.split()[-6:] == ["9.5h", "119%*", "7.5h", "94%", "5.5h", "69%"]
    assert "  Ellie Hart: 2027-W17 (9.5h of 8h)" in lines

    refused = opsbook("workload", "--weeks", "-1", cwd=handbook, env=env)
    assert refused.returncode == 2 and "not a number of weeks" in refused.stderr


def test_metrics_json_holds_the_workload(built: Build) -> None:
    data = json.loads((built.site / "metrics.json").read_text(encoding="utf-8"))
    assert data["version"] == 1 and data["today"] == "2027-04-26"
    assert set(data) == {"version", "today", "workload", "performance", "recaps"}
    ellie = next(p for p in data["workload"]["people"] if p["id"] == "ellie")
    assert ellie["capacity_hours"] == 8.0
    assert {w["week"]: w["hours"] for w in ellie["weeks"] if w["week"] in ELLIE} == {
        w: h for w, (h, _, _) in ELLIE.items()
    }


def test_a_users_own_metrics_json_and_feeds_are_kept(handbook: Path, tmp_path: Path) -> None:
    own = handbook.parent / "own"
    mine = ("changes/feed.xml", "recaps/feed.xml", "calendars/team.ics")
    write_handbook(
        own,
        {**FILES, "docs/metrics.json": '{"mine": true}\n', **{f"docs/{p}": f"mine: {p}\n" for p in mine}},
        mkdocs=MKDOCS,
    )
    build = run_mkdocs(own, tmp_path / "site", env={"SOURCE_DATE_EPOCH": EPOCH})
    assert build.returncode == 0, build.output
    assert json.loads((build.site / "metrics.json").read_text(encoding="utf-8")) == {"mine": True}
    assert "docs/metrics.json is your own file" in build.output
    for path in mine:  # every file opsbook writes beside its pages, the Atom feeds too
        assert (build.site / path).read_text(encoding="utf-8") == f"mine: {path}\n", path
        assert f"docs/{path} is your own file: opsbook keeps it" in build.output, path


def test_an_effort_that_is_not_a_duration_is_a_positioned_error(tmp_path: Path) -> None:
    report = FILES["playbooks/reports/monthly-report.yml"].replace("effort: 2h", "effort: lots")
    root = write_handbook(tmp_path / "hb", {**FILES, "playbooks/reports/monthly-report.yml": report}, mkdocs=MKDOCS)
    check = opsbook("check", cwd=root)
    assert check.returncode == 1
    assert "playbooks/reports/monthly-report.yml:7:9: error:" in check.stdout, check.stdout
    assert "'lots' is not a duration" in check.stdout


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_workload_performance_and_a_person_in_chromium(
    chromium: object, example_build: Build, tmp_path: Path, width: int
) -> None:
    """The example's new pages in the real browser: charts drawn with their tables, nothing fetched
    from elsewhere, and on a phone the key columns in view without scrolling sideways."""
    from browser import browser_page, serve

    assert example_build.returncode == 0, example_build.output
    with serve(example_build.site) as base, browser_page(chromium, width=width, height=844) as page:
        for url, key_columns in (
            ("workload/", 'table[data-opsbook="workload"] thead th:first-child, th.opsbook-week--this'),
            ("performance/", 'table[data-opsbook="by-month"] thead th:nth-child(-n+2)'),
            ("people/ellie/", 'table[data-opsbook="weeks-ahead"] thead th'),
        ):
            page.goto(base + url)  # type: ignore[attr-defined]
            page.screenshot(path=str(tmp_path / f"{url.replace('/', '-')}{width}.png"), full_page=True)  # type: ignore[attr-defined]
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")  # type: ignore[attr-defined]
            assert overflow <= 0, f"{url} is {overflow}px wider than the window at {width}px"
            boxes = [h.bounding_box() for h in page.locator(key_columns).all()]  # type: ignore[attr-defined]
            assert boxes and all(b is not None and b["x"] >= 0 and b["x"] + b["width"] <= width for b in boxes), (
                url,
                boxes,
            )
            for figure in page.locator('figure[data-opsbook="chart"]').all():  # type: ignore[attr-defined]
                chart = figure.locator("svg").bounding_box()
                assert chart is not None and 300 <= chart["width"] <= width, (url, chart)
                assert figure.locator("svg .series rect").count() > 0
                assert figure.locator("xpath=following-sibling::div[1]//table").is_visible()
            assert page.foreign_requests == [], url  # type: ignore[attr-defined]
        page.goto(base + "workload/")  # type: ignore[attr-defined]
        past = page.locator("th.opsbook-week--past").first  # type: ignore[attr-defined]
        assert past.is_visible() is (width > 700)  # earlier weeks fold away on a phone
        over = page.locator("td[data-over]").first  # type: ignore[attr-defined]
        assert "over" in over.inner_text().lower()


def test_a_meeting_is_on_the_workload_of_whom_its_calendar_reaches(tmp_path: Path) -> None:
    """The workload and the calendars reach a meeting's people alike (Team.people_reached): those
    named and everyone holding a role named, each once. Here Ellie is named and is an editor too."""
    sync = """\
        kind: ritual
        title: Editors sync
        attendees: [editor, ellie]
        starts: 2027-04-01
        time: "09:00"
        duration: 60m
        repeat: weekly
        days: [thu]
        """
    root = write_handbook(tmp_path / "hb", {**FILES, "playbooks/rituals/editors-sync.yml": sync}, mkdocs=MKDOCS)
    build = run_mkdocs(root, tmp_path / "site", "--strict", env={"SOURCE_DATE_EPOCH": EPOCH})
    assert build.returncode == 0, build.output
    data = json.loads((build.site / "metrics.json").read_text(encoding="utf-8"))
    hours = {p["id"]: {w["week"]: w["hours"] for w in p["weeks"]} for p in data["workload"]["people"]}
    # One hour a week each, Ellie's once although she is named and an editor.
    assert hours["ellie"]["2027-W17"] == ELLIE["2027-W17"][0] + 1
    assert hours["lucy"]["2027-W17"] == 1 and hours["lucy"]["2027-W19"] == 3 + 1
    for feed in ("people/ellie", "people/lucy", "roles/editor"):
        assert "SUMMARY:Editors sync" in (build.site / f"calendars/{feed}.ics").read_text(encoding="utf-8"), feed
    assert "Editors sync" not in (build.site / "calendars/roles/designer.ics").read_text(encoding="utf-8")
