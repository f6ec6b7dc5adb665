"""The pass over committed history, oldest commit first.

The pass keeps the blob id of every handbook file as it stands after each commit, so a project's
revision is planned with its workflow as it was then, and a renamed file keeps its history (its
lineage moves with it). Commits named in `.git-blame-ignore-revs` still move that state along but
are not listed. In a shallow clone the oldest commit present is where history starts: its files
are the baseline, not "added".

A commit costs what it changed, not the size of the handbook: only the files it touched are read,
and only the projects whose own file or whose workflow it changed are planned again (a project's
dates come from nothing else: its file, its workflow and the default holidays). What the pass ends
with depends on the commits alone, so one pass serves every rebuild until HEAD moves.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import count
from typing import Any

from ..core.model import Assets, Entry, Policy, Procedure, Project, Report, Ritual, Workflow
from .changes import Change, Context, diff_versions
from .git import NULL_BLOB, Commit, FileChange, LoggedCommit
from .plans import Dues
from .records import CalendarFacts, CommitLog, EventFacts, EventKey, Revision
from .revisions import RevisionCache, Version, is_entry_file, stem_of

Reader = Callable[[str], bytes | None]


def _unreadable(_blob: str) -> bytes | None:
    return None


class Walk:
    """The committed history as of one commit: each file's revisions, the state of every file,
    and how often each calendar event moved."""

    def __init__(
        self, cache: RevisionCache, holidays: str | None, ignored: frozenset[str], boundary: frozenset[str]
    ) -> None:
        self.cache = cache
        self.holidays = holidays
        self.ignored = ignored
        self.boundary = boundary
        self.read: Reader = _unreadable
        """Blob contents; read_history points it at the repository for each read."""
        self.state: dict[str, str] = {}
        self.stems: dict[str, set[str]] = defaultdict(set)
        self.lineages = count()
        self.lineage: dict[str, int] = {}
        self.revisions: dict[int, list[Revision]] = defaultdict(list)
        self.log: list[Revision] = []
        self.first: dict[int, tuple[Commit, Version, Workflow | None]] = {}
        self.dues: dict[str, Dues] = {}
        # Planned projects by the workflow their file names, so a workflow's change re-plans its
        # own projects only.
        self.named: dict[str, str] = {}
        self.planned: dict[str, set[str]] = defaultdict(set)
        self.times: dict[str, dict[EventKey, Any]] = {}
        self.events: dict[EventKey, tuple[int, dt.datetime]] = {}
        self.files: dict[str, dt.datetime] = {}
        self._workflows: dict[str, Workflow | None] = {}
        """workflow(wid) after the current commit, until a file named wid changes."""
        self.head_tree: dict[str, str] | None = None
        """The files at the last commit, as `git ls-tree` lists them; kept by read_history."""
        self._facts: CalendarFacts | None = None
        self._commit_log: CommitLog | None = None

    def version(
        self, path: str, blob: str, before: Mapping[str, str] | None = None, read: Reader | None = None
    ) -> Version:
        """The entry `blob` holds at `path`, a project planned with its workflow after the current
        commit (or before it, when `before` holds the blobs the commit replaced)."""
        return self.cache.version(path, blob, read or self.read, lambda wid: self.workflow(wid, before, read))

    def workflow(
        self, wid: str, before: Mapping[str, str] | None = None, read: Reader | None = None
    ) -> Workflow | None:
        """Workflow `wid` after the current commit, or before it when `before` holds the blobs
        the commit replaced."""
        if not before and wid in self._workflows:
            return self._workflows[wid]
        candidates = set(self.stems.get(wid, ()))
        if before:
            candidates.update(p for p in before if stem_of(p) == wid)
        found = None
        for path in sorted(candidates):
            blob = before[path] if before and path in before else self.state.get(path)
            if blob is None or blob == NULL_BLOB or not is_entry_file(path):
                continue
            entry = self.cache.version(path, blob, read or self.read).entry
            if isinstance(entry, Workflow):
                found = entry
                break
        if not before:
            self._workflows[wid] = found
        return found

    def workflow_of(
        self, version: Version | None, before: Mapping[str, str] | None = None, read: Reader | None = None
    ) -> Workflow | None:
        entry = version.entry if version is not None else None
        return self.workflow(entry.workflow, before, read) if isinstance(entry, Project) else None

    def dates(self, project: Project, workflow: Workflow | None) -> Dues | None:
        """A project's dates with a workflow, planned once for what they are planned from (see
        plans.Plans). What it gives is shared: never change it."""
        return self.cache.plans.dates(project, workflow, self.holidays)

    def context(self, old_workflow: Workflow | None, new_workflow: Workflow | None) -> Context:
        return Context(old_workflow, new_workflow, self.holidays, self.dates)

    def facts(self) -> CalendarFacts:
        if self._facts is None:
            events = {key: EventFacts(n, when) for key, (n, when) in self.events.items()}
            self._facts = CalendarFacts(events, dict(self.files))
        return self._facts

    def commit_log(self) -> CommitLog:
        """The log grouped by commit, once the walk is done: kept with the walk, so what is
        worked out from it lasts as long as HEAD stays."""
        if self._commit_log is None:
            self._commit_log = CommitLog(reversed(self.log))
        return self._commit_log

    def _set(self, path: str, blob: str | None) -> None:
        self._workflows.pop(stem_of(path), None)
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
            old = self.version(ch.old_path, ch.old_blob, before) if ch.old_path else None
            new = self.version(ch.path, ch.new_blob) if ch.path else None
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
            context = self.context(self.workflow_of(old, before), self.workflow_of(new))
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
        self._project_dates(projects, touched_workflows, commit, baseline, logged.changes)

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

    def _project_dates(
        self, changed: set[str], workflows: set[str], commit: Commit, baseline: bool, files: Sequence[FileChange]
    ) -> None:
        """Plan again the projects the commit changed, and the planned ones whose workflow it
        changed; count the tasks that moved."""
        for path in _paths(files):
            self._name(path)
        affected = set(changed)
        for wid in workflows:
            for path in self.planned.get(wid, ()):
                if path in self.state and self._project_workflow(path) in workflows:
                    affected.add(path)
        for path in sorted(affected):
            blob = self.state.get(path)
            if blob is None:
                continue
            entry = self.version(path, blob).entry
            if not isinstance(entry, Project):
                continue
            dues = self.dates(entry, self.workflow(entry.workflow))
            if dues is None:
                continue
            prior = self.dues.get(path, {})
            events = self.events
            for tid, (_, due) in dues.items():  # _touch, inline: a commit touches every task
                key = ("project", entry.id, tid)
                if tid in prior and prior[tid][1] != due and not baseline:
                    events[key] = (events[key][0] + 1 if key in events else 1, commit.date)
                elif key not in events:
                    events[key] = (0, commit.date)
            self.dues[path] = dues
            self._name(path)

    def _name(self, path: str) -> None:
        """Index a planned project under the workflow its current file names: a superset of
        `_project_workflow` (whose entry, when it reads, has the same workflow as its file)."""
        named = self.named.pop(path, None)
        if named is not None:
            self.planned[named].discard(path)
        if path not in self.dues:
            return
        blob = self.state.get(path)
        data = self.cache.data(path, blob, self.read) if blob is not None else None
        wid = data.get("workflow") if data is not None else None
        if isinstance(wid, str):
            self.named[path] = wid
            self.planned[wid].add(path)

    def _project_workflow(self, path: str) -> str | None:
        entry = self.version(path, self.state[path]).entry
        return entry.workflow if isinstance(entry, Project) else None


def _paths(files: Iterable[FileChange]) -> set[str]:
    return {p for ch in files for p in (ch.old_path, ch.path) if p}


_RECURRENCE = ("repeat", "days", "rrule", "starts", "until")


def event_times(entry: Entry) -> dict[EventKey, Any]:
    """The date and time fields of each calendar event an entry makes (a project's tasks aside:
    their dates come from the scheduler), by event key."""
    times: dict[EventKey, Any] = {}
    if isinstance(entry, Project):
        times[("project", entry.id)] = entry.anchor_date  # the launch day's own event
    elif isinstance(entry, Ritual):
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
