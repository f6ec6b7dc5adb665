"""Where a project task stands, as the status board's columns and a person's page group tasks:
past due, due this week (today to Sunday), upcoming, done (the latest done first)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TypeVar

from ..core.plan import PlannedTask, TaskState
from .weeks import sunday_of

#: The columns: key (also the board filter's value) and heading, left to right.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("past-due", "Past due"),
    ("this-week", "This week"),
    ("upcoming", "Upcoming"),
    ("done", "Done"),
)

T = TypeVar("T")


def column_of(task: PlannedTask, today: dt.date, sunday: dt.date | None = None) -> str:
    """The key of the column a task goes in (`sunday`: the end of today's week, when known)."""
    if task.state is TaskState.DONE:
        return "done"
    if task.state is TaskState.PAST_DUE:
        return "past-due"
    return "this-week" if task.due <= (sunday or sunday_of(today)) else "upcoming"


def by_column(items: Iterable[T], task_of: Callable[[T], PlannedTask], today: dt.date) -> dict[str, list[T]]:
    """`items` under the key of their task's column, every key of `COLUMNS` there: in their order,
    but the done ones the latest done first (a task done with no date, by its due date)."""
    sunday = sunday_of(today)
    found: dict[str, list[T]] = {key: [] for key, _ in COLUMNS}
    for item in items:
        found[column_of(task_of(item), today, sunday)].append(item)

    def done_on(item: T) -> dt.date:
        task = task_of(item)
        return task.done_on or task.due

    found["done"].sort(key=done_on, reverse=True)
    return found


__all__ = ["COLUMNS", "by_column", "column_of"]
