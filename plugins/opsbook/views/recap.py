"""The team's week in review (`recaps/`, `opsbook recap`, `recaps/feed.xml`): per ISO week, what
was done, what became past due, what is due the week after, the scope changes committed that
week and the notes and decisions dated in it.

Weeks are ISO weeks (Monday to Sunday) in the handbook's time zone. The site has a page for each
week from the earliest one with anything in it up to the current week, at most `RECAP_WEEKS`
of them (the newest): a handbook with years of history does not get a thousand pages, and the
build's cost stays bounded by the handbook's size, not its age. `opsbook recap --week` works
out any week on demand.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..core.model import Handbook, Team
from ..core.plan import ProjectPlan, TaskState
from ..core.settings import Settings
from ..core.urls import page_url, url_of
from ..history import Change, History
from .changed import changed_entry_url
from .derived import Derived
from .weeks import monday_of, week_key, week_start

#: The most weeks the site has a recap page for: the current week and those before it.
RECAP_WEEKS = Settings.recap_weeks
#: Notes with this tag are listed as decisions.
DECISION_TAG = "decision"


@dataclass(frozen=True)
class RecapTask:
    """A project task as a recap lists it."""

    project_id: str
    project: str
    """The project's title."""
    task_id: str
    title: str
    due: dt.date
    who: tuple[str, ...]
    """Who is responsible (person ids, or roles nobody takes)."""
    names: tuple[str, ...]
    done: bool
    done_on: dt.date | None

    @property
    def url(self) -> str:
        return f"projects/{self.project_id}/#task-{self.task_id}"

    @property
    def late_on(self) -> dt.date:
        """The day it became past due, when it was not done on its due day."""
        return self.due + dt.timedelta(days=1)


@dataclass(frozen=True)
class ScopeEntry:
    """One entry a commit changed, with its changes (people and roles by name)."""

    kind: str | None
    title: str
    url: str | None
    """The entry's page, relative to the site root (`views.changed.changed_entry_url`)."""
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class ScopeCommit:
    date: dt.datetime
    author: str
    subject: str
    entries: tuple[ScopeEntry, ...]


@dataclass(frozen=True)
class RecapNote:
    title: str
    date: dt.date
    url: str
    decision: bool
    project: str | None
    """The title of the project it is about."""

    @property
    def titled_decision(self) -> bool:
        """Whether its title already says it is a decision."""
        return self.title.lower().startswith("decision")


@dataclass(frozen=True)
class Week:
    """One ISO week's recap."""

    key: str
    """`2027-W03`: the name of its page, `recaps/2027-W03/`."""
    start: dt.date
    """Its Monday."""
    current: bool
    done: tuple[RecapTask, ...]
    """Tasks done in the week (tasks done on no recorded day are in no week)."""
    past_due: tuple[RecapTask, ...]
    """Tasks that became past due in the week: due the day before one of its days and not done
    by then (the current week: up to today)."""
    due_next: tuple[RecapTask, ...]
    """Tasks due in the week after, done or not."""
    scope: tuple[ScopeCommit, ...]
    """The commits of the week that changed the handbook's entries, oldest first."""
    launch_moves: int
    tasks_added: int
    tasks_removed: int
    people_changed: int
    notes: tuple[RecapNote, ...]

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=6)

    @property
    def src(self) -> str:
        return f"recaps/{self.key}.md"

    @property
    def url(self) -> str:
        return url_of(self.src)

    @property
    def title(self) -> str:
        year, week, _ = self.start.isocalendar()
        return f"Week {week}, {year}"

    @property
    def span(self) -> str:
        """`18–24 Jan 2027`, `28 Dec 2026 – 3 Jan 2027`."""
        start, end = self.start, self.end
        if start.year != end.year:
            return f"{start:%-d %b %Y} – {end:%-d %b %Y}"
        if start.month != end.month:
            return f"{start:%-d %b} – {end:%-d %b %Y}"
        return f"{start.day}–{end:%-d %b %Y}"

    @property
    def summary(self) -> str:
        """`2 done · 1 became past due · 1 launch moved · 1 commit`: what the week counts."""
        parts = [
            (len(self.done), "done", "done"),
            (len(self.past_due), "became past due", "became past due"),
            (self.launch_moves, "launch moved", "launches moved"),
            (self.tasks_added, "task added", "tasks added"),
            (self.tasks_removed, "task removed", "tasks removed"),
            (self.people_changed, "person changed", "people changed"),
            (len(self.scope), "commit", "commits"),
            (len(self.notes), "note", "notes"),
        ]
        return " · ".join(f"{n} {one if n == 1 else many}" for n, one, many in parts if n)

    @property
    def empty(self) -> bool:
        return not (self.done or self.past_due or self.due_next or self.scope or self.notes)


