"""ICS feeds (SPEC §6): parsed back by icalendar, vobject and dateutil, expanded by
recurring-ical-events, from real `mkdocs build` and `opsbook calendars` runs."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import time
import zoneinfo
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events
import vobject
from bs4 import BeautifulSoup
from conftest import MINIMAL_MKDOCS, PROJECT, TEAM, WORKFLOW, Build, opsbook, run_mkdocs, write_handbook
from dateutil import tz
from icaljs import events, occurrences
from opsbook.calendars import FixedStamps, build_calendars
from opsbook.core.loader import Settings, load_handbook

UTC = dt.timezone.utc
LONDON = "Europe/London"

CHECK_IN = """\
kind: ritual
title: Weekly check-in
attendees: [strategist]
starts: 2027-03-15
time: "10:00"
duration: 30m
timezone: Europe/London
repeat: weekly
days: [mon]
until: 2027-04-12
"""

REPORT = """\
kind: report
title: Monthly KPI report
owner: designer
repeat: monthly
days: [5]
starts: 2027-01-01
until: 2027-04-30
"""


def feeds(site_or_out: Path) -> dict[str, bytes]:
    return {p.relative_to(site_or_out).as_posix(): p.read_bytes() for p in sorted(site_or_out.rglob("*.ics"))}


#: No SOURCE_DATE_EPOCH from the caller's shell: the stamps come from git, or from the variable a test sets.
NO_EPOCH = {"SOURCE_DATE_EPOCH": None}


def run_cli(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return opsbook("calendars", *args, cwd=root, env={**NO_EPOCH, **(env or {})})


def parse(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def events_by_uid(data: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in parse(data).walk("VEVENT")}


def unfolded(data: bytes) -> str:
    return data.decode("utf-8").replace("\r\n ", "")


def check_bytes(name: str, data: bytes) -> None:
    """RFC 5545 §3.1: CRLF line ends, lines of at most 75 octets, folds never inside a UTF-8 sequence."""
    assert data.endswith(b"\r\n"), name
    assert b"\n" not in data.replace(b"\r\n", b""), f"{name}: a bare LF"
    assert b"\r" not in data.replace(b"\r\n", b""), f"{name}: a bare CR"
    for line in data.split(b"\r\n")[:-1]:
        assert len(line) <= 75, f"{name}: {len(line)} octets: {line!r}"
        line.decode("utf-8")  # each physical line on its own: a split sequence fails here
        assert not re.search(rb"[\x00-\x08\x0a-\x1f\x7f]", line), f"{name}: control character in {line!r}"


def small(tmp_path: Path, extra: dict[str, str] | None = None, *, mkdocs: str = MINIMAL_MKDOCS) -> Path:
    return write_handbook(
        tmp_path / "hb",
        {
            "playbooks/team.yml": TEAM,
            "playbooks/workflows/webinar.yml": WORKFLOW,
            "playbooks/projects/q1-webinar.yml": PROJECT,
            **(extra or {}),
        },
        mkdocs=mkdocs,
    )


# The example handbook, built with --strict


def test_every_example_feed_parses_with_icalendar_and_vobject_and_has_clean_bytes(example_build: Build) -> None:
    """RFC 5545 §3.1, §3.4, §3.6: every feed is well formed to two independent parsers."""
    assert example_build.returncode == 0, example_build.output
    found = feeds(example_build.site)
    assert "calendars/team.ics" in found and "calendars/people/ellie.ics" in found
    for name, data in found.items():
        check_bytes(name, data)
        cal = parse(data)
        assert cal["VERSION"] == "2.0" and cal["METHOD"] == "PUBLISH" and "PRODID" in cal
        assert "UID" not in cal, "icalendar's Calendar.new mints a random calendar UID"
        parsed = vobject.readOne(data.decode("utf-8"))
        assert parsed.validate(raiseException=True)  # raises on, for one, a VEVENT without DTSTAMP


def test_example_feeds_are_published_not_invitations_and_never_floating(example_build: Build) -> None:
    """RFC 5545 §3.3.5: a DATE-TIME without TZID or Z is floating; ATTENDEE/ORGANIZER would invite."""
    assert example_build.returncode == 0, example_build.output
    found = feeds(example_build.site)
    assert "calendars/team.ics" in found
    starts = 0
    for name, data in found.items():
        text = unfolded(data)
        assert "ATTENDEE" not in text and "ORGANIZER" not in text, name
        for line in text.split("\r\n"):
            if line.startswith(("DTSTART", "DTEND")) and not _in_vtimezone(text, line):
                assert ";VALUE=DATE:" in line or ";TZID=" in line, f"{name}: {line}"
                starts += 1
    assert starts > len(found)  # the loop saw the events' start and end lines, not only headers


def _in_vtimezone(text: str, line: str) -> bool:
    block = text.split("BEGIN:VEVENT", 1)[0]
    return line in block


def test_calendars_page_lists_every_example_feed_with_working_links(example_build: Build) -> None:
    page = BeautifulSoup(example_build.page("calendars"), "html.parser")
    https = [
        a["href"] for a in page.select('table[data-opsbook="feeds"] a') if a["href"].startswith("https://handbook")
    ]
    listed = {h.removeprefix("https://handbook.example.com/") for h in https}
    assert listed == set(feeds(example_build.site))
    for href in (a["href"] for a in page.select('table[data-opsbook="feeds"] a')):
        if href.startswith("webcal://"):
            assert (example_build.site / href.removeprefix("webcal://handbook.example.com/")).is_file()
        elif href.startswith("https://calendar.google.com/"):
            assert "cid=webcal%3A%2F%2Fhandbook.example.com%2Fcalendars%2F" in href
    text = page.get_text(" ", strip=True)
    assert "Google Calendar" in text and "Outlook" in text and "Apple Calendar" in text
    assert "up to a day" in text


@pytest.mark.parametrize(
    ("url", "feed"),
    [
        ("projects/q1-product-webinar", "calendars/projects/q1-product-webinar.ics"),
        ("people/ellie", "calendars/people/ellie.ics"),
        ("roles/strategist", "calendars/roles/strategist.ics"),
        ("hub", "calendars/team.ics"),
    ],
)
def test_pages_with_a_feed_offer_webcal_https_and_google_links(example_build: Build, url: str, feed: str) -> None:
    block = BeautifulSoup(example_build.page(url), "html.parser").select_one('[data-opsbook="subscribe"]')
    assert block is not None
    assert block.select_one("a.opsbook-subscribe__webcal")["href"] == f"webcal://handbook.example.com/{feed}"
    assert block.select_one("a.opsbook-subscribe__https")["href"] == f"https://handbook.example.com/{feed}"
    google = block.select_one("a.opsbook-subscribe__google")["href"]
    assert google.startswith("https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2F")
    assert "refresh" in block.get_text() and (example_build.site / feed).is_file()


def test_person_feed_holds_what_they_are_r_or_a_for_rituals_they_attend_and_reports_they_own(
    example_build: Build,
) -> None:
    uids = set(events_by_uid((example_build.site / "calendars/people/priya.ics").read_bytes()))
    # Priya is the analyst: she owns the KPI report, and attends no stand-up.
    assert "reports/monthly-kpi-report@handbook.example.com" in uids
    assert "rituals/daily-stand-up@handbook.example.com" not in uids
    ellie = set(events_by_uid((example_build.site / "calendars/people/ellie.ics").read_bytes()))
    # Ellie is accountable (as strategist) for the deck Lucy designs, and stands up daily.
    assert "projects/q1-product-webinar/design-deck@handbook.example.com" in ellie
    assert "rituals/daily-stand-up@handbook.example.com" in ellie


# Small handbooks through `opsbook calendars`


def test_task_due_dates_are_all_day_events_naming_task_project_r_and_a(tmp_path: Path) -> None:
    """RFC 5545 §3.6.1: an all-day event is DTSTART;VALUE=DATE with DTEND the next day."""
    root = small(tmp_path)
    proc = run_cli(root, "--out", "out")
    assert proc.returncode == 0, proc.stderr
    event = events_by_uid((root / "out/projects/q1-webinar.ics").read_bytes())[
        "projects/q1-webinar/design-deck@handbook.example.com"
    ]
    # Worked back: design-deck has no due and precedes approve-deck (due -12d, 9 Jan): due 8 Jan.
    assert event.decoded("DTSTART") == dt.date(2027, 1, 8)
    assert event.decoded("DTEND") == dt.date(2027, 1, 9)
    assert str(event["SUMMARY"]) == "Design slide deck — Q1 product webinar"
    description = str(event["DESCRIPTION"])
    assert "Responsible: Lucy Brooks" in description and "Accountable: Ellie Hart" in description
    assert description.endswith("https://handbook.example.com/projects/q1-webinar/")


def test_business_day_offset_skips_a_public_holiday(tmp_path: Path) -> None:
    root = small(
        tmp_path,
        {
            "playbooks/workflows/webinar.yml": WORKFLOW
            + "  - id: brief\n    title: Brief\n    responsible: strategist\n    due: -2bd\n",
            "playbooks/projects/q1-webinar.yml": PROJECT.replace("2027-01-21", "2027-01-05") + "holidays: GB\n",
        },
    )
    assert run_cli(root, "--out", "out").returncode == 0
    event = events_by_uid((root / "out/team.ics").read_bytes())["projects/q1-webinar/brief@handbook.example.com"]
    # Two business days before Tue 5 Jan 2027: Mon 4 Jan, then Fri 1 Jan is New Year's Day: Thu 31 Dec.
    assert event.decoded("DTSTART") == dt.date(2026, 12, 31)


def test_ritual_keeps_its_local_time_across_the_clocks_going_forward(tmp_path: Path) -> None:
    """RFC 5545 §3.3.10, §3.6.5: a TZID'd RRULE keeps wall-clock time; the VTIMEZONE says when
    Europe/London moves (28 Mar 2027), so 10:00 local is 10:00Z, then 09:00Z."""
    root = small(tmp_path, {"playbooks/rituals/check-in.yml": CHECK_IN})
    assert run_cli(root, "--out", "out").returncode == 0
    data = (root / "out/roles/strategist.ics").read_bytes()
    found = recurring_ical_events.of(parse(data)).between(dt.date(2027, 3, 20), dt.date(2027, 4, 6))
    starts = sorted(e.decoded("DTSTART") for e in found)
    assert [s.astimezone(UTC) for s in starts] == [
        dt.datetime(2027, 3, 22, 10, 0, tzinfo=UTC),
        dt.datetime(2027, 3, 29, 9, 0, tzinfo=UTC),
        dt.datetime(2027, 4, 5, 9, 0, tzinfo=UTC),
    ]
    # dateutil builds the zone from our VTIMEZONE alone, not from its own database.
    zone = tz.tzical(io.StringIO(data.decode("utf-8"))).get(LONDON)
    assert dt.datetime(2027, 3, 22, 10, tzinfo=zone).utcoffset() == dt.timedelta(0)
    assert dt.datetime(2027, 3, 29, 10, tzinfo=zone).utcoffset() == dt.timedelta(hours=1)
    assert dt.datetime(2027, 11, 1, 10, tzinfo=zone).utcoffset() == dt.timedelta(0)


def test_vtimezone_uses_yearly_rrules_not_rdate_lists(tmp_path: Path) -> None:
    """RFC 5545 §3.6.5: STANDARD and DAYLIGHT with RRULE, the form Outlook maps to its own zones."""
    root = small(tmp_path, {"playbooks/rituals/check-in.yml": CHECK_IN})
    assert run_cli(root, "--out", "out").returncode == 0
    (vtz,) = parse((root / "out/team.ics").read_bytes()).walk("VTIMEZONE")
    rules = {sub.name: sub["RRULE"].to_ical().decode() for sub in vtz.subcomponents}
    assert rules == {"DAYLIGHT": "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3", "STANDARD": "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"}
    assert not any("RDATE" in sub for sub in vtz.subcomponents)


def test_until_is_utc_for_timed_events_and_a_date_for_all_day_ones(tmp_path: Path) -> None:
    """RFC 5545 §3.3.10: UNTIL has DTSTART's value type, and is UTC when DTSTART has a TZID."""
    root = small(tmp_path, {"playbooks/rituals/check-in.yml": CHECK_IN, "playbooks/reports/kpi.yml": REPORT})
    assert run_cli(root, "--out", "out").returncode == 0
    data = (root / "out/team.ics").read_bytes()
    text = unfolded(data)
    assert "RRULE:FREQ=WEEKLY;UNTIL=20270412T225959Z;BYDAY=MO" in text  # 23:59:59 BST on 12 Apr
    assert "RRULE:FREQ=MONTHLY;UNTIL=20270430;BYMONTHDAY=5" in text
    cal = parse(data)
    rituals = recurring_ical_events.of(cal).between(dt.date(2027, 4, 1), dt.date(2027, 6, 1))
    assert [e.decoded("DTSTART").date() for e in rituals if "rituals/" in str(e["UID"])] == [
        dt.date(2027, 4, 5),
        dt.date(2027, 4, 12),
    ]
    reports = recurring_ical_events.of(cal).between(dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    assert [e.decoded("DTSTART") for e in reports if "reports/" in str(e["UID"])] == [
        dt.date(2027, 1, 5),
        dt.date(2027, 2, 5),
        dt.date(2027, 3, 5),
        dt.date(2027, 4, 5),
    ]


def test_calendar_name_with_comma_and_semicolon_is_escaped_text(tmp_path: Path) -> None:
    """RFC 5545 §3.3.11 and RFC 7986 §5.1: NAME is TEXT, so `,` and `;` are backslash-escaped."""
    root = small(
        tmp_path,
        {"playbooks/projects/q1-webinar.yml": PROJECT.replace("Q1 product webinar", '"Launch, phase 1; EMEA"')},
    )
    assert run_cli(root, "--out", "out").returncode == 0
    data = (root / "out/projects/q1-webinar.ics").read_bytes()
    assert "\r\nNAME:Launch\\, phase 1\\; EMEA — Test handbook\r\n" in unfolded(data)
    assert "\r\nX-WR-CALNAME:Launch\\, phase 1\\; EMEA — Test handbook\r\n" in unfolded(data)
    name = "Launch, phase 1; EMEA — Test handbook"
    # icalendar reads NAME as an unknown type and leaves the escapes; undo them as §3.3.11 says.
    raw = parse(data)["NAME"].to_ical().decode("utf-8")
    assert re.sub(r"\\([\\;,])", r"\1", raw) == name
    contents = vobject.readOne(data.decode("utf-8")).contents
    assert contents["name"][0].value == contents["x-wr-calname"][0].value == name


def test_feeds_ask_clients_to_refresh(tmp_path: Path) -> None:
    """RFC 7986 §5.7: REFRESH-INTERVAL needs VALUE=DURATION; Outlook reads X-PUBLISHED-TTL."""
    root = small(tmp_path)
    assert run_cli(root, "--out", "out").returncode == 0
    text = unfolded((root / "out/team.ics").read_bytes())
    assert "\r\nREFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n" in text
    assert "\r\nX-PUBLISHED-TTL:PT12H\r\n" in text


def test_long_utf8_text_is_folded_between_characters_and_control_characters_dropped(tmp_path: Path) -> None:
    """RFC 5545 §3.1: fold at 75 octets, never inside a multi-octet character; §3.3.11: no CTLs."""
    title = "Çé" * 50
    root = small(
        tmp_path,
        {
            "playbooks/projects/q1-webinar.yml": PROJECT.replace(
                "title: Q1 product webinar", f'title: "{title}\\a\\tdone"'
            )
        },
    )
    assert run_cli(root, "--out", "out").returncode == 0
    data = (root / "out/projects/q1-webinar.ics").read_bytes()
    check_bytes("q1-webinar.ics", data)
    summary = str(events_by_uid(data)["projects/q1-webinar/design-deck@handbook.example.com"]["SUMMARY"])
    assert summary == f"Design slide deck — {title} done"


def test_role_shared_by_two_people_reaches_only_the_one_the_project_assigns(tmp_path: Path) -> None:
    team = TEAM + "  nina: {name: Nina Park, roles: [designer]}\n"
    root = small(
        tmp_path,
        {
            "playbooks/team.yml": team,
            "playbooks/projects/q1-webinar.yml": PROJECT + "assign: {designer: nina}\n",
            "playbooks/rituals/check-in.yml": CHECK_IN.replace("[strategist]", "[designer]"),
        },
    )
    assert run_cli(root, "--out", "out").returncode == 0
    nina = events_by_uid((root / "out/people/nina.ics").read_bytes())
    lucy = events_by_uid((root / "out/people/lucy.ics").read_bytes())
    deck = "projects/q1-webinar/design-deck@handbook.example.com"
    assert deck in nina and deck not in lucy
    # The ritual is attended by the role, so both designers have it.
    assert "rituals/check-in@handbook.example.com" in nina and "rituals/check-in@handbook.example.com" in lucy
    assert deck in events_by_uid((root / "out/roles/designer.ics").read_bytes())


def test_without_site_url_events_carry_no_links_and_the_command_says_so(tmp_path: Path) -> None:
    root = small(tmp_path, mkdocs=MINIMAL_MKDOCS.replace("site_url: https://handbook.example.com/\n", ""))
    proc = run_cli(root, "--out", "out")
    assert proc.returncode == 0
    assert proc.stderr.count("site_url is not set") == 1
    events = events_by_uid((root / "out/team.ics").read_bytes())
    event = events["projects/q1-webinar/design-deck@opsbook"]
    assert "URL" not in event and "http" not in str(event["DESCRIPTION"])


def test_calendars_command_fails_on_errors_and_writes_nothing(tmp_path: Path) -> None:
    root = small(tmp_path, {"playbooks/projects/q1-webinar.yml": PROJECT.replace("webinar\n", "no-such-workflow\n")})
    proc = run_cli(root, "--out", "out")
    assert proc.returncode == 1
    assert "playbooks/projects/q1-webinar.yml:3:" in proc.stderr
    assert not (root / "out").exists()


def test_calendars_command_defaults_to_site_calendars(tmp_path: Path) -> None:
    root = small(tmp_path)
    proc = run_cli(root)
    assert proc.returncode == 0, proc.stderr
    assert sorted(feeds(root / "site")) == [
        "calendars/people/ellie.ics",
        "calendars/people/lucy.ics",
        "calendars/projects/q1-webinar.ics",
        "calendars/roles/designer.ics",
        "calendars/roles/strategist.ics",
        "calendars/team.ics",
    ]
    assert not list((root / "site").rglob("*.tmp"))


def test_sequence_and_stamps_come_from_the_stamps_provider(tmp_path: Path) -> None:
    """RFC 5545 §3.8.7.2, §3.8.7.4: DTSTAMP and SEQUENCE are the provider's, so history can set them."""

    class Counted(FixedStamps):
        def sequence(self, uid: str) -> int:
            return 3 if uid.startswith("projects/q1-webinar/design-deck@") else 0

    root = small(tmp_path)
    handbook = load_handbook(Settings(root=root, timezone=LONDON)).raise_for_errors()
    when = dt.datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
    cal = build_calendars(handbook, Counted(when), site_url="https://handbook.example.com/")
    events = events_by_uid(cal.files["calendars/team.ics"])
    assert events["projects/q1-webinar/design-deck@handbook.example.com"]["SEQUENCE"] == 3
    assert events["projects/q1-webinar/approve-deck@handbook.example.com"]["SEQUENCE"] == 0
    assert events["projects/q1-webinar/approve-deck@handbook.example.com"].decoded("DTSTAMP") == when


# Git history and reproducibility


def git(root: Path, *args: str, date: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_AUTHOR_NAME": "T",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "T",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def test_launch_day_is_an_all_day_event_of_the_project_and_team_feeds(tmp_path: Path) -> None:
    """RFC 5545 §3.6.1: an all-day event is DTSTART;VALUE=DATE with DTEND the next day. The
    launch day's UID is the project's own (`projects/<id>@host`), so it never meets a task's."""
    root = small(tmp_path)
    proc = run_cli(root, "--out", "out")
    assert proc.returncode == 0, proc.stderr
    uid = "projects/q1-webinar@handbook.example.com"
    for name in ("projects/q1-webinar.ics", "team.ics"):
        path = root / "out" / name
        data = path.read_bytes()
        assert b"UID:" + uid.encode() + b"\r\n" in data
        block = data.split(b"UID:" + uid.encode())[0].rsplit(b"BEGIN:VEVENT", 1)[1]
        # PROJECT: launch 2027-01-21, a Thursday; the next day ends it.
        assert b"DTSTART;VALUE=DATE:20270121\r\n" in block and b"DTEND;VALUE=DATE:20270122\r\n" in block
        event = events_by_uid(data)[uid]
        assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (dt.date(2027, 1, 21), dt.date(2027, 1, 22))
        assert str(event["SUMMARY"]) == "Launch: Q1 product webinar"
        assert "Owner: Ellie Hart" in str(event["DESCRIPTION"])  # the webinar's owner role, held by Ellie alone
        assert events(path)[uid] == {
            "summary": "Launch: Q1 product webinar",
            "start": "2027-01-21",
            "end": "2027-01-22",
            "allDay": True,
        }
    for person in ("ellie", "lucy"):  # published in the project's and the team's feeds only
        assert uid not in events_by_uid((root / f"out/people/{person}.ics").read_bytes())


def test_moving_the_launch_keeps_uids_and_stamps_from_the_commit(tmp_path: Path) -> None:
    """RFC 5545 §3.8.4.7: a UID names the event for good, whatever its date."""
    root = small(tmp_path)
    git(root, "init", "-q", "-b", "main", date="2026-11-01T10:00:00Z")
    git(root, "add", "-A", date="2026-11-01T10:00:00Z")
    git(root, "commit", "-qm", "Plan the webinar", date="2026-11-01T10:00:00Z")
    assert run_cli(root, "--out", "first").returncode == 0
    project = root / "playbooks/projects/q1-webinar.yml"
    project.write_text(PROJECT.replace("2027-01-21", "2027-02-04"), encoding="utf-8")
    git(root, "commit", "-qam", "Move the launch", date="2026-11-20T15:00:00Z")
    assert run_cli(root, "--out", "second").returncode == 0
    first = events_by_uid((root / "first/projects/q1-webinar.ics").read_bytes())
    second = events_by_uid((root / "second/projects/q1-webinar.ics").read_bytes())
    assert (
        set(first)
        == set(second)
        == {
            "projects/q1-webinar@handbook.example.com",  # the launch day itself
            "projects/q1-webinar/approve-deck@handbook.example.com",
            "projects/q1-webinar/design-deck@handbook.example.com",
        }
    )
    launch = "projects/q1-webinar@handbook.example.com"
    assert (first[launch].decoded("DTSTART"), second[launch].decoded("DTSTART")) == (
        dt.date(2027, 1, 21),
        dt.date(2027, 2, 4),
    )
    deck = "projects/q1-webinar/design-deck@handbook.example.com"
    assert (first[deck].decoded("DTSTART"), second[deck].decoded("DTSTART")) == (
        dt.date(2027, 1, 8),
        dt.date(2027, 1, 22),
    )
    assert first[deck].decoded("LAST-MODIFIED") == dt.datetime(2026, 11, 1, 10, tzinfo=UTC)
    assert second[deck].decoded("DTSTAMP") == dt.datetime(2026, 11, 20, 15, tzinfo=UTC)
    # The team file did not change: an event from it alone would keep the first stamp.


def test_sequence_rises_each_time_an_event_moves_and_only_then(tmp_path: Path) -> None:
    """RFC 5545 §3.8.7.4: SEQUENCE rises when the start changes, so clients take the update."""
    root = small(tmp_path)
    git(root, "init", "-q", "-b", "main", date="2026-11-01T10:00:00Z")
    git(root, "add", "-A", date="2026-11-01T10:00:00Z")
    git(root, "commit", "-qm", "Plan the webinar", date="2026-11-01T10:00:00Z")
    project = root / "playbooks/projects/q1-webinar.yml"
    deck = "projects/q1-webinar/design-deck@handbook.example.com"
    sequences: list[int] = []
    launch_sequences: list[int] = []
    for launch, title, when in (
        ("2027-01-21", "Q1 product webinar", "2026-11-01T10:00:00Z"),
        ("2027-02-04", "Q1 product webinar", "2026-11-10T10:00:00Z"),
        ("2027-02-04", "Q1 webinar (renamed)", "2026-11-15T10:00:00Z"),
        ("2027-02-11", "Q1 webinar (renamed)", "2026-11-20T10:00:00Z"),
    ):
        project.write_text(PROJECT.replace("2027-01-21", launch).replace("Q1 product webinar", title), encoding="utf-8")
        git(root, "commit", "-qam", f"{launch} {title}", "--allow-empty", date=when)
        build = run_mkdocs(
            root,
            tmp_path / f"site-{len(sequences)}",
            "--strict",
            env=NO_EPOCH,
        )
        assert build.returncode == 0, build.output
        feed = events_by_uid((build.site / "calendars/projects/q1-webinar.ics").read_bytes())
        sequences.append(int(feed[deck].decoded("SEQUENCE")))
        launch_sequences.append(int(feed["projects/q1-webinar@handbook.example.com"].decoded("SEQUENCE")))
    # Planned; launch moved; only the title changed; launch moved again.
    assert sequences == [0, 1, 1, 2]
    assert launch_sequences == [0, 1, 1, 2]  # the launch day's own event moves with it


def test_two_builds_of_one_commit_seconds_apart_give_byte_identical_feeds(tmp_path: Path) -> None:
    root = small(tmp_path, {"playbooks/rituals/check-in.yml": CHECK_IN})
    git(root, "init", "-q", "-b", "main", date="2026-11-01T10:00:00Z")
    git(root, "add", "-A", date="2026-11-01T10:00:00Z")
    git(root, "commit", "-qm", "Handbook", date="2026-11-01T10:00:00Z")
    env = NO_EPOCH
    one = run_mkdocs(root, tmp_path / "one", "--strict", env=env)
    time.sleep(1.5)
    two = run_mkdocs(root, tmp_path / "two", "--strict", env=env)
    assert one.returncode == 0 and two.returncode == 0, one.output + two.output
    first, second = feeds(one.site), feeds(two.site)
    assert len(first) == 6 and first == second
    cli = run_cli(root, "--out", str(tmp_path / "cli"))
    assert cli.returncode == 0
    assert {f"calendars/{k}": v for k, v in feeds(tmp_path / "cli").items()} == first


def test_outside_git_the_build_stamps_a_fixed_date_and_says_so_as_info(tmp_path: Path) -> None:
    root = small(tmp_path)
    env = {**NO_EPOCH, "GIT_CEILING_DIRECTORIES": str(tmp_path)}
    build = run_mkdocs(root, tmp_path / "site", "--strict", env=env)
    assert build.returncode == 0, build.output
    assert "INFO" in build.output and "no git history here" in build.output
    event = events_by_uid((build.site / "calendars/team.ics").read_bytes())[
        "projects/q1-webinar/design-deck@handbook.example.com"
    ]
    assert event.decoded("DTSTAMP") == dt.datetime(2000, 1, 1, tzinfo=UTC)


#: Zones whose rules change within a feed's years, so their VTIMEZONE lists each onset as an RDATE
#: (vtimezone.py), with Europe/London, in the RRULE form, beside them.
CHANGING_ZONES = [
    "Asia/Jerusalem",
    "America/Santiago",
    "Africa/Cairo",
    "Africa/Casablanca",
    "Africa/El_Aaiun",
    "America/Nuuk",
    "America/Scoresbysund",
    "Asia/Gaza",
    "Asia/Hebron",
    "Chile/Continental",
    "Egypt",
    "Israel",
]


def test_ical_js_icalendar_and_the_tz_database_agree_on_every_meeting_in_zones_whose_rules_change(
    tmp_path: Path,
) -> None:
    """RFC 5545 §3.6.5 allows an RDATE list, but ical.js (Thunderbird, web calendars) read only its
    first value and put these meetings an hour off for years. Each weekly meeting at 10:00 local
    time, from 2026 to 2029, is read by ical.js and by recurring-ical-events, and both must give the
    instants the tz database gives; vobject, too."""
    files = {"playbooks/team.yml": TEAM}
    for zone in [*CHANGING_ZONES, LONDON]:
        slug = zone.lower().replace("/", "-").replace("_", "-")
        files[f"playbooks/rituals/{slug}.yml"] = (
            f'kind: ritual\ntitle: {zone}\nattendees: [strategist]\nstarts: 2026-01-05\ntime: "10:00"\n'
            f"timezone: {zone}\nrepeat: weekly\nuntil: 2029-12-31\n"
        )
    root = write_handbook(tmp_path / "hb", files)
    handbook = load_handbook(Settings(root=root, timezone=LONDON)).raise_for_errors()
    data = build_calendars(handbook, FixedStamps(dt.datetime(2026, 1, 1, tzinfo=UTC)), site_url=None).files[
        "calendars/team.ics"
    ]
    feed = tmp_path / "team.ics"
    feed.write_bytes(data)
    vtimezones = {str(v["TZID"]): v for v in parse(data).walk("VTIMEZONE")}
    assert any("RDATE" in sub for sub in vtimezones["Asia/Jerusalem"].subcomponents)

    read_by_icaljs = occurrences(feed, "2026-01-01T00:00:00", "2030-01-01T00:00:00")
    read_by_vobject = {
        str(event.uid.value): [d.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") for d in event.getrruleset()]
        for event in vobject.readOne(data.decode("utf-8")).vevent_list
    }
    read_by_icalendar: dict[str, list[str]] = {}
    for event in recurring_ical_events.of(parse(data)).between(dt.date(2026, 1, 1), dt.date(2030, 1, 1)):
        instant = event.decoded("DTSTART").astimezone(UTC)
        read_by_icalendar.setdefault(str(event["UID"]), []).append(instant.strftime("%Y-%m-%dT%H:%M:%SZ"))
    for zone in [*CHANGING_ZONES, LONDON]:
        uid = f"rituals/{zone.lower().replace('/', '-').replace('_', '-')}@opsbook"
        # Mondays from 5 Jan 2026 to 31 Dec 2029, at 10:00 in the zone, as the tz database has it.
        mondays = [dt.date(2026, 1, 5) + dt.timedelta(weeks=n) for n in range(209)]
        truth = [
            dt.datetime.combine(d, dt.time(10), tzinfo=zoneinfo.ZoneInfo(zone))
            .astimezone(UTC)
            .strftime("%Y-%m-%dT%H:%M:%SZ")
            for d in mondays
        ]
        assert sorted(read_by_icalendar[uid]) == truth, zone
        assert read_by_icaljs[uid] == truth, zone
        if zone != LONDON:  # vobject attaches pytz's London to it without localizing: always GMT
            assert read_by_vobject[uid] == truth, zone


def test_a_rebuild_reuses_the_text_of_every_event_that_did_not_change(tmp_path: Path) -> None:
    # README: calendars are worked out afresh on every build, but for each event's VEVENT, kept by
    # the event, its stamps and the site's address.
    from opsbook.calendars.ics import _vevent

    handbook = load_handbook(Settings(root=small(tmp_path), timezone=LONDON)).raise_for_errors()
    stamps = FixedStamps(dt.datetime(2026, 11, 3, 8, 17, 41, tzinfo=UTC))  # an instant no other test uses
    first = _vevent.cache_info()
    cal = build_calendars(handbook, stamps, site_url="https://handbook.example.com/")
    written = _vevent.cache_info().misses - first.misses
    assert written > 0
    again = _vevent.cache_info()
    assert build_calendars(handbook, stamps, site_url="https://handbook.example.com/").files == cal.files
    assert _vevent.cache_info().misses == again.misses
    build_calendars(handbook, stamps, site_url="https://other.example.com/")
    assert _vevent.cache_info().misses - again.misses == written
