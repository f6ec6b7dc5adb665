"""libyaml's reading of a file (`source.parse_quickly`) is ruamel's — the same data, the same
position of every key and value — or it declines, and ruamel reads the file as before. Problems
always come from ruamel's reading, so they are the same with or without libyaml."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO
from opsbook.core.source import SourceFile, parse_quickly, parse_source

FIXTURES = Path(__file__).parent / "fixtures"


def _files(*folders: Path) -> list[Path]:
    return sorted(p for folder in folders for p in folder.rglob("*") if p.suffix in (".yml", ".yaml", ".md"))


EXAMPLE = _files(REPO / "playbooks", REPO / "resource_hub", FIXTURES / "loader" / "valid")
BROKEN = _files(FIXTURES / "loader" / "broken")


def _typed(value: Any) -> Any:
    """`value` with the type of every part spelt out: True is not 1, 1.0 is not 1."""
    if isinstance(value, dict):
        return {key: _typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_typed(item) for item in value]
    return type(value).__name__, repr(value)


def _read(source: SourceFile | None) -> Any:
    """Everything a reader gives back, in order: data, positions (keys and values), body."""
    if source is None:
        return None
    return (
        _typed(source.data),
        list(source.positions.keys.items()),
        list(source.positions.values.items()),
        source.body,
    )


def _parse(text: str, markdown: bool, quick: bool) -> tuple[Any, list[str]]:
    """What parse_source gives back, or the error it raises (ruamel's ReaderError, for one)."""
    try:
        source, problems = parse_source("x.yml", text, markdown=markdown, quick=quick)
    except Exception as err:
        return ("raised", repr(err)), []
    return _read(source), [repr(p) for p in problems]


def _assert_agrees_or_declines(text: str, markdown: bool = False) -> bool:
    """libyaml reads `text` as ruamel does, or declines; parse_source is the same either way.
    Whether libyaml vouched for it."""
    quick = parse_quickly("x.yml", text, markdown=markdown)
    reference, problems = _parse(text, markdown, quick=False)
    if quick is not None:
        assert problems == []
        assert _read(quick) == reference
    assert _parse(text, markdown, quick=True) == (reference, problems)
    return quick is not None


def _text(path: Path) -> str:
    return path.read_bytes().decode("utf-8-sig")


@pytest.mark.parametrize("path", EXAMPLE, ids=lambda p: str(p.relative_to(REPO)))
def test_every_example_file_is_read_by_libyaml_exactly_as_by_ruamel(path: Path) -> None:
    assert _assert_agrees_or_declines(_text(path), markdown=path.suffix == ".md")


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_every_broken_fixture_reads_the_same_and_has_the_same_problems_with_libyaml(path: Path) -> None:
    _assert_agrees_or_declines(_text(path), markdown=path.suffix == ".md")


@pytest.mark.parametrize(
    "text",
    [
        "kind: team\nkind: team\n",
        "a: &x 1\nb: *x\n",
        "a: &x 1\n",
        "<<: {a: 1}\n",
        "a: !!str 3\n",
        "a: ! 3\n",
        "a: !local x\n",
        '{"a":!t 1}\n',
        "a: &*x 1\n",
        "%YAML 1.1\n---\na: yes\n",
        "# c\n%YAML 1.2\n---\na: 1\n",
        "? [a, b]\n: c\n",
        "- a\n- b\n",
        "just text\n",
        "",
        "# only a comment\n",
        "a: [b\n",
        "a: 2027-02-30\n",
        "a: b\nc:\n",
        "a: {b: }\n",
        "- \n",
        "a:\n  - b\n  -\n",
        "a: >\n  one\n  two\n",
        "a: >-\n  x\n",
        "a: |-\n \n\n  b: 1\n",
        "a: |-#\n  x\n",
        "a: " + "[" * 70 + "]" * 70 + "\n",
        "a:\tb\n",
        "a: b\u2028c\n",
        "a: b\x85c\n",
        "\ufeffa: 1\n",
        "a: 1\rb: 2\r",
        "a: x\x07\n",
        "a: 1\n---\nb: 2\n",
    ],
    ids=repr,
)
def test_what_libyaml_might_read_or_place_otherwise_is_left_to_ruamel(text: str) -> None:
    assert parse_quickly("x.yml", text, markdown=False) is None
    _assert_agrees_or_declines(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: yes\nb: on\nc: No\nd: OFF\n",
        "a: 0o17\nb: 0x1F\nc: 0b101\nd: 017\n",
        "a: 1_000\nb: -7\nc: +3\n",
        "a: .inf\nb: -.INF\nc: .nan\nd: 1e3\ne: 2.5e-2\nf: 1.\ng: .5e5\nh: .5e+5\n",
        "a: true\nb: False\nc: TRUE\n",
        "a: ~\nb: null\nc: ''\nd: \"\"\n",
        "a: 2027-01-21\nb: 2027-1-5\nc: '2027-01-21'\n",
        "a: 2027-01-21T10:00:00Z\nb: 2027-01-21 10:00:00.5\nc: 2027-01-21t10:00:00+01:00\n",
        "a: 10:00\nb: '10:00'\nc: 190:20:30\nd: 0:30\n",
        "a: [10:00, http://x.y/z, {b: c}]\n",
        "a: plain text\n  over lines\n\n  and a paragraph\nb: 'quoted\n  over lines'\nc: \"escaped\\t\\u00e9\\\n  line\"\n",
        "a: |\n  literal\n   text\n\nb: |+\n  kept\n\nc: |2\n    indented\n",
        "a: {b: 1, c: [2, 3]}\nd: []\ne: {}\n",
        "a:\n- 1\n- - 2\n  - 3\n- b: 4\n  c: 5\n",
        "a: 1 # comment\n# comment\nb: # comment\n  c: 2\n",
        "é: ü\n😀: 'a ☃'\nb: \xa0x\n",
        "a: 1\r\nb:\r\n  - x\r\n  - y\r\nc: |\r\n  z\r\n",
        "? a\n: b\n? c d\n: e\n",
        "'a': 1\n\"b c\": 2\n1: 3\ntrue: 4\nnull: 5\n",
        "a: R&D, Q&A and 3 * 4\nb: 'what!'\n",
        "a: -1\nb: a - b\nc: -x\n",
        "a: x\n...\n",
        "---\na: x\n",
        "a: '|'\nb: x |\nc: '>'\n",
        "a: |\n\n  x\nb: | # c\n  y\nc: |\n",
        "body: |\n  **Bold**, *italic*, R & D\n\n  | a | table |\n  |---|---|\n\n  > a quote\n",
        "a: " + "[" * 30 + "]" * 30 + "\n",
        "a: +_\nb: ._\nc: =\nd: <<\ne: 0x_1\nf: -0x1F\ng: 1_0.5\n",
    ],
    ids=repr,
)
def test_tricky_yaml_is_read_by_libyaml_as_ruamel_reads_it(text: str) -> None:
    assert _assert_agrees_or_declines(text)


