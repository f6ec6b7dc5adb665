"""Workflows (task templates worked back from an anchor date) and the projects that run them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, StrictBool

from ..durations import Duration
from .base import Date, DurationField, Entry, HolidayCalendar, Id, Model, OffsetField, Text
from .raci import Responsibility


class Task(Responsibility):
    due: OffsetField | None = Field(None, description="Offset from the anchor, e.g. -30d or -5bd.")
    duration: DurationField = Field(Duration(1, "d"), description="How long the task runs.")
    effort: DurationField | None = Field(None, description="Work needed, for capacity.")
    before: tuple[Id, ...] = Field((), description="Tasks that cannot start until this one is due.")


class Workflow(Entry):
    kind: Literal["workflow"]
    title: Text
    owner: Id | None = Field(None, description="Role accountable for the workflow.")
    anchor: Id = Field("launch", description="Name of the date that projects supply.")
    working_days_only: StrictBool = False
    tasks: tuple[Task, ...] = Field(min_length=1)

    def task(self, task_id: str) -> Task | None:
        return next((t for t in self.tasks if t.id == task_id), None)


def _status(value: Any) -> Any:
    if value == "done":
        return {"done": None}
    return value


class TaskStatus(Model):
    done: Date | None = Field(None, description="The day it was done.")


Status = Annotated[TaskStatus, BeforeValidator(_status)]


class Project(Entry):
    kind: Literal["project"]
    title: Text
    workflow: Id
    anchor_date: Date = Field(
        description="The workflow's anchor date, written under the anchor's name (e.g. launch)."
    )
    assign: dict[Id, Id] = Field({}, description="Role -> person.")
    holidays: HolidayCalendar | None = None
    status: dict[Id, Status] = {}
    skip: tuple[Id, ...] = ()
    tasks: tuple[Task, ...] = ()

    def is_done(self, task_id: str) -> bool:
        return task_id in self.status

    def done_on(self, task_id: str) -> dt.date | None:
        state = self.status.get(task_id)
        return state.done if state else None
