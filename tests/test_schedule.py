"""Due dates worked back from an anchor (SPEC §3, kind: workflow), and a project's plan.

Every expected date is worked out by hand in a comment beside it. Calendar facts used
throughout: 2027-01-01 is a Friday, so January 2027 has Mondays on the 4th, 11th, 18th and 25th
and Saturdays on the 2nd, 9th, 16th and 23rd; 2026-12-25 is a Friday; 2027-02-01 is a Monday.
"""

from __future__ import annotations

import datetime as dt
import graphlib
import random
from pathlib import Path
from typing import Any

import pytest
from conftest import write_handbook
from opsbook.core.durations import parse_duration, parse_offset
from opsbook.core.loader import Settings, load_handbook
from opsbook.core.model import Handbook, Project, Task, Team, Workflow
from opsbook.core.plan import TaskState, plan_project
from opsbook.core.schedule import Schedule, ScheduleError, ScheduleIssue, _successors_first, schedule
from opsbook.core.workdays import WorkCalendar, subdivision_note

D = dt.date
THURSDAY_21_JAN_2027 = D(2027, 1, 21)


def task(task_id: str, **fields: Any) -> Task:
    return Task.model_validate(
        {
            "id": task_id,
            "title": task_id.replace("-", " ").capitalize(),
            "responsible": ["strategist"],
            **fields,
        }
    )


def dates(sched: Schedule) -> dict[str, tuple[D, D]]:
    """Each task's (due, start)."""
    return {row.task.id: (row.due, row.start) for row in sched.tasks}


def test_anchor_of_the_spec_example_is_a_thursday() -> None:
    # Guards the hand-worked dates below: the spec calls 2027-01-21 a Thursday.
    assert THURSDAY_21_JAN_2027.strftime("%A") == "Thursday"
    assert D(2027, 1, 1).strftime("%A") == "Friday"


# --- the spec's worked example and the guide's webinar -------------------------------------


def test_spec_example_fixed_due_and_worked_back_design_deck() -> None:
    tasks = [
        task("approve-deck", due="-12d", duration="1d"),
        task("design-deck", duration="2d", before=["approve-deck"]),
    ]
    sched = schedule(tasks, THURSDAY_21_JAN_2027)
    assert dates(sched) == {
        # 21 Jan - 12 days = 9 Jan; a 1d task starts on its due date.
        "approve-deck": (D(2027, 1, 9), D(2027, 1, 9)),
        # The day before approve-deck starts (9 Jan) is 8 Jan; 2d starts one day earlier, 7 Jan.
        "design-deck": (D(2027, 1, 8), D(2027, 1, 7)),
    }
    assert sched.get("approve-deck").fixed
    assert not sched.get("design-deck").fixed


WEBINAR = [
    # The guide's webinar (seeds/marketing-operations-guide.txt) with the example handbook's
    # durations and dependencies (playbooks/workflows/webinar.yml).
    {"id": "generate-ideas", "due": "-30d", "duration": "3d", "before": ["recruit-guest"]},
    {"id": "recruit-guest", "due": "-25d", "duration": "5d", "before": ["create-talking-points"]},
    {"id": "create-talking-points", "due": "-18d", "duration": "5d", "before": ["design-deck"]},
    {"id": "design-deck", "due": "-17d", "before": ["approve-deck"]},
    {"id": "include-in-drip-campaign", "due": "-14d", "duration": "2d"},
    {"id": "approve-deck", "due": "-12d", "before": ["test-run-through"]},
    {"id": "schedule-social-promotion", "due": "-10d", "duration": "2d"},
    {"id": "test-run-through", "due": "-1d"},
]


def webinar() -> list[Task]:
    return [task(t["id"], **{k: v for k, v in t.items() if k != "id"}) for t in WEBINAR]


def test_guides_webinar_due_dates_on_21_january_2027() -> None:
    sched = schedule(webinar(), THURSDAY_21_JAN_2027)
    assert dates(sched) == {
        # 21 Jan - 30 days: 21 days back is 31 Dec, 9 more is 22 Dec. 3d starts 20 Dec.
        "generate-ideas": (D(2026, 12, 22), D(2026, 12, 20)),
        # 21 Jan - 25 days = 27 Dec (Sunday). 5d starts 23 Dec.
        "recruit-guest": (D(2026, 12, 27), D(2026, 12, 23)),
        # 21 Jan - 18 days = 3 Jan (Sunday). 5d starts 30 Dec.
        "create-talking-points": (D(2027, 1, 3), D(2026, 12, 30)),
        # 21 Jan - 17 days = 4 Jan.
        "design-deck": (D(2027, 1, 4), D(2027, 1, 4)),
        # 21 Jan - 14 days = 7 Jan. 2d starts 6 Jan.
        "include-in-drip-campaign": (D(2027, 1, 7), D(2027, 1, 6)),
        # 21 Jan - 12 days = 9 Jan (Saturday; kept, the workflow is not working-days-only).
        "approve-deck": (D(2027, 1, 9), D(2027, 1, 9)),
        # 21 Jan - 10 days = 11 Jan. 2d starts 10 Jan.
        "schedule-social-promotion": (D(2027, 1, 11), D(2027, 1, 10)),
        # 21 Jan - 1 day = 20 Jan.
        "test-run-through": (D(2027, 1, 20), D(2027, 1, 20)),
    }
    assert [row.offset_days for row in sched.tasks] == [-30, -25, -18, -17, -14, -12, -10, -1]
    assert [row.task.id for row in sched.tasks] == [t["id"] for t in WEBINAR]


def test_webinar_workflow_length_runs_from_earliest_start_to_anchor() -> None:
    sched = schedule(webinar(), THURSDAY_21_JAN_2027)
    # generate-ideas starts first, on 20 Dec 2026. From 20 Dec to 21 Jan with both days counted:
    # 20..31 Dec is 12 days, 1..21 Jan is 21 days, 33 in all (32 days between the two dates).
    assert sched.start == D(2026, 12, 20)
    assert sched.length_days == 33


