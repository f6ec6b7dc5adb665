"""The scope-change log from git (SPEC §7) and `opsbook diff` (§8), on real repositories."""

from __future__ import annotations

import datetime as dt
import gc
import inspect
import io
import os
import random
import re
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import MINIMAL_MKDOCS, PROJECT, TEAM, WORKFLOW, Build, run_mkdocs, write_handbook
from gitrepo import GitRepo
from opsbook.cli.main import main
from opsbook.core.loader import Settings, load_handbook
from opsbook.history import Commit, History, Revision, RevisionCache, atom_feed, read_history
from opsbook.history.archive import FRONT_COMMITS, months
from opsbook.history.changes import Change, anchored_moves, days_text, moved_dates

REPO_URL = "https://git.example.com/team/handbook"
PROJECT_PATH = "playbooks/projects/q1-webinar.yml"
WORKFLOW_PATH = "playbooks/workflows/webinar.yml"
ATOM = "{http://www.w3.org/2005/Atom}"


def _day(n: int) -> str:
    return f"2026-11-{n:02d}T10:00:00+00:00"


def _four_commits(root: Path) -> GitRepo:
    """A handbook with four commits: kickoff, launch moved a week, an extra task, a task renamed."""
    write_handbook(root, {})
    repo = GitRepo(root)
    repo.commit(
        "Kick off the Q1 webinar",
        {
            "playbooks/team.yml": TEAM,
            WORKFLOW_PATH: WORKFLOW,
            PROJECT_PATH: PROJECT,
        },
        date=_day(1),
    )
    repo.commit(
        "Move the Q1 webinar a week later",
        {
            PROJECT_PATH: PROJECT.replace("2027-01-21", "2027-01-28"),
        },
        name="Lucy Brooks",
        date=_day(5),
    )
    repo.commit(
        "Add a rehearsal to the Q1 webinar",
        {
            PROJECT_PATH: PROJECT.replace("2027-01-21", "2027-01-28")
            + """\
            tasks:
              - {id: rehearse, title: Rehearse the demo, responsible: strategist, due: -2d}
            status:
              approve-deck: {done: 2027-01-10}
            """.replace("            ", ""),
        },
        date=_day(9),
    )
    repo.commit(
        "Approval is now a sign-off by the designer",
        {
            WORKFLOW_PATH: WORKFLOW.replace("title: Approve slide deck", "title: Sign off slide deck").replace(
                "responsible: strategist\n    due: -12d", "responsible: designer\n    due: -10d"
            ),
        },
        name="Lucy Brooks",
        date=_day(12),
    )
    return repo


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """The four commits, for a test to add to."""
    return _four_commits(tmp_path / "hb")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[GitRepo, Build]:
    """The four commits built once with --strict, for the tests that only read the site."""
    work = tmp_path_factory.mktemp("built")
    repo = _four_commits(work / "hb")
    return repo, run_mkdocs(repo.root, work / "site", "--strict")


def _settings(root: Path) -> Settings:
    return Settings(root=root, timezone="Europe/London", today=dt.date(2026, 11, 23))


def _texts(items: list) -> list[str]:
    return [" ".join(i.get_text(" ", strip=True).split()) for i in items]


def test_project_page_lists_its_commits_newest_first_with_changes_in_handbook_terms(
    built: tuple[GitRepo, Build],
) -> None:
    repo, build = built
    assert build.returncode == 0, build.output
    page = BeautifulSoup(build.page("projects/q1-webinar"), "html.parser")
    revisions = page.select('[data-opsbook="history"] > [data-opsbook="revision"]')
    subjects = _texts([r.select_one(".opsbook-subject") for r in revisions])
    # The newest commit changed the project's workflow (a task renamed, its R changed): it is
    # in the project's history too, said to be the workflow's, with people and roles by name.
    assert subjects == [
        "Approval is now a sign-off by the designer",
        "Add a rehearsal to the Q1 webinar",
        "Move the Q1 webinar a week later",
        "Kick off the Q1 webinar",
    ]
    authors = _texts([r.select_one(".opsbook-author") for r in revisions])
    assert authors == ["Lucy Brooks", "Ellie Hart", "Lucy Brooks", "Ellie Hart"]
    assert _texts(revisions[0].select(".opsbook-revision-entry")) == [f"Workflow: Webinar {WORKFLOW_PATH}"]
    assert "Task “Sign off slide deck”: responsible (R): Content strategist → Designer" in _texts(
        revisions[0].select(".opsbook-change")
    )
    assert not revisions[1].select(".opsbook-revision-entry")
    revisions = revisions[1:]
    assert revisions[1].select_one("time")["datetime"] == "2026-11-05T10:00:00+00:00"
    sha = repo.git("rev-parse", "HEAD~2")
    assert revisions[1].select_one("a.opsbook-commit")["href"] == f"{REPO_URL}/commit/{sha}"
    moved = _texts(revisions[1].select(".opsbook-change"))
    # Launch 2027-01-21 → 2027-01-28: approve (-12d) 01-09 → 01-16; design (2d, before approve) 01-08 → 01-15.
    assert moved == [
        "Launch moved: 2027-01-21 → 2027-01-28 (+7 days)",
        "Due dates moved with the launch (+7 days): Design slide deck, Approve slide deck",
    ]
    added = _texts(revisions[0].select(".opsbook-change"))
    assert "Task “Approve slide deck” status: open → done 2027-01-10" in added
    assert "Project task added: Rehearse the demo" in added


