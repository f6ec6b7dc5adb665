"""Writing generated files into a site: whole or not at all, and never outside it (SPEC §9)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def inside(root: Path, rel: str) -> Path:
    """The path of `rel` under `root`; ValueError when it would resolve outside."""
    base = root.resolve()
    target = (base / rel).resolve()
    if not target.is_relative_to(base):
        raise ValueError(f"{rel} would be written outside {base}")
    return target


def write_whole(root: Path, rel: str, data: bytes | str) -> Path:
    """Write `data` to `rel` under `root` through a temporary file in the same folder, then
    rename: a reader (a calendar client fetching mid-build) sees the old file or the new one,
    never half of one."""
    target = inside(root, rel)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
