"""Hostile dates and times (issue 15): recurrences finer than a day or never falling on one,
business-day offsets and chains of durations reaching out of range, dates far from today.

Each case runs `opsbook check` and `mkdocs build` in a child process under CPU and memory limits
(limits.py): check reports the problem at its place, and the build stops on the very same
problems, never with a traceback.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import TEAM, write_handbook
from limits import Run, build, check

EVERY_HOUR = ",".join(str(h) for h in range(24))
EVERY_MINUTE = ",".join(str(m) for m in range(60))


def ritual(extra: str, title: str = "Stand-up") -> str:
    return f'kind: ritual\ntitle: {title}\nattendees: [ellie]\nstarts: 2026-12-07\ntime: "10:00"\n{extra}'


def handbook(root: Path, files: dict[str, str]) -> Path:
    return write_handbook(root, {"playbooks/team.yml": TEAM, **files})


def problems(run: Run) -> list[str]:
    """The positioned problems a run printed, check's or the build's."""
    return sorted(set(re.findall(r"^\s*(playbooks/\S+:\d+:\d+: \w+: .*)$", run.output, re.MULTILINE)))


def assert_check_and_build_report(root: Path, expected: list[str]) -> None:
    checked = check(root)
    checked.assert_no_traceback()
    assert checked.returncode == 1, checked.output
    assert problems(checked) == sorted(expected)
    built = build(root)
    built.assert_no_traceback()
    assert built.returncode == 1, built.output
    assert problems(built) == sorted(expected)


# --- 4. recurrence cost -----------------------------------------------------------------------


def test_rule_recurring_every_second_is_refused_without_expanding_it(tmp_path: Path) -> None:
    root = handbook(
        tmp_path,
        {
            "playbooks/rituals/every-second.yml": ritual(
                f'rrule: "FREQ=DAILY;BYHOUR={EVERY_HOUR};BYMINUTE={EVERY_MINUTE};BYSECOND={EVERY_MINUTE}"\n'
            )
        },
    )
    assert_check_and_build_report(
        root,
        [
            "playbooks/rituals/every-second.yml:6:8: error: not a valid RRULE: BYHOUR: the handbook's "
            "events recur at most daily, at the ritual's 'time'",
        ],
    )


def test_rules_that_fall_on_no_day_or_are_not_rfc_5545_are_refused(tmp_path: Path) -> None:
    root = handbook(
        tmp_path,
        {
            "playbooks/rituals/thirtieth-of-february.yml": ritual('rrule: "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"\n'),
            "playbooks/rituals/every-easter.yml": ritual('rrule: "FREQ=YEARLY;BYEASTER=0"\n'),
            "playbooks/reports/day-zero.yml": (
                "kind: report\ntitle: Day zero\nowner: ellie\nstarts: 2026-12-07\nrrule: FREQ=MONTHLY;BYMONTHDAY=0\n"
            ),
        },
    )
    assert_check_and_build_report(
        root,
        [
            "playbooks/reports/day-zero.yml:5:8: error: not a valid RRULE: BYMONTHDAY=0: days of the month "
            "run from 1 to 31, or -1 (the last) to -31",
            "playbooks/rituals/every-easter.yml:6:8: error: not a valid RRULE: 'BYEASTER' is not a part of an "
            "RFC 5545 rule: use FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY, BYMONTH, BYYEARDAY, BYWEEKNO, "
            "BYSETPOS or WKST",
            "playbooks/rituals/thirtieth-of-february.yml:6:8: error: the rule falls on no day in the 100 years "
            "from 'starts' (2026-12-07)",
        ],
    )


def test_many_rules_falling_on_days_far_apart_expand_within_the_limits(tmp_path: Path) -> None:
    # Each falls on a day once in 28 years or so (a Monday 29 February). Walked from its start in
    # 1900 for the page's next dates, the hub and the feed, 120 of them cost a quarter of a minute
    # of CPU; expanded from a start close to each window, a second or two.
    rare = 'rrule: "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO"\n'
    root = handbook(
        tmp_path,
        {
            f"playbooks/rituals/rare-{n}.yml": ritual(rare, f"Rare {n}").replace(
                "starts: 2026-12-07", "starts: 1900-01-01"
            )
            for n in range(120)
        },
    )
    built = build(root, cpu=6)
    built.assert_no_traceback()
    assert built.returncode == 0, built.output
    page = (root / "site" / "rituals" / "rare-0" / "index.html").read_text(encoding="utf-8")
    assert "Every day on Monday on the 29th in February, from 1 Jan 1900" in page


def test_until_in_the_rfcs_own_utc_form_is_accepted_and_published_as_written(tmp_path: Path) -> None:
    """RFC 5545 §3.3.10's example: daily at 09:00 New York time until 19971224T000000Z."""
    root = handbook(
        tmp_path,
        {
            "playbooks/rituals/until-christmas-eve.yml": (
                'kind: ritual\ntitle: Daily\nattendees: [ellie]\nstarts: 1997-09-02\ntime: "09:00"\n'
                'timezone: America/New_York\nrrule: "FREQ=DAILY;UNTIL=19971224T000000Z"\n'
            )
        },
    )
    checked = check(root)
    checked.assert_no_traceback()
    assert checked.returncode == 0, checked.output
    built = build(root)
    built.assert_no_traceback()
    assert built.returncode == 0, built.output
    feed = (root / "site" / "calendars" / "team.ics").read_bytes().decode("utf-8")
    assert "RRULE:FREQ=DAILY;UNTIL=19971224T000000Z\r\n" in feed
    page = (root / "site" / "rituals" / "until-christmas-eve" / "index.html").read_text(encoding="utf-8")
    assert "Every day, from 2 Sep 1997 until 24 Dec 1997 00:00 UTC" in page


