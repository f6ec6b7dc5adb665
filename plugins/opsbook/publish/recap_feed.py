"""The weekly recaps as an Atom feed (RFC 4287), one entry per week, newest first, for feed
readers and chat integrations. Written the way the change log's feed is (history/feed.py)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
import zoneinfo
from collections.abc import Sequence

from markupsafe import Markup, escape

from ..history.atom import ATOM, EPOCH, FeedLinks, entry_head, feed_head
from ..views.recap import RecapTask, Week

RECAP_FEED_PATH = "recaps/feed.xml"


def recap_feed(
    weeks: Sequence[Week], *, title: str, site_url: str | None, today: dt.date, timezone: str = "UTC"
) -> bytes:
    """The feed's bytes. A past week's entry is updated at the end of its Sunday; the current
    week's at the start of `today`, so the same day builds the same feed."""
    links = FeedLinks(RECAP_FEED_PATH, site_url)
    tz = zoneinfo.ZoneInfo(timezone)
    stamps = [_updated(week, today, tz) for week in weeks]
    newest = max(stamps, default=EPOCH)
    feed = feed_head(links, title=f"{title}: weekly recaps", name="recaps", updated=newest)
    for week, stamp in zip(weeks, stamps, strict=True):
        entry = entry_head(
            feed,
            title=f"{week.title} ({week.span})",
            entry_id=f"urn:opsbook:recap:{week.key}",
            updated=stamp,
            author=title,
            link=links.href(week.url),
        )
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = week.summary or "A quiet week: nothing changed."
        ET.SubElement(entry, f"{{{ATOM}}}content", type="html").text = str(_html(week, links.base))
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _updated(week: Week, today: dt.date, tz: dt.tzinfo) -> dt.datetime:
    day = today if week.current else week.end + dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(), tzinfo=tz)


def _html(week: Week, base: str) -> Markup:
    def link(text: str, url: str | None) -> Markup:
        return Markup('<a href="{}">{}</a>').format(base + url, text) if base and url is not None else escape(text)

    def tasks(heading: str, rows: tuple[RecapTask, ...]) -> Markup:
        if not rows:
            return Markup("")
        items = Markup("").join(
            Markup("<li>{}: {}, {}{}</li>").format(
                t.due.isoformat(), link(t.title, t.url), t.project, f" — {', '.join(t.names)}" if t.names else ""
            )
            for t in rows
        )
        return Markup("<h3>{} ({})</h3><ul>{}</ul>").format(heading, len(rows), items)

    parts = [tasks("Done", week.done), tasks("Became past due", week.past_due), tasks("Due next week", week.due_next)]
    if week.scope:
        commits = Markup("").join(
            Markup("<li>{}, {}: {}<ul>{}</ul></li>").format(
                commit.date.date().isoformat(),
                commit.author,
                commit.subject,
                Markup("").join(
                    Markup("<li>{}<ul>{}</ul></li>").format(
                        link(e.title, e.url), Markup("").join(Markup("<li>{}</li>").format(str(c)) for c in e.changes)
                    )
                    for e in commit.entries
                ),
            )
            for commit in week.scope
        )
        parts.append(Markup("<h3>Scope changes</h3><ul>{}</ul>").format(commits))
    if week.notes:
        notes = Markup("").join(
            Markup("<li>{}: {}{}</li>").format(
                n.date.isoformat(), "Decision: " if n.decision and not n.titled_decision else "", link(n.title, n.url)
            )
            for n in week.notes
        )
        parts.append(Markup("<h3>Notes and decisions</h3><ul>{}</ul>").format(notes))
    return Markup("").join(parts) or Markup("<p>Nothing was done, fell due or changed this week.</p>")


__all__ = ["RECAP_FEED_PATH", "recap_feed"]
