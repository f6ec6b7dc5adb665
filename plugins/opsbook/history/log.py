"""The handbook's history: one pass over `git log`, oldest commit first.

The pass keeps the blob id of every handbook file as it stands after each commit, so a project's
revision is planned with its workflow as it was then, and a renamed file keeps its history (its
lineage moves with it). Commits named in `.git-blame-ignore-revs` still move that state along but
are not listed. In a shallow clone the oldest commit present is where history starts: its files
are the baseline, not "added".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import count
from typing import Any

from ..loader import Settings, handbook_files
from ..model import Assets, Entry, Handbook, Policy, Procedure, Project, Report, Ritual, Workflow
from .changes import Change, Context, days_text, diff_versions, due_dates, moved_dates
from .git import NULL_BLOB, BlobReader, Commit, GitError, LoggedCommit, Repository, blob_id
from .revisions import RevisionCache, Version, is_entry_file, stem_of

EventKey = tuple[str, ...]


@dataclass(frozen=True)
class Revision:
    """One commit's change to one entry file (`commit` None: not committed yet)."""

    commit: Commit | None
    path: str
    old_path: str | None
    kind: str | None
    title: str
    changes: tuple[Change, ...]

    @property
    def uncommitted(self) -> bool:
        return self.commit is None


@dataclass(frozen=True)
class Scope:
    """A project's scope now against its first commit."""

    since: Commit
    anchor: str
    first_date: dt.date
    date: dt.date
    added: tuple[str, ...]
    removed: tuple[str, ...]
    moved: tuple[Change, ...]

    @property
    def shift_days(self) -> int:
        return (self.date - self.first_date).days

    @property
    def shift_text(self) -> str:
        return days_text(self.shift_days)


@dataclass(frozen=True)
class EventFacts:
    """How often an event's date or time changed, and the commit time it last changed (or first
    appeared)."""

    changes: int
    last_changed: dt.datetime


@dataclass(frozen=True)
class CalendarFacts:
    """What calendars take from history: SEQUENCE and LAST-MODIFIED of each event.

    Event keys:

    - `("project", project_id, task_id)` — a project task's due date (also moves when the
      launch or the workflow's offsets change);
    - `("ritual", ritual_id)` — a ritual's start, time, duration, time zone or recurrence;
    - `("report", report_id)` — a report's recurrence;
    - `("policy", policy_id, "review")`, `("procedure", procedure_id, "review")` — review dates;
    - `("procedure", procedure_id, step_id)` — a recurring step's recurrence;
    - `("assets", register_id, asset_id)` — a licence's expiry date.

    `sequence(key)` is the number of commits that changed the event's date or time (0 for an
    event never moved, or unknown to history): use it as SEQUENCE. `last_changed(key)` is the
    commit time of the last such change (or of its first appearance). `last_commit(path)` is the
    time of the last commit that touched a source file (path relative to the handbook root):
    use it for LAST-MODIFIED and DTSTAMP, so the same commit always builds the same feed. Both
    return None without history (no git, or a file not committed yet): then fall back to
    SOURCE_DATE_EPOCH.
    """

    events: Mapping[EventKey, EventFacts] = field(default_factory=dict)
    files: Mapping[str, dt.datetime] = field(default_factory=dict)

    def sequence(self, key: EventKey) -> int:
        facts = self.events.get(key)
        return facts.changes if facts else 0

    def last_changed(self, key: EventKey) -> dt.datetime | None:
        facts = self.events.get(key)
        return facts.last_changed if facts else None

    def last_commit(self, path: str) -> dt.datetime | None:
        return self.files.get(path)


@dataclass(frozen=True)
class History:
    """Everything read from git about a handbook."""

    state: str
    """"full", "shallow" or "none" (not a git repository, or no commits)."""
    note: str | None
    """What history is missing, for one info message; None when it is whole."""
    revisions: Mapping[str, tuple[Revision, ...]] = field(default_factory=dict)
    """By the file's current path, newest first."""
    log: tuple[Revision, ...] = ()
    """Every revision of every file, newest first; uncommitted ones first of all."""
    scopes: Mapping[str, Scope] = field(default_factory=dict)
    """By a project's current path."""
    facts: CalendarFacts = field(default_factory=CalendarFacts)

    def of(self, path: str) -> tuple[Revision, ...]:
        return self.revisions.get(path, ())

    def by_commit(self) -> list[tuple[Commit | None, list[Revision]]]:
        """The log grouped by commit, newest first (uncommitted changes first)."""
        groups: dict[str | None, tuple[Commit | None, list[Revision]]] = {}
        for rev in self.log:
            key = rev.commit.sha if rev.commit else None
            groups.setdefault(key, (rev.commit, []))[1].append(rev)
        return list(groups.values())

    def calendar_facts(self) -> CalendarFacts:
        """SEQUENCE and LAST-MODIFIED facts for the calendars: see CalendarFacts."""
        return self.facts