def test_project_page_sums_scope_since_kickoff(built: tuple[GitRepo, Build]) -> None:
    _, build = built
    assert build.returncode == 0, build.output
    scope = BeautifulSoup(build.page("projects/q1-webinar"), "html.parser").select_one('[data-opsbook="scope"]')
    assert scope is not None
    assert _texts(scope.select('[data-opsbook="scope-launch"]')) == ["Launch: moved +7 days, 2027-01-21 → 2027-01-28"]
    assert _texts(scope.select('[data-opsbook="scope-added"]')) == ["Tasks added: Rehearse the demo"]
    assert _texts(scope.select('[data-opsbook="scope-removed"]')) == ["Tasks removed: none"]
    # Kickoff: approve due 01-09 (-12d); now it is "Sign off" at -10d from 01-28: 01-18.
    moved = _texts(scope.select('[data-opsbook="scope-moved"] li'))
    assert "Task “Sign off slide deck” due: 2027-01-09 → 2027-01-18 (+9 days)" in moved


def test_workflow_history_shows_a_renamed_task_and_its_new_due_and_people(repo: GitRepo) -> None:
    history = read_history(_settings(repo.root))
    newest = history.of(WORKFLOW_PATH)[0]
    assert newest.commit is not None and newest.commit.author == "Lucy Brooks"
    assert [str(c) for c in newest.changes] == [
        "Task renamed: Approve slide deck → Sign off slide deck",
        "Task “Sign off slide deck”: due: -12d → -10d",
        "Task “Sign off slide deck”: responsible (R): strategist → designer",
    ]


def test_changes_page_lists_the_whole_handbook_newest_first(built: tuple[GitRepo, Build]) -> None:
    _, build = built
    assert build.returncode == 0, build.output
    page = BeautifulSoup(build.page("changes"), "html.parser")
    commits = page.select('[data-opsbook="changelog"] [data-opsbook="commit"]')
    subjects = [c.select_one(".opsbook-subject").get_text(strip=True) for c in commits]
    assert subjects[0] == "Approval is now a sign-off by the designer"
    assert subjects[-1] == "Kick off the Q1 webinar"
    assert subjects.count("Kick off the Q1 webinar") == 1
    # The kickoff commit added three files: listed once under it, one revision each.
    assert len(commits[-1].select('[data-opsbook="revision"]')) == 3


