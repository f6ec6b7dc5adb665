"""When each event last changed: DTSTAMP, LAST-MODIFIED and SEQUENCE come from here.

Nothing stamps "now": the same commit always gives the same stamps, so it builds byte-identical
feeds. `Stamps` is the seam where a provider that reads git history per event (when its date
last changed and how often) replaces `GitStamps`.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Protocol

#: Used when neither SOURCE_DATE_EPOCH nor git says when a file changed.
FALLBACK = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
_COMMIT = "\x1e"


class Stamps(Protocol):
    def last_modified(self, source_path: str) -> dt.datetime:
        """When the handbook file (relative to the handbook root) last changed, in UTC."""
        ...

    def sequence(self, uid: str) -> int:
        """How many times the event's date or time has changed (RFC 5545 §3.8.7.4)."""
        ...


class FixedStamps:
    """Every file stamped with one instant: SOURCE_DATE_EPOCH, or the fallback."""

    def __init__(self, when: dt.datetime) -> None:
        self.when = when

    def last_modified(self, source_path: str) -> dt.datetime:
        return self.when

    def sequence(self, uid: str) -> int:
        return 0


class GitStamps:
    """Each file's last commit time, read in one `git log` pass over the handbook.

    A file git does not know (new, or outside a repository) takes the newest commit's time,
    or the fallback when there is none. SEQUENCE is 0: counting date changes needs the history
    of each event, which this provider does not read.
    """

    def __init__(self, times: Mapping[str, dt.datetime], newest: dt.datetime | None) -> None:
        self.times = dict(times)
        self.newest = newest

    def last_modified(self, source_path: str) -> dt.datetime:
        return self.times.get(source_path) or self.newest or FALLBACK

    def sequence(self, uid: str) -> int:
        return 0

    @classmethod
    def read(cls, root: Path) -> GitStamps | None:
        """The stamps of the repository holding `root`; None outside git or when git fails."""
        try:
            proc = subprocess.run(
                # --relative: paths relative to `root`, and only files under it.
                [
                    "git",
                    "-c",
                    "core.quotepath=off",
                    "log",
                    "--relative",
                    "--format=" + _COMMIT + "%ct",
                    "--name-only",
                    "--no-renames",
                    "--",
                    ".",
                ],
                cwd=root,
                capture_output=True,
                text=True,
                encoding="utf-8",
                check=False,
                timeout=120,
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        if proc.returncode != 0:
            return None
        times: dict[str, dt.datetime] = {}
        newest: dt.datetime | None = None
        for block in proc.stdout.split(_COMMIT)[1:]:
            head, *names = block.split("\n")
            when = dt.datetime.fromtimestamp(int(head.strip()), tz=dt.timezone.utc)
            newest = newest or when
            for name in names:
                if name and name not in times:  # newest first: the first commit seen is the last
                    times[name] = when
        return cls(times, newest)


class LazyStamps:
    """A provider made the first time it is asked. Behind `HistoryStamps` only a file that history
    does not know (not committed yet) asks, and reading `GitStamps` is a `git log` over the
    whole history: a tenth of a second and more on a long one."""

    def __init__(self, make: Callable[[], Stamps]) -> None:
        self._make = make
        self._made: Stamps | None = None

    def _stamps(self) -> Stamps:
        if self._made is None:
            self._made = self._make()
        return self._made

    def last_modified(self, source_path: str) -> dt.datetime:
        return self._stamps().last_modified(source_path)

    def sequence(self, uid: str) -> int:
        return self._stamps().sequence(uid)


def stamps_for(root: Path, environ: Mapping[str, str] | None = None) -> tuple[Stamps, str | None]:
    """The simple provider for a handbook, and an info message when it had to fall back."""
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return FixedStamps(dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)), None
        except (ValueError, OverflowError, OSError):
            return FixedStamps(FALLBACK), (
                f"SOURCE_DATE_EPOCH='{epoch}' is not a whole number of seconds: calendar events are "
                f"stamped {FALLBACK:%Y-%m-%d}"
            )
    stamps = GitStamps.read(root)
    if stamps is None or stamps.newest is None:
        return FixedStamps(FALLBACK), (
            f"no git history here: calendar events are stamped {FALLBACK:%Y-%m-%d} "
            "(set SOURCE_DATE_EPOCH, or build from a git repository)"
        )
    return stamps, None


class EventHistory(Protocol):
    """What git history knows of each event (opsbook.history.CalendarFacts)."""

    def sequence(self, key: tuple[str, ...]) -> int: ...

    def last_commit(self, path: str) -> dt.datetime | None: ...


class HistoryStamps:
    """SEQUENCE from how many commits moved each event, stamps from each file's last commit.

    A file not committed yet takes the simple provider's stamp. In a shallow clone history
    counts fewer moves: the CI templates fetch the whole history for that reason.
    """

    def __init__(self, history: EventHistory, fallback: Stamps) -> None:
        self.history = history
        self.fallback = fallback

    def last_modified(self, source_path: str) -> dt.datetime:
        return self.history.last_commit(source_path) or self.fallback.last_modified(source_path)

    def sequence(self, uid: str) -> int:
        key = event_key(uid)
        return self.history.sequence(key) if key else 0


_KINDS = {
    "projects": "project",
    "rituals": "ritual",
    "reports": "report",
    "policies": "policy",
    "procedures": "procedure",
    "assets": "assets",
}


def event_key(uid: str) -> tuple[str, ...] | None:
    """The history key of an event from its UID (`projects/<project>/<task>@host` →
    `("project", project, task)`); None for a UID this handbook did not mint."""
    path = uid.partition("@")[0].split("/")
    kind = _KINDS.get(path[0])
    if kind is None or len(path) < 2:
        return None
    if kind == "assets" and len(path) == 4 and path[3] == "expires":
        return ("assets", path[1], path[2])
    return (kind, *path[1:])
