"""A comparison as Markdown for a pull-request comment. Playbook text is escaped: it arrives
by pull request and must not turn into links, mentions of HTML in the comment."""

from __future__ import annotations

import re

from .changes import Change
from .compare import Comparison

# Escaped text never starts a line, so only what acts mid-line is escaped: emphasis, code,
# links and images (through their brackets), HTML, table pipes, strikethrough and mentions.
# Dates and ids keep their hyphens, so the summary also reads well as plain text.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~@&])")


def escape(text: str) -> str:
    """Text shown literally in GitHub-flavoured Markdown."""
    return _SPECIAL.sub(r"\\\1", text.replace("\r", " ").replace("\n", " "))


def change_line(change: Change) -> str:
    what = escape(change.what)
    if change.old is not None and change.new is not None:
        return f"- {what}: {escape(change.old)} → **{escape(change.new)}**"
    if change.new is not None:
        return f"- {what}: **{escape(change.new)}**"
    if change.old is not None:
        return f"- {what}: ~~{escape(change.old)}~~"
    return f"- {what}"


def comparison_markdown(comparison: Comparison) -> str:
    head = f"`{comparison.head[:7]}`" if comparison.head else "the working tree"
    lines = [f"## Handbook scope changes: `{comparison.base[:7]}` → {head}", ""]
    if not comparison.revisions:
        lines.append("No handbook entries changed.")
        return "\n".join(lines) + "\n"
    count = len(comparison.revisions)
    lines += [f"{count} entr{'ies' if count != 1 else 'y'} changed.", ""]
    for rev in comparison.revisions:
        kind = (rev.kind or "file").capitalize()
        lines.append(f"### {kind}: {escape(rev.title)} (`{rev.path}`)")
        lines.append("")
        lines.extend(change_line(c) for c in rev.changes)
        if not rev.changes:
            lines.append("- Wording or layout only: nothing in the handbook's terms changed")
        lines.append("")
    return "\n".join(lines)
