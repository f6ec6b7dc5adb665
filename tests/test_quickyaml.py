"""The fast reader of old revisions builds what the handbook's own reader builds, or declines."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from conftest import REPO
from opsbook.core.source import parse_source, split_front_matter
from opsbook.history.quickyaml import Pieces, _compose, _literal, _one_line, quick_mapping

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import Shape, project, workflow


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


# Reading piece by piece (quickyaml.Pieces): the same mapping as the whole text, or no answer.

def _typed(value: object) -> str:
    """A value's repr, which tells True from 1 and a date from its text (== does not)."""
    return repr(value)


def _check_pieces(text: str, pieces: Pieces | None = None) -> dict | None:
    """Pieces' answer for `text`, checked: the whole-text reader's answer, or none when that one
    gives none (the tests above hold the whole-text reader to the handbook reader)."""
    found = (pieces or Pieces()).mapping(text)
    if found is not None:
        assert _typed(found) == _typed(quick_mapping(text)), text
    return found


PIECE_CASES = [
    "a: 1\nb:\n- x\n- y\nc: 2\n", "a: 1\n# note\nb: 2\n", "# lead\n\nkind: team\n", "a: |+\n  x\n\n\nb: 1\n",
    "a: |+\n  x\n\n", "a: |\n  x", "a: 'it\nb: x'\n", 'a: "foo\nb: bar"\n', "a: [x,\nb]\n", "a: {x: 1,\ny: 2}\n",
    "a: foo\nbar\n", "tasks:\n  - id: a\n    title: x\n  - id: b\n", "tasks:\n  - id: a\n  - 'b\n  - c'\n",
    "tasks:\n  - a\n  b: c\n", "tasks:\n  - a\n - b\n", "tasks:\n  # only a comment\n  - a\n  - b\n",
    "tasks:\n  -\n    id: a\n  - id: b\n", "tasks:\n  - a\n  -", "tasks:\n  - - a\n    - b\n  - c\n",
    "tasks:\n  - a: |\n      text\n      - not an item\n  - b\n", "tasks:\n- a\n- b\n", "a:\n  b: 1\n  c: 2\n",
    "---\na: 1\n", "a: 1\n---\nb: 2\n", "a: 1\n...\n", "a: 1\r\nb: 2\r\n", "a: 1\n\tb: 2\n", "a:\n\t- x\n",
    "\x0c\na: 1\n", "a: 1\n# \x07 bell\nb: 2\n", "kind: team\nkind: team\n", "tasks:\n  - a\ntasks:\n  - b\n",
    "<<: {a: 1}\nb: 2\n", "? a\n: b\n", "a: 1\n  b: 2\n", "  a: 1\n  b: 2\n", "- a\n- b\n", "a: 1 # c\nb: 2\n",
    "key with spaces: 1\nother: 2\n", '"quoted": 1\nb: 2\n', "a: b: c\n", "tasks: \n  - x\n",
    "tasks:   \n\n  - x\n\n  - y\n", "a:\n  - x\n  # comment\n  - y\n", "a:\n  - x\n# comment\n  - y\n",
    "a:\n  - x: 1\n    y: 2\n  - x: 3\n", "a:\n  - |\n    block\n  - b\n", "a:\n  - >-\n    folded\n    text\n  - b\n",
    "a: [1, 2]\nb: {c: d}\n", "a: 2027-01-21\nb: 10:00\n", "a:\n  - 2027-02-30\n  - x\n", "a:\n  - 0x1F\n  - x\n",
    "body: |\n  # Heading\n  - list\n  text\nnext: 1\n", "a: 1\n-\n", "a:\n- b\nc:\n  - d\n  - e\n",
    "a: >\n  folded\n\n  para\nb: 1\n", "ключ: 1\nb: 2\n", "a: 1\n\n\n", "", "# only a comment\n", "a",
    "a:\n  - x\n  -y\n", "a:\n  - x\n  - y\n  z\n", "a:\n    - x\n  - y\n", "a:\n  - 'x'\n  - \"y\\\"\n  z\"\n",
    "a:\n  - x\n\x0b  - y\n", "a:\n  - x\n  - y\n\ufeffb: 1\n", "a: 1\n\u2028b: 2\n", "true:\n  - x\n  - y\n",
    "1:\n  - x\n  - y\n", "a.b-c_d:\n  - x\n  - y\n", "a:\n  - x\n  - y\nb:\n  - x\n  - y\n",
    "a:\n  - x\n  - y\n  -\n", "a:\n  - [x,\n  - y]\n", "a:\n  - {x: 1,\n  - y: 2}\n", "a:\n  - x #c\n  - y\n",
    "tasks:\n  - id: a\n    due: -3d\n  - id: b\n    before: [a]\n", "a:\n - x\n - y\n", "a:\n      - x\n      - y\n",
]


