"""Recurrence rules from `repeat`/`days` or `rrule`, as RFC 5545 RRULE text checked by dateutil.

A rule is held to the parts of RFC 5545 §3.3.10 that a day-by-day handbook can mean (none finer
than a day: the time of day is the ritual's `time`), each value to the RFC's ranges, and to
falling on some day. dateutil expands it, but a rule that never falls on a day would send
dateutil scanning to the year 9999, and one that started long ago would be walked from its
start: every expansion here is bounded (see `_expansion`).
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from dataclasses import dataclass

from dateutil import rrule as du

from .model.recurring import Recurrence, Ritual
from .rrule import BYDAY, UNTIL_VALUE, RecurrenceError, from_repeat, from_rrule

#: A rule whose first day is further from `starts` than this is refused as never happening.
HORIZON_YEARS = 100
# The Gregorian calendar repeats every 400 years: 146097 days, a whole number of weeks, so a
# rule falls on the same days 400 years on. Expanding there, near the year 9999 where dateutil
# stops, bounds the search for a day that never comes.
_CYCLE_YEARS = 400


@dataclass(frozen=True)
class Rule:
    """A checked recurrence: when it starts and its RRULE value (without the `RRULE:` prefix);
    for a timed series (a ritual), its time of day and time zone, which a UNTIL in UTC needs."""

    starts: dt.date
    rrule: str
    time: dt.time | None = None
    timezone: str | None = None

    def dates(self, after: dt.date, before: dt.date) -> list[dt.date]:
        """The days it falls on from `after` to `before`, both inclusive."""
        return list(_between(self, after, before))

    def next_on_or_after(self, day: dt.date) -> dt.date | None:
        """The first day it falls on from `day`; None when it ends before, or falls on no day in
        the four centuries after (the calendar's cycle)."""
        return _next(self, day)


def rule_of(rec: Recurrence, timezone: str | None = None) -> Rule | None:
    """The rule of a recurrence, None if it does not recur; RecurrenceError if it cannot hold.
    `timezone`: the handbook's, for a ritual that names none."""
    if rec.rrule is not None and not rec.rrule.strip():
        raise RecurrenceError("rrule", "'rrule' is empty: write a rule such as FREQ=WEEKLY;BYDAY=MO")
    if rec.repeat and rec.rrule:
        raise RecurrenceError("rrule", "give either 'repeat' (with 'days') or 'rrule', not both")
    if rec.days and not rec.repeat:
        raise RecurrenceError("days", "'days' needs 'repeat'")
    if not rec.recurs:
        if rec.until:
            raise RecurrenceError("until", "'until' needs 'repeat' or 'rrule'")
        return None
    if rec.starts is None:
        field = "repeat" if rec.repeat else "rrule"
        raise RecurrenceError(field, "a recurrence needs 'starts', the first day it can fall on")
    if rec.until and rec.until < rec.starts:
        raise RecurrenceError("until", f"'until' ({rec.until}) is before 'starts' ({rec.starts})")
    ritual = rec if isinstance(rec, Ritual) else None
    zone = (ritual.timezone or timezone or "UTC") if ritual else None
    field = "rrule" if rec.rrule is not None else "repeat"
    text = from_rrule(rec.rrule, rec.starts) if rec.rrule is not None else from_repeat(rec)
    if rec.until and ("UNTIL=" in text or "COUNT=" in text):
        raise RecurrenceError("until", "give the end either in 'rrule' or as 'until', not both")
    rule = Rule(rec.starts, text, ritual.time if ritual else None, zone)
    first = rule.next_on_or_after(rec.starts)
    if first is None or first.year > rec.starts.year + HORIZON_YEARS:
        if "UNTIL=" in text or "COUNT=" in text:
            raise RecurrenceError(field, f"the rule falls on no day from 'starts' ({rec.starts}) to its end")
        raise RecurrenceError(
            field, f"the rule falls on no day in the {HORIZON_YEARS} years from 'starts' ({rec.starts})"
        )
    if rec.until:
        if first > rec.until:
            raise RecurrenceError(
                "until",
                f"the rule falls on no day from 'starts' ({rec.starts}) to 'until' ({rec.until}): its first is {first}",
            )
        rule = Rule(rec.starts, f"{text};UNTIL={rec.until:%Y%m%d}T235959", rule.time, zone)
    return rule


# --- expanding a rule -------------------------------------------------------------------------


def _parts(rule: Rule) -> dict[str, str]:
    return dict(p.split("=", 1) for p in rule.rrule.split(";"))


def _until(rule: Rule, value: str) -> dt.datetime:
    """UNTIL as a wall-clock time of the series: a date is its whole day (RFC 5545 §3.3.10: the
    last instance may fall on it), a UTC time is read on the series' own clock."""
    year, month, day, hour, minute, second, utc = UNTIL_VALUE.match(value).groups()  # type: ignore[union-attr]
    if hour is None:
        return dt.datetime(int(year), int(month), int(day), 23, 59, 59)
    when = dt.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second))
    if utc and rule.timezone:
        return when.replace(tzinfo=dt.timezone.utc).astimezone(zoneinfo.ZoneInfo(rule.timezone)).replace(tzinfo=None)
    return when


