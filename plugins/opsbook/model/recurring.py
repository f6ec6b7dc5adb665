"""Recurring things: meetings (rituals) and reporting rules."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from ..durations import Duration
from .base import Date, DurationField, Entry, Ids, Model, Text, TimeOfDay, TimeZone


def _day(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, str | int):
        shown = str(value).lower() if isinstance(value, bool) else type(value).__name__
        raise ValueError(f"expected a weekday such as mon, or a day of the month such as 5, got '{shown}'")
    return value


Day = Annotated[str | int, BeforeValidator(_day)]
Repeat = Literal["daily", "weekdays", "weekly", "fortnightly", "monthly", "quarterly", "yearly"]


class Recurrence(Model):
    """When something repeats: `repeat`/`days`, or an RFC 5545 `rrule`, from `starts`."""

    repeat: Repeat | None = None
    days: tuple[Day, ...] = Field(
        (), description="Weekdays (mon..sun) for weekly/fortnightly, days of month for monthly."
    )
    rrule: Text | None = Field(None, examples=["FREQ=WEEKLY;BYDAY=MO,TH"])
    starts: Date | None = None
    until: Date | None = Field(None, description="Last day, inclusive.")

    @property
    def recurs(self) -> bool:
        return self.repeat is not None or self.rrule is not None


class Ritual(Entry, Recurrence):
    kind: Literal["ritual"]
    title: Text
    attendees: Ids = ()
    time: TimeOfDay
    duration: DurationField = Duration(30, "m")
    timezone: TimeZone | None = None
    location: Text | None = None
    agenda: tuple[Text, ...] = ()


class Report(Entry, Recurrence):
    kind: Literal["report"]
    title: Text
    owner: Ids = Field(description="Who creates it (role or person).")
    audience: Ids = ()
    metrics: tuple[Text, ...] = ()
    sources: tuple[Text, ...] = ()
    method: Text | None = Field(None, description="How it is made, in Markdown.")