def test_changes_page_shows_the_newest_commits_and_every_commit_is_on_its_months_page(
    repo: GitRepo, tmp_path: Path
) -> None:
    # The fixture's four commits are in November 2026; 55 more in December (one a day, then hourly).
    for n in range(FRONT_COMMITS + 5):
        day, hour = min(n + 1, 31), 10 + max(0, n - 30) % 12
        repo.commit(
            f"Retitle the webinar ({n})",
            {PROJECT_PATH: PROJECT.replace("Q1 product webinar", f"Webinar {n}")},
            date=f"2026-12-{day:02d}T{hour:02d}:{n % 60:02d}:00+00:00",
        )
    config = repo.root / "mkdocs.yml"
    config.write_text(
        config.read_text()
        .replace("repo_url: https://git.example.com/team/handbook\n", "")
        .replace("edit_uri: edit/main/docs/\n", "")
    )
    build = run_mkdocs(repo.root, tmp_path / "site", "--strict")
    assert build.returncode == 0, build.output

    def commits(url: str) -> list[str]:
        page = BeautifulSoup(build.page(url), "html.parser")
        return [
            c.select_one(".opsbook-subject").get_text(strip=True)
            for c in page.select('[data-opsbook="changelog"] [data-opsbook="commit"]')
        ]

    front = BeautifulSoup(build.page("changes"), "html.parser")
    assert commits("changes") == [f"Retitle the webinar ({n})" for n in reversed(range(5, FRONT_COMMITS + 5))]
    months = [(a.get_text(strip=True), a["href"]) for a in front.select('[data-opsbook="months"] a')]
    assert months == [("December 2026", "2026-12/"), ("November 2026", "2026-11/")]
    assert "9 earlier commits than those above" in front.get_text(" ", strip=True)
    december, november = commits("changes/2026-12"), commits("changes/2026-11")
    assert len(december) == FRONT_COMMITS + 5 and december[0] == f"Retitle the webinar ({FRONT_COMMITS + 4})"
    assert november == [
        "Approval is now a sign-off by the designer",
        "Add a rehearsal to the Q1 webinar",
        "Move the Q1 webinar a week later",
        "Kick off the Q1 webinar",
    ]
    # The months are reached from the change log, not listed in the sidebar of every page.
    sidebar = BeautifulSoup(build.page("changes/2026-11"), "html.parser").select_one("nav.md-nav--primary")
    assert sidebar is not None and "2026-11" not in str(sidebar)
    # Without a repository host, a feed entry links to the commit on its month's page, which keeps it.
    feed = ET.parse(build.site / "changes" / "feed.xml").getroot()
    link = feed.findall(f"{ATOM}entry")[-1].find(f"{ATOM}link").get("href")
    kickoff = repo.git("rev-list", "--max-parents=0", "HEAD")
    assert link == f"https://handbook.example.com/changes/2026-11/#commit-{kickoff[:12]}"
    assert f'id="commit-{kickoff[:12]}"' in build.page("changes/2026-11")


def test_atom_feed_parses_as_xml_with_one_entry_per_commit_newest_first(built: tuple[GitRepo, Build]) -> None:
    _, build = built
    assert build.returncode == 0, build.output
    feed = ET.parse(build.site / "changes" / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Approval is now a sign-off by the designer",
        "Add a rehearsal to the Q1 webinar",
        "Move the Q1 webinar a week later",
        "Kick off the Q1 webinar",
    ]
    assert feed.findtext(f"{ATOM}updated") == "2026-11-12T10:00:00+00:00"
    assert entries[2].find(f"{ATOM}author").findtext(f"{ATOM}name") == "Lucy Brooks"
    content = BeautifulSoup(entries[2].findtext(f"{ATOM}content"), "html.parser")
    assert "Launch moved: 2027-01-21 → 2027-01-28 (+7 days)" in _texts(content.select("li"))


def test_renamed_file_keeps_its_history(repo: GitRepo) -> None:
    repo.root.joinpath("playbooks/projects/2027").mkdir()
    repo.git("mv", PROJECT_PATH, "playbooks/projects/2027/q1-webinar.yml")
    repo.commit("File the Q1 webinar under 2027", date=_day(14))
    history = read_history(_settings(repo.root))
    revisions = history.of("playbooks/projects/2027/q1-webinar.yml")
    assert [r.commit.subject for r in revisions if r.commit] == [
        "File the Q1 webinar under 2027",
        "Add a rehearsal to the Q1 webinar",
        "Move the Q1 webinar a week later",
        "Kick off the Q1 webinar",
    ]
    assert str(revisions[0].changes[0]) == f"File moved: {PROJECT_PATH} → playbooks/projects/2027/q1-webinar.yml"
    assert history.of(PROJECT_PATH) == ()
    assert history.scopes["playbooks/projects/2027/q1-webinar.yml"].shift_days == 7


def test_commits_named_in_blame_ignore_revs_are_left_out(repo: GitRepo) -> None:
    reformatted = repo.commit(
        "Reformat the workflow",
        {
            WORKFLOW_PATH: WORKFLOW.replace("tags: [events]", "tags:\n  - events"),
        },
        date=_day(15),
    )
    repo.commit(
        "Ignore the reformat in history", {".git-blame-ignore-revs": f"# formatting\n{reformatted}\n"}, date=_day(16)
    )
    history = read_history(_settings(repo.root))
    subjects = [r.commit.subject for r in history.log if r.commit]
    assert "Reformat the workflow" not in subjects
    assert "Approval is now a sign-off by the designer" in subjects