def test_guides_webinar_without_durations_spans_the_thirty_days_before_launch_and_launch_day() -> None:
    guide = [task(t["id"], due=t["due"]) for t in WEBINAR]
    sched = schedule(guide, THURSDAY_21_JAN_2027)
    # Every task lasts 1d, so the earliest start is generate-ideas' due date, 22 Dec 2026:
    # 22..31 Dec is 10 days and 1..21 Jan is 21, 31 days counted inclusively.
    assert sched.start == D(2026, 12, 22)
    assert sched.length_days == 31


# --- working back --------------------------------------------------------------------------


def test_task_without_due_or_successor_is_due_the_day_before_the_anchor() -> None:
    sched = schedule([task("book-room", duration="3d")], THURSDAY_21_JAN_2027)
    # 21 Jan - 1 = 20 Jan; a 3d task due 20 Jan starts 18 Jan.
    assert dates(sched) == {"book-room": (D(2027, 1, 20), D(2027, 1, 18))}
    assert sched.get("book-room").offset_days == -1


def test_task_without_due_is_worked_back_from_its_successor_through_a_chain() -> None:
    tasks = [
        task("write-copy", duration="3d", before=["edit-copy"]),
        task("edit-copy", duration="2d", before=["publish"]),
        task("publish", due="-5d"),
    ]
    sched = schedule(tasks, THURSDAY_21_JAN_2027)
    assert dates(sched) == {
        # 21 Jan - 5 = 16 Jan, 1d.
        "publish": (D(2027, 1, 16), D(2027, 1, 16)),
        # Day before 16 Jan is 15 Jan; 2d starts 14 Jan.
        "edit-copy": (D(2027, 1, 15), D(2027, 1, 14)),
        # Day before 14 Jan is 13 Jan; 3d starts 11 Jan.
        "write-copy": (D(2027, 1, 13), D(2027, 1, 11)),
    }


def test_task_with_several_successors_is_due_the_day_before_the_earliest_start() -> None:
    tasks = [
        task("brief", before=["shoot", "edit"]),
        task("shoot", due="-8d"),
        task("edit", due="-5d", duration="7d"),
    ]
    sched = schedule(tasks, THURSDAY_21_JAN_2027)
    # shoot: due and starts 13 Jan. edit: due 16 Jan, 7d starts 10 Jan — the earliest start,
    # though shoot is due earlier. brief is due the day before 10 Jan: 9 Jan.
    assert dates(sched)["shoot"] == (D(2027, 1, 13), D(2027, 1, 13))
    assert dates(sched)["edit"] == (D(2027, 1, 16), D(2027, 1, 10))
    assert dates(sched)["brief"] == (D(2027, 1, 9), D(2027, 1, 9))


def test_week_offsets_and_durations_count_seven_days() -> None:
    sched = schedule([task("plan", due="-2w", duration="1w")], THURSDAY_21_JAN_2027)
    # 21 Jan - 14 days = 7 Jan; a 7-day task ending 7 Jan starts 1 Jan.
    assert dates(sched) == {"plan": (D(2027, 1, 7), D(2027, 1, 1))}
    assert sched.get("plan").offset_days == -14


def test_hour_duration_occupies_its_due_day_only() -> None:
    sched = schedule([task("call", due="-3d", duration="4h")], THURSDAY_21_JAN_2027)
    assert dates(sched) == {"call": (D(2027, 1, 18), D(2027, 1, 18))}


def test_zero_offset_is_the_anchor_and_a_plus_offset_falls_after_it() -> None:
    tasks = [task("go-live", due="0d"), task("send-recording", due="+2d")]
    sched = schedule(tasks, THURSDAY_21_JAN_2027)
    assert dates(sched) == {
        "go-live": (D(2027, 1, 21), D(2027, 1, 21)),
        "send-recording": (D(2027, 1, 23), D(2027, 1, 23)),
    }


@pytest.mark.parametrize(
    ("text", "days", "unit"),
    [
        ("-30d", -30, "d"),
        ("0d", 0, "d"),
        ("+2d", 2, "d"),
        ("-2w", -14, "w"),
        ("-5bd", -5, "bd"),
    ],
)
def test_offsets_are_signed_days_from_the_anchor(text: str, days: int, unit: str) -> None:
    offset = parse_offset(text)
    assert (offset.days, offset.unit) == (days, unit)


def test_offset_without_a_sign_is_an_error() -> None:
    with pytest.raises(ValueError) as err:
        parse_offset("30d")
    assert "needs a sign" in str(err.value)


# --- business days -------------------------------------------------------------------------


def test_business_day_offset_skips_a_weekend() -> None:
    sched = schedule([task("brief", due="-5bd")], THURSDAY_21_JAN_2027, WorkCalendar())
    # Back from Thu 21 Jan: Wed 20 (1), Tue 19 (2), Mon 18 (3), skip Sun 17 and Sat 16,
    # Fri 15 (4), Thu 14 (5).
    assert dates(sched) == {"brief": (D(2027, 1, 14), D(2027, 1, 14))}
    assert sched.get("brief").offset_days == -7


def test_gb_holidays_around_new_year_2027_are_the_ones_these_tests_rely_on() -> None:
    gb = WorkCalendar("GB")
    # Checked with WorkCalendar("GB").holiday(day) (python-holidays 0.109):
    assert gb.holiday(D(2026, 12, 24)) is None
    assert gb.holiday(D(2026, 12, 25)) == "Christmas Day"  # Friday
    assert gb.holiday(D(2026, 12, 26)) == "Boxing Day"  # Saturday...
    assert gb.holiday(D(2026, 12, 28)) == "Boxing Day (observed)"  # ...so Monday is the substitute
    assert gb.holiday(D(2026, 12, 29)) is None
    assert gb.holiday(D(2027, 1, 1)) == "New Year's Day"  # Friday
    assert gb.holiday(D(2027, 1, 4)) is None


