"""Due dates worked back from an anchor date (SPEC §3, kind: workflow).

A task with `due` is fixed at its offset from the anchor. A task without one is due the day
before the earliest start of the tasks in its `before` (the anchor, when it has none): the
latest day it can be due. A task starts `duration - 1` days before it is due.
"""

from __future__ import annotations

import datetime as dt
import graphlib
from collections.abc import Sequence
from dataclasses import dataclass

from .durations import Duration
from .errors import did_you_mean
from .model import Task
from .workdays import ONE_DAY, WorkCalendar

#: The anchor a workflow is checked against on its own: a Wednesday with no holiday near it.
#: Projects are checked again against their real dates and holidays.
NOMINAL_ANCHOR = dt.date(2025, 6, 18)
#: How far before its anchor a workflow may start. Each offset and duration is at most about ten
#: years (durations.LONGEST), but a chain of tasks adds theirs up, and dates run out at year 1.
SPAN_YEARS = 100
SPAN_DAYS = SPAN_YEARS * 366


@dataclass(frozen=True)
class ScheduledTask:
    task: Task
    due: dt.date
    start: dt.date
    offset_days: int
    """Calendar days from the anchor to the due date (negative before it)."""

    @property
    def fixed(self) -> bool:
        return self.task.due is not None


@dataclass(frozen=True)
class Schedule:
    """Every task's dates for one anchor date, in date order."""

    anchor: dt.date
    tasks: tuple[ScheduledTask, ...]

    @property
    def start(self) -> dt.date:
        return min((t.start for t in self.tasks), default=self.anchor)

    @property
    def length_days(self) -> int:
        """The workflow's length: from the earliest start to the anchor, both days counted."""
        return (self.anchor - self.start).days + 1

    def get(self, task_id: str) -> ScheduledTask | None:
        return next((t for t in self.tasks if t.task.id == task_id), None)


@dataclass(frozen=True)
class ScheduleIssue:
    """Why a schedule cannot hold, at a field of one task (`field`, and `index` in a list)."""

    task_id: str
    field: str
    message: str
    index: int | None = None
    relative_message: str | None = None
    """The same, in days from the anchor, for a workflow checked without a real date."""


class ScheduleError(ValueError):
    def __init__(self, issues: Sequence[ScheduleIssue]) -> None:
        super().__init__("; ".join(i.message for i in issues))
        self.issues = tuple(issues)


def schedule(
    tasks: Sequence[Task],
    anchor: dt.date,
    calendar: WorkCalendar | None = None,
    *,
    working_days_only: bool = False,
    weekends_before: bool | None = None,
) -> Schedule:
    """Work out every task's due and start date; ScheduleError lists every problem at once.

    `working_days_only`: a task worked back from another is due the working day before it starts.
    `weekends_before` (by default as `working_days_only`): a due date worked out from an offset
    that falls on a weekend or holiday moves to the working day before."""
    calendar = calendar or WorkCalendar()
    if weekends_before is None:
        weekends_before = working_days_only
    by_id = {t.id: t for t in tasks}
    issues: list[ScheduleIssue] = []
    successors: dict[str, list[str]] = {}
    for task in tasks:
        successors[task.id] = []
        for i, other in enumerate(task.before):
            if other in by_id:
                successors[task.id].append(other)
            else:
                hint = did_you_mean(other, by_id)
                issues.append(ScheduleIssue(task.id, "before", f"unknown task '{other}' in 'before'{hint}", i))
    order = _successors_first(successors, issues)
    if issues:
        raise ScheduleError(issues)

    due: dict[str, dt.date] = {}
    start: dict[str, dt.date] = {}
    for task_id in order:
        task = by_id[task_id]
        if any(s not in start for s in successors[task_id]):
            continue  # after a task that cannot be placed (reported there)
        if task.due is not None:
            if task.due.business:
                day = calendar.add_business_days(anchor, task.due.days)
            else:
                day = anchor + dt.timedelta(days=task.due.days)
            if weekends_before:
                day = calendar.on_or_before(day)
        else:
            limit = min((start[s] for s in successors[task_id]), default=anchor)
            day = limit - ONE_DAY
            if working_days_only:
                day = calendar.on_or_before(day)
        begins = _start(day, task.duration, calendar)
        if (anchor - begins).days > SPAN_DAYS:
            issues.append(_too_long(task, begins, anchor))
            continue
        due[task_id] = day
        start[task_id] = begins
    if issues:
        raise ScheduleError(issues)

    for task in tasks:
        if task.due is None:
            continue
        for i, other in enumerate(task.before):
            if due[task.id] >= start[other]:
                issues.append(
                    ScheduleIssue(
                        task.id,
                        "due",
                        f"'{task.id}' is due {due[task.id]}, on or after the start of '{other}' "
                        f"({start[other]}), which it must precede (before[{i}])",
                        relative_message=(
                            f"'{task.id}' is due {_days(due[task.id], anchor)}, on or after the start of "
                            f"'{other}' ({_days(start[other], anchor)}), which it must precede (before[{i}])"
                        ),
                    )
                )
    if issues:
        raise ScheduleError(issues)

    position = {t.id: n for n, t in enumerate(tasks)}
    rows = sorted(
        (ScheduledTask(t, due[t.id], start[t.id], (due[t.id] - anchor).days) for t in tasks),
        key=lambda s: (s.due, s.start, position[s.task.id]),
    )
    return Schedule(anchor, tuple(rows))


