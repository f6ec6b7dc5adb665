"""`opsbook schema`: the editors' JSON Schema, checked by an independent validator (jsonschema)
on files read by ruamel.yaml as YAML 1.2 the way a YAML language server reads them: the 1.2 core
schema has no timestamps, so a date is the text `2027-01-21`, checked by the schema's format."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, opsbook
from jsonschema import Draft7Validator
from ruamel.yaml import YAML

EXAMPLE_FILES = sorted(
    p
    for folder in ("playbooks", "resource_hub")
    for p in (REPO / folder).rglob("*")
    if p.suffix in (".yml", ".yaml", ".md")
)


def _schema(tmp_path: Path) -> dict[str, Any]:
    out = tmp_path / "opsbook.schema.json"
    done = opsbook("schema", "--out", out, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(tmp_path_factory: pytest.TempPathFactory) -> Draft7Validator:
    schema = _schema(tmp_path_factory.mktemp("schema"))
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)


def _read(text: str, markdown: bool = False) -> Any:
    if markdown:
        text = re.match(r"^---\n(.*?)\n---\n", text, re.DOTALL).group(1)  # type: ignore[union-attr]
    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    yaml.constructor.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
    return yaml.load(text)


def _errors(validator: Draft7Validator, text: str) -> list[str]:
    return [e.message for e in validator.iter_errors(_read(text))]


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_schema_accepts_every_example_file(validator: Draft7Validator, path: Path) -> None:
    data = _read(path.read_text(encoding="utf-8"), markdown=path.suffix == ".md")
    assert [e.message for e in validator.iter_errors(data)] == []


def test_schema_covers_every_kind_of_the_example(validator: Draft7Validator) -> None:
    kinds = {_read(p.read_text(encoding="utf-8"), p.suffix == ".md")["kind"] for p in EXAMPLE_FILES}
    assert kinds == set(validator.schema["properties"]["kind"]["enum"])


BROKEN = {
    "unknown-key": "kind: ritual\ntitle: T\ntime: '10:00'\nrepeat: weekly\nstarts: 2027-01-04\nattendes: [ellie]\n",
    "id-written-in-the-file": "kind: policy\nid: licensing\ntitle: T\nowner: brand-manager\n",
    "path-written-in-the-file": "kind: policy\npath: x.yml\ntitle: T\nowner: brand-manager\n",
    "internal-anchor-date": "kind: project\ntitle: T\nworkflow: webinar\nanchor_date: 2027-01-21\n",
    "launch-not-a-date": "kind: project\ntitle: T\nworkflow: webinar\nlaunch: next thursday\n",
    "impossible-launch": "kind: project\ntitle: T\nworkflow: webinar\nlaunch: 2027-02-30\n",
    "unknown-kind": "kind: workflo\ntitle: T\n",
    "missing-kind": "title: T\n",
    "missing-title": "kind: policy\nowner: brand-manager\n",
    "duration-in-words": "kind: ritual\ntitle: T\ntime: '10:00'\nduration: half an hour\n",
    "offset-without-sign": "kind: workflow\ntitle: W\ntasks:\n  - {id: a, title: A, responsible: x, due: 30d}\n",
    "task-without-responsible": "kind: workflow\ntitle: W\ntasks:\n  - {id: a, title: A}\n",
    "weekday-true": "kind: ritual\ntitle: T\ntime: '10:00'\nrepeat: weekly\ndays: [true]\n",
    "working-days-only-yes": "kind: workflow\ntitle: W\nworking_days_only: yes\ntasks:\n  - {id: a, title: A, responsible: x}\n",
    "repeat-not-a-choice": "kind: report\ntitle: R\nowner: analyst\nrepeat: biweekly\n",
    "bad-id-in-assign": "kind: project\ntitle: T\nworkflow: webinar\nlaunch: 2027-01-21\nassign: {Strategist: ellie}\n",
    "status-not-done": "kind: project\ntitle: T\nworkflow: webinar\nlaunch: 2027-01-21\nstatus: {a: finished}\n",
}


@pytest.mark.parametrize("text", BROKEN.values(), ids=BROKEN.keys())
def test_schema_rejects_a_broken_file(validator: Draft7Validator, text: str) -> None:
    assert _errors(validator, text) != []


def test_project_date_may_be_named_by_another_anchor(validator: Draft7Validator) -> None:
    assert _errors(validator, "kind: project\ntitle: T\nworkflow: asset-production\npublish: 2027-04-01\n") == []


def test_one_id_or_a_list_of_ids_and_done_as_a_word_are_accepted(validator: Draft7Validator) -> None:
    text = (
        "kind: project\ntitle: T\nworkflow: webinar\nlaunch: 2027-01-21\nstatus: {a: done, b: {done: 2027-01-02}}\n"
        "tasks:\n  - {id: x, title: X, responsible: designer, informed: sam}\n"
        "  - {id: y, title: Y, responsible: [designer, editor]}\n"
    )
    assert _errors(validator, text) == []


def test_internal_keys_are_not_offered(validator: Draft7Validator) -> None:
    definitions = validator.schema["definitions"]
    kinds = [ref["$ref"].rsplit("/", 1)[-1] for ref in validator.schema["oneOf"]]
    offered = {name: set(definitions[name]["properties"]) for name in kinds}
    assert [name for name, keys in offered.items() if keys & {"id", "path", "anchor_date"}] == []
    assert "launch" in offered["Project"]


def test_every_kind_has_a_description_and_an_example(validator: Draft7Validator) -> None:
    definitions = validator.schema["definitions"]
    kinds = [ref["$ref"].rsplit("/", 1)[-1] for ref in validator.schema["oneOf"]]
    lacking = [name for name in kinds if not definitions[name].get("description")]
    examples = [ex for name in kinds for ex in definitions[name].get("examples", [])]
    assert lacking == []
    assert [e.message for ex in examples for e in validator.iter_errors(ex)] == []
    assert {ex["kind"] for ex in examples} >= {"team", "workflow", "project", "ritual", "report", "policy", "procedure"}


def test_duration_defaults_are_written_as_text(validator: Draft7Validator) -> None:
    task = validator.schema["definitions"]["Task"]["properties"]
    assert task["duration"]["default"] == "1d"


def test_schema_without_out_prints_to_stdout(tmp_path: Path) -> None:
    done = opsbook("schema", cwd=tmp_path)
    assert done.returncode == 0
    assert json.loads(done.stdout) == _schema(tmp_path)


def test_schema_file_gets_the_usual_permissions_not_a_temporary_files(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        _schema(tmp_path)
    finally:
        os.umask(umask)
    assert (tmp_path / "opsbook.schema.json").stat().st_mode & 0o777 == 0o644


def test_weekends_and_working_days_only_are_described_and_checked(validator: Draft7Validator) -> None:
    definitions = validator.schema["definitions"]
    for kind, key in (("Workflow", "weekends"), ("Workflow", "working_days_only"), ("Project", "weekends")):
        assert "weekend" in definitions[kind]["properties"][key].get("description", ""), (kind, key)
    project = "kind: project\ntitle: P\nworkflow: webinar\nlaunch: 2027-01-21\nweekends: {}\n"
    assert _errors(validator, project.format("before")) == []
    assert _errors(validator, project.format("keep")) == []
    assert _errors(validator, project.format("after")) != []
