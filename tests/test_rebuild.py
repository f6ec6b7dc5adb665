"""`mkdocs serve` rebuilds that reuse what did not change, checked against cold builds.

Each edit is made to a copy of the example handbook in a git repository; the site is rebuilt by
the same process and plugin (serve_harness.py, as `mkdocs serve` keeps them), and every output
file must be byte for byte what a fresh process builds from the same files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
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
from conftest import EXAMPLE_TODAY_EPOCH, REPO
from gitrepo import GitRepo
from opsbook.calendars import CalendarCache, FixedStamps, build_calendars
from opsbook.core.loader import Settings, load_handbook
from opsbook.core.plan import plan_project
from opsbook.core.sourcecache import SourceCache
from opsbook.publish.output import KeptFiles, write_all
from opsbook.render.fingerprint import Digester, KeptDigests, Uncacheable
from opsbook.render.pageinputs import PageInputs, same
from opsbook.render.rendercache import RenderCache
from opsbook.render.renderer import ALWAYS_RENDERED, Renderer
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
        self.proc = subprocess.Popen([sys.executable, str(HARNESS), str(root), str(site)], cwd=root, env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

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


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _same_site(warm: Path, cold: Path) -> list[str]:
    """Every path whose bytes differ, or that one site has and the other has not."""
    a, b = _files(warm), _files(cold)
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
        package.read_text(encoding="utf-8") + '\n<p class="house">Ask in #marketing-ops.</p>\n', encoding="utf-8")


def _commit(message: str, date: str = "2026-11-20T10:00:00+00:00") -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        repo = GitRepo(root)  # `git init` again leaves the repository as it is
        repo.git("add", "-A")
        repo.git("commit", "-q", "-m", message, date=date)
    return apply


EDITS: list[tuple[str, Callable[[Path], None]]] = [
    ("a task title", _edit(WEBINAR, "title: Generate ideas", "title: Generate the ideas")),
    ("a launch date", _edit(Q1, "launch: 2027-01-21", "launch: 2027-01-28")),
    ("a role reassigned on a task", _edit(WEBINAR, "    responsible: strategist\n    consulted: [sales-lead, analyst]",
                                         "    responsible: designer\n    consulted: [sales-lead, analyst]")),
    ("a person's name in the team", _edit(TEAM, "name: Ellie Hart", "name: Ellie Hart-Jones")),
    ("a project's status", _edit(Q1, "  recruit-guest: {done: 2026-11-20}",
                                 "  recruit-guest: {done: 2026-11-20}\n  create-talking-points: {done: 2026-11-22}")),
    ("a workflow's task removed", _edit(WEBINAR, r"  - id: schedule-social-promotion\n.*?(?=  - id:)", "",
                                        regex=True)),
    ("a commit (HEAD moves)", _commit("Webinar changes")),
    ("a new entry", _copy("playbooks/workflows/lead-handoff.yml", "playbooks/workflows/lead-handoff-events.yml",
                          "title: ", "title: Events ")),
    ("a deleted entry", _delete("playbooks/reports/weekly-stakeholder-recap.yml")),
    ("a template override added", _override),
    ("a template override changed", _edit(f"{OVERRIDES}/_entry.html", "Ask in #marketing-ops.", "Ask in #mops.")),
    ("a note's text", _edit("resource_hub/notes/2026-11-23-stakeholder-check-in.md", "\n\n", "\n\nUpdated.\n\n")),
    ("a second commit", _commit("More changes")),
    ("a ritual's time", _edit("playbooks/rituals/sprint-planning.yml", 'time: "11:00"', 'time: "11:30"')),
    ("the site's name", _edit("mkdocs.yml", "site_name: Marketing operations handbook", "site_name: Ops handbook")),
    ("the site's URL", _edit("mkdocs.yml", "site_url: https://handbook.example.com/",
                             "site_url: https://example.org/ops/")),
    ("the repository's URL", _edit("mkdocs.yml", "repo_url: https://github.com/example/marketing-handbook",
                                   "repo_url: https://git.example.org/ops/handbook")),
    ("the handbook's time zone", _edit("mkdocs.yml", "timezone: Europe/London", "timezone: America/New_York")),
]


@pytest.fixture
def handbook(tmp_path: Path) -> Path:
    root = tmp_path / "handbook"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(
        ".venv", ".git", "site", "tests", "benchmarks", "*.egg-info", "__pycache__", ".ruff_cache"))
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("      holidays: GB-ENG\n",
                                                    f"      holidays: GB-ENG\n      templates_dir: {OVERRIDES}\n"))
    repo = GitRepo(root)
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "The handbook", date="2026-11-10T10:00:00+00:00")
    return root


def test_every_rebuild_is_the_cold_build_of_the_same_files(handbook: Path, tmp_path: Path) -> None:
    warm_site = tmp_path / "warm"
    server = Server(handbook, warm_site)
    try:
        first = server.build()
        assert first["reused"] == 0 and first["uncacheable"] == []
        # What the first build left alive is out of the garbage collector's full collections.
        assert first["frozen"] > 10_000
        pages = first["rendered"]
        again = server.build()
        # Nothing changed: every page but those always rendered is reused, no file parsed again.
        assert again["reused"] > pages / 2 and again["parsed"] == 0
        assert again["rendered"] + again["reused"] == pages
        # ... each for its inputs alone, without working out its context (pageinputs.py).
        assert again["by_inputs"] == again["reused"]
        assert _same_site(warm_site, tmp_path / "warm") == []
        for i, (what, edit) in enumerate(EDITS):
            edit(handbook)
            stats = server.build()
            cold_site = tmp_path / f"cold-{i}"
            _cold(handbook, cold_site)
            assert _same_site(warm_site, cold_site) == [], f"after {what}"
            assert stats["uncacheable"] == [], what
            rendered = set(stats["pages"])
            if what == "a task title":
                # The workflow, its projects and the pages of people and roles with a part in it.
                assert {"workflows/webinar.md", "projects/q1-product-webinar.md",
                        "projects/partner-webinar-march.md", "people/ellie.md"} <= rendered
                assert not rendered & {"workflows/lead-handoff.md", "projects/spring-photo-shoot.md",
                                       "rituals/daily-stand-up.md", "policies/asset-licensing.md"}, rendered
                assert stats["by_inputs"] > 0  # what the edit did not touch, for its inputs alone
            if what == "a launch date":
                assert "projects/q1-product-webinar.md" in rendered
                assert not rendered & {"projects/partner-webinar-march.md", "workflows/lead-handoff.md"}, rendered
            assert stats["parsed"] <= 1 or what.startswith("a template"), (what, stats)
    finally:
        server.close()


def test_without_source_date_epoch_files_not_committed_are_stamped_as_a_cold_build_stamps_them(
        handbook: Path, tmp_path: Path) -> None:
    """A file history does not know yet takes git's newest commit time (GitStamps, a `git log`
    over the whole history): read once while HEAD stays, and read again when it moves."""
    ritual = (handbook / "playbooks/rituals/sprint-planning.yml").read_text(encoding="utf-8")
    steps = [
        ("a new ritual", _write("playbooks/rituals/events-sync.yml", ritual.replace("Sprint planning", "Events sync"))),
        ("its time", _edit("playbooks/rituals/events-sync.yml", 'time: "11:00"', 'time: "11:30"')),
        ("a commit", _commit("Add the events sync", date="2026-11-21T16:00:00+00:00")),
        ("another new ritual", _write("playbooks/rituals/partner-sync.yml",
                                      ritual.replace("Sprint planning", "Partner sync"))),
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


@dataclasses.dataclass(frozen=True)
class _Frozen:  # more fields than are fed inline: its digest is remembered
    title: str
    parts: tuple[str, ...] = ()
    a: int = 0
    b: int = 0
    c: int = 0


@dataclasses.dataclass
class _Mutable:
    title: str
    parts: tuple[str, ...] = ()
    a: int = 0
    b: int = 0
    c: int = 0


def test_digests_of_unchanging_objects_are_kept_for_the_next_build_and_only_those() -> None:
    kept = KeptDigests()
    frozen, mutable = _Frozen("x", ("a", "b", "c", "d", "e")), _Mutable("x", ("a", "b", "c", "d", "e"))
    first = Digester(kept=kept)
    digests = first.digest(frozen), first.digest(mutable)
    kept.begin()
    mutable.title = "changed"
    second = Digester(kept=kept)
    assert second.digest(frozen) == digests[0] and kept.hits == 1
    assert second.digest(mutable) != digests[1]  # worked out again: it could have changed, and did
    assert second.digest(_Frozen("x", ("a", "b", "c", "d", "e"))) == digests[0] and kept.hits == 1
    kept.begin()
    kept.begin()  # a build that used nothing: what the one before used is still kept
    assert Digester(kept=kept).digest(frozen) == digests[0] and kept.hits == 2


def test_a_second_render_reuses_every_page_and_a_single_build_keeps_none() -> None:
    result = load_handbook(Settings(root=REPO, timezone="Europe/London", holidays="GB", today=dt.date(2026, 11, 23)))
    handbook = result.raise_for_errors()
    pages = list(site_pages(handbook))
    plain = Renderer(handbook)
    assert plain.cache is None
    cold = {p.src: plain.render(p) for p in pages}
    cache = RenderCache()
    first = Renderer(handbook, cache=cache)
    assert {p.src: first.render(p) for p in pages} == cold
    assert cache.stats.reused == 0 and cache.stats.uncacheable == []
    again = Renderer(handbook, cache=cache)
    assert {p.src: again.render(p) for p in pages} == cold
    assert again.env is first.env  # the templates, compiled once
    always = sum(1 for p in pages if p.template in ALWAYS_RENDERED)
    assert cache.stats.rendered == always and cache.stats.reused == len(pages) - always


def test_only_files_whose_bytes_changed_are_parsed_again(small_handbook: Path) -> None:
    cache = SourceCache()
    settings = Settings(root=small_handbook)
    load_handbook(settings, cache=cache).raise_for_errors()
    assert (cache.parsed, cache.reused) == (3, 0)
    path = small_handbook / "playbooks/workflows/webinar.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("Design slide deck", "Design the deck"), encoding="utf-8")
    handbook = load_handbook(settings, cache=cache).raise_for_errors()
    assert (cache.parsed, cache.reused) == (1, 2)
    workflow = handbook.get("workflow", "webinar")
    assert workflow is not None and "Design the deck" in [t.title for t in workflow.tasks]


def test_a_warm_load_finds_every_problem_a_cold_load_finds_and_checks_only_what_changed(tmp_path: Path) -> None:
    """Checks across files (checks.py) are kept per entry under serve: an entry is checked again
    when it, what it is checked against (team, ids, dates) or its project's workflow changed."""
    root = tmp_path / "handbook"
    shutil.copytree(REPO / "playbooks", root / "playbooks")
    cache = SourceCache()
    settings = Settings(root=root, holidays="GB", today=dt.date(2026, 11, 23))

    def both(settings: Settings) -> list[Any]:
        warm = load_handbook(settings, cache=cache).problems
        assert warm == load_handbook(settings).problems
        return warm

    entries = len(load_handbook(settings, cache=cache).raise_for_errors().entries)
    assert cache.checked == entries
    assert both(settings) == [] and cache.checked == 0
    # A workflow loses a task its project skips: the workflow and its two projects are checked again.
    _edit("playbooks/workflows/webinar.yml", "id: include-in-drip-campaign", "id: drip")(root)
    problems = both(settings)
    assert cache.checked == 3
    assert [(p.path, p.message) for p in problems] == [
        ("playbooks/projects/partner-webinar-march.yml",
         "unknown task 'include-in-drip-campaign' in workflow 'webinar'")]
    # The team, the dates and the ids every entry is checked against.
    _edit("playbooks/team.yml", "  rosa:", "  rosalind:")(root)
    assert any("unknown person 'rosa'" in p.message for p in both(settings))
    assert cache.checked == entries
    both(dataclasses.replace(settings, today=dt.date(2027, 6, 1)))
    assert cache.checked == entries
    (root / "playbooks/workflows/asset-production.yml").unlink()
    assert any(p.path == "playbooks/projects/spring-photo-shoot.yml" and "unknown workflow" in p.message
               for p in both(settings))


