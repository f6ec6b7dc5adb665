"""Weekly recaps (`recaps/`, `opsbook recap`, `recaps/feed.xml`) and who changed what (issue #17
items 3 and 6), on a real git repository whose commits are dated in the past.

The handbook's week worked out by hand. Today is Wednesday 20 January 2027, in ISO week
2027-W03 (Mon 18 – Sun 24 Jan). The launch moves from 10 to 17 February in W03, so the
workflow's tasks, in calendar days before the launch, fall due on:

    confirm speakers  -31d  Sun 17 Jan  open            → became past due Mon 18 Jan (W03)
    write the brief   -30d  Mon 18 Jan  done Tue 19 Jan → past due Tue 19 Jan, done 1 day late (W03)
    book the venue    -25d  Sat 23 Jan  done Wed 20 Jan → done on time (W03)
    rehearse (added)  -21d  Wed 27 Jan                  → due next week (W04)
    design slide deck -20d  Thu 28 Jan                  → due next week (W04)
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from conftest import MINIMAL_MKDOCS, Build, opsbook, run_mkdocs, write_handbook
from gitrepo import GitRepo
from opsbook.core.loader import load_handbook
from opsbook.core.settings import Settings
from opsbook.history import read_history
from opsbook.views.derived import Derived
from opsbook.views.recap import recap_numbers, recap_weeks
from opsbook.views.weeks import week_key, week_start

ATOM = "{http://www.w3.org/2005/Atom}"
TODAY = dt.date(2027, 1, 20)
EPOCH = str(int(dt.datetime(2027, 1, 20, 12, tzinfo=dt.timezone.utc).timestamp()))
ENV = {"SOURCE_DATE_EPOCH": EPOCH}
SITE = "https://handbook.example.com/"
PROJECT_PATH = "playbooks/projects/q1-webinar.yml"
WORKFLOW_PATH = "playbooks/workflows/webinar.yml"

TEAM = """\
kind: team
roles:
  strategist: {title: Content strategist}
  designer: {title: Designer}
people:
  mei: {name: Mei Chen, roles: [strategist]}
  leo: {name: Leo Park, roles: [strategist]}
  lucy: {name: Lucy Brooks, roles: [designer]}
"""

WORKFLOW = """\
kind: workflow
title: Webinar
owner: strategist
tasks:
  - {id: speakers, title: Confirm speakers, responsible: strategist, due: -31d}
  - {id: brief, title: Write the brief, responsible: strategist, due: -30d}
  - {id: venue, title: Book the venue, responsible: designer, due: -25d}
  - {id: deck, title: Design slide deck, responsible: designer, due: -20d}
"""

PROJECT = """\
kind: project
title: Q1 product webinar
workflow: webinar
launch: 2027-02-10
assign: {strategist: mei}
"""

MOVED = """\
kind: project
title: Q1 product webinar
workflow: webinar
launch: 2027-02-17
assign: {strategist: leo}
tasks:
  - {id: rehearse, title: Rehearse the demo, responsible: strategist, due: -21d}
status:
  brief: {done: 2027-01-19}
