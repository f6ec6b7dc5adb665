"""Errors and the problems found in a handbook."""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable
from dataclasses import dataclass

from .text import one_line


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    """Worth knowing where it is written; never a failure, even with --strict."""


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file, at the line and column (both 1-based) of the offending text.

    The message is one line whatever it quotes: a key holding a line break, printed as it is,
    would start a line of its own, which CI reads as a workflow command (`::warning ...`).
    """

    path: str
    line: int
    column: int
    severity: Severity
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", one_line(self.message))

    def __str__(self) -> str:
        return f"{one_line(self.path)}:{self.line}:{self.column}: {self.severity.value}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "message": self.message,
        }


class OpsbookError(Exception):
    """Base class of every error opsbook raises."""


class ContentError(OpsbookError):
    """The handbook has errors; carries every problem found, errors and warnings alike."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(problems))
        errors = [p for p in self.problems if p.severity is Severity.ERROR]
        count = len(errors)
        lines = "\n".join(str(p) for p in errors)
        super().__init__(f"{count} error{'s' if count != 1 else ''} in the handbook:\n{lines}")


class ConfigError(OpsbookError):
    """A setting of opsbook itself (not of the handbook's content) is wrong."""


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A ' (did you mean 'x'?)' suffix when a candidate is close to `word`, else ''."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.7)
    return f" (did you mean '{close[0]}'?)" if close else ""