def test_a_reformat_not_ignored_is_listed_as_wording_only(repo: GitRepo, tmp_path: Path) -> None:
    repo.commit(
        "Reformat the workflow",
        {
            WORKFLOW_PATH: WORKFLOW.replace("tags: [events]", "tags:\n  - events")
            .replace("title: Approve slide deck", "title: Sign off slide deck")
            .replace("responsible: strategist\n    due: -12d", "responsible: designer\n    due: -10d"),
        },
        date=_day(15),
    )
    build = run_mkdocs(repo.root, tmp_path / "site", "--strict")
    newest = BeautifulSoup(build.page("workflows/webinar"), "html.parser").select_one('[data-opsbook="revision"]')
    assert _texts([newest.select_one(".opsbook-subject")]) == ["Reformat the workflow"]
    assert newest.select_one(".opsbook-changes-none") is not None


def test_shallow_clone_builds_strict_and_says_once_what_history_is_missing(repo: GitRepo, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True)
    build = run_mkdocs(clone, tmp_path / "site", "--strict")
    assert build.returncode == 0, build.output
    notes = [line for line in build.output.splitlines() if "shallow clone" in line]
    assert len(notes) == 1 and notes[0].startswith("INFO"), build.output
    assert "WARNING" not in build.output
    page = BeautifulSoup(build.page("projects/q1-webinar"), "html.parser")
    # The one commit present is where history starts: its files are the baseline, not "added".
    assert page.select('[data-opsbook="revision"]') == []


def test_folder_outside_git_builds_strict_with_one_info_message(tmp_path: Path) -> None:
    root = write_handbook(
        tmp_path / "plain",
        {
            "playbooks/team.yml": TEAM,
            WORKFLOW_PATH: WORKFLOW,
            PROJECT_PATH: PROJECT,
        },
        mkdocs=MINIMAL_MKDOCS,
    )
    build = run_mkdocs(root, tmp_path / "site", "--strict")
    assert build.returncode == 0, build.output
    notes = [line for line in build.output.splitlines() if "not in a git repository" in line]
    assert len(notes) == 1 and notes[0].startswith("INFO"), build.output
    page = BeautifulSoup(build.page("projects/q1-webinar"), "html.parser")
    assert "not in a git repository" in page.select_one(".opsbook-history-missing").get_text()
    feed = ET.parse(build.site / "changes" / "feed.xml").getroot()
    assert feed.findall(f"{ATOM}entry") == []


def test_uncommitted_changes_are_shown_as_such_first(repo: GitRepo) -> None:
    (repo.root / PROJECT_PATH).write_text(PROJECT.replace("2027-01-21", "2027-02-04"), encoding="utf-8")
    settings = _settings(repo.root)
    history = read_history(settings, load_handbook(settings).handbook, worktree=True)
    newest = history.of(PROJECT_PATH)[0]
    assert newest.uncommitted
    assert "Launch moved: 2027-01-28 → 2027-02-04 (+7 days)" in [str(c) for c in newest.changes]
    assert history.log[0].uncommitted
    assert not read_history(settings).of(PROJECT_PATH)[0].uncommitted


def test_a_historic_revision_that_no_longer_reads_is_shown_unreadable(repo: GitRepo, tmp_path: Path) -> None:
    repo.commit("Half-written change", {PROJECT_PATH: PROJECT + "launch: 2027-02-01\n"}, date=_day(20))
    repo.commit("Fix the duplicate launch", {PROJECT_PATH: PROJECT}, date=_day(21))
    build = run_mkdocs(repo.root, tmp_path / "site", "--strict")
    assert build.returncode == 0, build.output
    revisions = BeautifulSoup(build.page("projects/q1-webinar"), "html.parser").select('[data-opsbook="revision"]')
    broken = _texts(revisions[1].select(".opsbook-change"))
    assert broken[0].startswith("This revision cannot be read: duplicate key 'launch'")


def test_a_file_removed_while_it_did_not_read_is_listed_as_removed(repo: GitRepo) -> None:
    repo.commit("Half-written change", {PROJECT_PATH: PROJECT + "launch: 2027-02-01\n"}, date=_day(20))
    repo.git("rm", "-q", PROJECT_PATH)
    repo.commit("Drop the Q1 webinar", date=_day(21))
    newest = read_history(_settings(repo.root)).log[0]
    assert newest.commit is not None and newest.commit.subject == "Drop the Q1 webinar"
    assert [str(c) for c in newest.changes] == ["File removed (was q1-webinar)"]
    out = io.StringIO()
    assert main(["diff", "HEAD~1", "HEAD", "--dir", str(repo.root)], stdout=out, stderr=io.StringIO()) == 0
    assert "File removed" in out.getvalue()


