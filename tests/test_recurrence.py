"""Recurrence rules of rituals, reports and procedure steps (SPEC §3, kind: ritual / report).

Expected dates are worked out by hand: 2026-12-07 is a Monday (18 days before Friday
2026-12-25), 2027-01-01 is a Friday, 2027-01-04 a Monday and 2027-01-21 a Thursday.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from opsbook.core.model import Report, Ritual, Step
from opsbook.core.model.recurring import Recurrence
from opsbook.core.recurrence import Rule, describe, rule_of
from opsbook.core.rrule import RecurrenceError, day_errors

D = dt.date


def recurrence(**fields: Any) -> Recurrence:
    return Recurrence.model_validate(fields)


def rule(**fields: Any) -> Rule:
    found = rule_of(recurrence(**fields))
    assert found is not None
    return found


def test_weekdays_the_comments_rely_on() -> None:
    assert [D(2026, 12, 7).strftime("%a"), D(2027, 1, 1).strftime("%a"), D(2027, 1, 21).strftime("%a")] == [
        "Mon",
        "Fri",
        "Thu",
    ]


# --- the spec's own examples ---------------------------------------------------------------


def test_spec_ritual_weekly_on_monday_until_the_end_of_june() -> None:
    ritual = Ritual.model_validate(
        {
            "id": "weekly-stakeholder-check-in",
            "path": "playbooks/rituals/weekly-stakeholder-check-in.yml",
            "kind": "ritual",
            "title": "Weekly stakeholder check-in",
            "attendees": ["strategist", "ellie"],
            "starts": "2026-12-07",
            "time": "10:00",
            "duration": "30m",
            "timezone": "Europe/London",
            "repeat": "weekly",
            "days": ["mon"],
            "until": "2027-06-30",
        }
    )
    found = rule_of(ritual)
    assert found == Rule(D(2026, 12, 7), "FREQ=WEEKLY;BYDAY=MO;UNTIL=20270630T235959", dt.time(10), "Europe/London")
    # Mondays from 7 Dec: 7, 14, 21, 28 Dec, 4 Jan.
    assert found.dates(D(2026, 12, 1), D(2027, 1, 4)) == [
        D(2026, 12, 7),
        D(2026, 12, 14),
        D(2026, 12, 21),
        D(2026, 12, 28),
        D(2027, 1, 4),
    ]
    # 30 Jun 2027 is a Wednesday; the last Monday on or before it is 28 Jun.
    assert found.dates(D(2027, 6, 20), D(2027, 7, 31)) == [D(2027, 6, 21), D(2027, 6, 28)]
    assert describe(found) == "Every week on Monday, from 7 Dec 2026 until 30 Jun 2027"


def test_spec_report_monthly_on_the_fifth() -> None:
    report = Report.model_validate(
        {
            "id": "monthly-kpi-report",
            "path": "playbooks/reports/monthly-kpi-report.yml",
            "kind": "report",
            "title": "Monthly KPI report",
            "owner": "analyst",
            "audience": ["cmo", "sales-lead"],
            "repeat": "monthly",
            "days": [5],
            "starts": "2026-12-01",
        }
    )
    found = rule_of(report)
    assert found == Rule(D(2026, 12, 1), "FREQ=MONTHLY;BYMONTHDAY=5")
    assert found.dates(D(2026, 12, 1), D(2027, 4, 30)) == [
        D(2026, 12, 5),
        D(2027, 1, 5),
        D(2027, 2, 5),
        D(2027, 3, 5),
        D(2027, 4, 5),
    ]
    assert describe(found) == "Every month on the 5th, from 1 Dec 2026"


def test_procedure_step_recurs_monthly_on_the_first() -> None:
    step = Step.model_validate(
        {
            "id": "clean-bounces",
            "title": "Remove bounced contacts",
            "responsible": "ops-specialist",
            "repeat": "monthly",
            "days": [1],
            "starts": "2027-01-01",
        }
    )
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
        D(2027, 1, 1),
        D(2027, 1, 4),
        D(2027, 1, 5),
        D(2027, 1, 6),
        D(2027, 1, 7),
        D(2027, 1, 8),
    ]


def test_weekly_on_several_days() -> None:
    found = rule(repeat="weekly", days=["mon", "thu"], starts="2026-12-07")
    assert found.rrule == "FREQ=WEEKLY;BYDAY=MO,TH"
    assert found.dates(D(2026, 12, 7), D(2026, 12, 20)) == [
        D(2026, 12, 7),
        D(2026, 12, 10),
        D(2026, 12, 14),
        D(2026, 12, 17),
    ]


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
    assert found.dates(D(2027, 1, 1), D(2027, 4, 30)) == [
        D(2027, 1, 31),
        D(2027, 2, 28),
        D(2027, 3, 31),
        D(2027, 4, 30),
    ]
    assert describe(found) == "Every month on the last day, from 1 Jan 2027"


def test_quarterly_falls_every_three_months_on_the_day_of_starts() -> None:
    found = rule(repeat="quarterly", starts="2027-01-15")
    assert found.rrule == "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15"
    assert found.dates(D(2027, 1, 1), D(2028, 1, 31)) == [
        D(2027, 1, 15),
        D(2027, 4, 15),
        D(2027, 7, 15),
        D(2027, 10, 15),
        D(2028, 1, 15),
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


@pytest.mark.parametrize(
    ("fields", "text"),
    [
        ({"repeat": "daily", "starts": "2027-01-01"}, "Every day, from 1 Jan 2027"),
        ({"repeat": "weekdays", "starts": "2027-01-01"}, "Every weekday, from 1 Jan 2027"),
        ({"repeat": "weekly", "days": ["mon"], "starts": "2026-12-07"}, "Every week on Monday, from 7 Dec 2026"),
        (
            {"repeat": "fortnightly", "days": ["tue"], "starts": "2027-01-05"},
            "Every 2 weeks on Tuesday, from 5 Jan 2027",
        ),
        ({"repeat": "quarterly", "starts": "2027-01-15"}, "Every 3 months on the 15th, from 15 Jan 2027"),
        (
            {"repeat": "monthly", "days": [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31], "starts": "2027-01-01"},
            "Every month on the 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd, 23rd, 31st, from 1 Jan 2027",
        ),
    ],
)
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


@pytest.mark.parametrize(
    ("fields", "field", "index", "words"),
    [
        (
            {"repeat": "weekly", "days": ["mon", "funday"], "starts": "2027-01-04"},
            "days",
            1,
            "'funday' is not a weekday",
        ),
        ({"repeat": "weekly", "days": [1], "starts": "2027-01-04"}, "days", 0, "'1' is not a weekday"),
        ({"repeat": "monthly", "days": [0], "starts": "2027-01-04"}, "days", 0, "'0' is not a day of the month"),
        ({"repeat": "monthly", "days": [5, 40], "starts": "2027-01-04"}, "days", 1, "'40' is not a day of the month"),
        ({"repeat": "monthly", "days": ["mon"], "starts": "2027-01-04"}, "days", 0, "'mon' is not a day of the month"),
        ({"repeat": "yearly", "days": [5], "starts": "2027-01-04"}, "days", None, "does not apply to 'yearly'"),
        ({"repeat": "daily", "days": ["mon"], "starts": "2027-01-04"}, "days", None, "does not apply to 'daily'"),
        (
            {"repeat": "weekdays", "days": ["mon"], "starts": "2027-01-04"},
            "days",
            None,
            "already means Monday to Friday",
        ),
        ({"days": ["mon"], "starts": "2027-01-04"}, "days", None, "'days' needs 'repeat'"),
        ({"repeat": "weekly", "rrule": "FREQ=WEEKLY", "starts": "2027-01-04"}, "rrule", None, "not both"),
        ({"rrule": "BYDAY=MO,TH", "starts": "2027-01-04"}, "rrule", None, "has no FREQ"),
        ({"rrule": "FREQ=WEEKLY;DTSTART=20270104", "starts": "2027-01-04"}, "rrule", None, "goes in 'starts'"),
        ({"rrule": "FREQ=SOMETIMES", "starts": "2027-01-04"}, "rrule", None, "not a valid RRULE"),
        ({"repeat": "weekly", "days": ["mon"]}, "repeat", None, "needs 'starts'"),
        ({"rrule": "FREQ=WEEKLY;BYDAY=MO"}, "rrule", None, "needs 'starts'"),
        (
            {"repeat": "weekly", "starts": "2027-01-10", "until": "2027-01-03"},
            "until",
            None,
            "'until' (2027-01-03) is before 'starts' (2027-01-10)",
        ),
        ({"until": "2027-01-03"}, "until", None, "'until' needs 'repeat' or 'rrule'"),
        ({"rrule": "FREQ=WEEKLY;COUNT=3", "starts": "2027-01-04", "until": "2027-02-01"}, "until", None, "not both"),
    ],
)
def test_recurrence_that_cannot_hold_names_its_field(
    fields: dict[str, Any],
    field: str,
    index: int | None,
    words: str,
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


# --- rules held to RFC 5545 and to days (issue 15) ---------------------------------------------

EVERY_HOUR = ",".join(str(h) for h in range(24))
EVERY_MINUTE = ",".join(str(m) for m in range(60))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            f"FREQ=DAILY;BYHOUR={EVERY_HOUR};BYMINUTE={EVERY_MINUTE};BYSECOND={EVERY_MINUTE}",
            "BYHOUR: the handbook's events recur at most daily",
        ),
        ("FREQ=WEEKLY;BYMINUTE=0,30", "BYMINUTE: the handbook's events recur at most daily"),
        ("FREQ=MINUTELY", "FREQ=MINUTELY: the handbook's events recur at most daily"),
        ("FREQ=YEARLY;BYEASTER=0", "'BYEASTER' is not a part of an RFC 5545 rule"),
        ("FREQ=WEEKLY;X-NAME=1", "'X-NAME' is not a part of an RFC 5545 rule"),
        ("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY=0: days of the month run from 1 to 31"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY=32: days of the month run from 1 to 31"),
        ("FREQ=YEARLY;BYMONTH=13", "BYMONTH=13: months run from 1 to 12"),
        ("FREQ=YEARLY;BYMONTH=-1", "BYMONTH=-1: months run from 1 to 12"),
        ("FREQ=YEARLY;BYYEARDAY=367", "BYYEARDAY=367: days of the year run from 1 to 366"),
        ("FREQ=YEARLY;BYWEEKNO=54", "BYWEEKNO=54: weeks of the year run from 1 to 53"),
        ("FREQ=MONTHLY;BYDAY=TH(+1)", "BYDAY=TH(+1): write weekdays as MO, TU, WE, TH, FR, SA or SU"),
        ("FREQ=MONTHLY;BYDAY=0MO", "0MO counts from 1 (the first) or -1 (the last)"),
        ("FREQ=MONTHLY;BYDAY=6MO", "no month has more than 5 of a weekday"),
        ("FREQ=WEEKLY;BYDAY=1MO", "a numbered weekday such as 1MO needs FREQ=MONTHLY"),
        ("FREQ=WEEKLY;WKST=1MO", "WKST=1MO: write weekdays as MO"),
        ("FREQ=MONTHLY;BYWEEKNO=1", "BYWEEKNO needs FREQ=YEARLY"),
        ("FREQ=MONTHLY;BYYEARDAY=1", "BYYEARDAY needs FREQ=YEARLY"),
        ("FREQ=WEEKLY;BYMONTHDAY=1", "BYMONTHDAY does not go with FREQ=WEEKLY"),
        ("FREQ=MONTHLY;BYSETPOS=1", "BYSETPOS picks among the days other BY parts give"),
        ("FREQ=WEEKLY;FREQ=DAILY", "FREQ is given twice"),
        ("FREQ=WEEKLY;BYDAY=", "BYDAY has no value"),
        ("FREQ=WEEKLY;COUNT=2;UNTIL=20271231", "not both"),
        ("FREQ=WEEKLY;COUNT=10000", "COUNT=10000 must be a whole number from 1 to 9999"),
        ("FREQ=WEEKLY;UNTIL=2027-12-31", "UNTIL=2027-12-31 is not an RFC 5545 date"),
        ("FREQ=WEEKLY;UNTIL=20270231", "UNTIL=20270231 is not an RFC 5545 date"),
        ("FREQ=WEEKLY;UNTIL=99991231", "UNTIL=99991231 is after 2999-12-31"),
        ("FREQ=WEEKLY;UNTIL=19971224T000000Z", "UNTIL=19971224T000000Z is before 'starts' (2027-01-04)"),
    ],
)
def test_rrule_outside_rfc_5545_or_finer_than_a_day_is_refused(text: str, words: str) -> None:
    """RFC 5545 §3.3.10: the parts, their ranges and which go with which FREQ."""
    with pytest.raises(RecurrenceError) as err:
        rule_of(recurrence(rrule=text, starts="2027-01-04"))
    assert err.value.field == "rrule"
    assert words in str(err.value)


@pytest.mark.parametrize(
    "text",
    [
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=DAILY;BYMONTH=4;BYMONTHDAY=31",
        "FREQ=YEARLY;BYDAY=MO;BYMONTHDAY=1;BYMONTH=2;BYYEARDAY=1",
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;INTERVAL=4",  # from 2027: 2031, 2035 … never a leap year
    ],
)
def test_rrule_that_falls_on_no_day_is_refused(text: str) -> None:
    with pytest.raises(RecurrenceError) as err:
        rule_of(recurrence(rrule=text, starts="2027-01-04"))
    assert err.value.field == "rrule"
    assert str(err.value) == "the rule falls on no day in the 100 years from 'starts' (2027-01-04)"


def test_rrule_whose_end_comes_before_its_first_day_is_refused() -> None:
    with pytest.raises(RecurrenceError) as err:
        rule_of(recurrence(rrule="FREQ=YEARLY;BYMONTH=6;UNTIL=20270301", starts="2027-01-04"))
    assert str(err.value) == "the rule falls on no day from 'starts' (2027-01-04) to its end"


def test_until_before_the_first_day_of_the_rule_is_refused_at_until() -> None:
    with pytest.raises(RecurrenceError) as err:
        rule_of(recurrence(rrule="FREQ=MONTHLY;BYMONTHDAY=20", starts="2027-01-04", until="2027-01-10"))
    assert err.value.field == "until"
    assert "its first is 2027-01-20" in str(err.value)


def test_until_in_the_rfcs_own_utc_form_ends_a_ritual_at_that_instant() -> None:
    """RFC 5545 §3.3.10's example: "Daily until December 24, 1997", DTSTART at 09:00 in New York.
    The last instance is 23 December (14:00 UTC); on the 24th 09:00 EST is after 00:00 UTC."""
    ritual = Ritual.model_validate(
        {
            "id": "daily",
            "path": "playbooks/rituals/daily.yml",
            "kind": "ritual",
            "title": "Daily",
            "starts": "1997-09-02",
            "time": "09:00",
            "timezone": "America/New_York",
            "rrule": "FREQ=DAILY;UNTIL=19971224T000000Z",
        }
    )
    found = rule_of(ritual)
    assert found.rrule == "FREQ=DAILY;UNTIL=19971224T000000Z"
    assert found.dates(D(1997, 12, 20), D(1997, 12, 31)) == [
        D(1997, 12, 20),
        D(1997, 12, 21),
        D(1997, 12, 22),
        D(1997, 12, 23),
    ]
    assert describe(found) == "Every day, from 2 Sep 1997 until 24 Dec 1997 00:00 UTC"


@pytest.mark.parametrize(
    ("until", "last"),
    [
        # 1 March 2027 is a Monday; London is on GMT, so 10:00 there is 10:00 UTC.
        ("20270301T095959Z", D(2027, 2, 22)),
        ("20270301T100000Z", D(2027, 3, 1)),
        # Floating (no Z) is the ritual's own clock; a date is its whole day.
        ("20270301T095959", D(2027, 2, 22)),
        ("20270301", D(2027, 3, 1)),
    ],
)
def test_until_with_a_time_is_compared_with_the_ritual_at_its_time(until: str, last: D) -> None:
    ritual = Ritual.model_validate(
        {
            "id": "weekly",
            "path": "playbooks/rituals/weekly.yml",
            "kind": "ritual",
            "title": "Weekly",
            "starts": "2027-02-15",
            "time": "10:00",
            "rrule": f"FREQ=WEEKLY;UNTIL={until}",
        }
    )
    assert rule_of(ritual, "Europe/London").dates(D(2027, 2, 1), D(2027, 3, 31))[-1] == last


def test_utc_until_is_read_in_the_handbooks_zone_when_the_ritual_names_none() -> None:
    ritual = Ritual.model_validate(
        {
            "id": "weekly",
            "path": "playbooks/rituals/weekly.yml",
            "kind": "ritual",
            "title": "Weekly",
            "starts": "2027-02-15",
            "time": "10:00",
            "rrule": "FREQ=WEEKLY;UNTIL=20270301T153000Z",
        }
    )
    # 10:00 in New York on 1 March is 15:00 UTC, before the end; in Tokyo it is the night before.
    assert rule_of(ritual, "America/New_York").dates(D(2027, 2, 1), D(2027, 3, 31))[-1] == D(2027, 3, 1)
    assert rule_of(ritual, "Asia/Tokyo").dates(D(2027, 2, 1), D(2027, 3, 31))[-1] == D(2027, 3, 1)
    assert rule_of(ritual, "Pacific/Honolulu").dates(D(2027, 2, 1), D(2027, 3, 31))[-1] == D(2027, 2, 22)


def test_utc_until_of_an_all_day_series_keeps_its_date() -> None:
    found = rule(rrule="FREQ=WEEKLY;UNTIL=20270301T000000Z", starts="2027-02-15")
    assert found.dates(D(2027, 2, 1), D(2027, 3, 31)) == [D(2027, 2, 15), D(2027, 2, 22), D(2027, 3, 1)]


# Rules dateutil is asked about directly, from their start, to hold the bounded expansion to.
DATEUTIL_RULES = [
    "FREQ=DAILY",
    "FREQ=DAILY;INTERVAL=3",
    "FREQ=DAILY;BYMONTH=2;BYDAY=MO",
    "FREQ=WEEKLY",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,SU;WKST=SU",
    "FREQ=WEEKLY;INTERVAL=3;BYDAY=TU,FR;BYSETPOS=-1",
    "FREQ=WEEKLY;BYMONTH=1,7",
    "FREQ=MONTHLY",
    "FREQ=MONTHLY;INTERVAL=5;BYMONTHDAY=31",
    "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
    "FREQ=MONTHLY;BYDAY=-2FR,1MO",
    "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13",
    "FREQ=YEARLY",
    "FREQ=YEARLY;INTERVAL=3;BYMONTH=2,8",
    "FREQ=YEARLY;BYWEEKNO=1,53;BYDAY=MO",
    "FREQ=YEARLY;BYYEARDAY=60,-1",
    "FREQ=YEARLY;BYDAY=20MO",
    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
    "FREQ=WEEKLY;COUNT=200;BYDAY=WE",
    "FREQ=DAILY;UNTIL=20300101T000000",
]


@pytest.mark.parametrize("text", DATEUTIL_RULES)
@pytest.mark.parametrize("starts", [D(1900, 1, 31), D(1999, 12, 31), D(2024, 2, 29)])
def test_a_rule_falls_on_the_days_dateutil_gives_when_walked_from_its_start(text: str, starts: D) -> None:
    """Expanded near the year 9999 and from a start close to the window (see `_expansion`), a rule
    falls on the very days dateutil gives from its real start."""
    from dateutil import rrule as du

    found = Rule(starts, text, dt.time(10))
    whole = du.rrulestr(f"RRULE:{text}", dtstart=dt.datetime.combine(starts, dt.time(10)))
    for after, before in [(D(2026, 11, 23), D(2027, 12, 28)), (D(2027, 2, 28), D(2027, 3, 1)), (starts, starts)]:
        expected = [
            d.date()
            for d in whole.between(
                dt.datetime.combine(after, dt.time()), dt.datetime.combine(before, dt.time.max), inc=True
            )
        ]
        assert found.dates(after, before) == expected, (after, before)
    nxt = whole.after(dt.datetime(2029, 1, 1), inc=True)
    assert found.next_on_or_after(D(2029, 1, 1)) == (nxt.date() if nxt else None)


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("FREQ=WEEKLY", "Every week on Monday, from 4 Jan 2027"),
        ("FREQ=MONTHLY", "Every month on the 4th, from 4 Jan 2027"),
        ("FREQ=YEARLY;BYMONTH=3,6", "Every year on the 4th in March, June, from 4 Jan 2027"),
        ("FREQ=DAILY;BYMONTH=2", "Every day in February, from 4 Jan 2027"),
        ("FREQ=MONTHLY;BYMONTHDAY=-3,-2", "Every month on the 3rd last day, second last day, from 4 Jan 2027"),
        ("FREQ=MONTHLY;BYDAY=-2FR,-3MO", "Every month on the second last Friday, the 3rd last Monday, from 4 Jan 2027"),
        (
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
            "Every month on Monday, Tuesday, Wednesday, Thursday, Friday, only the last of those days in each month, "
            "from 4 Jan 2027",
        ),
        ("FREQ=YEARLY;BYYEARDAY=100,-1", "Every year on the 100th day, last day of the year, from 4 Jan 2027"),
        (
            "FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO;WKST=SU",
            "Every year on Monday in the 1st week of the year, weeks starting on Sunday, from 4 Jan 2027",
        ),
        ("FREQ=WEEKLY;UNTIL=20270301T080000", "Every week on Monday, from 4 Jan 2027 until 1 Mar 2027 08:00"),
        ("FREQ=WEEKLY;UNTIL=20270301", "Every week on Monday, from 4 Jan 2027 until 1 Mar 2027"),
    ],
)
def test_describe_reads_out_every_part_of_the_rule(text: str, reading: str) -> None:
    assert describe(rule(rrule=text, starts="2027-01-04")) == reading
