"""Writing generated files into a site: whole or not at all, and never outside it (SPEC §9)."""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from collections.abc import Iterable, Mapping
from itertools import count
from pathlib import Path


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


def write_whole(root: Path, rel: str, data: bytes | str) -> Path:
    """Write `data` to `rel` under `root` through a temporary file in the same folder, then
    rename: a reader (a calendar client fetching mid-build) sees the old file or the new one,
    never half of one."""
    target = inside(root, rel)
    target.parent.mkdir(parents=True, exist_ok=True)
    _write_whole(target, _bytes(data))
    return target


def write_all(root: Path, files: Mapping[str, bytes | str], kept: KeptFiles | None = None) -> list[Path]:
    """`write_whole` of each file, every path checked before anything is written (ValueError for
    one that would leave `root`); `kept`: the copies `mkdocs serve` keeps of them. The paths written."""
    targets = all_inside(root, files)
    made: set[Path] = set()
    for target, data in zip(targets, files.values(), strict=True):
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        if kept is not None:
            kept.put(target, _bytes(data))
        else:
            _write_whole(target, _bytes(data))
    return targets


def _bytes(data: bytes | str) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def _write_whole(target: Path, payload: bytes) -> None:
    """`payload` at `target`, whose folder exists, whole or not at all."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class KeptFiles:
    """Files `mkdocs serve` builds write into the site, each with a copy kept outside it.

    MkDocs empties the site before every build, so every rebuild writes every feed again, and
    making a file can cost far more than linking one (where the benchmark runs, 0.8 ms against
    0.03 ms: a tenth of a second for the feeds). A file with the bytes of its copy is
    hard-linked into the site from the copy, which, like `write_whole`, puts it there whole or
    not at all; a file whose bytes changed gets a new copy first. A copy whose size or
    modification time is not what was written (someone rewrote the site's file in place, and
    with it the copy) is written again. Where a link cannot be made (the site on another file
    system), files are written as `write_whole` writes them.

    The copies live in a temporary folder that goes with this object, at the latest when the
    process ends. A single `mkdocs build` does not make one.
    """

    def __init__(self) -> None:
        self._folder: Path | None = None
        #: By target path: the bytes, the copy, and its size and modification time as written.
        self._copies: dict[Path, tuple[bytes, Path, int, int]] = {}
        self._names = count()
        self._linking = True
        self.linked = 0
        """Files linked from their copy, since this was made."""

    def put(self, target: Path, data: bytes) -> None:
        """`data` at `target` (its folder exists), whole or not at all."""
        if not self._linking:
            _write_whole(target, data)
            return
        try:
            held = self._copies.get(target)
            if held is None or not (held[0] is data or held[0] == data) or not _intact(held):
                held = self._copy(target, data)
            _link(held[1], target, next(self._names))
        except OSError:
            # No links here (another file system, or none at all): write files as they are.
            self._linking = False
            self._copies.clear()
            if self._folder is not None:
                shutil.rmtree(self._folder, ignore_errors=True)
            _write_whole(target, data)
            return
        self.linked += 1

    def _copy(self, target: Path, data: bytes) -> tuple[bytes, Path, int, int]:
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="opsbook-serve-"))
            weakref.finalize(self, shutil.rmtree, self._folder, True)
        old = self._copies.pop(target, None)
        if old is not None:
            old[1].unlink(missing_ok=True)
        copy = self._folder / str(next(self._names))
        with open(copy, "xb") as out:
            out.write(data)
        os.chmod(copy, 0o644)
        st = copy.stat()
        held = self._copies[target] = (data, copy, st.st_size, st.st_mtime_ns)
        return held


def _intact(held: tuple[bytes, Path, int, int]) -> bool:
    try:
        st = held[1].stat()
    except OSError:
        return False
    return st.st_size == held[2] and st.st_mtime_ns == held[3]


def _link(copy: Path, target: Path, n: int) -> None:
    try:
        os.link(copy, target)
    except FileExistsError:
        # A file is there already (`mkdocs serve --dirty` leaves the site as it was): a link made
        # beside it replaces it whole.
        tmp = target.with_name(f".{target.name}.{os.getpid()}.{n}.tmp")
        os.link(copy, tmp)
        try:
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