def test_business_day_offset_skips_gb_christmas_boxing_day_substitute_and_new_year() -> None:
    monday_4_jan = D(2027, 1, 4)
    sched = schedule([task("brief", due="-5bd")], monday_4_jan, WorkCalendar("GB"))
    # Back from Mon 4 Jan: Sun 3, Sat 2, Fri 1 (New Year's Day), Thu 31 (1), Wed 30 (2),
    # Tue 29 (3), Mon 28 (Boxing Day substitute), Sun 27, Sat 26, Fri 25 (Christmas),
    # Thu 24 (4), Wed 23 (5).
    assert dates(sched) == {"brief": (D(2026, 12, 23), D(2026, 12, 23))}


def test_business_day_offset_without_holiday_calendar_counts_only_weekends() -> None:
    sched = schedule([task("brief", due="-5bd")], D(2027, 1, 4), WorkCalendar())
    # Fri 1 (1), Thu 31 (2), Wed 30 (3), Tue 29 (4), Mon 28 (5).
    assert dates(sched) == {"brief": (D(2026, 12, 28), D(2026, 12, 28))}


@pytest.mark.parametrize(
    ("holidays", "due"),
    [
        # Back one business day from Tue 16 Feb 2027. Mon 15 Feb is Washington's Birthday (US and
        # US-NY) and Fri 12 Feb Lincoln's Birthday in New York only (checked with .holiday()).
        ("US-NY", D(2027, 2, 11)),  # skips Mon 15, the weekend and Fri 12: Thu 11
        ("US", D(2027, 2, 12)),  # skips Mon 15 and the weekend: Fri 12
        ("GB", D(2027, 2, 15)),  # neither is a GB holiday: Mon 15
    ],
)
def test_business_day_offset_follows_a_subdivision_calendar(holidays: str, due: D) -> None:
    assert WorkCalendar("US-NY").holiday(D(2027, 2, 12)) == "Lincoln's Birthday"
    assert WorkCalendar("US").holiday(D(2027, 2, 12)) is None
    sched = schedule([task("confirm-venue", due="-1bd")], D(2027, 2, 16), WorkCalendar(holidays))
    assert sched.get("confirm-venue").due == due


def test_business_day_duration_starts_that_many_working_days_before_due() -> None:
    sched = schedule([task("print", due="-10d", duration="3bd")], THURSDAY_21_JAN_2027, WorkCalendar())
    # Due Mon 11 Jan; three business days ending then are Thu 7, Fri 8, Mon 11: starts 7 Jan
    # (3d of calendar days would start Sat 9).
    assert dates(sched) == {"print": (D(2027, 1, 11), D(2027, 1, 7))}


def test_business_day_duration_skips_holidays() -> None:
    tuesday_5_jan = D(2027, 1, 5)
    tasks = [task("print", due="-1d", duration="3bd")]
    # Due Mon 4 Jan. GB: back over Sun 3, Sat 2, Fri 1 (holiday) to Thu 31 Dec (1), Wed 30 (2).
    assert dates(schedule(tasks, tuesday_5_jan, WorkCalendar("GB")))["print"] == (D(2027, 1, 4), D(2026, 12, 30))
    # Without holidays: Fri 1 (1), Thu 31 (2).
    assert dates(schedule(tasks, tuesday_5_jan, WorkCalendar()))["print"] == (D(2027, 1, 4), D(2026, 12, 31))


def test_predecessor_of_a_business_day_task_is_due_the_calendar_day_before_its_start() -> None:
    tasks = [task("design", before=["print"]), task("print", due="-10d", duration="3bd")]
    sched = schedule(tasks, THURSDAY_21_JAN_2027, WorkCalendar())
    # print starts Thu 7 Jan (above); design is due Wed 6 Jan.
    assert dates(sched)["design"] == (D(2027, 1, 6), D(2027, 1, 6))


# --- working_days_only ---------------------------------------------------------------------


def test_working_days_only_moves_a_saturday_due_back_to_friday() -> None:
    tasks = [
        task("approve-deck", due="-12d"),
        task("design-deck", duration="2d", before=["approve-deck"]),
    ]
    sched = schedule(tasks, THURSDAY_21_JAN_2027, WorkCalendar("GB"), working_days_only=True)
    assert dates(sched) == {
        # 9 Jan is a Saturday: back to Fri 8 Jan.
        "approve-deck": (D(2027, 1, 8), D(2027, 1, 8)),
        # The business day before 8 Jan is Thu 7 Jan; 2d starts Wed 6 Jan.
        "design-deck": (D(2027, 1, 7), D(2027, 1, 6)),
    }


def test_without_working_days_only_a_weekend_due_stays_put() -> None:
    sched = schedule([task("approve-deck", due="-12d")], THURSDAY_21_JAN_2027, WorkCalendar("GB"))
    assert sched.get("approve-deck").due == D(2027, 1, 9)  # Saturday


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        ("-3d", D(2026, 12, 31)),  # Fri 1 Jan, New Year's Day: back to Thu 31 Dec
        ("-1d", D(2026, 12, 31)),  # Sun 3 Jan: Sat 2, Fri 1 (holiday), Thu 31 Dec
        ("-7d", D(2026, 12, 24)),  # Mon 28 Dec, Boxing Day substitute: Sun, Sat, Fri 25 (Christmas), Thu 24
    ],
)
def test_working_days_only_moves_a_holiday_due_back(due: str, expected: D) -> None:
    sched = schedule([task("send-invites", due=due)], D(2027, 1, 4), WorkCalendar("GB"), working_days_only=True)
    assert sched.get("send-invites").due == expected


