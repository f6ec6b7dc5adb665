"""A project's due dates as history compares them: planned by the scheduler, or, when only the
anchor date moved and no rule of the calendar is involved, the same plan moved with it.

Most commits to a project move its launch, mark tasks done or reword its notes; none of that
changes its plan's shape. Where every task is dated in calendar days (no `bd` offset or
duration, no `working_days_only`), the scheduler's dates are the anchor plus fixed offsets, so
the plan for another anchor date is the same offsets from it: the same dates the scheduler would
give, without scheduling again (tests hold it to `schedule()`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..core.model import Project, Task, Workflow
from ..core.schedule import ScheduleError, schedule, without
from ..core.workdays import WorkCalendar

Dues = dict[str, tuple[str, dt.date]]
"""Task id -> (title, due date)."""


def due_dates(project: Project, workflow: Workflow | None, holidays: str | None) -> Dues | None:
    """Task id -> (title, due date) for a project with its workflow; None when it cannot be planned."""
    shape = _planned(project, workflow, holidays)
    return shape.dues(project.anchor_date) if shape is not None else None


@dataclass(frozen=True)
class Shape:
    """A plan as offsets from its anchor date: (task id, title, time from the anchor to the due
    date), in the plan's order; `earliest` and `latest` bound every date the scheduler works
    out (starts, dues and the anchor itself), as time from the anchor."""

    rows: tuple[tuple[str, str, dt.timedelta], ...]
    earliest: dt.timedelta
    latest: dt.timedelta

    def dues(self, anchor: dt.date) -> Dues:
        return {tid: (title, anchor + offset) for tid, title, offset in self.rows}

    def fits(self, anchor: dt.date) -> bool:
        """Whether every date of the plan at `anchor` is a date (the scheduler would not overflow)."""
        try:
            anchor + self.earliest
            anchor + self.latest
        except OverflowError:
            return False
        return True


def _planned(project: Project, workflow: Workflow | None, holidays: str | None) -> Shape | None:
    if workflow is None:
        return None
    tasks = without((*workflow.tasks, *project.tasks), set(project.skip))
    anchor = project.anchor_date
    try:
        sched = schedule(tasks, anchor, WorkCalendar(project.holidays or holidays),
                         working_days_only=workflow.working_days_only)
    except (ScheduleError, ValueError, KeyError):
        return None
    rows = tuple((row.task.id, row.task.title, row.due - anchor) for row in sched.tasks)
    zero = dt.timedelta(0)
    return Shape(rows, min((zero, *(row.start - anchor for row in sched.tasks))),
                 max((zero, *(offset for _, _, offset in rows))))


def calendar_free(project: Project, workflow: Workflow) -> bool:
    """Whether the project's plan uses no rule of the calendar: then it only moves with its anchor."""
    return _calendar_free(workflow) and _in_calendar_days(project.tasks)


def _calendar_free(workflow: Workflow) -> bool:
    return not workflow.working_days_only and _in_calendar_days(workflow.tasks)


def _in_calendar_days(tasks: tuple[Task, ...]) -> bool:
    return not any(task.duration.business or (task.due is not None and task.due.business) for task in tasks)


class Plans:
    """Projects' dates, planned once per (project, workflow) pair and moved with the anchor where
    `calendar_free`. Both entries must stay alive while they are here: pairs are kept by identity
    (the values hold both, so an id is not reused), as the revision cache keeps its entries."""

    def __init__(self) -> None:
        self._pairs: dict[tuple[int, int, str | None], tuple[Any, Any, Dues | None]] = {}
        self._shapes: dict[tuple[int, str | None], tuple[Project, Workflow, Shape]] = {}
        """The last calendar-free plan made with a workflow (by identity) and default holidays."""
        self._free: dict[int, tuple[Workflow, bool]] = {}
        """Whether a workflow (by identity, kept alive here) uses no rule of the calendar."""
        self.scheduled = 0
        """How many plans the scheduler made (the rest were moved), for tests."""

    def dates(self, project: Project, workflow: Workflow | None, holidays: str | None) -> Dues | None:
        key = (id(project), id(workflow), holidays)
        found = self._pairs.get(key)
        if found is None:
            found = self._pairs[key] = (project, workflow, self._plan(project, workflow, holidays))
        return found[2]

    def _plan(self, project: Project, workflow: Workflow | None, holidays: str | None) -> Dues | None:
        if workflow is None:
            return None
        known_free = self._free.get(id(workflow))
        if known_free is None:
            known_free = self._free[id(workflow)] = (workflow, _calendar_free(workflow))
        free = known_free[1] and _in_calendar_days(project.tasks)
        if free:
            known = self._shapes.get((id(workflow), holidays))
            if known is not None and _same_shape(known[0], project) and known[2].fits(project.anchor_date):
                return known[2].dues(project.anchor_date)
        self.scheduled += 1
        shape = _planned(project, workflow, holidays)
        if shape is None:
            return None
        if free:
            self._shapes[(id(workflow), holidays)] = (project, workflow, shape)
        return shape.dues(project.anchor_date)


def _same_shape(a: Project, b: Project) -> bool:
    """Whether two projects with one workflow plan the same tasks the same way (the anchor date aside)."""
    return a.tasks == b.tasks and a.skip == b.skip and a.holidays == b.holidays
