"""The small pieces of page HTML that repeat thousands of times on a large handbook's pages.

A person's name as a link, a date, a link to an entry, RACI letters: a Jinja macro call costs
more than the markup it makes, and a role's page holds a few thousand of them. These are made
here once per page and value, and the templates (`_macros.html`, `_raci.html`) bind their macro
names to them, so a template that a user overrides can still replace them with macros. The
rows of the long tables are made here too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Any

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape

from ..core.plan import TaskState

_DONE, _PAST_DUE = TaskState.DONE, TaskState.PAST_DUE

#: A row made on a page: the object it was made from, what else it shows, and its HTML.
KeptRow = tuple[Any, Any, str]


@lru_cache(maxsize=4096)
def day(d: dt.date) -> Markup:
    """A date as people read it, with its machine-readable form."""
    return Markup('<time datetime="{}">{}</time>').format(d.isoformat(), d.strftime("%a %-d %b %Y"))


class PageMarkup:
    """The repeated pieces of one page: its links are relative to that page."""

    def __init__(self, link: Callable[[str], str], people_ref: Callable[[str], Any],
                 entry_url: Callable[[Any], str], meanings: Mapping[str, str],
                 kept_rows: Mapping[tuple[int, str], KeptRow] | None = None) -> None:
        self._link = link
        self._people_ref = people_ref
        self._entry_url = entry_url
        self._names = {letter: meaning.split(":")[0] for letter, meaning in meanings.items()}
        self._who: dict[str, Markup] = {}
        self._letters: dict[str, Markup] = {}
        self._entries: dict[int, tuple[Any, Markup]] = {}
        self._counts: dict[Any, Markup] = {}
        self.day = day
        #: The rows of each table body made here, in the page's order: search reads the page
        #: around them and each row on its own (searchcopy.py).
        self.runs: list[list[str]] = []
        #: The rows made on this page, by the object each was made from (a duty group, a project
        #: duty, a workflow) and kind of row: under serve, the next build of the page takes the
        #: rows of the very same objects from here (`kept_rows`) instead of making them again.
        self.made_rows: dict[tuple[int, str], KeptRow] = {}
        self._kept_rows = kept_rows or {}

    def who(self, who: str) -> Markup:
        """A person or role by name, linked to their page when they have one."""
        found = self._who.get(who)
        if found is None:
            ref = self._people_ref(who)
            if ref.url:
                found = Markup('<a class="opsbook-who opsbook-who--{}" href="{}">{}</a>').format(
                    ref.kind, self._link(ref.url), ref.name)
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

    # The rows of the long tables (people's and roles' pages, the RACI page, the hub), which run
    # to thousands on a large handbook: what the loops in `_holdings.html`, `_project_tasks.html`,
    # `raci.html` and `hub.html` make, made here. The templates run their own loops instead when
    # `_macros.html` or `_raci.html` is overridden. Under `mkdocs serve` a page is put together
    # from the rows of its last version that were made from the very same objects.

    def duty_rows(self, groups: Iterable[Any], show_via: bool) -> Markup:
        """One row per workflow or procedure someone holds tasks or steps in (holdings.DutyGroup)."""
        def make(g: Any) -> str:
            cells = "".join(f'<td data-letter="{letter}">' + "; ".join(f"<span>{escape(t)}</span>" for t in g.titles[letter])
                            + "</td>" for letter in self._names)
            via = f"<td>{self.who_list(g.via)}</td>" if show_via else ""
            return f'<tr data-entry="{escape(g.entry.id)}"><th scope="row">{self.entry_link(g.entry)}</th>{cells}{via}</tr>\n'
        return self._rows("duty+via" if show_via else "duty", ((g, g, None) for g in groups), make)

    def task_rows(self, duties: Iterable[Any]) -> Markup:
        """One row per project task someone is responsible or accountable for (holdings.ProjectDuty)."""
        def make(d: Any) -> str:
            t = d.task
            done = f"<br><small>done {day(t.done_on)}</small>" if t.done_on else ""
            return (f'<tr class="opsbook-row--{t.state.name.lower().replace("_", "-")}"><th scope="row">'
                    f'{escape(t.task.title)}</th><td data-letters="{escape(d.letters)}">{self.letters(d.letters)}</td>'
                    f"<td>{day(t.due)}{done}</td><td>{self.entry_link(d.plan.project)}</td>"
                    f"<td>{self.who_list(d.via)}</td></tr>\n")
        return self._rows("task", ((d, d, None) for d in duties), make)

    def entry_holders(self, matrix: Any) -> Markup:
        """One row per workflow or procedure with who holds letters in it, the most loaded first
        (`raci.html` for a matrix too big for one grid). A row is kept with its workflow while
        the tallies it shows (kept with the workflow too), in the matrix's order, are equal."""
        def make(row: tuple[Any, list[tuple[str, Any]]]) -> str:
            e, held = row
            size, noun = (len(e.tasks), "tasks") if e.kind == "workflow" else (len(e.steps), "steps")
            cells = "; ".join(f'<span data-who="{escape(who)}">{self.who(who)} {self.counts(t)}</span>' for who, t in held)
            return (f'<tr data-entry="{escape(e.id)}"><th scope="row">{self.entry_link(e)}<br><small>{escape(e.kind)}, '
                    f"{size} {noun}</small></th>\n<td>{cells}</td></tr>\n")
        return self._rows("holders", ((row, row[0], tuple(row[1])) for row in matrix.by_entry()), make)

    # The hub's two longest tables (`hub.html`), each row as its loop makes it.

    def launch_rows(self, launches: Iterable[Any]) -> Markup:
        """One row per upcoming launch (hub.Launch), kept with its project's plan."""
        def make(launch: Any) -> str:
            plan = launch.plan
            done, late = plan.count(_DONE), plan.count(_PAST_DUE)
            late_cell = f"<br>{_state(_PAST_DUE)} {late}" if late else ""
            return (f"<tr {_facets(launch.facets)}><td>{day(launch.date)}<br><small>{_in_days(launch.days_to_go)}</small></td>"
                    f'<th scope="row">{self.entry_link(plan.project)}</th><td>{self.entry_link(plan.workflow)}</td>'
                    f"<td>{self.who_list(launch.owners)}</td><td>{done} of {len(plan.tasks)} tasks done{late_cell}</td></tr>\n")
        return self._rows("launch", ((launch, launch.plan, (launch.date, launch.days_to_go, launch.owners, launch.facets))
                                     for launch in launches), make)

    def catalogue_rows(self, rows: Iterable[Any]) -> Markup:
        """One row per entry of one kind in the hub's catalogue (hub.HubEntry), kept with the entry."""
        def make(r: Any) -> str:
            entry, owners = r.entry, r.owners
            more = f" <small>and {len(owners) - 3} more</small>" if len(owners) > 3 else ""
            return (f'<tr {_facets(r.facets)}><th scope="row"><a href="{escape(self._link(r.url))}">'
                    f"{escape(entry.display_title)}</a></th><td>{escape(entry.summary or '')}</td>"
                    f"<td>{self.who_list(owners[:3])}{more}</td><td>{_tags(entry.tags)}</td></tr>\n")
        return self._rows("catalogue", ((r, r.entry, (r.url, r.owners, r.facets)) for r in rows), make)

    def _rows(self, kind: str, rows: Iterable[tuple[Any, Any, Any]], make: Callable[[Any], str]) -> Markup:
        """One table body: for each (row, the object it is made from, what else it shows), the row
        last made from that very object while what else it shows is equal (`kept_rows`), or
        `make(row)`. Each is recorded for the next build (`made_rows`) and for search (`runs`)."""
        kept, made = self._kept_rows, self.made_rows
        out = []
        for row, source, shown in rows:
            found = kept.get((id(source), kind))
            html = found[2] if found is not None and found[0] is source and found[1] == shown else make(row)
            made[(id(source), kind)] = (source, shown, html)
            out.append(html)
        self.runs.append(out)
        return Markup("".join(out))

    def matrix_cells(self, matrix: Any, who: str) -> Markup:
        """One row of the RACI matrix's cells (raci.html): each workflow's or procedure's count of
        tasks or steps `who` holds, by letter."""
        return Markup("".join(f'<td data-entry="{escape(e.id)}">{self.counts(matrix.cell(who, e))}</td>'
                              for e in matrix.columns))

    def counts(self, tally: Any) -> Markup:
        """A tally's letters with how many of each (`_raci.html`'s `counts`)."""
        found = self._counts.get(tally)
        if found is None:
            found = self._counts[tally] = Markup(
                '<span class="opsbook-counts">' + "".join(
                    f'<span class="opsbook-count"><span class="opsbook-count__n">{n}</span>{self.letters(letter)}</span>'
                    for letter, n in tally.counts()) + "</span>")
        return found

    def letters(self, text: str) -> Markup:
        """RACI letters, each titled with what it stands for (the legend says what that means)."""
        found = self._letters.get(text)
        if found is None:
            found = Markup("").join(
                Markup('<abbr class="opsbook-letter opsbook-letter--{}" title="{}">{}</abbr>').format(
                    letter.lower(), self._names[letter], letter) for letter in text)
            self._letters[text] = found
        return found


# What hub.html's macros (row_facets, in_days) and _macros.html's (state, tag_list) make.

def _facets(f: Any) -> str:
    tags = htmlsafe_json_dumps(list(f.tags), sort_keys=True)
    return (f'data-hub-row data-kind="{escape(f.kind)}" data-owners="{" ".join(str(escape(o)) for o in f.owners)}" '
            f"data-tags='{tags}'")


def _in_days(days: int) -> str:
    """`in_days` for a launch, which is today or later."""
    return "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"


def _state(state: Any) -> str:
    return f'<span class="opsbook-state opsbook-state--{state.name.lower().replace("_", "-")}">{escape(state.value)}</span>'


def _tags(tags: Iterable[str]) -> str:
    items = "".join(f'<li class="opsbook-tag">{escape(t)}</li>' for t in tags)
    return f'<ul class="opsbook-tags" aria-label="Tags">{items}</ul>' if items else ""
