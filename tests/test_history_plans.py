"""History's plans (history/plans.py): a plan moved with its anchor date, held to the scheduler.

Every plan `Plans` gives is compared with `schedule()` run on the same project and workflow, over
random workflows in calendar days (where plans are moved, not scheduled) and in business days or
working days only (where every plan is scheduled: the calendar is involved).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from opsbook.core.model import Project, Workflow
from opsbook.core.schedule import ScheduleError, schedule, without
from opsbook.core.workdays import WorkCalendar
from opsbook.history.plans import Plans, calendar_free

D = dt.date


def scheduled(project: Project, workflow: Workflow, holidays: str | None) -> dict[str, tuple[str, D]] | None:
    """The oracle: task id -> (title, due) straight from the scheduler; None when it cannot plan."""
    tasks = without((*workflow.tasks, *project.tasks), set(project.skip))
    try:
        sched = schedule(
            tasks,
            project.anchor_date,
            WorkCalendar(project.holidays or holidays),
            working_days_only=workflow.working_days_only,
        )
    except (ScheduleError, ValueError, KeyError):
        return None
    return {row.task.id: (row.task.title, row.due) for row in sched.tasks}


def random_tasks(rng: random.Random, prefix: str, count: int, business: bool, ids: list[str]) -> list[dict[str, Any]]:
    """Tasks with fixed offsets and tasks worked back from the ones they come before; business
    days in some when `business`. `ids` are the ids a `before` may name (a wrong one now and
    then, so some plans cannot be made)."""
    tasks = []
    for n in range(count):
        tid = f"{prefix}-{n}"
        unit = "bd" if business and rng.random() < 0.5 else rng.choice(["d", "w"])
        task: dict[str, Any] = {"id": tid, "title": f"Task {tid}", "responsible": ["strategist"]}
        if rng.random() < 0.4:
            task["due"] = f"-{rng.randint(1, 40)}{unit}" if unit != "w" else f"-{rng.randint(1, 5)}w"
        elif ids and rng.random() < 0.8:
            task["before"] = rng.sample(ids, min(len(ids), rng.randint(1, 2)))
        if rng.random() < 0.6:
            task["duration"] = f"{rng.randint(1, 4)}{rng.choice(['d', 'h', 'bd' if business else 'd'])}"
        tasks.append(task)
        ids.append(tid)
    if rng.random() < 0.05 and tasks:
        tasks[0]["before"] = ["no-such-task"]
    return tasks


def random_case(rng: random.Random, business: bool) -> tuple[Workflow, list[Project]]:
    """A workflow and a run of revisions of one project: the launch moved most often, now and
    then a task skipped, added or marked done, or the project's holidays changed."""
    ids: list[str] = []
    workflow = Workflow.model_validate(
        {
            "id": "wf",
            "path": "playbooks/workflows/wf.yml",
            "kind": "workflow",
            "title": "Workflow",
            "working_days_only": business and rng.random() < 0.5,
            "tasks": random_tasks(rng, "w", rng.randint(1, 8), business, ids),
        }
    )
    launch = D(2027, 1, 1) + dt.timedelta(days=rng.randint(-400, 400))
    skip: list[str] = []
    extra: list[dict[str, Any]] = []
    status: dict[str, str] = {}
    holidays: str | None = None
    projects = []
    for _ in range(12):
        roll = rng.random()
        if roll < 0.6:
            launch += dt.timedelta(days=rng.randint(-30, 30))
        elif roll < 0.7:
            skip = rng.sample([t.id for t in workflow.tasks], rng.randint(0, min(2, len(workflow.tasks))))
        elif roll < 0.8:
            extra = random_tasks(rng, f"p{len(projects)}", rng.randint(0, 2), business, list(ids))
        elif roll < 0.9:
            status = {workflow.tasks[0].id: "done"}
        else:
            holidays = rng.choice([None, "GB", "US"])
        projects.append(
            Project.model_validate(
                {
                    "id": "run",
                    "path": "playbooks/projects/run.yml",
                    "kind": "project",
                    "title": "Run",
                    "workflow": "wf",
                    "anchor_date": launch,
                    "skip": skip,
                    "tasks": extra,
                    "status": status,
                    "holidays": holidays,
                }
            )
        )
    return workflow, projects


@pytest.mark.parametrize("business", [False, True], ids=["calendar-days", "business-days"])
def test_every_plan_is_the_schedulers(business: bool) -> None:
    rng = random.Random(20261129 + business)
    plans = Plans()
    made = compared = planned = 0
    for _ in range(150):
        workflow, projects = random_case(rng, business)
        for project in projects:
            for holidays in (None, "GB"):
                assert plans.dates(project, workflow, holidays) == scheduled(project, workflow, holidays), (
                    workflow,
                    project,
                    holidays,
                )
                compared += 1
                planned += plans.dates(project, workflow, holidays) is not None
                made += calendar_free(project, workflow) is False
    assert planned > compared * 0.8  # mostly plans, now and then one that cannot be made
    if business:
        assert made > compared / 3  # the business-day cases are really among them
    else:
        assert made == 0
        assert plans.scheduled < compared / 3  # most plans were moved, not scheduled


def test_dates_and_their_order_equal_the_schedulers_when_moved() -> None:
    rng = random.Random(7)
    ids: list[str] = []
    workflow = Workflow.model_validate(
        {
            "id": "wf",
            "path": "playbooks/workflows/wf.yml",
            "kind": "workflow",
            "title": "Workflow",
            "tasks": random_tasks(rng, "w", 10, False, ids),
        }
    )
    plans = Plans()
    for offset in range(0, 400, 13):
        project = Project.model_validate(
            {
                "id": "run",
                "path": "playbooks/projects/run.yml",
                "kind": "project",
                "title": "Run",
                "workflow": "wf",
                "anchor_date": D(2027, 1, 1) + dt.timedelta(days=offset),
            }
        )
        found = plans.dates(project, workflow, "GB")
        expected = scheduled(project, workflow, "GB")
        assert found is not None and list(found.items()) == list(expected.items())  # type: ignore[union-attr]
    assert plans.scheduled == 1


def test_a_plan_moved_past_the_last_date_fails_as_the_scheduler_does() -> None:
    workflow = Workflow.model_validate(
        {
            "id": "wf",
            "path": "playbooks/workflows/wf.yml",
            "kind": "workflow",
            "title": "Workflow",
            "tasks": [{"id": "follow-up", "title": "Follow up", "responsible": ["strategist"], "due": "+10d"}],
        }
    )

    def run(anchor: D) -> Project:
        return Project.model_validate(
            {
                "id": "run",
                "path": "playbooks/projects/run.yml",
                "kind": "project",
                "title": "Run",
                "workflow": "wf",
                "anchor_date": anchor,
            }
        )

    plans = Plans()
    assert plans.dates(run(D(2027, 1, 1)), workflow, None) == {"follow-up": ("Follow up", D(2027, 1, 11))}
    # The model refuses dates after 2999 now; past its check, the scheduler still overflows.
    late = run(D(2027, 1, 1)).model_copy(update={"anchor_date": D(9999, 12, 25)})
    with pytest.raises(OverflowError):
        scheduled(late, workflow, None)
    with pytest.raises(OverflowError):
        plans.dates(late, workflow, None)
    assert plans.scheduled == 2  # not moved: the scheduler was asked, and failed as it does