def test_calendar_facts_count_each_commit_that_moved_an_event(repo: GitRepo) -> None:
    repo.commit(
        "Move the webinar again",
        {
            PROJECT_PATH: PROJECT.replace("2027-01-21", "2027-02-04"),
        },
        date=_day(18),
    )
    facts = read_history(_settings(repo.root)).calendar_facts()
    # Approve: moved by the launch (11-05), by the workflow's new offset (11-12), by the launch (11-18).
    assert facts.sequence(("project", "q1-webinar", "approve-deck")) == 3
    assert facts.last_changed(("project", "q1-webinar", "approve-deck")) == dt.datetime.fromisoformat(_day(18))
    assert facts.sequence(("project", "unknown", "x")) == 0
    assert facts.last_commit(PROJECT_PATH) == dt.datetime.fromisoformat(_day(18))
    assert facts.last_commit("playbooks/team.yml") == dt.datetime.fromisoformat(_day(1))


def test_ritual_time_change_counts_for_its_sequence(tmp_path: Path) -> None:
    ritual = """\
        kind: ritual
        title: Stand-up
        starts: 2026-12-07
        time: "09:30"
        repeat: weekdays
        """
    repo = GitRepo(write_handbook(tmp_path / "hb", {}))
    repo.commit(
        "Team and stand-up", {"playbooks/team.yml": TEAM, "playbooks/rituals/stand-up.yml": ritual}, date=_day(1)
    )
    repo.commit(
        "Retitle the stand-up",
        {"playbooks/rituals/stand-up.yml": ritual.replace("Stand-up", "Daily stand-up")},
        date=_day(2),
    )
    repo.commit("Stand-up at ten", {"playbooks/rituals/stand-up.yml": ritual.replace("09:30", "10:00")}, date=_day(3))
    facts = read_history(_settings(repo.root)).calendar_facts()
    assert facts.sequence(("ritual", "stand-up")) == 1
    assert facts.last_changed(("ritual", "stand-up")) == dt.datetime.fromisoformat(_day(3))


PHOTO = """\
kind: workflow
title: Photo shoot
owner: designer
tasks:
  - id: book-studio
    title: Book the studio
    responsible: designer
    due: -20d
"""
Q2_PATH = "playbooks/projects/2027/q2-webinar.yml"


@pytest.fixture
def busy_repo(repo: GitRepo) -> GitRepo:
    """The four commits of `repo`, then: a second webinar project and a photo shoot on its own
    workflow; the second project filed elsewhere; the webinar's approval moved (both webinar
    projects' dates move, the shoot's do not); a reformat named in .git-blame-ignore-revs."""
    repo.commit(
        "Plan Q2 and a shoot",
        {
            "playbooks/projects/q2-webinar.yml": PROJECT.replace("Q1", "Q2").replace("2027-01-21", "2027-04-22"),
            "playbooks/workflows/photo.yml": PHOTO,
            "playbooks/projects/shoot.yml": "kind: project\ntitle: Shoot\nworkflow: photo\nlaunch: 2027-03-01\n",
        },
        date=_day(13),
    )
    repo.root.joinpath("playbooks/projects/2027").mkdir()
    repo.git("mv", "playbooks/projects/q2-webinar.yml", Q2_PATH)
    repo.commit("File Q2 under 2027", date=_day(14))
    signed_off = WORKFLOW.replace("title: Approve slide deck", "title: Sign off slide deck").replace(
        "responsible: strategist\n    due: -12d", "responsible: designer\n    due: -10d"
    )
    repo.commit("Sign-off two days later", {WORKFLOW_PATH: signed_off.replace("due: -10d", "due: -8d")}, date=_day(15))
    reformat = repo.commit(
        "Reformat the photo workflow",
        {"playbooks/workflows/photo.yml": PHOTO.replace("owner: designer\n", "owner: designer\n\n")},
        date=_day(16),
    )
    repo.commit("Ignore the reformat", {".git-blame-ignore-revs": f"{reformat}\n"}, date=_day(17))
    return repo


def test_a_workflow_change_moves_the_dates_of_its_own_projects_only(busy_repo: GitRepo) -> None:
    facts = read_history(_settings(busy_repo.root)).calendar_facts()
    # Q1's approval: moved by its launch (11-05), the offset -12d → -10d (11-12) and → -8d (11-15).
    assert facts.sequence(("project", "q1-webinar", "approve-deck")) == 3
    assert facts.sequence(("project", "q2-webinar", "approve-deck")) == 1  # since it began, after its move
    assert facts.last_changed(("project", "q2-webinar", "approve-deck")) == dt.datetime.fromisoformat(_day(15))
    assert facts.sequence(("project", "shoot", "book-studio")) == 0
    assert facts.last_changed(("project", "shoot", "book-studio")) == dt.datetime.fromisoformat(_day(13))


