"""RFC 5545 feeds written with icalendar, with its traps for published calendars fixed.

- `Calendar.new`/`Event.new` mint a random UID unless given one: the calendar gets none
  (RFC 7986 makes it optional) and every event gets its stable UID, so output is byte-stable.
- icalendar writes NAME and X-WR-CALNAME unescaped: both are added as vText (RFC 5545 §3.3.11).
- It writes REFRESH-INTERVAL without `VALUE=DURATION`, which RFC 7986 §5.7 requires.
- Its VTIMEZONE lists transitions as RDATEs; `vtimezone.py` writes the RRULE form.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Sequence

from icalendar import Calendar, Event, vDuration, vRecur, vText

from .events import CalendarEvent
from .stamps import Stamps
from .vtimezone import vtimezone

PRODID = "-//opsbook//opsbook calendars//EN"
#: How often subscribers should fetch the feed again; clients may take longer (Google: a day).
REFRESH = dt.timedelta(hours=12)
_UTC = dt.timezone.utc
# RFC 5545 §3.3.11: TEXT holds no control characters; a line break is written as \n.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean(text: str) -> str:
    """Text with every control character but the line break removed (tabs become spaces)."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))


def write_ics(name: str, events: Sequence[CalendarEvent], stamps: Stamps, site_url: str | None,
              written: dict[str, bytes] | None = None) -> bytes:
    """A whole feed: the calendar's name, its time zones, then each event once, by UID.

    `written` keeps each event's lines by UID across the feeds of one build: an event sits in
    the team's, its project's, its people's and its roles' feeds, and folding its lines is most
    of the cost of writing a feed.
    """
    written = {} if written is None else written
    cal = Calendar()
    cal.add("VERSION", "2.0")
    cal.add("PRODID", PRODID)
    cal.add("CALSCALE", "GREGORIAN")
    cal.add("METHOD", "PUBLISH")
    cal.add("NAME", vText(clean(name)))
    cal.add("X-WR-CALNAME", vText(clean(name)))
    cal.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
    # Outlook reads the older X-PUBLISHED-TTL rather than RFC 7986's REFRESH-INTERVAL.
    cal.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    unique = {e.uid: e for e in events}
    timed = [e for e in unique.values() if not e.all_day]
    zones = sorted({e.timezone for e in timed if e.timezone})
    for tzid in zones:
        first = min(e.start.year for e in timed if e.timezone == tzid)
        # A year earlier, so every event falls after the observances' first onset.
        cal.add_component(vtimezone(tzid, first - 1))
    lines = []
    for uid in sorted(unique):
        if uid not in written:
            written[uid] = _event(unique[uid], stamps, site_url).to_ical()
        lines.append(written[uid])
    # Events come last in the calendar, so their lines go just before its END line.
    head = cal.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    return head[: -len(end)] + b"".join(lines) + end


def _event(event: CalendarEvent, stamps: Stamps, site_url: str | None) -> Event:
    modified = max(stamps.last_modified(s) for s in event.sources).astimezone(_UTC)
    if event.all_day:
        start: dt.date = event.start
        end: dt.date = event.start + dt.timedelta(days=1)
    else:
        assert event.time is not None and event.timezone and event.duration is not None
        zone = zoneinfo.ZoneInfo(event.timezone)
        start = dt.datetime.combine(event.start, event.time, tzinfo=zone)
        end = start + event.duration
    lines = list(event.description)
    url = None
    if site_url and event.page is not None:
        url = (site_url if site_url.endswith("/") else site_url + "/") + event.page
        lines += ["", url]
    vevent = Event.new(
        uid=event.uid, stamp=modified, last_modified=modified, sequence=stamps.sequence(event.uid),
        summary=clean(event.summary), description=clean("\n".join(lines)), start=start, end=end, url=url,
    )
    if event.rule is not None:
        vevent.add("RRULE", _rrule(event))
    if event.all_day:
        # A deadline marks the day; it does not make anyone busy all day.
        vevent.add("TRANSP", "TRANSPARENT")
    return vevent


def _rrule(event: CalendarEvent) -> vRecur:
    """The event's RRULE, with UNTIL of the type RFC 5545 §3.3.10 demands: a DATE when DTSTART
    is a date, a UTC time when DTSTART has a time zone."""
    assert event.rule is not None
    rule = vRecur.from_ical(event.rule.rrule)
    if "UNTIL" not in rule:
        return rule
    (until,) = rule["UNTIL"]
    if event.all_day:
        rule["UNTIL"] = [until.date() if isinstance(until, dt.datetime) else until]
        return rule
    assert event.timezone is not None
    zone = zoneinfo.ZoneInfo(event.timezone)
    if not isinstance(until, dt.datetime):
        until = dt.datetime.combine(until, dt.time(23, 59, 59))
    if until.tzinfo is None:
        until = until.replace(tzinfo=zone)
    rule["UNTIL"] = [until.astimezone(_UTC)]
    return rule
