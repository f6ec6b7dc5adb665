"""A project's plan: its workflow's schedule on the project's dates, with people and status."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from .model import Handbook, Project, Task, Workflow, schedule_rules
from .schedule import NOMINAL_ANCHOR, Schedule, ScheduleError, schedule, without
from .workdays import WorkCalendar


class TaskState(str, enum.Enum):
    DONE = "done"
    PAST_DUE = "past due"
    DUE_TODAY = "due today"
    UPCOMING = "upcoming"


@dataclass(frozen=True)
class PlannedTask:
    task: Task
    due: dt.date
    start: dt.date
    offset_days: int
    responsible: tuple[str, ...]
    """People (or roles nobody holds) doing the work."""
    accountable: str | None
    consulted: tuple[str, ...]
    informed: tuple[str, ...]
    state: TaskState
    done_on: dt.date | None
    extra: bool
    """Added by the project, not in its workflow."""

    @property
    def people(self) -> tuple[str, ...]:
        """Who it is on: the responsible, then the accountable (when there is one)."""
        return (*self.responsible, *((self.accountable,) if self.accountable else ()))


@dataclass(frozen=True)
class ProjectPlan:
    project: Project
    workflow: Workflow
    schedule: Schedule
    tasks: tuple[PlannedTask, ...]
    skipped: tuple[Task, ...]

    @property
    def people(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for task in self.tasks:
            for who in (*task.responsible, task.accountable):
                if who:
                    seen[who] = None
        return tuple(seen)

    def count(self, state: TaskState) -> int:
        return sum(1 for t in self.tasks if t.state is state)


def person_for(handbook: Handbook, project: Project, who: str) -> str:
    """The person who takes role `who` on this project; `who` itself if it is a person or unheld."""
    if who in project.assign:
        return project.assign[who]
    holders = handbook.team.holders(who) if who in handbook.team.roles else ()
    return holders[0] if len(holders) == 1 else who


def plan_project(handbook: Handbook, project: Project) -> ProjectPlan:
    workflow = handbook.workflow_of(project)
    skipped = set(project.skip)
    tasks = without((*workflow.tasks, *project.tasks), skipped)
    calendar = WorkCalendar(project.holidays or handbook.holidays)
    sched = schedule(tasks, project.anchor_date, calendar, **schedule_rules(workflow, project))
    extra_ids = {t.id for t in project.tasks}
    today = handbook.today

    def people(ids: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(person_for(handbook, project, w) for w in ids))

    planned = []
    for row in sched.tasks:
        task = row.task
        accountable = task.accountable or workflow.owner
        if project.is_done(task.id):
            state = TaskState.DONE
        elif row.due < today:
            state = TaskState.PAST_DUE
        elif row.due == today:
            state = TaskState.DUE_TODAY
        else:
            state = TaskState.UPCOMING
        planned.append(
            PlannedTask(
                task=task,
                due=row.due,
                start=row.start,
                offset_days=row.offset_days,
                responsible=people(task.responsible),
                accountable=person_for(handbook, project, accountable) if accountable else None,
                consulted=people(task.consulted),
                informed=people(task.informed),
                state=state,
                done_on=project.done_on(task.id),
                extra=task.id in extra_ids,
            )
        )
    skipped_tasks = tuple(t for t in workflow.tasks if t.id in skipped)
    return ProjectPlan(project, workflow, sched, tuple(planned), skipped_tasks)


def workflow_schedule(handbook: Handbook, workflow: Workflow, anchor: dt.date) -> Schedule:
    """The workflow's tasks on an example anchor date, with the handbook's default holidays; on
    the date a workflow is checked on by itself when they cannot hold on that one. Business days
    make a workflow depend on the weekday: a task due `-2d` before one due `-1bd` clashes when
    the anchor is a Monday, which only a project on a Monday has to answer for."""
    try:
        return schedule(workflow.tasks, anchor, WorkCalendar(handbook.holidays), **schedule_rules(workflow))
    except ScheduleError:
        return schedule(workflow.tasks, NOMINAL_ANCHOR, WorkCalendar(), **schedule_rules(workflow))
