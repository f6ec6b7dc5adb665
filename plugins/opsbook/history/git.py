"""The git plumbing history is read with: one `git log` pass and `git cat-file --batch`.

Every call runs the git CLI. The whole handbook's history is one `git log --raw` process, whose
cost grows with the number of commits, never with files × commits; the blobs that pass reads come
from one `git cat-file --batch` run fed every id at once, and any other blob from one long-lived
`git cat-file --batch` process.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import subprocess
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import OpsbookError
from ..core.text import shorten, writable

NULL_BLOB = "0" * 40
# Fields end at NUL, the one byte git never prints inside a name or a subject (it ends the text
# there): any other separator can be written into a commit. `-z` ends each file of --raw with NUL
# too, so a commit is seven fields and then its files, each `:meta`, a path and, renamed, another.
_LOG_FORMAT = "%x00".join(("%H", "%P", "%aI", "%at", "%an", "%ae", "%s"))
_FIELDS = 7
_HEX = re.compile(rb"[0-9a-f]{40}(?:[0-9a-f]{24})?")
_REVISION = re.compile(r"[0-9a-f]{4,64}")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


class GitError(OpsbookError):
    """git is missing, the folder is not a repository, or a revision does not exist."""


@dataclass(frozen=True)
class Commit:
    """One commit, as a page shows it."""

    sha: str
    author: str
    email: str
    date: dt.datetime
    subject: str
    parents: tuple[str, ...] = ()

    @property
    def short(self) -> str:
        return self.sha[:7]


@dataclass(frozen=True)
class FileChange:
    """One file changed by a commit: blob ids before and after (NULL_BLOB when absent)."""

    status: str
    """A (added), M (modified), D (deleted), R (renamed), T (type changed)."""
    old_path: str | None
    path: str | None
    old_blob: str
    new_blob: str


@dataclass(frozen=True)
class LoggedCommit:
    commit: Commit
    changes: tuple[FileChange, ...]


def blob_id(content: bytes) -> str:
    """The id git gives `content` as a blob, computed without running git."""
    return hashlib.sha1(b"blob %d\0" % len(content) + content, usedforsecurity=False).hexdigest()


class Repository:
    """The git repository that holds a handbook folder."""

    def __init__(self, toplevel: Path, prefix: str) -> None:
        self.toplevel = toplevel
        self.prefix = prefix
        """The handbook root's path inside the repository ('' or 'docs/site/'), as git takes it."""
        self._shown_prefix = writable(prefix)

    @classmethod
    def find(cls, root: Path) -> Repository:
        """The repository holding `root`; GitError when there is none or git is not installed."""
        if shutil.which("git") is None:
            raise GitError("git is not installed")
        proc = _run(["git", "rev-parse", "--show-toplevel", "--show-prefix"], root, check=False)
        if proc.returncode != 0:
            raise GitError(f"{root} is not in a git repository")
        top, _, prefix = os.fsdecode(proc.stdout).partition("\n")
        return cls(Path(top.strip()), prefix.strip())

    @classmethod
    def open(cls, root: Path) -> tuple[Repository, str | None, bool]:
        """The repository holding `root` (as `find`), the full id of the commit HEAD is at (None
        before the first commit) and whether it is a shallow clone: what every history read asks
        first, asked of one git process (each costs milliseconds to start)."""
        if shutil.which("git") is None:
            raise GitError("git is not installed")
        proc = _run(
            [
                "git",
                "rev-parse",
                "--show-toplevel",
                "--show-prefix",
                "--is-shallow-repository",
                "--verify",
                "-q",
                "HEAD",
            ],
            root,
            check=False,
        )
        # rev-parse answers in order; without a commit, `--verify -q HEAD` adds nothing and exits 1.
        lines = os.fsdecode(proc.stdout).split("\n")
        if proc.returncode not in (0, 1) or len(lines) < 4 or lines[2] not in ("true", "false"):
            raise GitError(f"{root} is not in a git repository")
        head = lines[3].strip() if proc.returncode == 0 else ""
        return cls(Path(lines[0].strip()), lines[1].strip()), head or None, lines[2] == "true"

    def git(self, *args: str, check: bool = True) -> bytes:
        return _run(["git", *args], self.toplevel, check=check).stdout

    def head(self) -> str | None:
        """The full id of the commit HEAD is at; None before the first commit."""
        proc = _run(["git", "rev-parse", "--verify", "-q", "HEAD"], self.toplevel, check=False)
        return proc.stdout.decode().strip() if proc.returncode == 0 else None

    def is_shallow(self) -> bool:
        return self.git("rev-parse", "--is-shallow-repository").strip() == b"true"

    def shallow_boundary(self) -> frozenset[str]:
        """Commits whose parents a shallow clone does not have."""
        path = Path(os.fsdecode(self.git("rev-parse", "--git-path", "shallow")).strip())
        path = path if path.is_absolute() else self.toplevel / path
        return frozenset(path.read_text().split()) if path.is_file() else frozenset()

    def resolve(self, revision: str) -> str:
        """The full id of the commit `revision` names; GitError with git's reason when none."""
        proc = _run(
            ["git", "rev-parse", "--verify", "-q", "--end-of-options", f"{revision}^{{commit}}"],
            self.toplevel,
            check=False,
        )
        if proc.returncode != 0:
            raise GitError(f"'{revision}' is not a commit in {self.toplevel}")
        return proc.stdout.decode().strip()

    def ignored_revisions(self) -> frozenset[str]:
        """Full commit ids from `.git-blame-ignore-revs` (or `blame.ignoreRevsFile`), at the top level."""
        configured = _run(["git", "config", "--get", "blame.ignoreRevsFile"], self.toplevel, check=False)
        name = configured.stdout.decode().strip() or ".git-blame-ignore-revs"
        path = self.toplevel / name
        if not path.is_file():
            return frozenset()
        found = set()
        # The file arrives by pull request like any other: a line that is not a commit id (bytes
        # that are not UTF-8, an option for git) is no revision to leave out.
        for line in path.read_bytes().decode("utf-8", "replace").splitlines():
            word = line.split("#", 1)[0].strip().lower()
            if _REVISION.fullmatch(word):
                found.add(word)
        # Abbreviated ids are resolved in one git run, fed on its input however many there are;
        # full ones are taken as written.
        short = [w for w in found if len(w) not in (40, 64)]
        if short:
            found.difference_update(short)
            proc = subprocess.run(
                ["git", "cat-file", "--batch-check=%(objectname) %(objecttype)"],
                cwd=self.toplevel,
                input="\n".join(short).encode() + b"\n",
                capture_output=True,
                check=False,
            )
            for answer in proc.stdout.decode(errors="replace").splitlines():
                sha, _, kind = answer.partition(" ")
                if kind == "commit":
                    found.add(sha)
        return frozenset(found)

    def log(self, folders: Sequence[str], *, revision: str = "HEAD") -> Iterator[LoggedCommit]:
        """Every commit that changed a file in `folders` (paths relative to the handbook root),
        oldest first, with the blob ids of each file it changed; renames detected (-M)."""
        spec = [self.prefix + f.strip("/") for f in folders]
        # --encoding: names and messages in UTF-8 whatever encoding a commit declares and
        # i18n.logOutputEncoding asks for; bytes that still are not UTF-8 are replaced.
        out = self.git(
            "log",
            "--raw",
            "-z",
            "-M",
            "--no-abbrev",
            "--reverse",
            "--topo-order",
            "--no-color",
            "--encoding=UTF-8",
            f"--format={_LOG_FORMAT}",
            revision,
            "--",
            *spec,
        )
        tokens = out.split(b"\0")
        i = 0
        while i + _FIELDS <= len(tokens):
            sha, parents, iso, stamp, author, email, subject = tokens[i : i + _FIELDS]
            sha = sha.lstrip(b"\n")
            if not _HEX.fullmatch(sha):
                raise GitError("git log: an answer opsbook cannot read (a commit without its id)")
            i += _FIELDS
            changes = []
            while i < len(tokens) and tokens[i].lstrip(b"\n").startswith(b":"):
                change, i = self._raw(tokens, i)
                changes.append(change)
            commit = Commit(
                sha.decode(),
                _shown(author),
                _shown(email),
                _date(iso, stamp),
                _shown(subject),
                tuple(parents.decode().split()),
            )
            yield LoggedCommit(commit, tuple(changes))

    def _raw(self, tokens: Sequence[bytes], i: int) -> tuple[FileChange, int]:
        """The file change whose `:meta` token is at `i`, and where the next token starts."""
        meta = tokens[i].lstrip(b"\n")[1:].decode().split()
        status = meta[4][0]
        if status in "RC":
            old, new = _path(tokens[i + 1]), _path(tokens[i + 2])
            i += 3
        else:
            old = new = _path(tokens[i + 1])
            i += 2
        if status == "C":  # a copy leaves its original in place: to history it is a new file
            return FileChange("A", None, self._local(new), NULL_BLOB, meta[3]), i
        old_path = self._local(old) if status != "A" else None
        new_path = self._local(new) if status != "D" else None
        return FileChange(status, old_path, new_path, meta[2], meta[3]), i

    def _local(self, path: str) -> str:
        """A path from git (as _path made it) relative to the handbook root."""
        prefix = self._shown_prefix
        return path[len(prefix) :] if path.startswith(prefix) else path

    def tree(self, revision: str, folders: Sequence[str]) -> dict[str, str]:
        """Path (relative to the handbook root) -> blob id, for files under `folders` at `revision`."""
        spec = [self.prefix + f.strip("/") for f in folders]
        out = self.git("ls-tree", "-r", "-z", "--full-tree", revision, "--", *spec)
        files = {}
        for item in out.split(b"\0"):
            if not item:
                continue
            meta, _, path = item.partition(b"\t")
            _mode, kind, blob = meta.decode().split()
            if kind == "blob":
                files[self._local(_path(path))] = blob
        return files

    def blobs(self) -> BlobReader:
        return BlobReader(self.toplevel)


