"""Where a build spends its time: wall-clock seconds per opsbook stage, summed over a build.

The plugin keeps one `Timings` per build and logs it at debug level (`mkdocs build -v`); the
benchmark reads it from the plugin object.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

STAGES = ("load", "validate", "schedule", "history", "render", "search", "calendars")


class Timings:
    """Seconds per stage; a stage entered several times (render: once per page) adds up."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = dict.fromkeys(STAGES, 0.0)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start

    @property
    def total(self) -> float:
        return sum(self.seconds.values())

    def __str__(self) -> str:
        parts = ", ".join(f"{name} {secs:.3f} s" for name, secs in self.seconds.items())
        return f"{parts}; total {self.total:.3f} s"
