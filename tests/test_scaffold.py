"""`opsbook new`: scaffolded files pass `opsbook check`, and nothing is ever overwritten."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO, TEAM, WORKFLOW, opsbook, write_handbook

SHARED_ROLE_TEAM = TEAM.replace(
    "lucy: {name: Lucy Brooks, roles: [designer]}", "lucy: {name: Lucy Brooks, roles: [designer, strategist]}"
)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the repository's example handbook."""
    root = tmp_path / "handbook"
    root.mkdir()
    for name in ("mkdocs.yml", "playbooks", "resource_hub", "docs"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy(source, root / name)
    return root


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


def test_a_problem_only_the_loader_finds_removes_the_new_file(example: Path) -> None:
    """The loader has the last word: a recurrence that cannot hold (a weekly series on the 40th)
    is reported at its line in the new file, and the file does not stay."""
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
    assert done.returncode == 1
    assert done.stderr.startswith("playbooks/reports/odd-report.yml:")
    assert "error:" in done.stderr
    assert not (example / "playbooks/reports/odd-report.yml").exists()


def test_a_title_without_letters_or_digits_needs_an_id(example: Path) -> None:
    done = opsbook("new", "procedure", "--title", "???", "--owner", "brand-manager", cwd=example)
    assert done.returncode == 1
    assert "(pass --id)" in done.stderr


def test_a_bad_date_is_a_usage_error(example: Path) -> None:
    done = opsbook("new", "project", "--workflow", "webinar", "--launch", "2027-02-30", "--title", "X", cwd=example)
    assert done.returncode == 2
    assert "'2027-02-30' is not a date like 2027-01-21" in done.stderr