def test_working_days_only_day_before_a_monday_start_is_the_previous_friday() -> None:
    tasks = [task("prepare", before=["kick-off"]), task("kick-off", due="-10d")]
    sched = schedule(tasks, THURSDAY_21_JAN_2027, WorkCalendar("GB"), working_days_only=True)
    # kick-off: Mon 11 Jan. The business day before it is Fri 8 Jan, not Sun 10 Jan.
    assert dates(sched)["kick-off"] == (D(2027, 1, 11), D(2027, 1, 11))
    assert dates(sched)["prepare"] == (D(2027, 1, 8), D(2027, 1, 8))


def test_working_days_only_task_due_before_a_monday_anchor_is_due_the_friday() -> None:
    monday_25_jan = D(2027, 1, 25)
    tasks = [task("rehearse")]
    assert schedule(tasks, monday_25_jan, WorkCalendar("GB"), working_days_only=True).get("rehearse").due == D(
        2027, 1, 22
    )
    # Calendar days: the day before is Sun 24 Jan.
    assert schedule(tasks, monday_25_jan, WorkCalendar("GB")).get("rehearse").due == D(2027, 1, 24)


# --- errors --------------------------------------------------------------------------------


def test_unknown_task_in_before_is_reported_with_its_index() -> None:
    tasks = [task("design-deck", before=["approve-deck", "aprove-deck"]), task("approve-deck", due="-12d")]
    with pytest.raises(ScheduleError) as err:
        schedule(tasks, THURSDAY_21_JAN_2027)
    [issue] = err.value.issues
    assert (issue.task_id, issue.field, issue.index) == ("design-deck", "before", 1)
    assert issue.message == "unknown task 'aprove-deck' in 'before' (did you mean 'approve-deck'?)"


def test_cycle_in_before_is_an_error_naming_the_cycle() -> None:
    tasks = [
        task("draft", before=["review"]),
        task("review", before=["approve"]),
        task("approve", before=["draft"]),
        task("publish", due="-1d"),
    ]
    with pytest.raises(ScheduleError) as err:
        schedule(tasks, THURSDAY_21_JAN_2027)
    [issue] = err.value.issues
    assert issue.field == "before"
    # The message reads in the direction of `before`, starting anywhere on the loop.
    loops = (
        "draft → review → approve → draft",
        "review → approve → draft → review",
        "approve → draft → review → approve",
    )
    assert any(issue.message == f"cycle in 'before': {loop}" for loop in loops), issue.message
    # The issue points at the `before` entry of its task that closes the loop.
    following = {"draft": "review", "review": "approve", "approve": "draft"}
    before = {t.id: t.before for t in tasks}
    assert issue.index is not None
    assert before[issue.task_id][issue.index] == following[issue.task_id]


def test_task_listed_before_itself_is_a_cycle() -> None:
    with pytest.raises(ScheduleError) as err:
        schedule([task("draft", before=["draft"])], THURSDAY_21_JAN_2027)
    [issue] = err.value.issues
    assert (issue.task_id, issue.field, issue.index) == ("draft", "before", 0)
    assert issue.message == "cycle in 'before': draft → draft"


def test_tasks_are_placed_after_every_task_they_come_before_in_any_graph() -> None:
    # The order schedule() works in: each task after all of its successors, each task once, and a
    # cycle named as graphlib names it. Random graphs, some with a cycle, some with a self-loop.
    rng = random.Random(11)
    for _ in range(300):
        ids = [f"t{n}" for n in range(rng.randint(1, 12))]
        graph = {
            tid: [o for o in rng.sample(ids, rng.randint(0, min(3, len(ids)))) if ids.index(o) > n]
            for n, tid in enumerate(ids)
        }
        cyclic = rng.random() < 0.3
        if cyclic:
            a, b = sorted(rng.sample(range(len(ids)), 2)) if len(ids) > 1 else (0, 0)
            graph[ids[b]].append(ids[a])
            if ids[b] not in graph[ids[a]]:
                graph[ids[a]].append(ids[b])  # a before b before a
        graph = dict(rng.sample(list(graph.items()), len(graph)))
        issues: list[ScheduleIssue] = []
        order = _successors_first(graph, issues)
        if cyclic:
            sorter = graphlib.TopologicalSorter(graph)
            with pytest.raises(graphlib.CycleError) as err:
                list(sorter.static_order())
            assert order == [] and len(issues) == 1
            assert issues[0].message == "cycle in 'before': " + " → ".join(reversed(err.value.args[1]))
            continue
        assert sorted(order) == sorted(ids) and not issues
        placed = {tid: n for n, tid in enumerate(order)}
        assert all(placed[nxt] < placed[tid] for tid, after in graph.items() for nxt in after)


def test_fixed_due_after_the_start_of_its_successor_is_an_error() -> None:
    tasks = [task("approve-deck", due="-5d", before=["design-deck"]), task("design-deck", due="-10d")]
    with pytest.raises(ScheduleError) as err:
        schedule(tasks, THURSDAY_21_JAN_2027)
    # approve-deck is due 16 Jan; design-deck starts 11 Jan.
    [issue] = err.value.issues
    assert (issue.task_id, issue.field) == ("approve-deck", "due")
    assert "2027-01-16" in issue.message and "2027-01-11" in issue.message
    assert "'design-deck'" in issue.message
    # For a workflow page, which has no real anchor date, the same problem in days from the anchor.
    assert issue.relative_message == (
        "'approve-deck' is due 5 days before the anchor, on or after the start of 'design-deck' "
        "(10 days before the anchor), which it must precede (before[0])"
    )


def test_fixed_due_on_the_start_day_of_its_successor_is_an_error() -> None:
    # recruit-guest due 11 Jan; create-talking-points due 13 Jan with 3d starts 11 Jan: same day.
    tasks = [
        task("recruit-guest", due="-10d", before=["create-talking-points"]),
        task("create-talking-points", due="-8d", duration="3d"),
    ]
    with pytest.raises(ScheduleError) as err:
        schedule(tasks, THURSDAY_21_JAN_2027)
    assert [(i.task_id, i.field) for i in err.value.issues] == [("recruit-guest", "due")]


