"""Each page's HTML kept by a digest of everything its template is given, for a front end that
builds again in the same process (`mkdocs serve`).

The digest is of the page's context itself (`context.context_for`: the entries, plans, duties
and revisions it holds, walked field by field down to the last date and string), the page, the
templates and the site's settings, not of a hand-written list of what a page "depends on". A
page whose digest is what it was last build shows what it showed then. A value of a type this
module does not know makes the page uncacheable (it is rendered every time) rather than risk a
stale page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel

from ..views.site import PageSpec
from .context import Site, context_for, helpers
from .renderer import Renderer

#: Plain values whose repr is the whole of what they hold.
_LEAVES = (str, int, float, bool, bytes, dt.date, dt.datetime, dt.time, dt.timedelta, type(None))
#: Dataclasses of this many fields or fewer (a duty, a holding), made afresh for each page, are fed
#: into the digest of what holds them; models and larger ones, which pages share, are digested once.
_INLINE_FIELDS = 4


class Uncacheable(Exception):
    """The context holds a value whose content the walker cannot vouch for."""


class Digester:
    """Digests of values. A model's or dataclass's digest is worked out once per Digester, which
    lives for one build: the objects it remembers are held as long as it is, so no id is reused.
    (Held in one list, by id in a dict of digests: no object of the garbage collector's per value.)"""

    def __init__(self) -> None:
        self._held: list[Any] = []
        self._memo: dict[int, bytes] = {}
        self._fields: dict[type, tuple[bytes, tuple[str, ...], bool]] = {}

    def digest(self, value: Any) -> bytes:
        h = hashlib.blake2b(digest_size=20)
        self._feed(h, value)
        return h.digest()

    def _feed(self, h: Any, value: Any) -> None:
        t = type(value)
        if t is str:
            data = value.encode("utf-8", "surrogatepass")
            h.update(b"s%d:" % len(data))
            h.update(data)
            return
        if t is tuple or t is list:
            h.update(b"%s[%d\0" % (t.__name__.encode(), len(value)))
            for item in value:
                self._feed(h, item)
            h.update(b"]")
            return
        kind = self._fields.get(t)
        if kind is not None:
            if kind[2]:  # small: fed into what holds it
                h.update(kind[0])
                for name in kind[1]:
                    self._feed(h, getattr(value, name))
            else:
                known = self._memo.get(id(value))
                h.update(known if known is not None else self._object(value, kind))
        elif isinstance(value, (*_LEAVES, enum.Enum)):
            h.update(f"{t.__name__}:{value!r}\0".encode())
        elif isinstance(value, type):
            h.update(f"type:{value.__module__}.{value.__qualname__}\0".encode())
        elif isinstance(value, list | tuple):
            h.update(f"{t.__name__}[{len(value)}\0".encode())
            for item in value:
                self._feed(h, item)
            h.update(b"]")
        elif isinstance(value, dict | MappingProxyType):
            h.update(f"dict{{{len(value)}\0".encode())
            for key, item in value.items():
                self._feed(h, key)
                self._feed(h, item)
            h.update(b"}")
        elif isinstance(value, set | frozenset):
            h.update(f"set{{{len(value)}\0".encode())
            for part in sorted(self.digest(item) for item in value):
                h.update(part)
            h.update(b"}")
        else:
            self._fields[t] = self._kind(t)
            self._feed(h, value)

    def _kind(self, cls: type) -> tuple[bytes, tuple[str, ...], bool]:
        """A model's or dataclass's header, field names, and whether it is small enough (a few
        fields, not a model) to be fed into what holds it rather than digested once by itself."""
        if issubclass(cls, BaseModel):
            names = tuple(cls.model_fields)
        elif dataclasses.is_dataclass(cls):
            names = tuple(f.name for f in dataclasses.fields(cls))
        else:
            raise Uncacheable(f"{cls.__module__}.{cls.__qualname__}")
        header = f"{cls.__module__}.{cls.__qualname__}({','.join(names)})\0".encode()
        return header, names, not issubclass(cls, BaseModel) and len(names) <= _INLINE_FIELDS

    def _object(self, value: Any, kind: tuple[bytes, tuple[str, ...], bool]) -> bytes:
        """A model's or larger dataclass's digest: its type and every one of its fields."""
        h = hashlib.blake2b(digest_size=20)
        h.update(kind[0])
        for name in kind[1]:
            self._feed(h, getattr(value, name))
        found = h.digest()
        self._held.append(value)
        self._memo[id(value)] = found
        return found


class PageCache:
    """The HTML of each page of the last build, with the digest it was made from."""

    def __init__(self) -> None:
        self._last: dict[str, tuple[bytes, str]] = {}
        self._this: dict[str, tuple[bytes, str]] = {}
        self._digester = Digester()
        self._shared: tuple[Site, bytes] | None = None
        self.uncacheable: list[str] = []
        """Pages of the current build that could not be digested, with why."""

    def begin(self) -> None:
        """A new build: its pages are compared with the last build's; older ones are let go."""
        self._last, self._this = self._this or self._last, {}
        self._digester = Digester()
        self._shared = None
        self.uncacheable = []

    def render(self, renderer: Renderer, page: PageSpec, site: Site) -> str:
        """`renderer.html` of the page, or last build's HTML of the page when all it is given is the same."""
        data = context_for(page, site)
        if self._shared is None or self._shared[0] is not site:
            # What every page is given beyond its context: the templates and the site's settings.
            self._shared = (
                site,
                self._digester.digest((renderer.templates, site.site_url, site.repo_url, sorted(site.published))),
            )
        try:
            key = self._digester.digest(
                (self._shared[1], page.src, page.template, page.title, page.tags, page.source, page.in_nav, data)
            )
        except Uncacheable as err:
            self.uncacheable.append(f"{page.src}: {err}")
            return renderer.html(page, data, helpers(page, site))
        kept = self._last.get(page.src)
        html = kept[1] if kept is not None and kept[0] == key else renderer.html(page, data, helpers(page, site))
        self._this[page.src] = (key, html)
        return html


__all__ = ["Digester", "PageCache", "Uncacheable"]
