"""Hostile and odd files read into data: each gives a positioned error or the right data, in the
working tree and in a past revision alike, within the harness's CPU and memory limits.

Several cases are the official yaml-test-suite's (github.com/yaml/yaml-test-suite), named by id.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import math
from pathlib import Path
from typing import Any

import pytest
from conftest import TEAM, WORKFLOW, write_handbook
from gitrepo import GitRepo
from limits import build, check
from opsbook.core.loader import Settings, load_handbook
from opsbook.core.source import parse_quickly, parse_source
from opsbook.history.revisions import RevisionCache


def _laughs(levels: int) -> str:
    """The billion laughs: each level a list of ten aliases of the level before."""
    lines = [
        "kind: ritual",
        "title: Laughs",
        'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
    ]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, levels)]
    return "\n".join(lines) + "\n"


LAUGHS = "playbooks/rituals/laughs.yml"
LAUGHS_ERROR = f"{LAUGHS}:3:5: error: anchors and aliases are not allowed (found '&a0')"
DEEP = "playbooks/rituals/deep.yml"
DEEP_TEXT = "kind: ritual\ntitle: " + "[" * 600 + "]" * 600 + "\n"
# The root mapping is the first level; the 100th '[' (column 8 + 99) is the 101st.
DEEP_ERROR = (
    f"{DEEP}:2:107: error: lists and mappings nest more than 100 levels deep here: a handbook entry nests a few levels"
)


def _handbook(tmp_path: Path, files: dict[str, str]) -> Path:
    return write_handbook(
        tmp_path / "hb", {"playbooks/team.yml": TEAM, "playbooks/workflows/webinar.yml": WORKFLOW, **files}
    )


def _errors(output: str) -> list[str]:
    return [line.strip() for line in output.splitlines() if ": error: " in line]


def _read(text: str, markdown: bool = False) -> tuple[Any, list[str]]:
    """parse_source's data and problems, the same with libyaml first and with ruamel alone."""
    results = []
    for quick in (True, False):
        source, problems = parse_source("x.md" if markdown else "x.yml", text, markdown=markdown, quick=quick)
        results.append((source.data if source is not None else None, [str(p) for p in problems]))
    assert repr(results[0]) == repr(results[1])
    return results[0]


def _committed_then_gone(tmp_path: Path, path: str, text: str) -> GitRepo:
    """A handbook's repository where `path` held `text` in one commit and is deleted in the next."""
    repo = GitRepo(_handbook(tmp_path, {}))
    repo.commit("Start the handbook", date="2026-11-01T10:00:00+00:00")
    repo.commit("Add a file", {path: text}, date="2026-11-02T10:00:00+00:00")
    repo.git("rm", "-q", path)
    repo.commit("Remove the file", date="2026-11-03T10:00:00+00:00")
    return repo


# Billion laughs


def test_billion_laughs_in_the_working_tree_is_one_error_at_its_first_anchor(tmp_path: Path) -> None:
    run = check(_handbook(tmp_path, {LAUGHS: _laughs(9)}))
    run.assert_no_traceback()
    assert run.returncode == 1
    assert _errors(run.output) == [LAUGHS_ERROR]


def test_billion_laughs_committed_once_and_deleted_costs_later_builds_nothing(tmp_path: Path) -> None:
    repo = _committed_then_gone(tmp_path, LAUGHS, _laughs(9))
    run = build(repo.root)
    run.assert_no_traceback()
    assert run.returncode == 0, run.output


def test_the_walk_stops_at_the_first_anchor_and_builds_nothing_of_it() -> None:
    data, problems = _read(_laughs(3) + "b: *a2\n")
    assert data is None
    assert problems == ["x.yml:3:5: error: anchors and aliases are not allowed (found '&a0')"]


def test_an_anchored_key_is_refused_too() -> None:
    assert _read("kind: ritual\n&k title: x\n") == (
        None,
        ["x.yml:2:1: error: anchors and aliases are not allowed (found '&k')"],
    )


# Nesting


