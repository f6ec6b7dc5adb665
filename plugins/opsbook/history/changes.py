"""What changed between two revisions of an entry, in the handbook's own terms.

Tasks are matched by id, so a new title is a rename and not a removal plus an addition. A
project's dates are worked out by the scheduler before and after, so a moved launch shows as
the shift it causes: the tasks that moved with it in one line, and each task that moved by
another amount (a holiday in the way, a changed offset) on its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..core.model import Entry, Project, Responsibility, Workflow, anchor_label
from .plans import Dues, due_dates
from .revisions import Version

#: Task and step fields compared one by one, with how a page names them.
TASK_FIELDS = {
    "title": "title",
    "due": "due",
    "duration": "duration",
    "effort": "effort",
    "responsible": "responsible (R)",
    "accountable": "accountable (A)",
    "consulted": "consulted (C)",
    "informed": "informed (I)",
    "before": "before",
    "repeat": "repeat",
    "days": "days",
    "rrule": "rrule",
    "starts": "starts",
    "until": "until",
    "description": "description",
}
_SKIP_FIELDS = frozenset({"id", "path", "kind"})
#: Fields that name people or roles: a change of one says who before and after (Change.ids).
_WHO_FIELDS = frozenset({"responsible", "accountable", "consulted", "informed", "owner", "attendees", "audience"})


@dataclass(frozen=True)
class Change:
    """One change: `what` changed, from `old` to `new` (either None when added or removed)."""

    code: str
    """added, removed, renamed, changed, moved (a date), launch, status, skip, entry, unreadable."""
    what: str
    old: str | None = None
    new: str | None = None
    task: str | None = field(default=None, compare=False, repr=False)
    """For a moved task: its title and how many days it moved (to group moves with the anchor)."""
    days: int | None = field(default=None, compare=False, repr=False)
    ids: tuple[tuple[str, ...], tuple[str, ...]] | None = field(default=None, compare=False, repr=False)
    """For a change of who (a role's person, a task's R/A/C/I, an owner): the ids before and after,
    so a page can name people (Mei Chen → Leo Park) by the team it is built with."""
    role: str | None = field(default=None, compare=False, repr=False)
    """For a change of the person taking a role in a project: the role's id."""

    def named(self, name_of: Callable[[str], str]) -> Change:
        """This change with people and roles by name (`name_of` an id), when it is about who."""
        if self.ids is None:
            return self
        old, new = self.ids
        what = f"{name_of(self.role)} role taken by" if self.role is not None else self.what
        return replace(
            self,
            what=what,
            old=", ".join(map(name_of, old)) or "—" if self.old is not None else None,
            new=", ".join(map(name_of, new)) or "—" if self.new is not None else None,
        )

    def __str__(self) -> str:
        if self.old is not None and self.new is not None:
            return f"{self.what}: {self.old} → {self.new}"
        if self.new is not None:
            return f"{self.what}: {self.new}"
        if self.old is not None:
            return f"{self.what} (was {self.old})"
        return self.what