# --- 5. business-day offsets -------------------------------------------------------------------


def test_three_hundred_business_day_offsets_of_ninety_thousand_days_are_each_an_error(tmp_path: Path) -> None:
    tasks = "".join(
        f"  - id: t{n}\n    title: T{n}\n    responsible: strategist\n    due: -9{n:04d}bd\n" for n in range(300)
    )
    root = handbook(
        tmp_path,
        {
            "playbooks/workflows/far.yml": f"kind: workflow\ntitle: Far\nowner: strategist\ntasks:\n{tasks}",
        },
    )
    run = check(root, cpu=20)
    run.assert_no_traceback()
    found = problems(run)
    assert len(found) == 300
    assert found == sorted(
        f"playbooks/workflows/far.yml:{8 + 4 * n}:10: error: '-9{n:04d}bd' is too long: "
        "an offset is at most 2600bd, about ten years"
        for n in range(300)
    )


# --- 7. tracebacks instead of positioned errors ------------------------------------------------


def test_dates_and_rules_that_crashed_the_build_are_positioned_errors_at_once(tmp_path: Path) -> None:
    chained = "".join(
        f"  - id: t{n}\n    title: T{n}\n    responsible: strategist\n    duration: 99999d\n"
        + (f"    before: [t{n + 1}]\n" if n < 3 else "")
        for n in range(1, 4)
    )
    root = handbook(
        tmp_path,
        {
            "playbooks/rituals/until-forever.yml": ritual(
                "repeat: weekly\ntimezone: America/Los_Angeles\nuntil: 9999-12-31\n"
            ),
            "playbooks/rituals/until-with-dashes.yml": ritual('rrule: "FREQ=WEEKLY;UNTIL=2027-12-31"\n'),
            "playbooks/rituals/month-thirteen.yml": ritual('rrule: "FREQ=YEARLY;BYMONTH=13"\n'),
            "playbooks/rituals/thursday-plus-one.yml": ritual('rrule: "FREQ=MONTHLY;BYDAY=TH(+1)"\n'),
            "playbooks/workflows/ages.yml": f"kind: workflow\ntitle: Ages\nowner: strategist\ntasks:\n{chained}",
            "playbooks/projects/year-one.yml": "kind: project\ntitle: Year one\nworkflow: ages\nlaunch: 0001-01-05\n",
        },
    )
    assert_check_and_build_report(
        root,
        [
            "playbooks/projects/year-one.yml:4:9: error: '0001-01-05' is out of range: dates run from "
            "1900-01-01 to 2999-12-31",
            "playbooks/rituals/month-thirteen.yml:6:8: error: not a valid RRULE: BYMONTH=13: months run from 1 to 12",
            "playbooks/rituals/thursday-plus-one.yml:6:8: error: not a valid RRULE: BYDAY=TH(+1): write weekdays "
            "as MO, TU, WE, TH, FR, SA or SU, with a number before one for which of the month or year: 1MO is "
            "the first Monday, -1FR the last Friday",
            "playbooks/rituals/until-forever.yml:8:8: error: '9999-12-31' is out of range: dates run from "
            "1900-01-01 to 2999-12-31 (leave out an end that never comes)",
            "playbooks/rituals/until-with-dashes.yml:6:8: error: not a valid RRULE: UNTIL=2027-12-31 is not an "
            "RFC 5545 date: write 20271231, or 20271231T235959Z for a time in UTC",
            *(
                f"playbooks/workflows/ages.yml:{line}:15: error: '99999d' is too long: a duration is at most 3660d, "
                "about ten years"
                for line in (8, 13, 18)
            ),
        ],
    )