def read_history(settings: Settings, handbook: Handbook | None = None, *,
                 cache: RevisionCache | None = None, worktree: bool = False) -> History:
    """Read the handbook's history in one `git log` pass.

    `handbook` (the loaded working tree) gives the current side of a project's scope;
    `worktree` adds uncommitted changes (working tree against HEAD), as `mkdocs serve` shows them.
    Outside git, or without commits, a History with state "none" and a note saying so.
    """
    cache = cache or RevisionCache()
    folders = list(dict.fromkeys((settings.playbooks_dir, settings.hub_dir)))
    try:
        repo = Repository.find(settings.root)
    except GitError as err:
        return History("none", f"{err}: entry pages show no history and the change log is empty")
    if not repo.has_commits():
        return History("none", "the git repository has no commits yet: entry pages show no history")
    boundary = repo.shallow_boundary() if repo.is_shallow() else frozenset()
    with repo.blobs() as blobs:
        walk = _Walk(cache, blobs, settings.holidays, repo.ignored_revisions(), boundary)
        for logged in repo.log(folders):
            walk.commit(logged)
        if worktree:
            walk.uncommitted(repo, settings, folders)
        history = walk.result(handbook, "shallow" if boundary else "full")
    if boundary:
        shas = ", ".join(sorted(s[:7] for s in boundary))
        note = (f"this is a shallow clone: history before commit {shas} is missing, so entry pages "
                "show changes since then only (fetch the whole history: git fetch --unshallow, or "
                "fetch-depth: 0 with actions/checkout)")
        return History(history.state, note, history.revisions, history.log, history.scopes, history.facts)
    return history


