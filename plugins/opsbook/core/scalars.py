"""How a YAML scalar of the handbook is typed and read: YAML 1.2's core schema, plus dates.

The core schema (YAML 1.2.2, section 10.3) is what people expect of YAML 1.2: `true`, `True`
and `TRUE` are booleans (`yes`, `on` and `no` are words), `null`, `Null`, `NULL`, `~` and an
empty value are null, integers are decimal, `0o` octal or `0x` hexadecimal, floats include
`.inf` and `.nan` in their three spellings. Anything else is a string: `1_000`, `0b101`, `10:00`.
Dates and times (`2027-01-21`, `2027-01-21T09:00:00Z`) are read too, as the handbook dates
things. Both readers of the handbook (ruamel.yaml in `source`, libyaml in `fastyaml`) type plain
scalars with `plain_tag`, so that they cannot disagree on a type.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any

TAG = "tag:yaml.org,2002:"
STR = TAG + "str"
NULL = TAG + "null"
BOOL = TAG + "bool"
INT = TAG + "int"
FLOAT = TAG + "float"
TIMESTAMP = TAG + "timestamp"

# In the order the core schema tries them (an integer is an integer before it is a float);
# the timestamp pattern is YAML 1.1's timestamp type, as ruamel.yaml and PyYAML have it.
_NULL = re.compile(r"(?:null|Null|NULL|~|)\Z")
_BOOL = re.compile(r"(?:true|True|TRUE|false|False|FALSE)\Z")
_INT = re.compile(r"(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)\Z")
_FLOAT = re.compile(
    r"(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\Z"
)
_TIMESTAMP = re.compile(
    r"(?:[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"
    r"(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)\Z"
)
# By first character, so that most words are strings after one look-up (as in ruamel's table).
_BY_FIRST: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    **dict.fromkeys("nN~", ((NULL, _NULL),)),
    **dict.fromkeys("tTfF", ((BOOL, _BOOL),)),
    **dict.fromkeys("-+", ((INT, _INT), (FLOAT, _FLOAT))),
    ".": ((FLOAT, _FLOAT),),
    **dict.fromkeys("0123456789", ((INT, _INT), (FLOAT, _FLOAT), (TIMESTAMP, _TIMESTAMP))),
}


def plain_tag(value: str) -> str:
    """The tag of a plain (unquoted, untagged) scalar with this text."""
    if not value:
        return NULL
    for tag, pattern in _BY_FIRST.get(value[0], ()):
        if pattern.match(value):
            return tag
    return STR


_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})\Z")
# Python 3.11's limit on the digits of a decimal integer, kept on every version (converting more
# takes quadratic time); a handbook's numbers are days and counts.
_MAX_DIGITS = 4300


def _timestamp(text: str) -> dt.date | dt.datetime:
    match = _DATE.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return dt.date(year, month, day)
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def _int(text: str) -> int:
    if len(text) > _MAX_DIGITS:
        raise ValueError("too many digits")
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text)


def _float(text: str) -> float:
    lowered = text.lower()
    if lowered.endswith(".inf"):
        return -math.inf if lowered.startswith("-") else math.inf
    if lowered == ".nan":
        return math.nan
    return float(text)


SCALAR_TYPES: dict[str, Callable[[str], Any]] = {
    STR: str,
    NULL: lambda text: None,
    BOOL: lambda text: text in ("true", "True", "TRUE"),
    INT: _int,
    FLOAT: _float,
    TIMESTAMP: _timestamp,
}
"""How a scalar of each YAML type the handbook allows is read from its text, by its tag; an
impossible date raises ValueError (so does a number written with an explicit tag, `!!int x`)."""
