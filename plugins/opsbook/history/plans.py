"""A project's due dates as history compares them: planned by the scheduler, or, when only the
anchor date moved and no rule of the calendar is involved, the same plan moved with it.

Most commits to a project move its launch, mark tasks done or reword its notes; none of that
changes its plan's shape. Where every task is dated in calendar days (no `bd` offset or
duration, no `working_days_only` or `weekends: before`), the scheduler's dates are the anchor
plus fixed offsets, so the plan for another anchor date is the same offsets from it: the same
dates the scheduler would give, without scheduling again (tests hold it to `schedule()`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..core.model import Project, Task, Workflow, schedule_rules
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
        sched = schedule(
            tasks,
            anchor,
            WorkCalendar(project.holidays or holidays),
            **schedule_rules(workflow, project),
        )
    except (ScheduleError, ValueError, KeyError):
        return None
    rows = tuple((row.task.id, row.task.title, row.due - anchor) for row in sched.tasks)
    zero = dt.timedelta(0)
    return Shape(
        rows, min((zero, *(row.start - anchor for row in sched.tasks))), max((zero, *(offset for _, _, offset in rows)))
    )


def calendar_free(project: Project, workflow: Workflow) -> bool:
    """Whether the project's plan uses no rule of the calendar: then it only moves with its anchor."""
    return (
        not any(schedule_rules(workflow, project).values())
        and _in_calendar_days(workflow.tasks)
        and _in_calendar_days(project.tasks)
    )


def _in_calendar_days(tasks: tuple[Task, ...]) -> bool:
    return not any(task.duration.business or (task.due is not None and task.due.business) for task in tasks)


class Plans:
    """Projects' dates, planned once for what they are planned from: the tasks of the workflow
    and the project, the skipped ones, the calendar, and the anchor date unless `calendar_free`
    (then the plan is moved to each anchor). Keyed by those values, whatever objects hold them:
    entries of the revision cache and entries loaded for a build alike."""

    def __init__(self) -> None:
        self._moved: dict[Inputs, Shape] = {}
        self._planned: dict[tuple[Inputs, dt.date], Dues | None] = {}
        self.scheduled = 0
        """How many plans the scheduler made (the rest were moved or known), for tests."""

    def dates(self, project: Project, workflow: Workflow | None, holidays: str | None) -> Dues | None:
        """As `due_dates`. What it gives is shared: never change it."""
        if workflow is None:
            return None
        inputs = (
            workflow.tasks,
            tuple(schedule_rules(workflow, project).values()),
            project.tasks,
            project.skip,
            project.holidays or holidays,
        )
        anchor = project.anchor_date
        shape = self._moved.get(inputs)
        if shape is not None and shape.fits(anchor):
            return shape.dues(anchor)
        key = (inputs, anchor)
        if key in self._planned:
            return self._planned[key]
        self.scheduled += 1
        shape = _planned(project, workflow, holidays)
        dues = shape.dues(anchor) if shape is not None else None
        if shape is not None and calendar_free(project, workflow):
            self._moved[inputs] = shape
        else:
            self._planned[key] = dues
        return dues


Inputs = tuple[tuple[Task, ...], tuple[bool, ...], tuple[Task, ...], tuple[str, ...], str | None]
"""What a plan is made from, its anchor date aside (see Plans)."""
