"""Field types and the base of every entry."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, WithJsonSchema

from ..durations import DURATION_PATTERN, OFFSET_PATTERN, Duration, Offset, parse_duration, parse_offset
from ..text import writable
from ..workdays import check_holiday_code

ID_RULE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
#: Keys the loader sets on every entry itself: a file that writes them gets an "unknown key" error.
INTERNAL_KEYS = frozenset({"id", "path"})
ID_HELP = "lowercase letters, digits and hyphens, starting with a letter or digit, at most 64 characters"
#: The days a handbook's dates may name. Due dates are worked back from them, series expanded
#: and calendar events written a day past them: far from today, a date is a slip of the keyboard
#: (`0001-01-05`) or "never" (`9999-12-31`), and would carry that arithmetic out of Python's range.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2999, 12, 31)


def _id(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected an id ({ID_HELP}), got {type_name(value)}")
    if not ID_RULE.fullmatch(value):
        shown = value if value.isprintable() else repr(value)[1:-1]  # a newline would split the message
        raise ValueError(f"'{shown}' is not a valid id: use {ID_HELP}")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {type_name(value)}")
    # YAML escapes ("\x01", "\ud800") give characters no output can hold: a feed with one
    # does not parse, a page with a lone surrogate cannot be written.
    return writable(value)


def _date(value: Any) -> dt.date:
    day: dt.date | None
    if isinstance(value, dt.datetime):
        raise ValueError(f"expected a date like 2027-01-21 without a time, got '{value}'")
    if isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            day = None
    if day is None:
        raise ValueError(f"expected a date like 2027-01-21, got {type_name(value)}")
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        never = " (leave out an end that never comes)" if day > LATEST_DATE else ""
        raise ValueError(f"'{day}' is out of range: dates run from {EARLIEST_DATE} to {LATEST_DATE}{never}")
    return day


_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def _time(value: Any) -> dt.time:
    match = _TIME.match(value) if isinstance(value, str) else None
    if match:
        return dt.time(int(match.group(1)), int(match.group(2)))
    raise ValueError(f'expected a time of day in quotes, like "10:00", got {type_name(value)}')


def _duration(value: Any) -> Duration:
    if not isinstance(value, str):
        raise ValueError(f"expected a duration like 30m, 4h, 2d, 1w or 3bd, got {type_name(value)}")
    return parse_duration(value)


def _offset(value: Any) -> Offset:
    if not isinstance(value, str):
        raise ValueError(f"expected an offset from the anchor like -30d, -2w or -5bd, got {type_name(value)}")
    return parse_offset(value)


def _timezone(value: Any) -> str:
    name = _text(value)
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone '{name}': use an IANA name such as Europe/London") from None
    return name


def _url(value: Any) -> str:
    url = _text(value).strip()
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("", "http", "https", "mailto"):
        raise ValueError(f"'{url}' is not a link this site will show: use http, https or mailto, or a path")
    return url


def _holidays(value: Any) -> str:
    return check_holiday_code(_text(value))


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


#: Titles and names stand in every page's navigation and in long tables: a bounded size keeps a
#: handbook of a few files from making a site of gigabytes.
MAX_TITLE_CHARS = 200


def _title(value: Any) -> str:
    text = _text(value)
    if len(text) > MAX_TITLE_CHARS:
        raise ValueError(
            f"a title is at most {MAX_TITLE_CHARS} characters, this one has {len(text)}: "
            "put the rest in 'summary' or the text"
        )
    return text


def _texts(value: Any) -> Any:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list | tuple):
        raise ValueError(f"expected text or a list of texts, got {type_name(value)}")
    return value


def type_name(value: Any) -> str:
    """How a YAML value reads to a person, for error messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, dt.datetime | dt.date):
        return f"'{value.isoformat()}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"'{value}'"
    return f"'{value}'"


def _string_schema(pattern: str | None = None, **extra: Any) -> WithJsonSchema:
    schema: dict[str, Any] = {"type": "string", **extra}
    if pattern:
        schema["pattern"] = pattern
    return WithJsonSchema(schema)


Id = Annotated[str, BeforeValidator(_id), _string_schema(ID_RULE.pattern)]
Text = Annotated[str, BeforeValidator(_text)]
Title = Annotated[str, BeforeValidator(_title), _string_schema(maxLength=MAX_TITLE_CHARS)]
Date = Annotated[dt.date, BeforeValidator(_date), WithJsonSchema({"type": "string", "format": "date"})]
TimeOfDay = Annotated[
    dt.time,
    BeforeValidator(_time),
    PlainSerializer(lambda t: t.strftime("%H:%M")),
    _string_schema(r"^\d{1,2}:\d{2}$", examples=["10:00"]),
]
DurationField = Annotated[
    Duration,
    BeforeValidator(_duration),
    PlainSerializer(str),
    _string_schema(DURATION_PATTERN, examples=["30m", "4h", "2d", "1w", "3bd"]),
]
OffsetField = Annotated[
    Offset,
    BeforeValidator(_offset),
    PlainSerializer(str),
    _string_schema(OFFSET_PATTERN, examples=["-30d", "-2w", "-5bd", "0d"]),
]
TimeZone = Annotated[str, BeforeValidator(_timezone), _string_schema(examples=["Europe/London"])]
HolidayCalendar = Annotated[str, BeforeValidator(_holidays), _string_schema(examples=["GB", "US-NY"])]
Url = Annotated[str, BeforeValidator(_url), _string_schema(format="uri-reference")]
Ids = Annotated[tuple[Id, ...], BeforeValidator(_one_or_many, json_schema_input_type=Id | tuple[Id, ...])]
"""One id or a list of ids (roles or people)."""
Texts = Annotated[tuple[Text, ...], BeforeValidator(_texts, json_schema_input_type=Text | tuple[Text, ...])]
"""One text or a list of texts, as people write either (`usage: web` or `usage: [web, slides]`)."""


class Model(BaseModel):
    """Every part of the handbook: unknown keys are errors and nothing mutates.

    Scalars go through the validators above (or pydantic's Strict types), never pydantic's lax
    coercion, so `yes` never becomes true and `5` never becomes "5"; lists become tuples.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)


class Entry(Model):
    """What every file has. `id` and `path` come from the file, never from its content."""

    id: Id = Field(exclude=True, json_schema_extra={"readOnly": True})
    path: str = Field(exclude=True, json_schema_extra={"readOnly": True})
    kind: str
    title: Title | None = None
    summary: Text | None = Field(None, description="One line shown in lists and on the hub.")
    tags: tuple[Text, ...] = ()
    body: Text | None = Field(None, description="Markdown, rendered on the entry's page.")

    @property
    def display_title(self) -> str:
        return self.title or self.id.replace("-", " ").capitalize()