def _edit_working_tree(root: Path) -> None:
    """Uncommitted: Q1's launch moved, the webinar's design task renamed, a new project."""
    (root / PROJECT_PATH).write_text(PROJECT.replace("2027-01-21", "2027-02-04"), encoding="utf-8")
    workflow = (root / WORKFLOW_PATH).read_text(encoding="utf-8")
    (root / WORKFLOW_PATH).write_text(workflow.replace("Design slide deck", "Design the deck"), encoding="utf-8")
    (root / "playbooks/projects/q3-webinar.yml").write_text(
        PROJECT.replace("Q1", "Q3").replace("2027-01-21", "2027-07-22"), encoding="utf-8"
    )


def _fresh(settings: Settings) -> History:
    return read_history(settings, load_handbook(settings).handbook, cache=RevisionCache(), worktree=True)


def test_a_rebuild_reuses_the_committed_history_and_reads_the_same_as_a_fresh_read(busy_repo: GitRepo) -> None:
    settings = _settings(busy_repo.root)
    cache = RevisionCache()
    first = read_history(settings, load_handbook(settings).handbook, cache=cache, worktree=True)
    assert first == _fresh(settings)
    _edit_working_tree(busy_repo.root)
    again = read_history(settings, load_handbook(settings).handbook, cache=cache, worktree=True)
    fresh = _fresh(settings)
    assert again == fresh and repr(again) == repr(fresh)
    assert [str(c) for c in again.of(PROJECT_PATH)[0].changes][:1] == [
        "Launch moved: 2027-01-28 → 2027-02-04 (+7 days)"
    ]
    assert again.of("playbooks/projects/q3-webinar.yml")[0].uncommitted
    assert again.scopes[PROJECT_PATH].date == dt.date(2027, 2, 4)
    assert again.facts is first.facts  # calendars take committed facts only
    # The commits grouped, their months and the Atom feed are kept with the committed history:
    # worked out once while HEAD stays, and the same as a fresh read's.
    assert again.committed is first.committed
    assert months(again, "Europe/London") is months(first, "Europe/London") == months(fresh, "Europe/London")
    assert again.by_commit() == fresh.by_commit() == _grouped(fresh.log)
    assert again.by_commit()[0][0] is None and again.by_commit()[1:] == first.by_commit()
    feed = atom_feed(first, title="Handbook", site_url=None)
    assert (
        atom_feed(again, title="Handbook", site_url=None) is feed == atom_feed(fresh, title="Handbook", site_url=None)
    )
    assert atom_feed(again, title="Other", site_url=None) != feed


def _grouped(log: tuple[Revision, ...]) -> tuple[tuple[Commit | None, tuple[Revision, ...]], ...]:
    """The log grouped by commit, in order of first appearance: what by_commit must give."""
    groups: dict[str | None, list[Revision]] = {}
    for rev in log:
        groups.setdefault(rev.commit.sha if rev.commit else None, []).append(rev)
    return tuple((revs[0].commit, tuple(revs)) for revs in groups.values())


def test_a_rebuild_compares_each_project_scope_with_the_handbook_as_loaded(busy_repo: GitRepo) -> None:
    settings = _settings(busy_repo.root)
    cache, parsed = RevisionCache(), {}
    first = read_history(settings, load_handbook(settings, parsed=parsed).handbook, cache=cache, worktree=True)
    assert first == _fresh(settings)
    # Q1 moved; the webinar workflow edited (Q2's scope compares with it); the shoot untouched.
    (busy_repo.root / PROJECT_PATH).write_text(PROJECT.replace("2027-01-21", "2027-02-04"), encoding="utf-8")
    workflow = (busy_repo.root / WORKFLOW_PATH).read_text(encoding="utf-8")
    (busy_repo.root / WORKFLOW_PATH).write_text(
        workflow.replace("Design slide deck", "Design the deck"), encoding="utf-8"
    )
    again = read_history(settings, load_handbook(settings, parsed=parsed).handbook, cache=cache, worktree=True)
    assert again == _fresh(settings)
    shoot = "playbooks/projects/shoot.yml"
    assert again.scopes[shoot] == first.scopes[shoot]
    assert again.scopes[PROJECT_PATH] != first.scopes[PROJECT_PATH]
    assert again.scopes[PROJECT_PATH].date == dt.date(2027, 2, 4)


