"""The scope-change log read from git (SPEC §7): per-entry history in the handbook's terms, the
changes page and its feed, `opsbook diff`, and the facts calendars take from history."""

from __future__ import annotations

from .changes import Change
from .compare import Comparison, compare
from .feed import FEED_PATH, atom_feed
from .git import Commit, GitError
from .log import read_history
from .markdown import comparison_markdown
from .records import CalendarFacts, EventFacts, History, Revision, Scope
from .revisions import RevisionCache

__all__ = [
    "FEED_PATH",
    "CalendarFacts",
    "Change",
    "Commit",
    "Comparison",
    "EventFacts",
    "GitError",
    "History",
    "Revision",
    "RevisionCache",
    "Scope",
    "atom_feed",
    "compare",
    "comparison_markdown",
    "read_history",
]
