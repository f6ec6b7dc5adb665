"""Durations and offsets as the handbook writes them: `30m`, `4h`, `3d`, `2w`, `5bd`, `-30d`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

Unit = Literal["m", "h", "d", "w", "bd"]

_PATTERN = re.compile(r"^([+-]?)(\d{1,5})(m|h|d|w|bd)$")
DURATION_PATTERN = r"^\d{1,5}(m|h|d|w|bd)$"
OFFSET_PATTERN = r"^[+-]\d{1,5}(d|w|bd)$|^0(d|w|bd)$"
#: The most of each calendar unit an offset or a duration may hold: about ten years, further
#: than any plan reaches (a typo such as `-90000bd` would otherwise carry dates out of range).
LONGEST = {"d": 3660, "w": 520, "bd": 2600}


@dataclass(frozen=True)
class Duration:
    """An amount of time: minutes and hours for effort and meetings, days and weeks on the
    calendar, or business days (Monday to Friday less public holidays)."""

    amount: int
    unit: Unit

    @property
    def business(self) -> bool:
        return self.unit == "bd"

    @property
    def calendar_days(self) -> int:
        """Whole calendar days this duration covers on the schedule; a part-day counts as one."""
        if self.unit == "w":
            return self.amount * 7
        if self.unit in ("d", "bd"):
            return self.amount
        return 1 if self.amount else 0

    @property
    def hours(self) -> float:
        """Working hours, for effort and capacity: a day is eight hours, a week forty."""
        per = {"m": 1 / 60, "h": 1.0, "d": 8.0, "bd": 8.0, "w": 40.0}[self.unit]
        return self.amount * per

    def timedelta(self) -> dt.timedelta:
        """Clock time, for meetings: only minutes and hours, days and weeks as 24h and 7×24h."""
        if self.unit == "m":
            return dt.timedelta(minutes=self.amount)
        if self.unit == "h":
            return dt.timedelta(hours=self.amount)
        return dt.timedelta(days=self.calendar_days)

    def __str__(self) -> str:
        return f"{self.amount}{self.unit}"


@dataclass(frozen=True)
class Offset:
    """A signed distance from an anchor date: `-30d` is thirty days before it."""

    days: int
    unit: Literal["d", "w", "bd"]

    @property
    def business(self) -> bool:
        return self.unit == "bd"

    def __str__(self) -> str:
        amount = self.days // 7 if self.unit == "w" else self.days
        return f"{'+' if amount > 0 else ''}{amount}{self.unit}"


def parse_duration(text: str) -> Duration:
    match = _PATTERN.match(text.strip())
    if not match or match.group(1):
        raise ValueError(f"'{text}' is not a duration: write a number and a unit, e.g. 30m, 4h, 3d, 2w or 5bd")
    amount, unit = int(match.group(2)), match.group(3)
    _check_length(text, amount, unit, "a duration")
    return Duration(amount, unit)  # type: ignore[arg-type]


def parse_offset(text: str) -> Offset:
    match = _PATTERN.match(text.strip())
    if not match or match.group(3) in ("m", "h"):
        raise ValueError(f"'{text}' is not an offset: write a signed number of days, e.g. -30d, -2w, -5bd or 0d")
    sign, amount, unit = match.groups()
    value = int(amount)
    if value and not sign:
        raise ValueError(f"'{text}' needs a sign: '-{text}' is before the anchor, '+{text}' after")
    _check_length(text, value, unit, "an offset")
    value = -value if sign == "-" else value
    if unit == "w":
        return Offset(value * 7, "w")
    return Offset(value, unit)  # type: ignore[arg-type]


def _check_length(text: str, amount: int, unit: str, what: str) -> None:
    if amount > LONGEST.get(unit, amount):
        raise ValueError(f"'{text.strip()}' is too long: {what} is at most {LONGEST[unit]}{unit}, about ten years")
