"""Recurrence rules of rituals, reports and procedure steps (SPEC §3, kind: ritual / report).

Expected dates are worked out by hand: 2026-12-07 is a Monday (18 days before Friday
2026-12-25), 2027-01-01 is a Friday, 2027-01-04 a Monday and 2027-01-21 a Thursday.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from opsbook.model import Report, Ritual, Step
from opsbook.model.recurring import Recurrence
from opsbook.recurrence import RecurrenceError, Rule, day_errors, describe, rule_of

D = dt.date


def recurrence(**fields: Any) -> Recurrence:
    return Recurrence.model_validate(fields)


def rule(**fields: Any) -> Rule:
    found = rule_of(recurrence(**fields))
    assert found is not None
    return found


def test_weekdays_the_comments_rely_on() -> None:
    assert [D(2026, 12, 7).strftime("%a"), D(2027, 1, 1).strftime("%a"), D(2027, 1, 21).strftime("%a")] == [
        "Mon", "Fri", "Thu",
    ]


# --- the spec's own examples ---------------------------------------------------------------

def test_spec_ritual_weekly_on_monday_until_the_end_of_june() -> None:
    ritual = Ritual.model_validate({
        "id": "weekly-stakeholder-check-in", "path": "playbooks/rituals/weekly-stakeholder-check-in.yml",
        "kind": "ritual", "title": "Weekly stakeholder check-in", "attendees": ["strategist", "ellie"],
        "starts": "2026-12-07", "time": "10:00", "duration": "30m", "timezone": "Europe/London",
        "repeat": "weekly", "days": ["mon"], "until": "2027-06-30",
    })
    found = rule_of(ritual)
    assert found == Rule(D(2026, 12, 7), "FREQ=WEEKLY;BYDAY=MO;UNTIL=20270630T235959")
    # Mondays from 7 Dec: 7, 14, 21, 28 Dec, 4 Jan.
    assert found.dates(D(2026, 12, 1), D(2027, 1, 4)) == [
        D(2026, 12, 7), D(2026, 12, 14), D(2026, 12, 21), D(2026, 12, 28), D(2027, 1, 4),
    ]
    # 30 Jun 2027 is a Wednesday; the last Monday on or before it is 28 Jun.
    assert found.dates(D(2027, 6, 20), D(2027, 7, 31)) == [D(2027, 6, 21), D(2027, 6, 28)]
    assert describe(found) == "Every week on Monday, from 7 Dec 2026 until 30 Jun 2027"


def test_spec_report_monthly_on_the_fifth() -> None:
    report = Report.model_validate({
        "id": "monthly-kpi-report", "path": "playbooks/reports/monthly-kpi-report.yml", "kind": "report",
        "title": "Monthly KPI report", "owner": "analyst", "audience": ["cmo", "sales-lead"],
        "repeat": "monthly", "days": [5], "starts": "2026-12-01",
    })
    found = rule_of(report)
    assert found == Rule(D(2026, 12, 1), "FREQ=MONTHLY;BYMONTHDAY=5")
    assert found.dates(D(2026, 12, 1), D(2027, 4, 30)) == [
        D(2026, 12, 5), D(2027, 1, 5), D(2027, 2, 5), D(2027, 3, 5), D(2027, 4, 5),
    ]
    assert describe(found) == "Every month on the 5th, from 1 Dec 2026"


def test_procedure_step_recurs_monthly_on_the_first() -> None:
    step = Step.model_validate({
        "id": "clean-bounces", "title": "Remove bounced contacts", "responsible": "ops-specialist",
        "repeat": "monthly", "days": [1], "starts": "2027-01-01",
    })
    assert rule_of(step).dates(D(2027, 1, 1), D(2027, 3, 31)) == [D(2027, 1, 1), D(2027, 2, 1), D(2027, 3, 1)]


def test_entry_without_repeat_or_rrule_does_not_recur() -> None:
    assert rule_of(recurrence()) is None
    assert rule_of(recurrence(starts="2027-01-01")) is None


# --- each `repeat` ---------------------------------------------------------------------------

def test_daily_falls_on_every_day_from_starts() -> None:
    found = rule(repeat="daily", starts="2027-01-01")
    assert found.rrule == "FREQ=DAILY"
    # Nothing before starts, even when the window opens earlier.
    assert found.dates(D(2026, 12, 30), D(2027, 1, 4)) == [D(2027, 1, 1), D(2027, 1, 2), D(2027, 1, 3), D(2027, 1, 4)]


def test_weekdays_falls_monday_to_friday() -> None:
    found = rule(repeat="weekdays", starts="2027-01-01")
    assert found.rrule == "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
    # Fri 1, (weekend), Mon 4 .. Fri 8.
    assert found.dates(D(2027, 1, 1), D(2027, 1, 10)) == [
        D(2027, 1, 1), D(2027, 1, 4), D(2027, 1, 5), D(2027, 1, 6), D(2027, 1, 7), D(2027, 1, 8),
    ]


def test_weekly_on_several_days() -> None:
    found = rule(repeat="weekly", days=["mon", "thu"], starts="2026-12-07")
    assert found.rrule == "FREQ=WEEKLY;BYDAY=MO,TH"
    assert found.dates(D(2026, 12, 7), D(2026, 12, 20)) == [D(2026, 12, 7), D(2026, 12, 10), D(2026, 12, 14), D(2026, 12, 17)]


def test_weekly_without_days_falls_on_the_weekday_of_starts() -> None:
    found = rule(repeat="weekly", starts="2027-01-21")
    assert found.rrule == "FREQ=WEEKLY;BYDAY=TH"
    assert found.dates(D(2027, 1, 1), D(2027, 2, 11)) == [D(2027, 1, 21), D(2027, 1, 28), D(2027, 2, 4), D(2027, 2, 11)]


def test_weekly_starting_between_its_days_begins_on_the_next_one() -> None:
    found = rule(repeat="weekly", days=["mon"], starts="2026-12-09")  # a Wednesday
    assert found.dates(D(2026, 12, 1), D(2026, 12, 21)) == [D(2026, 12, 14), D(2026, 12, 21)]
    assert found.next_on_or_after(D(2026, 12, 1)) == D(2026, 12, 14)
    assert found.next_on_or_after(D(2026, 12, 14)) == D(2026, 12, 14)
    assert found.next_on_or_after(D(2026, 12, 15)) == D(2026, 12, 21)


def test_weekday_names_may_be_written_in_full_or_in_capitals() -> None:
    assert rule(repeat="weekly", days=["Monday", "THU"], starts="2026-12-07").rrule == "FREQ=WEEKLY;BYDAY=MO,TH"


@pytest.mark.parametrize("days", [["tue"], []])
def test_fortnightly_falls_every_other_week(days: list[str]) -> None:
    found = rule(repeat="fortnightly", days=days, starts="2027-01-05")  # a Tuesday
    assert found.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"
    assert found.dates(D(2027, 1, 1), D(2027, 2, 28)) == [D(2027, 1, 5), D(2027, 1, 19), D(2027, 2, 2), D(2027, 2, 16)]


def test_monthly_without_days_falls_on_the_day_of_starts() -> None:
    found = rule(repeat="monthly", starts="2027-01-15")
    assert found.rrule == "FREQ=MONTHLY;BYMONTHDAY=15"
    assert found.dates(D(2027, 1, 1), D(2027, 3, 31)) == [D(2027, 1, 15), D(2027, 2, 15), D(2027, 3, 15)]


def test_monthly_on_minus_one_falls_on_the_last_day_of_each_month() -> None:
    found = rule(repeat="monthly", days=[-1], starts="2027-01-01")
    assert found.rrule == "FREQ=MONTHLY;BYMONTHDAY=-1"
    assert found.dates(D(2027, 1, 1), D(2027, 4, 30)) == [D(2027, 1, 31), D(2027, 2, 28), D(2027, 3, 31), D(2027, 4, 30)]
    assert describe(found) == "Every month on the last day, from 1 Jan 2027"


def test_quarterly_falls_every_three_months_on_the_day_of_starts() -> None:
    found = rule(repeat="quarterly", starts="2027-01-15")
    assert found.rrule == "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15"
    assert found.dates(D(2027, 1, 1), D(2028, 1, 31)) == [
        D(2027, 1, 15), D(2027, 4, 15), D(2027, 7, 15), D(2027, 10, 15), D(2028, 1, 15),
    ]


def test_yearly_falls_on_the_anniversary_of_starts() -> None:
    found = rule(repeat="yearly", starts="2027-03-01")
    assert found.rrule == "FREQ=YEARLY"
    assert found.dates(D(2027, 1, 1), D(2029, 12, 31)) == [D(2027, 3, 1), D(2028, 3, 1), D(2029, 3, 1)]
    assert describe(found) == "Every year on 1 March, from 1 Mar 2027"


def test_yearly_from_29_february_falls_only_in_leap_years() -> None:
    """RFC 5545 §3.3.10: instances with an invalid date (29 Feb in 2029) are ignored."""
    found = rule(repeat="yearly", starts="2028-02-29")
    assert found.dates(D(2028, 1, 1), D(2032, 12, 31)) == [D(2028, 2, 29), D(2032, 2, 29)]


def test_rrule_replaces_repeat_and_days() -> None:
    found = rule(rrule="FREQ=WEEKLY;BYDAY=MO,TH", starts="2027-01-04")
    assert found.rrule == "FREQ=WEEKLY;BYDAY=MO,TH"
    assert found.dates(D(2027, 1, 1), D(2027, 1, 14)) == [D(2027, 1, 4), D(2027, 1, 7), D(2027, 1, 11), D(2027, 1, 14)]
    assert describe(found) == "Every week on Monday, Thursday, from 4 Jan 2027"


def test_rrule_is_written_back_in_capitals_without_its_prefix() -> None:
    assert rule(rrule="RRULE:freq=weekly;byday=mo,th", starts="2027-01-04").rrule == "FREQ=WEEKLY;BYDAY=MO,TH"


# --- until ------------------------------------------------------------------------------------

def test_until_is_inclusive() -> None:
    found = rule(repeat="weekly", days=["mon"], starts="2026-12-07", until="2026-12-21")
    assert found.rrule == "FREQ=WEEKLY;BYDAY=MO;UNTIL=20261221T235959"
    assert found.dates(D(2026, 12, 1), D(2027, 1, 31)) == [D(2026, 12, 7), D(2026, 12, 14), D(2026, 12, 21)]
    assert found.next_on_or_after(D(2026, 12, 22)) is None
    assert describe(found) == "Every week on Monday, from 7 Dec 2026 until 21 Dec 2026"


def test_until_applies_to_an_rrule_too() -> None:
    found = rule(rrule="FREQ=WEEKLY;BYDAY=MO,TH", starts="2027-01-04", until="2027-01-14")
    assert found.dates(D(2027, 1, 1), D(2027, 2, 28)) == [D(2027, 1, 4), D(2027, 1, 7), D(2027, 1, 11), D(2027, 1, 14)]


def test_until_on_the_first_day_leaves_one_occurrence() -> None:
    found = rule(repeat="daily", starts="2027-01-10", until="2027-01-10")
    assert found.dates(D(2027, 1, 1), D(2027, 1, 31)) == [D(2027, 1, 10)]


# --- describe ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("fields", "text"), [
    ({"repeat": "daily", "starts": "2027-01-01"}, "Every day, from 1 Jan 2027"),
    ({"repeat": "weekdays", "starts": "2027-01-01"}, "Every weekday, from 1 Jan 2027"),
    ({"repeat": "weekly", "days": ["mon"], "starts": "2026-12-07"}, "Every week on Monday, from 7 Dec 2026"),
    ({"repeat": "fortnightly", "days": ["tue"], "starts": "2027-01-05"}, "Every 2 weeks on Tuesday, from 5 Jan 2027"),
    ({"repeat": "quarterly", "starts": "2027-01-15"}, "Every 3 months on the 15th, from 15 Jan 2027"),
    ({"repeat": "monthly", "days": [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31], "starts": "2027-01-01"},
     "Every month on the 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd, 23rd, 31st, from 1 Jan 2027"),
])
def test_describe_reads_like_a_sentence(fields: dict[str, Any], text: str) -> None:
    assert describe(rule(**fields)) == text


def test_describe_keeps_which_weekday_of_the_month() -> None:
    found = rule(rrule="FREQ=MONTHLY;BYDAY=1MO", starts="2027-01-01")
    # First Mondays: 4 Jan, 1 Feb, 1 Mar.
    assert found.dates(D(2027, 1, 1), D(2027, 3, 31)) == [D(2027, 1, 4), D(2027, 2, 1), D(2027, 3, 1)]
    assert "first monday" in describe(found).lower()


def test_describe_names_the_month_of_a_yearly_rrule() -> None:
    found = rule(rrule="FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1", starts="2027-01-01")
    assert found.dates(D(2027, 1, 1), D(2028, 12, 31)) == [D(2027, 3, 1), D(2028, 3, 1)]
    assert "March" in describe(found)


def test_describe_says_how_many_times_a_counted_rrule_happens() -> None:
    found = rule(rrule="FREQ=WEEKLY;COUNT=3", starts="2027-01-04")
    assert found.dates(D(2027, 1, 1), D(2027, 12, 31)) == [D(2027, 1, 4), D(2027, 1, 11), D(2027, 1, 18)]
    assert "3 times" in describe(found)


# --- errors -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("fields", "field", "index", "words"), [
    ({"repeat": "weekly", "days": ["mon", "funday"], "starts": "2027-01-04"}, "days", 1, "'funday' is not a weekday"),
    ({"repeat": "weekly", "days": [1], "starts": "2027-01-04"}, "days", 0, "'1' is not a weekday"),
    ({"repeat": "monthly", "days": [0], "starts": "2027-01-04"}, "days", 0, "'0' is not a day of the month"),
    ({"repeat": "monthly", "days": [5, 40], "starts": "2027-01-04"}, "days", 1, "'40' is not a day of the month"),
    ({"repeat": "monthly", "days": ["mon"], "starts": "2027-01-04"}, "days", 0, "'mon' is not a day of the month"),
    ({"repeat": "yearly", "days": [5], "starts": "2027-01-04"}, "days", None, "does not apply to 'yearly'"),
    ({"repeat": "daily", "days": ["mon"], "starts": "2027-01-04"}, "days", None, "does not apply to 'daily'"),
    ({"repeat": "weekdays", "days": ["mon"], "starts": "2027-01-04"}, "days", None, "already means Monday to Friday"),
    ({"days": ["mon"], "starts": "2027-01-04"}, "days", None, "'days' needs 'repeat'"),
    ({"repeat": "weekly", "rrule": "FREQ=WEEKLY", "starts": "2027-01-04"}, "rrule", None, "not both"),
    ({"rrule": "BYDAY=MO,TH", "starts": "2027-01-04"}, "rrule", None, "has no FREQ"),
    ({"rrule": "FREQ=WEEKLY;DTSTART=20270104", "starts": "2027-01-04"}, "rrule", None, "goes in 'starts'"),
    ({"rrule": "FREQ=SOMETIMES", "starts": "2027-01-04"}, "rrule", None, "not a valid RRULE"),
    ({"repeat": "weekly", "days": ["mon"]}, "repeat", None, "needs 'starts'"),
    ({"rrule": "FREQ=WEEKLY;BYDAY=MO"}, "rrule", None, "needs 'starts'"),
    ({"repeat": "weekly", "starts": "2027-01-10", "until": "2027-01-03"}, "until", None,
     "'until' (2027-01-03) is before 'starts' (2027-01-10)"),
    ({"until": "2027-01-03"}, "until", None, "'until' needs 'repeat' or 'rrule'"),
    ({"rrule": "FREQ=WEEKLY;COUNT=3", "starts": "2027-01-04", "until": "2027-02-01"}, "until", None, "not both"),
])
def test_recurrence_that_cannot_hold_names_its_field(
    fields: dict[str, Any], field: str, index: int | None, words: str,
) -> None:
    with pytest.raises(RecurrenceError) as err:
        rule_of(recurrence(**fields))
    assert (err.value.field, err.value.index) == (field, index)
    assert words in str(err.value)


def test_empty_rrule_is_a_recurrence_error() -> None:
    with pytest.raises(RecurrenceError) as err:
        rule_of(recurrence(rrule="", starts="2027-01-04"))
    assert err.value.field == "rrule"


def test_rrule_with_interval_zero_is_a_recurrence_error() -> None:
    """RFC 5545 §3.3.10: INTERVAL is a positive integer."""
    with pytest.raises(RecurrenceError) as err:
        rule_of(recurrence(rrule="FREQ=DAILY;INTERVAL=0", starts="2027-01-04"))
    assert err.value.field == "rrule"


def test_word_that_only_starts_like_a_weekday_is_not_a_weekday() -> None:
    with pytest.raises(RecurrenceError) as err:
        rule_of(recurrence(repeat="weekly", days=["monkey"], starts="2027-01-04"))
    assert (err.value.field, err.value.index) == ("days", 0)


def test_every_bad_day_is_reported_at_its_index() -> None:
    weekly = recurrence(repeat="weekly", days=["mon", "funday", "thu", 3], starts="2027-01-04")
    assert [(e.field, e.index) for e in day_errors(weekly)] == [("days", 1), ("days", 3)]
    monthly = recurrence(repeat="monthly", days=[0, 5, 40], starts="2027-01-04")
    assert [(e.field, e.index) for e in day_errors(monthly)] == [("days", 0), ("days", 2)]
    assert day_errors(recurrence(repeat="weekly", days=["mon", "thu"], starts="2027-01-04")) == []
