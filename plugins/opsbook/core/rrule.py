"""Recurrences read into RFC 5545 RRULE text: `repeat`/`days` written out, an `rrule` held to
the parts of RFC 5545 §3.3.10 that a day-by-day handbook can mean and to the RFC's ranges."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from .model.base import LATEST_DATE
from .model.recurring import Recurrence

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_FREQ = {
    "daily": ("DAILY", 1),
    "weekdays": ("WEEKLY", 1),
    "weekly": ("WEEKLY", 1),
    "fortnightly": ("WEEKLY", 2),
    "monthly": ("MONTHLY", 1),
    "quarterly": ("MONTHLY", 3),
    "yearly": ("YEARLY", 1),
}
#: INTERVAL and COUNT above this are no plan anyone keeps; a COUNT is walked in full.
MOST_TIMES = 9999


class RecurrenceError(ValueError):
    """A recurrence that cannot hold; `field` (and `index`, for one of `days`) says where."""

    def __init__(self, field: str, message: str, index: int | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.index = index


def day_errors(rec: Recurrence) -> list[RecurrenceError]:
    """Every entry of `days` that cannot be a day for this `repeat`, each at its index."""
    check: Callable[[str | int, int], object]
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


_PARTS = (
    "FREQ",
    "UNTIL",
    "COUNT",
    "INTERVAL",
    "BYDAY",
    "BYMONTHDAY",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYMONTH",
    "BYSETPOS",
    "WKST",
)
_FINER_THAN_A_DAY = ("BYHOUR", "BYMINUTE", "BYSECOND")
_NUMBERED = {
    # RFC 5545 §3.3.10: each list's range, and whether a value counts from the end (negative).
    "BYMONTHDAY": (31, True, "days of the month run from 1 to 31, or -1 (the last) to -31"),
    "BYYEARDAY": (366, True, "days of the year run from 1 to 366, or -1 (the last) to -366"),
    "BYWEEKNO": (53, True, "weeks of the year run from 1 to 53, or -1 (the last) to -53"),
    "BYMONTH": (12, False, "months run from 1 to 12"),
    "BYSETPOS": (366, True, "positions run from 1 to 366, or -1 (the last) to -366"),
}
_WEEKDAY_PART = re.compile(r"^([+-]?)(\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
_NUMBER = re.compile(r"^([+-]?)(\d{1,3})$")
UNTIL_VALUE = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$")


def _invalid(reason: str) -> RecurrenceError:
    return RecurrenceError("rrule", f"not a valid RRULE: {reason}")


def from_rrule(text: str, starts: dt.date) -> str:
    text = text.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    parts = [p for p in text.split(";") if p]
    values: dict[str, str] = {}
    for part in parts:
        name, equals, value = (s.strip().upper() for s in part.partition("="))
        if name == "DTSTART":
            raise RecurrenceError("rrule", "the first day goes in 'starts', not in the rule")
        if name in _FINER_THAN_A_DAY:
            raise _invalid(f"{name}: the handbook's events recur at most daily, at the ritual's 'time'")
        if name not in _PARTS:
            raise _invalid(
                f"'{name}' is not a part of an RFC 5545 rule: use FREQ, INTERVAL, COUNT, UNTIL, "
                "BYDAY, BYMONTHDAY, BYMONTH, BYYEARDAY, BYWEEKNO, BYSETPOS or WKST"
            )
        if not equals or not value:
            raise _invalid(f"{name} has no value, e.g. {name}={_EXAMPLE[name]}")
        if name in values:
            raise _invalid(f"{name} is given twice")
        values[name] = value
    if "FREQ" not in values:
        raise RecurrenceError("rrule", f"'{text}' has no FREQ, e.g. FREQ=WEEKLY;BYDAY=MO,TH")
    _check_parts(values, starts)
    return ";".join(p.strip().upper() for p in parts)


_EXAMPLE = {
    "FREQ": "WEEKLY",
    "UNTIL": "20271231",
    "COUNT": "10",
    "INTERVAL": "2",
    "BYDAY": "MO,TH",
    "BYMONTHDAY": "1,15",
    "BYYEARDAY": "100",
    "BYWEEKNO": "1",
    "BYMONTH": "3",
    "BYSETPOS": "-1",
    "WKST": "MO",
}


def _check_parts(values: dict[str, str], starts: dt.date) -> None:
    freq = values["FREQ"]
    if freq in ("HOURLY", "MINUTELY", "SECONDLY"):
        raise RecurrenceError("rrule", f"FREQ={freq}: the handbook's events recur at most daily")
    if freq not in ("DAILY", "WEEKLY", "MONTHLY", "YEARLY"):
        raise _invalid(f"FREQ={freq}: use DAILY, WEEKLY, MONTHLY or YEARLY")
    for name in ("INTERVAL", "COUNT"):
        # RFC 5545 §3.3.10: both are positive integers; INTERVAL=0 would never advance.
        if name in values and not (values[name].isdigit() and 0 < int(values[name]) <= MOST_TIMES):
            raise RecurrenceError("rrule", f"{name}={values[name]} must be a whole number from 1 to {MOST_TIMES}")
    if "COUNT" in values and "UNTIL" in values:
        raise _invalid("give the end as COUNT or as UNTIL, not both (RFC 5545 §3.3.10)")
    if "UNTIL" in values:
        _check_until(values["UNTIL"], starts)
    for name, (most, negative, ranges) in _NUMBERED.items():
        for item in values.get(name, "").split(",") if name in values else ():
            match = _NUMBER.match(item)
            if not match or not 1 <= int(match.group(2)) <= most or (match.group(1) == "-" and not negative):
                raise _invalid(f"{name}={values[name]}: {ranges}")
    for name in ("BYDAY", "WKST"):
        for item in values[name].split(",") if name in values else ():
            match = _WEEKDAY_PART.match(item)
            if not match or (name == "WKST" and match.group(2)):
                raise _invalid(
                    f"{name}={values[name]}: write weekdays as MO, TU, WE, TH, FR, SA or SU"
                    + (
                        ", with a number before one for which of the month or year: 1MO is "
                        "the first Monday, -1FR the last Friday"
                        if name == "BYDAY"
                        else ""
                    )
                )
            if match.group(2):
                _check_nth(item, int(match.group(2)), freq, values)
    # RFC 5545 §3.3.10 on which parts go with which frequency.
    if "BYWEEKNO" in values and freq != "YEARLY":
        raise _invalid("BYWEEKNO needs FREQ=YEARLY")
    if "BYYEARDAY" in values and freq in ("DAILY", "WEEKLY", "MONTHLY"):
        raise _invalid("BYYEARDAY needs FREQ=YEARLY")
    if "BYMONTHDAY" in values and freq == "WEEKLY":
        raise _invalid("BYMONTHDAY does not go with FREQ=WEEKLY: use FREQ=MONTHLY")
    if "BYSETPOS" in values and not any(n.startswith("BY") and n != "BYSETPOS" for n in values):
        raise _invalid("BYSETPOS picks among the days other BY parts give, and there are none")


def _check_nth(item: str, nth: int, freq: str, values: dict[str, str]) -> None:
    if nth == 0:
        raise _invalid(f"BYDAY={values['BYDAY']}: {item} counts from 1 (the first) or -1 (the last)")
    if freq not in ("MONTHLY", "YEARLY") or "BYWEEKNO" in values:
        raise _invalid(
            f"BYDAY={values['BYDAY']}: a numbered weekday such as {item} needs FREQ=MONTHLY, "
            "or FREQ=YEARLY without BYWEEKNO"
        )
    if freq == "MONTHLY" and nth > 5:
        raise _invalid(f"BYDAY={values['BYDAY']}: no month has more than 5 of a weekday")
    if nth > 53:
        raise _invalid(f"BYDAY={values['BYDAY']}: no year has more than 53 of a weekday")


def _check_until(value: str, starts: dt.date) -> None:
    match = UNTIL_VALUE.match(value)
    when = None
    if match:
        year, month, day, hour, minute, second, _ = match.groups()
        try:
            when = dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
        except ValueError:
            when = None
    if when is None:
        raise _invalid(f"UNTIL={value} is not an RFC 5545 date: write 20271231, or 20271231T235959Z for a time in UTC")
    if when.date() > LATEST_DATE:
        raise _invalid(
            f"UNTIL={value} is after {LATEST_DATE}, the last day opsbook plans for: "
            "leave UNTIL out for a rule without end"
        )
    if when.date() < starts:
        raise _invalid(f"UNTIL={value} is before 'starts' ({starts})")


def from_repeat(rec: Recurrence) -> str:
    assert rec.repeat is not None and rec.starts is not None
    freq, interval = _FREQ[rec.repeat]
    text = f"FREQ={freq}" + (f";INTERVAL={interval}" if interval > 1 else "")
    if rec.repeat == "weekdays":
        if rec.days:
            raise RecurrenceError("days", "'weekdays' already means Monday to Friday")
        return text + ";BYDAY=MO,TU,WE,TH,FR"
    if rec.repeat in ("weekly", "fortnightly"):
        days = [_weekday(d, i) for i, d in enumerate(rec.days)] or [BYDAY[rec.starts.weekday()]]
        return text + ";BYDAY=" + ",".join(days)
    if rec.repeat in ("monthly", "quarterly"):
        month_days = [_month_day(d, i) for i, d in enumerate(rec.days)] or [rec.starts.day]
        return text + ";BYMONTHDAY=" + ",".join(str(d) for d in month_days)
    if rec.days:
        raise RecurrenceError("days", f"'days' does not apply to '{rec.repeat}'; the day comes from 'starts'")
    return text


_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _weekday(value: str | int, index: int) -> str:
    if isinstance(value, str) and value.lower() in (*WEEKDAYS, *_WEEKDAY_NAMES):
        return BYDAY[WEEKDAYS.index(value.lower()[:3])]
    raise RecurrenceError("days", f"'{value}' is not a weekday: use mon, tue, wed, thu, fri, sat or sun", index)


def _month_day(value: str | int, index: int) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and (1 <= value <= 31 or -31 <= value <= -1):
        return value
    raise RecurrenceError("days", f"'{value}' is not a day of the month: use 1 to 31, or -1 for the last", index)