def test_fixed_due_the_day_before_its_successor_starts_is_fine() -> None:
    # As above with 2d: create-talking-points starts 12 Jan, the day after recruit-guest is due.
    tasks = [
        task("recruit-guest", due="-10d", before=["create-talking-points"]),
        task("create-talking-points", due="-8d", duration="2d"),
    ]
    sched = schedule(tasks, THURSDAY_21_JAN_2027)
    assert dates(sched)["create-talking-points"] == (D(2027, 1, 13), D(2027, 1, 12))


def test_unknown_tasks_and_a_cycle_are_reported_together() -> None:
    tasks = [
        task("draft", before=["reveiw"]),
        task("review", before=["approve"]),
        task("approve", before=["review"]),
        task("publish", before=["nowhere"]),
    ]
    with pytest.raises(ScheduleError) as err:
        schedule(tasks, THURSDAY_21_JAN_2027)
    issues = err.value.issues
    assert [(i.task_id, i.field, i.index) for i in issues if "unknown" in i.message] == [
        ("draft", "before", 0),
        ("publish", "before", 0),
    ]
    assert sum("cycle" in i.message for i in issues) == 1
    assert len(issues) == 3
    assert str(err.value) == "; ".join(i.message for i in issues)


def test_every_fixed_due_that_cannot_hold_is_reported() -> None:
    tasks = [
        task("a", due="-5d", before=["b"]),
        task("b", due="-10d"),
        task("c", due="-3d", before=["d"]),
        task("d", due="-3d"),
    ]
    with pytest.raises(ScheduleError) as err:
        schedule(tasks, THURSDAY_21_JAN_2027)
    assert [(i.task_id, i.field) for i in err.value.issues] == [("a", "due"), ("c", "due")]


# --- output order --------------------------------------------------------------------------


def test_tasks_are_listed_by_due_date_then_start_then_the_order_written() -> None:
    tasks = [
        task("short", due="-5d"),  # due 16 Jan, starts 16 Jan
        task("long", due="-5d", duration="3d"),  # due 16 Jan, starts 14 Jan
        task("early", due="-10d"),  # due 11 Jan
        task("twin-b", due="-1d"),  # due 20 Jan, written before twin-a
        task("twin-a", due="-1d"),  # due 20 Jan
    ]
    sched = schedule(tasks, THURSDAY_21_JAN_2027)
    assert [row.task.id for row in sched.tasks] == ["early", "long", "short", "twin-b", "twin-a"]


def test_schedule_does_not_change_its_tasks() -> None:
    tasks = [task("design-deck", duration="2d", before=["approve-deck"]), task("approve-deck", due="-12d")]
    copies = [t.model_copy(deep=True) for t in tasks]
    sched = schedule(tasks, THURSDAY_21_JAN_2027)
    assert tasks == copies
    assert sched.get("design-deck").task is tasks[0]


# --- a project's plan ----------------------------------------------------------------------

TEAM = {
    "id": "team",
    "path": "playbooks/team.yml",
    "kind": "team",
    "roles": {
        "strategist": {"title": "Content strategist"},
        "designer": {"title": "Designer"},
        "host": {"title": "Host"},
    },
    "people": {
        "ellie": {"name": "Ellie Hart", "roles": ["strategist"]},
        "lucy": {"name": "Lucy Brooks", "roles": ["designer"]},
        "hannah": {"name": "Hannah Field", "roles": ["host"]},
        "harry": {"name": "Harry Moss", "roles": ["host"]},
    },
}

PLAN_TASKS = [
    {"id": "generate-ideas", "title": "Generate ideas", "responsible": "strategist", "due": "-30d"},
    {
        "id": "design-deck",
        "title": "Design slide deck",
        "responsible": "designer",
        "duration": "2d",
        "before": ["approve-deck"],
    },
    {"id": "approve-deck", "title": "Approve slide deck", "responsible": "strategist", "due": "-12d"},
    {"id": "test-run-through", "title": "Test run-through", "responsible": ["host"], "due": "-1d"},
]


def workflow(tasks: list[dict[str, Any]] = PLAN_TASKS, **fields: Any) -> Workflow:
    return Workflow.model_validate(
        {
            "id": "webinar",
            "path": "playbooks/workflows/webinar.yml",
            "kind": "workflow",
            "title": "Webinar",
            "owner": "strategist",
            "tasks": tasks,
            **fields,
        }
    )


def project(**fields: Any) -> Project:
    return Project.model_validate(
        {
            "id": "q1-webinar",
            "path": "playbooks/projects/q1-webinar.yml",
            "kind": "project",
            "title": "Q1 webinar",
            "workflow": "webinar",
            "anchor_date": "2027-01-21",
            "assign": {"host": "hannah"},
            **fields,
        }
    )


SATURDAY_9_JAN_2027 = D(2027, 1, 9)


def handbook(
    proj: Project, flow: Workflow | None = None, *, today: D = SATURDAY_9_JAN_2027, holidays: str | None = None
) -> Handbook:
    return Handbook(team=Team.model_validate(TEAM), entries=(flow or workflow(), proj), holidays=holidays, today=today)


def test_plan_marks_tasks_done_past_due_due_today_and_upcoming() -> None:
    proj = project(status={"generate-ideas": {"done": "2026-12-20"}})
    plan = plan_project(handbook(proj, today=D(2027, 1, 9)), proj)
    assert [(t.task.id, t.due, t.state) for t in plan.tasks] == [
        # 21 Jan - 30 = 22 Dec; done (on 20 Dec), so not past due.
        ("generate-ideas", D(2026, 12, 22), TaskState.DONE),
        # Worked back from approve-deck: 8 Jan, the day before today.
        ("design-deck", D(2027, 1, 8), TaskState.PAST_DUE),
        # 21 Jan - 12 = 9 Jan, today.
        ("approve-deck", D(2027, 1, 9), TaskState.DUE_TODAY),
        # 21 Jan - 1 = 20 Jan.
        ("test-run-through", D(2027, 1, 20), TaskState.UPCOMING),
    ]
    assert plan.tasks[0].done_on == D(2026, 12, 20)
    assert plan.tasks[1].start == D(2027, 1, 7)
    assert [plan.count(s) for s in TaskState] == [1, 1, 1, 1]