@pytest.mark.parametrize("text", PIECE_CASES)
def test_a_text_read_piece_by_piece_reads_as_a_whole_or_is_left_to_the_whole_reader(text: str) -> None:
    _check_pieces(text)


def test_pieces_answer_for_the_usual_shapes() -> None:
    # Not a tautology: the usual handbook shapes do go the fast way.
    for text in ("a: 1\nb:\n- x\n- y\nc: 2\n", "tasks:\n  - id: a\n    title: x\n  - id: b\n", "a: |+\n  x\n\n\nb: 1\n",
                 "# lead\n\nkind: team\n", "tasks:\n  # only a comment\n  - a\n  - b\n"):
        assert _check_pieces(text) is not None, text


def _mutations(text: str, rng: random.Random) -> str:
    """`text` with a few changes that move YAML's line structure about."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(lines))
        indent = " " * rng.choice((0, 0, 1, 2, 4, 6))
        op = rng.randrange(9)
        if op == 0:
            lines.insert(i, indent + "# a comment: - x")
        elif op == 1:
            lines.insert(i, "")
        elif op == 2 and lines[i].lstrip().startswith("- "):
            lines[i] = lines[i].lstrip()  # a sequence item moved to column 0
        elif op == 3:
            lines[i] += rng.choice(("  ", " # trailing", "\t", ":"))
        elif op == 4:
            lines.insert(i, indent + rng.choice(("- extra", "-", "key: value", "'open", '"open', "[open", "more")))
        elif op == 5 and ": " in lines[i]:
            head, _, _ = lines[i].partition(": ")
            lines[i] = head + ": " + rng.choice(("|", "|+", ">-", "[a,", "'x", "2027-02-30", "yes", "~", "10:00"))
        elif op == 6:
            del lines[i]
        elif op == 7:
            lines[i] = lines[i][1:]  # one column less
        else:
            lines[i] = " " + lines[i]
    joined = "\n".join(lines)
    return joined.rstrip("\n") if rng.random() < 0.2 else joined


def _revisions() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in _example_texts() if p.suffix != ".md"]
    shape = Shape(12)
    texts += [workflow(shape, i, version) for i in range(3) for version in range(4)]
    texts += [project(shape, i, version) for i in range(3) for version in range(4)]
    return texts


def test_changed_texts_read_piece_by_piece_as_a_whole_or_are_left_to_the_whole_reader() -> None:
    rng = random.Random(20261123)
    answered = 0
    for text in _revisions():
        for _ in range(12):
            answered += _check_pieces(_mutations(text, rng)) is not None
    assert answered > 100  # the mutations leave many texts that the pieces still read


def test_pieces_kept_across_revisions_read_each_as_a_fresh_reader_would() -> None:
    kept = Pieces()
    for text in _revisions():
        assert _typed(_check_pieces(text, kept)) == _typed(Pieces().mapping(text))


def test_a_revision_composes_only_the_pieces_it_changed() -> None:
    shape = Shape(12)
    pieces = Pieces()
    assert pieces.mapping(workflow(shape, 1, 0)) is not None
    read = len(pieces._values)
    # The next revision changes one task's title and due offset, and the workflow's title.
    assert _typed(pieces.mapping(workflow(shape, 1, 1))) == _typed(quick_mapping(workflow(shape, 1, 1)))
    assert len(pieces._values) - read == 2


@pytest.mark.parametrize("value", [
    "Workflow 3 (revision 5)", "2027-03-08", "wf-0003", "10", "007", "1e3", "3.5", "1_000", "2027-02-30", "true",
    "True", "no", "null", "x", "a  b", "A/B+C", "v1.2.3", "(x)", "0x1F", "1.", "2027-1-5", "Null", "nan",
])
def test_a_one_line_piece_reads_as_libyaml_reads_it(value: str) -> None:
    text = f"key: {value}\n"
    assert _one_line(text) is not None or value in ("1_000", "2027-02-30", "True", "0x1F", "2027-1-5", "(x)")
    assert _typed(_one_line(text) or _compose(text)) == _typed(_compose(text))


# Pieces read without libyaml: a sequence item that is a mapping of one-line entries, and a
# literal block scalar in its usual shape. Each must give what libyaml gives, or decline.

ITEM_CASES = [
    "  - id: a\n    title: Step 3 of workflow 76, revised 3\n    consulted: [role-0001, role-2]\n    due: -45d\n",
    "  - id: a\n    before: []\n    duration: 2d\n    effort: 2h\n", "- id: a\n  n: 10\n  x: 1e3\n  d: 2027-01-21\n",
    "  - id: a\n    tags: [ a , b ]\n    v: +3\n    w: -7\n", "  - id: a\n    id: b\n", "  - id: a\n   title: x\n",
    "  - id: a\n      title: x\n", "  - id: a\n    title: x\n      more\n", "  - id: a\n\n    title: x\n",
    "  - id: a\n    # note\n    title: x\n", "  - id: a\n    title: x # note\n", "  - id: a\n    title: x\n  - id: b\n",
    "  - id: a\n    title: a: b\n", "  - id: a\n    tags: [a, b,]\n", "  - id: a\n    tags: [a, [b]]\n",
    "  - id: a\n    tags: [a b, -c, +d]\n", "  - id: a\n    x: 2027-02-30\n", "  - id: a\n    x: 0x1F\n",
    "  - id: a\n    x: true\n    y: True\n    z: null\n", "  - id: a\n    title: x", "  -  id: a\n", "  - a\n",
    "  - id: a\n    title: -\n", "  - id: a\n    title: - x\n", "  - id: a\n    title: x,\n", "  - id: a\n    t: a,b\n",
    "x - id: a\n", "  - id: a\n    tags: [a,\n    b]\n", "  - id: a\n    title: 'x'\n", "  - id: a\n\ttitle: x\n",
    "  - id: a\n    t: a , b\n", "  - id: a\n    t: 1,000\n", "  - id: a\n    t: [1,000]\n", "  - id: a\n    <<: b\n",
]
LITERAL_CASES = [
    "body: |\n  Project 53 follows workflow 53. This text is revision 8.\n", "body: |\n  a\n  b: c # d\n  - e\n",
    "body: |\n    deep\n    text\n", "body: |\n  a\n    more\n", "body: |\n  a\n\n  b\n", "body: |\n  a\n", "body: |\n  a",
    "body: |-\n  a\n", "body: |2\n  a\n", "body: | # c\n  a\n", "body: |\n  a\tb\n", "body: |\n  a\n b\n",
    "body: |\n  é ü — ok\n", "body: |\n  a\u2028b\n", "body: |\n  a\x07\n", "body: |\n  *a* &b !c >d |e\n",
    "body: |\n  a  \n", "body: |\n  a\n\n", "body: |\n  a\r\n", "body: >\n  a\n",
]


@pytest.mark.parametrize("text", ITEM_CASES + LITERAL_CASES)
def test_a_piece_read_without_libyaml_reads_as_libyaml_reads_it(text: str) -> None:
    pieces = Pieces()
    fast = pieces._item(text) or _literal(text)
    if fast is not None:
        assert _typed(fast) == _typed(_compose(text)), text
    assert _typed(pieces._value(text)) == _typed(_compose(text)) or fast is None


def test_usual_items_and_notes_are_read_without_libyaml() -> None:
    pieces = Pieces()
    for text in ITEM_CASES[:4]:
        assert pieces._item(text) is not None, text
    for text in [*LITERAL_CASES[:3], "body: |\n  é ü — ok\n", "body: |\n  *a* &b !c >d |e\n"]:
        assert _literal(text) is not None, text


def test_mutated_items_and_notes_read_as_libyaml_reads_them_or_are_left_to_it() -> None:
    rng = random.Random(20261129)
    answered = 0
    for text in ITEM_CASES[:4] + LITERAL_CASES[:3]:
        for _ in range(200):
            changed = _mutations(text, rng)
            fast = Pieces()._item(changed) or _literal(changed)
            if fast is not None:
                answered += 1
                assert _typed(fast) == _typed(_compose(changed)), changed
    assert answered > 50  # the mutations leave many pieces that are still read the fast way
