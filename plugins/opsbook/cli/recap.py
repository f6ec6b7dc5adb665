"""`opsbook recap [--week 2027-W03]`: a week's recap as Markdown, to paste into an email or a chat."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from ..core.settings import Settings
from ..history import read_history
from ..publish.recap_markdown import recap_markdown
from ..views.derived import Derived
from ..views.recap import recap_of, recap_weeks
from ..views.weeks import week_key, week_start
from .exits import EXIT_ERRORS, EXIT_OK, loaded


def add_recap(commands: Any) -> None:
    recap = commands.add_parser("recap", help="a week's recap as Markdown, for an email or a chat")
    recap.add_argument("--week", type=_week, default=None, help="an ISO week, e.g. 2027-W03 (default: this week)")
    recap.add_argument("--dir", default=None, help="the handbook's folder (default: found from here)")


def recap(settings: Settings, week: str | None, site_url: str | None, out: TextIO, err: TextIO) -> int:
    """Print the recap of `week` (default: the week of the handbook's today)."""
    handbook = loaded(settings, err, "no recap printed")
    if handbook is None:
        return EXIT_ERRORS
    history = read_history(settings, handbook)
    if history.note:
        err.write(f"opsbook: info: history: {history.note}\n")
    derived, key = Derived(handbook), week or week_key(handbook.today)
    # The site's weeks (see `recap_weeks`): the week's title links to its page only when it is one.
    on_site = next(
        (w for w in recap_weeks(handbook, derived, history, handbook.today, settings.recap_weeks) if w.key == key), None
    )
    recap = on_site or recap_of(handbook, derived, history, key, handbook.today)
    out.write(recap_markdown(recap, site_url, linked=on_site is not None))
    return EXIT_OK


def _week(text: str) -> str:
    try:
        week_start(text)
    except ValueError as problem:
        raise argparse.ArgumentTypeError(str(problem)) from None
    return text
