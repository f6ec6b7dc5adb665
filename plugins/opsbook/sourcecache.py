"""Parsed handbook files kept across `mkdocs serve` rebuilds, by path and bytes.

A rebuild reads every file again (reading is cheap) but parses only those whose bytes changed.
What is kept is safe to hand out again: nothing downstream changes a SourceFile's data (the
loader copies it before moving keys, salvage deep-copies it, the models are frozen).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

from .carried import Carried
from .errors import Problem
from .source import MARKDOWN_SUFFIXES, SourceFile, refuse_size, source_from_bytes

#: What validating one file gave: its entry, the part of a broken one that could be read, and
#: the problems of the file alone.
Validated = tuple[Any, Any, tuple[Problem, ...]]


class SourceCache:
    """Each file's parse (its SourceFile, or None, and its problems) by path, with its bytes; and
    what validating that parse gave, so that an unchanged file is the same entry object in every
    build (which lets later stages recognise it)."""

    def __init__(self) -> None:
        self._files: Carried[str, tuple[bytes, SourceFile | None, list[Problem]]] = Carried()
        self._validated: Carried[str, tuple[SourceFile, Hashable, Validated]] = Carried()
        self.parsed = 0
        self.reused = 0

    def begin(self) -> None:
        """A new load: files not read by the last one are let go."""
        self._files.begin()
        self._validated.begin()
        self.parsed = self.reused = 0

    def validated(self, source: SourceFile, key: Hashable, validate: Callable[[], Validated]) -> Validated:
        """`validate()`'s result for this very SourceFile (a kept parse) and `key` (what else
        validation read: the kind, a project's anchor), worked out again for anything else."""
        kept = self._validated.get(source.path, lambda k: k[0] is source and k[1] == key)
        if kept is None:
            kept = self._validated.put(source.path, (source, key, validate()))
        return kept[2]

    def read(self, root: Path, file: Path) -> tuple[SourceFile | None, list[Problem]]:
        """As `read_source`, parsing only a file whose bytes are not those of its last parse."""
        rel = file.relative_to(root).as_posix()
        refused = refuse_size(rel, file)
        if refused is not None:
            return None, [refused]
        data = file.read_bytes()
        kept = self._files.get(rel, lambda k: k[0] == data)
        if kept is not None:
            self.reused += 1
        else:
            source, problems = source_from_bytes(rel, data, markdown=file.suffix in MARKDOWN_SUFFIXES)
            kept = self._files.put(rel, (data, source, problems))
            self.parsed += 1
        return kept[1], list(kept[2])


__all__ = ["SourceCache"]
