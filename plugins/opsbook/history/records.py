"""What history holds: each entry's revisions, the whole log, project scopes and the facts
calendars take from it. Read by `read_history` (log.py); shown by pages, the changes page, its
feed and `opsbook diff`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from .changes import Change, days_text
from .git import Commit

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
