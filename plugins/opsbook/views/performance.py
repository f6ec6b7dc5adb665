"""Team performance: how project tasks were done against their due dates.

Every task of every project is one of:

- **on time**: done on or before its due date (`status: {task: {done: DATE}}`, DATE ≤ due);
- **late**: done after its due date, by so many days;
- **done, day unknown**: marked `done` without a date: it counts as done, but neither on time nor
  late, and the pages say how many such tasks there are;
- **past due**: not done, and its due date has gone;
- **open**: not done, and not due yet.

On-time % is on time ÷ (on time + late + past due): a task past due counts against it, one done
on an unknown day or not due yet does not count either way. Months are those of the due dates.
A workflow task's runs are the projects that ran it with a known outcome; a run late is one done
late or still past due (by the days so far).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..core.plan import PlannedTask, ProjectPlan, TaskState

ON_TIME, LATE, UNKNOWN, PAST_DUE, OPEN = "on time", "late", "done, day unknown", "past due", "open"
OUTCOMES = (ON_TIME, LATE, UNKNOWN, PAST_DUE, OPEN)


@dataclass(frozen=True)
class Outcome:
    """One project task, judged."""

    plan: ProjectPlan
    task: PlannedTask
    outcome: str
    days_late: int
    """Days done after the due date, or past it so far; 0 otherwise."""


@dataclass(frozen=True)
class Tally:
    """Outcomes counted for one group of tasks (a month, a person, a project)."""

    key: str
    label: str
    on_time: int = 0
    late: int = 0
    unknown: int = 0
    past_due: int = 0
    open: int = 0
    days_late: int = 0
    """Days late added up over the late and past-due tasks."""

    @property
    def judged(self) -> int:
        return self.on_time + self.late + self.past_due

    @property
    def total(self) -> int:
        return self.judged + self.unknown + self.open

    @property
    def percent(self) -> int | None:
        """On time as a share of the tasks judged; None when none are."""
        return round(self.on_time / self.judged * 100) if self.judged else None

    @property
    def average_late(self) -> float | None:
        behind = self.late + self.past_due
        return round(self.days_late / behind, 1) if behind else None

    @classmethod
    def of(cls, key: str, label: str, outcomes: list[Outcome]) -> Tally:
        """The tally of a group of outcomes."""
        counts = Counter(o.outcome for o in outcomes)
        return cls(
            key,
            label,
            on_time=counts[ON_TIME],
            late=counts[LATE],
            unknown=counts[UNKNOWN],
            past_due=counts[PAST_DUE],
            open=counts[OPEN],
            days_late=sum(o.days_late for o in outcomes),
        )


@dataclass(frozen=True)
class Performance:
    today: dt.date
    outcomes: tuple[Outcome, ...]
    team: Tally
    by_month: tuple[Tally, ...]
    """Months (`2027-01`) of due dates with a task judged (on time, late or past due), oldest first."""
    by_person: tuple[Tally, ...]
    """By who was responsible (R), the lowest on-time share first."""
    by_project: tuple[Tally, ...]
    by_task: tuple[Tally, ...]
    """Workflow tasks (`workflow/task`) late in at least one run, the most often late first."""

    def of(self, outcome: str) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.outcome == outcome)


def judge(task: PlannedTask, today: dt.date) -> tuple[str, int]:
    """A task's outcome and days late."""
    if task.state is TaskState.DONE:
        if task.done_on is None:
            return UNKNOWN, 0
        late = (task.done_on - task.due).days
        return (LATE, late) if late > 0 else (ON_TIME, 0)
    if task.due < today:
        return PAST_DUE, (today - task.due).days
    return OPEN, 0


def performance(
    plans: Iterable[ProjectPlan], today: dt.date, name_of: Callable[[str], str] | None = None
) -> Performance:
    """The outcomes of every project task as of `today`; `name_of`: a person's or role's name by id
    (`Team.name_of`; without it, the ids)."""
    name_of = name_of or (lambda who: who)
    outcomes = []
    for plan in plans:
        for task in plan.tasks:
            outcome, late = judge(task, today)
            outcomes.append(Outcome(plan, task, outcome, late))
    # Each group's outcomes by key, in the order first met; each labelled from its first outcome.
    months: dict[str, list[Outcome]] = defaultdict(list)
    people: dict[str, list[Outcome]] = defaultdict(list)
    projects: dict[str, list[Outcome]] = defaultdict(list)
    tasks: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        months[f"{o.task.due:%Y-%m}"].append(o)
        for who in o.task.responsible:
            people[who].append(o)
        projects[o.plan.project.id].append(o)
        if not o.task.extra:
            tasks[f"{o.plan.workflow.id}/{o.task.task.id}"].append(o)
    team = Tally.of("team", "Team", outcomes)
    by_month = {k: Tally.of(k, f"{g[0].task.due:%b %Y}", g) for k, g in months.items()}
    by_person = {k: Tally.of(k, name_of(k), g) for k, g in people.items()}
    by_project = {k: Tally.of(k, g[0].plan.project.display_title, g) for k, g in projects.items()}
    by_task = {
        k: Tally.of(k, f"{g[0].task.task.title} ({g[0].plan.workflow.display_title})", g) for k, g in tasks.items()
    }

    def worst_first(t: Tally) -> tuple[int, float, str]:
        return (t.percent if t.percent is not None else 101, -(t.average_late or 0), t.label)

    late_tasks = [t for t in by_task.values() if t.late + t.past_due]
    late_tasks.sort(key=lambda t: (-(t.late + t.past_due) / t.judged, -(t.average_late or 0), t.label))
    return Performance(
        today,
        tuple(outcomes),
        team,
        tuple(by_month[m] for m in sorted(by_month) if by_month[m].judged),
        tuple(sorted(by_person.values(), key=worst_first)),
        tuple(sorted(by_project.values(), key=worst_first)),
        tuple(late_tasks),
    )


def late_sentence(t: Tally) -> str:
    """ "Design slide deck (Webinar) was late in 3 of 4 runs, by 4 days on average"."""
    behind = t.late + t.past_due
    runs = f"{t.judged} run{'s' if t.judged != 1 else ''}"
    days = t.average_late or 0
    shown = f"{days:g}"
    still = f" ({t.past_due} still past due)" if t.past_due else ""
    return f"{t.label} was late in {behind} of {runs}, by {shown} day{'s' if days != 1 else ''} on average{still}"


__all__ = ["OUTCOMES", "Outcome", "Performance", "Tally", "judge", "late_sentence", "performance"]
