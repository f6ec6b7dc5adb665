"""Parsed handbook files kept across `mkdocs serve` rebuilds, by path and bytes.

A rebuild reads every file again (reading is cheap) but parses only those whose bytes changed.
What is kept is safe to hand out again: nothing downstream changes a SourceFile's data (the
loader copies it before moving keys, salvage deep-copies it, the models are frozen).
"""

from __future__ import annotations

from pathlib import Path

from .errors import Problem
from .source import MARKDOWN_SUFFIXES, SourceFile, refuse_size, source_from_bytes


class SourceCache:
    """Each file's parse (its SourceFile, or None, and its problems) by path, with its bytes."""

    def __init__(self) -> None:
        self._files: dict[str, tuple[bytes, SourceFile | None, list[Problem]]] = {}
        self._seen: dict[str, tuple[bytes, SourceFile | None, list[Problem]]] = {}
        self.parsed = 0
        self.reused = 0

    def begin(self) -> None:
        """A new load: files not read by the last one are let go."""
        if self._seen:
            self._files = self._seen
        self._seen = {}
        self.parsed = self.reused = 0

    def read(self, root: Path, file: Path) -> tuple[SourceFile | None, list[Problem]]:
        """As `read_source`, parsing only a file whose bytes are not those of its last parse."""
        rel = file.relative_to(root).as_posix()
        refused = refuse_size(rel, file)
        if refused is not None:
            return None, [refused]
        data = file.read_bytes()
        kept = self._files.get(rel)
        if kept is not None and kept[0] == data:
            self.reused += 1
        else:
            source, problems = source_from_bytes(rel, data, markdown=file.suffix in MARKDOWN_SUFFIXES)
            kept = (data, source, problems)
            self.parsed += 1
        self._seen[rel] = kept
        return kept[1], list(kept[2])


__all__ = ["SourceCache"]
