"""The status board as data (`board/`): every open project's tasks in columns — past due, due
this week, upcoming, done — grouped by project, each card with who does it and when.

A project is open while any of its tasks is not done. The columns are the groups of a person's
page (`columns.by_column`): "this week" runs from today to Sunday. Every card carries its column,
its people (a role brings the people who hold it) and its project's tags, so the page can be
filtered in the browser as the hub is; without JavaScript it shows everything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from ..core.model import Handbook
from ..core.plan import PlannedTask, ProjectPlan, TaskState
from .columns import COLUMNS, by_column
from .hub import Facets, Owners
from .weeks import sunday_of


@dataclass(frozen=True)
class Card:
    task: PlannedTask
    column: str
    days: int
    """Days from today to the due date (negative when it has passed)."""
    facets: Facets

    @property
    def relative(self) -> str:
        """When it is due, from today, in words ("in 3 days", "2 days late")."""
        d = self.days
        if d == 0:
            return "today"
        if d == 1:
            return "tomorrow"
        if d > 0:
            return f"in {d} days"
        return "1 day late" if d == -1 else f"{-d} days late"


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    cards: tuple[Card, ...]


@dataclass(frozen=True)
class ProjectBoard:
    plan: ProjectPlan
    columns: tuple[Column, ...]
    done: int
    total: int

    def count(self, key: str) -> int:
        return next(len(c.cards) for c in self.columns if c.key == key)


@dataclass(frozen=True)
class Board:
    today: dt.date
    week_end: dt.date
    projects: tuple[ProjectBoard, ...]
    owners: tuple[str, ...]
    """Every person and role on a card, people first, by name: the owner filter's choices."""
    tags: tuple[str, ...]
    columns: tuple[tuple[str, str], ...] = COLUMNS

    def total(self, key: str) -> int:
        return sum(p.count(key) for p in self.projects)


def build_board(handbook: Handbook, plans: Mapping[str, ProjectPlan]) -> Board:
    """The board of a handbook's open projects, soonest launch first."""
    today, team = handbook.today, handbook.team
    sunday = sunday_of(today)
    owners = Owners(team)

    def make_card(task: PlannedTask, column: str, tags: tuple[str, ...]) -> Card:
        return Card(task, column, (task.due - today).days, Facets(column, owners.reach(task.people), tags))

    boards = []
    for plan in sorted(plans.values(), key=lambda p: (p.project.anchor_date, p.project.id)):
        if all(t.state is TaskState.DONE for t in plan.tasks):
            continue
        by_key = by_column(plan.tasks, lambda t: t, today)
        columns = tuple(
            Column(key, heading, tuple(make_card(t, key, plan.project.tags) for t in by_key[key]))
            for key, heading in COLUMNS
        )
        boards.append(
            ProjectBoard(
                plan,
                columns,
                len(by_key["done"]),
                len(plan.tasks),
            )
        )
    return Board(
        today=today,
        week_end=sunday,
        projects=tuple(boards),
        owners=owners.choices(w for b in boards for c in b.columns for card in c.cards for w in card.facets.owners),
        tags=tuple(sorted({t for b in boards for t in b.plan.project.tags}, key=str.lower)),
    )


__all__ = ["Board", "Card", "Column", "ProjectBoard", "build_board"]
