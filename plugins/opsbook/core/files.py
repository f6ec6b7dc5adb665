"""Which files are the handbook's: the entry files under the playbooks and hub folders, each
checked to be a regular file in real folders, with a name that can be shown, before it is read."""

from __future__ import annotations

import os
import stat
import typing
from pathlib import Path, PurePath

from .errors import Problem, Severity
from .model.base import ID_HELP, ID_RULE
from .settings import Settings, inside
from .source import MARKDOWN_SUFFIXES, YAML_SUFFIXES
from .text import one_line


def handbook_files(settings: Settings) -> list[Path]:
    """Every entry file under the playbooks and hub folders, in a stable order: the regular
    files that `discover_files` finds, each safe to read."""
    return discover_files(settings)[0]


def discover_files(settings: Settings) -> tuple[list[Path], list[Problem]]:
    """The entry files under the playbooks and hub folders, and the problem with each path that
    is refused rather than read.

    Only regular files and real folders are taken, checked with lstat before anything is opened:
    a link could publish a file from outside the repository, and a FIFO or device (`/dev/zero`)
    would never finish reading. Folder and file names reach the "edit this page" address and
    every message, so a folder under either folder is named like an id, and a name that cannot
    be shown as it is (a newline, bytes that are not UTF-8) is refused without being read.
    """
    found: list[Path] = []
    problems: list[Problem] = []
    suffixes = YAML_SUFFIXES + MARKDOWN_SUFFIXES
    root = settings.root

    def refuse(path: Path, message: str) -> None:
        problems.append(Problem(shown_path(path.relative_to(root).as_posix()), 1, 1, Severity.ERROR, message))

    for folder in dict.fromkeys((settings.playbooks_dir, settings.hub_dir)):
        base = root / folder
        if not _real_folder(root, folder, refuse):
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            here = Path(dirpath)
            walked = []
            for name in sorted(d for d in dirnames if not d.startswith(".")):
                path = here / name
                if os.path.islink(path):
                    refuse(path, _FOLDER_LINK)
                    continue
                if not ID_RULE.fullmatch(name):
                    refuse(path, f"'{shown_path(name)}' is not a valid folder name: use {ID_HELP}")
                    if not name.isprintable():
                        continue  # nothing under it could be named in a message
                walked.append(name)
            dirnames[:] = walked
            for name in sorted(filenames):
                if not name.endswith(suffixes) or name.startswith("."):
                    continue
                path = here / name
                try:
                    mode = os.lstat(path).st_mode
                except FileNotFoundError:
                    continue  # removed since the folder was listed
                if stat.S_ISLNK(mode):
                    refuse(path, _FILE_LINK)
                elif not stat.S_ISREG(mode):
                    refuse(
                        path, "not a regular file (a FIFO, device or socket): a handbook file must be a regular file"
                    )
                elif not name.isprintable():
                    stem = name.rsplit(".", 1)[0]
                    refuse(path, f"'{shown_path(stem)}' is not a valid id (the file name is the id): use {ID_HELP}")
                else:
                    found.append(path)
    return found, problems


_FILE_LINK = (
    "a symbolic link: a handbook file must be a regular file (a link could publish a file from outside the repository)"
)
_FOLDER_LINK = (
    "a symbolic link: a handbook folder must be a real folder (a link could publish files from outside the repository)"
)


def _real_folder(root: Path, folder: str, refuse: typing.Callable[[Path, str], None]) -> bool:
    """Whether `folder` is a folder reached from `root` through real folders only; a link on the
    way is refused."""
    if not inside(folder):
        return False  # check_settings says why
    path = root
    for part in PurePath(folder).parts:
        path = path / part
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            return False  # no such folder: the handbook simply has none
        if stat.S_ISLNK(mode):
            refuse(path, _FOLDER_LINK)
            return False
        if not stat.S_ISDIR(mode):
            return False
    return True


def shown_path(path: str) -> str:
    """A path as a message can show it on one line: bytes that are not UTF-8 as `\\xff`, control
    characters as `\\n`."""
    return one_line(path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"))


__all__ = ["discover_files", "handbook_files", "shown_path"]
