"""Workflows (task templates worked back from an anchor date) and the projects that run them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field, StrictBool

from ..durations import Duration
from .base import Date, DurationField, Entry, HolidayCalendar, Id, Model, OffsetField, Title
from .raci import Responsibility

Weekends = Literal["before", "keep"]
"""What happens to a due date on a weekend or public holiday: `before` moves it to the working
day before; `keep` leaves it where it falls."""


def anchor_label(anchor: str) -> str:
    """The name of a workflow's anchor as a label, wherever one is shown (calendar, board,
    project page, timeline, change log): `go-live` and `go_live` are `Go live`."""
    return anchor.replace("-", " ").replace("_", " ").capitalize()


WEEKENDS_DESCRIPTION = (
    "A due date on a weekend or public holiday: 'before' moves it to the working day before, "
    "'keep' leaves it. Default: 'before' when working_days_only is true, else 'keep'."
)


class Task(Responsibility):
    """One task: who does it and when it is due, as an offset from the anchor or before other tasks."""

    due: OffsetField | None = Field(None, description="Offset from the anchor, e.g. -30d or -5bd.")
    duration: DurationField = Field(Duration(1, "d"), description="How long the task runs.")
    effort: DurationField | None = Field(None, description="Work needed, for capacity.")
    before: tuple[Id, ...] = Field((), description="Tasks that cannot start until this one is due.")


class Workflow(Entry):
    """A reusable template of tasks, dated back from an anchor date that each project supplies."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "workflow",
                    "title": "Webinar",
                    "owner": "strategist",
                    "anchor": "launch",
                    "tasks": [
                        {
                            "id": "approve-deck",
                            "title": "Approve slide deck",
                            "responsible": "strategist",
                            "due": "-12d",
                        },
                        {
                            "id": "design-deck",
                            "title": "Design slide deck",
                            "responsible": "designer",
                            "duration": "2d",
                            "before": ["approve-deck"],
                        },
                    ],
                }
            ]
        }
    )
    kind: Literal["workflow"]
    title: Title
    owner: Id | None = Field(None, description="Role accountable for the workflow.")
    anchor: Id = Field("launch", description="Name of the date that projects supply.")
    working_days_only: StrictBool = Field(
        False,
        description=(
            "Count in working days: a task due 'the day before' another is due the working day "
            "before it, and a due date on a weekend or public holiday moves to the working day before "
            "(as weekends: before)."
        ),
    )
    weekends: Weekends | None = Field(None, description=WEEKENDS_DESCRIPTION)
    tasks: tuple[Task, ...] = Field(min_length=1)

    def task(self, task_id: str) -> Task | None:
        return next((t for t in self.tasks if t.id == task_id), None)


def _status(value: Any) -> Any:
    if value == "done":
        return {"done": None}
    return value


class TaskStatus(Model):
    """A task's state in a project: `done`, or `{done: DATE}`."""

    done: Date | None = Field(None, description="The day it was done.")


Status = Annotated[TaskStatus, BeforeValidator(_status, json_schema_input_type=Literal["done"] | TaskStatus)]


class Project(Entry):
    """One run of a workflow, on the date named by the workflow's anchor (e.g. `launch`)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "project",
                    "title": "Q1 product webinar",
                    "workflow": "webinar",
                    "launch": "2027-01-21",
                    "assign": {"strategist": "ellie"},
                    "status": {"generate-ideas": {"done": "2026-12-20"}},
                }
            ]
        }
    )
    kind: Literal["project"]
    title: Title
    workflow: Id
    anchor_date: Date = Field(description="The workflow's anchor date, written under the anchor's name (e.g. launch).")
    assign: dict[Id, Id] = Field({}, description="Role -> person.")
    holidays: HolidayCalendar | None = None
    weekends: Weekends | None = Field(
        None, description="As the workflow's weekends, for this project only: overrides the workflow's."
    )
    status: dict[Id, Status] = {}
    skip: tuple[Id, ...] = ()
    tasks: tuple[Task, ...] = ()

    def is_done(self, task_id: str) -> bool:
        return task_id in self.status

    def done_on(self, task_id: str) -> dt.date | None:
        state = self.status.get(task_id)
        return state.done if state else None


def keeps_to_working_days(workflow: Workflow, project: Project | None = None) -> bool:
    """Whether due dates on a weekend or holiday move to the working day before (see Weekends):
    a project's `weekends` overrides its workflow's, which overrides `working_days_only`."""
    for rule in (project.weekends if project else None, workflow.weekends):
        if rule is not None:
            return rule == "before"
    return workflow.working_days_only


def schedule_rules(workflow: Workflow, project: Project | None = None) -> dict[str, bool]:
    """The scheduler's two rules for `workflow` (on `project`), as `schedule`'s keywords: whether a
    task worked back from another counts working days (`working_days_only`), and whether a due date
    on a weekend or holiday moves to the working day before (`keeps_to_working_days`)."""
    return {
        "working_days_only": workflow.working_days_only,
        "weekends_before": keeps_to_working_days(workflow, project),
    }
