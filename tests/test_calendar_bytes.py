"""The bytes of the ICS feeds (SPEC §6): a feed is joined from parts serialised once (its head,
each VTIMEZONE, each event), and the parts are what icalendar itself writes.

The example handbook, a generated benchmark handbook and a small handbook in two time zones are
checked in process against icalendar's own objects, parsed back by icalendar and vobject, and
compared with what a fresh `opsbook calendars` process writes.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import subprocess
import sys
import zoneinfo
from collections.abc import Sequence
from pathlib import Path

import pytest
import vobject
from conftest import PROJECT, REPO, TEAM, WORKFLOW, opsbook, run_mkdocs, write_handbook
from icalendar import Calendar, Event, vDuration, vText
from icalendar.parser import Contentline
from opsbook.calendars import CalendarEvent, FixedStamps, Stamps, build_calendars, handbook_events, uid_host
from opsbook.calendars.feeds import events_by_feed, events_in, feeds_of
from opsbook.calendars.ics import PRODID, REFRESH, _rrule, calendar_head, clean, content_line, event_ical, fold_ascii
from opsbook.calendars.vtimezone import vtimezone, vtimezone_ical
from opsbook.cli.main import settings_for
from opsbook.core.loader import load_handbook
from opsbook.core.model import Handbook
from opsbook.core.recurrence import Rule
from test_calendars import CHECK_IN, check_bytes, events_by_uid, feeds, parse

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import TODAY_EPOCH, generate

URL = "https://handbook.example.com/"
WHEN = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.timezone.utc)
# A designer's ritual in New York, and a later London one: the designer's feed holds two zones,
# and London from a later year than the strategist's feed.
SYNC = (
    CHECK_IN.replace("Weekly check-in", "New York sync")
    .replace("Europe/London", "America/New_York")
    .replace("[strategist]", "[designer]")
    .replace('"10:00"', '"09:00"')
)
LATER = (
    CHECK_IN.replace("Weekly check-in", "Later check-in")
    .replace("2027-03-15", "2028-03-13")
    .replace("2027-04-12", "2028-04-10")
    .replace("[strategist]", "[designer]")
)


class Counted(FixedStamps):
    """A stamp per file and a SEQUENCE per event that differ, so a part written for the wrong
    event or file shows."""

    def last_modified(self, source_path: str) -> dt.datetime:
        return self.when + dt.timedelta(minutes=len(source_path))

    def sequence(self, uid: str) -> int:
        return len(uid) % 4


# What icalendar writes, built from its own objects: the reference for every part of a feed.


def icalendar_event(event: CalendarEvent, stamps: Stamps, site_url: str | None) -> Event:
    modified = max(stamps.last_modified(s) for s in event.sources).astimezone(dt.timezone.utc)
    if event.all_day:
        start: dt.date = event.start
        end: dt.date = event.start + dt.timedelta(days=1)
    else:
        assert event.time is not None and event.timezone and event.duration is not None
        start = dt.datetime.combine(event.start, event.time, tzinfo=zoneinfo.ZoneInfo(event.timezone))
        end = start + event.duration
    lines = list(event.description)
    url = None
    if site_url and event.page is not None:
        url = (site_url if site_url.endswith("/") else site_url + "/") + event.page
        lines += ["", url]
    vevent = Event.new(
        uid=event.uid,
        stamp=modified,
        last_modified=modified,
        sequence=stamps.sequence(event.uid),
        summary=clean(event.summary),
        description=clean("\n".join(lines)),
        start=start,
        end=end,
        url=url,
    )
    if event.rule is not None:
        vevent.add("RRULE", _rrule(event))
    if event.all_day:
        vevent.add("TRANSP", "TRANSPARENT")
    return vevent


def icalendar_calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("VERSION", "2.0")
    cal.add("PRODID", PRODID)
    cal.add("CALSCALE", "GREGORIAN")
    cal.add("METHOD", "PUBLISH")
    cal.add("NAME", vText(clean(name)))
    cal.add("X-WR-CALNAME", vText(clean(name)))
    cal.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    return cal


def icalendar_feed(name: str, events: Sequence[CalendarEvent], stamps: Stamps, site_url: str | None) -> bytes:
    """A whole feed as one icalendar Calendar: zones (uncached), then events by UID."""
    cal = icalendar_calendar(name)
    unique = {e.uid: e for e in events}
    timed = [e for e in unique.values() if not e.all_day]
    for tzid in sorted({e.timezone for e in timed if e.timezone}):
        cal.add_component(vtimezone(tzid, min(e.start.year for e in timed if e.timezone == tzid) - 1))
    for uid in sorted(unique):
        cal.add_component(icalendar_event(unique[uid], stamps, site_url))
    return cal.to_ical()


# Handbooks


def _two_zone_handbook(root: Path) -> Path:
    return write_handbook(
        root,
        {
            "playbooks/team.yml": TEAM,
            "playbooks/workflows/webinar.yml": WORKFLOW,
            "playbooks/projects/q1-webinar.yml": PROJECT,
            "playbooks/rituals/check-in.yml": CHECK_IN,
            "playbooks/rituals/sync.yml": SYNC,
            "playbooks/rituals/later.yml": LATER,
        },
    )


@pytest.fixture(scope="module")
def handbooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Handbook]]:
    """The example handbook, a generated benchmark handbook (N = 20) and a two-zone handbook."""
    bench, _ = generate(tmp_path_factory.mktemp("bench") / "n20", 20, 40)
    roots = {"example": REPO, "benchmark": bench, "two-zone": _two_zone_handbook(tmp_path_factory.mktemp("tz") / "hb")}
    return {name: (root, load_handbook(settings_for(str(root))).raise_for_errors()) for name, root in roots.items()}


NAMES = ("example", "benchmark", "two-zone")


# Parts


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("site_url", [URL, None])
def test_every_event_is_the_vevent_icalendar_writes(
    handbooks: dict[str, tuple[Path, Handbook]], name: str, site_url: str | None
) -> None:
    _, handbook = handbooks[name]
    stamps = Counted(WHEN)
    events = handbook_events(handbook, uid_host(site_url))
    assert len(events) >= 5
    for event in events:
        assert event_ical(event, stamps, site_url) == icalendar_event(event, stamps, site_url).to_ical(), event.uid


def _odd_events() -> list[CalendarEvent]:
    """Text that escapes, folds next to an escape, is not ASCII or has control characters."""
    rng = random.Random(5545)
    texts = [
        "Launch, phase 1; EMEA \\ backslash",
        "Çé" * 60,
        "emoji 🎉 " * 20,
        "\ufeffstarts with a BOM",
        "tab\there\x07bell\r\nCRLF\rCR",
        "a" * 73 + "," + "b" * 80,
        "x" * 72 + "\\" + "y" * 200,
        "^" * 150,
        *("".join(rng.choice("ab ,;:\\^\n") for _ in range(rng.randint(60, 260))) for _ in range(200)),
    ]
    zone_rule = Rule(dt.date(2027, 3, 1), "FREQ=WEEKLY;UNTIL=20270412;BYDAY=MO")
    found = []
    for i, text in enumerate(texts):
        found.append(
            CalendarEvent(
                uid=f"odd/{i}@handbook.example.com",
                summary=text,
                start=dt.date(2027, 1, 1) + dt.timedelta(days=i),
                description=(text, f"line {i}"),
                sources=(f"playbooks/{'x' * (i % 9)}.yml",),
                page=f"odd/{i}/",
            )
        )
        found.append(
            CalendarEvent(
                uid=f"odd/{i}/timed@handbook.example.com",
                summary=text[::-1],
                start=dt.date(2027, 3, 1),
                time=dt.time(23, 30),
                duration=dt.timedelta(minutes=45 + i),
                timezone=("America/New_York", "Europe/London", "Asia/Kolkata", "Australia/Lord_Howe")[i % 4],
                rule=zone_rule if i % 2 else None,
                description=(text,),
                sources=("playbooks/rituals/r.yml",),
            )
        )
    # One instant in four zones: equal as aware times, each written with its own TZID.
    for zone, hour in (("Europe/London", 10), ("Africa/Abidjan", 10), ("America/New_York", 5), ("UTC", 10)):
        found.append(
            CalendarEvent(
                uid=f"odd/{zone}@handbook.example.com",
                summary=zone,
                start=dt.date(2027, 1, 4),
                time=dt.time(hour),
                duration=dt.timedelta(hours=1),
                timezone=zone,
                description=(zone,),
                sources=("playbooks/r.yml",),
            )
        )
    return found


@pytest.mark.parametrize("site_url", [URL, "https://example.org/a,b;c", None])
def test_events_with_awkward_text_are_what_icalendar_writes(site_url: str | None) -> None:
    stamps = Counted(WHEN)
    for event in _odd_events():
        assert event_ical(event, stamps, site_url) == icalendar_event(event, stamps, site_url).to_ical(), event.uid


def test_ascii_lines_fold_where_icalendar_folds_them() -> None:
    """RFC 5545 §3.1 folding, cut where icalendar cuts, also next to `\\` and `^` (icalendar #1501)."""
    rng = random.Random(75)
    lines = ["".join(rng.choice("ab ,\\^") for _ in range(rng.randint(1, 400))) for _ in range(3000)]
    lines += ["a" * n for n in range(70, 230)]
    lines += ["a" * at + "\\" + "b" * 200 for at in range(60, 230)]
    lines += ["\\" * n for n in range(1, 230)] + ["^\\" * n for n in range(1, 120)]
    for line in lines:
        assert fold_ascii(line).encode() == Contentline(line).to_ical(), line
        assert (
            content_line("X-TEST", vText(line))
            == Contentline.from_parts("X-TEST", vText(line).params, vText(line)).to_ical() + b"\r\n"
        )


@pytest.mark.parametrize(
    "name",
    ["Everything", "Launch, phase 1; EMEA — Test handbook", "Çé" * 80, "n" * 300, "back\\slash\tand\x07bell", ""],
)
def test_feed_head_is_the_calendar_head_icalendar_writes(name: str) -> None:
    assert calendar_head(name) + b"END:VCALENDAR\r\n" == icalendar_calendar(name).to_ical()


@pytest.mark.parametrize(
    "tzid", ["Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Africa/Casablanca", "UTC"]
)
def test_a_cached_vtimezone_is_the_one_worked_out_afresh(tzid: str) -> None:
    for year in (2025, 2026, 2025):
        assert vtimezone_ical(tzid, year) == vtimezone(tzid, year).to_ical()


# Whole feeds


@pytest.mark.parametrize("name", NAMES)
def test_feed_is_the_calendar_icalendar_writes(handbooks: dict[str, tuple[Path, Handbook]], name: str) -> None:
    _, handbook = handbooks[name]
    stamps = Counted(WHEN)
    events = handbook_events(handbook, uid_host(URL))
    files = build_calendars(handbook, stamps, site_url=URL, site_name="Test").files
    paths = [f.path for f in feeds_of(handbook)]
    assert paths and list(files) == paths
    for feed in feeds_of(handbook):
        assert files[feed.path] == icalendar_feed(f"{feed.name} — Test", events_in(feed, events), stamps, URL), (
            feed.path
        )


def _blocks(data: bytes, component: str) -> list[bytes]:
    return re.findall(
        rb"BEGIN:" + component.encode() + rb"\r\n.*?END:" + component.encode() + rb"\r\n", data, flags=re.DOTALL
    )


@pytest.mark.parametrize("name", NAMES)
def test_each_event_sits_in_every_feed_it_belongs_to_with_the_same_bytes_and_each_zone_once(
    handbooks: dict[str, tuple[Path, Handbook]], name: str
) -> None:
    _, handbook = handbooks[name]
    events = handbook_events(handbook, uid_host(URL))
    files = build_calendars(handbook, Counted(WHEN), site_url=URL, site_name="Test").files
    by_feed = events_by_feed(feeds_of(handbook), events)
    seen: dict[bytes, bytes] = {}
    zones_used = set()
    for feed in feeds_of(handbook):
        data = files[feed.path]
        check_bytes(feed.path, data)
        assert vobject.readOne(data.decode("utf-8")).validate(raiseException=True)
        held = events_in(feed, events)
        assert by_feed[feed.path] == held
        vevents = _blocks(data, "VEVENT")
        uids = [re.search(rb"\r\nUID:(.*?)\r\n", v.replace(b"\r\n ", b"")).group(1) for v in vevents]
        assert [u.decode() for u in uids] == sorted({e.uid for e in held}), feed.path
        assert set(events_by_uid(data)) == {e.uid for e in held}
        for uid, block in zip(uids, vevents, strict=True):
            assert seen.setdefault(uid, block) == block, f"{uid} differs in {feed.path}"
        # Each zone its events use, once, with its TZID; no other.
        zones = [re.search(rb"\r\nTZID:(.*?)\r\n", b).group(1).decode() for b in _blocks(data, "VTIMEZONE")]
        assert zones == [str(z["TZID"]) for z in parse(data).walk("VTIMEZONE")]
        used = {e.timezone for e in held if not e.all_day and e.timezone}
        assert sorted(zones) == sorted(used) and len(zones) == len(set(zones)), feed.path
        assert set(re.findall(rb";TZID=([^:;]+)", b"".join(vevents).replace(b"\r\n ", b""))) == {
            z.encode() for z in used
        }
        zones_used |= used
        assert data.index(b"END:VCALENDAR") == len(data) - len(b"END:VCALENDAR\r\n")
    assert len(seen) == len({e.uid for e in events})
    if name == "two-zone":
        assert zones_used == {"Europe/London", "America/New_York"}


def test_feeds_of_a_warm_process_are_those_of_a_fresh_one(
    handbooks: dict[str, tuple[Path, Handbook]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The zone, head and line caches outlive a build (`mkdocs serve`): a second build in the same
    process, after builds of other handbooks, writes what a new `opsbook calendars` process writes."""
    from opsbook.cli.main import main as opsbook_main

    root, _ = handbooks["benchmark"]
    env = {**os.environ, "SOURCE_DATE_EPOCH": TODAY_EPOCH}
    fresh = subprocess.run(
        [sys.executable, "-m", "opsbook.cli.main", "calendars", "--out", str(tmp_path / "fresh")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert fresh.returncode == 0, fresh.stderr
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY_EPOCH)
    for other in ("example", "two-zone"):
        monkeypatch.chdir(handbooks[other][0])
        assert opsbook_main(["calendars", "--out", str(tmp_path / other)]) == 0
    monkeypatch.chdir(root)
    for warm in ("warm-1", "warm-2"):
        assert opsbook_main(["calendars", "--out", str(tmp_path / warm)]) == 0
        assert feeds(tmp_path / warm) == feeds(tmp_path / "fresh")
    assert len(feeds(tmp_path / "fresh")) == len(feeds_of(handbooks["benchmark"][1]))


def test_two_zone_handbook_builds_with_mkdocs_into_the_same_feeds(tmp_path: Path) -> None:
    """The plugin writes what the command writes, the New York ritual with its own VTIMEZONE."""
    root = _two_zone_handbook(tmp_path / "hb")
    env = {"SOURCE_DATE_EPOCH": TODAY_EPOCH}
    build = run_mkdocs(root, tmp_path / "site", "--strict", env=env)
    assert build.returncode == 0, build.output
    cli = opsbook("calendars", "--out", tmp_path / "cli", cwd=root, env=env)
    assert cli.returncode == 0, cli.stderr
    site = feeds(build.site)
    assert {f"calendars/{k}": v for k, v in feeds(tmp_path / "cli").items()} == site
    team = parse(site["calendars/team.ics"])
    assert sorted(str(z["TZID"]) for z in team.walk("VTIMEZONE")) == ["America/New_York", "Europe/London"]
    designer = site["calendars/roles/designer.ics"]
    london = [b for b in _blocks(designer, "VTIMEZONE") if b"TZID:Europe/London" in b]
    assert len(london) == 1 and b"DTSTART:2027" in london[0] and b"DTSTART:2026" not in london[0]