"""


def _note(title: str, date: str, tags: str) -> str:
    return f"---\nkind: note\ntitle: {title}\ndate: {date}\ntags: {tags}\nproject: q1-webinar\n---\n\nWhat we said.\n"


def _commits(root: Path) -> GitRepo:
    write_handbook(root, {})
    repo = GitRepo(root)
    repo.commit(
        "Kick off the Q1 webinar",
        {"playbooks/team.yml": TEAM, WORKFLOW_PATH: WORKFLOW, PROJECT_PATH: PROJECT},
        date="2027-01-04T10:00:00+00:00",
    )
    repo.commit(
        "Kickoff notes",
        {"resource_hub/notes/2027-01-11-kickoff.md": _note("Kickoff recap", "2027-01-11", "[webinars]")},
        date="2027-01-11T10:00:00+00:00",
    )
    repo.commit(
        "Move the launch a week; Leo takes over from Mei",
        {
            PROJECT_PATH: MOVED,
            "resource_hub/notes/2027-01-19-launch-moved.md": _note("Launch moves a week", "2027-01-19", "[decision]"),
        },
        name="Lucy Brooks",
        date="2027-01-19T10:00:00+00:00",
    )
    repo.commit(
        "The strategist designs the deck; the venue is booked",
        {
            WORKFLOW_PATH: WORKFLOW.replace(
                "title: Design slide deck, responsible: designer", "title: Design slide deck, responsible: strategist"
            ),
            PROJECT_PATH: MOVED + "  venue: {done: 2027-01-20}\n",
        },
        date="2027-01-20T09:00:00+00:00",
    )
    return repo


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[GitRepo, Build]:
    work = tmp_path_factory.mktemp("recaps")
    repo = _commits(work / "hb")
    build = run_mkdocs(repo.root, work / "site", "--strict", env=ENV)
    assert build.returncode == 0, build.output
    return repo, build


def _text(node: object) -> str:
    """The words a person reads, without the spaces that tags leave before punctuation."""
    words = " ".join(node.get_text(" ", strip=True).split())  # type: ignore[attr-defined]
    return re.sub(r" ([,.;:)])", r"\1", words)


def _items(page: BeautifulSoup, kind: str) -> list[str]:
    return [_text(li) for li in page.select(f'[data-opsbook="recap-{kind}"] > li')]


def test_a_week_page_says_what_was_done_fell_due_is_due_next_and_changed(built: tuple[GitRepo, Build]) -> None:
    _, build = built
    assert build.returncode == 0, build.output
    page = BeautifulSoup(build.page("recaps/2027-W03"), "html.parser")
    assert _text(page.select_one("article h1")) == "Recap of week 3, 2027"
    assert _text(page.select_one('[data-opsbook="recap-summary"]')) == (
        "2 done · 2 became past due · 1 launch moved · 1 task added · 1 person changed · 2 commits · 1 note"
    )
    assert _items(page, "done") == [
        "Tue 19 Jan 2027 — Write the brief, Q1 product webinar · Leo Park (1 day late)",
        "Wed 20 Jan 2027 — Book the venue, Q1 product webinar · Lucy Brooks",
    ]
    assert _items(page, "past-due") == [
        "Mon 18 Jan 2027 — Confirm speakers, Q1 product webinar · Leo Park (due Sun 17 Jan 2027, past due)",
        "Tue 19 Jan 2027 — Write the brief, Q1 product webinar · Leo Park (due Mon 18 Jan 2027, done Tue 19 Jan 2027)",
    ]
    # The workflow's last commit gave the deck to the strategist: Leo, who now takes that role.
    assert _items(page, "due-next") == [
        "Wed 27 Jan 2027 — Rehearse the demo, Q1 product webinar · Leo Park",
        "Thu 28 Jan 2027 — Design slide deck, Q1 product webinar · Leo Park",
    ]
    commits = page.select('[data-opsbook="recap-commit"]')
    assert [_text(c.select_one(".opsbook-subject")) for c in commits] == [
        "Move the launch a week; Leo takes over from Mei",
        "The strategist designs the deck; the venue is booked",
    ]
    assert [_text(c.select_one(".opsbook-author")) for c in commits] == ["Lucy Brooks", "Ellie Hart"]
    moved = _text(commits[0])
    assert "Project: Q1 product webinar" in moved
    assert "Launch moved: 2027-02-10 → 2027-02-17 (+7 days)" in moved
    assert "Content strategist role taken by: Mei Chen → Leo Park" in moved
    assert "Project task added: Rehearse the demo" in moved
    assert "Task “Design slide deck”: responsible (R): Designer → Content strategist" in _text(commits[1])
    links = {_text(a): a["href"] for a in commits[0].select('[data-opsbook="recap-entry"] .opsbook-revision-entry a')}
    assert links == {
        "Q1 product webinar": "../../projects/q1-webinar/",
        "Launch moves a week": "../../notes/2027-01-19-launch-moved/",
    }
    assert _items(page, "notes") == ["Tue 19 Jan 2027 — Decision: Launch moves a week (Q1 product webinar)"]


def test_a_recap_marks_up_each_change_as_the_change_log_does(built: tuple[GitRepo, Build]) -> None:
    _, build = built
    recap = BeautifulSoup(build.page("recaps/2027-W03"), "html.parser")
    log = BeautifulSoup(build.page("changes/2027-01"), "html.parser")
    for commit in recap.select('[data-opsbook="recap-commit"]'):
        subject = _text(commit.select_one(".opsbook-subject"))
        logged = next(
            c for c in log.select('[data-opsbook="commit"]') if _text(c.select_one(".opsbook-subject")) == subject
        )
        shown = [str(c) for c in commit.select(".opsbook-changes .opsbook-change")]
        assert shown and shown == [str(c) for c in logged.select(".opsbook-changes .opsbook-change")], subject
    moved = recap.select_one('[data-opsbook="recap-commit"] .opsbook-change[data-change="assign"]')
    assert moved is not None
    assert (_text(moved.select_one("del")), _text(moved.select_one("ins"))) == ("Mei Chen", "Leo Park")


def test_weeks_run_from_the_first_with_anything_in_it_to_this_one(built: tuple[GitRepo, Build]) -> None:
    _, build = built
    index = BeautifulSoup(build.page("recaps"), "html.parser")
    weeks = [a["href"] for a in index.select('[data-opsbook="recap-weeks"] a')]
    assert weeks == ["2027-W03/", "2027-W02/", "2027-W01/"]
    assert not (build.site / "recaps" / "2026-W53").exists()
    assert index.select_one('a[href="feed.xml"]') is not None
    quiet = BeautifulSoup(build.page("recaps/2027-W01"), "html.parser")
    assert "1 commit" in _text(quiet.select_one('[data-opsbook="recap-summary"]'))
    hub = BeautifulSoup(build.page("hub"), "html.parser")
    link = hub.select_one('[data-opsbook="hub-recap"] a')
    assert link is not None and link["href"] == "../recaps/2027-W03/" and _text(link) == "Week 3 recap"
    assert _text(hub.select_one('[data-opsbook="hub-recap"] span')).startswith("So far: 2 done · 2 became past due")
    sidebar = BeautifulSoup(build.page("changes"), "html.parser").select("nav.md-nav a")
    hrefs = [a.get("href", "") for a in sidebar]
    assert any(h.endswith("recaps/") for h in hrefs), "the recaps are in the navigation"
    assert not any("2027-W0" in h for h in hrefs), "week pages are not listed in the sidebar"


def test_the_number_of_weeks_is_bounded(tmp_path: Path) -> None:
    repo = _commits(tmp_path / "hb")
    settings = Settings(root=repo.root, timezone="Europe/London", today=TODAY)
    handbook = load_handbook(settings).raise_for_errors()
    history = read_history(settings, handbook)
    weeks = recap_weeks(handbook, Derived(handbook), history, TODAY, most=2)
    assert [w.key for w in weeks] == ["2027-W03", "2027-W02"]
    assert weeks[0].current and not weeks[1].current
    numbers = recap_numbers(weeks)
    assert json.loads(json.dumps(numbers)) == numbers  # plain data, for metrics.json
    assert {k: numbers[0][k] for k in ("week", "start", "end", "done", "done_late", "became_past_due")} == {
        "week": "2027-W03",
        "start": "2027-01-18",
        "end": "2027-01-24",
        "done": 2,
        "done_late": 1,
        "became_past_due": 2,
    }
    assert (numbers[0]["launch_moves"], numbers[0]["people_changed"], numbers[0]["decisions"]) == (1, 1, 1)
    assert numbers[1]["notes"] == 1 and numbers[1]["commits"] == 1 and numbers[1]["done"] == 0
    year_later = recap_weeks(handbook, Derived(handbook), history, TODAY + dt.timedelta(days=365), most=26)
    assert len(year_later) == 26 and year_later[0].key == "2028-W03"  # Thu 20 Jan 2028


@pytest.mark.parametrize(("key", "monday"), [("2027-W03", dt.date(2027, 1, 18)), ("2026-W53", dt.date(2026, 12, 28))])
def test_iso_weeks(key: str, monday: dt.date) -> None:
    assert week_start(key) == monday
    assert week_key(monday + dt.timedelta(days=6)) == key


def test_the_feed_has_one_entry_per_week_newest_first(built: tuple[GitRepo, Build]) -> None:
    _, build = built
    feed = ET.parse(build.site / "recaps" / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") == f"{SITE}recaps/"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == f"{SITE}recaps/feed.xml"  # type: ignore[union-attr]
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Week 3, 2027 (18–24 Jan 2027)",
        "Week 2, 2027 (11–17 Jan 2027)",
        "Week 1, 2027 (4–10 Jan 2027)",
    ]
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == 3 and all(i and i.startswith("urn:opsbook:recap:") for i in ids)
    stamps = [dt.datetime.fromisoformat(e.findtext(f"{ATOM}updated") or "") for e in entries]
    assert all(s.tzinfo is not None for s in stamps)
    assert stamps[0] == dt.datetime(2027, 1, 20, tzinfo=dt.timezone.utc)  # this week: as of today
    assert stamps[1] == dt.datetime(2027, 1, 18, tzinfo=dt.timezone.utc)  # a past week: once it ended
    assert dt.datetime.fromisoformat(feed.findtext(f"{ATOM}updated") or "") == max(stamps)
    assert entries[0].find(f"{ATOM}link").get("href") == f"{SITE}recaps/2027-W03/"  # type: ignore[union-attr]
    for entry in entries:
        assert entry.findtext(f"{ATOM}author/{ATOM}name")
    content = entries[0].find(f"{ATOM}content")
    assert content is not None and content.get("type") == "html"
    html = BeautifulSoup(content.text or "", "html.parser")
    assert "Launch moved: 2027-02-10 → 2027-02-17 (+7 days)" in _text(html)
    assert html.select_one(f'a[href="{SITE}projects/q1-webinar/"]') is not None
    assert entries[0].findtext(f"{ATOM}summary", "").startswith("2 done · 2 became past due")


def test_opsbook_recap_prints_the_week_as_markdown(tmp_path: Path) -> None:
    repo = _commits(tmp_path / "hb")
    result = opsbook("recap", "--week", "2027-W03", cwd=repo.root, env=ENV)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith(f"## [Week 3, 2027]({SITE}recaps/2027-W03/) (18–24 Jan 2027)\n")
    assert "### Done (2)" in text and "### Became past due (2)" in text and "### Due next week (2)" in text
    assert (
        f"- Tue 19 Jan: [Write the brief]({SITE}projects/q1-webinar/#task-brief), Q1 product webinar — Leo Park"
        " (1 day late)" in text
    )
    assert "- Sun 17 Jan: [Confirm speakers]" not in text  # a past-due task is listed on the day it fell due
    assert "- Mon 18 Jan: [Confirm speakers]" in text and "(due Sun 17 Jan, still open)" in text
    assert "### Scope changes (2 commits)" in text
    assert "- Tue 19 Jan, Lucy Brooks: Move the launch a week; Leo takes over from Mei" in text
    assert "    - Content strategist role taken by: Mei Chen → Leo Park" in text
    assert f"- Tue 19 Jan: Decision: [Launch moves a week]({SITE}notes/2027-01-19-launch-moved/)" in text
    # This week is the default.
    assert opsbook("recap", cwd=repo.root, env=ENV).stdout == text
    earlier = opsbook("recap", "--week", "2027-W02", cwd=repo.root, env=ENV)
    assert "Kickoff recap" in earlier.stdout and "Launch moves" not in earlier.stdout


def _linked(root: Path, week: str) -> bool:
    """Whether `opsbook recap --week` links the week's title to its page."""
    result = opsbook("recap", "--week", week, cwd=root, env=ENV)
    assert result.returncode == 0, result.stderr
    return f"]({SITE}recaps/{week}/)" in result.stdout.splitlines()[0]


