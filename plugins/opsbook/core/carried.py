"""What one `mkdocs serve` build may reuse from the build before it."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Carried(Generic[K, V]):
    """Values by key, carried from one build to the next. What a build looked up or put is what
    the next build may look up; the rest is let go when the next build begins (a build that used
    nothing lets nothing go). Whether a value still holds is the caller's to say (`valid`)."""

    def __init__(self) -> None:
        self._last: dict[K, V] = {}
        self._this: dict[K, V] = {}

    def begin(self) -> None:
        if self._this:
            self._last = self._this
        self._this = {}

    def get(self, key: K, valid: Callable[[V], bool]) -> V | None:
        found = self._this.get(key)
        if found is None:
            found = self._last.get(key)
        if found is None or not valid(found):
            return None
        self._this[key] = found
        return found

    def put(self, key: K, value: V) -> V:
        self._this[key] = value
        return value


__all__ = ["Carried"]