def test_an_unchanged_file_is_the_same_entry_and_an_unchanged_project_the_same_plan(small_handbook: Path) -> None:
    """What lets a rebuild recognise what it saw before; a changed anchor re-validates the project."""
    sources, pages = SourceCache(), RenderCache()
    settings = Settings(root=small_handbook, today=dt.date(2026, 11, 23))
    first = load_handbook(settings, cache=sources).raise_for_errors()
    first_plan = Renderer(first, cache=pages).plans["q1-webinar"]
    team_file = small_handbook / "playbooks/team.yml"
    team_file.write_text(team_file.read_text(encoding="utf-8").replace("Lucy Brooks", "Lucy Brook"), encoding="utf-8")
    second = load_handbook(settings, cache=sources).raise_for_errors()
    assert second.get("workflow", "webinar") is first.get("workflow", "webinar")
    assert second.get("project", "q1-webinar") is first.get("project", "q1-webinar")
    assert second.team is not first.team
    second_plan = Renderer(second, cache=pages).plans["q1-webinar"]
    assert second_plan is not first_plan  # the team changed: planned again
    third_plan = Renderer(second, cache=pages).plans["q1-webinar"]
    assert third_plan is second_plan and third_plan == plan_project(second, second.get("project", "q1-webinar"))
    # The workflow now names its anchor 'event': the unchanged project file is read again under
    # that name, and its 'launch' is no longer the anchor.
    workflow_file = small_handbook / "playbooks/workflows/webinar.yml"
    workflow_file.write_text(workflow_file.read_text(encoding="utf-8") + "anchor: event\n", encoding="utf-8")
    fourth = load_handbook(settings, cache=sources)
    assert fourth.handbook is None
    assert any(p.path == "playbooks/projects/q1-webinar.yml" for p in fourth.problems)