def test_opsbook_recap_links_a_week_only_when_the_site_has_its_page(built: tuple[GitRepo, Build]) -> None:
    repo, site = built
    for week, on_site in (("2027-W03", True), ("2026-W01", False), ("2027-W10", False)):
        assert _linked(repo.root, week) is on_site, week
        assert (site.site / "recaps" / week / "index.html").is_file() is on_site


def test_opsbook_recap_of_a_week_to_come_lists_what_falls_due_the_week_after(tmp_path: Path) -> None:
    later = PROJECT.replace("launch: 2027-02-10", "launch: 2027-03-10")  # a Wednesday
    root = write_handbook(tmp_path / "hb", {"playbooks/team.yml": TEAM, WORKFLOW_PATH: WORKFLOW, PROJECT_PATH: later})
    # Today is Wed 20 Jan 2027 (week 3). The brief is due Mon 8 Feb, the venue Sat 13 Feb: week 6.
    result = opsbook("recap", "--week", "2027-W05", cwd=root, env=ENV)
    assert result.returncode == 0, result.stderr
    assert "### Due next week (2)" in result.stdout
    page = f"{SITE}projects/q1-webinar/"
    assert f"- Mon 8 Feb: [Write the brief]({page}#task-brief), Q1 product webinar — Mei Chen" in result.stdout
    assert f"- Sat 13 Feb: [Book the venue]({page}#task-venue), Q1 product webinar — Lucy Brooks" in result.stdout


