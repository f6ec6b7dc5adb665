"""What history holds: each entry's revisions, the whole log, project scopes and the facts
calendars take from it. Read by `read_history` (log.py); shown by pages, the changes page, its
feed and `opsbook diff`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from .changes import Change, days_text, shapes_tasks
from .git import Commit

EventKey = tuple[str, ...]
T = TypeVar("T")


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
    reassigned: tuple[Change, ...] = ()
    """Each role of the project's `assign` taken by someone else now than at kickoff."""

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
    - `("project", project_id)` — a project's launch day (its anchor date);
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


Group = tuple[Commit | None, tuple[Revision, ...]]
"""A commit (None: the uncommitted changes) and its revisions."""
CommitGroup = tuple[Commit, tuple[Revision, ...]]


class CommitLog:
    """The committed revisions grouped by commit, newest first, and what is worked out from them
    alone (the change log's months, its Atom feed).

    `read_history` makes one per reading of the committed history: under `mkdocs serve` that is
    one while HEAD stays where it is (the revision cache keeps it with the walk), so a rebuild
    finds these already worked out; a single build works each out once, not once per use.
    """

    def __init__(self, revisions: Iterable[Revision]) -> None:
        """`revisions`: committed ones, newest first."""
        groups: dict[str, tuple[Commit, list[Revision]]] = {}
        for rev in revisions:
            assert rev.commit is not None, "an uncommitted revision in the committed log"
            groups.setdefault(rev.commit.sha, (rev.commit, []))[1].append(rev)
        self.groups: tuple[CommitGroup, ...] = tuple((commit, tuple(revs)) for commit, revs in groups.values())
        self._derived: dict[str, tuple[Hashable, Any]] = {}

    def derived(self, kind: str, params: Hashable, make: Callable[[], T]) -> T:
        """What `make()` gives from these commits and `params`, kept: the last value of each
        kind, made again when asked with other params. What it gives is shared: never change it."""
        held = self._derived.get(kind)
        if held is not None and held[0] == params:
            value: T = held[1]
            return value
        value = make()
        self._derived[kind] = (params, value)
        return value


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
    committed: CommitLog = field(default=None, compare=False, repr=False)  # type: ignore[assignment]
    """The committed part of `log` grouped by commit; made from `log` when not given (the reader
    gives the one it keeps across rebuilds)."""
    _groups: tuple[Group, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.committed is None:
            object.__setattr__(self, "committed", CommitLog(r for r in self.log if r.commit is not None))
        pending = tuple(r for r in self.log if r.commit is None)
        groups = ((None, pending), *self.committed.groups) if pending else self.committed.groups
        object.__setattr__(self, "_groups", groups)

    def of(self, path: str) -> tuple[Revision, ...]:
        return self.revisions.get(path, ())

    def of_project(self, path: str, workflow_path: str | None) -> tuple[Revision, ...]:
        """A project's revisions and, after its first commit, its workflow's that changed tasks or
        roles (with those changes only, `shapes_tasks`), newest first; uncommitted ones first."""
        own = self.of(path)
        committed = [r.commit for r in own if r.commit is not None]
        kickoff = committed[-1] if committed else None
        found = []
        for rev in self.of(workflow_path) if workflow_path else ():
            if rev.commit is not None and (
                kickoff is None or rev.commit.date < kickoff.date or rev.commit.sha == kickoff.sha
            ):
                continue
            changes = tuple(c for c in rev.changes if shapes_tasks(c))
            if changes:
                found.append(replace(rev, changes=changes))
        if not found:
            return own
        return tuple(sorted((*own, *found), key=_newest_first))

    def by_commit(self) -> tuple[Group, ...]:
        """The log grouped by commit, newest first (uncommitted changes first). Worked out once:
        what it gives is shared, never change it."""
        return self._groups

    def calendar_facts(self) -> CalendarFacts:
        """SEQUENCE and LAST-MODIFIED facts for the calendars: see CalendarFacts."""
        return self.facts


def _newest_first(rev: Revision) -> tuple[bool, float]:
    return (rev.commit is not None, -rev.commit.date.timestamp() if rev.commit is not None else 0.0)