def test_plan_task_done_without_a_date_is_done_even_before_it_is_due() -> None:
    proj = project(status={"test-run-through": "done"})
    plan = plan_project(handbook(proj, today=D(2027, 1, 9)), proj)
    row = next(t for t in plan.tasks if t.task.id == "test-run-through")
    assert (row.state, row.done_on) == (TaskState.DONE, None)


def test_plan_names_assigned_people_and_sole_role_holders() -> None:
    proj = project()
    plan = plan_project(handbook(proj), proj)
    people = {t.task.id: (t.responsible, t.accountable) for t in plan.tasks}
    # designer is held only by lucy and strategist only by ellie: they take them by default.
    # The workflow owner (strategist) is every task's A. host is held by two: assign says hannah.
    assert people == {
        "generate-ideas": (("ellie",), "ellie"),
        "design-deck": (("lucy",), "ellie"),
        "approve-deck": (("ellie",), "ellie"),
        "test-run-through": (("hannah",), "ellie"),
    }
    assert plan.people == ("ellie", "lucy", "hannah")


def test_plan_assign_wins_over_the_sole_holder_of_a_role() -> None:
    proj = project(assign={"host": "harry", "designer": "hannah"})
    plan = plan_project(handbook(proj), proj)
    people = {t.task.id: t.responsible for t in plan.tasks}
    assert people["design-deck"] == ("hannah",)
    assert people["test-run-through"] == ("harry",)


def test_plan_leaves_a_role_held_by_several_people_unassigned_as_the_role() -> None:
    proj = project(assign={})
    plan = plan_project(handbook(proj), proj)
    assert next(t for t in plan.tasks if t.task.id == "test-run-through").responsible == ("host",)


def test_plan_skip_removes_the_task() -> None:
    proj = project(skip=["test-run-through"])
    plan = plan_project(handbook(proj), proj)
    assert [t.task.id for t in plan.tasks] == ["generate-ideas", "design-deck", "approve-deck"]
    assert [t.id for t in plan.skipped] == ["test-run-through"]


def test_plan_skipping_the_only_successor_works_the_task_back_from_the_anchor() -> None:
    proj = project(skip=["approve-deck"])
    plan = plan_project(handbook(proj), proj)
    row = next(t for t in plan.tasks if t.task.id == "design-deck")
    assert row.task.before == ()
    # Nothing left after it but the launch: due 20 Jan, 2d starts 19 Jan.
    assert (row.due, row.start) == (D(2027, 1, 20), D(2027, 1, 19))


def test_plan_skip_reconnects_before_to_the_skipped_tasks_successors() -> None:
    tasks = [
        {"id": "write-brief", "title": "Write brief", "responsible": "strategist", "before": ["design-deck"]},
        {
            "id": "design-deck",
            "title": "Design slide deck",
            "responsible": "designer",
            "duration": "2d",
            "before": ["approve-deck"],
        },
        {"id": "approve-deck", "title": "Approve slide deck", "responsible": "strategist", "due": "-12d"},
    ]
    flow = workflow(tasks)
    proj = project(skip=["design-deck"])
    plan = plan_project(handbook(proj, flow), proj)
    row = next(t for t in plan.tasks if t.task.id == "write-brief")
    # write-brief still precedes approve-deck (9 Jan) through the skipped design-deck: due 8 Jan,
    # not the day before the launch (20 Jan).
    assert row.task.before == ("approve-deck",)
    assert row.due == D(2027, 1, 8)


def test_plan_schedules_the_projects_extra_tasks() -> None:
    proj = project(
        tasks=[
            {"id": "send-recording", "title": "Send recording", "responsible": "strategist", "due": "+2d"},
            {"id": "book-studio", "title": "Book studio", "responsible": "host", "before": ["test-run-through"]},
        ]
    )
    plan = plan_project(handbook(proj), proj)
    rows = {t.task.id: (t.due, t.extra) for t in plan.tasks}
    assert rows["send-recording"] == (D(2027, 1, 23), True)  # 21 Jan + 2
    assert rows["book-studio"] == (D(2027, 1, 19), True)  # day before test-run-through (20 Jan)
    assert rows["approve-deck"] == (D(2027, 1, 9), False)
    assert [t.task.id for t in plan.tasks][-3:] == ["book-studio", "test-run-through", "send-recording"]


def test_plan_uses_the_projects_holidays_over_the_handbook_default() -> None:
    flow = workflow([{"id": "brief", "title": "Brief", "responsible": "strategist", "due": "-5bd"}])
    monday_4_jan = {"anchor_date": "2027-01-04"}
    # Back five business days from 4 Jan: 23 Dec over GB Christmas/Boxing Day/New Year,
    # 28 Dec with weekends only (see the business-day tests above).
    gb = project(holidays="GB", **monday_4_jan)
    assert plan_project(handbook(gb, flow), gb).tasks[0].due == D(2026, 12, 23)
    plain = project(**monday_4_jan)
    assert plan_project(handbook(plain, flow), plain).tasks[0].due == D(2026, 12, 28)
    assert plan_project(handbook(plain, flow, holidays="GB"), plain).tasks[0].due == D(2026, 12, 23)


def test_plan_follows_working_days_only_of_the_workflow() -> None:
    flow = workflow(PLAN_TASKS, working_days_only=True)
    proj = project()
    plan = plan_project(handbook(proj, flow), proj)
    # approve-deck: Sat 9 Jan back to Fri 8 Jan; design-deck then Thu 7 Jan, starting Wed 6 Jan.
    rows = {t.task.id: (t.due, t.start) for t in plan.tasks}
    assert rows["approve-deck"] == (D(2027, 1, 8), D(2027, 1, 8))
    assert rows["design-deck"] == (D(2027, 1, 7), D(2027, 1, 6))


