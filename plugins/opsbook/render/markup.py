"""The small pieces of page HTML that repeat thousands of times on a large handbook's pages.

A person's name as a link, a date, a link to an entry, RACI letters: a Jinja macro call costs
more than the markup it makes, and a role's page holds a few thousand of them. These are made
here once per page and value, and the templates (`_macros.html`, `_raci.html`) bind their macro
names to them, so a template that a user overrides can still replace them with macros.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape


@lru_cache(maxsize=4096)
def day(d: dt.date) -> Markup:
    """A date as people read it, with its machine-readable form."""
    return Markup('<time datetime="{}">{}</time>').format(d.isoformat(), d.strftime("%a %-d %b %Y"))


class PageMarkup:
    """The repeated pieces of one page: its links are relative to that page."""

    def __init__(
        self,
        link: Callable[[str], str],
        people_ref: Callable[[str], Any],
        entry_url: Callable[[Any], str],
        meanings: Mapping[str, str],
    ) -> None:
        self._link = link
        self._people_ref = people_ref
        self._entry_url = entry_url
        self._names = {letter: meaning.split(":")[0] for letter, meaning in meanings.items()}
        self._who: dict[str, Markup] = {}
        self._letters: dict[str, Markup] = {}
        self._entries: dict[int, tuple[Any, Markup]] = {}
        self.day = day

    def who(self, who: str) -> Markup:
        """A person or role by name, linked to their page when they have one."""
        found = self._who.get(who)
        if found is None:
            ref = self._people_ref(who)
            if ref.url:
                found = Markup('<a class="opsbook-who opsbook-who--{}" href="{}">{}</a>').format(
                    ref.kind, self._link(ref.url), ref.name
                )
            else:
                found = Markup('<span class="opsbook-who">{}</span>').format(ref.name)
            self._who[who] = found
        return found

    def who_list(self, ids: Iterable[str]) -> Markup:
        return Markup(", ").join(self.who(i) for i in ids)

    def entry_link(self, entry: Any) -> Markup:
        """A link to an entry's page, by its title (made once per entry and page)."""
        found = self._entries.get(id(entry))
        if found is None or found[0] is not entry:
            link = Markup(f'<a href="{escape(self._link(self._entry_url(entry)))}">{escape(entry.display_title)}</a>')
            found = self._entries[id(entry)] = (entry, link)
        return found[1]

    def named(self, change: Any) -> Any:
        """A history change with people and roles by name rather than id (`Change.named`)."""
        return change.named(lambda who: self._people_ref(who).name)

    def letters(self, text: str) -> Markup:
        """RACI letters, each titled with what it stands for (the legend says what that means)."""
        found = self._letters.get(text)
        if found is None:
            found = Markup("").join(
                Markup('<abbr class="opsbook-letter opsbook-letter--{}" title="{}">{}</abbr>').format(
                    letter.lower(), self._names[letter], letter
                )
                for letter in text
            )
            self._letters[text] = found
        return found