def test_a_single_read_leaves_nothing_for_the_garbage_collector(busy_repo: GitRepo) -> None:
    # Without a cache kept by the caller (a single build), the parsed revisions are freed as the
    # read returns: no reference cycle holds them until a full collection has to find them.
    settings = _settings(busy_repo.root)
    handbook = load_handbook(settings).handbook
    collected: list[int] = []

    def count(phase: str, info: dict) -> None:
        if phase == "stop":
            collected.append(info["collected"])

    gc.collect()
    gc.callbacks.append(count)
    try:
        history = read_history(settings, handbook)
        collected.append(gc.collect())
    finally:
        gc.callbacks.remove(count)
    assert collected and sum(collected) == 0
    assert history == _fresh(settings)


def test_a_rebuild_after_a_commit_or_a_new_ignore_list_reads_history_again(busy_repo: GitRepo) -> None:
    settings = _settings(busy_repo.root)
    cache = RevisionCache()
    before = read_history(settings, load_handbook(settings).handbook, cache=cache, worktree=True)
    _edit_working_tree(busy_repo.root)
    busy_repo.commit("Commit the edits", date=_day(18))
    after_commit = read_history(settings, load_handbook(settings).handbook, cache=cache, worktree=True)
    assert after_commit == _fresh(settings)
    assert after_commit.committed != before.committed
    assert after_commit.by_commit() == _grouped(after_commit.log)
    assert after_commit.log[0].commit is not None and after_commit.log[0].commit.subject == "Commit the edits"
    # An ignore list edited but not committed yet changes what is listed.
    moved = busy_repo.git("rev-parse", "HEAD~3")
    (busy_repo.root / ".git-blame-ignore-revs").write_text(f"{busy_repo.git('rev-parse', 'HEAD~2')}\n{moved}\n")
    ignoring = read_history(settings, load_handbook(settings).handbook, cache=cache, worktree=True)
    assert ignoring == _fresh(settings)
    assert "Sign-off two days later" not in [r.commit.subject for r in ignoring.log if r.commit]


def test_a_serve_rebuild_writes_the_same_site_as_a_fresh_build(busy_repo: GitRepo, tmp_path: Path) -> None:
    """Pages, the changes page, its feed and the calendars of a rebuild that reuses the kept
    history are byte for byte those of a build that reads it afresh."""
    script = f"""
import shutil, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

def serve_build(site, startup):
    config = load_config(config_file={str(busy_repo.root / "mkdocs.yml")!r}, site_dir=str(site))
    if startup:  # what `mkdocs serve` does once; again here for a fresh revision cache
        config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    return config.plugins["opsbook"].revision_cache

root, out = Path({str(busy_repo.root)!r}), Path({str(tmp_path)!r})
kept = serve_build(out / "first", True)
{_edit_working_tree.__name__}(root)
assert serve_build(out / "rebuilt", False) is kept
assert serve_build(out / "fresh", True) is not kept
"""
    helper = f"{_source(_edit_working_tree)}\nPROJECT_PATH, WORKFLOW_PATH, PROJECT = {PROJECT_PATH!r}, {WORKFLOW_PATH!r}, {PROJECT!r}\n"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795392000"}
    proc = subprocess.run(
        [sys.executable, "-c", "from pathlib import Path\n" + helper + script],
        capture_output=True,
        text=True,
        env=env,
        cwd=busy_repo.root,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    rebuilt, fresh = tmp_path / "rebuilt", tmp_path / "fresh"
    files = sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(rebuilt) for p in rebuilt.rglob("*") if p.is_file())
    assert [f for f in files if (rebuilt / f).read_bytes() != (fresh / f).read_bytes()] == []
    changes = (rebuilt / "changes" / "index.html").read_text(encoding="utf-8")
    assert "Design the deck" in changes and "q3-webinar" in changes  # the edits are there
    assert any(f.suffix == ".ics" for f in files) and (rebuilt / "changes" / "feed.xml").is_file()


def _source(function: object) -> str:
    return textwrap.dedent(inspect.getsource(function)).replace(" -> None", "")


def test_opsbook_diff_prints_the_scope_changes_as_markdown(repo: GitRepo) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = main(["diff", "HEAD~3", "HEAD", "--dir", str(repo.root)], stdout=out, stderr=err)
    assert code == 0, err.getvalue()
    text = out.getvalue()
    base, head = repo.git("rev-parse", "--short=7", "HEAD~3"), repo.git("rev-parse", "--short=7", "HEAD")
    assert text.splitlines()[0] == f"## Handbook scope changes: `{base}` → `{head}`"
    assert f"### Project: Q1 product webinar (`{PROJECT_PATH}`)" in text
    assert "- Launch moved: 2027-01-21 → **2027-01-28 (+7 days)**" in text
    assert "- Task renamed: Approve slide deck → **Sign off slide deck**" in text
    # People and roles by name, from the team of the working tree (its ids were strategist → designer).
    assert "- Task “Sign off slide deck”: responsible (R): Content strategist → **Designer**" in text


