"""Parsed revisions kept on disk (history/store.py): a build that reads them reads the history a
build from git alone reads, and a store that is not what opsbook wrote is never trusted."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest
from conftest import PROJECT, TEAM, WORKFLOW, write_handbook
from gitrepo import GitRepo
from opsbook.core.loader import Settings, load_handbook
from opsbook.history import History, RevisionCache, read_history, store

PROJECT_PATH = "playbooks/projects/q1-webinar.yml"
WORKFLOW_PATH = "playbooks/workflows/webinar.yml"
NOTE_PATH = "resource_hub/notes/recap.md"
NOTE = "---\nkind: note\ntitle: Recap\ndate: 2026-11-20\nproject: q1-webinar\n---\n\nAll well.\n"


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo(write_handbook(tmp_path / "hb", {}))
    repo.commit("Kick off", {"playbooks/team.yml": TEAM, WORKFLOW_PATH: WORKFLOW, PROJECT_PATH: PROJECT,
                             NOTE_PATH: NOTE}, date="2026-11-01T10:00:00+00:00")
    repo.commit("Launch a week later", {PROJECT_PATH: PROJECT.replace("2027-01-21", "2027-01-28")},
                date="2026-11-05T10:00:00+00:00")
    repo.commit("A broken edit", {PROJECT_PATH: "kind: project\ntitle: [\n"}, date="2026-11-06T10:00:00+00:00")
    repo.commit("Mended", {PROJECT_PATH: PROJECT.replace("2027-01-21", "2027-02-04"),
                           NOTE_PATH: NOTE.replace("All well.", "All very well.")}, date="2026-11-07T10:00:00+00:00")
    return repo


def _settings(root: Path) -> Settings:
    return Settings(root=root, timezone="Europe/London", today=dt.date(2026, 11, 23))


def _read(root: Path, *, stored: bool = True) -> tuple[History, RevisionCache]:
    settings = _settings(root)
    cache = RevisionCache()
    history = read_history(settings, load_handbook(settings).handbook, cache=cache, worktree=True, stored=stored)
    return history, cache


def _store_file(root: Path) -> Path:
    path = store.store_path(root)
    assert path is not None
    return path


def test_a_history_read_from_the_store_is_the_one_read_from_git(repo: GitRepo) -> None:
    from_git, _ = _read(repo.root, stored=False)
    assert not (repo.root / ".cache").exists()
    first, cache = _read(repo.root)
    assert cache.parses > 0 and _store_file(repo.root).is_file()
    again, cache = _read(repo.root)
    assert cache.parses == 0  # every revision came from the store
    assert again == first == from_git and repr(again) == repr(from_git)
    [broken] = again.of(PROJECT_PATH)[1].changes
    assert str(broken).startswith("This revision cannot be read: YAML syntax")
    assert repo.git("status", "--porcelain") == ""  # the store ignores itself


def test_the_store_keeps_what_the_revisions_of_the_last_read_need(repo: GitRepo) -> None:
    _read(repo.root)
    before = store.load(_store_file(repo.root))
    repo.commit("Later", {PROJECT_PATH: PROJECT.replace("2027-01-21", "2027-03-04")}, date="2026-11-08T10:00:00+00:00")
    history, cache = _read(repo.root)
    assert cache.parses == 1  # the new revision alone
    after = store.load(_store_file(repo.root))
    assert set(before) < set(after) and len(after) == len(before) + 1
    assert history == _read(repo.root, stored=False)[0]


@pytest.mark.parametrize("damage", [
    lambda text: text[: len(text) // 2],  # cut short
    lambda text: text.replace("\t[", "\t{", 1),  # not JSON
    lambda text: text.replace('"date"]', '"time"]'),  # a kind of value it never writes
    lambda text: text.replace('[["launch"],"date"]', '[["launch",0,"x"],"date"]'),  # a path that is not there
    lambda text: text.replace('[["launch"],"date"]', '[["kind"],"date"]'),  # not a date
    lambda text: text.replace('"launch":"2027-', '"launch":["2027-'),  # a list where text was written
    lambda text: text.replace("\t[", "\t" + "[" * 100_000, 1),  # nested past the JSON parser
    lambda text: text.replace("\t[{", "\t[[", 1),  # data that is not a mapping
    lambda text: text.replace(",null,null,", ',null,"a problem too",', 1),  # data and a problem
    lambda text: "opsbook parsed revisions 0" + text[text.index("\n"):],  # another format
    lambda text: text + "é\n",  # not ASCII
    lambda text: "",
], ids=["cut", "not-json", "kind", "path", "not-a-date", "list", "deep", "not-a-mapping", "both", "format",
        "not-ascii", "empty"])
def test_a_damaged_store_is_ignored_where_it_is_damaged(repo: GitRepo, damage: object) -> None:
    _read(repo.root)
    path = _store_file(repo.root)
    text = path.read_text(encoding="ascii")
    damaged = damage(text)  # type: ignore[operator]
    assert damaged != text
    path.write_bytes(damaged.encode("utf-8"))
    history, _ = _read(repo.root)
    assert history == _read(repo.root, stored=False)[0]


def _fabricate(root: Path) -> None:
    """Retitle every project revision kept in the store."""
    path = _store_file(root)
    path.write_text(path.read_text(encoding="ascii").replace('"title":"Q1 product webinar"', '"title":"Forged"'),
                    encoding="ascii")


def test_a_store_is_what_this_machine_wrote_and_is_taken_as_written(repo: GitRepo) -> None:
    _read(repo.root)
    _fabricate(repo.root)
    history, _ = _read(repo.root)
    assert history.of(PROJECT_PATH)[-1].title == "Forged"  # what the next test keeps out


def test_a_store_that_git_tracks_is_neither_read_nor_written(repo: GitRepo) -> None:
    _read(repo.root)
    _fabricate(repo.root)
    path = _store_file(repo.root)
    repo.git("add", "-f", str(path))
    repo.git("commit", "-q", "-m", "A store brought by a pull request")
    committed = path.read_bytes()
    history, cache = _read(repo.root)
    assert cache.parses > 0
    assert history.of(PROJECT_PATH)[-1].title != "Forged"
    assert history == _read(repo.root, stored=False)[0]
    assert path.read_bytes() == committed


def test_a_store_folder_that_is_a_symbolic_link_is_not_followed(repo: GitRepo, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (repo.root / ".cache").symlink_to(elsewhere, target_is_directory=True)
    repo.commit("A cache folder that points out of the handbook")
    history, _ = _read(repo.root)
    assert list(elsewhere.iterdir()) == []
    assert history == _read(repo.root, stored=False)[0]


def test_a_store_that_cannot_be_written_leaves_history_as_it_reads(repo: GitRepo) -> None:
    (repo.root / ".cache").write_text("a file where the folder would be\n")
    history, _ = _read(repo.root)
    assert history == _read(repo.root, stored=False)[0]


def test_a_store_of_another_reader_is_removed_when_the_store_is_written(repo: GitRepo) -> None:
    older = repo.root / store.FOLDER / "revisions-0123456789abcdef.tsv"
    older.parent.mkdir(parents=True)
    older.write_text("opsbook parsed revisions 1\n")
    _read(repo.root)
    assert not older.exists() and _store_file(repo.root).is_file()


@pytest.mark.parametrize("data", [
    {"a": dt.date(2027, 1, 21), "b": [dt.datetime(2027, 1, 21, 9, 30, tzinfo=dt.timezone.utc),
                                      {"c": dt.datetime(2027, 1, 21, 9, 30, 1, 5)}]},
    {"inf": math.inf, "-inf": -math.inf, "n": -0.0, "big": 10 ** 1000, "t": True, "none": None, "": [[], {}]},
    {"text": "\u00e9\u2028\ud7ff\U0001f600 \"quoted\"\t\n", "date-like": "2027-01-21"},
])
def test_what_the_store_keeps_reads_back_the_same(data: dict) -> None:
    for entry in ((data, None, None), (data, "# Body\n", None), (None, None, "a problem")):
        text = store.encode(entry)
        assert text is not None and "\n" not in text and text.isascii()
        back = store.decode(text)
        assert repr(back) == repr(entry)


def test_what_json_cannot_keep_is_not_kept() -> None:
    assert store.encode(({"n": 16 ** 4299}, None, None)) is None
    assert store.encode(({"t": dt.time(9, 30)}, None, None)) is None
    back = store.decode(store.encode(({"n": math.nan}, None, None)) or "")
    assert back is not None and back[0] is not None and math.isnan(back[0]["n"])