def test_opsbook_recap_refuses_a_week_that_does_not_exist(tmp_path: Path) -> None:
    root = write_handbook(tmp_path / "hb", {"playbooks/team.yml": TEAM}, mkdocs=MINIMAL_MKDOCS)
    result = opsbook("recap", "--week", "2027-W54", cwd=root, env=ENV)
    assert result.returncode == 2
    assert "2027 has no week 54" in result.stderr


def test_a_weekends_rule_changed_on_the_workflow_or_the_project_shows_in_the_projects_history(
    tmp_path: Path,
) -> None:
    repo = _commits(tmp_path / "hb")
    repo.commit(
        "Weekend due dates move to the Friday",
        {WORKFLOW_PATH: (tmp_path / "hb" / WORKFLOW_PATH).read_text(encoding="utf-8") + "weekends: before\n"},
        date="2027-01-20T10:00:00+00:00",
    )
    repo.commit(
        "This webinar keeps its weekend dates",
        {PROJECT_PATH: MOVED + "  venue: {done: 2027-01-20}\nweekends: keep\n"},
        date="2027-01-20T11:00:00+00:00",
    )
    build = run_mkdocs(repo.root, tmp_path / "site", "--strict", env=ENV)
    assert build.returncode == 0, build.output
    page = BeautifulSoup(build.page("projects/q1-webinar"), "html.parser")
    revisions = page.select('[data-opsbook="history"] > [data-opsbook="revision"]')
    changes = {
        _text(r.select_one(".opsbook-subject")): [_text(c) for c in r.select(".opsbook-change")] for r in revisions
    }
    assert changes["Weekend due dates move to the Friday"] == ["Weekends: — → before"]
    assert "Weekends: — → keep" in changes["This webinar keeps its weekend dates"]
    # The workflow's page says how its dates are counted, weekends included.
    facts = BeautifulSoup(build.page("workflows/webinar"), "html.parser").get_text(" ", strip=True)
    assert "Scheduling calendar days; a due date on a weekend or holiday moves to the working day before" in facts