def _expansion(rule: Rule, after: dt.date, before: dt.date) -> tuple[du.rrule, int]:
    """A dateutil rule that falls on the days `rule` falls on from `after` on, moved on by a
    number of years (returned) so that its search ends before the year 9999 within one cycle
    past `before`; and, when it has no COUNT, started a whole number of its periods before `after`
    rather than at `starts`, so it is not walked from a start long ago."""
    parts = _parts(rule)
    start = dt.datetime.combine(rule.starts, rule.time or dt.time())
    until = _until(rule, parts.pop("UNTIL")) if "UNTIL" in parts else None
    if "COUNT" not in parts:
        parts, start = _closer(parts, start, after)
    shift = max(0, (dt.MAXYEAR - before.year) // _CYCLE_YEARS) * _CYCLE_YEARS
    start = start.replace(year=start.year + shift)
    if until is not None:
        until = until.replace(year=until.year + shift) if until.year + shift <= dt.MAXYEAR else None
    text = ";".join(f"{k}={v}" for k, v in parts.items())
    expanded = du.rrulestr(f"RRULE:{text}", dtstart=start)
    assert isinstance(expanded, du.rrule)  # one RRULE line, no forceset: never an rruleset
    return expanded.replace(until=until), shift


def _closer(parts: dict[str, str], start: dt.datetime, after: dt.date) -> tuple[dict[str, str], dt.datetime]:
    """`parts` and a start a whole number of periods (FREQ × INTERVAL) on from `start`, at or
    before `after`, giving the same days from `after` on. The new start opens its period (a
    week's first day, a month's, a year's), as every period after the first is walked whole;
    the days dateutil takes from the start when no BY part names them are written out first."""
    freq, interval = parts["FREQ"], int(parts.get("INTERVAL", "1"))
    if not any(k in parts for k in ("BYWEEKNO", "BYYEARDAY", "BYMONTHDAY", "BYDAY")):
        if freq == "YEARLY":
            parts = {**parts, "BYMONTH": parts.get("BYMONTH", str(start.month)), "BYMONTHDAY": str(start.day)}
        elif freq == "MONTHLY":
            parts = {**parts, "BYMONTHDAY": str(start.day)}
        elif freq == "WEEKLY":
            parts = {**parts, "BYDAY": BYDAY[start.weekday()]}
    if freq == "DAILY":
        periods = (after - start.date()).days // interval
        return parts, start + dt.timedelta(days=max(periods, 0) * interval)
    if freq == "WEEKLY":
        periods = (after - start.date()).days // (7 * interval)
        if periods <= 0:
            return parts, start
        moved = start + dt.timedelta(weeks=periods * interval)
        week_start = BYDAY.index(parts.get("WKST", "MO"))
        return parts, moved - dt.timedelta(days=(moved.weekday() - week_start) % 7)
    if freq == "MONTHLY":
        periods = ((after.year - start.year) * 12 + after.month - start.month) // interval
        if periods <= 0:
            return parts, start
        index = start.year * 12 + start.month - 1 + periods * interval
        return parts, start.replace(year=index // 12, month=index % 12 + 1, day=1)
    periods = (after.year - start.year) // interval
    if periods <= 0:
        return parts, start
    return parts, start.replace(year=start.year + periods * interval, month=1, day=1)


@functools.lru_cache(maxsize=1024)
def _between(rule: Rule, after: dt.date, before: dt.date) -> tuple[dt.date, ...]:
    if before < after or before < rule.starts:
        return ()
    after = max(after, rule.starts)
    expansion, shift = _expansion(rule, after, before)
    low = dt.datetime.combine(after.replace(year=after.year + shift), dt.time())
    high = dt.datetime.combine(before.replace(year=before.year + shift), dt.time.max)
    return tuple(d.date().replace(year=d.year - shift) for d in expansion.between(low, high, inc=True))


@functools.lru_cache(maxsize=1024)
def _next(rule: Rule, day: dt.date) -> dt.date | None:
    day = max(day, rule.starts)
    expansion, shift = _expansion(rule, day, day)
    found = expansion.after(dt.datetime.combine(day.replace(year=day.year + shift), dt.time()), inc=True)
    return found.date().replace(year=found.year - shift) if found else None


# --- describing a rule ------------------------------------------------------------------------

_DAY_NAMES = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
_EVERY = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}


def describe(rule: Rule) -> str:
    """A person's reading of a rule: "every 2 weeks on Monday, Thursday". Every part the rule
    has is read out, so the page never says less than the calendar does."""
    parts = _parts(rule)
    freq = parts.get("FREQ", "")
    interval = int(parts.get("INTERVAL", "1"))
    unit = _EVERY.get(freq, freq.lower())
    text = f"every {interval} {unit}s" if interval > 1 else f"every {unit}"
    if parts.get("BYDAY") == "MO,TU,WE,TH,FR" and freq == "WEEKLY" and interval == 1:
        text = "every weekday"
    elif "BYDAY" in parts:
        text += " on " + ", ".join(_weekday_text(d) for d in parts["BYDAY"].split(","))
    if "BYMONTHDAY" in parts:
        days = [int(d) for d in parts["BYMONTHDAY"].split(",")]
        text += " on the " + ", ".join("last day" if d == -1 else _nth(d) + (" day" if d < 0 else "") for d in days)
    if "BYYEARDAY" in parts:
        days = [int(d) for d in parts["BYYEARDAY"].split(",")]
        text += " on the " + ", ".join("last day" if d == -1 else f"{_nth(d)} day" for d in days) + " of the year"
    if "BYWEEKNO" in parts:
        weeks = [int(w) for w in parts["BYWEEKNO"].split(",")]
        text += " in the " + ", ".join("last week" if w == -1 else f"{_nth(w)} week" for w in weeks) + " of the year"
    if not any(k in parts for k in ("BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO")):
        # RFC 5545 §3.3.10 (and dateutil) take the day such a rule falls on from DTSTART.
        if freq == "WEEKLY":
            text += f" on {rule.starts:%A}"
        elif freq == "MONTHLY" or (freq == "YEARLY" and "BYMONTH" in parts):
            text += f" on the {_nth(rule.starts.day)}"
        elif freq == "YEARLY":
            text += f" on {rule.starts:%-d %B}"
    if "BYMONTH" in parts:
        text += " in " + ", ".join(dt.date(2000, int(m), 1).strftime("%B") for m in parts["BYMONTH"].split(","))
    if "BYSETPOS" in parts:
        positions = [int(p) for p in parts["BYSETPOS"].split(",")]
        text += (
            ", only the "
            + ", ".join("last" if p == -1 else _nth(p) for p in positions)
            + f" of those days in each {unit}"
        )
    if parts.get("WKST", "MO") != "MO":
        text += f", weeks starting on {_DAY_NAMES[parts['WKST']]}"
    text += f", from {rule.starts:%-d %b %Y}"
    if "COUNT" in parts:
        count = int(parts["COUNT"])
        text += f", {count} time{'s' if count != 1 else ''}"
    if "UNTIL" in parts:
        text += " until " + _until_text(parts["UNTIL"])
    return text[0].upper() + text[1:]


def _until_text(value: str) -> str:
    """UNTIL as written: a date, a wall-clock time, or a time in UTC; `until`'s end of day as its date."""
    year, month, day, hour, minute, second, utc = UNTIL_VALUE.match(value).groups()  # type: ignore[union-attr]
    when = dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    date = f"{when.day} {when:%b} {when.year}"
    if hour is None or (not utc and (when.hour, when.minute, when.second) == (23, 59, 59)):
        return date
    return f"{date} {when:%H:%M}" + (" UTC" if utc else "")


_NTH = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last", -2: "second last"}


def _weekday_text(byday: str) -> str:
    """`MO` as Monday, `1MO` as the first Monday, `-1FR` as the last Friday."""
    name = _DAY_NAMES.get(byday[-2:], byday)
    nth = byday[:-2]
    if not nth:
        return name
    n = int(nth)
    return f"the {_NTH.get(n, _nth(n))} {name}"


def _nth(n: int) -> str:
    """5 as 5th, -3 as 3rd last."""
    if n < 0:
        return "second last" if n == -2 else f"{_ordinal(-n)} last"
    return _ordinal(n)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
