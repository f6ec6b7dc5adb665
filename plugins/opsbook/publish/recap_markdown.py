"""A week's recap as Markdown to paste into an email or a chat (`opsbook recap`). Playbook text is
escaped as in `opsbook diff`'s comments: it arrives by pull request and must not turn into
links, mentions or HTML where it is pasted."""

from __future__ import annotations

import datetime as dt

from ..history.markdown import escape
from ..views.recap import RecapTask, Week


def recap_markdown(week: Week, site_url: str | None = None, *, linked: bool = True) -> str:
    """The recap; with the site's address, titles link to their pages (the week's own title only
    when `linked`: the site has a page for it)."""
    base = site_url.rstrip("/") + "/" if site_url else None

    def link(text: str, url: str | None) -> str:
        return f"[{escape(text)}]({base}{url})" if base and url is not None else escape(text)

    lines = [f"## {link(week.title, week.url if linked else None)} ({week.span})", ""]
    summary = week.summary
    if summary:
        lines += [f"**{summary}**", ""]
    if week.empty:
        lines += ["Nothing was done, fell due or changed this week.", ""]

    def tasks(heading: str, rows: tuple[RecapTask, ...], when: str) -> None:
        if not rows:
            return
        lines.extend([f"### {heading} ({len(rows)})", ""])
        for t in rows:
            who = f" — {escape(', '.join(t.names))}" if t.names else ""
            lines.append(f"- {_day(_when(t, when))}: {link(t.title, t.url)}, {escape(t.project)}{who}{_state(t, when)}")
        lines.append("")

    tasks("Done", week.done, "done")
    tasks("Became past due", week.past_due, "late")
    tasks("Due next week", week.due_next, "due")
    if week.scope:
        lines.extend([f"### Scope changes ({len(week.scope)} commit{'s' if len(week.scope) != 1 else ''})", ""])
        for commit in week.scope:
            lines.append(f"- {_day(commit.date.date())}, {escape(commit.author)}: {escape(commit.subject)}")
            for entry in commit.entries:
                kind = f"{entry.kind.capitalize()}: " if entry.kind else ""
                lines.append(f"  - {kind}{link(entry.title, entry.url)}")
                lines.extend(f"    - {escape(str(change))}" for change in entry.changes)
        lines.append("")
    if week.notes:
        lines.extend([f"### Notes and decisions ({len(week.notes)})", ""])
        for note in week.notes:
            what = "Decision: " if note.decision and not note.titled_decision else ""
            about = f" ({escape(note.project)})" if note.project else ""
            lines.append(f"- {_day(note.date)}: {what}{link(note.title, note.url)}{about}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _when(task: RecapTask, when: str) -> dt.date:
    if when == "done" and task.done_on is not None:
        return task.done_on
    if when == "late":
        return task.late_on
    return task.due


def _state(task: RecapTask, when: str) -> str:
    if when == "late":
        if task.done_on is not None:
            return f" (due {_day(task.due)}, done {_day(task.done_on)})"
        return f" (due {_day(task.due)}, still open)" if not task.done else f" (due {_day(task.due)}, done)"
    if when == "due" and task.done:
        return " (done)"
    if when == "done" and task.done_on is not None and task.done_on > task.due:
        late = (task.done_on - task.due).days
        return f" ({late} day{'s' if late != 1 else ''} late)"
    return ""


def _day(day: dt.date) -> str:
    return day.strftime("%a %-d %b")


__all__ = ["recap_markdown"]
