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
        self._checked: Carried[str, tuple[Any, Hashable, Any, tuple[Problem, ...]]] = Carried()
        self._context: Hashable = None
        self.parsed = 0
        self.reused = 0
        self.checked = 0
        """Entries checked against the rest of the handbook in the last load (not kept)."""

    def begin(self) -> None:
        """A new load: files not read by the last one are let go."""
        self._files.begin()
        self._validated.begin()
        self._checked.begin()
        self.parsed = self.reused = self.checked = 0

    def validated(self, source: SourceFile, key: Hashable, validate: Callable[[], Validated]) -> Validated:
        """`validate()`'s result for this very SourceFile (a kept parse) and `key` (what else
        validation read: the kind, a project's anchor), worked out again for anything else."""
        kept = self._validated.get(source.path, lambda k: k[0] is source and k[1] == key)
        if kept is None:
            kept = self._validated.put(source.path, (source, key, validate()))
        return kept[2]

    def checks(self, context: Hashable) -> Callable[[Any, Any, Callable[[], tuple[Problem, ...]]], tuple[Problem, ...]]:
        """What checking each entry against the rest of the handbook (checks.py) found, for this
        load. `context` is what every entry's check reads beyond the entry (the team, the ids of
        every kind, the dates): an entry's problems are last load's when the entry is the very
        same object, its context is equal and what it depends on (a project's workflow) is the
        same object."""
        if context != self._context:
            self._context = context
        context = self._context  # compared once: entries compare it by identity

        def checked(entry: Any, depends: Any, check: Callable[[], tuple[Problem, ...]]) -> tuple[Problem, ...]:
            kept = self._checked.get(entry.path, lambda k: k[0] is entry and k[1] is context and k[2] is depends)
            if kept is None:
                kept = self._checked.put(entry.path, (entry, context, depends, check()))
                self.checked += 1
            return kept[3]
        return checked

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
