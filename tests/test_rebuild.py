"""`mkdocs serve` rebuilds that reuse what did not change, checked against cold builds.

Each edit is made to a copy of the example handbook in a git repository; the site is rebuilt by
the same process and plugin (serve_harness.py, as `mkdocs serve` keeps them), and every output
file must be byte for byte what a fresh process builds from the same files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE_TODAY_EPOCH, REPO, folder_files
from gitrepo import GitRepo
from opsbook.core.loader import Settings, load_handbook
from opsbook.core.source import Parsed
from opsbook.render.context import Site
from opsbook.render.pagecache import Digester, PageCache, Uncacheable
from opsbook.render.renderer import Renderer
from opsbook.views.derived import Derived
from opsbook.views.site import site_pages

HARNESS = Path(__file__).resolve().parent / "serve_harness.py"
WEBINAR = "playbooks/workflows/webinar.yml"
Q1 = "playbooks/projects/q1-product-webinar.yml"
TEAM = "playbooks/team.yml"
OVERRIDES = "opsbook_templates"


class Server:
    """A serve-like process: one plugin object for every build it is asked for."""

    def __init__(self, root: Path, site: Path, *, epoch: str | None = EXAMPLE_TODAY_EPOCH) -> None:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": epoch or ""}
        if epoch is None:
            del env["SOURCE_DATE_EPOCH"]
        self.proc = subprocess.Popen(
            [sys.executable, str(HARNESS), str(root), str(site)],
            cwd=root,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def build(self) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write("build\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            self.proc.kill()
            raise AssertionError(f"the build failed:\n{self.proc.communicate()[1][-4000:]}")
        return dict(json.loads(line))

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        assert self.proc.wait(timeout=60) == 0, self.proc.communicate()[1][-4000:]


def _cold(root: Path, site: Path, *, epoch: str | None = EXAMPLE_TODAY_EPOCH) -> None:
    server = Server(root, site, epoch=epoch)
    server.build()
    server.close()


def _same_site(warm: Path, cold: Path) -> list[str]:
    """Every path whose bytes differ, or that one site has and the other has not."""
    a, b = folder_files(warm), folder_files(cold)
    return sorted(p for p in a.keys() | b.keys() if a.get(p) != b.get(p))


def _edit(rel: str, old: str, new: str, *, regex: bool = False) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        changed = re.sub(old, new, text, count=1, flags=re.DOTALL) if regex else text.replace(old, new, 1)
        assert changed != text, f"{rel}: {old!r} not found"
        path.write_text(changed, encoding="utf-8")

    return apply


def _write(rel: str, text: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")

    return apply


def _delete(rel: str) -> Callable[[Path], None]:
    return lambda root: (root / rel).unlink()


def _copy(src: str, dst: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        (root / dst).write_text((root / src).read_text(encoding="utf-8").replace(old, new), encoding="utf-8")

    return apply


def _override(root: Path) -> None:
    """A template override: the package's own `_entry.html` with a line of the team's own."""
    package = REPO / "plugins/opsbook/render/templates/_entry.html"
    (root / OVERRIDES).mkdir(exist_ok=True)
    (root / OVERRIDES / "_entry.html").write_text(
        package.read_text(encoding="utf-8") + '\n<p class="house">Ask in #marketing-ops.</p>\n', encoding="utf-8"
    )


def _commit(message: str, date: str = "2026-11-20T10:00:00+00:00") -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        repo = GitRepo(root)  # `git init` again leaves the repository as it is
        repo.git("add", "-A")
        repo.git("commit", "-q", "-m", message, date=date)

    return apply


EDITS: list[tuple[str, Callable[[Path], None]]] = [
    ("a task title", _edit(WEBINAR, "title: Generate ideas", "title: Generate the ideas")),
    ("a launch date", _edit(Q1, "launch: 2027-01-21", "launch: 2027-01-28")),
    (
        "a role reassigned on a task",
        _edit(
            WEBINAR,
            "    responsible: strategist\n    consulted: [sales-lead, analyst]",
            "    responsible: designer\n    consulted: [sales-lead, analyst]",
        ),
    ),
    ("a person's name in the team", _edit(TEAM, "name: Ellie Hart", "name: Ellie Hart-Jones")),
    (
        "a project's status",
        _edit(
            Q1,
            "  recruit-guest: {done: 2026-11-20}",
            "  recruit-guest: {done: 2026-11-20}\n  create-talking-points: {done: 2026-11-22}",
        ),
    ),
    ("a workflow's task removed", _edit(WEBINAR, r"  - id: schedule-social-promotion\n.*?(?=  - id:)", "", regex=True)),
    ("a commit (HEAD moves)", _commit("Webinar changes")),
    (
        "a new entry",
        _copy(
            "playbooks/workflows/lead-handoff.yml",
            "playbooks/workflows/lead-handoff-events.yml",
            "title: ",
            "title: Events ",
        ),
    ),
    ("a deleted entry", _delete("playbooks/reports/weekly-stakeholder-recap.yml")),
    ("a template override added", _override),
    ("a template override changed", _edit(f"{OVERRIDES}/_entry.html", "Ask in #marketing-ops.", "Ask in #mops.")),
    ("a note's text", _edit("resource_hub/notes/2026-11-23-stakeholder-check-in.md", "\n\n", "\n\nUpdated.\n\n")),
    ("a second commit", _commit("More changes")),
    ("a ritual's time", _edit("playbooks/rituals/sprint-planning.yml", 'time: "11:00"', 'time: "11:30"')),
    ("the site's name", _edit("mkdocs.yml", "site_name: Marketing operations handbook", "site_name: Ops handbook")),
    (
        "the site's URL",
        _edit("mkdocs.yml", "site_url: https://handbook.example.com/", "site_url: https://example.org/ops/"),
    ),
    (
        "the repository's URL",
        _edit(
            "mkdocs.yml",
            "repo_url: https://github.com/example/marketing-handbook",
            "repo_url: https://git.example.org/ops/handbook",
        ),
    ),
    ("the handbook's time zone", _edit("mkdocs.yml", "timezone: Europe/London", "timezone: America/New_York")),
]


@pytest.fixture
def handbook(tmp_path: Path) -> Path:
    root = tmp_path / "handbook"
    shutil.copytree(
        REPO,
        root,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "site", "tests", "benchmarks", "*.egg-info", "__pycache__", ".ruff_cache"
        ),
    )
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        config.replace("      holidays: GB-ENG\n", f"      holidays: GB-ENG\n      templates_dir: {OVERRIDES}\n")
    )
    repo = GitRepo(root)
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "The handbook", date="2026-11-10T10:00:00+00:00")
    return root


@pytest.mark.slow
def test_every_rebuild_is_the_cold_build_of_the_same_files(handbook: Path, tmp_path: Path) -> None:
    warm_site = tmp_path / "warm"
    server = Server(handbook, warm_site)
    try:
        assert server.build()["uncacheable"] == []
        cold_site = tmp_path / "cold"
        _cold(handbook, cold_site)
        assert _same_site(warm_site, cold_site) == []
        assert server.build()["uncacheable"] == []  # nothing changed
        assert _same_site(warm_site, cold_site) == []
        for i, (what, edit) in enumerate(EDITS):
            edit(handbook)
            # Every page's context can be digested, so a page is kept only when all it shows is the same.
            assert server.build()["uncacheable"] == [], what
            cold_site = tmp_path / f"cold-{i}"
            _cold(handbook, cold_site)
            assert _same_site(warm_site, cold_site) == [], f"after {what}"
    finally:
        server.close()


@pytest.mark.slow
def test_without_source_date_epoch_files_not_committed_are_stamped_as_a_cold_build_stamps_them(
    handbook: Path, tmp_path: Path
) -> None:
    """A file history does not know yet takes git's newest commit time (GitStamps, a `git log`
    over the whole history): read once while HEAD stays, and read again when it moves."""
    ritual = (handbook / "playbooks/rituals/sprint-planning.yml").read_text(encoding="utf-8")
    steps = [
        ("a new ritual", _write("playbooks/rituals/events-sync.yml", ritual.replace("Sprint planning", "Events sync"))),
        ("its time", _edit("playbooks/rituals/events-sync.yml", 'time: "11:00"', 'time: "11:30"')),
        ("a commit", _commit("Add the events sync", date="2026-11-21T16:00:00+00:00")),
        (
            "another new ritual",
            _write("playbooks/rituals/partner-sync.yml", ritual.replace("Sprint planning", "Partner sync")),
        ),
    ]
    warm_site = tmp_path / "warm"
    server = Server(handbook, warm_site, epoch=None)
    try:
        server.build()
        for i, (what, edit) in enumerate(steps):
            edit(handbook)
            server.build()
            cold_site = tmp_path / f"cold-{i}"
            _cold(handbook, cold_site, epoch=None)
            assert _same_site(warm_site, cold_site) == [], f"after {what}"
    finally:
        server.close()
    # The last ritual was stamped with the commit made in between, not the one before it.
    feed = (warm_site / "calendars/team.ics").read_text(encoding="utf-8")
    assert "UID:rituals/partner-sync@" in feed
    assert "DTSTAMP:20261121T160000Z" in feed.split("UID:rituals/partner-sync@")[0].rsplit("BEGIN:VEVENT", 1)[1]


# The core on its own: the fingerprint and the caches, without MkDocs.


@dataclasses.dataclass(frozen=True)
class _Shown:
    title: str
    hidden: str = dataclasses.field(default="", repr=False, compare=False)


class _Opaque:
    def __init__(self, title: str) -> None:
        self.title = title


def test_the_fingerprint_counts_every_field_and_refuses_what_it_cannot_read() -> None:
    digest = Digester().digest
    assert digest({"a": _Shown("x")}) == digest({"a": _Shown("x")})
    assert digest({"a": _Shown("x")}) != digest({"a": _Shown("y")})
    # A field left out of repr and comparison is still something a template can show.
    assert digest(_Shown("x", hidden="1")) != digest(_Shown("x", hidden="2"))
    assert digest(("ab", "c")) != digest(("a", "bc"))
    with pytest.raises(Uncacheable):
        digest({"a": [_Opaque("x")]})


def _pages(root: Path, cache: PageCache | None = None, parsed: Parsed | None = None) -> dict[str, str]:
    """Every page of the handbook at `root`, rendered with `cache` (a build of `mkdocs serve`) or without."""
    handbook = load_handbook(Settings(root=root, today=dt.date(2026, 11, 23)), parsed=parsed).raise_for_errors()
    site, renderer = Site(handbook, Derived(handbook)), Renderer()
    if cache is None:
        return {p.src: renderer.render(p, site) for p in site_pages(handbook)}
    cache.begin()
    return {p.src: cache.render(renderer, p, site) for p in site_pages(handbook)}


def test_pages_kept_by_the_digest_of_their_context_are_the_pages_rendered_afresh(small_handbook: Path) -> None:
    cache, parsed = PageCache(), {}
    assert _pages(small_handbook, cache, parsed) == _pages(small_handbook)
    assert cache.uncacheable == []
    edits = [
        ("playbooks/workflows/webinar.yml", "Design slide deck", "Design the deck", "Design the deck"),
        ("playbooks/team.yml", "Lucy Brooks", "Lucy Brook", "Lucy Brook<"),
        ("playbooks/projects/q1-webinar.yml", "launch: 2027-01-21", "launch: 2027-02-04", "2027-02-04"),
    ]
    for rel, old, new, shown in edits:
        before = _pages(small_handbook, cache, parsed)
        _edit(rel, old, new)(small_handbook)
        after = _pages(small_handbook, cache, parsed)
        assert after == _pages(small_handbook), rel
        assert after != before and any(shown in html for html in after.values()), rel
    # The files' parses are kept by their bytes, and let go with the files.
    assert sorted(parsed) == sorted(
        p.relative_to(small_handbook).as_posix() for p in (small_handbook / "playbooks").rglob("*.yml")
    )
    (small_handbook / "playbooks/projects/q1-webinar.yml").unlink()
    _pages(small_handbook, cache, parsed)
    assert "playbooks/projects/q1-webinar.yml" not in parsed


def test_a_warm_load_finds_every_problem_a_cold_load_finds(tmp_path: Path) -> None:
    root = tmp_path / "handbook"
    shutil.copytree(REPO / "playbooks", root / "playbooks")
    parsed: Parsed = {}
    settings = Settings(root=root, holidays="GB", today=dt.date(2026, 11, 23))

    def both(settings: Settings) -> list[Any]:
        warm = load_handbook(settings, parsed=parsed).problems
        assert warm == load_handbook(settings).problems
        return warm

    assert both(settings) == []
    # A workflow loses a task one project skips and two past projects have done.
    _edit("playbooks/workflows/webinar.yml", "id: include-in-drip-campaign", "id: drip")(root)
    problems = both(settings)
    assert [(p.path, p.line, p.message) for p in problems] == [
        ("playbooks/projects/autumn-customer-webinar.yml", 14, "unknown task 'include-in-drip-campaign'"),  # status
        (
            "playbooks/projects/partner-webinar-march.yml",
            9,
            "unknown task 'include-in-drip-campaign' in workflow 'webinar'",
        ),
        ("playbooks/projects/summer-webinar.yml", 14, "unknown task 'include-in-drip-campaign'"),  # status
    ]
    # The team, the dates and the ids every entry is checked against.
    _edit("playbooks/team.yml", "  rosa:", "  rosalind:")(root)
    assert any("unknown person 'rosa'" in p.message for p in both(settings))
    both(dataclasses.replace(settings, today=dt.date(2027, 6, 1)))
    (root / "playbooks/workflows/asset-production.yml").unlink()
    assert any(
        p.path == "playbooks/projects/spring-photo-shoot.yml" and "unknown workflow" in p.message
        for p in both(settings)
    )
