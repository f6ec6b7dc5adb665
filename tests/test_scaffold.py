"""`opsbook new`: scaffolded files pass `opsbook check`, and nothing is ever overwritten."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EXAMPLE_TODAY_EPOCH, TEAM, WORKFLOW, opsbook, write_handbook
from opsbook.core.loader import load_handbook
from opsbook.core.settings import Settings

SHARED_ROLE_TEAM = TEAM.replace(
    "lucy: {name: Lucy Brooks, roles: [designer]}", "lucy: {name: Lucy Brooks, roles: [designer, strategist]}"
)


NEW = {
    "project": (
        [
            "project",
            "--workflow",
            "webinar",
            "--launch",
            "2027-05-20",
            "--title",
            "May webinar",
            "--assign",
            "strategist=ellie",
            "--assign",
            "host=sam",
        ],
        "playbooks/projects/may-webinar.yml",
    ),
    "project-on-another-anchor": (
        [
            "project",
            "--workflow",
            "asset-production",
            "--launch",
            "2027-06-01",
            "--title",
            "Summer shoot",
            "--assign",
            "strategist=rosa",
        ],
        "playbooks/projects/summer-shoot.yml",
    ),
    "workflow": (
        [
            "workflow",
            "--title",
            "Press release",
            "--owner",
            "strategist",
            "--task",
            "Draft the release",
            "--task",
            "Approve the release",
        ],
        "playbooks/workflows/press-release.yml",
    ),
    "ritual": (
        [
            "ritual",
            "--title",
            "Monday planning",
            "--time",
            "09:30",
            "--repeat",
            "weekly",
            "--days",
            "mon",
            "--starts",
            "2027-01-04",
            "--attendee",
            "team-lead",
            "--attendee",
            "ellie",
            "--duration",
            "45m",
        ],
        "playbooks/rituals/monday-planning.yml",
    ),
    "report": (
        [
            "report",
            "--title",
            "Social media report",
            "--owner",
            "analyst",
            "--audience",
            "cmo",
            "--repeat",
            "monthly",
            "--days",
            "3",
            "--starts",
            "2027-01-03",
            "--metric",
            "Followers",
        ],
        "playbooks/reports/social-media-report.yml",
    ),
    "policy": (
        [
            "policy",
            "--title",
            "Font licensing",
            "--id",
            "fonts",
            "--owner",
            "brand-manager",
            "--review",
            "2027-09-01",
            "--rule",
            "Only licensed fonts: yes, really.",
        ],
        "playbooks/policies/fonts.yml",
    ),
    "procedure": (
        ["procedure", "--title", "Subject access requests", "--owner", "data-protection-officer"],
        "playbooks/procedures/subject-access-requests.yml",
    ),
    "workflow-with-roles-and-offsets": (
        [
            "workflow",
            "--title",
            "Newsletter",
            "--owner",
            "strategist",
            "--task",
            "Design the header:designer:-7d",
            "--task",
            "Write copy: news and offers:social-strategist,editor:-3d",
            "--task",
            "Send::0d",
        ],
        "playbooks/workflows/newsletter.yml",
    ),
    "procedure-with-steps": (
        [
            "procedure",
            "--title",
            "CRM backup",
            "--owner",
            "marketing-ops-manager",
            "--step",
            "Export the CRM:marketing-automation",
            "--step",
            "Check the export",
        ],
        "playbooks/procedures/crm-backup.yml",
    ),
    "note": (
        ["note", "--title", "Budget agreed", "--date", "2026-11-25", "--project", "q1-product-webinar"],
        "resource_hub/notes/2026-11-25-budget-agreed.md",
    ),
}


@pytest.mark.parametrize(("args", "expected"), NEW.values(), ids=NEW.keys())
def test_scaffolded_entry_passes_check(example: Path, args: list[str], expected: str) -> None:
    done = opsbook("new", *args, cwd=example)
    check = opsbook("check", "--strict", cwd=example)
    assert (done.returncode, done.stdout, done.stderr) == (0, expected + "\n", "")
    assert (example / expected).is_file()
    assert check.returncode == 0, check.stdout
    assert check.stdout.startswith("ok: ")


def test_project_date_is_written_under_the_workflows_anchor(example: Path) -> None:
    args, expected = NEW["project-on-another-anchor"]
    opsbook("new", *args, cwd=example)
    text = (example / expected).read_text(encoding="utf-8")
    assert "publish: 2027-06-01\n" in text
    assert "launch" not in text


def test_time_is_quoted_and_lists_are_flow_style(example: Path) -> None:
    args, expected = NEW["ritual"]
    opsbook("new", *args, cwd=example)
    lines = (example / expected).read_text(encoding="utf-8").splitlines()
    assert lines[:3] == ["kind: ritual", "title: Monday planning", "attendees: [team-lead, ellie]"]
    assert 'time: "09:30"' in lines
    assert "days: [mon]" in lines


def test_new_refuses_to_overwrite_and_leaves_the_file_byte_identical(example: Path) -> None:
    existing = example / "playbooks/projects/q1-product-webinar.yml"
    before = existing.read_bytes()
    done = opsbook(
        "new",
        "project",
        "--workflow",
        "webinar",
        "--launch",
        "2027-05-20",
        "--title",
        "Q1 product webinar",
        "--assign",
        "strategist=ellie",
        "--assign",
        "host=sam",
        cwd=example,
    )
    assert done.returncode == 1
    assert "playbooks/projects/q1-product-webinar.yml already exists" in done.stderr
    assert existing.read_bytes() == before
    assert done.stdout == ""


def test_new_refuses_an_id_its_kind_already_has_in_another_folder(example: Path) -> None:
    moved = example / "playbooks/rituals/old/daily-stand-up.yml"
    moved.parent.mkdir()
    (example / "playbooks/rituals/daily-stand-up.yml").rename(moved)
    done = opsbook(
        "new",
        "ritual",
        "--title",
        "Daily stand-up",
        "--time",
        "09:15",
        "--repeat",
        "weekdays",
        "--starts",
        "2027-01-04",
        cwd=example,
    )
    assert done.returncode == 1
    assert "a ritual 'daily-stand-up' already exists: playbooks/rituals/old/daily-stand-up.yml" in done.stderr
    assert not (example / "playbooks/rituals/daily-stand-up.yml").exists()


def test_unknown_workflow_role_and_person_are_refused_with_a_suggestion(example: Path) -> None:
    done = opsbook(
        "new",
        "project",
        "--workflow",
        "webinr",
        "--launch",
        "2027-05-20",
        "--title",
        "May webinar",
        "--assign",
        "strategst=ellie",
        "--assign",
        "host=samm",
        cwd=example,
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "opsbook new: --assign strategst=ellie: unknown role 'strategst' (did you mean 'strategist'?)",
        "opsbook new: --assign host=samm: unknown person 'samm' (did you mean 'sam'?)",
        "opsbook new: --workflow: unknown workflow 'webinr' (did you mean 'webinar'?)",
    ]
    assert not (example / "playbooks/projects/may-webinar.yml").exists()


def test_unknown_attendee_is_refused_with_a_suggestion(example: Path) -> None:
    done = opsbook(
        "new",
        "ritual",
        "--title",
        "Design crit",
        "--time",
        "14:00",
        "--repeat",
        "weekly",
        "--days",
        "wed",
        "--starts",
        "2027-01-06",
        "--attendee",
        "desinger",
        cwd=example,
    )
    assert done.returncode == 1
    assert done.stderr == "opsbook new: --attendee: unknown role or person 'desinger' (did you mean 'designer'?)\n"
    assert not (example / "playbooks/rituals/design-crit.yml").exists()


def test_a_role_several_people_hold_must_be_assigned(tmp_path: Path) -> None:
    root = write_handbook(
        tmp_path / "hb",
        {
            "playbooks/team.yml": SHARED_ROLE_TEAM,
            "playbooks/workflows/webinar.yml": WORKFLOW,
        },
    )
    refused = opsbook("new", "project", "--workflow", "webinar", "--launch", "2027-05-20", "--title", "May", cwd=root)
    assigned = opsbook(
        "new",
        "project",
        "--workflow",
        "webinar",
        "--launch",
        "2027-05-20",
        "--title",
        "May",
        "--assign",
        "strategist=lucy",
        cwd=root,
    )
    assert refused.returncode == 1
    assert refused.stderr == (
        "opsbook new: role 'strategist' is held by ellie, lucy: say who takes it with --assign strategist=PERSON\n"
    )
    assert (assigned.returncode, assigned.stdout) == (0, "playbooks/projects/may.yml\n")


def test_a_problem_only_the_loader_finds_refuses_the_new_file(example: Path) -> None:
    """The loader has the last word: a recurrence that cannot hold (a weekly series on the 40th)
    is reported at its line in the new file, which is never written."""
    done = opsbook(
        "new",
        "report",
        "--title",
        "Odd report",
        "--owner",
        "analyst",
        "--repeat",
        "weekly",
        "--days",
        "40",
        "--starts",
        "2027-01-01",
        cwd=example,
    )
    lines = done.stderr.splitlines()
    assert done.returncode == 1
    assert lines[0] == "opsbook new: with this report the handbook would not pass `opsbook check`; nothing was written"
    assert lines[1].startswith("playbooks/reports/odd-report.yml:")
    assert "error:" in lines[1]
    assert not (example / "playbooks/reports/odd-report.yml").exists()


def test_a_title_without_letters_or_digits_needs_an_id(example: Path) -> None:
    done = opsbook("new", "procedure", "--title", "???", "--owner", "brand-manager", cwd=example)
    assert done.returncode == 1
    assert "(pass --id)" in done.stderr


def test_a_bad_date_is_a_usage_error(example: Path) -> None:
    done = opsbook("new", "project", "--workflow", "webinar", "--launch", "2027-02-30", "--title", "X", cwd=example)
    assert done.returncode == 2
    assert "'2027-02-30' is not a date like 2027-01-21" in done.stderr


def test_workflow_tasks_keep_their_roles_and_offsets(example: Path) -> None:
    """Read back by the product's loader: each --task's title, responsible roles and due offset."""
    args, expected = NEW["workflow-with-roles-and-offsets"]
    opsbook("new", *args, cwd=example)
    result = load_handbook(Settings(root=example))
    workflow = next(e for e in result.handbook.entries if e.path == expected)  # type: ignore[union-attr]
    assert [(t.id, t.title, t.responsible, str(t.due)) for t in workflow.tasks] == [
        ("design-the-header", "Design the header", ("designer",), "-7d"),
        ("write-copy-news-and-offers", "Write copy: news and offers", ("social-strategist", "editor"), "-3d"),
        ("send", "Send", ("strategist",), "0d"),
    ]


def test_procedure_steps_default_to_the_owner(example: Path) -> None:
    args, expected = NEW["procedure-with-steps"]
    opsbook("new", *args, cwd=example)
    result = load_handbook(Settings(root=example))
    procedure = next(e for e in result.handbook.entries if e.path == expected)  # type: ignore[union-attr]
    assert [(s.id, s.responsible) for s in procedure.steps] == [
        ("export-the-crm", ("marketing-automation",)),
        ("check-the-export", ("marketing-ops-manager",)),
    ]


def test_a_task_offset_without_a_sign_is_a_usage_error(example: Path) -> None:
    done = opsbook(
        "new", "workflow", "--title", "X", "--owner", "strategist", "--task", "Draft:designer:7d", cwd=example
    )
    assert done.returncode == 2
    assert "'7d' needs a sign: '-7d' is before the anchor, '+7d' after" in done.stderr
    assert not (example / "playbooks/workflows/x.yml").exists()


@pytest.mark.parametrize("offset", ["2d", "-2d", "+1w", "5bd"])
def test_a_step_with_an_offset_is_a_usage_error_that_says_steps_have_none(example: Path, offset: str) -> None:
    done = opsbook(
        "new",
        "procedure",
        "--title",
        "Callbacks",
        "--owner",
        "marketing-ops-manager",
        "--step",
        f"Call back:{offset}",
        cwd=example,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines()[-1] == (
        f"opsbook new procedure: error: argument --step: 'Call back:{offset}': a procedure's step has no due "
        f"offset ('{offset}'); only a workflow's task has one: write TITLE:ROLE, e.g. "
        "'Remove bounced contacts:marketing-automation'"
    )
    assert not (example / "playbooks/procedures/callbacks.yml").exists()


def test_a_step_title_may_hold_a_colon_and_a_time(example: Path) -> None:
    done = opsbook(
        "new",
        "procedure",
        "--title",
        "Callbacks",
        "--owner",
        "marketing-ops-manager",
        "--step",
        "Call back: before 10:00:marketing-automation",
        "--step",
        "Log it: by 17:30:",
        cwd=example,
    )
    assert (done.returncode, done.stderr) == (0, "")
    procedure = next(
        e
        for e in load_handbook(Settings(root=example)).handbook.entries  # type: ignore[union-attr]
        if e.path == "playbooks/procedures/callbacks.yml"
    )
    assert [(s.title, s.responsible) for s in procedure.steps] == [
        ("Call back: before 10:00", ("marketing-automation",)),
        ("Log it: by 17:30", ("marketing-ops-manager",)),
    ]


def test_a_step_without_a_title_is_a_usage_error(example: Path) -> None:
    done = opsbook("new", "procedure", "--title", "X", "--owner", "marketing-ops-manager", "--step", ":x", cwd=example)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1].endswith(
        "argument --step: ':x' has no title: write TITLE:ROLE, e.g. 'Remove bounced contacts:marketing-automation'"
    )


def test_unknown_task_role_is_refused_with_a_suggestion_among_roles_and_people(example: Path) -> None:
    done = opsbook(
        "new",
        "workflow",
        "--title",
        "X",
        "--owner",
        "strategst",
        "--task",
        "Draft:desinger:-3d",
        "--task",
        "Shoot:elie",
        cwd=example,
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "opsbook new: --owner: unknown role or person 'strategst' (did you mean 'strategist'?)",
        "opsbook new: --task 'Draft': unknown role or person 'desinger' (did you mean 'designer'?)",
        "opsbook new: --task 'Shoot': unknown role or person 'elie' (did you mean 'ellie'?)",
    ]
    assert not (example / "playbooks/workflows/x.yml").exists()


def test_a_role_is_refused_when_the_handbook_has_no_team_file(tmp_path: Path) -> None:
    root = write_handbook(tmp_path / "hb", {})
    done = opsbook("new", "workflow", "--title", "Press", "--owner", "strategist", "--task", "Draft", cwd=root)
    assert done.returncode == 1
    assert done.stderr == (
        "opsbook new: the handbook has no team file to name roles and people: start one with `opsbook new role`\n"
    )
    assert not (root / "playbooks").exists()


#: What `opsbook new` says when the team file did not load: the file's own problem, not "no team".
BROKEN_TEAM = (
    "opsbook new: no team file loaded, and these files did not load (the team may be one of them): "
    "fix them first; nothing was written\n"
    "playbooks/team.yml:4:1: error: YAML syntax: expected the node content, but found '<stream end>'\n"
)


def _broken_team(tmp_path: Path) -> Path:
    return write_handbook(tmp_path / "hb", {"playbooks/team.yml": "kind: team\nroles: {strategist: {}}\nroles: [\n"})


def test_a_team_file_that_does_not_load_is_reported_when_a_workflow_names_a_role(tmp_path: Path) -> None:
    root = _broken_team(tmp_path)
    done = opsbook("new", "workflow", "--title", "Press", "--owner", "strategist", "--task", "Draft", cwd=root)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", BROKEN_TEAM)
    assert not (root / "playbooks/workflows").exists()


def test_a_workflow_without_tasks_outside_a_terminal_is_a_usage_error(example: Path) -> None:
    done = opsbook("new", "workflow", "--title", "X", "--owner", "strategist", cwd=example)
    assert done.returncode == 2
    assert "give the tasks with --task TITLE:ROLE:OFFSET" in done.stderr


def test_a_note_is_named_by_today_and_its_title(example: Path) -> None:
    done = opsbook(
        "new",
        "note",
        "--title",
        "Stand-up moved",
        "--tag",
        "decision",
        "--body",
        "Stand-up moves to **09:30**.",
        cwd=example,
        env={"SOURCE_DATE_EPOCH": EXAMPLE_TODAY_EPOCH},
    )
    path = example / "resource_hub/notes/2026-11-23-stand-up-moved.md"
    assert (done.returncode, done.stdout) == (0, "resource_hub/notes/2026-11-23-stand-up-moved.md\n")
    assert path.read_text(encoding="utf-8") == (
        "---\nkind: note\ntitle: Stand-up moved\ndate: 2026-11-23\ntags: [decision]\n---\n"
        "Stand-up moves to **09:30**.\n"
    )


def test_a_note_given_an_id_is_named_by_it_as_the_help_says(example: Path) -> None:
    done = opsbook("new", "note", "--title", "Budget agreed", "--id", "budget", "--date", "2026-11-25", cwd=example)
    help_text = " ".join(opsbook("new", "--help", cwd=example).stdout.split())
    assert (done.returncode, done.stdout, done.stderr) == (0, "resource_hub/notes/budget.md\n", "")
    assert "note a meeting recap or decision: resource_hub/notes/<id>.md (id default: <date>-<title>)" in help_text


def test_a_note_about_an_unknown_project_is_refused_with_a_suggestion(example: Path) -> None:
    done = opsbook("new", "note", "--title", "Recap", "--project", "q1-product-webnar", cwd=example)
    assert done.returncode == 1
    assert done.stderr == (
        "opsbook new: --project: unknown project 'q1-product-webnar' (did you mean 'q1-product-webinar'?)\n"
    )
    assert not list((example / "resource_hub/notes").glob("*-recap.md"))


class _Terminal:
    """The other side of a pseudo-terminal: what a person at it sees, and what they type."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.text = ""
        self.seen = 0

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.fd, 4096)
        except OSError:  # Linux: EIO once the program has closed its side
            chunk = b""
        if not chunk:
            return False
        self.text += chunk.decode("utf-8").replace("\r\n", "\n")
        return True

    def answer(self, prompt: str, line: str) -> None:
        """Wait until `prompt` shows (after what was answered before), then type `line`."""
        deadline = time.monotonic() + 60
        while (found := self.text.find(prompt, self.seen)) < 0:
            assert time.monotonic() < deadline, f"no {prompt!r} in {self.text!r}"
            self._read(1)
        self.seen = found + len(prompt)
        os.write(self.fd, f"{line}\n".encode())

    def rest(self) -> str:
        while self._read(60):
            pass
        return self.text