def test_nesting_deeper_than_the_limit_is_an_error_at_the_list_too_deep(tmp_path: Path) -> None:
    run = check(_handbook(tmp_path, {DEEP: DEEP_TEXT}))
    run.assert_no_traceback()
    assert run.returncode == 1
    assert _errors(run.output) == [DEEP_ERROR]


def test_deep_nesting_committed_in_the_past_does_not_break_a_build(tmp_path: Path) -> None:
    repo = _committed_then_gone(tmp_path, DEEP, DEEP_TEXT)
    run = build(repo.root)
    run.assert_no_traceback()
    assert run.returncode == 0, run.output


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "a:\n" + "".join("  " * n + f"k{n}:\n" for n in range(1, 101)),
            "x.yml:101:201: error: lists and mappings nest more than 100 levels deep here",
        ),
        ("a: " + "[" * 99 + "]" * 99 + "\n", None),
        (
            "a: " + "[" * 100 + "]" * 100 + "\n",
            "x.yml:1:103: error: lists and mappings nest more than 100 levels deep here",
        ),
        (
            "a: " + "{b: " * 150 + "}" * 150 + "\n",
            "x.yml:1:400: error: lists and mappings nest more than 100 levels deep here",
        ),
    ],
    ids=["block-mappings", "100-levels", "101-levels", "flow-mappings"],
)
def test_the_depth_limit_counts_every_list_and_mapping(text: str, message: str | None) -> None:
    data, problems = _read(text)
    if message is None:
        assert problems == [] and data is not None
    else:
        assert data is None and [p.split(": a handbook")[0] for p in problems] == [message]


# Characters YAML escapes can write and UTF-8 cannot


def test_a_lone_surrogate_escape_is_an_error_at_its_value_not_a_crash_when_pages_are_written(tmp_path: Path) -> None:
    root = _handbook(
        tmp_path,
        {
            "playbooks/rituals/stand-up.yml": """\
        kind: ritual
        title: "Stand-up \\ud800"
        attendees: [strategist]
        starts: 2027-01-04
        time: "10:00"
        repeat: weekly
        """
        },
    )
    run = build(root)
    run.assert_no_traceback()
    assert run.returncode == 1
    assert _errors(run.output)[0].endswith(
        "playbooks/rituals/stand-up.yml:2:8: error: '\\ud800' is half of a UTF-16 surrogate pair, not a character: "
        "write the character itself, or its '\\U' escape of eight digits"
    )


def test_surrogates_are_refused_in_keys_and_pairs_too_and_every_other_character_reads() -> None:
    data, problems = _read('kind: ritual\n"\\udfff": 1\ntitle: "\\ud83d\\ude00"\nok: "\\U0001F600 \\u00e9"\n')
    assert [p.split(": error: ")[0] for p in problems] == ["x.yml:2:1", "x.yml:3:8"]
    assert data["ok"] == "😀 é"


# A valid file the round-trip reader crashed on


@pytest.mark.parametrize(
    "text",
    [
        "kind: note\ntitle: x   \nbody: # comment\n  >\n  text\n\n",
        "kind: note\nbody: # comment\n  >\n  text\n  more\n\nnext: 1\n",
        "kind: note\nbody:    # comment\n          # lines\n  text\n\n\n",  # yaml-test-suite 7TMG's shape
    ],
    ids=repr,
)
def test_a_comment_after_a_key_whose_value_follows_on_a_later_line_reads(text: str) -> None:
    data, problems = _read(text)
    assert problems == []
    assert data["body"] in ("text\n", "text more\n", "text")


def test_a_note_with_that_front_matter_checks_clean(tmp_path: Path) -> None:
    run = check(
        _handbook(
            tmp_path,
            {
                "resource_hub/notes/recap.md": (
                    "---\nkind: note\ntitle: # the meeting's name\n  >\n  Weekly recap\n\n---\nNotes.\n"
                )
            },
        )
    )
    run.assert_no_traceback()
    assert run.returncode == 0, run.output