def test_project_history_names_who_changed_and_holds_its_workflow_changes(built: tuple[GitRepo, Build]) -> None:
    _, build = built
    page = BeautifulSoup(build.page("projects/q1-webinar"), "html.parser")
    revisions = page.select('[data-opsbook="history"] > [data-opsbook="revision"]')
    assert [_text(r.select_one(".opsbook-subject")) for r in revisions] == [
        "The strategist designs the deck; the venue is booked",
        "The strategist designs the deck; the venue is booked",
        "Move the launch a week; Leo takes over from Mei",
        "Kick off the Q1 webinar",
    ]
    workflow = [r for r in revisions if r.select_one(".opsbook-revision-entry")]
    assert len(workflow) == 1 and f"Workflow: Webinar {WORKFLOW_PATH}" in _text(workflow[0])
    assert [_text(c) for c in workflow[0].select(".opsbook-change")] == [
        "Task “Design slide deck”: responsible (R): Designer → Content strategist"
    ]
    assert "Content strategist role taken by: Mei Chen → Leo Park" in _text(revisions[2])
    assert "mei" not in _text(revisions[2]).split()
    scope = page.select_one('[data-opsbook="scope"]')
    assert scope is not None
    assert _text(scope.select_one('[data-opsbook="scope-people"]')) == (
        "People changed: Content strategist role taken by: Mei Chen → Leo Park"
    )
    assert _text(scope.select_one('[data-opsbook="scope-workflow"]')) == (
        "Workflow changes to its tasks or people: 1 commit, listed under History"
    )
    assert "Rehearse the demo" in _text(scope.select_one('[data-opsbook="scope-added"]'))


