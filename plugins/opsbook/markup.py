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

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape

from .plan import TaskState

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

    # The rows of the two tables on the pages of people and roles, and the cells of the RACI
    # matrix, which run to thousands on a large handbook: what the loops in `_holdings.html`,
    # `_project_tasks.html` and `raci.html` make, made here. The templates run their own loops
    # instead when `_macros.html` or `_raci.html` is overridden.

    def duty_rows(self, groups: Iterable[Any], show_via: bool) -> Markup:
        """One row per workflow or procedure someone holds tasks or steps in (holdings.DutyGroup)."""
        kind = "duty+via" if show_via else "duty"
        out = []
        for g in groups:
            row = self._kept(g, kind)
            if row is None:
                cells = "".join(f'<td data-letter="{letter}">' + "; ".join(f"<span>{escape(t)}</span>" for t in g.titles[letter])
                                + "</td>" for letter in self._names)
                via = f"<td>{self.who_list(g.via)}</td>" if show_via else ""
                row = (f'<tr data-entry="{escape(g.entry.id)}"><th scope="row">{self.entry_link(g.entry)}</th>'
                       f"{cells}{via}</tr>\n")
            self.made_rows[(id(g), kind)] = (g, None, row)
            out.append(row)
        self.runs.append(out)
        return Markup("".join(out))

    def task_rows(self, duties: Iterable[Any]) -> Markup:
        """One row per project task someone is responsible or accountable for (holdings.ProjectDuty)."""
        out = []
        for d in duties:
            row = self._kept(d, "task")
            if row is None:
                t = d.task
                done = f"<br><small>done {day(t.done_on)}</small>" if t.done_on else ""
                row = (f'<tr class="opsbook-row--{t.state.name.lower().replace("_", "-")}"><th scope="row">'
                       f'{escape(t.task.title)}</th><td data-letters="{escape(d.letters)}">{self.letters(d.letters)}</td>'
                       f"<td>{day(t.due)}{done}</td><td>{self.entry_link(d.plan.project)}</td>"
                       f"<td>{self.who_list(d.via)}</td></tr>\n")
            self.made_rows[(id(d), "task")] = (d, None, row)
            out.append(row)
        self.runs.append(out)
        return Markup("".join(out))

    def entry_holders(self, matrix: Any) -> Markup:
        """One row per workflow or procedure with who holds letters in it, the most loaded first
        (`raci.html` for a matrix too big for one grid)."""
        out = []
        for e, held in matrix.by_entry():
            shown = tuple(held)  # the tallies are kept with the entry; their order is the matrix's
            row = self._kept(e, "holders", shown)
            if row is None:
                size, noun = (len(e.tasks), "tasks") if e.kind == "workflow" else (len(e.steps), "steps")
                cells = "; ".join(f'<span data-who="{escape(who)}">{self.who(who)} {self.counts(t)}</span>' for who, t in held)
                row = (f'<tr data-entry="{escape(e.id)}"><th scope="row">{self.entry_link(e)}<br><small>{escape(e.kind)}, '
                       f"{size} {noun}</small></th>\n<td>{cells}</td></tr>\n")
            self.made_rows[(id(e), "holders")] = (e, shown, row)
            out.append(row)
        self.runs.append(out)
        return Markup("".join(out))

    # The hub's two longest tables (`hub.html`), each row as its loop makes it.

    def launch_rows(self, launches: Iterable[Any]) -> Markup:
        """One row per upcoming launch (hub.Launch), kept with its project's plan."""
        out = []
        for launch in launches:
            plan = launch.plan
            shown = (launch.date, launch.days_to_go, launch.owners, launch.facets)
            row = self._kept(plan, "launch", shown)
            if row is None:
                done, late = plan.count(_DONE), plan.count(_PAST_DUE)
                late_cell = f"<br>{_state(_PAST_DUE)} {late}" if late else ""
                row = (f"<tr {_facets(launch.facets)}><td>{day(launch.date)}<br><small>{_in_days(launch.days_to_go)}</small></td>"
                       f'<th scope="row">{self.entry_link(plan.project)}</th><td>{self.entry_link(plan.workflow)}</td>'
                       f"<td>{self.who_list(launch.owners)}</td><td>{done} of {len(plan.tasks)} tasks done{late_cell}</td></tr>\n")
            self.made_rows[(id(plan), "launch")] = (plan, shown, row)
            out.append(row)
        self.runs.append(out)
        return Markup("".join(out))

    def catalogue_rows(self, rows: Iterable[Any]) -> Markup:
        """One row per entry of one kind in the hub's catalogue (hub.HubEntry), kept with the entry."""
        out = []
        for r in rows:
            entry = r.entry
            shown = (r.url, r.owners, r.facets)
            row = self._kept(entry, "catalogue", shown)
            if row is None:
                owners = r.owners
                more = f" <small>and {len(owners) - 3} more</small>" if len(owners) > 3 else ""
                row = (f'<tr {_facets(r.facets)}><th scope="row"><a href="{escape(self._link(r.url))}">'
                       f"{escape(entry.display_title)}</a></th><td>{escape(entry.summary or '')}</td>"
                       f"<td>{self.who_list(owners[:3])}{more}</td><td>{_tags(entry.tags)}</td></tr>\n")
            self.made_rows[(id(entry), "catalogue")] = (entry, shown, row)
            out.append(row)
        self.runs.append(out)
        return Markup("".join(out))

    def _kept(self, made_from: Any, kind: str, shown: Any = None) -> str | None:
        """The row last made from this very object, when what else it shows (`shown`) is equal."""
        found = self._kept_rows.get((id(made_from), kind))
        return found[2] if found is not None and found[0] is made_from and found[1] == shown else None

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
