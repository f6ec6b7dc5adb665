"""Reading one handbook file into plain data, keeping the position of every key and value.

The handbook is read as YAML 1.2's core schema, the way people write it (`true`/`True` are
booleans, `yes` and `on` are words, `10:00` is a string: see `scalars`). ruamel.yaml composes
the node tree (`fullyaml`); the values are built here rather than by ruamel's constructors so
that every duplicate key, anchor, alias, unknown tag and impossible date in a file is reported
at once, each at its own line and column.

ruamel is pure Python and slow, so a file is first composed by libyaml (`fastyaml`), which
declines wherever the two could read it differently. One builder turns either node tree into
data and positions; a file with any problem at all is read again with ruamel, so that every
problem is still found, worded and placed by ruamel's reading.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias

from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode
from ruamel.yaml.reader import ReaderError

from . import fastyaml, fullyaml
from .errors import Problem, Severity
from .scalars import SCALAR_TYPES, TAG, TIMESTAMP

#: Files larger than this are refused before parsing: a playbook is a page of text.
MAX_FILE_BYTES = 1024 * 1024

YAML_SUFFIXES = (".yml", ".yaml")
MARKDOWN_SUFFIXES = (".md",)

Loc = tuple[str | int, ...]

# A line of its own: `$` alone would not end a line that ends in CRLF (git's core.autocrlf).
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
# What a YAML escape can write but no text can hold: UTF-8 has no encoding for a UTF-16 half.
_SURROGATE = re.compile("[\ud800-\udfff]")
_NO_FRONT_MATTER = "a Markdown entry starts with YAML front matter between '---' lines"

# ruamel's node or libyaml's (fastyaml): the two share no base class, and each library sets `id`
# ("scalar", "sequence", "mapping"), a scalar's `style` and ruamel's `anchor` on its subclasses
# only, which their types do not declare on Node: the builder reads them by duck typing.
_AnyNode: TypeAlias = Any


@dataclass(frozen=True)
class Position:
    """A 1-based line and column in a file."""

    line: int
    column: int


@dataclass(frozen=True)
class SourceMap:
    """Where each key and value of a file's data stands, by its location (keys and indices)."""

    keys: dict[Loc, Position] = field(default_factory=dict)
    values: dict[Loc, Position] = field(default_factory=dict)

    def value(self, loc: Loc) -> Position:
        """The position of the value at `loc`, or of the nearest enclosing value that exists."""
        while loc not in self.values and loc:
            loc = loc[:-1]
        return self.values.get(loc, Position(1, 1))

    def key(self, loc: Loc) -> Position:
        """The position of the key at `loc` (the item itself for a list element)."""
        if loc in self.keys:
            return self.keys[loc]
        return self.value(loc)


@dataclass(frozen=True)
class SourceFile:
    """One file of the handbook: its data, where each part of it stands, and its body text."""

    path: str
    """Relative to the handbook root (the folder of mkdocs.yml), with forward slashes."""
    data: dict[str, Any]
    positions: SourceMap
    body: str | None = None
    """The Markdown after the front matter, for a Markdown file."""

    @property
    def stem(self) -> str:
        name = self.path.rsplit("/", 1)[-1]
        return name.rsplit(".", 1)[0]

    def problem(self, loc: Loc, message: str, *, at: str = "value", severity: Severity = Severity.ERROR) -> Problem:
        """A problem at the key or value found at `loc`."""
        pos = self.positions.key(loc) if at == "key" else self.positions.value(loc)
        return Problem(self.path, pos.line, pos.column, severity, message)


#: Files' last parses by path, each with the bytes it was made from (see `read_source`).
Parsed = dict[str, tuple[bytes, "SourceFile | None", tuple[Problem, ...]]]


def read_source(root: Path, file: Path, parsed: Parsed | None = None) -> tuple[SourceFile | None, list[Problem]]:
    """Read one YAML or Markdown file; return it (or None when it cannot be read) and its problems.

    With `parsed`, a file whose bytes are those of its parse there is not parsed again: a parse
    depends on nothing else, and nothing changes a SourceFile once made."""
    rel = file.relative_to(root).as_posix()
    refused = refuse_size(rel, file)
    if refused is not None:
        return None, [refused]
    data = file.read_bytes()
    if parsed is None:
        return source_from_bytes(rel, data, markdown=file.suffix in MARKDOWN_SUFFIXES)
    found = parsed.get(rel)
    if found is None or found[0] != data:
        source, problems = source_from_bytes(rel, data, markdown=file.suffix in MARKDOWN_SUFFIXES)
        found = parsed[rel] = (data, source, tuple(problems))
    return found[1], list(found[2])