# YAML 1.2's core schema


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("true", True),
        ("True", True),
        ("TRUE", True),
        ("false", False),
        ("False", False),
        ("FALSE", False),
        ("tRUE", "tRUE"),
        ("yes", "yes"),
        ("on", "on"),
        ("No", "No"),
        ("null", None),
        ("Null", None),
        ("NULL", None),
        ("~", None),
        ("", None),
        ("nULL", "nULL"),
        ("12", 12),
        ("-7", -7),
        ("+3", 3),
        ("012", 12),
        ("0o17", 15),
        ("0x1F", 31),
        ("0xff", 255),
        ("1_000", "1_000"),
        ("0b101", "0b101"),
        ("0x_1", "0x_1"),
        ("-0x1F", "-0x1F"),
        ("0O17", "0O17"),
        ("+_", "+_"),
        ("1.5", 1.5),
        ("-.5", -0.5),
        ("1.", 1.0),
        ("1e3", 1000.0),
        ("2.5E-2", 0.025),
        ("1_0.5", "1_0.5"),
        ("._", "._"),
        (".inf", math.inf),
        ("-.Inf", -math.inf),
        ("+.INF", math.inf),
        (".iNF", ".iNF"),
        (".nan", "nan"),
        (".NaN", "nan"),
        (".NAN", "nan"),
        (".Nan", ".Nan"),
        ("2027-01-21", dt.date(2027, 1, 21)),
        ("10:00", "10:00"),
        ("=", "="),
        ("<<", "<<"),
    ],
)
def test_plain_scalars_read_as_the_yaml_12_core_schema_has_them(value: str, expected: Any) -> None:
    text = f"kind: ritual\nvalue: {value}\n"
    data, problems = _read(text)
    assert problems == []
    got = data["value"]
    if expected == "nan":
        assert isinstance(got, float) and math.isnan(got)
    else:
        assert (type(got), got) == (type(expected), expected)


def test_working_days_only_true_in_capitals_is_on(tmp_path: Path) -> None:
    root = _handbook(tmp_path, {"playbooks/workflows/webinar.yml": WORKFLOW + "working_days_only: True\n"})
    result = load_handbook(Settings(root=root, today=dt.date(2026, 11, 23)))
    assert result.errors == []
    assert result.handbook is not None and result.handbook.get("workflow", "webinar").working_days_only is True


# Tabs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: b\t\n", {"a": "b"}),
        ("a:\tb\n", {"a": "b"}),
        ("a: b\t# note\n", {"a": "b"}),
        ("a: b \t \n", {"a": "b"}),
        ("a: b\tc\n", {"a": "b\tc"}),
        ("a: 'b'\t\nc: [d,\te]\t\n", {"a": "b", "c": ["d", "e"]}),
        ("a: |\t\n  x\t\n", {"a": "x\t\n"}),
        ("a:\t\n  b: c\n", {"a": {"b": "c"}}),
        ("a: 1\n\t\n \t# note\nb: 2\n", {"a": 1, "b": 2}),  # yaml-test-suite DK95/04, DK95/05
        ("a:\n- foo:\t bar\n- - baz\n  -\tbaz\n", {"a": [{"foo": "bar"}, ["baz", "baz"]]}),  # 6BCT
        ("? a\n: -\tb\n  -  -\tc\n     - d\n", {"a": ["b", ["c", "d"]]}),  # A2M4
    ],
    ids=repr,
)
def test_tabs_separate_tokens_within_a_line(text: str, expected: dict[str, Any]) -> None:
    assert _read(text) == (expected, [])


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("a:\n\tb: c\n", "x.yml:2:1"),  # tab indentation
        ("a:\n  b: 1\n  \tc: 2\n", "x.yml:3:3"),  # DK95/06
        ("a: -\t- b\n", "x.yml:1:4"),
        ("-\t-\n", "x.yml:1:2"),  # Y79Y/004
        ("?\t-\n", "x.yml:1:2"),  # Y79Y/006
        ("?\tkey:\n", "x.yml:1:2"),  # Y79Y/008
    ],
    ids=repr,
)
def test_a_tab_that_would_indent_is_still_an_error(text: str, position: str) -> None:
    data, problems = _read(text)
    assert data is None and [p.split(": error: ")[0] for p in problems] == [position]