def test_same_is_identity_for_objects_and_equality_for_plain_values() -> None:
    @dataclasses.dataclass(frozen=True)
    class Frozen:
        title: str
        parts: tuple[Any, ...]

    @dataclasses.dataclass
    class Loose:
        title: str

    shared = _Opaque("x")
    assert same(("a", 1, dt.date(2026, 1, 1), None, [shared]), ("a", 1, dt.date(2026, 1, 1), None, [shared]))
    assert not same(("a", [shared]), ("a", [_Opaque("x")]))  # equal-looking, but another object
    assert not same((1,), (1.0,)) and not same((True,), (1,)) and not same(("a",), ("a", "b"))
    assert same(Frozen("t", (shared,)), Frozen("t", (shared,)))  # made again, of the same parts
    assert not same(Frozen("t", (shared,)), Frozen("u", (shared,)))
    assert not same(Loose("t"), Loose("t"))  # may have changed since: only itself is the same


def test_a_page_reused_for_inputs_that_miss_what_it_shows_is_an_error(small_handbook: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """RenderCache.verify holds the rules of pageinputs.py to the fingerprint: here a workflow's
    rule that forgets the projects running it (whose launch dates its page shows)."""
    sources, pages = SourceCache(), RenderCache()
    pages.verify = True
    settings = Settings(root=small_handbook, today=dt.date(2026, 11, 23))

    def build() -> dict[str, str]:
        handbook = load_handbook(settings, cache=sources).raise_for_errors()
        renderer = Renderer(handbook, cache=pages)
        return {p.src: renderer.render(p) for p in site_pages(handbook)}

    monkeypatch.setattr(PageInputs, "_workflow", lambda self, page: ())
    build()
    project = small_handbook / "playbooks/projects/q1-webinar.yml"
    project.write_text(project.read_text(encoding="utf-8").replace("launch: 2027-01-21", "launch: 2027-02-04"),
                       encoding="utf-8")
    with pytest.raises(RuntimeError, match=r"workflows/webinar\.md: reused for its inputs, but what it shows changed"):
        build()
    monkeypatch.undo()
    rebuilt = build()
    cold = Renderer(load_handbook(settings).raise_for_errors())
    assert rebuilt == {p.src: cold.render(p) for p in site_pages(cold.handbook)}


def test_kept_calendars_are_the_calendars_made_afresh_and_only_what_changed_is_made_again() -> None:
    settings = Settings(root=REPO, timezone="Europe/London", holidays="GB", today=dt.date(2026, 11, 23))
    handbook = load_handbook(settings).raise_for_errors()
    stamps = FixedStamps(dt.datetime(2026, 11, 20, tzinfo=dt.timezone.utc))
    url = "https://handbook.example.com/"
    # Planned once, as RenderCache.plan gives an unchanged project's plan on every rebuild.
    plans = [plan_project(handbook, p) for p in handbook.projects]

    def calendars(kept: CalendarCache | None, *, site_url: str = url, site_name: str = "Handbook") -> dict[str, bytes]:
        if kept is not None:
            kept.begin()
        return build_calendars(handbook, stamps, site_url=site_url, site_name=site_name, plans=plans, kept=kept).files

    cold = calendars(None)
    kept = CalendarCache()
    assert calendars(kept) == cold
    made = kept.stats
    assert made.entries > 0 and made.events > 0 and made.feeds == len(cold)
    again = calendars(kept)
    assert again == cold and all(again[path] is data for path, data in calendars(kept).items())
    assert (kept.stats.entries, kept.stats.events, kept.stats.feeds) == (0, 0, 0)
    # Another name: every feed put together again from the very same VEVENTs.
    assert calendars(kept, site_name="Ops") == calendars(None, site_name="Ops")
    assert (kept.stats.entries, kept.stats.events, kept.stats.feeds) == (0, 0, len(cold))
    # Another site: every UID's host and page link changes, so every event is made again.
    other = "https://example.org/ops/"
    assert calendars(kept, site_url=other) == calendars(None, site_url=other)
    assert (kept.stats.entries, kept.stats.events) == (made.entries, made.events)


def test_kept_files_link_unchanged_bytes_into_the_site_and_write_changed_ones(tmp_path: Path) -> None:
    site = tmp_path / "site"
    kept = KeptFiles()
    files = {"calendars/team.ics": b"BEGIN:VCALENDAR", "catalog.json": "{}\n"}
    write_all(site, files, kept)
    assert _files(site) == {"calendars/team.ics": b"BEGIN:VCALENDAR", "catalog.json": b"{}\n"}
    shutil.rmtree(site)  # as MkDocs empties the site before each build
    write_all(site, files, kept)
    assert _files(site) == {"calendars/team.ics": b"BEGIN:VCALENDAR", "catalog.json": b"{}\n"}
    team = site / "calendars/team.ics"
    assert team.stat().st_nlink == 2 and kept.linked == 4  # linked from the copy kept outside the site
    assert oct(team.stat().st_mode & 0o777) == "0o644"
    # Changed bytes, and a site not emptied first (`mkdocs serve --dirty`): replaced whole.
    write_all(site, {**files, "calendars/team.ics": b"BEGIN:VCALENDAR\r\nEND:VCALENDAR"}, kept)
    assert team.read_bytes() == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR"
    assert sorted(p.name for p in team.parent.iterdir()) == ["team.ics"]  # no temporary file left behind
    # Someone rewrote the site's file in place, and with it the copy: the copy is made again.
    with team.open("ab") as out:
        out.write(b"\r\nX-ADDED:1")
    shutil.rmtree(site)
    write_all(site, {**files, "calendars/team.ics": b"BEGIN:VCALENDAR\r\nEND:VCALENDAR"}, kept)
    assert team.read_bytes() == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR"
    with pytest.raises(ValueError, match="outside"):
        write_all(site, {"catalog.json": b"{}", "../escape.json": b"{}"}, kept)
    assert not (tmp_path / "escape.json").exists()
    # The copies go with the object that kept them.
    del kept
    gc.collect()
    assert team.stat().st_nlink == 1