class BlobReader:
    """File contents by blob id, from one `git cat-file --batch` process for every blob read."""

    def __init__(self, toplevel: Path) -> None:
        self._toplevel = toplevel
        self._proc: subprocess.Popen[bytes] | None = None

    def read(self, blob: str) -> bytes | None:
        """The content of `blob`, or None when the repository does not have it."""
        proc = self._start()
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(blob.encode() + b"\n")
        proc.stdin.flush()
        header = proc.stdout.readline().split()
        if len(header) < 3 or header[1] == b"missing":
            return None
        size = int(header[2])
        data = proc.stdout.read(size)
        proc.stdout.read(1)  # the newline after every object
        return data

    def read_many(self, blobs: Iterable[str]) -> dict[str, bytes | None]:
        """The contents of many blobs (None for one the repository does not have), from one
        `git cat-file --batch` run fed every id at once: no round trip per blob."""
        ids = list(dict.fromkeys(blobs))
        if not ids:
            return {}
        proc = subprocess.run(
            ["git", "cat-file", "--batch"],
            cwd=self._toplevel,
            input="\n".join(ids).encode() + b"\n",
            capture_output=True,
            check=False,
        )
        if proc.returncode != 0:
            raise GitError(f"git cat-file: {proc.stderr.decode(errors='replace').strip() or 'failed'}")
        out, pos = proc.stdout, 0
        found: dict[str, bytes | None] = {}
        for blob in ids:
            end = out.index(b"\n", pos)
            header = out[pos:end].split()
            pos = end + 1
            if len(header) < 3 or header[1] == b"missing":
                found[blob] = None
                continue
            size = int(header[2])
            found[blob] = out[pos : pos + size]
            pos += size + 1  # the newline after every object
        return found

    def _start(self) -> subprocess.Popen[bytes]:
        if self._proc is None:
            self._proc = subprocess.Popen(
                ["git", "cat-file", "--batch"],
                cwd=self._toplevel,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        return self._proc

    def close(self) -> None:
        if self._proc is not None:
            assert self._proc.stdin is not None
            self._proc.stdin.close()
            self._proc.wait()
            if self._proc.stdout is not None:
                self._proc.stdout.close()
            self._proc = None

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _shown(field: bytes) -> str:
    """A commit's name, address or subject as pages show it: UTF-8 or replaced, writable, and one
    line of a page at most (a subject is the whole first paragraph of a message)."""
    return shorten(writable(field.decode("utf-8", "replace")))


def _path(path: bytes) -> str:
    """A path as history names it: the same text as a path on disk when it is UTF-8 and holds
    nothing unwritable (a name that is not is shown, replaced, rather than matched)."""
    return writable(path.decode("utf-8", "surrogateescape"))


def _date(iso: bytes, stamp: bytes) -> dt.datetime:
    """A commit's author date. git writes whatever a commit holds: an offset of +99:99, a year
    past 9999, or no date at all (then `%aI` comes back as written); such a date is taken in UTC
    from its timestamp, or failing that is the epoch, rather than stopping the history."""
    try:
        when = dt.datetime.fromisoformat(iso.decode())
    except ValueError:
        try:
            when = dt.datetime.fromtimestamp(int(stamp), dt.timezone.utc)
        except (ValueError, OverflowError, OSError):
            return _EPOCH
    # Pages show it in any time zone: a year at either end of what datetime holds would overflow.
    return when if when.tzinfo is not None and 1 < when.year < 9999 else _EPOCH


def _run(args: list[str], cwd: Path, *, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    proc = subprocess.run(args, cwd=cwd, capture_output=True, check=False)
    if check and proc.returncode != 0:
        message = proc.stderr.decode(errors="replace").strip().splitlines()
        raise GitError(f"git {args[1]}: {message[-1] if message else 'failed'}")
    return proc
