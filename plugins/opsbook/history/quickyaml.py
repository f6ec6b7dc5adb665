"""A fast reader for old revisions: PyYAML's C parser with the handbook's YAML 1.2 rules.

Historic revisions are read thousands of times and need no positions (their problems are
summarised, never located), so the pure-Python, position-keeping reader of `source.py` is the
slow path there. This reader composes with libyaml (about ten times faster) and builds values by
the same rules as `source.py`: only `true`/`false` are booleans, `10:00` is a string, dates are
dates. It vouches only for what it is sure of: on anything the two readers could disagree on —
a YAML error, tags, anchors, duplicate or merge keys, an unusual number or boolean spelling, an
impossible date — it returns None and the caller uses the handbook's own reader.

Most of a revision is the text of the one before it. With `Pieces` kept between calls, a file is
read piece by piece — each top-level entry, and each item of a block sequence under one — and a
piece already read is not composed again, so a revision costs what it changed. Pieces are only
cut where YAML's block structure goes by columns alone (an entry at column 0, an item's `- ` at
its sequence's column), so each reads alone as it reads in its file; on anything else (a line
that may continue a flow or quoted scalar across that cut, a document marker, a tab in an
indent) the whole text is read at once.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

_STR = "tag:yaml.org,2002:str"
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?$|^[-+]?[0-9]+[eE][-+]?[0-9]+$")
_DATE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)$")
_NULL = frozenset(("", "~", "null", "Null", "NULL"))
# Plain scalars the YAML 1.2 core schema may read as something other than a string, in
# spellings left to the handbook's own reader: other booleans, hex/octal, .inf, timestamps.
_DOUBTFUL = re.compile(r"^(?:True|TRUE|False|FALSE|[-+]?0[xXoObB].*|[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)|"
                       r"\d{4}-\d{1,2}-\d{1,2}(?:[Tt ].*)?|[-+]?[0-9][0-9_]*_[0-9_]*)$")
# A tag, anchor or alias starts a token: after a line start, a space or a flow indicator.
_TAG_OR_ANCHOR = re.compile(r"(?:^|[\s\[{,])[!&*][^\s*]", re.MULTILINE)


def _may_tag(text: str) -> bool:
    """Whether `text` has a character `_TAG_OR_ANCHOR` starts with: far quicker than the regex."""
    return "!" in text or "&" in text or "*" in text

try:
    _Base: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml: the handbook's reader is as fast
    _Base = None  # type: ignore[assignment]


class _Unsure(Exception):
    """The fast reader cannot vouch for this text."""


if _Base is not None:
    class _Loader(_Base):  # type: ignore[misc, valid-type]
        """libyaml's parser with no implicit types: every plain scalar composes as a string node."""

        yaml_implicit_resolvers: dict[str, Any] = {}

        def resolve(self, kind: type, value: Any, implicit: Any) -> str:
            # What Resolver.resolve returns without implicit or path resolvers, without its loops.
            return _DEFAULT_TAGS[kind]

    _DEFAULT_TAGS = {yaml.ScalarNode: _STR, yaml.SequenceNode: "tag:yaml.org,2002:seq",
                     yaml.MappingNode: "tag:yaml.org,2002:map"}


def quick_mapping(text: str, pieces: Pieces | None = None) -> dict[str, Any] | None:
    """The mapping `text` holds, as `source.parse_source` would build it; None when unsure.
    `pieces` (kept between calls) reuses the pieces of text read before."""
    if _Base is None or text.lstrip().startswith("%") or (_may_tag(text) and _TAG_OR_ANCHOR.search(text)):
        return None
    if pieces is not None:
        found = pieces.mapping(text)
        if found is not None:
            return found
    root = _compose(text)
    return root if isinstance(root, dict) else None


class _Fail:
    """Marks a text the fast reader does not vouch for."""


_FAIL = _Fail()


def _compose(text: str) -> Any:
    """The value of the YAML node `text` holds, or _FAIL."""
    try:
        root = yaml.compose(text, Loader=_Loader)
        return _FAIL if root is None else _value(root)
    except (yaml.YAMLError, _Unsure):
        return _FAIL


# Where a cut between pieces could fall inside one node: a line break YAML 1.1 knows and 1.2 does
# not, or a byte order mark within the text.
_UNCUTTABLE = ("\r", "\x85", "\u2028", "\u2029", "\ufeff")
# These run on "\n" + text: a match at i is the line that starts at text[i] (a literal newline
# first lets the regex engine skip from line to line).
_TAB_INDENT = re.compile(r"\n *\t")
_ENTRY = re.compile(r"\n[^\s#?:,\[\]{}&*!|>%@`'\".-]")
"""A line at column 0 that starts an entry of the top-level mapping: a plain key."""
_NOT_AN_ENTRY = re.compile(r"\n(?:[?:,\[\]{}&*!|>%@`'\".]|-(?![ \n]|\Z))")
"""A line at column 0 that a cut cannot come before: a document marker, a flow collection, a
block scalar, an explicit or a quoted key (its scalar may run over lines)."""
_CONTENT = re.compile(r"\n( *)[^ \n#]")
"""A line with more than spaces and a comment; group 1 is its indent."""
_BLOCK_KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*:[ ]*\n")
"""A key whose value starts on the next line (on the text itself)."""