# Windows line ends


def test_crlf_markdown_and_yaml_check_clean(tmp_path: Path) -> None:
    root = _handbook(tmp_path, {})
    (root / "resource_hub" / "notes").mkdir(parents=True)
    (root / "resource_hub" / "notes" / "recap.md").write_bytes(
        b"---\r\nkind: note\r\ntitle: Weekly recap\r\ndate: 2026-11-20\r\n---\r\n\r\n# Recap\r\n\r\nAll well.\r\n"
    )
    (root / "playbooks" / "rituals").mkdir(parents=True)
    (root / "playbooks" / "rituals" / "stand-up.yml").write_bytes(
        b"kind: ritual\r\ntitle: Stand-up\r\nattendees: [strategist]\r\nstarts: 2027-01-04\r\ntime: 10:00\r\n"
        b"repeat: weekly\r\n"
        b"summary: |\r\n  Two\r\n  lines\r\n"
    )
    result = load_handbook(Settings(root=root, today=dt.date(2026, 11, 23)))
    assert result.errors == []
    note = result.sources["resource_hub/notes/recap.md"]
    assert note.data["title"] == "Weekly recap" and note.body == "# Recap\n\nAll well.\n"
    assert result.sources["playbooks/rituals/stand-up.yml"].data["summary"] == "Two\nlines\n"


def test_positions_in_a_crlf_file_are_its_lines_and_columns() -> None:
    text = "---\r\nkind: note\r\ntitle: A\r\ntags: [a, b]\r\ntitle: B\r\n---\r\nBody\r\n"
    assert _read(text, markdown=True)[1] == ["x.md:5:1: error: duplicate key 'title' (first at line 3)"]
    clean = text.replace("title: B\r\n", "")
    assert parse_quickly("x.md", clean, markdown=True) is not None  # libyaml reads CRLF as ruamel does
    for quick in (True, False):
        source = parse_source("x.md", clean, markdown=True, quick=quick)[0]
        assert source is not None
        position = source.positions.value(("tags", 1))
        assert (position.line, position.column) == (4, 11)


def test_a_crlf_note_in_a_past_revision_reads() -> None:
    blob = b"---\r\nkind: note\r\ntitle: Weekly recap\r\n---\r\nBody\r\n"
    version = RevisionCache().version("resource_hub/notes/recap.md", "b1", lambda _: blob)
    assert version.readable, version.problem
    assert version.title == "Weekly recap"


# Past revisions read as the working tree does


@pytest.mark.parametrize(
    "text",
    [
        _laughs(3),
        "kind: ritual\ntitle: " + "[" * 600 + "]" * 600 + "\n",
        'kind: ritual\ntitle: "\\ud800"\n',
        "kind: ritual\ntitle: x\nbody: # c\n  >\n  text\n\n",
        "kind: ritual\ntitle: True\nn: 1_000\nm: 0b1\n",
        "kind: ritual\ntitle: x\t\n",
        "kind: ritual\r\ntitle: x\r\nn: TRUE\r\n",
        "%YAML 1.3\n---\nkind: ritual\n",
    ],
    ids=["laughs", "deep", "surrogate", "comment-then-folded", "core-schema", "tab", "crlf", "yaml-1.3"],
)
def test_a_past_revision_reads_as_the_working_tree_reads_it(text: str) -> None:
    data, problems = _read(text)
    cache = RevisionCache()
    assert repr(cache.data("playbooks/rituals/x.yml", "b1", lambda _: text.encode())) == repr(
        None if problems else data
    )


def test_pyyaml_which_the_fast_reader_imports_is_a_declared_dependency() -> None:
    requirements = importlib.metadata.requires("opsbook") or []
    assert any(r.lower().startswith("pyyaml") for r in requirements)
