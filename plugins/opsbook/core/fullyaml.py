"""Composing handbook YAML with ruamel.yaml, the reader of every file `fastyaml` declines.

ruamel's plain (not round-trip) pipeline composes the node tree: the handbook needs no comments,
and the round-trip scanner's comment handling fails on valid files (a comment after a key whose
value is a folded scalar on a later line raises NotImplementedError). On top of ruamel:

- every file is read as YAML 1.2, whatever `%YAML` directive it has, and its plain scalars
  are typed by the handbook's schema (`scalars.plain_tag`);
- a tab is white space between tokens on a line, as YAML 1.2 has it (`a: b<TAB>`, `a:<TAB>b`,
  a tab before a comment or within a plain scalar), which ruamel refuses in block context; a
  tab before the first token of a line is indentation, and stays an error;
- collections nested deeper than MAX_DEPTH are an error at the one too deep, before Python's
  recursion limit is near (ruamel composes recursively).
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer, ComposerError
from ruamel.yaml.error import StreamMark
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scanner import Scanner, ScannerError
from ruamel.yaml.tag import Tag

from .scalars import STR, plain_tag

MAX_DEPTH = 100
"""How deep lists and mappings may nest in one file; a handbook entry nests a few levels."""

_LINE_END = "\0\r\n\x85\u2028\u2029"
_SEQ = Tag(suffix="tag:yaml.org,2002:seq")
_MAP = Tag(suffix="tag:yaml.org,2002:map")


class TooDeep(ComposerError):
    """Collections nested deeper than MAX_DEPTH."""


class _Resolver(VersionedResolver):
    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode:
            return Tag(suffix=plain_tag(value) if implicit[0] else STR)
        return _SEQ if kind is SequenceNode else _MAP


class _Composer(Composer):
    nesting = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        if not isinstance(event, AliasEvent) and event.anchor is not None:
            # A second anchor of one name replaces the first, as in ruamel, which would also warn
            # on stderr; the handbook's reader reports any anchor as an error.
            self.anchors.pop(event.anchor, None)
        return super().compose_node(parent, index)

    def compose_sequence_node(self, anchor: Any) -> Any:
        self._descend()
        try:
            return super().compose_sequence_node(anchor)
        finally:
            self.nesting -= 1

    def compose_mapping_node(self, anchor: Any) -> Any:
        self._descend()
        try:
            return super().compose_mapping_node(anchor)
        finally:
            self.nesting -= 1

    def _descend(self) -> None:
        self.nesting += 1
        if self.nesting > MAX_DEPTH:
            raise TooDeep(
                None,
                None,
                f"lists and mappings nest more than {MAX_DEPTH} levels deep here",
                self.parser.peek_event().start_mark,
            )


class _Scanner(Scanner):
    """ruamel's scanner, taking a tab for a space wherever YAML 1.2 lets it separate tokens."""

    _line_start = -1
    _content_from = -1

    def _tab_separates(self) -> bool:
        """Whether the white space from the tab at the reader on stands between tokens: in a
        flow collection, after a token on its line, or before a comment or the line's end (a
        line with nothing to indent). Linear in the text: a line's indent is measured once."""
        if self.flow_level:
            return True
        reader = self.reader
        buffer, at = reader.buffer, reader.pointer
        line_start = at - reader.column
        if line_start != self._line_start:
            content = line_start
            while buffer[content] in " \t":
                content += 1
            self._line_start, self._content_from = line_start, content
        if self._content_from < at:
            return True
        return buffer[self._content_from] == "#" or buffer[self._content_from] in _LINE_END

    def scan_yaml_directive_value(self, start_mark: Any) -> Any:
        # Every file is read as YAML 1.2 (ruamel asserts, with a traceback, on `%YAML 1.3`).
        major, _ = super().scan_yaml_directive_value(start_mark)
        return major, 2

    def add_indent(self, column: int) -> bool:
        # A list or mapping that starts on a line after a tab (`-<TAB>- a`, `?<TAB>key: v`)
        # would be indented by the tab, which YAML does not allow.
        if self.indent < column:
            reader = self.reader
            start = reader.pointer - reader.column
            tab = reader.buffer.find("\t", start, start + column)
            if tab >= 0:
                raise ScannerError(
                    None,
                    None,
                    "a tab before a list or mapping on the same line: indent with spaces",
                    StreamMark(None, tab, reader.line, tab - start),
                )
        return super().add_indent(column)

    def scan_to_next_token(self) -> None:
        peek, forward = self.reader.peek, self.reader.forward
        if self.reader.index == 0 and peek() == "\ufeff":
            forward()
        while True:
            while peek() == " " or (peek() == "\t" and self._tab_separates()):
                forward()
            if peek() == "#":
                while peek() not in _LINE_END:
                    forward()
            if not self.scan_line_break():
                return
            if not self.flow_level:
                self.allow_simple_key = True

    def scan_plain_spaces(self, indent: Any, start_mark: Any) -> Any:
        # Tabs within a line join the words of a plain scalar as spaces do (`a<TAB>b` is the
        # text "a<TAB>b"); ruamel ends the scalar at the first tab.
        peek = self.reader.peek
        length = 0
        while peek(length) in " \t":
            length += 1
        white = self.reader.prefix(length)
        if "\t" not in white:
            return super().scan_plain_spaces(indent, start_mark)
        self.reader.forward(length)
        if peek() == "#" or peek() in _LINE_END:  # trailing white space: as after spaces
            return super().scan_plain_spaces(indent, start_mark)
        return [white]

    def scan_block_scalar_indicators(self, start_mark: Any) -> Any:
        # ruamel expects a space or a line break after `|` or `>` and their indicators; a tab
        # separates as well. Anything else is left to ruamel, and to its errors.
        peek, forward = self.reader.peek, self.reader.forward
        at = 0
        while at < 2 and peek(at) in "+-123456789":
            at += 1
        if peek(at) != "\t" or (at == 2 and (peek(0) in "+-") == (peek(1) in "+-")):
            return super().scan_block_scalar_indicators(start_mark)
        chomping = increment = None
        for _ in range(at):
            indicator = peek()
            forward()
            if indicator in "+-":
                chomping = indicator == "+"
            else:
                increment = int(indicator)
        return chomping, increment

    def scan_block_scalar_ignored_line(self, start_mark: Any) -> Any:
        peek, forward = self.reader.peek, self.reader.forward
        while peek() in " \t":
            forward()
        return super().scan_block_scalar_ignored_line(start_mark)


def compose(text: str) -> Node | None:
    """The root node of `text` (None when it holds none). Raises ruamel's MarkedYAMLError (of
    which TooDeep) or ReaderError for what cannot be read."""
    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    yaml.Resolver = _Resolver
    yaml.Scanner = _Scanner
    yaml.Composer = _Composer
    return yaml.compose(text)