class _Walk:
    def __init__(self, cache: RevisionCache, blobs: BlobReader, holidays: str | None,
                 ignored: frozenset[str], boundary: frozenset[str]) -> None:
        self.cache = cache
        self.blobs = blobs
        self.holidays = holidays
        self.ignored = ignored
        self.boundary = boundary
        self.state: dict[str, str] = {}
        self.stems: dict[str, set[str]] = defaultdict(set)
        self.extra: dict[str, bytes] = {}
        self.lineages = count()
        self.lineage: dict[str, int] = {}
        self.revisions: dict[int, list[Revision]] = defaultdict(list)
        self.log: list[Revision] = []
        self.first: dict[int, tuple[Commit, Version, Workflow | None]] = {}
        self.dues: dict[str, dict[str, tuple[str, dt.date]]] = {}
        self.times: dict[str, dict[EventKey, Any]] = {}
        self.events: dict[EventKey, tuple[int, dt.datetime]] = {}
        self.files: dict[str, dt.datetime] = {}

    def _read(self, blob: str) -> bytes | None:
        return self.extra[blob] if blob in self.extra else self.blobs.read(blob)

    def _version(self, path: str, blob: str, before: Mapping[str, str] | None) -> Version:
        return self.cache.version(path, blob, self._read, lambda wid: self._workflow(wid, before))

    def _workflow(self, wid: str, before: Mapping[str, str] | None) -> Workflow | None:
        """Workflow `wid` after the current commit, or before it when `before` holds the blobs
        the commit replaced."""
        candidates = set(self.stems.get(wid, ()))
        if before:
            candidates.update(p for p in before if stem_of(p) == wid)
        for path in sorted(candidates):
            blob = before[path] if before and path in before else self.state.get(path)
            if blob is None or blob == NULL_BLOB or not is_entry_file(path):
                continue
            entry = self.cache.version(path, blob, self._read).entry
            if isinstance(entry, Workflow):
                return entry
        return None

    def _set(self, path: str, blob: str | None) -> None:
        if blob is None:
            self.state.pop(path, None)
            self.stems[stem_of(path)].discard(path)
        else:
            self.state[path] = blob
            self.stems[stem_of(path)].add(path)

    def commit(self, logged: LoggedCommit) -> None:
        commit = logged.commit
        baseline = commit.sha in self.boundary
        listed = not baseline and commit.sha not in self.ignored
        before: dict[str, str] = {}
        for ch in logged.changes:
            if ch.old_path:
                before[ch.old_path] = ch.old_blob
            if ch.path and ch.path not in before:
                before[ch.path] = NULL_BLOB
        for ch in logged.changes:
            if ch.old_path and ch.old_path != ch.path:
                self._set(ch.old_path, None)
            if ch.path:
                self._set(ch.path, ch.new_blob)
        touched_workflows = set()
        projects = set()
        for ch in logged.changes:
            if not is_entry_file(ch.path or ch.old_path or ""):
                continue
            old = self._version(ch.old_path, ch.old_blob, before) if ch.old_path else None
            new = self._version(ch.path, ch.new_blob, None) if ch.path else None
            lid = self._lineage(ch.status, ch.old_path, ch.path)
            for version in (old, new):
                if version is not None and isinstance(version.entry, Workflow):
                    touched_workflows.add(version.entry.id)
            if new is not None and isinstance(new.entry, Project):
                projects.add(new.path)
            if ch.path:
                self.files[ch.path] = commit.date
            if ch.old_path and ch.old_path != ch.path:
                self.files.pop(ch.old_path, None)
                self.dues.pop(ch.old_path, None)
            self._event_times(ch.old_path, new, commit, baseline)
            context = Context(
                self._workflow(_workflow_id(old), before), self._workflow(_workflow_id(new), None), self.holidays)
            if new is not None and new.readable and lid not in self.first:
                self.first[lid] = (commit, new, context.new_workflow)
            if not listed:
                continue
            changes = diff_versions(old, new, context)
            if ch.status == "R" and ch.old_path != ch.path:
                changes.insert(0, Change("entry", "File moved", ch.old_path, ch.path))
            shown = new if new is not None and new.readable else old or new
            assert shown is not None
            self._record(lid, Revision(commit, shown.path, ch.old_path, shown.kind, shown.title, tuple(changes)))
        self._project_dates(projects, touched_workflows, commit, baseline)

    def _lineage(self, status: str, old_path: str | None, path: str | None) -> int:
        if status == "A" or old_path is None:
            assert path is not None
            lid = next(self.lineages)
            self.lineage[path] = lid
            return lid
        lid = self.lineage.pop(old_path) if old_path in self.lineage else next(self.lineages)
        if path is not None:
            self.lineage[path] = lid
        return lid

    def _record(self, lid: int, revision: Revision) -> None:
        self.revisions[lid].append(revision)
        self.log.append(revision)

    def _touch(self, key: EventKey, when: dt.datetime, moved: bool) -> None:
        changes = self.events[key][0] if key in self.events else 0
        if moved or key not in self.events:
            self.events[key] = (changes + (1 if moved else 0), when)

    def _event_times(self, old_path: str | None, new: Version | None, commit: Commit, baseline: bool) -> None:
        if old_path is not None and (new is None or new.path != old_path):
            prior = self.times.pop(old_path, {})
        else:
            prior = self.times.get(new.path, {}) if new is not None else {}
        if new is None:
            return
        times = event_times(new.entry) if new.entry is not None else prior
        for key, value in times.items():
            moved = key in prior and prior[key] != value and not baseline
            self._touch(key, commit.date, moved)
        self.times[new.path] = times

    def _project_dates(self, changed: set[str], workflows: set[str], commit: Commit, baseline: bool) -> None:
        affected = set(changed)
        if workflows:
            for path in self.dues:
                if path in self.state and self._project_workflow(path) in workflows:
                    affected.add(path)
        for path in sorted(affected):
            blob = self.state.get(path)
            if blob is None:
                continue
            entry = self._version(path, blob, None).entry
            if not isinstance(entry, Project):
                continue
            dues = due_dates(entry, self._workflow(entry.workflow, None), self.holidays)
            if dues is None:
                continue
            prior = self.dues.get(path, {})
            for tid, (_, due) in dues.items():
                moved = tid in prior and prior[tid][1] != due and not baseline
                self._touch(("project", entry.id, tid), commit.date, moved)
            self.dues[path] = dues

    def _project_workflow(self, path: str) -> str | None:
        entry = self._version(path, self.state[path], None).entry
        return entry.workflow if isinstance(entry, Project) else None

    def uncommitted(self, repo: Repository, settings: Settings, folders: list[str]) -> None:
        """Working-tree changes against HEAD, as revisions without a commit."""
        head = repo.tree("HEAD", folders)
        disk: dict[str, str] = {}
        for file in handbook_files(settings):
            content = file.read_bytes()
            blob = blob_id(content)
            self.extra[blob] = content
            disk[file.relative_to(settings.root).as_posix()] = blob
        for path in sorted(set(head) | set(disk)):
            if not is_entry_file(path) or head.get(path) == disk.get(path):
                continue
            old = self._version(path, head[path], None) if path in head else None
            new = self._version(path, disk[path], None) if path in disk else None
            context = Context(self._workflow(_workflow_id(old), None), self._workflow(_workflow_id(new), None),
                              self.holidays)
            shown = new if new is not None and new.readable else old or new
            assert shown is not None
            lid = self.lineage.get(path)
            if lid is None:
                lid = next(self.lineages)
                self.lineage[path] = lid
            self._record(lid, Revision(None, path, None, shown.kind, shown.title,
                                       tuple(diff_versions(old, new, context))))

    def result(self, handbook: Handbook | None, state: str) -> History:
        revisions = {path: tuple(reversed(self.revisions[lid])) for path, lid in self.lineage.items()
                     if self.revisions.get(lid)}
        log = sorted(self.log, key=lambda r: r.commit is None)  # uncommitted last, before reversing
        scopes = {}
        for path, lid in self.lineage.items():
            scope = self._scope(path, lid, handbook)
            if scope is not None:
                scopes[path] = scope
        events = {key: EventFacts(n, when) for key, (n, when) in self.events.items()}
        return History(state, None, revisions, tuple(reversed(log)), scopes,
                       CalendarFacts(events, dict(self.files)))

    def _scope(self, path: str, lid: int, handbook: Handbook | None) -> Scope | None:
        first = self.first.get(lid)
        if first is None or not isinstance(first[1].entry, Project):
            return None
        since, version, old_workflow = first
        old = version.entry
        assert isinstance(old, Project)
        new: Entry | None = None
        new_workflow: Workflow | None = None
        if handbook is not None:
            new = next((e for e in handbook.entries if e.path == path), None)
            if isinstance(new, Project):
                found = handbook.get("workflow", new.workflow)
                new_workflow = found if isinstance(found, Workflow) else None
        elif path in self.state:
            new = self._version(path, self.state[path], None).entry
            if isinstance(new, Project):
                new_workflow = self._workflow(new.workflow, None)
        if not isinstance(new, Project):
            return None
        before = _planned(old, old_workflow)
        after = _planned(new, new_workflow)
        anchor = new_workflow.anchor if new_workflow else "launch"
        return Scope(
            since=since, anchor=anchor, first_date=old.anchor_date, date=new.anchor_date,
            added=tuple(title for tid, title in after.items() if tid not in before),
            removed=tuple(title for tid, title in before.items() if tid not in after),
            moved=tuple(moved_dates(due_dates(old, old_workflow, self.holidays),
                                    due_dates(new, new_workflow, self.holidays))),
        )