def show(value: Any) -> str:
    """A value as a page shows it."""
    if value is None or value == () or value == {}:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return ", ".join(show(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {show(v)}" for k, v in value.items())
    if hasattr(value, "model_fields"):
        parts = [
            f"{k} {show(getattr(value, k))}" for k in value.model_fields if getattr(value, k) not in (None, (), {})
        ]
        return ", ".join(parts) or "—"
    return str(value)


#: Workflow fields whose change changes the tasks of the projects that run it, or who does them.
_SHAPING = frozenset({"Owner", "Anchor", "Working days only", "Weekends"})


def shapes_tasks(change: Change) -> bool:
    """Whether a change to a workflow changes its projects' tasks or who does them."""
    return change.what.startswith("Task") or change.what in _SHAPING or change.code == "entry"


def _ids(value: Any) -> tuple[str, ...]:
    """The ids a who-field holds (one, several, or none)."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def days_text(days: int) -> str:
    sign = "+" if days > 0 else "−" if days < 0 else "±"
    return f"{sign}{abs(days)} day{'s' if abs(days) != 1 else ''}"


@dataclass(frozen=True)
class Context:
    """What a project's revision is planned with: its workflow then, and the default holidays."""

    old_workflow: Workflow | None = None
    new_workflow: Workflow | None = None
    holidays: str | None = None
    dates: Callable[[Project, Workflow | None], Dues | None] | None = None
    """How a project is planned with a workflow (e.g. remembered); due_dates with `holidays` when None."""

    def due_dates(self, project: Project, workflow: Workflow | None) -> Dues | None:
        return self.dates(project, workflow) if self.dates else due_dates(project, workflow, self.holidays)


def diff_versions(old: Version | None, new: Version | None, context: Context = Context()) -> list[Change]:
    """The changes from `old` to `new` (None: the file did not exist)."""
    if old is None and new is None:
        return []
    if new is not None and not new.readable:
        return [Change("unreadable", "This revision cannot be read", new=new.problem)]
    if old is None or not old.readable:
        if new is None:
            assert old is not None
            return [Change("entry", "File removed", old=old.title)]  # its last revision did not read
        assert new.entry is not None
        what = f"{new.entry.kind.capitalize()} added" if old is None else "Readable again"
        return [Change("entry", what, new=new.entry.display_title)]
    if new is None:
        assert old.entry is not None
        return [Change("entry", f"{old.entry.kind.capitalize()} removed", old=old.entry.display_title)]
    a, b = old.entry, new.entry
    assert a is not None and b is not None
    if a.kind != b.kind:
        return [Change("entry", "Kind changed", a.kind, b.kind)]
    if isinstance(a, Project) and isinstance(b, Project):
        return list(_project(a, b, context))
    return list(_entry(a, b))


def _entry(a: Entry, b: Entry) -> Iterable[Change]:
    for name in type(a).model_fields:
        if name in _SKIP_FIELDS:
            continue
        old, new = getattr(a, name), getattr(b, name)
        if old == new:
            continue
        if name == "body":
            yield Change("changed", "Notes (body) rewritten")
        elif name in ("tasks", "steps"):
            yield from _items(old, new, "Task" if name == "tasks" else "Step")
        elif name == "assets":
            yield from _keyed(old, new, "Asset", lambda x: x.id, lambda x: x.title)
        elif name == "links":
            yield from _keyed(old, new, "Link", lambda x: x.url, lambda x: x.title)
        elif name in ("roles", "people"):
            yield from _mapping(old, new, "Role" if name == "roles" else "Person")
        else:
            ids = (_ids(old), _ids(new)) if name in _WHO_FIELDS else None
            yield Change("changed", name.replace("_", " ").capitalize(), show(old), show(new), ids=ids)


def _items(old: Sequence[Responsibility], new: Sequence[Responsibility], noun: str) -> Iterable[Change]:
    before = {t.id: t for t in old}
    after = {t.id: t for t in new}
    for tid, task in after.items():
        if tid not in before:
            yield Change("added", f"{noun} added", new=task.title)
    for tid, task in before.items():
        if tid not in after:
            yield Change("removed", f"{noun} removed", old=task.title)
    for tid, task in after.items():
        prior = before.get(tid)
        if prior is None or prior is task or prior == task:
            continue
        if prior.title != task.title:
            yield Change("renamed", f"{noun} renamed", prior.title, task.title)
        for name, label in TASK_FIELDS.items():
            if name == "title" or name not in type(task).model_fields:
                continue
            was, now = getattr(prior, name), getattr(task, name)
            if was != now:
                ids = (_ids(was), _ids(now)) if name in _WHO_FIELDS else None
                yield Change("changed", f"{noun} “{task.title}”: {label}", show(was), show(now), ids=ids)
    if [t for t in before if t in after] != [t for t in after if t in before]:
        yield Change("changed", f"{noun}s reordered")


def _keyed(old: Sequence[Any], new: Sequence[Any], noun: str, key: Any, title: Any) -> Iterable[Change]:
    before = {key(x): x for x in old}
    after = {key(x): x for x in new}
    for k, item in after.items():
        if k not in before:
            yield Change("added", f"{noun} added", new=title(item))
        elif before[k] != item:
            for name in type(item).model_fields:
                was, now = getattr(before[k], name), getattr(item, name)
                if was != now:
                    yield Change("changed", f"{noun} “{title(item)}”: {name}", show(was), show(now))
    for k, item in before.items():
        if k not in after:
            yield Change("removed", f"{noun} removed", old=title(item))


def _mapping(old: Mapping[str, Any], new: Mapping[str, Any], noun: str) -> Iterable[Change]:
    for k, item in new.items():
        if k not in old:
            yield Change("added", f"{noun} added", new=k)
        elif old[k] != item:
            for name in type(item).model_fields:
                was, now = getattr(old[k], name), getattr(item, name)
                if was != now:
                    yield Change("changed", f"{noun} {k}: {name}", show(was), show(now))
    for k in old:
        if k not in new:
            yield Change("removed", f"{noun} removed", old=k)


def reassignments(a: Project, b: Project) -> list[Change]:
    """A change for each role of a project's `assign` that another person takes in `b` than in `a`."""
    found = []
    for role in dict.fromkeys((*a.assign, *b.assign)):
        was, now = a.assign.get(role), b.assign.get(role)
        if was != now:
            who = (_ids(was), _ids(now))
            found.append(Change("assign", f"Role {role} assigned to", show(was), show(now), ids=who, role=role))
    return found


def _project(a: Project, b: Project, context: Context) -> Iterable[Change]:
    workflow = context.new_workflow or context.old_workflow
    anchor = workflow.anchor if workflow is not None else "launch"
    shift = (b.anchor_date - a.anchor_date).days
    if shift:
        yield Change(
            "launch",
            f"{anchor_label(anchor)} moved",
            a.anchor_date.isoformat(),
            f"{b.anchor_date.isoformat()} ({days_text(shift)})",
        )
    for name in ("title", "workflow", "holidays", "weekends", "summary", "tags"):
        was, now = getattr(a, name), getattr(b, name)
        if was != now:
            yield Change("changed", name.capitalize(), show(was), show(now))
    yield from reassignments(a, b)
    titles = _titles(a, context.old_workflow) | _titles(b, context.new_workflow)
    for tid in b.skip:
        if tid not in a.skip:
            yield Change("skip", "Task skipped", new=titles.get(tid, tid))
    for tid in a.skip:
        if tid not in b.skip:
            yield Change("skip", "Task no longer skipped", new=titles.get(tid, tid))
    yield from _items(a.tasks, b.tasks, "Project task")
    for tid in dict.fromkeys((*a.status, *b.status)):
        was, now = a.status.get(tid), b.status.get(tid)
        if was == now:
            continue
        yield Change("status", f"Task “{titles.get(tid, tid)}” status", _state(was), _state(now))
    if a.body != b.body:
        yield Change("changed", "Notes (body) rewritten")
    yield from anchored_moves(
        context.due_dates(a, context.old_workflow), context.due_dates(b, context.new_workflow), shift, anchor
    )


def moved_dates(
    old: Mapping[str, tuple[str, dt.date]] | None, new: Mapping[str, tuple[str, dt.date]] | None
) -> list[Change]:
    """A change for every task due on another date; tasks planned only on one side are left to
    the added/removed/skipped changes."""
    return [_moved(*move) for move in _moves(old, new)]


def anchored_moves(
    old: Mapping[str, tuple[str, dt.date]] | None,
    new: Mapping[str, tuple[str, dt.date]] | None,
    shift: int,
    anchor: str,
) -> list[Change]:
    """The task moves (as moved_dates), with those that only followed the anchor date's `shift`
    as one change, when there are two or more of them."""
    moves = _moves(old, new)
    followed = [title for title, _, _, days in moves if shift and days == shift]
    if len(followed) < 2:
        return [_moved(*move) for move in moves]
    return [_group(shift, anchor, followed), *(_moved(*move) for move in moves if move[3] != shift)]


_Move = tuple[str, dt.date, dt.date, int]
"""A task's title, its old and new due dates, and the days between them."""


def _moves(old: Mapping[str, tuple[str, dt.date]] | None, new: Mapping[str, tuple[str, dt.date]] | None) -> list[_Move]:
    if old is None or new is None:
        return []
    moves = []
    for tid, (title, due) in new.items():
        if tid in old and old[tid][1] != due:
            moves.append((title, old[tid][1], due, (due - old[tid][1]).days))
    return moves


def _moved(title: str, was: dt.date, due: dt.date, days: int) -> Change:
    return Change(
        "moved", f"Task “{title}” due", was.isoformat(), f"{due.isoformat()} ({days_text(days)})", task=title, days=days
    )


def _group(shift: int, anchor: str, titles: list[str]) -> Change:
    return Change("moved", f"Due dates moved with the {anchor} ({days_text(shift)})", new=", ".join(titles))


def _state(status: Any) -> str:
    if status is None:
        return "open"
    return f"done {status.done.isoformat()}" if status.done else "done"


def _titles(project: Project, workflow: Workflow | None) -> dict[str, str]:
    tasks = (*(workflow.tasks if workflow else ()), *project.tasks)
    return {t.id: t.title for t in tasks}