def test_each_changes_entry_links_to_the_page_of_what_it_changed(built: tuple[GitRepo, Build]) -> None:
    _, build = built
    for url in ("changes", "changes/2027-01"):
        page = BeautifulSoup(build.page(url), "html.parser")
        entries = page.select('[data-opsbook="revision"] .opsbook-revision-entry')
        assert entries
        for entry in entries:
            link = entry.select_one("a")
            assert link is not None, f"{url}: {_text(entry)} links nowhere"
            target = (build.site / url / link["href"]).resolve() / "index.html"
            assert target.is_file(), f"{url}: {_text(entry)} links to {link['href']}, which does not exist"
        hrefs = {_text(e): e.select_one("a")["href"] for e in entries}  # type: ignore[index]
        prefix = "../" * url.count("/") + "../"
        assert hrefs["Project: Q1 product webinar"] == f"{prefix}projects/q1-webinar/"
        assert hrefs["Workflow: Webinar"] == f"{prefix}workflows/webinar/"
        assert hrefs["Team: Team"] == f"{prefix}people/"


def test_a_recap_links_a_team_change_where_the_change_log_does(built: tuple[GitRepo, Build]) -> None:
    """The team file's entry links to the people index on both (not to the hub, which lists nobody)."""
    _, build = built
    recap = BeautifulSoup(build.page("recaps/2027-W01"), "html.parser")
    recap_links = {_text(a): a["href"] for a in recap.select('[data-opsbook="recap-entry"] .opsbook-revision-entry a')}
    assert recap_links["Team"] == "../../people/"
    log = BeautifulSoup(build.page("changes/2027-01"), "html.parser")
    log_links = {_text(a): a["href"] for a in log.select('[data-opsbook="revision"] .opsbook-revision-entry a')}
    assert log_links["Team"] == "../../people/"