_ONE_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*): ([A-Za-z0-9](?:[A-Za-z0-9 ()._/+-]*[A-Za-z0-9()._/+-])?)\n")
"""A key and a plain scalar on one line, in characters that leave a plain scalar as it is written
(no indicator first, no `: ` or ` #`, no trailing space): libyaml would give back the same text."""


def _one_line(text: str) -> dict[str, Any] | None:
    """The mapping of a one-line `key: value` piece, as _compose builds it, without libyaml."""
    match = _ONE_LINE.fullmatch(text)
    if match is None:
        return None
    try:
        return {match[1]: _scalar(match[2])}
    except _Unsure:
        return None


class Pieces:
    """Values of pieces of YAML by their text, shared by every revision that holds the piece.

    Values are shared between the mappings built: never change one.
    """

    def __init__(self) -> None:
        self._values: dict[str, Any] = {}
        self._columns: dict[int, tuple[re.Pattern[str] | None, re.Pattern[str]]] = {}

    def _value(self, text: str) -> Any:
        found = self._values.get(text, self)
        if found is self:
            found = self._values[text] = _one_line(text) or _compose(text)
        return found

    def mapping(self, text: str) -> dict[str, Any] | None:
        """The mapping of a text whose top-level entries each start a line at column 0, read
        entry by entry; None when unsure. Every character of the text is in one piece read."""
        if any(c in text for c in _UNCUTTABLE):
            return None
        lined = "\n" + text
        if ("\t" in text and _TAB_INDENT.search(lined)) or _NOT_AN_ENTRY.search(lined):
            return None
        keys = [m.start() for m in _ENTRY.finditer(lined)]
        if not keys or _CONTENT.search(lined, 0, keys[0] + 1):
            return None  # an indented mapping, or a sequence: its entries are not at column 0
        starts = [0, *keys[1:]]  # comments and blank lines before the first key are read with it
        result: dict[str, Any] = {}
        for start, key, end in zip(starts, keys, [*keys[1:], len(text)], strict=True):
            entry = self._entry(text, lined, start, key, end)
            if entry is None or entry[0] in result:
                return None
            result[entry[0]] = entry[1]
        return result

    def _entry(self, text: str, lined: str, start: int, key: int, end: int) -> tuple[str, Any] | None:
        key_line = _BLOCK_KEY.match(text, key)
        if key_line is not None and key_line.end() < end:
            items = self._sequence(text, lined, start, key_line.end(), end)
            if items is not None:
                return items
        mapping = self._value(text[start:end])
        if isinstance(mapping, dict) and len(mapping) == 1:
            return next(iter(mapping.items()))
        return None

    def _sequence(self, text: str, lined: str, start: int, body: int, end: int) -> tuple[str, list[Any]] | None:
        """The key and items of a block sequence on the lines of text[body:end], each item read
        alone (the key with the lines up to the first item); None when those are not one."""
        first = _CONTENT.search(lined, body, end + 1)
        if first is None:
            return None
        column = len(first.group(1))
        less, at_column = self._patterns(column)
        if less is not None and less.search(lined, body, end + 1):
            return None
        starts = []
        for line in at_column.finditer(lined, body, end + 1):
            dash = line.start() + column
            if not (text.startswith(("- ", "-\n"), dash) or (dash + 1 == len(text) == end and text[dash] == "-")):
                return None  # a mapping, or not a block node
            starts.append(line.start())
        key = self._value(text[start:starts[0]])
        if not isinstance(key, dict) or len(key) != 1 or None not in key.values():
            return None
        items = []
        for item, after in zip(starts, [*starts[1:], end], strict=True):
            value = self._value(text[item:after])
            if not isinstance(value, list) or len(value) != 1:
                return None
            items.append(value[0])
        return next(iter(key)), items

    def _patterns(self, column: int) -> tuple[re.Pattern[str] | None, re.Pattern[str]]:
        """For a sequence at `column`: a content line indented less, and one at the column."""
        found = self._columns.get(column)
        if found is None:
            less = re.compile(rf"\n {{0,{column - 1}}}[^ \n#]") if column else None
            found = self._columns[column] = (less, re.compile(rf"\n {{{column}}}[^ \n#]"))
        return found


def _value(node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return _mapping(node)
    if isinstance(node, yaml.SequenceNode):
        return [_value(item) for item in node.value]
    if node.tag != _STR:
        raise _Unsure
    return _scalar(node.value) if not node.style else node.value  # plain: "" from libyaml, None from Python


def _mapping(node: yaml.MappingNode) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR:
            raise _Unsure
        key = key_node.value
        if key in result or key == "<<":
            raise _Unsure
        result[key] = _value(value_node)
    return result


def _scalar(text: str) -> Any:
    if text in _NULL:
        return None
    if text == "true":
        return True
    if text == "false":
        return False
    match = _DATE.match(text)
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError as err:
            raise _Unsure from err
    if _DOUBTFUL.match(text):
        raise _Unsure
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    return text
