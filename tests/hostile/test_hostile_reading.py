"""Hostile and odd files read into data: each gives a positioned error or the right data, in the
working tree and in a past revision alike, within the harness's CPU and memory limits.

Several cases are the official yaml-test-suite's (github.com/yaml/yaml-test-suite), named by id.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pytest
from conftest import TEAM, WORKFLOW, write_handbook
from limits import check
from opsbook.history.quickyaml import Pieces, quick_mapping
from opsbook.loader import Settings, load_handbook
from opsbook.source import parse_source


def _handbook(tmp_path: Path, files: dict[str, str]) -> Path:
    return write_handbook(tmp_path / "hb", {"playbooks/team.yml": TEAM, "playbooks/workflows/webinar.yml": WORKFLOW,
                                            **files})


def _read(text: str, markdown: bool = False) -> tuple[Any, list[str]]:
    """parse_source's data and problems, the same with libyaml first and with ruamel alone."""
    results = []
    for quick in (True, False):
        source, problems = parse_source("x.md" if markdown else "x.yml", text, markdown=markdown, quick=quick)
        results.append((source.data if source is not None else None, [str(p) for p in problems]))
    assert repr(results[0]) == repr(results[1])
    return results[0]


# A valid file the round-trip reader crashed on


@pytest.mark.parametrize("text", [
    "kind: note\ntitle: x   \nbody: # comment\n  >\n  text\n\n",
    "kind: note\nbody: # comment\n  >\n  text\n  more\n\nnext: 1\n",
    "kind: note\nbody:    # comment\n          # lines\n  text\n\n\n",  # yaml-test-suite 7TMG's shape
], ids=repr)
def test_a_comment_after_a_key_whose_value_follows_on_a_later_line_reads(text: str) -> None:
    data, problems = _read(text)
    assert problems == []
    assert data["body"] in ("text\n", "text more\n", "text")


def test_a_note_with_that_front_matter_checks_clean(tmp_path: Path) -> None:
    run = check(_handbook(tmp_path, {"resource_hub/notes/recap.md": (
        "---\nkind: note\ntitle: # the meeting's name\n  >\n  Weekly recap\n\n---\nNotes.\n")}))
    run.assert_no_traceback()
    assert run.returncode == 0, run.output


# YAML 1.2's core schema


@pytest.mark.parametrize(("value", "expected"), [
    ("true", True), ("True", True), ("TRUE", True), ("false", False), ("False", False), ("FALSE", False),
    ("tRUE", "tRUE"), ("yes", "yes"), ("on", "on"), ("No", "No"),
    ("null", None), ("Null", None), ("NULL", None), ("~", None), ("", None), ("nULL", "nULL"),
    ("12", 12), ("-7", -7), ("+3", 3), ("012", 12), ("0o17", 15), ("0x1F", 31), ("0xff", 255),
    ("1_000", "1_000"), ("0b101", "0b101"), ("0x_1", "0x_1"), ("-0x1F", "-0x1F"), ("0O17", "0O17"), ("+_", "+_"),
    ("1.5", 1.5), ("-.5", -0.5), ("1.", 1.0), ("1e3", 1000.0), ("2.5E-2", 0.025), ("1_0.5", "1_0.5"), ("._", "._"),
    (".inf", math.inf), ("-.Inf", -math.inf), ("+.INF", math.inf), (".iNF", ".iNF"),
    (".nan", "nan"), (".NaN", "nan"), (".NAN", "nan"), (".Nan", ".Nan"),
    ("2027-01-21", dt.date(2027, 1, 21)), ("10:00", "10:00"), ("=", "="), ("<<", "<<"),
])
def test_plain_scalars_read_as_the_yaml_12_core_schema_has_them(value: str, expected: Any) -> None:
    text = f"kind: ritual\nvalue: {value}\n"
    data, problems = _read(text)
    assert problems == []
    got = data["value"]
    if expected == "nan":
        assert isinstance(got, float) and math.isnan(got)
    else:
        assert (type(got), got) == (type(expected), expected)
    quick = quick_mapping(text, Pieces())
    assert quick is None or repr(quick) == repr(data)


def test_working_days_only_true_in_capitals_is_on(tmp_path: Path) -> None:
    root = _handbook(tmp_path, {"playbooks/workflows/webinar.yml": WORKFLOW + "working_days_only: True\n"})
    result = load_handbook(Settings(root=root, today=dt.date(2026, 11, 23)))
    assert result.errors == []
    assert result.handbook is not None and result.handbook.get("workflow", "webinar").working_days_only is True