def test_durations_chained_by_before_reaching_back_a_century_are_an_error_at_the_task(tmp_path: Path) -> None:
    chained = "".join(
        f"  - id: t{n}\n    title: T{n}\n    responsible: strategist\n    duration: 3660d\n"
        + (f"    before: [t{n + 1}]\n" if n < 12 else "")
        for n in range(1, 13)
    )
    root = handbook(
        tmp_path,
        {
            "playbooks/workflows/ages.yml": f"kind: workflow\ntitle: Ages\nowner: strategist\ntasks:\n{chained}",
            "playbooks/projects/p.yml": "kind: project\ntitle: P\nworkflow: ages\nlaunch: 1950-01-05\n",
        },
    )
    assert_check_and_build_report(
        root,
        [
            "playbooks/projects/p.yml:4:9: error: with this date, workflow 'ages' cannot be scheduled: 't2' would "
            "start on 1839-10-14, 110 years before the anchor (1950-01-05): a workflow reaches back at most 100 "
            "years (the durations of the tasks in a chain add up)",
            "playbooks/workflows/ages.yml:10:5: error: 't2' would start 110 years before the anchor: a workflow "
            "reaches back at most 100 years (the durations of the tasks in a chain add up)",
        ],
    )


# --- 18. holidays of a whole country whose regions keep their own ---------------------------------

GB_NOTE = (
    "'GB' counts only the public holidays of the whole country; its subdivisions keep their own "
    "(GB-ENG: Easter Monday, Late Summer Bank Holiday), which 'GB' counts as business days. "
    "Name one: GB-ENG, GB-NIR, GB-SCT, GB-WLS"
)


def test_gb_as_holidays_is_an_info_at_the_setting_that_never_fails_a_strict_build(tmp_path: Path) -> None:
    from conftest import MINIMAL_MKDOCS, WORKFLOW

    root = write_handbook(
        tmp_path,
        {
            "playbooks/team.yml": TEAM,
            "playbooks/workflows/webinar.yml": WORKFLOW,
            "playbooks/projects/q1.yml": "kind: project\ntitle: Q1\nworkflow: webinar\nlaunch: 2027-01-21\nholidays: GB\n",
        },
        mkdocs=MINIMAL_MKDOCS.replace("timezone: Europe/London", "timezone: Europe/London\n      holidays: GB"),
    )
    checked = check(root, "--strict")
    checked.assert_no_traceback()
    assert checked.returncode == 0, checked.output
    assert checked.stdout.splitlines() == [
        f"playbooks/projects/q1.yml:5:11: info: {GB_NOTE}",
        "ok: 3 entries, no problems",
    ]
    assert checked.stderr == f"opsbook: info: holidays: {GB_NOTE}\n"
    built = build(root, "--strict")
    built.assert_no_traceback()
    assert built.returncode == 0, built.output
    assert f"INFO    -  opsbook: holidays: {GB_NOTE}" in built.output
    assert f"INFO    -  opsbook: playbooks/projects/q1.yml:5:11: info: {GB_NOTE}" in built.output


def test_workflow_whose_business_days_clash_on_a_monday_builds_on_a_monday(tmp_path: Path) -> None:
    # 'a' (due -2d) must come before 'b' (due -1bd): true for a Wednesday anchor, which check uses,
    # false on a Monday (a Saturday, after the Friday), the workflow page's example anchor when
    # the site is built on Monday 23 November 2026 and no project runs the workflow.
    root = handbook(
        tmp_path,
        {
            "playbooks/workflows/clash.yml": (
                "kind: workflow\ntitle: Clash\nowner: strategist\ntasks:\n"
                "  - id: a\n    title: A\n    responsible: strategist\n    due: -2d\n    before: [b]\n"
                "  - id: b\n    title: B\n    responsible: strategist\n    due: -1bd\n"
            )
        },
    )
    monday = {"SOURCE_DATE_EPOCH": "1795392000"}
    checked = check(root, env=monday)
    checked.assert_no_traceback()
    assert checked.returncode == 0, checked.output
    built = build(root, env=monday)
    built.assert_no_traceback()
    assert built.returncode == 0, built.output
    page = (root / "site" / "workflows" / "clash" / "index.html").read_text(encoding="utf-8")
    assert '<time datetime="2025-06-16">' in page  # 'a', two days before the Wednesday check uses
