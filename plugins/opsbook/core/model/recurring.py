"""Recurring things: meetings (rituals) and reporting rules."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field, WithJsonSchema

from ..durations import Duration
from .base import Date, DurationField, Entry, Ids, Model, Text, TimeOfDay, TimeZone, Title


def _day(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, str | int):
        shown = str(value).lower() if isinstance(value, bool) else type(value).__name__
        raise ValueError(f"expected a weekday such as mon, or a day of the month such as 5, got '{shown}'")
    return value


Day = Annotated[
    str | int,
    BeforeValidator(_day),
    WithJsonSchema(
        {
            "anyOf": [
                {
                    "type": "string",
                    "description": "A weekday: mon, tue, wed, thu, fri, sat or sun.",
                    "examples": ["mon"],
                },
                {
                    "type": "integer",
                    "minimum": -31,
                    "maximum": 31,
                    "description": "A day of the month; -1 is the last.",
                },
            ]
        }
    ),
]
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
    """A recurring meeting."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "ritual",
                    "title": "Weekly check-in",
                    "attendees": ["strategist", "ellie"],
                    "starts": "2026-12-07",
                    "time": "10:00",
                    "duration": "30m",
                    "repeat": "weekly",
                    "days": ["mon"],
                }
            ]
        }
    )
    kind: Literal["ritual"]
    title: Title
    attendees: Ids = ()
    time: TimeOfDay
    duration: DurationField = Duration(30, "m")
    timezone: TimeZone | None = None
    location: Text | None = None
    agenda: tuple[Text, ...] = ()


class Report(Entry, Recurrence):
    """A reporting rule: who makes which report, for whom, and when it is due."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "report",
                    "title": "Monthly KPI report",
                    "owner": "analyst",
                    "audience": ["cmo"],
                    "repeat": "monthly",
                    "days": [5],
                    "starts": "2026-12-01",
                    "metrics": ["MQLs"],
                }
            ]
        }
    )
    kind: Literal["report"]
    title: Title
    owner: Ids = Field(description="Who creates it (role or person).")
    audience: Ids = ()
    metrics: tuple[Text, ...] = ()
    sources: tuple[Text, ...] = ()
    method: Text | None = Field(None, description="How it is made, in Markdown.")
    effort: DurationField | None = Field(
        None,
        description="Work each report needs, for capacity: counted on each day it is due, for its owner.",
        examples=["3h"],
    )