def without(tasks: Sequence[Task], skipped: set[str]) -> list[Task]:
    """The tasks less the skipped ones. A task that came before a skipped task now comes before
    what the skipped task came before, so the order the workflow sets still holds."""
    by_id = {t.id: t for t in tasks}
    kept = []
    for task in tasks:
        if task.id in skipped:
            continue
        if skipped.intersection(task.before):
            after = _successors(by_id, skipped, task.id, frozenset({task.id}))
            task = task.model_copy(update={"before": tuple(dict.fromkeys(after))})
        kept.append(task)
    return kept


def _successors(by_id: dict[str, Task], skipped: set[str], task_id: str, seen: frozenset[str]) -> list[str]:
    """What `task_id` comes before once the skipped tasks are gone. (A function of its own, not
    a closure calling itself: that would make a reference cycle of every call, holding its tasks
    until a full garbage collection.)"""
    found: list[str] = []
    for nxt in by_id[task_id].before if task_id in by_id else ():
        if nxt in skipped and nxt not in seen:
            found.extend(_successors(by_id, skipped, nxt, seen | {nxt}))
        elif nxt not in skipped:
            found.append(nxt)
    return found


def _days(day: dt.date, anchor: dt.date) -> str:
    n = (day - anchor).days
    if n == 0:
        return "on the anchor day"
    return f"{abs(n)} day{'s' if abs(n) != 1 else ''} {'before' if n < 0 else 'after'} the anchor"


def _too_long(task: Task, begins: dt.date, anchor: dt.date) -> ScheduleIssue:
    years = (anchor - begins).days // 365
    why = f"a workflow reaches back at most {SPAN_YEARS} years (the durations of the tasks in a chain add up)"
    return ScheduleIssue(
        task.id,
        "duration",
        f"'{task.id}' would start on {begins}, {years} years before the anchor ({anchor}): {why}",
        relative_message=f"'{task.id}' would start {years} years before the anchor: {why}",
    )


def _start(due: dt.date, duration: Duration, calendar: WorkCalendar) -> dt.date:
    days = max(duration.calendar_days, 1)
    if duration.business:
        return calendar.add_business_days(due, -(days - 1))
    return due - dt.timedelta(days=days - 1)


def _successors_first(successors: dict[str, list[str]], issues: list[ScheduleIssue]) -> list[str]:
    # A task's date depends on its successors' starts, so successors are placed first. Any such
    # order gives the same dates; a depth-first walk finds one for a fraction of what graphlib
    # costs, and graphlib names the cycle when there is one.
    order: list[str] = []
    placed: set[str] = set()
    for root in successors:
        if root in placed:
            continue
        path = {root}
        stack = [(root, iter(successors[root]))]
        while stack:
            node, pending = stack[-1]
            for nxt in pending:
                if nxt in placed:
                    continue
                if nxt in path:
                    return _cycle(successors, issues)
                path.add(nxt)
                stack.append((nxt, iter(successors[nxt])))
                break
            else:
                stack.pop()
                path.discard(node)
                placed.add(node)
                order.append(node)
    return order


def _cycle(successors: dict[str, list[str]], issues: list[ScheduleIssue]) -> list[str]:
    sorter = graphlib.TopologicalSorter(successors)
    try:
        return list(sorter.static_order())
    except graphlib.CycleError as err:
        cycle = list(err.args[1])
        path = " → ".join(reversed(cycle))
        first = cycle[-1]
        nxt = cycle[-2] if len(cycle) > 1 else first
        index = successors[first].index(nxt) if nxt in successors[first] else None
        issues.append(ScheduleIssue(first, "before", f"cycle in 'before': {path}", index))
        return []
