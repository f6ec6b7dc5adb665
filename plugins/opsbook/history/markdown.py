"""A comparison as Markdown for a pull-request comment. Playbook text and paths are escaped:
they arrive by pull request and must not turn into links, mentions or HTML in the comment."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..core.text import one_line
from .changes import Change
from .compare import Comparison

# Escaped text never starts a line (line breaks are written as \n), so only what acts mid-line is
# escaped: emphasis, code, links and images (through their brackets), HTML, table pipes and
# strikethrough. Dates and ids keep their hyphens, so the summary also reads well as plain text.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
# GitHub finds mentions (@user, @org/team) and references (#12) in the rendered text, after a
# backslash is gone: a zero-width space after the sign is what keeps one from notifying anybody.
_REFERENCE = re.compile(r"([@#])(?=\w)")
_TICKS = re.compile(r"`+")


def escape(text: str) -> str:
    """Text shown literally in GitHub-flavoured Markdown."""
    return _REFERENCE.sub("\\1\u200b", _SPECIAL.sub(r"\\\1", one_line(text)))


def code(text: str) -> str:
    """Text shown literally as inline code: GitHub renders no link or mention inside one, and no
    backtick in the text can close it (CommonMark §6.1: the fence is longer than any run inside)."""
    text = one_line(text)
    fence = "`" * (max((len(run) for run in _TICKS.findall(text)), default=0) + 1)
    pad = " " if text[:1] in ("`", " ") or text[-1:] in ("`", " ") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def change_line(change: Change) -> str:
    what = escape(change.what)
    if change.old is not None and change.new is not None:
        return f"- {what}: {escape(change.old)} → **{escape(change.new)}**"
    if change.new is not None:
        return f"- {what}: **{escape(change.new)}**"
    if change.old is not None:
        return f"- {what}: ~~{escape(change.old)}~~"
    return f"- {what}"


def comparison_markdown(comparison: Comparison, name_of: Callable[[str], str] | None = None) -> str:
    """The comparison for a pull-request comment; with `name_of`, people and roles by name."""
    head = f"`{comparison.head[:7]}`" if comparison.head else "the working tree"
    lines = [f"## Handbook scope changes: `{comparison.base[:7]}` → {head}", ""]
    if not comparison.revisions:
        lines.append("No handbook entries changed.")
        return "\n".join(lines) + "\n"
    count = len(comparison.revisions)
    lines += [f"{count} entr{'ies' if count != 1 else 'y'} changed.", ""]
    for rev in comparison.revisions:
        kind = (rev.kind or "file").capitalize()
        lines.append(f"### {kind}: {escape(rev.title)} ({code(rev.path)})")
        lines.append("")
        lines.extend(change_line(c.named(name_of) if name_of else c) for c in rev.changes)
        if not rev.changes:
            lines.append("- Wording or layout only: nothing in the handbook's terms changed")
        lines.append("")
    return "\n".join(lines)