def test_workflow_tasks_are_asked_for_in_a_terminal(example: Path) -> None:
    """Without --task, in a real terminal (a pseudo-terminal): each task is asked for, and an
    unknown role or an offset without a sign is asked again."""
    parent, child = pty.openpty()
    process = subprocess.Popen(
        [
            Path(sys.executable).parent / "opsbook",
            "new",
            "workflow",
            "--title",
            "Press release",
            "--owner",
            "strategist",
        ],
        cwd=example,
        stdin=child,
        stdout=child,
        stderr=child,
    )
    os.close(child)
    terminal = _Terminal(parent)
    try:
        terminal.answer("Task 1 title: ", "Draft the release")
        terminal.answer("[strategist]: ", "desinger")
        terminal.answer("[strategist]: ", "designer")
        terminal.answer("from the launch): ", "7d")
        terminal.answer("from the launch): ", "-7d")
        terminal.answer("Task 2 title: ", "Approve the release")
        terminal.answer("[strategist]: ", "")
        terminal.answer("from the launch): ", "0d")
        terminal.answer("Task 3 title: ", "")
        screen = terminal.rest()
        code = process.wait(timeout=60)
    finally:
        process.kill()
        os.close(parent)
    assert code == 0, screen
    assert "  unknown role or person 'desinger' (did you mean 'designer'?)\n" in screen
    assert "  '7d' needs a sign: '-7d' is before the anchor, '+7d' after\n" in screen
    assert screen.endswith("\nplaybooks/workflows/press-release.yml\n")
    result = load_handbook(Settings(root=example))
    workflow = next(e for e in result.handbook.entries if e.id == "press-release" and e.kind == "workflow")  # type: ignore[union-attr]
    assert [(t.title, t.responsible, str(t.due)) for t in workflow.tasks] == [
        ("Draft the release", ("designer",), "-7d"),
        ("Approve the release", ("strategist",), "0d"),
    ]
    assert result.errors == []


def test_a_team_file_that_does_not_load_is_reported_before_any_question(tmp_path: Path) -> None:
    root = _broken_team(tmp_path)
    parent, child = pty.openpty()
    process = subprocess.Popen(
        [Path(sys.executable).parent / "opsbook", "new", "workflow", "--title", "Press", "--owner", "strategist"],
        cwd=root,
        stdin=child,
        stdout=child,
        stderr=child,
    )
    os.close(child)
    try:
        screen = _Terminal(parent).rest()
        code = process.wait(timeout=60)
    finally:
        process.kill()
        os.close(parent)
    assert (code, screen) == (1, BROKEN_TEAM)


@pytest.mark.parametrize("kind", ["ritual", "report"])
def test_repeat_offers_the_schedules_the_model_accepts(tmp_path: Path, kind: str) -> None:
    from typing import get_args

    from opsbook.core.model.recurring import Repeat

    done = opsbook("new", kind, "--title", "X", "--repeat", "hourly", cwd=tmp_path)
    assert done.returncode == 2
    choices = ", ".join(f"'{r}'" for r in get_args(Repeat))
    assert f"argument --repeat: invalid choice: 'hourly' (choose from {choices})" in done.stderr