@pytest.mark.browser
def test_a_recap_page_at_desktop_and_phone_width(
    chromium: object, built: tuple[GitRepo, Build], tmp_path: Path
) -> None:
    import os

    from browser import browser_page, serve

    _, build = built
    folder = Path(os.environ.get("OPSBOOK_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    for width, height in ((1280, 900), (390, 844)):
        with serve(build.site) as base, browser_page(chromium, width=width, height=height) as page:
            page.goto(base + "recaps/2027-W03/")  # type: ignore[attr-defined]
            assert page.locator("article h1").inner_text() == "Recap of week 3, 2027"  # type: ignore[attr-defined]
            for heading in ("Done", "Became past due", "Due next week", "Scope changes", "Notes and decisions"):
                assert page.get_by_role("heading", name=heading).is_visible()  # type: ignore[attr-defined]
            moved = page.get_by_text("Launch moved: 2027-02-10 → 2027-02-17 (+7 days)")  # type: ignore[attr-defined]
            assert moved.is_visible()
            person = page.locator('[data-opsbook="recap-done"] a', has_text="Leo Park")  # type: ignore[attr-defined]
            assert person.first.is_visible()
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")  # type: ignore[attr-defined]
            assert overflow <= 0, f"the recap is {overflow}px wider than a {width}px screen"
            page.screenshot(path=str(folder / f"recap-{width}.png"), full_page=True)  # type: ignore[attr-defined]
            assert page.foreign_requests == []  # type: ignore[attr-defined]


def test_recap_weeks_bounds_the_pages_and_must_be_one_or_more(tmp_path: Path) -> None:
    repo = _commits(tmp_path / "hb")
    config = repo.root / "mkdocs.yml"
    config.write_text(MINIMAL_MKDOCS + "      recap_weeks: 1\n", encoding="utf-8")
    build = run_mkdocs(repo.root, tmp_path / "site", "--strict", env=ENV)
    assert build.returncode == 0, build.output
    assert sorted(p.name for p in (tmp_path / "site" / "recaps").iterdir()) == ["2027-W03", "feed.xml", "index.html"]
    # `opsbook recap` reads the same bound: last week has no page now, so its title links nowhere.
    assert _linked(repo.root, "2027-W03") and not _linked(repo.root, "2027-W02")
    config.write_text(MINIMAL_MKDOCS + "      recap_weeks: 0\n", encoding="utf-8")
    refused = run_mkdocs(repo.root, tmp_path / "site", env=ENV)
    assert refused.returncode == 1
    assert "opsbook: recap_weeks: must be 1 or more, not 0" in refused.output
    cli = opsbook("recap", cwd=repo.root, env=ENV)
    assert cli.returncode == 2 and "recap_weeks: must be a whole number, 1 or more, not 0" in cli.stderr


def test_without_site_url_every_feed_link_resolved_against_the_feed_lands_on_a_built_page(tmp_path: Path) -> None:
    """A feed reader resolves a relative link against the feed's own URL, not the site's root:
    `2027-W03/` in `recaps/feed.xml` is the week's page, `recaps/2027-W03/` would be
    `recaps/recaps/2027-W03/`. Both feeds, with no site_url and (for the change log's entries to
    link to the site, not a repository host) no repo_url."""
    repo = _commits(tmp_path / "hb")
    config = MINIMAL_MKDOCS.replace("site_url: https://handbook.example.com/\n", "")
    config = config.replace("repo_url: https://git.example.com/team/handbook\n", "")
    config = config.replace("edit_uri: edit/main/docs/\n", "").replace("  features: [content.action.edit]\n", "")
    assert "site_url" not in config and "repo_url" not in config
    (repo.root / "mkdocs.yml").write_text(config, encoding="utf-8")
    site = tmp_path / "site"
    build = run_mkdocs(repo.root, site, "--strict", env=ENV)
    assert build.returncode == 0, build.output
    root = "https://x.test/site/"
    for feed_path, entries in (("recaps/feed.xml", 3), ("changes/feed.xml", 4)):
        feed = ET.parse(site / feed_path).getroot()
        assert len(feed.findall(f"{ATOM}entry")) == entries, feed_path
        hrefs = [link.get("href") or "" for link in feed.iter(f"{ATOM}link")]
        for content in feed.iter(f"{ATOM}content"):
            hrefs += [a.get("href") for a in BeautifulSoup(content.text or "", "html.parser").select("a[href]")]
        assert len(hrefs) == entries + 1, (feed_path, hrefs)  # the feed's page and each entry's
        for href in hrefs:
            resolved = urljoin(root + feed_path, href)
            assert resolved.startswith(root), (feed_path, href, resolved)
            path, _, fragment = resolved[len(root) :].partition("#")
            assert path == "" or path.endswith("/"), (feed_path, href, resolved)
            page = site / path / "index.html"
            assert page.is_file(), (feed_path, href, resolved)
            if fragment:
                assert f'id="{fragment}"' in page.read_text(encoding="utf-8"), (feed_path, href, resolved)
    recaps = ET.parse(site / "recaps" / "feed.xml").getroot()
    assert recaps.find(f"{ATOM}entry/{ATOM}link").get("href") == "2027-W03/"  # type: ignore[union-attr]
    assert recaps.find(f"{ATOM}link[@rel='alternate']").get("href") == "./"  # type: ignore[union-attr]
    changes = ET.parse(site / "changes" / "feed.xml").getroot()
    kickoff = repo.git("rev-list", "--max-parents=0", "HEAD")
    assert changes.findall(f"{ATOM}entry")[-1].find(f"{ATOM}link").get("href") == f"2027-01/#commit-{kickoff[:12]}"  # type: ignore[union-attr]
