"""Loading a handbook (SPEC §3 content formats, §4 validation): the model it builds, and every
problem it reports as `path:line:column: severity: message`.

`fixtures/loader/valid/` is a small handbook with every kind of entry and no problems. Each file
under `fixtures/loader/broken/` is named for its defect; a test copies it into a copy of the valid
handbook at the same path (a file under `broken/teams/` replaces `playbooks/team.yml`).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from opsbook.core.durations import Duration, Offset
from opsbook.core.errors import ContentError, Problem, Severity
from opsbook.core.loader import LoadResult, Settings, load_handbook
from opsbook.core.model import (
    Assets,
    Handbook,
    Links,
    Note,
    Policy,
    Procedure,
    Project,
    Report,
    Ritual,
    Team,
    Workflow,
)
from opsbook.core.source import MAX_FILE_BYTES

FIXTURES = Path(__file__).parent / "fixtures" / "loader"
VALID = FIXTURES / "valid"
BROKEN = FIXTURES / "broken"
TODAY = dt.date(2026, 11, 23)
ID_HELP = "use lowercase letters, digits and hyphens, starting with a letter or digit, at most 64 characters"


def load(root: Path, today: dt.date = TODAY) -> LoadResult:
    return load_handbook(Settings(root=root, today=today))


def lines(result: LoadResult) -> list[str]:
    return [str(p) for p in result.problems]


def handbook_with(tmp_path: Path, *fixtures: str) -> Path:
    """A copy of the valid handbook with the given broken files added at their own paths."""
    root = tmp_path / "handbook"
    shutil.copytree(VALID, root)
    for fixture in fixtures:
        target = root / ("playbooks/team.yml" if fixture.startswith("teams/") else fixture)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(BROKEN / fixture, target)
    return root


@pytest.fixture(scope="module")
def handbook() -> Handbook:
    result = load(VALID)
    assert result.problems == []
    assert result.handbook is not None
    return result.handbook


def entry(handbook: Handbook, kind: str, entry_id: str) -> Any:
    found = handbook.get(kind, entry_id)
    assert found is not None, f"no {kind} '{entry_id}'"
    return found


# The valid handbook and the model it loads into (SPEC §3)


def test_valid_handbook_loads_with_no_problems() -> None:
    result = load(VALID)
    assert lines(result) == []
    assert result.errors == [] and result.warnings == []
    assert result.handbook is not None


def test_every_kind_is_loaded_under_its_file_name(handbook: Handbook) -> None:
    assert sorted((e.kind, e.id, e.path) for e in handbook) == [
        ("assets", "assets", "resource_hub/assets.yml"),
        ("links", "links", "resource_hub/links.yml"),
        ("note", "x", "resource_hub/notes/x.md"),
        ("policy", "asset-licensing", "playbooks/policies/asset-licensing.yml"),
        ("procedure", "customer-data-handling", "playbooks/procedures/customer-data-handling.yml"),
        ("project", "q1-webinar", "playbooks/projects/q1-webinar.yml"),
        ("report", "monthly-kpi-report", "playbooks/reports/monthly-kpi-report.yml"),
        ("ritual", "daily-stand-up", "playbooks/rituals/daily-stand-up.yml"),
        ("ritual", "weekly-check-in", "playbooks/rituals/weekly-check-in.yml"),
        ("team", "team", "playbooks/team.yml"),
        ("workflow", "webinar", "playbooks/workflows/webinar.yml"),
    ]
    assert isinstance(handbook.team, Team)


def test_team_roles_and_people_with_one_role_or_a_list(handbook: Handbook) -> None:
    team = handbook.team
    assert list(team.roles) == ["strategist", "designer", "host", "analyst"]
    assert team.roles["strategist"].description == "Owns ideas and talking points."
    assert team.roles["designer"].description is None
    assert team.people["ellie"].roles == ("strategist",)
    assert team.people["lucy"].roles == ("designer", "host")
    assert team.people["priya"].roles == ("analyst",)
    assert team.people["ellie"].capacity == Duration(32, "h")
    assert team.people["lucy"].capacity == Duration(40, "h")
    assert team.holders("strategist") == ("ellie", "rosa")


def test_flow_list_of_questions_is_two_strings(handbook: Handbook) -> None:
    ritual = entry(handbook, "ritual", "daily-stand-up")
    assert ritual.agenda == ("What did you do yesterday?", "Any roadblocks?")


def test_yes_no_on_off_stay_strings(handbook: Handbook) -> None:
    assert entry(handbook, "policy", "asset-licensing").tags == ("yes", "no", "on", "off")
    assert entry(handbook, "ritual", "weekly-check-in").location == "no"


@pytest.mark.parametrize("ritual_id", ["daily-stand-up", "weekly-check-in"])
def test_quoted_and_unquoted_10_00_are_the_time_10_00(handbook: Handbook, ritual_id: str) -> None:
    # daily-stand-up writes `time: 10:00`, weekly-check-in `time: "10:00"`.
    assert entry(handbook, "ritual", ritual_id).time == dt.time(10, 0)


def test_dates_are_dates(handbook: Handbook) -> None:
    policy: Policy = entry(handbook, "policy", "asset-licensing")
    assert (policy.effective, policy.review) == (dt.date(2026, 1, 1), dt.date(2027, 1, 1))
    ritual: Ritual = entry(handbook, "ritual", "weekly-check-in")
    assert (ritual.starts, ritual.until) == (dt.date(2026, 12, 7), dt.date(2027, 6, 30))
    project: Project = entry(handbook, "project", "q1-webinar")
    assert project.anchor_date == dt.date(2027, 1, 21)
    assert project.done_on("generate-ideas") == dt.date(2026, 12, 20)
    note: Note = entry(handbook, "note", "x")
    assert note.date == dt.date(2026, 11, 16)
    asset = entry(handbook, "assets", "assets").assets[0]
    assert (asset.acquired, asset.expires) == (dt.date(2026, 1, 10), dt.date(2030, 1, 10))


def test_workflow_offsets_durations_and_effort_are_parsed(handbook: Handbook) -> None:
    workflow: Workflow = entry(handbook, "workflow", "webinar")
    tasks = {t.id: t for t in workflow.tasks}
    assert [t.id for t in workflow.tasks] == ["generate-ideas", "approve-deck", "design-deck", "send-reminder"]
    assert tasks["generate-ideas"].due == Offset(-30, "d")
    assert tasks["generate-ideas"].effort == Duration(4, "h")
    assert tasks["generate-ideas"].duration == Duration(1, "d")
    assert tasks["design-deck"].due is None
    assert tasks["design-deck"].duration == Duration(2, "d")
    assert tasks["design-deck"].before == ("approve-deck",)
    assert tasks["send-reminder"].due == Offset(-2, "bd")
    assert workflow.working_days_only is False


def test_workflow_raci_takes_one_role_or_a_list(handbook: Handbook) -> None:
    workflow: Workflow = entry(handbook, "workflow", "webinar")
    ideas, deck = workflow.task("generate-ideas"), workflow.task("approve-deck")
    assert workflow.owner == "strategist"
    assert (ideas.responsible, ideas.accountable, ideas.consulted, ideas.informed) == (
        ("strategist",),
        None,
        ("designer",),
        ("host",),
    )
    assert (deck.responsible, deck.accountable) == (("strategist", "host"), "host")
    assert workflow.tags == ("events", "demand-generation")
    assert workflow.summary == "Plan, promote and run a webinar."


def test_project_date_is_read_under_the_workflows_anchor_name(handbook: Handbook) -> None:
    workflow: Workflow = entry(handbook, "workflow", "webinar")
    project: Project = entry(handbook, "project", "q1-webinar")
    assert workflow.anchor == "publish"
    assert project.workflow == "webinar"
    assert project.anchor_date == dt.date(2027, 1, 21)


def test_project_assignments_status_skip_and_own_tasks(handbook: Handbook) -> None:
    project: Project = entry(handbook, "project", "q1-webinar")
    assert project.assign == {"strategist": "ellie"}
    assert project.holidays == "GB-ENG"
    assert project.is_done("approve-deck") and project.done_on("approve-deck") is None
    assert not project.is_done("design-deck")
    assert project.skip == ("send-reminder",)
    [studio] = project.tasks
    assert (studio.id, studio.responsible, studio.due) == ("book-studio", ("lucy",), Offset(-7, "w"))


def test_ritual_and_report_recurrences(handbook: Handbook) -> None:
    stand_up: Ritual = entry(handbook, "ritual", "daily-stand-up")
    assert (stand_up.repeat, stand_up.days, stand_up.duration) == ("weekdays", (), Duration(15, "m"))
    assert stand_up.attendees == ("strategist", "lucy")
    assert stand_up.timezone is None
    check_in: Ritual = entry(handbook, "ritual", "weekly-check-in")
    assert (check_in.repeat, check_in.days, check_in.timezone) == ("weekly", ("mon", "thu"), "Europe/London")
    assert check_in.attendees == ("strategist",)
    assert check_in.duration == Duration(1, "h")
    report: Report = entry(handbook, "report", "monthly-kpi-report")
    assert (report.repeat, report.days, report.starts) == ("monthly", (5,), dt.date(2026, 12, 1))
    assert (report.owner, report.audience) == (("analyst",), ("strategist", "ellie"))
    assert report.metrics == ("Website visitors", "MQLs")
    assert report.sources == ("Web analytics", "CRM")
    assert report.method == "How it is made, in *Markdown*."


def test_policy_and_procedure(handbook: Handbook) -> None:
    policy: Policy = entry(handbook, "policy", "asset-licensing")
    assert (policy.owner, policy.applies_to) == ("designer", ("images", "fonts"))
    assert policy.rules == ("Every image has a licence record in the asset register before a team uses it.",)
    procedure: Procedure = entry(handbook, "procedure", "customer-data-handling")
    [data] = procedure.data
    assert (data.name, data.lawful_basis, data.retention, data.systems) == (
        "Email address",
        "consent",
        "24 months",
        ("CRM",),
    )
    bounces, consent = procedure.steps
    assert (bounces.id, bounces.repeat, bounces.days, bounces.starts) == (
        "clean-bounces",
        "monthly",
        (1,),
        dt.date(2027, 1, 1),
    )
    assert (bounces.responsible, bounces.accountable) == (("analyst",), None)
    assert (consent.rrule, consent.starts, consent.accountable) == (
        "FREQ=MONTHLY;BYMONTHDAY=15",
        dt.date(2027, 1, 15),
        "strategist",
    )


def test_hub_links_assets_and_note(handbook: Handbook) -> None:
    links: Links = entry(handbook, "links", "links")
    assert [(link.title, link.url, link.owner) for link in links.links] == [
        ("Brand guide", "https://example.com/brand", "designer"),
        ("CRM", "https://crm.example.com/", None),
    ]
    assert links.links[0].tags == ("brand",)
    register: Assets = entry(handbook, "assets", "assets")
    [asset] = register.assets
    assert (asset.id, asset.file, asset.license, asset.attribution) == (
        "hero-photo",
        "images/hero.jpg",
        "CC BY 4.0",
        "Photo by Jane Doe",
    )
    note: Note = entry(handbook, "note", "x")
    assert (note.title, note.tags, note.project) == ("Kickoff recap", ("kickoff",), "q1-webinar")
    assert note.body == "**Agreed:** launch on 21 January.\n"


def test_the_same_id_in_two_kinds_is_allowed(tmp_path: Path) -> None:
    result = load(handbook_with(tmp_path, "playbooks/reports/daily-stand-up.yml"))
    assert lines(result) == []
    assert result.handbook is not None
    assert result.handbook.get("report", "daily-stand-up") is not None
    assert result.handbook.get("ritual", "daily-stand-up") is not None


# Errors (SPEC §4): each broken file reports exactly these problems


def case(fixture: str, *expected: str, marks: Any = ()) -> Any:
    path = Path(fixture)
    return pytest.param(fixture, list(expected), id=f"{path.parent.name}/{path.stem}", marks=marks)


PROBLEMS = [
    case(
        "playbooks/rituals/yaml-syntax-error.yml",
        "playbooks/rituals/yaml-syntax-error.yml:4:5: error: YAML syntax: expected ',' or ']', but got ':'",
    ),
    case(
        "playbooks/rituals/unknown-key.yml",
        "playbooks/rituals/unknown-key.yml:6:1: error: unknown key 'agena' (did you mean 'agenda'?)",
    ),
    case(
        "playbooks/rituals/missing-required-key.yml",
        "playbooks/rituals/missing-required-key.yml:1:1: error: missing required key 'time'",
    ),
    case(
        "playbooks/procedures/step-missing-title.yml",
        "playbooks/procedures/step-missing-title.yml:8:5: error: missing required key 'title'",
    ),
    case(
        "playbooks/policies/wrong-types.yml",
        "playbooks/policies/wrong-types.yml:2:8: error: expected text, got a list",
        "playbooks/policies/wrong-types.yml:4:9: error: expected a date like 2027-01-21, got 'next spring'",
        "playbooks/policies/wrong-types.yml:5:8: error: expected a list, got 'Every image has a licence record.'",
    ),
    case(
        "playbooks/workflows/working-days-only-yes.yml",
        "playbooks/workflows/working-days-only-yes.yml:4:20: error: expected true or false, got 'yes'",
    ),
    case(
        "playbooks/rituals/Weekly-Sync.yml",
        "playbooks/rituals/Weekly-Sync.yml:1:1: error: "
        f"'Weekly-Sync' is not a valid id (the file name is the id): {ID_HELP}",
    ),
    case(
        "playbooks/rituals/weekly_sync.yml",
        "playbooks/rituals/weekly_sync.yml:1:1: error: "
        f"'weekly_sync' is not a valid id (the file name is the id): {ID_HELP}",
    ),
    case(
        "playbooks/projects/task-id-invalid.yml",
        f"playbooks/projects/task-id-invalid.yml:7:9: error: 'Book_Studio' is not a valid id: {ID_HELP}",
    ),
    case(
        "playbooks/workflows/task-id-invalid.yml",
        f"playbooks/workflows/task-id-invalid.yml:5:9: error: 'Draft_Copy' is not a valid id: {ID_HELP}",
    ),
    case(
        "playbooks/workflows/only-task-has-unknown-key.yml",
        "playbooks/workflows/only-task-has-unknown-key.yml:8:5: error: "
        "unknown key 'consultd' (did you mean 'consulted'?)",
    ),
    case(
        "playbooks/rituals/old/daily-stand-up.yml",
        "playbooks/rituals/old/daily-stand-up.yml:1:1: error: duplicate ritual id "
        "'daily-stand-up': playbooks/rituals/daily-stand-up.yml has the same file name",
    ),
    case(
        "playbooks/workflows/duplicate-task-ids.yml",
        "playbooks/workflows/duplicate-task-ids.yml:11:9: error: duplicate task id 'draft' (also task 1)",
    ),
    case(
        "playbooks/rituals/duplicate-key.yml",
        "playbooks/rituals/duplicate-key.yml:6:1: error: duplicate key 'title' (first at line 2)",
    ),
    case(
        "playbooks/workflows/anchor-and-alias.yml",
        "playbooks/workflows/anchor-and-alias.yml:5:5: error: anchors and aliases are not allowed (found '&draft')",
    ),
    case(
        "playbooks/rituals/impossible-date.yml",
        "playbooks/rituals/impossible-date.yml:5:9: error: "
        "'2027-02-30' is not a real date: day is out of range for month",
    ),
    case(
        "playbooks/rituals/number-python-cannot-read.yml",
        "playbooks/rituals/number-python-cannot-read.yml:2:8: error: '._' is not a number (quote it if it is text)",
    ),
    case(
        "playbooks/rituals/unknown-kind.yml",
        "playbooks/rituals/unknown-kind.yml:1:7: error: unknown kind 'rituals' (did you mean 'ritual'?)",
    ),
    case(
        "playbooks/rituals/missing-kind.yml",
        "playbooks/rituals/missing-kind.yml:1:1: error: missing 'kind': one of team, workflow, "
        "project, ritual, report, policy, procedure, links, assets, note",
    ),
    case(
        "resource_hub/notes/no-front-matter.md",
        "resource_hub/notes/no-front-matter.md:1:1: error: "
        "a Markdown entry starts with YAML front matter between '---' lines",
    ),
    case(
        "playbooks/workflows/unknown-roles.yml",
        "playbooks/workflows/unknown-roles.yml:3:8: error: "
        "unknown role or person 'strategst' (did you mean 'strategist'?)",
        "playbooks/workflows/unknown-roles.yml:7:31: error: "
        "unknown role or person 'desginer' (did you mean 'designer'?)",
        "playbooks/workflows/unknown-roles.yml:8:18: error: unknown role or person 'hots' (did you mean 'host'?)",
        "playbooks/workflows/unknown-roles.yml:9:16: error: unknown role or person 'elie' (did you mean 'ellie'?)",
        "playbooks/workflows/unknown-roles.yml:10:16: error: unknown role or person 'nobody'",
    ),
    case(
        "playbooks/rituals/unknown-attendee.yml",
        "playbooks/rituals/unknown-attendee.yml:3:25: error: unknown role or person 'lucyy' (did you mean 'lucy'?)",
    ),
    case(
        "playbooks/projects/unknown-workflow.yml",
        "playbooks/projects/unknown-workflow.yml:3:11: error: unknown workflow 'webinr' (did you mean 'webinar'?)",
    ),
    case(
        "playbooks/projects/unknown-tasks.yml",
        "playbooks/projects/unknown-tasks.yml:5:29: error: unknown role 'desiger' (did you mean 'designer'?)",
        "playbooks/projects/unknown-tasks.yml:7:3: error: "
        "unknown task 'generate-idea' (did you mean 'generate-ideas'?)",
        "playbooks/projects/unknown-tasks.yml:8:8: error: "
        "unknown task 'design-dek' in workflow 'webinar' (did you mean 'design-deck'?)",
    ),
    case(
        "playbooks/workflows/unknown-task-in-before.yml",
        "playbooks/workflows/unknown-task-in-before.yml:8:14: error: "
        "unknown task 'reveiw' in 'before' (did you mean 'review'?)",
    ),
    case(
        "playbooks/workflows/task-without-responsible.yml",
        "playbooks/workflows/task-without-responsible.yml:8:5: error: "
        "a task needs a responsible role (R): 'responsible' is missing",
    ),
    case(
        "playbooks/workflows/task-with-empty-responsible.yml",
        "playbooks/workflows/task-with-empty-responsible.yml:5:5: error: task 'draft' has no responsible role (R)",
    ),
    case(
        "playbooks/workflows/task-without-accountable.yml",
        "playbooks/workflows/task-without-accountable.yml:8:5: error: "
        "task 'review' has no accountable role (A): set 'accountable', or an 'owner'",
    ),
    case(
        "playbooks/workflows/task-with-two-accountable.yml",
        "playbooks/workflows/task-with-two-accountable.yml:11:18: error: "
        "exactly one role is accountable (A); found 2: strategist, host",
    ),
    case(
        "playbooks/projects/role-with-two-holders.yml",
        "playbooks/projects/role-with-two-holders.yml:3:1: error: "
        "role 'strategist' is held by ellie, rosa: say who takes it in 'assign'",
    ),
    case(
        "playbooks/workflows/cycle-in-before.yml",
        "playbooks/workflows/cycle-in-before.yml:5:5: error: cycle in 'before': draft → review → publish → draft",
    ),
    case(
        "playbooks/projects/extra-task-due-after-successor-starts.yml",
        "playbooks/projects/extra-task-due-after-successor-starts.yml:7:5: error: "
        "'brief-guest' is due 2027-03-06, on or after the start of 'approve-deck' (2027-03-06), "
        "which it must precede (before[0])",
    ),
    case(
        "playbooks/rituals/weekly-on-a-wrong-weekday.yml",
        "playbooks/rituals/weekly-on-a-wrong-weekday.yml:5:13: error: "
        "'funday' is not a weekday: use mon, tue, wed, thu, fri, sat or sun",
    ),
    case(
        "playbooks/rituals/weekly-on-two-wrong-weekdays.yml",
        "playbooks/rituals/weekly-on-two-wrong-weekdays.yml:5:13: error: "
        "'frday' is not a weekday: use mon, tue, wed, thu, fri, sat or sun",
        "playbooks/rituals/weekly-on-two-wrong-weekdays.yml:5:20: error: "
        "'satday' is not a weekday: use mon, tue, wed, thu, fri, sat or sun",
    ),
    case(
        "playbooks/reports/monthly-on-day-40.yml",
        "playbooks/reports/monthly-on-day-40.yml:5:11: error: "
        "'40' is not a day of the month: use 1 to 31, or -1 for the last",
    ),
    case(
        "playbooks/rituals/repeat-and-rrule.yml",
        "playbooks/rituals/repeat-and-rrule.yml:5:8: error: give either 'repeat' (with 'days') or 'rrule', not both",
    ),
    case(
        "playbooks/rituals/rrule-without-freq.yml",
        "playbooks/rituals/rrule-without-freq.yml:4:8: error: 'BYDAY=MO,TH' has no FREQ, e.g. FREQ=WEEKLY;BYDAY=MO,TH",
    ),
    case(
        "playbooks/rituals/recurrence-without-starts.yml",
        "playbooks/rituals/recurrence-without-starts.yml:4:9: error: "
        "a recurrence needs 'starts', the first day it can fall on",
    ),
    case(
        "playbooks/rituals/until-before-starts.yml",
        "playbooks/rituals/until-before-starts.yml:6:8: error: 'until' (2026-12-31) is before 'starts' (2027-01-04)",
    ),
    case(
        "playbooks/rituals/unknown-time-zone.yml",
        "playbooks/rituals/unknown-time-zone.yml:4:11: error: "
        "unknown time zone 'Europe/Londn': use an IANA name such as Europe/London",
    ),
    case(
        "playbooks/projects/unknown-holidays.yml",
        "playbooks/projects/unknown-holidays.yml:6:11: error: "
        "'XX' is not a public-holiday calendar: use an ISO 3166 country code such as GB or US",
    ),
    case(
        "playbooks/rituals/several-errors.yml",
        "playbooks/rituals/several-errors.yml:1:1: error: missing required key 'time'",
        "playbooks/rituals/several-errors.yml:2:8: error: expected text, got a list",
        "playbooks/rituals/several-errors.yml:3:1: error: unknown key 'attendee' (did you mean 'attendees'?)",
        "playbooks/rituals/several-errors.yml:4:11: error: expected a duration like 30m, 4h, 2d, 1w or 3bd, got '30'",
        "playbooks/rituals/several-errors.yml:5:9: error: 'weekley' is not one of 'daily', "
        "'weekdays', 'weekly', 'fortnightly', 'monthly', 'quarterly' or 'yearly' "
        "(did you mean 'weekly'?)",
        "playbooks/rituals/several-errors.yml:7:11: error: "
        "unknown time zone 'Mars/Olympus': use an IANA name such as Europe/London",
    ),
    case(
        "playbooks/rituals/duplicate-key-and-unknown-key.yml",
        "playbooks/rituals/duplicate-key-and-unknown-key.yml:6:1: error: duplicate key 'title' (first at line 2)",
        "playbooks/rituals/duplicate-key-and-unknown-key.yml:7:1: error: unknown key 'agena' (did you mean 'agenda'?)",
    ),
    case(
        "playbooks/workflows/task-without-title-and-task-with-empty-responsible.yml",
        "playbooks/workflows/task-without-title-and-task-with-empty-responsible.yml:5:5: "
        "error: missing required key 'title'",
        "playbooks/workflows/task-without-title-and-task-with-empty-responsible.yml:7:5: "
        "error: task 'review' has no responsible role (R)",
    ),
    case(
        "resource_hub/licence-expired-in-broken-register.yml",
        "resource_hub/licence-expired-in-broken-register.yml:3:5: error: missing required key 'license'",
        "resource_hub/licence-expired-in-broken-register.yml:4:86: warning: "
        "the licence of asset 'old-photo' expired on 2026-11-01",
    ),
    case(
        "teams/person-with-misspelt-key.yml",
        "playbooks/team.yml:8:50: error: unknown key 'capacty' (did you mean 'capacity'?)",
    ),
    case(
        "playbooks/projects/missing-anchor-date.yml",
        "playbooks/projects/missing-anchor-date.yml:1:1: error: "
        "missing 'publish': the project's date (the workflow 'webinar' is anchored on it)",
        "playbooks/projects/missing-anchor-date.yml:4:1: error: unknown key 'launch': "
        "workflow 'webinar' is anchored on 'publish'",
    ),
]


@pytest.mark.parametrize(("fixture", "expected"), PROBLEMS)
def test_broken_file_reports_exactly_its_problems(tmp_path: Path, fixture: str, expected: list[str]) -> None:
    result = load(handbook_with(tmp_path, fixture))
    assert lines(result) == expected
    assert result.handbook is None


@pytest.mark.parametrize(
    ("fixture", "task_lines", "message"),
    [
        pytest.param(
            "playbooks/workflows/cycle-in-before.yml",
            range(5, 9),
            "cycle in 'before': draft → review → publish → draft",
            id="cycle-in-before",
        ),
        pytest.param(
            "playbooks/projects/extra-task-due-after-successor-starts.yml",
            range(7, 11),
            "'brief-guest' is due 2027-03-06, on or after the start of 'approve-deck' "
            "(2027-03-06), which it must precede (before[0])",
            id="extra-task-due-after-successor-starts",
        ),
    ],
)
def test_schedule_error_is_reported_in_its_task(tmp_path: Path, fixture: str, task_lines: range, message: str) -> None:
    [problem] = load(handbook_with(tmp_path, fixture)).problems
    assert (problem.path, problem.severity, problem.message) == (fixture, Severity.ERROR, message)
    assert problem.line in task_lines


def test_fixed_due_in_a_workflow_on_the_start_of_its_successor_is_an_error(tmp_path: Path) -> None:
    fixture = "playbooks/workflows/due-on-start-of-successor.yml"
    [problem] = load(handbook_with(tmp_path, fixture)).problems
    assert (problem.path, problem.severity) == (fixture, Severity.ERROR)
    assert problem.line in range(5, 10)
    assert problem.message.startswith("'draft' is due ")
    assert "on or after the start of 'review'" in problem.message


def test_fixed_due_in_a_workflow_is_explained_in_offsets_not_nominal_dates(tmp_path: Path) -> None:
    fixture = "playbooks/workflows/due-on-start-of-successor.yml"
    [problem] = load(handbook_with(tmp_path, fixture)).problems
    assert "2025-" not in problem.message
    assert "10 days before the anchor" in problem.message


def test_kind_that_is_a_list_is_an_error_not_a_crash(tmp_path: Path) -> None:
    result = load(handbook_with(tmp_path, "playbooks/rituals/kind-is-a-list.yml"))
    [problem] = result.problems
    assert (problem.path, problem.line, problem.column, problem.severity) == (
        "playbooks/rituals/kind-is-a-list.yml",
        1,
        7,
        Severity.ERROR,
    )
    assert "kind" in problem.message


def test_weekday_true_is_one_error(tmp_path: Path) -> None:
    problems = load(handbook_with(tmp_path, "playbooks/rituals/weekday-true.yml")).problems
    assert [(p.line, p.column, p.severity) for p in problems] == [(5, 8, Severity.ERROR)]


def test_procedure_step_without_responsible_is_an_error_at_the_step(tmp_path: Path) -> None:
    fixture = "playbooks/procedures/step-without-responsible.yml"
    [problem] = load(handbook_with(tmp_path, fixture)).problems
    assert (problem.path, problem.line, problem.column) == (fixture, 5, 5)
    assert problem.severity is Severity.ERROR
    assert "responsible role (R)" in problem.message


def test_procedure_step_without_responsible_is_called_a_step(tmp_path: Path) -> None:
    fixture = "playbooks/procedures/step-without-responsible.yml"
    [problem] = load(handbook_with(tmp_path, fixture)).problems
    assert "step" in problem.message
    assert "task" not in problem.message


def test_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    root = handbook_with(tmp_path)
    ritual = (VALID / "playbooks/rituals/daily-stand-up.yml").read_text(encoding="utf-8")
    (root / "playbooks/rituals/oversized.yml").write_text(
        ritual + "#" * (MAX_FILE_BYTES - len(ritual)) + "\n", encoding="utf-8"
    )
    assert lines(load(root)) == [
        f"playbooks/rituals/oversized.yml:1:1: error: file is {MAX_FILE_BYTES + 1} bytes; "
        f"the limit for one handbook file is {MAX_FILE_BYTES}",
    ]


def test_file_of_exactly_the_size_limit_is_read(tmp_path: Path) -> None:
    root = handbook_with(tmp_path)
    largest = root / "playbooks/rituals/largest.yml"
    ritual = (VALID / "playbooks/rituals/daily-stand-up.yml").read_text(encoding="utf-8")
    largest.write_text(ritual + "#" * (MAX_FILE_BYTES - len(ritual) - 1) + "\n", encoding="utf-8")
    assert largest.stat().st_size == MAX_FILE_BYTES
    result = load(root)
    assert lines(result) == []
    assert result.handbook is not None
    assert result.handbook.get("ritual", "largest") is not None


def test_several_broken_files_are_all_reported_in_one_load(tmp_path: Path) -> None:
    root = handbook_with(
        tmp_path,
        "playbooks/rituals/yaml-syntax-error.yml",
        "playbooks/rituals/unknown-key.yml",
        "resource_hub/notes/no-front-matter.md",
        "playbooks/projects/unknown-workflow.yml",
        "teams/role-held-by-nobody.yml",
    )
    assert lines(load(root)) == [
        "playbooks/projects/unknown-workflow.yml:3:11: error: unknown workflow 'webinr' (did you mean 'webinar'?)",
        "playbooks/rituals/unknown-key.yml:6:1: error: unknown key 'agena' (did you mean 'agenda'?)",
        "playbooks/rituals/yaml-syntax-error.yml:4:5: error: YAML syntax: expected ',' or ']', but got ':'",
        "playbooks/team.yml:7:3: warning: role 'photographer' is held by nobody in the team",
        "resource_hub/notes/no-front-matter.md:1:1: error: "
        "a Markdown entry starts with YAML front matter between '---' lines",
    ]


def test_handbook_without_a_team_is_an_error(tmp_path: Path) -> None:
    root = handbook_with(tmp_path)
    (root / "playbooks/team.yml").unlink()
    assert lines(load(root))[0] == (
        "playbooks:1:1: error: the handbook has no team: add a file with 'kind: team' listing roles and people"
    )


def test_raise_for_errors_carries_every_problem(tmp_path: Path) -> None:
    root = handbook_with(tmp_path, "playbooks/rituals/unknown-key.yml", "teams/role-held-by-nobody.yml")
    result = load(root)
    with pytest.raises(ContentError) as raised:
        result.raise_for_errors()
    assert [str(p) for p in raised.value.problems] == [
        "playbooks/rituals/unknown-key.yml:6:1: error: unknown key 'agena' (did you mean 'agenda'?)",
        "playbooks/team.yml:7:3: warning: role 'photographer' is held by nobody in the team",
    ]
    assert str(raised.value) == (
        "1 error in the handbook:\n"
        "playbooks/rituals/unknown-key.yml:6:1: error: "
        "unknown key 'agena' (did you mean 'agenda'?)"
    )


# Warnings (SPEC §4): reported, and the handbook still loads


def test_role_nobody_holds_is_a_warning_at_the_role(tmp_path: Path) -> None:
    result = load(handbook_with(tmp_path, "teams/role-held-by-nobody.yml"))
    assert lines(result) == [
        "playbooks/team.yml:7:3: warning: role 'photographer' is held by nobody in the team",
    ]
    assert result.errors == []
    assert result.handbook is not None


def test_licence_expired_or_expiring_within_30_days_is_a_warning_31_days_is_not(
    tmp_path: Path,
) -> None:
    # TODAY is 2026-11-23: the licences end yesterday, today, in 30 days and in 31 days.
    result = load(handbook_with(tmp_path, "resource_hub/licence-expiry.yml"))
    assert lines(result) == [
        "resource_hub/licence-expiry.yml:3:86: warning: the licence of asset 'old-photo' expired on 2026-11-22",
        "resource_hub/licence-expiry.yml:4:89: warning: "
        "the licence of asset 'team-photo' expires on 2026-11-23, within 30 days",
        "resource_hub/licence-expiry.yml:5:93: warning: "
        "the licence of asset 'deck-font' expires on 2026-12-23, within 30 days",
    ]
    assert result.handbook is not None


@pytest.mark.parametrize(
    ("today", "warned"),
    [
        pytest.param(dt.date(2026, 10, 1), [], id="all-more-than-30-days-away"),
        pytest.param(
            dt.date(2026, 11, 24),
            ["old-photo", "team-photo", "deck-font", "jingle"],
            id="two-expired-two-within-30-days",
        ),
        pytest.param(dt.date(2027, 1, 1), ["old-photo", "team-photo", "deck-font", "jingle"], id="all-expired"),
    ],
)
def test_licence_warnings_count_from_the_today_in_settings(tmp_path: Path, today: dt.date, warned: list[str]) -> None:
    result = load(handbook_with(tmp_path, "resource_hub/licence-expiry.yml"), today=today)
    assert [p.message.split("'")[1] for p in result.warnings] == warned
    assert result.errors == []


# Every broken file at once


def every_broken_file() -> list[str]:
    """Every broken fixture but the team replacements and the one that crashes the loader."""
    names = (f.relative_to(BROKEN).as_posix() for f in BROKEN.rglob("*") if f.is_file())
    return sorted(n for n in names if not n.startswith("teams/") and "kind-is-a-list" not in n)


@pytest.fixture
def everything_broken(tmp_path: Path) -> list[Problem]:
    return load(handbook_with(tmp_path, *every_broken_file())).problems


def test_every_broken_file_is_reported_in_one_load(everything_broken: list[Problem]) -> None:
    reported = {str(p) for p in everything_broken}
    for param in PROBLEMS:
        fixture, expected = param.values
        if not param.marks and not fixture.startswith("teams/"):
            assert set(expected) <= reported, fixture


def test_every_problem_has_a_line_and_column_from_1(everything_broken: list[Problem]) -> None:
    assert len(everything_broken) > 50
    assert [str(p) for p in everything_broken if p.line < 1 or p.column < 1] == []


def test_problems_are_sorted_by_path_then_line(everything_broken: list[Problem]) -> None:
    order = [(p.path, p.line, p.column) for p in everything_broken]
    assert order == sorted(order)
    assert len({p.path for p in everything_broken}) > 40


def test_a_control_character_is_a_problem_at_its_place_not_a_crash(tmp_path: Path) -> None:
    root = handbook_with(tmp_path)
    (root / "playbooks/rituals/bell.yml").write_text(
        "kind: ritual\ntitle: Stand-up\nsummary: ring the \x07 bell\n", encoding="utf-8"
    )
    result = load(root)
    assert lines(result) == [
        "playbooks/rituals/bell.yml:3:19: error: YAML syntax: character U+0007 is not "
        "allowed (a control character?): remove it"
    ]
    assert result.handbook is None


def test_folded_text_reads_as_yaml_folds_it(tmp_path: Path) -> None:
    from opsbook.core.source import parse_source

    source, problems = parse_source("x.yml", "kind: ritual\nsummary: >\n  one\n  two\n\n  three\n", markdown=False)
    assert problems == [] and source is not None
    assert source.data["summary"] == "one two\nthree\n"