def _planned(project: Project, workflow: Workflow | None) -> dict[str, str]:
    tasks = (*(workflow.tasks if workflow else ()), *project.tasks)
    return {t.id: t.title for t in tasks if t.id not in project.skip}


def _workflow_id(version: Version | None) -> str:
    entry = version.entry if version is not None else None
    return entry.workflow if isinstance(entry, Project) else ""


_RECURRENCE = ("repeat", "days", "rrule", "starts", "until")


def event_times(entry: Entry) -> dict[EventKey, Any]:
    """The date and time fields of each calendar event an entry makes (projects aside: their
    dates come from the scheduler), by event key."""
    times: dict[EventKey, Any] = {}
    if isinstance(entry, Ritual):
        times[("ritual", entry.id)] = _fields(entry, (*_RECURRENCE, "time", "duration", "timezone"))
    elif isinstance(entry, Report):
        times[("report", entry.id)] = _fields(entry, _RECURRENCE)
    elif isinstance(entry, Policy) and entry.review:
        times[("policy", entry.id, "review")] = entry.review
    elif isinstance(entry, Procedure):
        if entry.review:
            times[("procedure", entry.id, "review")] = entry.review
        for step in entry.steps:
            if step.recurs:
                times[("procedure", entry.id, step.id)] = _fields(step, _RECURRENCE)
    elif isinstance(entry, Assets):
        for asset in entry.assets:
            if asset.expires:
                times[("assets", entry.id, asset.id)] = asset.expires
    return times


def _fields(model: Any, names: Iterable[str]) -> tuple[Any, ...]:
    return tuple(getattr(model, n, None) for n in names)