# --- weekends: before (issue 17) -------------------------------------------------------------

#: 21 Jan 2027 - 27 days = Fri 25 Dec 2026, Christmas Day in GB.
CHRISTMAS_TASK = {"id": "send-greetings", "title": "Send greetings", "responsible": "strategist", "due": "-27d"}


def _dues(proj: Project, flow: Workflow) -> dict[str, D]:
    return {t.task.id: t.due for t in plan_project(handbook(proj, flow), proj).tasks}


def test_weekends_before_on_the_workflow_moves_a_saturday_and_a_holiday_to_the_working_day_before() -> None:
    flow = workflow([*PLAN_TASKS, CHRISTMAS_TASK], weekends="before")
    dues = _dues(project(holidays="GB"), flow)
    assert dues["approve-deck"] == D(2027, 1, 8)  # Sat 9 Jan -> Fri 8 Jan
    assert dues["send-greetings"] == D(2026, 12, 24)  # Fri 25 Dec (Christmas Day) -> Thu 24 Dec
    # Worked back from approve-deck's Fri 8 Jan: the day before, Thu 7 Jan (a working day, kept).
    assert dues["design-deck"] == D(2027, 1, 7)
    assert dues["generate-ideas"] == D(2026, 12, 22)  # a Tuesday: kept
    # The same workflow without the option keeps both where they fall.
    plain = _dues(project(holidays="GB"), workflow([*PLAN_TASKS, CHRISTMAS_TASK]))
    assert (plain["approve-deck"], plain["send-greetings"]) == (D(2027, 1, 9), D(2026, 12, 25))


def test_a_projects_weekends_overrides_its_workflows() -> None:
    moved = _dues(project(weekends="before", holidays="GB"), workflow([*PLAN_TASKS, CHRISTMAS_TASK]))
    assert (moved["approve-deck"], moved["send-greetings"]) == (D(2027, 1, 8), D(2026, 12, 24))
    for flow in (workflow(weekends="before"), workflow(working_days_only=True)):
        kept = _dues(project(weekends="keep"), flow)
        assert kept["approve-deck"] == D(2027, 1, 9)  # Saturday, as the project asks


def test_weekends_keep_leaves_working_days_only_counting_working_days_back_from_a_task() -> None:
    """`weekends: keep` keeps an offset's Saturday, and working_days_only still makes "the day
    before" a Monday the Friday (README, Weekends and holidays)."""
    tasks = [
        {"id": "prepare", "title": "Prepare", "responsible": ["strategist"], "before": ["kick-off"]},
        {"id": "kick-off", "title": "Kick off", "responsible": ["strategist"], "due": "-10d"},
        {"id": "print", "title": "Print", "responsible": ["strategist"], "due": "-12d"},
    ]
    dues = _dues(project(weekends="keep", anchor_date="2027-01-21"), workflow(tasks, working_days_only=True))
    assert dues["kick-off"] == D(2027, 1, 11)  # Monday
    assert dues["prepare"] == D(2027, 1, 8)  # the working day before it: Friday, not Sunday 10 Jan
    assert dues["print"] == D(2027, 1, 9)  # an offset on a Saturday, kept


def test_a_holiday_counts_only_in_the_projects_calendar() -> None:
    # Without a public-holiday calendar, Christmas Day is a Friday like another.
    dues = _dues(project(), workflow([*PLAN_TASKS, CHRISTMAS_TASK], weekends="before"))
    assert dues["send-greetings"] == D(2026, 12, 25)


def test_weekends_before_read_from_a_project_file(tmp_path: Path) -> None:
    files = {
        **FILES,
        "playbooks/projects/q1-webinar.yml": FILES["playbooks/projects/q1-webinar.yml"] + "weekends: before\n",
    }
    write_handbook(tmp_path, files)
    book = load_handbook(Settings(root=tmp_path, today=D(2027, 1, 9))).raise_for_errors()
    proj = book.get("project", "q1-webinar")
    assert isinstance(proj, Project)
    assert plan_project(book, proj).schedule.get("approve-deck").due == D(2027, 1, 8)  # Sat 9 Jan -> Fri 8 Jan


def test_an_unknown_weekends_value_is_reported_at_its_line(tmp_path: Path) -> None:
    text = FILES["playbooks/projects/q1-webinar.yml"] + "weekends: after\n"
    files = {**FILES, "playbooks/projects/q1-webinar.yml": text}
    write_handbook(tmp_path, files)
    problems = load_handbook(Settings(root=tmp_path, today=D(2027, 1, 9))).problems
    line = text.splitlines().index("weekends: after") + 1
    assert [(p.path, p.line, p.column) for p in problems] == [("playbooks/projects/q1-webinar.yml", line, 11)]
    assert "before" in problems[0].message and "keep" in problems[0].message


FILES = {
    "playbooks/team.yml": """\
kind: team
roles:
  strategist: {title: Content strategist}
  designer: {title: Designer}
people:
  ellie: {name: Ellie Hart, roles: [strategist]}
  lucy: {name: Lucy Brooks, roles: [designer]}
""",
    "playbooks/workflows/webinar.yml": """\
kind: workflow
title: Webinar
owner: strategist
tasks:
  - id: generate-ideas
    title: Generate ideas
    responsible: strategist
    due: -30d
  - id: design-deck
    title: Design slide deck
    responsible: designer
    duration: 2d
    before: [approve-deck]
  - id: approve-deck
    title: Approve slide deck
    responsible: strategist
    due: -12d
  - id: test-run-through
    title: Test run-through
    responsible: strategist
    due: -1d
""",
    "playbooks/projects/q1-webinar.yml": """\
kind: project
title: Q1 webinar
workflow: webinar
launch: 2027-01-21
status:
  generate-ideas: {done: 2026-12-20}
""",
}