def test_front_matter_positions_count_the_opening_line() -> None:
    text = "---\nkind: note\ntitle: A note\ntags: [a, b]\n---\n# Body\n"
    source = parse_quickly("x.md", text, markdown=True)
    assert source is not None
    assert (source.positions.key(("title",)).line, source.positions.value(("tags", 1)).column) == (3, 11)
    assert _assert_agrees_or_declines(text, markdown=True)


def _mutants(count: int, seed: int) -> list[str]:
    """Random small edits of the example files: characters YAML cares about put in, text cut out,
    lines repeated or re-indented."""
    rng = random.Random(seed)
    pieces = [
        " ",
        "  ",
        ":",
        ": ",
        "- ",
        "#",
        " #",
        "'",
        '"',
        "[",
        "]",
        "{",
        "}",
        ", ",
        "? ",
        "|",
        ">",
        "|-",
        "\n",
        "\r\n",
        "\n  ",
        "\n- ",
        "\\",
        "é",
        "~",
        "yes",
        "10:00",
        "2027-02-30",
        "1_000",
        "-",
        "a: b",
    ]
    texts = [_text(p) for p in EXAMPLE if p.suffix != ".md"]
    out = []
    for _ in range(count):
        text = rng.choice(texts)
        for _ in range(rng.randint(1, 3)):
            at = rng.randint(0, len(text))
            edit = rng.random()
            if edit < 0.6:
                text = text[:at] + rng.choice(pieces) + text[at:]
            elif edit < 0.8:
                text = text[:at] + text[at + rng.randint(1, 5) :]
            else:
                lines = text.split("\n")
                line = rng.randrange(len(lines))
                lines.insert(line, " " * rng.randint(0, 4) + lines[rng.randrange(len(lines))].lstrip())
                text = "\n".join(lines)
        out.append(text)
    return out


def test_random_edits_of_the_example_files_read_the_same_or_are_left_to_ruamel() -> None:
    texts = _mutants(200, seed=20261123)
    vouched = sum(_assert_agrees_or_declines(text) for text in texts)
    assert 0 < vouched < len(texts)


def test_without_libyaml_ruamel_reads_every_file_as_before() -> None:
    """PyYAML built without libyaml: `yaml._yaml` cannot be imported, and ruamel reads everything."""
    script = (
        "import json, sys\n"
        "sys.modules['yaml._yaml'] = None\n"
        "from opsbook.core import fastyaml\n"
        "from opsbook.core.source import parse_quickly, parse_source\n"
        "assert not fastyaml.AVAILABLE\n"
        "out = []\n"
        "for path in sys.argv[1:]:\n"
        "    text = open(path, 'rb').read().decode('utf-8-sig')\n"
        "    md = path.endswith('.md')\n"
        "    assert parse_quickly('x.yml', text, markdown=md) is None\n"
        "    source, problems = parse_source('x.yml', text, markdown=md)\n"
        "    out.append([repr(source), [repr(p) for p in problems]])\n"
        "print(json.dumps(out))\n"
    )
    paths = [str(p) for p in EXAMPLE + BROKEN]
    proc = subprocess.run([sys.executable, "-c", script, *paths], capture_output=True, text=True, check=True)
    expected = []
    for path in paths:
        source, problems = parse_source("x.yml", _text(Path(path)), markdown=path.endswith(".md"), quick=False)
        expected.append([repr(source), [repr(p) for p in problems]])
    assert json.loads(proc.stdout) == expected
