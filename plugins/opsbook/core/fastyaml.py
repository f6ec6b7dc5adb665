"""Composing handbook YAML with libyaml (PyYAML's C parser), for readers that may decline.

ruamel.yaml, the handbook's reader (`source.py`), is pure Python; libyaml composes the same
node tree over ten times faster. They are different parsers of different YAML versions (1.2
and 1.1), so `compose` vouches only for text where they cannot differ. It returns None, and the
caller uses ruamel, for:

- tags, anchors, aliases and directives;
- characters the two read differently: tabs, byte-order marks, NEL/LS/PS line breaks, a lone
  carriage return, control characters;
- block scalars where ruamel has quirks: it refuses a literal (`|`) one whose first line is
  spaces only when a later line is indented more, or whose header has a comment with no space
  before it; folded (`>`) ones, which its round-trip reader once read otherwise, are left to it too;
- nesting deeper than MAX_DEPTH, and any YAML error.

Plain scalars are typed by the handbook's own table (`scalars.plain_tag`), as `fullyaml` types
them for ruamel, so each node's tag is the one ruamel gives it. Marks are 0-based lines and
columns, counted in characters, as ruamel's are, except for an empty value, which each places
by its own rule: `compose(..., positions=True)` declines text with one.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml import MappingNode as MappingNode  # the root of a handbook entry, for its readers
from yaml import Node as Node  # what `compose` returns, for annotations

from .scalars import STR, plain_tag

try:
    # yaml.cyaml is CParser's public home; the type stubs declare it in yaml._yaml only.
    from yaml.cyaml import CParser as _CParser  # type: ignore[attr-defined]
except ImportError:  # PyYAML built without libyaml: ruamel alone reads the handbook
    _CParser = None  # type: ignore[assignment, misc]

AVAILABLE = _CParser is not None
"""Whether libyaml is there; without it `compose` always declines."""

MAX_DEPTH = 64
"""Deeper nesting is left to ruamel, so that how deep a file may nest (before Python's recursion
limit stops the reading of it) is ruamel's alone; a handbook entry nests a few levels deep."""

_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"

# Where these match, libyaml's events tell whether there is something to decline (Markdown's
# **bold**, "R & D", "> quoted" or "| a | table |" in a literal scalar are nothing of the kind).
# A tag, anchor or alias starts a token: after a line start, a space, a flow indicator or the
# ':' of a JSON-like key. So does a folded scalar's '>', and a literal scalar's '|', unless it
# plainly is the usual header: '|', its indicators, spaces and a comment, then a line with text.
_MAYBE_TAG_OR_ANCHOR = re.compile(r"(?:^|[\s\[{,:])[!&*]", re.MULTILINE)
_HEADER_INDICATORS = r"(?:[-+][1-9]?|[1-9][-+]?)?(?:[ ]+#.*|[ ]*)"
_MAYBE_ODD_BLOCK_SCALAR = re.compile(rf"(?:^|[ ])(?:>|\|(?!{_HEADER_INDICATORS}\r?\n(?![ ]*\r?$)))", re.MULTILINE)
_LITERAL_HEADER = re.compile(rf"\|{_HEADER_INDICATORS}\r?$")
_SPACES_ONLY = re.compile(r"[ ]+\r?$")
# Everything but line feeds, carriage returns and printable characters other than the BOM:
# tabs, NEL, LS, PS and control characters are where YAML 1.1 and 1.2 readers part ways.
_ODD_CHARACTER = re.compile("[^\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
# A carriage return alone ends a line for YAML but not for the line anchors of these patterns.
_LONE_CR = re.compile(r"\r(?!\n)")


class _Declined(yaml.YAMLError):
    """libyaml and ruamel could compose this text differently."""


if _CParser is not None:

    class _Composer(_CParser):
        """libyaml's parser and composer, tagging nodes as ruamel's YAML 1.2 resolver does."""

        positions = False
        depth = 0

        def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
            if kind is yaml.ScalarNode:
                if implicit[0]:
                    if not value and self.positions:
                        raise _Declined("an empty value, which libyaml and ruamel place differently")
                    return plain_tag(value)
                return STR
            return _SEQ if kind is yaml.SequenceNode else _MAP

        def descend_resolver(self, current_node: Any, current_index: Any) -> None:
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise _Declined(f"nested more than {MAX_DEPTH} deep")

        def ascend_resolver(self) -> None:
            self.depth -= 1


def compose(text: str, *, positions: bool = False) -> Node | None:
    """The root node of `text` as ruamel would compose it (None for an empty text), or None
    when libyaml and ruamel could read it differently (with `positions`: or place it differently)."""
    if _CParser is None or _may_differ(text):
        return None
    parser = _Composer(text)
    parser.positions = positions
    try:
        return parser.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        parser.dispose()


def _may_differ(text: str) -> bool:
    """Whether the characters of `text` leave room for libyaml and ruamel to read it differently
    (each pattern runs only when a character it needs is there: most files have none)."""
    return bool(
        _ODD_CHARACTER.search(text)
        or ("\r" in text and _LONE_CR.search(text))
        or text.startswith("%")
        or "\n%" in text  # a directive
        or (
            any(c in text for c in "!&*>|")
            and (_MAYBE_TAG_OR_ANCHOR.search(text) or _MAYBE_ODD_BLOCK_SCALAR.search(text))
            and _events_differ(text)
        )
    )


def _events_differ(text: str) -> bool:
    """Whether libyaml's events hold a tag, an anchor or an alias, a folded scalar or a literal
    one ruamel could read otherwise (or whether libyaml cannot parse `text` at all)."""
    lines = text.split("\n")
    parser = _CParser(text)
    try:
        while parser.check_event():
            event = parser.get_event()
            if getattr(event, "anchor", None) is not None or getattr(event, "tag", None) is not None:
                return True  # an alias event's anchor is the name it refers to
            style = getattr(event, "style", None)
            if style == ">":
                return True
            if style == "|":
                # check_event said there is an event, and libyaml marks every event it makes
                assert event is not None and event.start_mark is not None
                line, column = event.start_mark.line, event.start_mark.column
                if not _LITERAL_HEADER.match(lines[line], column) or (
                    line + 1 < len(lines) and _SPACES_ONLY.match(lines[line + 1])
                ):
                    return True
    except yaml.YAMLError:
        return True
    finally:
        parser.dispose()
    return False
