"""The fast reader of old revisions builds what the handbook's own reader builds, or declines."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO
from opsbook.history.quickyaml import quick_mapping
from opsbook.source import parse_source, split_front_matter


def _reference(text: str) -> dict | None:
    source, problems = parse_source("x.yml", text, markdown=False, quick=False)
    return source.data if source is not None and not problems else None


def _example_texts() -> list[Path]:
    return sorted(p for folder in ("playbooks", "resource_hub") for p in (REPO / folder).rglob("*")
                  if p.suffix in (".yml", ".yaml", ".md"))


@pytest.mark.parametrize("path", _example_texts(), ids=lambda p: p.name)
def test_example_handbook_files_read_the_same_as_with_the_handbook_reader(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        split = split_front_matter(text)
        assert split is not None
        text = split[0]
    quick = quick_mapping(text)
    assert quick is not None
    assert quick == _reference(text)


@pytest.mark.parametrize("value", [
    "10:00", "no", "on", "yes", "off", "true", "false", "True", "FALSE", "~", "null", "", "42", "-7", "+3",
    "0x1F", "0o17", "1_000", "3.5", "-.5", "1e3", "2.5e-2", ".inf", "-.INF", ".nan", "2027-01-21",
    "2027-1-5", "2027-02-30", "2027-01-21T10:00:00", "'quoted 10:00'", '"2027-01-21"', "[a, b]",
    "{x: 1}", "!!str 3", "&a 1", "[What did you do yesterday?, Any roadblocks?]", "|\n  block\n  text",
    "30m", "-30d", "5bd", "1.", "007", "0.0", "'it''s'", ".5e5", ".5e+5", "0b101", "+_", "._", "=", "! 3",
    "2027-01-21 10:00:00", "2027-01-21T10:00:00Z", ">\n  folded\n  text", "|-\n \n\n  x",
])
def test_a_value_reads_as_the_handbook_reader_reads_it_or_is_left_to_it(value: str) -> None:
    text = f"kind: ritual\nvalue: {value}\n"
    quick = quick_mapping(text)
    assert quick is None or quick == _reference(text)


@pytest.mark.parametrize("text", [
    "kind: team\nkind: team\n", "a: &x 1\nb: *x\n", "<<: {a: 1}\n", "? [a, b]\n: c\n", "- a\n- b\n",
    "a: [b\n", "kind: team\n  bad: indent\n",
])
def test_what_the_handbook_reader_rejects_is_left_to_it(text: str) -> None:
    assert quick_mapping(text) is None