def recap_weeks(
    handbook: Handbook, derived: Derived, history: History | None, today: dt.date, most: int = RECAP_WEEKS
) -> tuple[Week, ...]:
    """The site's recaps, newest first: from the earliest week with anything in it to the week of
    `today`, at most `most` weeks."""
    current = monday_of(today)
    first = current - dt.timedelta(weeks=max(most, 1) - 1)
    facts = _Facts(handbook, derived, history, today, first)
    earliest = min(facts.earliest, current)
    starts = []
    monday = current
    while monday >= max(first, earliest):
        starts.append(monday)
        monday -= dt.timedelta(weeks=1)
    return tuple(facts.week(start) for start in starts)


def recap_of(handbook: Handbook, derived: Derived, history: History | None, key: str, today: dt.date) -> Week:
    """The recap of one week (ValueError for a key that names no week)."""
    start = week_start(key)
    return _Facts(handbook, derived, history, today, start).week(start)


class _Facts:
    """Everything from `first` (a Monday) up to today, sorted into weeks by their Mondays, in one
    pass; `earliest`, the Monday of the first week with anything in it, looks further back."""

    def __init__(
        self, handbook: Handbook, derived: Derived, history: History | None, today: dt.date, first: dt.date
    ) -> None:
        self.today = today
        self.current = monday_of(today)
        self.done: dict[dt.date, list[RecapTask]] = defaultdict(list)
        self.past_due: dict[dt.date, list[RecapTask]] = defaultdict(list)
        self.due: dict[dt.date, list[RecapTask]] = defaultdict(list)
        self.notes: dict[dt.date, list[RecapNote]] = defaultdict(list)
        self.scope: dict[dt.date, list[ScopeCommit]] = defaultdict(list)
        self.counts: dict[dt.date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        dates: list[dt.date] = []
        for plan in derived.plans.values():
            dates.extend(self._tasks(handbook.team, plan, first))
        dates.extend(self._notes(handbook, first))
        if history is not None:
            dates.extend(self._commits(handbook, history, first))
        self.earliest = monday_of(min(dates)) if dates else self.current

    def _tasks(self, team: Team, plan: ProjectPlan, first: dt.date) -> Iterable[dt.date]:
        project = plan.project
        today, day = self.today, dt.timedelta(days=1)
        # "Due next week" of the weeks from `first` to this one (or to `first` itself, a week still
        # to come that `opsbook recap --week` asks for): due from first's next Monday on.
        last = max(self.current, monday_of(first))
        due_from, due_until = first + dt.timedelta(weeks=1), last + dt.timedelta(weeks=2) - day
        for planned in plan.tasks:
            done_on, due = planned.done_on, planned.due
            done = planned.state is TaskState.DONE
            buckets = []
            if due_from <= due <= due_until:
                buckets.append(self.due[monday_of(due)])
            if done_on is not None and done_on <= today:
                yield done_on
                if done_on >= first:
                    buckets.append(self.done[monday_of(done_on)])
            late = due + day
            if late <= today and (not done or (done_on is not None and done_on > due)):
                yield late
                if late >= first:
                    buckets.append(self.past_due[monday_of(late)])
            if buckets:
                names = tuple(team.name_of(w) for w in planned.responsible)
                task = RecapTask(
                    project.id,
                    project.display_title,
                    planned.task.id,
                    planned.task.title,
                    due,
                    planned.responsible,
                    names,
                    done,
                    done_on,
                )
                for bucket in buckets:
                    bucket.append(task)

    def _notes(self, handbook: Handbook, first: dt.date) -> Iterable[dt.date]:
        for note in handbook.notes:
            if note.date is None or note.date > self.today:
                continue
            yield note.date
            if note.date < first:
                continue
            project = handbook.get("project", note.project) if note.project else None
            self.notes[monday_of(note.date)].append(
                RecapNote(
                    note.display_title,
                    note.date,
                    page_url(note),
                    DECISION_TAG in note.tags,
                    project.display_title if project is not None else None,
                )
            )

    def _commits(self, handbook: Handbook, history: History, first: dt.date) -> Iterable[dt.date]:
        tz = zoneinfo.ZoneInfo(handbook.timezone)
        team = handbook.team
        for commit, revisions in history.committed.groups:
            day = commit.date.astimezone(tz).date()
            if day > self.today:
                continue
            yield day
            if day < first:
                continue
            entries = []
            counts = self.counts[monday_of(day)]
            for rev in revisions:
                if not rev.changes:
                    continue
                for change in rev.changes:
                    counted = _counted(change)
                    if counted:
                        counts[counted] += 1
                named = tuple(c.named(team.name_of) for c in rev.changes)
                url = changed_entry_url(handbook, rev.kind, rev.path)
                entries.append(ScopeEntry(rev.kind, rev.title, url, named))
            if entries:
                found = ScopeCommit(commit.date, commit.author, commit.subject, tuple(entries))
                self.scope[monday_of(day)].append(found)

    def week(self, start: dt.date) -> Week:
        counts = self.counts.get(start, {})
        return Week(
            key=week_key(start),
            start=start,
            current=start == self.current,
            done=tuple(sorted(self.done.get(start, ()), key=lambda t: (t.done_on or t.due, t.project, t.due))),
            past_due=tuple(sorted(self.past_due.get(start, ()), key=lambda t: (t.due, t.project))),
            due_next=tuple(sorted(self.due.get(start + dt.timedelta(weeks=1), ()), key=lambda t: (t.due, t.project))),
            scope=tuple(sorted(self.scope.get(start, ()), key=lambda c: c.date)),
            launch_moves=counts.get("launch", 0),
            tasks_added=counts.get("added", 0),
            tasks_removed=counts.get("removed", 0),
            people_changed=counts.get("assign", 0),
            notes=tuple(sorted(self.notes.get(start, ()), key=lambda n: (n.date, n.title))),
        )


def recap_numbers(weeks: Sequence[Week]) -> list[dict[str, Any]]:
    """The weeks' counts as plain data (for metrics.json): one dict per week, newest first, each
    with its key, Monday and Sunday, page, and how many tasks were done, became past due and are
    due the week after, launch moves, tasks added and removed, people changed, commits and notes."""
    return [
        {
            "week": w.key,
            "start": w.start.isoformat(),
            "end": w.end.isoformat(),
            "url": w.url,
            "current": w.current,
            "done": len(w.done),
            "done_late": sum(1 for t in w.done if t.done_on is not None and t.done_on > t.due),
            "became_past_due": len(w.past_due),
            "due_next_week": len(w.due_next),
            "launch_moves": w.launch_moves,
            "tasks_added": w.tasks_added,
            "tasks_removed": w.tasks_removed,
            "people_changed": w.people_changed,
            "commits": len(w.scope),
            "notes": len(w.notes),
            "decisions": sum(1 for n in w.notes if n.decision),
        }
        for w in weeks
    ]


def _counted(change: Change) -> str | None:
    """What a change counts as in a week's summary: a launch move, a task added or removed (or
    skipped), a role's person changed; None for the rest."""
    if change.code in ("launch", "assign"):
        return change.code
    if change.code in ("added", "removed") and change.what.lower().startswith(("task", "project task", "step")):
        return change.code
    if change.code == "skip" and change.what == "Task skipped":
        return "removed"
    return None


__all__ = [
    "DECISION_TAG",
    "RECAP_WEEKS",
    "RecapNote",
    "RecapTask",
    "ScopeCommit",
    "ScopeEntry",
    "Week",
    "recap_numbers",
    "recap_of",
    "recap_weeks",
    "week_key",
    "week_start",
]
