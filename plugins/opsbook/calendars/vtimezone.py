"""VTIMEZONE components in the RRULE form (RFC 5545 §3.6.5), read from the IANA database.

icalendar's own `Timezone.from_tzinfo` lists every transition as an RDATE; Outlook has mapped
such zones to the wrong Windows zone and shifted meetings by an hour. Calendar servers and
Outlook itself write one STANDARD and one DAYLIGHT observance, each with a yearly RRULE such as
`FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU`; this module does the same, checks the rule against every
real transition it is meant to cover, and falls back to listing each transition as an RDATE only
for a zone whose rules change inside that span (Asia/Jerusalem, America/Santiago, Africa/Cairo ...).
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from dataclasses import dataclass

from dateutil import rrule as du
from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

_UTC = dt.timezone.utc
_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
#: The rules are checked up to this year: far enough for any feed's recurring meetings.
LAST_YEAR = 2037


@dataclass(frozen=True)
class _Transition:
    at: dt.datetime
    """The instant, in UTC."""
    before: dt.timedelta
    after: dt.timedelta
    name: str
    dst: bool

    @property
    def local(self) -> dt.datetime:
        """The wall-clock time it happens, on the clock before it (RFC 5545 §3.6.5 DTSTART)."""
        return (self.at + self.before).replace(tzinfo=None)


def _transitions(zone: zoneinfo.ZoneInfo, year: int) -> list[_Transition]:
    found = []
    day = dt.datetime(year, 1, 1, tzinfo=_UTC)
    end = dt.datetime(year + 1, 1, 1, tzinfo=_UTC)
    offset = day.astimezone(zone).utcoffset()
    while day < end:
        nxt = day + dt.timedelta(days=1)
        nxt_offset = nxt.astimezone(zone).utcoffset()
        if nxt_offset != offset:
            # Transitions fall on whole seconds: bisect on integer timestamps to find the first
            # second of the new offset.
            low, high = int(day.timestamp()), int(nxt.timestamp())
            while high - low > 1:
                mid = (low + high) // 2
                if dt.datetime.fromtimestamp(mid, _UTC).astimezone(zone).utcoffset() == offset:
                    low = mid
                else:
                    high = mid
            at = dt.datetime.fromtimestamp(high, _UTC)
            after = at.astimezone(zone)
            assert offset is not None and nxt_offset is not None
            found.append(_Transition(at, offset, nxt_offset, after.tzname() or "", bool(after.dst())))
            offset = nxt_offset
        day = nxt
    return found


def _yearly_rule(t: _Transition) -> str:
    local = t.local
    nth = (local.day - 1) // 7 + 1
    days_in_month = ((local.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)).day
    # "The last Sunday" rather than "the fourth": the last is what the rule means in a month of five.
    if local.day + 7 > days_in_month:
        nth = -1
    return f"FREQ=YEARLY;BYMONTH={local.month};BYDAY={nth}{_BYDAY[local.weekday()]}"


def _offset_name(offset: dt.timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def vtimezone(tzid: str, first_year: int) -> Timezone:
    """The VTIMEZONE of an IANA zone, valid from `first_year` to LAST_YEAR."""
    zone = zoneinfo.ZoneInfo(tzid)
    years = range(first_year, LAST_YEAR + 1)
    by_year = {y: _transitions(zone, y) for y in years}
    first = by_year[first_year]
    tz = Timezone()
    tz.add("TZID", tzid)
    if all(not ts for ts in by_year.values()):
        offset = dt.datetime(first_year, 1, 1, tzinfo=zone).utcoffset() or dt.timedelta()
        name = dt.datetime(first_year, 1, 1, tzinfo=zone).tzname() or _offset_name(offset)
        std = TimezoneStandard()
        std.add("DTSTART", dt.datetime(first_year, 1, 1))
        std.add("TZOFFSETFROM", offset)
        std.add("TZOFFSETTO", offset)
        std.add("TZNAME", name)
        tz.add_component(std)
        return tz
    if len(first) == 2 and _rules_hold(first, by_year):
        for t in first:
            part = TimezoneDaylight() if t.dst else TimezoneStandard()
            part.add("DTSTART", t.local)
            part.add("RRULE", vRecur.from_ical(_yearly_rule(t)))
            part.add("TZOFFSETFROM", t.before)
            part.add("TZOFFSETTO", t.after)
            part.add("TZNAME", t.name or _offset_name(t.after))
            tz.add_component(part)
        return tz
    return _listed(tz, zone, first_year, by_year)


def _listed(tz: Timezone, zone: zoneinfo.ZoneInfo, first_year: int, by_year: dict[int, list[_Transition]]) -> Timezone:
    """The RDATE form: one observance per kind of change, each onset on an RDATE line of its own.

    icalendar's `Timezone.from_tzinfo` writes this form too, but searches for changes in steps of
    64 days and misses a pair closer than that (Morocco's hour off for Ramadan, 7 February to 14
    March 2027), and writes each observance's onsets as one comma-separated RDATE, of which
    ical.js (Thunderbird, many web calendars) reads only the first: meetings fell an hour off.
    One RDATE per line reads the same in ical.js, icalendar and vobject.
    """
    opening = dt.datetime(first_year, 1, 1, tzinfo=zone)
    offset = opening.utcoffset() or dt.timedelta()
    kinds: dict[tuple[dt.timedelta, dt.timedelta, str, bool], list[dt.datetime]] = {
        (offset, offset, opening.tzname() or _offset_name(offset), bool(opening.dst())): [
            dt.datetime(first_year, 1, 1)
        ],
    }
    for year in sorted(by_year):
        for t in by_year[year]:
            kinds.setdefault((t.before, t.after, t.name or _offset_name(t.after), t.dst), []).append(t.local)
    for (before, after, name, dst), onsets in kinds.items():
        part = TimezoneDaylight() if dst else TimezoneStandard()
        part.add("DTSTART", onsets[0])
        for onset in onsets[1:]:
            part.add("RDATE", onset)
        part.add("TZOFFSETFROM", before)
        part.add("TZOFFSETTO", after)
        part.add("TZNAME", name)
        tz.add_component(part)
    return tz


@functools.lru_cache(maxsize=64)
def vtimezone_ical(tzid: str, first_year: int) -> bytes:
    """The VTIMEZONE's bytes, worked out once per process: they depend only on the zone, the
    years and the tz database, and every feed with an event in the zone holds them."""
    return vtimezone(tzid, first_year).to_ical()


def _rules_hold(first: list[_Transition], by_year: dict[int, list[_Transition]]) -> bool:
    """Whether the two yearly rules of `first` give exactly the zone's transitions every year."""
    windows = {y: (dt.datetime(y, 1, 1), dt.datetime(y, 12, 31, 23, 59)) for y in by_year}
    for t in first:
        rule = du.rrulestr(_yearly_rule(t), dtstart=t.local)
        # One walk of the rule over all the years, not one per year from DTSTART.
        every = rule.between(min(windows.values())[0], max(windows.values())[1], inc=True)
        for year, found in by_year.items():
            match = [x for x in found if x.dst == t.dst]
            if len(found) != 2 or len(match) != 1:
                return False
            m = match[0]
            if (m.before, m.after) != (t.before, t.after):
                return False
            low, high = windows[year]
            expected = [when for when in every if low <= when <= high]
            if expected != [m.local]:
                return False
    return True
