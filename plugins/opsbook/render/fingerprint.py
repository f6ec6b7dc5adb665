"""A digest of everything a page's template can read, so that `mkdocs serve` reuses a page only
when nothing it shows has changed.

The digest is taken of the page's context itself (the same data the template is given), not of
a hand-written list of the files a page "depends on": the entries, plans, duties and revisions in
the context are walked field by field, down to the last date and string. A value of a type this
module does not know makes the page uncacheable (`Uncacheable`) rather than risk a stale page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel

from ..core.carried import Carried

#: Plain values whose repr is the whole of what they hold.
_LEAVES = (str, int, float, bool, bytes, dt.date, dt.datetime, dt.time, dt.timedelta, type(None))


#: Dataclasses with this many fields or fewer (a duty, a holding) are fed into the digest of what
#: holds them; larger ones (a planned task, a plan), shared by many pages, are digested once.
_INLINE_FIELDS = 4


class Uncacheable(Exception):
    """The context holds a value whose content the walker cannot vouch for."""


class KeptDigests:
    """Digests of immutable objects (frozen models and dataclasses) kept from one build to the
    next: under `mkdocs serve`, entries read from unchanged files and the committed history are
    the same objects on every rebuild, so their digests need not be worked out again. Each object
    is held with its digest, so its id cannot be reused while it is remembered; what a build did
    not use is let go when the next one begins."""

    def __init__(self) -> None:
        self._kept: Carried[int, tuple[Any, bytes]] = Carried()
        self.hits = 0

    def begin(self) -> None:
        self._kept.begin()

    def get(self, value: Any) -> bytes | None:
        known = self._kept.get(id(value), lambda k: k[0] is value)
        if known is None:
            return None
        self.hits += 1
        return known[1]

    def put(self, value: Any, found: bytes) -> None:
        self._kept.put(id(value), (value, found))


class Digester:
    """Digests of values, each object's digest worked out once (per build: objects are not kept
    across builds, so no id is ever reused for another object while it is remembered).

    `links` maps types whose objects a page shows only as a link to the values that link is made
    of (an entry to its kind, id and title): their other fields are left out of the digest.
    """

    def __init__(self, links: Mapping[type, Callable[[Any], Any]] | None = None, *,
                 kept: KeptDigests | None = None) -> None:
        self._memo: dict[int, tuple[Any, bytes]] = {}
        self._links = dict(links or {})
        self._kept = kept
        #: By type: its header, its field names, its link (or None) and whether its digests are
        #: remembered (models, links and larger dataclasses, which pages share) or fed inline.
        self._kinds: dict[type, tuple[bytes, tuple[str, ...], Callable[[Any], Any] | None, bool]] = {}
        #: Types whose objects cannot change (frozen): their digests may be kept across builds.
        self._immutable: dict[type, bool] = {}

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
            h.update(f"{t.__name__}[{len(value)}\0".encode())
            for item in value:
                self._feed(h, item)
            h.update(b"]")
            return
        kind = self._kinds.get(t)
        if kind is not None:
            if kind[3]:
                h.update(self._object(value, kind))
            else:
                h.update(kind[0])
                for name in kind[1]:
                    self._feed(h, getattr(value, name))
            return
        if isinstance(value, (*_LEAVES, enum.Enum)):
            h.update(f"{t.__name__}:{value!r}\0".encode())
            return
        if isinstance(value, type):
            h.update(f"type:{value.__module__}.{value.__qualname__}\0".encode())
            return
        if isinstance(value, list | tuple):
            h.update(f"{t.__name__}[{len(value)}\0".encode())
            for item in value:
                self._feed(h, item)
            h.update(b"]")
            return
        if isinstance(value, dict | MappingProxyType):
            h.update(f"dict{{{len(value)}\0".encode())
            for key, item in value.items():
                self._feed(h, key)
                self._feed(h, item)
            h.update(b"}")
            return
        if isinstance(value, set | frozenset):
            h.update(f"set{{{len(value)}\0".encode())
            for part in sorted(self.digest(item) for item in value):
                h.update(part)
            h.update(b"}")
            return
        self._kinds[t] = self._kind_of(t)
        self._feed(h, value)

    def _kind_of(self, cls: type) -> tuple[bytes, tuple[str, ...], Callable[[Any], Any] | None, bool]:
        """How a model or dataclass type is digested: every one of its fields (repr=False ones too)."""
        link = next((f for base, f in self._links.items() if issubclass(cls, base)), None)
        if issubclass(cls, BaseModel):
            names = tuple(cls.model_fields)
        elif dataclasses.is_dataclass(cls):
            names = tuple(f.name for f in dataclasses.fields(cls))
        else:
            raise Uncacheable(f"{cls.__module__}.{cls.__qualname__}")
        header = f"{cls.__module__}.{cls.__qualname__}({','.join(names)})\0".encode()
        remembered = link is not None or issubclass(cls, BaseModel) or len(names) > _INLINE_FIELDS
        return header, names, link, remembered

    def _object(self, value: Any, kind: tuple[bytes, tuple[str, ...], Callable[[Any], Any] | None, bool]) -> bytes:
        known = self._memo.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        kept = self._kept.get(value) if self._kept is not None else None
        if kept is not None:
            self._memo[id(value)] = (value, kept)
            return kept
        header, names, link, _ = kind
        if link is not None:
            found = self.digest(("link", header, link(value)))
        else:
            h = hashlib.blake2b(digest_size=20)
            h.update(header)
            for name in names:
                self._feed(h, getattr(value, name))
            found = h.digest()
        self._memo[id(value)] = (value, found)
        if self._kept is not None and self._is_immutable(type(value)):
            self._kept.put(value, found)
        return found

    def _is_immutable(self, cls: type) -> bool:
        found = self._immutable.get(cls)
        if found is None:
            if issubclass(cls, BaseModel):
                found = bool(cls.model_config.get("frozen"))
            else:
                params = getattr(cls, "__dataclass_params__", None)
                found = bool(params is not None and params.frozen)
            self._immutable[cls] = found
        return found


def files_digest(folders: Iterable[Path]) -> bytes:
    """Every file under each folder, by its path and bytes (a folder that does not exist counts
    as such): a template added to, changed in or removed from an override folder changes it."""
    h = hashlib.blake2b(digest_size=20)
    for folder in folders:
        h.update(f"folder:{folder}\0".encode())
        if not folder.is_dir():
            h.update(b"absent\0")
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            data = path.read_bytes()
            h.update(f"{path.relative_to(folder).as_posix()}:{len(data)}\0".encode())
            h.update(data)
    return h.digest()


__all__ = ["Digester", "KeptDigests", "Uncacheable", "files_digest"]