def refuse_size(rel: str, file: Path) -> Problem | None:
    """The problem with a file too large to be a handbook file, before it is read."""
    size = file.stat().st_size
    if size > MAX_FILE_BYTES:
        return Problem(
            rel, 1, 1, Severity.ERROR, f"file is {size} bytes; the limit for one handbook file is {MAX_FILE_BYTES}"
        )
    return None


def source_from_bytes(rel: str, data: bytes, *, markdown: bool) -> tuple[SourceFile | None, list[Problem]]:
    """A file's bytes, as `read_source` reads them once the file is read."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return None, [Problem(rel, 1, 1, Severity.ERROR, f"file is not valid UTF-8: {err.reason}")]
    return parse_source(rel, text, markdown=markdown)


def parse_source(rel: str, text: str, *, markdown: bool, quick: bool = True) -> tuple[SourceFile | None, list[Problem]]:
    """Parse the text of one file, as `read_source` does, for a file already in memory.

    With `quick`, libyaml reads it first (`parse_quickly`); without, ruamel alone does."""
    if quick:
        source = parse_quickly(rel, text, markdown=markdown)
        if source is not None:
            return source, []
    split = _yaml_part(text, markdown)
    if split is None:
        return None, [Problem(rel, 1, 1, Severity.ERROR, _NO_FRONT_MATTER)]
    text, body, line_offset = split
    builder = _Builder(rel, line_offset)
    root = builder.compose(text)
    data = builder.data(root) if root is not None else None
    if data is None:
        return None, builder.problems
    # Duplicate keys, anchors and impossible dates still leave data worth checking, so the
    # rest of the file's problems are reported too; the loader keeps such a file off the site.
    return SourceFile(rel, data, SourceMap(builder.keys, builder.values), body), builder.problems


def parse_quickly(rel: str, text: str, *, markdown: bool) -> SourceFile | None:
    """What `parse_source` reads from a file with no problems, composed by libyaml; None when
    the file has any problem, or when libyaml could read it otherwise than ruamel."""
    split = _yaml_part(text, markdown)
    if split is None:
        return None
    text, body, line_offset = split
    root = fastyaml.compose(text, positions=True)
    if not isinstance(root, fastyaml.MappingNode):
        return None
    builder = _Builder(rel, line_offset)
    data = builder.data(root)
    if data is None or builder.problems:
        return None
    return SourceFile(rel, data, SourceMap(builder.keys, builder.values), body)


def _yaml_part(text: str, markdown: bool) -> tuple[str, str | None, int] | None:
    """The YAML of a file, the Markdown body after it and the number of lines before it."""
    if not markdown:
        return text, None, 0
    split = split_front_matter(text)
    if split is None:
        return None
    return split[0], split[1], 1


def split_front_matter(text: str) -> tuple[str, str] | None:
    """A Markdown file's front matter (as it is, for YAML reads any line ends) and its body,
    with CRLF line ends made LF as everywhere in the site."""
    first, _, rest = text.partition("\n")
    if first.rstrip() != "---":
        return None
    end = _FRONT_MATTER_END.search(rest)
    if end is None:
        return None
    return rest[: end.start()], rest[end.end() :].replace("\r\n", "\n").lstrip("\n")


class _Builder:
    """Builds plain Python values from a composed YAML node tree, recording positions.

    The tree is ruamel's or libyaml's (`fastyaml`): the same code reads both, so libyaml's
    reading of a file is exactly ruamel's wherever the two trees agree."""

    def __init__(self, path: str, line_offset: int) -> None:
        self.path = path
        self.line_offset = line_offset
        self.ruamel = True
        self.problems: list[Problem] = []
        self.keys: dict[Loc, Position] = {}
        self.values: dict[Loc, Position] = {}

    def compose(self, text: str) -> MappingNode | None:
        """ruamel's node tree of `text`; None, with the problem recorded, unless it is a mapping."""
        try:
            root = fullyaml.compose(text)
        except fullyaml.TooDeep as err:
            mark = err.problem_mark
            self._error_at(mark.line, mark.column, f"{err.problem}: a handbook entry nests a few levels")
            return None
        except MarkedYAMLError as err:
            mark = err.problem_mark or err.context_mark
            line, column = (mark.line, mark.column) if mark is not None else (0, 0)
            message = err.problem or err.context or "invalid YAML"
            self._error_at(line, column, f"YAML syntax: {message}")
            return None
        except ReaderError as err:  # a character YAML does not allow, e.g. a control character
            before = text[: err.position]
            line, column = before.count("\n"), err.position - (before.rfind("\n") + 1)
            self._error_at(
                line,
                column,
                f"YAML syntax: character U+{err.character:04X} is not allowed (a control character?): remove it",
            )
            return None
        if root is None or (isinstance(root, ScalarNode) and root.value == ""):
            self._error_at(0, 0, "file is empty: an entry is a YAML mapping with a 'kind' key")
            return None
        if not isinstance(root, MappingNode):
            self._error(root, "an entry is a YAML mapping of keys to values")
            return None
        return root

    def data(self, root: _AnyNode) -> dict[str, Any] | None:
        """The mapping `root` holds; None when it is not one, or holds an anchor."""
        self.ruamel = isinstance(root, Node)  # libyaml's nodes have no anchor: fastyaml declines any
        try:
            value = self._value(root, ())
        except _Anchored:
            return None
        return value if isinstance(value, dict) else None

    def _position(self, node: _AnyNode) -> Position:
        mark = node.start_mark
        return Position(mark.line + 1 + self.line_offset, mark.column + 1)

    def _error_at(self, line: int, column: int, message: str) -> None:
        self.problems.append(Problem(self.path, line + 1 + self.line_offset, column + 1, Severity.ERROR, message))

    def _error(self, node: _AnyNode, message: str) -> None:
        pos = self._position(node)
        self.problems.append(Problem(self.path, pos.line, pos.column, Severity.ERROR, message))

    def _refuse_anchor(self, node: _AnyNode) -> None:
        # An alias shares its anchor's node, and the walk meets an anchor before any alias to
        # it: stopping at the first anchor refuses aliases and merge keys too, before one hostile
        # file of a few lines expands into billions of values.
        if self.ruamel and node.anchor is not None:
            self._error(node, f"anchors and aliases are not allowed (found '&{node.anchor}')")
            raise _Anchored

    def _value(self, node: _AnyNode, loc: Loc) -> Any:
        self.values[loc] = self._position(node)
        self._refuse_anchor(node)
        if node.id == "mapping":
            return dict(self._items(node, loc))
        if node.id == "sequence":
            return [self._value(item, (*loc, i)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _items(self, node: _AnyNode, loc: Loc) -> Iterator[tuple[str, Any]]:
        seen: dict[str, Position] = {}
        for key_node, value_node in node.value:
            if key_node.id != "scalar":
                self._error(key_node, "a key must be a plain word, not a list or mapping")
                continue
            self._refuse_anchor(key_node)
            key = self._text(key_node)
            pos = self._position(key_node)
            if key == "<<":
                self._error(key_node, "merge keys ('<<') are not allowed")
                continue
            if key in seen:
                self._error(key_node, f"duplicate key '{key}' (first at line {seen[key].line})")
                continue
            seen[key] = pos
            where = (*loc, key)
            self.keys[where] = pos
            yield key, self._value(value_node, where)

    def _text(self, node: _AnyNode) -> str:
        """A scalar's text, with any lone UTF-16 surrogate (only a double-quoted scalar's escape
        can write one) reported and replaced, so that nothing later fails to write it as UTF-8."""
        text = str(node.value)
        if node.style == '"' and (found := _SURROGATE.search(text)):
            half = found[0]
            self._error(
                node,
                f"'\\u{ord(half):04x}' is half of a UTF-16 surrogate pair, not a character: "
                "write the character itself, or its '\\U' escape of eight digits",
            )
            text = _SURROGATE.sub("\ufffd", text)
        return text

    def _scalar(self, node: _AnyNode) -> Any:
        tag = str(node.tag)
        text = self._text(node)
        read = SCALAR_TYPES.get(tag)
        if read is None:
            if not tag.startswith(TAG):
                self._error(node, f"YAML tags are not allowed (found '{tag}')")
            else:
                self._error(node, f"YAML tag '!!{tag[len(TAG) :]}' is not allowed here")
            return text
        try:
            return read(text)
        except ValueError as err:
            if tag == TIMESTAMP:
                self._error(node, f"'{_shown(text)}' is not a real date: {err}")
            else:  # a number with an explicit tag (`!!int x`), or one of thousands of digits
                self._error(node, f"'{_shown(text)}' is not a number (quote it if it is text)")
            return text


def _shown(text: str) -> str:
    """A value as a message quotes it: a hostile one can be a megabyte long."""
    return text if len(text) <= 40 else text[:39] + "…"


class _Anchored(Exception):
    """The walk met an anchor (reported): it goes no further."""