def test_opsbook_diff_against_the_working_tree(repo: GitRepo) -> None:
    (repo.root / "playbooks/workflows/webinar.yml").unlink()
    out = io.StringIO()
    assert main(["diff", "HEAD", "--dir", str(repo.root)], stdout=out, stderr=io.StringIO()) == 0
    assert "→ the working tree" in out.getvalue().splitlines()[0]
    assert "- Workflow removed: ~~Webinar~~" in out.getvalue()


def test_opsbook_diff_escapes_playbook_text_for_the_comment(repo: GitRepo) -> None:
    repo.commit(
        "Sneaky title",
        {PROJECT_PATH: PROJECT.replace("Q1 product webinar", "<img src=x onerror=alert(1)> [x](javascript:y)")},
    )
    out = io.StringIO()
    assert main(["diff", "HEAD~1", "HEAD", "--dir", str(repo.root)], stdout=out, stderr=io.StringIO()) == 0
    text = out.getvalue()
    assert "\\<img src=x onerror=alert(1)\\>" in text
    assert re.search(r"(?<!\\)[<>]", text) is None
    assert re.search(r"(?<!\\)\]\(", text) is None  # no link: its bracket is escaped


def test_opsbook_diff_with_a_bad_revision_exits_1_with_a_clear_message(repo: GitRepo) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = main(["diff", "no-such-branch", "--dir", str(repo.root)], stdout=out, stderr=err)
    assert code == 1
    assert err.getvalue().strip() == f"opsbook diff: 'no-such-branch' is not a commit in {repo.root}"
    assert out.getvalue() == ""


def test_task_moves_that_only_follow_the_launch_read_as_one_line() -> None:
    day = dt.date(2027, 1, 10)
    old = {"a": ("Brief", day), "b": ("Draft", day), "c": ("Print", day), "d": ("Ship", day)}
    new = {
        "a": ("Brief", day + dt.timedelta(7)),
        "b": ("Draft", day + dt.timedelta(7)),
        "c": ("Print", day + dt.timedelta(8)),
        "d": ("Ship", day),
    }
    moved = moved_dates(old, new)
    assert [str(c) for c in anchored_moves(old, new, 7, "launch")] == [
        "Due dates moved with the launch (+7 days): Brief, Draft",
        "Task “Print” due: 2027-01-10 → 2027-01-18 (+8 days)",
    ]
    # One task alone, or no anchor shift (a workflow offset changed), keeps its own line with its dates.
    alone = {"a": old["a"]}, {"a": new["a"]}
    assert [str(c) for c in anchored_moves(*alone, 7, "launch")] == [
        "Task “Brief” due: 2027-01-10 → 2027-01-17 (+7 days)"
    ]
    assert anchored_moves(old, new, 0, "launch") == moved


def with_anchor(moved: list[Change], shift: int, anchor: str) -> list[Change]:
    """The grouping done after the moves are made, as an independent reading of anchored_moves."""
    followed = [c for c in moved if shift and c.days == shift]
    if len(followed) < 2:
        return moved
    group = Change(
        "moved",
        f"Due dates moved with the {anchor} ({days_text(shift)})",
        new=", ".join(c.task or "" for c in followed),
    )
    return [group, *(c for c in moved if c.days != shift)]


def test_moves_grouped_as_they_are_made_read_as_moves_grouped_after() -> None:
    # A project's diff groups the moves as it makes them (anchored_moves); it must be exactly
    # with_anchor over moved_dates, on random plans: shifts, other moves, tasks on one side only.
    rng = random.Random(5)
    day = dt.date(2027, 1, 10)
    for _ in range(500):
        old = {f"t{n}": (f"Task {n}", day + dt.timedelta(rng.randint(-5, 5))) for n in range(rng.randint(0, 6))}
        shift = rng.choice([0, 7, -3])
        new = {
            tid: (title, due + dt.timedelta(rng.choice([shift, shift, 0, 1])))
            for tid, (title, due) in old.items()
            if rng.random() < 0.9
        }
        new.update({f"n{n}": ("New", day) for n in range(rng.randint(0, 2))})
        for a, b in ((old, new), (None, new), (old, None)):
            expected = with_anchor(moved_dates(a, b), shift, "launch")
            found = anchored_moves(a, b, shift, "launch")
            assert [(c, c.task, c.days) for c in found] == [(c, c.task, c.days) for c in expected]
