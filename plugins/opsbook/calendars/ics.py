"""RFC 5545 feeds written with icalendar's value types, with its traps for published calendars fixed.

- `Calendar.new`/`Event.new` mint a random UID unless given one: the calendar has none (RFC 7986
  makes it optional) and every event its stable UID, so output is byte-stable.
- icalendar writes NAME and X-WR-CALNAME unescaped: both are added as vText (RFC 5545 §3.3.11).
- It writes REFRESH-INTERVAL without `VALUE=DURATION`, which RFC 7986 §5.7 requires.
- Its VTIMEZONE lists transitions as RDATEs; `vtimezone.py` writes the RRULE form.

A feed is the join of parts serialised once: the calendar's head (icalendar writes it once per
process, with the feed's name put in), each VTIMEZONE once per zone and year range, and each
event once per build, though it sits in the team's, its project's, its people's and its roles'
feeds. An event's lines are the lines icalendar's `Event.new(...).to_ical()` writes, in its
property order, each value escaped and formatted by icalendar's own value types. icalendar
leaves lines under 75 octets whole and walks every character of a longer one to fold it, most of
the cost of a feed; an ASCII line is cut in the same places by slicing, any other goes through
icalendar's folding. tests/test_calendar_bytes.py holds each part, and each whole feed, to what
icalendar's own objects write, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from collections.abc import Sequence
from typing import Any

from icalendar import Calendar, vDDDTypes, vDuration, vInt, vRecur, vText, vUri
from icalendar.parser import Contentline
from icalendar.parser_tools import to_unicode

from .events import CalendarEvent
from .stamps import Stamps
from .vtimezone import vtimezone_ical

PRODID = "-//opsbook//opsbook calendars//EN"
#: How often subscribers should fetch the feed again; clients may take longer (Google: a day).
REFRESH = dt.timedelta(hours=12)
_UTC = dt.timezone.utc
# RFC 5545 §3.3.11: TEXT holds no control characters; a line break is written as \n.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
CRLF = b"\r\n"
_END = b"END:VCALENDAR\r\n"
#: icalendar folds a content line of this many octets or more; it leaves shorter lines whole.
FOLD_AT = 75
# Stands for the feed's name in the head icalendar writes once (it has no line break or escape).
_NAME_MARK = "opsbook-feed-name"


def clean(text: str) -> str:
    """Text with every control character but the line break removed (tabs become spaces)."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))


def content_line(name: str, prop: Any) -> bytes:
    """One property as icalendar writes it (`Contentline.from_parts(...).to_ical()`), with its CRLF."""
    value = to_unicode(prop.to_ical())
    params = to_unicode(prop.params.to_ical(sorted=True)) if prop.params else ""
    text = f"{name};{params}:{value}" if params else f"{name}:{value}"
    data = text.encode("utf-8")
    if len(data) < FOLD_AT:
        return data + CRLF
    if text.isascii():
        return fold_ascii(text).encode("ascii") + CRLF
    return Contentline(text).to_ical() + CRLF


def fold_ascii(text: str) -> str:
    """An ASCII line folded exactly as icalendar folds it (RFC 5545 §3.1), without its walk
    over every character: pieces of 74 characters (75 octets with a continuation's leading space),
    and an escaping `\\` or `^` that would end a piece starts the next one instead (icalendar
    issue #1501). Tests hold it to icalendar's folding."""
    pieces = []
    at = 0
    while len(text) - at >= FOLD_AT:
        cut = at + FOLD_AT - 1
        if text[cut - 1] in "\\^":
            cut -= 1
        pieces.append(text[at:cut])
        at = cut
    pieces.append(text[at:])
    return "\r\n ".join(pieces)


def write_ics(
    name: str,
    events: Sequence[CalendarEvent],
    stamps: Stamps,
    site_url: str | None,
    written: dict[str, bytes] | None = None,
) -> bytes:
    """A whole feed: the calendar's name, its time zones, then each event once, by UID.

    `written` keeps each event's lines by UID across the feeds of one build: an event sits in
    the team's, its project's, its people's and its roles' feeds, and is serialised once.
    """
    written = {} if written is None else written

    def lines(event: CalendarEvent) -> bytes:
        data = written.get(event.uid)
        if data is None:
            data = written[event.uid] = event_ical(event, stamps, site_url)
        return data

    unique = {e.uid: e for e in events}  # the last of any that share a UID
    first: dict[str, int] = {}
    for e in unique.values():
        if e.timezone and not e.all_day:
            first[e.timezone] = min(first.get(e.timezone, e.start.year), e.start.year)
    head = [calendar_head(name)]
    # A year earlier, so every event falls after the observances' first onset.
    head += [vtimezone_ical(tzid, first[tzid] - 1) for tzid in sorted(first)]
    # Events come last in the calendar, just before its END line.
    return b"".join((*head, *(lines(unique[uid]) for uid in sorted(unique)), _END))


