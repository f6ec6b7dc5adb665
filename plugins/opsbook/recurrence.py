"""Recurrence rules from `repeat`/`days` or `rrule`, as RFC 5545 RRULE text checked by dateutil."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil import rrule as du

from .model.recurring import Recurrence

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_FREQ = {
    "daily": ("DAILY", 1),
    "weekdays": ("WEEKLY", 1),
    "weekly": ("WEEKLY", 1),
    "fortnightly": ("WEEKLY", 2),
    "monthly": ("MONTHLY", 1),
    "quarterly": ("MONTHLY", 3),
    "yearly": ("YEARLY", 1),
}


class RecurrenceError(ValueError):
    """A recurrence that cannot hold; `field` (and `index`, for one of `days`) says where."""

    def __init__(self, field: str, message: str, index: int | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.index = index


@dataclass(frozen=True)
class Rule:
    """A checked recurrence: when it starts and its RRULE value (without the `RRULE:` prefix)."""

    starts: dt.date
    rrule: str

    def dates(self, after: dt.date, before: dt.date) -> list[dt.date]:
        """The days it falls on from `after` to `before`, both inclusive."""
        start = dt.datetime.combine(self.starts, dt.time())
        rule = du.rrulestr(f"RRULE:{self.rrule}", dtstart=start)
        window = rule.between(
            dt.datetime.combine(after, dt.time()), dt.datetime.combine(before, dt.time()), inc=True
        )
        return [d.date() for d in window]

    def next_on_or_after(self, day: dt.date) -> dt.date | None:
        start = dt.datetime.combine(self.starts, dt.time())
        found = du.rrulestr(f"RRULE:{self.rrule}", dtstart=start).after(
            dt.datetime.combine(day, dt.time()), inc=True
        )
        return found.date() if found else None


def rule_of(rec: Recurrence) -> Rule | None:
    """The rule of a recurrence, None if it does not recur; RecurrenceError if it cannot hold."""
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
    text = _from_rrule(rec.rrule) if rec.rrule is not None else _from_repeat(rec)
    if rec.until:
        if "UNTIL=" in text or "COUNT=" in text:
            raise RecurrenceError("until", "give the end either in 'rrule' or as 'until', not both")
        text += f";UNTIL={rec.until:%Y%m%d}T235959"
    try:
        start = dt.datetime.combine(rec.starts, dt.time())
        du.rrulestr(f"RRULE:{text}", dtstart=start)
    except (ValueError, TypeError) as err:
        raise RecurrenceError("rrule" if rec.rrule else "repeat", f"not a valid recurrence: {err}") from None
    return Rule(rec.starts, text)


def day_errors(rec: Recurrence) -> list[RecurrenceError]:
    """Every entry of `days` that cannot be a day for this `repeat`, each at its index."""
    if rec.repeat in ("weekly", "fortnightly"):
        check = _weekday
    elif rec.repeat in ("monthly", "quarterly"):
        check = _month_day
    else:
        return []
    found = []
    for i, day in enumerate(rec.days):
        try:
            check(day, i)
        except RecurrenceError as err:
            found.append(err)
    return found


def _from_rrule(text: str) -> str:
    text = text.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    parts = [p for p in text.split(";") if p]
    values = {name.upper(): value.upper() for name, _, value in (p.partition("=") for p in parts)}
    if "FREQ" not in values:
        raise RecurrenceError("rrule", f"'{text}' has no FREQ, e.g. FREQ=WEEKLY;BYDAY=MO,TH")
    if "DTSTART" in values:
        raise RecurrenceError("rrule", "the first day goes in 'starts', not in the rule")
    if values["FREQ"] in ("HOURLY", "MINUTELY", "SECONDLY"):
        raise RecurrenceError("rrule", f"FREQ={values['FREQ']}: the handbook's events recur at most daily")
    for name in ("INTERVAL", "COUNT"):
        # RFC 5545 §3.3.10: both are positive integers; INTERVAL=0 would never advance.
        if name in values and not (values[name].isdigit() and int(values[name]) > 0):
            raise RecurrenceError("rrule", f"{name}={values[name]} must be a positive whole number")
    try:
        du.rrulestr(f"RRULE:{text}", dtstart=dt.datetime(2000, 1, 1))
    except (ValueError, TypeError) as err:
        raise RecurrenceError("rrule", f"'{text}' is not a valid RRULE: {err}") from None
    return ";".join(p.upper() for p in parts)


def _from_repeat(rec: Recurrence) -> str:
    assert rec.repeat is not None and rec.starts is not None
    freq, interval = _FREQ[rec.repeat]
    text = f"FREQ={freq}" + (f";INTERVAL={interval}" if interval > 1 else "")
    if rec.repeat == "weekdays":
        if rec.days:
            raise RecurrenceError("days", "'weekdays' already means Monday to Friday")
        return text + ";BYDAY=MO,TU,WE,TH,FR"
    if rec.repeat in ("weekly", "fortnightly"):
        days = [_weekday(d, i) for i, d in enumerate(rec.days)] or [_BYDAY[rec.starts.weekday()]]
        return text + ";BYDAY=" + ",".join(days)
    if rec.repeat in ("monthly", "quarterly"):
        days = [_month_day(d, i) for i, d in enumerate(rec.days)] or [rec.starts.day]
        return text + ";BYMONTHDAY=" + ",".join(str(d) for d in days)
    if rec.days:
        raise RecurrenceError("days", f"'days' does not apply to '{rec.repeat}'; the day comes from 'starts'")
    return text


_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _weekday(value: str | int, index: int) -> str:
    if isinstance(value, str) and value.lower() in (*WEEKDAYS, *_WEEKDAY_NAMES):
        return _BYDAY[WEEKDAYS.index(value.lower()[:3])]
    raise RecurrenceError("days", f"'{value}' is not a weekday: use mon, tue, wed, thu, fri, sat or sun", index)


def _month_day(value: str | int, index: int) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and (1 <= value <= 31 or -31 <= value <= -1):
        return value
    raise RecurrenceError("days", f"'{value}' is not a day of the month: use 1 to 31, or -1 for the last", index)


_DAY_NAMES = {"MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday", "FR": "Friday",
              "SA": "Saturday", "SU": "Sunday"}
_EVERY = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}


def describe(rule: Rule) -> str:
    """A person's reading of a rule: "every 2 weeks on Monday, Thursday"."""
    parts = dict(p.split("=", 1) for p in rule.rrule.split(";"))
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
        text += " on the " + ", ".join("last day" if d == -1 else _ordinal(d) for d in days)
    if "BYMONTH" in parts:
        text += " in " + ", ".join(dt.date(2000, int(m), 1).strftime("%B") for m in parts["BYMONTH"].split(","))
    elif freq == "YEARLY" and "BYMONTHDAY" not in parts and "BYDAY" not in parts:
        text += f" on {rule.starts:%-d %B}"
    text += f", from {rule.starts:%-d %b %Y}"
    if "COUNT" in parts:
        count = int(parts["COUNT"])
        text += f", {count} time{'s' if count != 1 else ''}"
    if "UNTIL" in parts:
        until = parts["UNTIL"][:8]
        text += f" until {until[6:8].lstrip('0')} {dt.date(2000, int(until[4:6]), 1):%b} {until[:4]}"
    return text[0].upper() + text[1:]


_NTH = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last", -2: "second last"}


def _weekday_text(byday: str) -> str:
    """`MO` as Monday, `1MO` as the first Monday, `-1FR` as the last Friday."""
    name = _DAY_NAMES.get(byday[-2:], byday)
    nth = byday[:-2]
    if not nth:
        return name
    n = int(nth)
    return f"the {_NTH.get(n, _ordinal(n))} {name}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
