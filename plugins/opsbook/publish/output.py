"""Writing generated files into a site (the calendars' feeds among them): whole or not at all, and
never outside it (SPEC §9)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..calendars import Calendars


def inside(root: Path, rel: str) -> Path:
    """The path of `rel` under `root`; ValueError when it would resolve outside."""
    base = root.resolve()
    target = (base / rel).resolve()
    if not target.is_relative_to(base):
        raise ValueError(f"{rel} would be written outside {base}")
    return target


def all_inside(root: Path, rels: Iterable[str]) -> list[Path]:
    """`inside(root, rel)` of each, every folder resolved once: a site's generated files are many
    in a few folders, and resolving a path asks the file system about each of its parts."""
    base = root.resolve()
    folders: dict[str, Path] = {"": base}
    found = []
    for rel in rels:
        folder, _, name = rel.rpartition("/")
        parent = folders.get(folder)
        if parent is None:
            parent = folders[folder] = inside(root, folder)
        target = parent / name
        if name in ("", ".", "..") or os.path.islink(target):
            target = inside(root, rel)  # resolved whole, as inside() does
        found.append(target)
    return found


def write_all(root: Path, files: Mapping[str, bytes | str]) -> list[Path]:
    """Each file written to its path under `root` through a temporary file in the same folder, then
    renamed (`write_whole`): a reader (a calendar client fetching mid-build) sees the old file or
    the new one, never half of one. Every path is checked before anything is written (ValueError
    for one that would leave `root`). The paths written."""
    targets = all_inside(root, files)
    made: set[Path] = set()
    for target, data in zip(targets, files.values(), strict=True):
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        write_whole(target, _bytes(data))
    return targets


def write_feeds(calendars: Calendars, site_dir: Path, *, strip: str = "") -> list[Path]:
    """Write every feed under `site_dir`, each whole or not at all; the paths written.

    `strip` drops a leading folder from the feed paths (the CLI writes `calendars/` itself).
    Raises ValueError for a path that would leave `site_dir`, before writing anything.
    """
    return write_all(site_dir, {rel.removeprefix(strip): data for rel, data in calendars.files.items()})


def _bytes(data: bytes | str) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def write_whole(target: Path, payload: bytes, *, mode: int = 0o644) -> None:
    """`payload` at `target`, whose folder exists, whole or not at all: written to a temporary
    file in the same folder, given `mode`, then renamed over `target`."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
