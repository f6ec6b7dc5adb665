"""The exit codes of every `opsbook` command: 0 done, 1 the handbook or the target refused
(nothing written), 2 a usage error (before anything is read); and the reading they share."""

from typing import TextIO

from ..core.loader import load_handbook
from ..core.model import Handbook
from ..core.settings import Settings

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def loaded(settings: Settings, err: TextIO, not_done: str) -> Handbook | None:
    """The handbook at `settings`, its problems written to `err` first; None (and "the handbook
    has errors; `not_done`") when it has errors, so the command exits EXIT_ERRORS."""
    result = load_handbook(settings)
    for problem in result.problems:
        err.write(f"{problem}\n")
    if result.errors or result.handbook is None:
        err.write(f"opsbook: the handbook has errors; {not_done}\n")
        return None
    return result.handbook