def calendar_head(name: str) -> bytes:
    """BEGIN:VCALENDAR and the calendar's properties, named `name`."""
    text = vText(clean(name))
    return b"".join(content_line(prop, text) if value == _NAME_MARK else line for prop, value, line in _head_lines())


@functools.cache
def _head_lines() -> tuple[tuple[str, str, bytes], ...]:
    """The head's lines as icalendar writes them, each with its property name and value."""
    cal = Calendar()
    cal.add("VERSION", "2.0")
    cal.add("PRODID", PRODID)
    cal.add("CALSCALE", "GREGORIAN")
    cal.add("METHOD", "PUBLISH")
    cal.add("NAME", vText(_NAME_MARK))
    cal.add("X-WR-CALNAME", vText(_NAME_MARK))
    cal.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
    # Outlook reads the older X-PUBLISHED-TTL rather than RFC 7986's REFRESH-INTERVAL.
    cal.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    data = cal.to_ical()
    assert data.endswith(_END) and b"\r\n " not in data
    lines = []
    for line in data[: -len(_END)].split(CRLF)[:-1]:
        text = line.decode("utf-8")
        lines.append((text.partition(";")[0].partition(":")[0], text.partition(":")[2], line + CRLF))
    return tuple(lines)


def event_ical(event: CalendarEvent, stamps: Stamps, site_url: str | None) -> bytes:
    """The event's VEVENT: what `Event.new(...)` with these properties writes, in its order
    (SUMMARY, DTSTART, DTEND, DTSTAMP, UID, SEQUENCE, RRULE, then the rest by name)."""
    modified = max(stamps.last_modified(s) for s in event.sources).astimezone(_UTC)
    return _vevent(event, modified, stamps.sequence(event.uid), site_url)


# A pure function of its arguments (an event is a frozen value): under `mkdocs serve`, only the
# events an edit changed are written again. Room for the events of a large handbook (N = 1000).
@functools.lru_cache(maxsize=1 << 15)
def _vevent(event: CalendarEvent, modified: dt.datetime, sequence: int, site_url: str | None) -> bytes:
    if event.all_day:
        start: dt.date = event.start
        end: dt.date = event.start + dt.timedelta(days=1)
        tzid = None
    else:
        assert event.time is not None and event.timezone and event.duration is not None
        tzid = event.timezone
        start = dt.datetime.combine(event.start, event.time, tzinfo=zoneinfo.ZoneInfo(tzid))
        end = start + event.duration
    lines = list(event.description)
    url = None
    if site_url and event.page is not None:
        url = (site_url if site_url.endswith("/") else site_url + "/") + event.page
        lines += ["", url]
    parts = [
        b"BEGIN:VEVENT\r\n",
        content_line("SUMMARY", vText(clean(event.summary))),
        _time_line("DTSTART", start, tzid),
        _time_line("DTEND", end, tzid),
        _time_line("DTSTAMP", modified, "UTC"),
        content_line("UID", vText(event.uid)),
        _sequence_line(sequence),
    ]
    if event.rule is not None:
        parts.append(content_line("RRULE", _rrule(event)))
    parts.append(content_line("DESCRIPTION", vText(clean("\n".join(lines)))))
    parts.append(_time_line("LAST-MODIFIED", modified, "UTC"))
    if event.all_day:
        # A deadline marks the day; it does not make anyone busy all day.
        parts.append(_TRANSPARENT)
    if url is not None:
        parts.append(_url_line(url))
    parts.append(b"END:VEVENT\r\n")
    return b"".join(parts)


_TRANSPARENT = content_line("TRANSP", vText("TRANSPARENT"))


# Dates, stamps and page URLs repeat across events (and builds): each line is written once.
# The zone is part of the key: aware times in two zones can be equal instants.
@functools.lru_cache(maxsize=4096)
def _time_line(name: str, value: dt.date, tzid: str | None) -> bytes:
    return content_line(name, vDDDTypes(value))


@functools.lru_cache(maxsize=256)
def _sequence_line(sequence: int) -> bytes:
    return content_line("SEQUENCE", vInt(sequence))


@functools.lru_cache(maxsize=1024)
def _url_line(url: str) -> bytes:
    return content_line("URL", vUri(url))


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
