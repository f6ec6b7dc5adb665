"""A fast reader for old revisions: PyYAML's C parser with the handbook's YAML 1.2 rules.

Historic revisions are read thousands of times and need no positions (their problems are
summarised, never located), so even `source.parse_quickly`, which records where each value
stands, does more than they need. This reader takes the tree `fastyaml` composes with libyaml
(typed by the handbook's YAML 1.2 core schema, `scalars.plain_tag`) and reads each
scalar with `scalars.SCALAR_TYPES`. It vouches only for what it is sure of: where `fastyaml`
declines (tags, anchors, a YAML error, text the two parsers could read differently) and on
anything the handbook's reader reports — a duplicate or merge key, a key that is a list or a
mapping, a type it does not allow, an impossible date or number — it returns None and the
caller uses the handbook's own reader.

Most of a revision is the text of the one before it. With `Pieces` kept between calls, a file is
read piece by piece — each top-level entry, and each item of a block sequence under one — and a
piece already read is not composed again, so a revision costs what it changed. Pieces are only
cut where YAML's block structure goes by columns alone (an entry at column 0, an item's `- ` at
its sequence's column), so each reads alone as it reads in its file; on anything else (a line
that may continue a flow or quoted scalar across that cut, a document marker, a tab in an
indent) the whole text is read at once.
"""

from __future__ import annotations

import re
from typing import Any

from ..core import fastyaml
from ..core.scalars import SCALAR_TYPES

# A tag, anchor or alias starts a token: after a line start, a space or a flow indicator.
_TAG_OR_ANCHOR = re.compile(r"(?:^|[\s\[{,])[!&*][^\s*]", re.MULTILINE)


def _may_tag(text: str) -> bool:
    """Whether `text` has a character `_TAG_OR_ANCHOR` starts with: far quicker than the regex."""
    return "!" in text or "&" in text or "*" in text


class _Unsure(Exception):
    """The fast reader cannot vouch for this text."""


def quick_mapping(text: str, pieces: Pieces | None = None) -> dict[str, Any] | None:
    """The mapping `text` holds, as `source.parse_source` would build it; None when unsure.
    `pieces` (kept between calls) reuses the pieces of text read before."""
    if not fastyaml.AVAILABLE or text.lstrip().startswith("%") or (_may_tag(text) and _TAG_OR_ANCHOR.search(text)):
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
    root = fastyaml.compose(text)
    if root is None:
        return _FAIL
    try:
        return _value(root)
    except (_Unsure, ValueError):  # ValueError: an impossible date or number
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


_PLAIN = r"[-+]?[A-Za-z0-9](?:[A-Za-z0-9 ()._/+-]*[A-Za-z0-9()._/+-])?"
"""A plain scalar in characters that leave it as it is written, in block and flow context alike:
no indicator first (a `-` or `+` only before a letter or digit), no `: `, ` #` or flow indicator,
no trailing space. libyaml gives back the same text."""
_KEY = r"[A-Za-z_][A-Za-z0-9_-]*"
_ONE_LINE = re.compile(rf"({_KEY}): ({_PLAIN})\n")
_ENTRY_LINE = re.compile(rf"({_KEY}): (?:({_PLAIN}(?:,[ ]*{_PLAIN})*)|\[[ ]*({_PLAIN}(?:[ ]*,[ ]*{_PLAIN})*)?[ ]*\])")
"""A key and, on the same line, a plain scalar (where a `,` is text: block context) or a flow
sequence of plain scalars."""
_LITERAL = re.compile(rf"({_KEY}): \|\n(( +)[^ \n][^\n]*\n(?:\3[^ \n][^\n]*\n)*)")
"""A literal block scalar, its header bare (clip chomping, no indentation indicator, no comment),
every line holding text at one indent: no blank line, no line indented more."""


def _one_line(text: str) -> dict[str, Any] | None:
    """The mapping of a one-line `key: value` piece, as _compose builds it, without libyaml."""
    match = _ONE_LINE.fullmatch(text)
    if match is None:
        return None
    try:
        return {match[1]: _scalar(match[2])}
    except _Unsure:
        return None


def _literal(text: str) -> dict[str, Any] | None:
    """The mapping of a `key: |` piece in the usual shape (see _LITERAL), as _compose builds it."""
    match = _LITERAL.fullmatch(text)
    if match is None or not match[2].replace("\n", "").isprintable():
        return None  # printable: no tab, carriage return or character that YAML readers part on
    indent = len(match[3])
    return {match[1]: "".join(line[indent:] + "\n" for line in match[2].split("\n")[:-1])}


class Pieces:
    """Values of pieces of YAML by their text, shared by every revision that holds the piece.

    Values are shared between the mappings built: never change one.
    """

    def __init__(self) -> None:
        self._values: dict[str, Any] = {}
        self._lines: dict[str, tuple[str, Any] | None] = {}
        self._columns: dict[int, tuple[re.Pattern[str] | None, re.Pattern[str]]] = {}

    def _value(self, text: str) -> Any:
        found = self._values.get(text, self)
        if found is self:
            found = _one_line(text) or self._item(text) or _literal(text)
            if found is None:
                found = _compose(text)
            self._values[text] = found
        return found

    def _item(self, text: str) -> list[dict[str, Any]] | None:
        """The value of a sequence item piece that is a mapping of `_ENTRY_LINE`s, one a line
        (`  - id: a\\n    due: -3d\\n`), as _compose builds it, without libyaml; None otherwise."""
        indent = text.find("- ")
        if indent < 0 or text[:indent].strip(" ") or not text.endswith("\n"):
            return None
        column = indent + 2
        lines = text[:-1].split("\n")
        inner = " " * column
        mapping: dict[str, Any] = {}
        for n, line in enumerate(lines):
            if n and (not line.startswith(inner) or line[column:column + 1] == " "):
                return None
            entry = self._line(line[column:])
            if entry is None or entry[0] in mapping:
                return None
            mapping[entry[0]] = entry[1]
        return [mapping]

    def _line(self, text: str) -> tuple[str, Any] | None:
        """One `_ENTRY_LINE`'s key and value, kept by text."""
        found = self._lines.get(text, self)
        if found is self:
            found = self._lines[text] = _entry_line(text)
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


def _entry_line(text: str) -> tuple[str, Any] | None:
    match = _ENTRY_LINE.fullmatch(text)
    if match is None:
        return None
    try:
        if match[3] is None and match[2] is None:
            return match[1], []
        if match[3] is None:
            return match[1], _scalar(match[2])
        return match[1], [_scalar(item.strip(" ")) for item in match[3].split(",")]
    except _Unsure:
        return None


def _value(node: fastyaml.Node) -> Any:
    if node.id == "mapping":
        return _mapping(node)
    if node.id == "sequence":
        return [_value(item) for item in node.value]
    return _typed(node.tag, node.value)


def _mapping(node: fastyaml.Node) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if key_node.id != "scalar":
            raise _Unsure
        key = key_node.value
        if key in result or key == "<<":
            raise _Unsure
        result[key] = _value(value_node)
    return result


def _typed(tag: str, text: str) -> Any:
    if tag == fastyaml.STR:
        return text
    read = SCALAR_TYPES.get(tag)
    if read is None:
        raise _Unsure
    return read(text)


def _scalar(text: str) -> Any:
    """A plain scalar's value, typed as `fastyaml` types it."""
    try:
        return _typed(fastyaml.plain_tag(text), text)
    except ValueError as err:
        raise _Unsure from err
