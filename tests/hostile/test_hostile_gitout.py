"""Hostile git history and text written out (issue 15, cases 6, 12, 13 and 14): odd commit
metadata, control characters headed for the feed and the pages, long subjects, and text that
would become a CI workflow command or a link or mention in a pull-request comment."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import xml.dom.minidom
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import PROJECT, TEAM, WORKFLOW, write_handbook
from gitrepo import GitRepo, git_env
from limits import build, check, run_limited
from opsbook.cli.main import _github
from opsbook.core.errors import Problem, Severity

ATOM = "{http://www.w3.org/2005/Atom}"
PROJECT_PATH = "playbooks/projects/q1-webinar.yml"
MOVED = PROJECT.replace("2027-01-21", "2027-01-28")
# What XML 1.0 cannot hold, and what HTML and RFC 5545 call control characters.
UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _handbook(root: Path) -> GitRepo:
    write_handbook(root, {})
    repo = GitRepo(root)
    repo.commit(
        "Kick off the Q1 webinar",
        {
            "playbooks/team.yml": TEAM,
            "playbooks/workflows/webinar.yml": WORKFLOW,
            PROJECT_PATH: PROJECT,
        },
    )
    return repo


def _git(root: Path, *args: str | bytes, stdin: bytes | None = None, **env: str) -> str:
    """git with raw bytes where a commit needs them (str args and env values hold them as
    surrogate escapes: the bytes the test means, not UTF-8)."""
    proc = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", *args],
        cwd=root,
        input=stdin,
        env={**git_env(), **env},
        capture_output=True,
        check=True,
    )
    return proc.stdout.decode().strip()


def _commit_object(root: Path, author: bytes, message: bytes) -> None:
    """Commit the index with an author line and a message exactly as given: `git commit` would
    refuse or mend them, a commit written by other tools need not."""
    tree, head = _git(root, "write-tree"), _git(root, "rev-parse", "HEAD")
    raw = b"tree %s\nparent %s\nauthor %s\ncommitter Ellie Hart <ellie@example.com> 1793527200 +0000\n\n%s\n" % (
        tree.encode(),
        head.encode(),
        author,
        message,
    )
    sha = _git(root, "hash-object", "-t", "commit", "-w", "--literally", "--stdin", stdin=raw)
    _git(root, "update-ref", "refs/heads/main", sha)


def _feed(site: Path) -> ET.Element:
    """The Atom feed, read by two strict XML parsers."""
    path = site / "changes" / "feed.xml"
    xml.dom.minidom.parse(str(path))
    return ET.parse(path).getroot()


def _written(site: Path) -> dict[str, str]:
    """Every text file opsbook writes into the site, decoded as the strict UTF-8 it must be."""
    found = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.suffix in (".html", ".xml", ".ics", ".json") and not rel.startswith("assets/"):
            found[rel] = path.read_bytes().decode("utf-8")
    return found


def _subjects(page: str) -> list[str]:
    return [html.unescape(s) for s in re.findall(r'<span class="opsbook-subject">([^<]*)</span>', page)]


def test_separators_in_a_commit_subject_and_author_name_do_not_stop_the_build(tmp_path: Path) -> None:
    repo = _handbook(tmp_path / "hb")
    repo.commit("Move\x1e the launch\x1f a week", {PROJECT_PATH: MOVED}, name="Lucy\x1f Brooks")
    run = build(repo.root)
    run.assert_no_traceback()
    assert run.returncode == 0, run.output
    page = (repo.root / "site" / "changes" / "index.html").read_text(encoding="utf-8")
    assert _subjects(page) == ["Move the launch a week", "Kick off the Q1 webinar"]
    assert '<span class="opsbook-author">Lucy Brooks</span>' in page
    assert "Launch moved: <del>2027-01-21</del> &#8594; <ins>2027-01-28 (+7 days)</ins>" in page
    entries = _feed(repo.root / "site").findall(f"{ATOM}entry")
    assert entries[0].findtext(f"{ATOM}title") == "Move the launch a week"
    assert entries[0].find(f"{ATOM}author").findtext(f"{ATOM}name") == "Lucy Brooks"


def test_commit_metadata_in_latin_1_or_not_utf8_at_all_is_read(tmp_path: Path) -> None:
    repo = _handbook(tmp_path / "hb")
    repo.write({PROJECT_PATH: MOVED})
    _git(repo.root, "add", "-A")
    # A commit that says it is latin-1 is shown as the text it is ...
    _git(
        repo.root,
        "-c",
        "i18n.commitEncoding=latin-1",
        "commit",
        "-q",
        "-F",
        "-",
        stdin="Launch moved: café".encode("latin-1"),
        GIT_AUTHOR_NAME="Chlo\udce9 Dupr\udce9",
    )
    # ... and one that only holds stray bytes has them replaced. (`git commit` would store them
    # as latin-1 made UTF-8: another tool or an old git wrote this one.)
    repo.write({PROJECT_PATH: MOVED.replace("2027-01-28", "2027-02-04")})
    _git(repo.root, "add", "-A")
    _commit_object(repo.root, b"Ev\xffan <evan@example.com> 1793527200 +0000", b"Launch \xff moved again")
    run = build(repo.root)
    run.assert_no_traceback()
    assert run.returncode == 0, run.output
    entries = _feed(repo.root / "site").findall(f"{ATOM}entry")
    assert [(e.findtext(f"{ATOM}title"), e.find(f"{ATOM}author").findtext(f"{ATOM}name")) for e in entries[:2]] == [
        ("Launch \ufffd moved again", "Ev\ufffdan"),
        ("Launch moved: café", "Chloé Dupré"),
    ]


@pytest.mark.parametrize(
    ("date", "month"),
    [
        ("1700000000 +9999", "2023-11"),  # an offset of +99:99 hours: the timestamp, in UTC
        ("1700000000 -2400", "2023-11"),  # a whole day behind UTC
        ("253402300800 +0000", "1970-01"),  # the year 10000: no date, the epoch
        ("soon", "1970-01"),  # no date at all
    ],
)
def test_a_commit_date_git_cannot_write_in_iso_form_does_not_stop_the_build(
    tmp_path: Path, date: str, month: str
) -> None:
    repo = _handbook(tmp_path / "hb")
    repo.write({PROJECT_PATH: MOVED})
    _git(repo.root, "add", "-A")
    _commit_object(repo.root, f"Odd Date <odd@example.com> {date}".encode(), b"Move the launch")
    run = build(repo.root)
    run.assert_no_traceback()
    assert run.returncode == 0, run.output
    assert _subjects((repo.root / "site" / "changes" / month / "index.html").read_text(encoding="utf-8")) == [
        "Move the launch"
    ]


def test_control_characters_from_yaml_escapes_and_commits_reach_no_output(tmp_path: Path) -> None:
    repo = _handbook(tmp_path / "hb")
    hostile = MOVED.replace("title: Q1 product webinar", r'title: "Q1\x01 web\u0008inar \x7f"') + (
        'summary: "Bell \\a and escape \\e[31m"\n'
    )
    workflow = WORKFLOW.replace("title: Approve slide deck", r'title: "Approve\x02 the deck"')
    repo.commit("Rename\x07 the webinar\x0c", {PROJECT_PATH: hostile, "playbooks/workflows/webinar.yml": workflow})
    run = build(repo.root)
    run.assert_no_traceback()
    assert run.returncode == 0, run.output
    site = repo.root / "site"
    written = _written(site)
    assert {"changes/feed.xml", "catalog.json", "calendars/team.ics", "projects/q1-webinar/index.html"} <= set(written)
    dirty = {rel: UNWRITABLE.findall(text) for rel, text in written.items() if UNWRITABLE.search(text)}
    assert dirty == {}
    entries = _feed(site).findall(f"{ATOM}entry")
    assert entries[0].findtext(f"{ATOM}title") == "Rename the webinar"
    assert "<h3>Q1 webinar </h3>" in entries[0].findtext(f"{ATOM}content")
    assert "Task renamed: Approve slide deck → Approve the deck" in entries[0].findtext(f"{ATOM}content")
    json.loads(written["catalog.json"])
    assert '<h1 id="title">Q1 webinar </h1>' in written["projects/q1-webinar/index.html"]


def test_a_long_commit_subject_is_cut_wherever_it_is_shown(tmp_path: Path) -> None:
    repo = _handbook(tmp_path / "hb")
    subject = "Move the launch " + "very " * 2000 + "late"
    body = "The whole story. " * 5000
    repo.commit(f"{subject}\n\n{body}", {PROJECT_PATH: MOVED}, name="Lucy Brooks " + "the Third " * 1000)
    run = build(repo.root)
    run.assert_no_traceback()
    assert run.returncode == 0, run.output
    site = repo.root / "site"
    cut = subject[:199].rstrip() + "…"
    for page in ("changes", "changes/2026-11", "projects/q1-webinar"):
        text = (site / page / "index.html").read_text(encoding="utf-8")
        assert _subjects(text)[0] == cut, page
        assert "The whole story" not in text
        assert "the Third " * 20 not in text
    entries = _feed(site).findall(f"{ATOM}entry")
    assert entries[0].findtext(f"{ATOM}title") == cut
    assert len(entries[0].find(f"{ATOM}author").findtext(f"{ATOM}name")) == 200


INJECTED = PROJECT + '"x\\n::warning file=a::pwned": 1\n"y\\r\\u001b[2K::error::gone\\u2028z": 2\n'


def test_a_key_holding_a_line_break_stays_on_its_line_in_check_text(tmp_path: Path) -> None:
    root = write_handbook(
        tmp_path / "hb",
        {"playbooks/team.yml": TEAM, "playbooks/workflows/webinar.yml": WORKFLOW, PROJECT_PATH: INJECTED},
    )
    run = check(root)
    run.assert_no_traceback()
    assert run.returncode == 1
    assert run.stdout.splitlines() == [
        f"{PROJECT_PATH}:5:1: error: unknown key 'x\\n::warning file=a::pwned'",
        f"{PROJECT_PATH}:6:1: error: unknown key 'y\\r\\x1b[2K::error::gone\\u2028z'",
        "2 errors, 0 warnings",
    ]


def test_a_key_holding_a_line_break_is_one_workflow_command_in_check_github(tmp_path: Path) -> None:
    root = write_handbook(
        tmp_path / "hb",
        {"playbooks/team.yml": TEAM, "playbooks/workflows/webinar.yml": WORKFLOW, PROJECT_PATH: INJECTED},
    )
    run = check(root, "--format", "github")
    run.assert_no_traceback()
    assert run.stdout.splitlines() == [
        f"::error file={PROJECT_PATH},line=5,col=1::unknown key 'x\\n::warning file=a::pwned'",
        f"::error file={PROJECT_PATH},line=6,col=1::unknown key 'y\\r\\x1b[2K::error::gone\\u2028z'",
    ]
    listed = json.loads(check(root, "--format", "json").stdout)
    assert [p["message"] for p in listed] == [
        "unknown key 'x\\n::warning file=a::pwned'",
        "unknown key 'y\\r\\x1b[2K::error::gone\\u2028z'",
    ]


def test_a_key_holding_a_line_break_stays_on_its_line_in_the_build_log(tmp_path: Path) -> None:
    root = write_handbook(
        tmp_path / "hb",
        {"playbooks/team.yml": TEAM, "playbooks/workflows/webinar.yml": WORKFLOW, PROJECT_PATH: INJECTED},
    )
    run = build(root)
    run.assert_no_traceback()
    assert run.returncode == 1
    assert f"{PROJECT_PATH}:5:1: error: unknown key 'x\\n::warning file=a::pwned'" in run.output.splitlines()
    assert [line for line in run.output.splitlines() if line.startswith("::")] == []


def test_a_docs_image_named_with_a_line_break_is_warned_about_on_one_line(tmp_path: Path) -> None:
    root = write_handbook(tmp_path / "hb", {"playbooks/team.yml": TEAM})
    (root / "docs" / "a\n::warning file=x::pwned.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "docs" / "index.md").write_text("# Handbook\n\n![x](a%0A::warning%20file=x::pwned.png)\n", encoding="utf-8")
    run = build(root)
    run.assert_no_traceback()
    assert [line for line in run.output.splitlines() if line.startswith("::")] == []
    assert "shows image 'docs/a\\n::warning file=x::pwned.png', which has no licence record" in run.output


def test_github_properties_are_escaped_as_the_runner_reads_them() -> None:
    problem = Problem("playbooks/a,b:c%\nd.yml", 3, 4, Severity.WARNING, "50% done\r\n::error::x")
    assert _github(problem) == (
        "::warning file=playbooks/a%2Cb%3Ac%25\\nd.yml,line=3,col=4::50%25 done\\r\\n::error::x"
    )


def test_opsbook_diff_shows_a_hostile_folder_name_as_code_and_mentions_nobody(tmp_path: Path) -> None:
    repo = _handbook(tmp_path / "hb")
    folder = "`[click](https:evil.example) @admins`\n## Approved"
    repo.commit(
        "A project in an odd folder",
        {
            f"playbooks/{folder}/q2.yml": PROJECT.replace("Q1 product webinar", "'Q2 @org/team [y](https:e) #12'"),
        },
    )
    run = run_limited(["opsbook.cli.main", "diff", "HEAD~1", "HEAD", "--dir", str(repo.root)], cwd=repo.root)
    run.assert_no_traceback()
    assert run.returncode == 0, run.output
    lines = run.stdout.splitlines()
    assert lines[4] == (
        "### Project: Q2 @\u200borg/team \\[y\\](https:e) #\u200b12 "
        "(``playbooks/`[click](https:evil.example) @admins`\\n## Approved/q2.yml``)"
    )
    assert lines[6] == "- Project added: **Q2 @\u200borg/team \\[y\\](https:e) #\u200b12**"
    assert not [line for line in lines if line.startswith("## Approved")]


def test_opsbook_diff_escapes_moved_paths_too(tmp_path: Path) -> None:
    repo = _handbook(tmp_path / "hb")
    repo.git("mv", PROJECT_PATH, "playbooks/projects/@admins [x](https:e).yml")
    repo.commit("Move it")
    run = run_limited(["opsbook.cli.main", "diff", "HEAD~1", "HEAD", "--dir", str(repo.root)], cwd=repo.root)
    run.assert_no_traceback()
    assert (
        f"- File moved: {PROJECT_PATH} → **playbooks/projects/@\u200badmins \\[x\\](https:e).yml**"
        in run.stdout.splitlines()
    )


def test_a_handbook_in_a_folder_whose_name_is_not_utf8_keeps_its_history(tmp_path: Path) -> None:
    top = tmp_path / "repo"
    top.mkdir()
    repo = GitRepo(top)
    root = top / os.fsdecode(b"caf\xe9 handbook")
    write_handbook(
        root, {"playbooks/team.yml": TEAM, "playbooks/workflows/webinar.yml": WORKFLOW, PROJECT_PATH: PROJECT}
    )
    repo.commit("Kick off the Q1 webinar")
    repo.commit("Move the launch", {f"{root.name}/{PROJECT_PATH}": MOVED})
    run = build(root)
    run.assert_no_traceback()
    assert run.returncode == 0, run.output
    page = (root / "site" / "projects" / "q1-webinar" / "index.html").read_text(encoding="utf-8")
    assert _subjects(page) == ["Move the launch", "Kick off the Q1 webinar"]


@pytest.mark.slow
def test_an_ignore_revs_file_of_odd_lines_leaves_out_only_the_commits_it_names(tmp_path: Path) -> None:
    repo = _handbook(tmp_path / "hb")
    moved = repo.commit("Move the launch", {PROJECT_PATH: MOVED})
    # Bytes that are not UTF-8, an option for git, and more abbreviated ids than one command line holds.
    many = "".join(f"{n:08x}\n" for n in range(os.sysconf("SC_ARG_MAX") // 9 + 1000))
    (repo.root / ".git-blame-ignore-revs").write_bytes(
        b"# formatting\nabc\xff\n--output=x\n" + moved[:10].encode() + b"\n" + many.encode()
    )
    run = build(repo.root)
    run.assert_no_traceback()
    assert run.returncode == 0, run.output
    page = (repo.root / "site" / "changes" / "index.html").read_text(encoding="utf-8")
    assert _subjects(page) == ["Kick off the Q1 webinar"]