def test_plan_of_a_handbook_read_from_files(tmp_path: Path) -> None:
    write_handbook(tmp_path, FILES)
    result = load_handbook(Settings(root=tmp_path, today=D(2027, 1, 9)))
    assert result.problems == []
    book = result.raise_for_errors()
    proj = book.get("project", "q1-webinar")
    assert isinstance(proj, Project)
    plan = plan_project(book, proj)
    assert [(t.task.id, t.due, t.state, t.responsible) for t in plan.tasks] == [
        ("generate-ideas", D(2026, 12, 22), TaskState.DONE, ("ellie",)),
        ("design-deck", D(2027, 1, 8), TaskState.PAST_DUE, ("lucy",)),
        ("approve-deck", D(2027, 1, 9), TaskState.DUE_TODAY, ("ellie",)),
        ("test-run-through", D(2027, 1, 20), TaskState.UPCOMING, ("ellie",)),
    ]


# --- bounds and counting in weeks (issue 15) ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-99999bd", "'-99999bd' is too long: an offset is at most 2600bd, about ten years"),
        ("-3661d", "'-3661d' is too long: an offset is at most 3660d, about ten years"),
        ("+521w", "'+521w' is too long: an offset is at most 520w, about ten years"),
    ],
)
def test_offset_further_than_ten_years_is_an_error(text: str, message: str) -> None:
    with pytest.raises(ValueError) as err:
        parse_offset(text)
    assert str(err.value) == message


def test_longest_offsets_are_accepted() -> None:
    assert [parse_offset(t).days for t in ("-2600bd", "-3660d", "-520w")] == [-2600, -3660, -3640]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("99999d", "'99999d' is too long: a duration is at most 3660d, about ten years"),
        ("2601bd", "'2601bd' is too long: a duration is at most 2600bd, about ten years"),
    ],
)
def test_duration_longer_than_ten_years_is_an_error(text: str, message: str) -> None:
    with pytest.raises(ValueError) as err:
        parse_duration(text)
    assert str(err.value) == message


def _one_day_at_a_time(calendar: WorkCalendar, day: D, count: int) -> D:
    step = dt.timedelta(days=1 if count > 0 else -1)
    while count:
        day += step
        if calendar.is_business_day(day):
            count -= -1 if count < 0 else 1
    return day


@pytest.mark.parametrize("holidays", [None, "GB-ENG", "US-NY", "DE-BY"])
def test_business_days_counted_in_weeks_land_where_counting_day_by_day_does(holidays: str | None) -> None:
    calendar = WorkCalendar(holidays)
    rng = random.Random(15)
    for _ in range(400):
        day = D(2026, 1, 1) + dt.timedelta(days=rng.randint(-4000, 4000))
        count = rng.choice([rng.randint(-12, 12), rng.randint(-800, 800)])
        assert calendar.add_business_days(day, count) == _one_day_at_a_time(calendar, day, count), (day, count)


def test_business_days_over_ten_years_skip_every_holiday_in_the_span() -> None:
    calendar = WorkCalendar("GB-ENG")
    # 2600 business days back from Thu 21 Jan 2027: 520 weeks back is Thu 24 Jan 2017, then the
    # weekday holidays of England in between (Easter Mondays, bank holidays ...) are made up for.
    assert calendar.add_business_days(THURSDAY_21_JAN_2027, -2600) == _one_day_at_a_time(
        calendar, THURSDAY_21_JAN_2027, -2600
    )
    assert calendar.add_business_days(THURSDAY_21_JAN_2027, -2600) < D(2017, 1, 24)


def test_chain_of_tasks_reaching_back_more_than_a_hundred_years_is_an_issue_at_the_task() -> None:
    tasks = [task(f"t{i}", duration="3660d", before=[f"t{i + 1}"]) for i in range(1, 30)] + [
        task("t30", duration="3660d")
    ]
    with pytest.raises(ScheduleError) as err:
        schedule(tasks, THURSDAY_21_JAN_2027, WorkCalendar())
    # t30 is due the day before the anchor and starts 3659 days before that; each task before it
    # another 3660 days: the 11th from the end, t20, would start 110 years back.
    assert [(i.task_id, i.field) for i in err.value.issues] == [("t20", "duration")]
    assert err.value.issues[0].message == (
        "'t20' would start on 1916-10-30, 110 years before the anchor (2027-01-21): a workflow reaches "
        "back at most 100 years (the durations of the tasks in a chain add up)"
    )


def test_gb_alone_misses_easter_monday_so_business_days_move_by_region() -> None:
    # Easter Monday 2027 is 29 March: a public holiday in England, not in all of the UK. Good
    # Friday (26 March) is one in all of it.
    tuesday_30_march = D(2027, 3, 30)
    assert WorkCalendar("GB").add_business_days(tuesday_30_march, -1) == D(2027, 3, 29)
    assert WorkCalendar("GB-ENG").add_business_days(tuesday_30_march, -1) == D(2027, 3, 25)


def test_a_country_whose_regions_keep_holidays_of_their_own_is_named_with_its_choices() -> None:
    assert subdivision_note("GB") == (
        "'GB' counts only the public holidays of the whole country; its subdivisions keep their own "
        "(GB-ENG: Easter Monday, Late Summer Bank Holiday), which 'GB' counts as business days. "
        "Name one: GB-ENG, GB-NIR, GB-SCT, GB-WLS"
    )
    assert subdivision_note("US").endswith("US-FL, US-GA … (57 in all)")


@pytest.mark.parametrize("code", ["GB-ENG", "US-NY", "AT", "NL", "JP"])
def test_a_subdivision_or_a_country_without_regional_holidays_needs_no_note(code: str) -> None:
    assert subdivision_note(code) is None
