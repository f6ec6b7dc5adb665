"""What the workload and team-performance pages, and a person's "My week", are given: the numbers
of `views.workload` and `views.performance` (worked out once per build, in `Derived`). Their
charts are drawn by the templates (`charts.py`), when a page is rendered."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..views.performance import late_sentence
from ..views.workload import WEEKS_AHEAD, WEEKS_BACK, Cell

if TYPE_CHECKING:
    from .context import Site

#: The weeks a person's page lists task by task ("My week"): this one and the next.
MY_WEEKS = 2


def workload_page(site: Site, _: None, __: dict[str, Any]) -> dict[str, Any]:
    load = site.derived.workload
    return {
        "workload": load,
        "weeks": load.weeks,
        "this_week": load.this_week,
        "over": load.over,
        "weeks_back": WEEKS_BACK,
        "weeks_ahead": WEEKS_AHEAD,
    }


def performance_page(site: Site, _: None, __: dict[str, Any]) -> dict[str, Any]:
    perf = site.derived.performance
    months = perf.by_month
    return {
        "perf": perf,
        "month_labels": [m.label for m in months],
        "month_percents": [m.percent for m in months],
        "late_sentences": [(t, late_sentence(t)) for t in perf.by_task],
    }


def person_week(site: Site, pid: str) -> dict[str, Any]:
    """A person's "My week" (this week's and next week's work) and their chart of the weeks ahead."""
    load = site.derived.workload
    row = load.row(pid)
    if row is None:
        return {"my_weeks": (), "weeks_ahead": ()}
    ahead: tuple[Cell, ...] = load.ahead(row)
    return {"my_weeks": ahead[:MY_WEEKS], "weeks_ahead": ahead, "my_capacity": row.capacity}


__all__ = ["MY_WEEKS", "performance_page", "person_week", "workload_page"]
