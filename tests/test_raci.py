"""RACI tables, the roles × workflows matrix, people and role views, and responsibility checks,
read from real `mkdocs build` runs and `opsbook check`.

Expected cells are worked out by hand from the YAML in this file (or the example handbook's
playbooks), never from the code under test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import Build, opsbook, run_mkdocs, write_handbook
from opsbook.views.raci import MATRIX_MAX_CELLS

TODAY_EPOCH = "1799668800"  # 2027-01-11 12:00 UTC, a Monday: "this week" runs to Sun 17 Jan

TEAM = """\
kind: team
roles:
  strategist: {title: Content strategist}
  designer: {title: Designer}
  editor: {title: Editor}
people:
  ellie: {name: Ellie Hart, roles: [strategist]}
  rosa: {name: Rosa Mendes, roles: [strategist, editor]}
  lucy: {name: Lucy Brooks, roles: [designer]}
"""

# Written out of date order on purpose: the table follows the schedule, not the file.
LAUNCH_PLAN = """\
kind: workflow
title: Launch plan
owner: strategist
tasks:
  - id: publish
    title: Publish
    responsible: designer
    informed: [strategist]
    due: 0d
  - id: brief
    title: Write the brief
    responsible: strategist
    consulted: [designer]
    due: -10d
    effort: 3h
  - id: draft
    title: Draft the artwork
    responsible: designer
    informed: [editor]
    due: -6d
  - id: review
    title: Review the artwork
    responsible: [strategist, editor]
    accountable: designer
    due: -3d
    effort: 2h
  - id: follow-up
    title: Follow up
    responsible: strategist
    due: +10d
"""

UPKEEP = """\
kind: procedure
title: Asset upkeep
owner: editor
steps:
  - id: prune
    title: Prune old assets
    responsible: designer
    consulted: [lucy]
  - id: audit
    title: Audit licences
    responsible: editor
    informed: [strategist]
"""

# Launch Fri 2027-01-15: brief due Tue 5 Jan (done), draft Sat 9 Jan (past due), review Tue
# 12 Jan and publish Fri 15 Jan (this week), follow-up Mon 25 Jan (upcoming).
PROJECT = """\
kind: project
title: Spring launch
workflow: launch-plan
launch: 2027-01-15
assign: {strategist: ellie}
status:
  brief: {done: 2027-01-04}
"""

REPORT = """\
kind: report
title: Weekly numbers
owner: rosa
audience: [designer]
repeat: weekly
days: [mon]
starts: 2027-01-04
"""

RITUAL = """\
kind: ritual
title: Stand-up
attendees: [strategist, lucy]
starts: 2027-01-04
time: "09:30"
duration: 15m
repeat: weekdays
"""

POLICY = """\
kind: policy
title: Asset licensing
owner: editor
rules: [Every image has a licence record.]
"""

FILES = {
    "playbooks/team.yml": TEAM,
    "playbooks/workflows/launch-plan.yml": LAUNCH_PLAN,
    "playbooks/procedures/upkeep.yml": UPKEEP,
    "playbooks/projects/spring-launch.yml": PROJECT,
    "playbooks/reports/weekly-numbers.yml": REPORT,
    "playbooks/rituals/stand-up.yml": RITUAL,
    "playbooks/policies/asset-licensing.yml": POLICY,
}


@pytest.fixture(scope="module")
def raci_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    work = tmp_path_factory.mktemp("raci")
    root = write_handbook(work / "hb", FILES)
    build = run_mkdocs(root, work / "site", "--strict", env={"SOURCE_DATE_EPOCH": TODAY_EPOCH})
    assert build.returncode == 0, build.output
    return build


def soup(build: Build, url: str) -> BeautifulSoup:
    return BeautifulSoup(build.page(url), "html.parser")


def text(tag: Tag) -> str:
    return tag.get_text(" ", strip=True).replace(" ,", ",")


def raci_grid(page: BeautifulSoup, table: str = "raci") -> tuple[list[str], dict[str, dict[str, str]]]:
    """The column headings and, per row heading, each column's cell text."""
    found = page.select_one(f'table[data-opsbook="{table}"]')
    assert found is not None, f"no {table} table"
    heads = [text(th) for th in found.select("thead th")]
    grid = {}
    for tr in found.select("tbody tr"):
        cells = tr.find_all(["th", "td"])
        grid[text(cells[0])] = {h: text(c).replace(" ", "") for h, c in zip(heads[1:], cells[1:], strict=True)}
    return heads, grid


# --- RACI tables -------------------------------------------------------------------------------


def test_workflow_raci_table_has_tasks_in_date_order_and_combined_letters(raci_build: Build) -> None:
    heads, grid = raci_grid(soup(raci_build, "workflows/launch-plan"))
    assert heads == ["Task", "Content strategist", "Designer", "Editor"]
    assert list(grid) == ["Write the brief", "Draft the artwork", "Review the artwork", "Publish", "Follow up"]
    assert grid["Write the brief"] == {"Content strategist": "RA", "Designer": "C", "Editor": ""}
    assert grid["Draft the artwork"] == {"Content strategist": "A", "Designer": "R", "Editor": "I"}
    assert grid["Review the artwork"] == {"Content strategist": "R", "Designer": "A", "Editor": "R"}
    assert grid["Publish"] == {"Content strategist": "AI", "Designer": "R", "Editor": ""}
    assert grid["Follow up"]["Content strategist"] == "RA"


def test_raci_table_is_accessible_with_header_cells_a_legend_and_a_scrolling_region(raci_build: Build) -> None:
    page = soup(raci_build, "workflows/launch-plan")
    table = page.select_one('table[data-opsbook="raci"]')
    assert table is not None and not table.has_attr("class")  # Material styles class-less tables
    assert all(th["scope"] == "col" for th in table.select("thead th"))
    assert len(table.select('tbody th[scope="row"]')) == 5
    assert table.caption is not None and "Launch plan" in text(table.caption)
    wrap = table.parent
    assert wrap.name == "div" and wrap["role"] == "region" and wrap["tabindex"] == "0"
    legend = [text(li) for li in page.select("ul.opsbook-raci-legend li")]
    assert [item[0] for item in legend] == ["R", "A", "C", "I"]
    assert legend[0].startswith("R Responsible") and legend[1].startswith("A Accountable")
    letters = table.select("abbr")
    assert letters and all(
        a["title"].split(":")[0] in {"Responsible", "Accountable", "Consulted", "Informed"} for a in letters
    )


def test_procedure_raci_table_lists_steps_and_people_named_directly(raci_build: Build) -> None:
    heads, grid = raci_grid(soup(raci_build, "procedures/upkeep"))
    assert heads == ["Step", "Designer", "Editor", "Lucy Brooks", "Content strategist"]
    assert grid["Prune old assets"] == {"Designer": "R", "Editor": "A", "Lucy Brooks": "C", "Content strategist": ""}
    assert grid["Audit licences"] == {"Designer": "", "Editor": "RA", "Lucy Brooks": "", "Content strategist": "I"}


def test_project_raci_table_names_the_people_who_take_each_role(raci_build: Build) -> None:
    page = soup(raci_build, "projects/spring-launch")
    heads, grid = raci_grid(page)
    # strategist is assigned to Ellie; designer and editor each have one holder.
    assert heads == ["Task", "Ellie Hart Content strategist", "Lucy Brooks Designer", "Rosa Mendes Editor"]
    ellie, lucy, rosa = heads[1:]
    assert [row.split(" Tue")[0].split(" Sat")[0] for row in grid][:2] == ["Write the brief", "Draft the artwork"]
    rows = {title.split(" ")[0] + " " + title.split(" ")[1]: cells for title, cells in grid.items()}
    assert rows["Write the"] == {ellie: "RA", lucy: "C", rosa: ""}
    assert rows["Draft the"] == {ellie: "A", lucy: "R", rosa: "I"}
    assert rows["Review the"] == {ellie: "R", lucy: "A", rosa: "R"}
    links = [a["href"] for a in page.select('table[data-opsbook="raci"] thead a')]
    assert links == ["../../people/ellie/", "../../people/lucy/", "../../people/rosa/"]


def test_example_webinar_raci_table_matches_the_playbook(example_build: Build) -> None:
    assert example_build.returncode == 0, example_build.output
    heads, grid = raci_grid(soup(example_build, "workflows/webinar"))
    assert heads[:5] == ["Task", "Content strategist", "Sales lead", "Marketing analyst", "Content team lead"]
    titles = list(grid)
    assert (titles[0], titles[-1]) == ("Generate ideas", "Test run-through")
    assert grid["Generate ideas"]["Content strategist"] == "RA"
    assert grid["Design slide deck"]["Content strategist"] == "AI"  # owner, and informed
    assert grid["Design slide deck"]["Designer"] == "R"
    assert grid["Test run-through"]["Webinar host"] == "R"
    assert grid["Test run-through"]["Guest liaison"] == "R"
    assert grid["Test run-through"]["Content strategist"] == "AC"
    assert grid["Test run-through"]["Marketing operations manager"] == "I"


def test_example_project_raci_table_uses_the_projects_assignments(example_build: Build) -> None:
    _, grid = raci_grid(soup(example_build, "projects/q1-product-webinar"))
    run_through = next(cells for title, cells in grid.items() if title.startswith("Test run-through"))
    by_name = {head.split(" ", 2)[0] + " " + head.split(" ", 2)[1]: v for head, v in run_through.items()}
    # assign: {strategist: ellie, host: hannah}; guest-liaison is Rosa's alone.
    assert by_name["Hannah Lee"] == "R"
    assert by_name["Rosa Mendes"] == "R"
    assert by_name["Ellie Hart"] == "AC"
    assert by_name["Sam Okafor"] == "I"


# --- the handbook matrix ------------------------------------------------------------------------


def test_matrix_counts_letters_per_role_and_workflow_with_totals(raci_build: Build) -> None:
    heads, grid = raci_grid(soup(raci_build, "raci"), "raci-matrix")
    assert heads[1:] == ["Launch plan workflow, 5 tasks", "Asset upkeep procedure, 2 steps", "All tasks and steps"]
    launch, upkeep, total = heads[1:]
    roles = {title.split(" Ellie")[0].split(" Lucy")[0].split(" Rosa")[0]: cells for title, cells in grid.items()}
    assert roles["Content strategist"] == {launch: "3R4A1I", upkeep: "1I", total: "3R4A2Iin6·5heffort"}
    assert roles["Designer"] == {launch: "2R1A1C", upkeep: "1R", total: "3R1A1Cin5"}
    assert roles["Editor"] == {launch: "1R1I", upkeep: "1R2A", total: "2R2A1Iin4·2heffort"}
    assert roles["Lucy Brooks"] == {launch: "", upkeep: "1C", total: "1Cin1"}


def test_matrix_puts_the_most_loaded_roles_first_and_names_holders(raci_build: Build) -> None:
    page = soup(raci_build, "raci")
    rows = page.select('table[data-opsbook="raci-matrix"] tbody tr')
    assert [tr["data-who"] for tr in rows] == ["strategist", "designer", "editor", "lucy"]
    holders = [text(tr.select_one(".opsbook-holders")) for tr in rows[:3]]
    assert holders == ["Ellie Hart, Rosa Mendes", "Lucy Brooks", "Rosa Mendes"]


def test_example_matrix_counts_the_strategists_webinar_load(example_build: Build) -> None:
    page = soup(example_build, "raci")
    cell = page.select_one('table[data-opsbook="raci-matrix"] tr[data-who="strategist"] td[data-entry="webinar"]')
    # webinar.yml: R in 4 tasks, A (owner) in all 8, C in 3, I in 1.
    assert cell is not None and text(cell).replace(" ", "") == "4R8A3C1I"


def _too_big_for_one_grid(roles: int = 60) -> dict[str, str]:
    """A team of `roles` roles and one more workflow than the RACI grid holds."""
    workflows = MATRIX_MAX_CELLS // roles + 1
    team = (
        "kind: team\nroles:\n"
        + "".join(f"  r{k}: {{title: Role {k}}}\n" for k in range(roles))
        + "people:\n"
        + "".join(f"  p{k}: {{name: Person {k}, roles: [r{k}]}}\n" for k in range(roles))
    )
    files = {"playbooks/team.yml": team}
    for w in range(workflows):
        a, b, c = (f"r{(w + k) % roles}" for k in range(3))
        files[f"playbooks/workflows/w{w}.yml"] = (
            f"kind: workflow\ntitle: Workflow {w}\nowner: {a}\ntasks:\n"
            f"  - {{id: one, title: One, responsible: {a}, consulted: [{b}], due: -5d}}\n"
            f"  - {{id: two, title: Two, responsible: {b}, informed: [{c}], due: -2d, effort: 3h}}\n"
        )
    return files


def test_a_matrix_too_big_for_one_grid_is_shown_by_role_and_by_workflow(tmp_path: Path) -> None:
    roles, workflows = 60, MATRIX_MAX_CELLS // 60 + 1  # one more workflow than the grid holds
    files = _too_big_for_one_grid(roles)
    build = run_mkdocs(write_handbook(tmp_path / "hb", files), tmp_path / "site", "--strict")
    assert build.returncode == 0, build.output
    page = soup(build, "raci")
    assert page.select_one('table[data-opsbook="raci-matrix"]') is None
    by_entry = {
        tr["data-entry"]: {
            span["data-who"]: text(span.select_one(".opsbook-counts")).replace(" ", "")
            for span in tr.select("span[data-who]")
        }
        for tr in page.select('table[data-opsbook="raci-by-entry"] tbody tr')
    }
    assert len(by_entry) == workflows
    # w7: r7 owns it (A in both) and does One; r8 is consulted on One and does Two; r9 is told of Two.
    assert by_entry["w7"] == {"r7": "1R2A", "r8": "1R1C", "r9": "1I"}
    load = {
        tr["data-who"]: text(tr.select_one('td[data-entry="total"]'))
        for tr in page.select('table[data-opsbook="raci-load"] tbody tr')
    }
    assert len(load) == roles
    # r7 is A in w7 (2 tasks), R in w7 and w6, C in w6, I in w5 (2 R, 2 A, 1 C, 1 I in 5 tasks).
    assert load["r7"].replace(" ", "") == "2R2A1C1Iin5·3heffort"


# --- people and roles ---------------------------------------------------------------------------


def task_titles(page: BeautifulSoup, group: str) -> list[tuple[str, str]]:
    table = page.select_one(f'table[data-opsbook="{group}"]')
    if table is None:
        return []
    return [(text(tr.th), text(tr.select_one("td[data-letters]"))) for tr in table.select("tbody tr")]


def test_person_page_groups_project_tasks_by_when_they_are_due(raci_build: Build) -> None:
    page = soup(raci_build, "people/ellie")
    assert task_titles(page, "past-due") == [("Draft the artwork", "A")]
    assert task_titles(page, "this-week") == [("Review the artwork", "R"), ("Publish", "A I")]
    assert task_titles(page, "upcoming") == [("Follow up", "R A")]
    assert task_titles(page, "done") == [("Write the brief", "R A")]
    heading = page.select_one("h3#this-week")
    assert heading is not None and "Sun 17 Jan" in text(heading)


def test_person_page_shows_tasks_of_a_role_only_when_the_project_gives_it_to_them(raci_build: Build) -> None:
    rosa = soup(raci_build, "people/rosa")
    lucy = soup(raci_build, "people/lucy")
    # Rosa is a strategist too, but the project assigns the strategist role to Ellie.
    assert task_titles(rosa, "this-week") == [("Review the artwork", "R")]
    assert task_titles(rosa, "past-due") == []
    assert task_titles(lucy, "past-due") == [("Draft the artwork", "R")]
    assert task_titles(lucy, "this-week") == [("Review the artwork", "A"), ("Publish", "R")]


def held_duties(page: BeautifulSoup) -> dict[tuple[str, str], tuple[str, str]]:
    """(task, workflow or procedure) -> (its letters, as whom) from a person's or role's duties table."""
    found: dict[tuple[str, str], tuple[str, str]] = {}
    for tr in page.select('table[data-opsbook="duties"] tbody tr'):
        via = text(tr.select("td")[-1]) if len(tr.select("td")) > 4 else ""
        for cell in tr.select("td[data-letter]"):
            for task in cell.select("span"):
                letters, _ = found.get((text(task), text(tr.th)), ("", via))
                found[(text(task), text(tr.th))] = (f"{letters} {cell['data-letter']}".strip(), via)
    return found


def test_person_page_lists_everything_they_hold_through_their_roles(raci_build: Build) -> None:
    page = soup(raci_build, "people/rosa")
    duties = held_duties(page)
    assert duties[("Draft the artwork", "Launch plan")] == ("A I", "Content strategist, Editor")
    assert duties[("Audit licences", "Asset upkeep")] == ("R A I", "Content strategist, Editor")
    assert duties[("Prune old assets", "Asset upkeep")] == ("A", "Editor")
    assert len(duties) == 7
    # One row per workflow or procedure and way of holding it, not one per task.
    rows = [(text(tr.th), text(tr.select("td")[-1])) for tr in page.select('table[data-opsbook="duties"] tbody tr')]
    assert ("Asset upkeep", "Editor") in rows and len(rows) < len(duties)
    owns = [text(li) for li in page.select('ul[data-opsbook="owns"] li')]
    assert owns == ["Launch plan as Content strategist", "Asset licensing as Editor", "Asset upkeep as Editor"]
    assert [text(li) for li in page.select('ul[data-opsbook="reports-created"] li')] == [
        "Weekly numbers as Rosa Mendes"
    ]
    assert [text(li) for li in page.select('ul[data-opsbook="meetings"] li')] == ["Stand-up as Content strategist"]
    assert page.select('ul[data-opsbook="reports-read"]') == []


def test_role_page_lists_what_the_role_holds_and_who_takes_its_project_tasks(raci_build: Build) -> None:
    page = soup(raci_build, "roles/designer")
    duties = {(task, letters) for (task, _), (letters, _) in held_duties(page).items()}
    assert duties == {
        ("Publish", "R"),
        ("Write the brief", "C"),
        ("Draft the artwork", "R"),
        ("Review the artwork", "A"),
        ("Prune old assets", "R"),
    }
    assert [text(li) for li in page.select('ul[data-opsbook="reports-read"] li')] == ["Weekly numbers"]
    this_week = page.select('table[data-opsbook="this-week"] tbody tr')
    assert [(text(tr.th), text(tr.select("td")[-1])) for tr in this_week] == [
        ("Review the artwork", "Lucy Brooks"),
        ("Publish", "Lucy Brooks"),
    ]


def test_example_person_page_shows_meetings_and_reports(example_build: Build) -> None:
    page = soup(example_build, "people/priya")
    # priya is the analyst: she creates the KPI report and is consulted on webinar ideas.
    created = [text(li) for li in page.select('ul[data-opsbook="reports-created"] li')]
    assert any(c.startswith("Monthly KPI report") for c in created)
    duties = {task: letters for (task, _), (letters, _) in held_duties(page).items()}
    assert duties["Generate ideas"] == "C"


# --- checks -------------------------------------------------------------------------------------


def opsbook_check(root: Path) -> list[str]:
    done = opsbook("check", "--format", "json", cwd=root)
    return [f"{p['path']}:{p['line']}:{p['column']}: {p['severity']}: {p['message']}" for p in json.loads(done.stdout)]


BROKEN_WORKFLOW = """\
kind: workflow
title: Broken
tasks:
  - id: nobody-does-it
    title: Nobody does it
    responsible: []
    accountable: strategist
  - id: nobody-answers
    title: Nobody answers
    responsible: designer
  - id: two-answer
    title: Two answer
    responsible: designer
    accountable: [strategist, designer]
  - id: strangers
    title: Strangers
    responsible: [desginer]
    accountable: strategst
    consulted: [nobody]
    informed: [lucyy]
"""

BROKEN_PROCEDURE = """\
kind: procedure
title: Broken steps
owner: editor
steps:
  - id: empty
    title: Empty
    responsible: []
  - id: two
    title: Two
    responsible: designer
    accountable: [editor, designer]
"""


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {"playbooks/workflows/broken.yml": BROKEN_WORKFLOW},
            [
                "playbooks/workflows/broken.yml:4:5: error: task 'nobody-does-it' has no responsible role (R)",
                "playbooks/workflows/broken.yml:8:5: error: task 'nobody-answers' has no accountable role (A): "
                "set 'accountable', or an 'owner'",
                "playbooks/workflows/broken.yml:14:18: error: exactly one role is accountable (A); found 2: strategist, designer",
                "playbooks/workflows/broken.yml:17:19: error: unknown role or person 'desginer' (did you mean 'designer'?)",
                "playbooks/workflows/broken.yml:18:18: error: unknown role or person 'strategst' (did you mean 'strategist'?)",
                "playbooks/workflows/broken.yml:19:17: error: unknown role or person 'nobody'",
                "playbooks/workflows/broken.yml:20:16: error: unknown role or person 'lucyy' (did you mean 'lucy'?)",
            ],
            id="workflow-tasks",
        ),
        pytest.param(
            {
                "playbooks/workflows/broken.yml": "kind: workflow\ntitle: Refused owner\nowner: [strategist]\n"
                "tasks:\n  - {id: draft, title: Draft, responsible: designer}\n"
            },
            [
                "playbooks/workflows/broken.yml:3:8: error: expected an id (lowercase letters, digits and hyphens, "
                "starting with a letter or digit, at most 64 characters), got a list",
            ],
            id="refused-owner-is-not-also-a-missing-accountable",
        ),
        pytest.param(
            {"playbooks/procedures/broken.yml": BROKEN_PROCEDURE},
            [
                "playbooks/procedures/broken.yml:5:5: error: step 'empty' has no responsible role (R)",
                "playbooks/procedures/broken.yml:11:18: error: exactly one role is accountable (A); found 2: editor, designer",
            ],
            id="procedure-steps",
        ),
        pytest.param(
            {"playbooks/projects/spring-launch.yml": PROJECT.replace("assign: {strategist: ellie}\n", "")},
            [
                "playbooks/projects/spring-launch.yml:3:1: error: role 'strategist' is held by ellie, rosa: "
                "say who takes it in 'assign'",
            ],
            id="project-without-assignment",
        ),
        pytest.param(
            {"playbooks/projects/spring-launch.yml": PROJECT.replace("{strategist: ellie}", "{designer: lucy}")},
            [
                "playbooks/projects/spring-launch.yml:5:1: error: role 'strategist' is held by ellie, rosa: "
                "say who takes it in 'assign'",
            ],
            id="project-assigning-another-role",
        ),
        pytest.param(
            {"playbooks/team.yml": TEAM.replace("people:", "  analyst: {title: Analyst}\npeople:")},
            [
                "playbooks/team.yml:6:3: warning: role 'analyst' is held by nobody in the team",
            ],
            id="role-held-by-nobody",
        ),
        pytest.param(
            {
                "playbooks/reports/weekly-numbers.yml": REPORT.replace("owner: rosa", "owner: rossa"),
                "playbooks/rituals/stand-up.yml": RITUAL.replace("[strategist, lucy]", "[strategist, lucie]"),
                "playbooks/policies/asset-licensing.yml": POLICY.replace("owner: editor", "owner: editr"),
            },
            [
                "playbooks/policies/asset-licensing.yml:3:8: error: unknown role or person 'editr' (did you mean 'editor'?)",
                "playbooks/reports/weekly-numbers.yml:3:8: error: unknown role or person 'rossa' (did you mean 'rosa'?)",
                "playbooks/rituals/stand-up.yml:3:25: error: unknown role or person 'lucie'",
            ],
            id="reports-rituals-policies",
        ),
    ],
)
def test_responsibility_problem_is_reported_at_its_file_and_line(
    tmp_path: Path, files: dict[str, str], expected: list[str]
) -> None:
    root = write_handbook(tmp_path / "hb", {**FILES, **files})
    assert opsbook_check(root) == expected


def test_responsibility_errors_fail_the_build_with_file_and_line(tmp_path: Path) -> None:
    root = write_handbook(
        tmp_path / "hb",
        {
            **FILES,
            "playbooks/workflows/broken.yml": BROKEN_WORKFLOW,
            "playbooks/projects/spring-launch.yml": PROJECT.replace("assign: {strategist: ellie}\n", ""),
        },
    )
    build = run_mkdocs(root, tmp_path / "site")
    assert build.returncode != 0
    assert (
        "playbooks/workflows/broken.yml:4:5: error: task 'nobody-does-it' has no responsible role (R)" in build.output
    )
    assert (
        "playbooks/workflows/broken.yml:14:18: error: exactly one role is accountable (A); "
        "found 2: strategist, designer"
    ) in build.output
    assert (
        "playbooks/projects/spring-launch.yml:3:1: error: role 'strategist' is held by ellie, rosa: "
        "say who takes it in 'assign'"
    ) in build.output


# --- in the browser -----------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_raci_tables_are_visible_and_the_pages_fit_the_screen(
    chromium: object, example_build: Build, tmp_path: Path, width: int, height: int
) -> None:
    from browser import browser_page, overflow, screenshot, serve

    assert example_build.returncode == 0, example_build.output
    with serve(example_build.site) as base, browser_page(chromium, width=width, height=height) as page:
        for url, table in (
            ("workflows/webinar/", "raci"),
            ("projects/q1-product-webinar/", "raci"),
            ("procedures/customer-data-handling/", "raci"),
            ("raci/", "raci-matrix"),
            ("people/ellie/", "duties"),
            ("roles/strategist/", "duties"),
        ):
            page.goto(base + url)
            found = page.locator(f'table[data-opsbook="{table}"]')
            found.scroll_into_view_if_needed()
            assert found.is_visible(), url
            first_row = found.locator("tbody tr").first.locator("th")
            box = first_row.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, url
            wider = overflow(page)
            assert wider <= 0, f"{url} is {wider}px wider than a {width}px screen"
            screenshot(page, tmp_path, f"{url.strip('/').replace('/', '-')}-{width}")
        assert page.foreign_requests == []  # type: ignore[attr-defined]


@pytest.mark.browser
def test_a_page_without_sections_gives_its_table_the_width_of_the_empty_contents_column(
    chromium: object, example_build: Build
) -> None:
    """The RACI page has no section to list: Material's table-of-contents column is hidden, and
    the matrix's totals are on a 1280 px screen. A page with sections keeps its contents."""
    from browser import browser_page, serve

    with serve(example_build.site) as base, browser_page(chromium, width=1280, height=900) as page:
        contents = 'div.md-sidebar--secondary[data-md-type="toc"]'
        page.goto(base + "raci/")
        assert not page.locator(contents).is_visible()
        total = page.locator('table[data-opsbook="raci-matrix"] th[data-entry="total"]').bounding_box()
        assert total is not None and total["x"] + total["width"] <= 1280 - 40, total
        page.goto(base + "workload/")
        assert page.locator(contents).is_visible()
        assert page.locator(contents).get_by_text("How the hours are counted").is_visible()


@pytest.mark.browser
def test_wide_raci_table_scrolls_inside_its_box_on_a_phone_keeping_task_names_in_view(
    chromium: object, example_build: Build
) -> None:
    from browser import browser_page, overflow, serve

    with serve(example_build.site) as base, browser_page(chromium, width=390, height=844) as page:
        page.goto(base + "workflows/webinar/")
        wrap = page.locator('table[data-opsbook="raci"]').locator("xpath=ancestor::div[@role='region']")
        scroll = wrap.evaluate("el => [el.scrollWidth, el.clientWidth]")
        assert scroll[0] > scroll[1]  # eleven roles do not fit 390px: the box scrolls, not the page
        wrap.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
        task = page.locator('table[data-opsbook="raci"] tbody th').first
        box = task.bounding_box()
        assert box is not None and 0 <= box["x"] < 40  # the sticky task column stays on screen
        assert overflow(page) <= 0


def test_the_long_tables_are_the_templates_own_loops_which_overrides_change(tmp_path: Path) -> None:
    """The long tables of people's and roles' pages, the RACI page and the hub are made by the
    templates' loops alone: an override of `_holdings.html` or of a macro changes every row."""
    import datetime as dt
    import shutil

    from conftest import REPO
    from opsbook.core.loader import Settings, load_handbook
    from opsbook.render.context import Site
    from opsbook.render.renderer import Renderer
    from opsbook.views.derived import Derived
    from opsbook.views.site import site_pages

    def rendered(root: Path, today: dt.date, dirs: list[Path], template: str) -> dict[str, str]:
        handbook = load_handbook(
            Settings(root=root, timezone="Europe/London", holidays="GB", today=today)
        ).raise_for_errors()
        site, renderer = Site(handbook, Derived(handbook)), Renderer(dirs)
        return {p.src: renderer.render(p, site) for p in site_pages(handbook) if p.template == template}

    package = REPO / "plugins/opsbook/render/templates"
    today = dt.date(2026, 11, 23)
    # A handbook whose matrix is shown by workflow (too big for one grid).
    big = write_handbook(tmp_path / "big", _too_big_for_one_grid())
    raci = rendered(big, today, [], "raci.html")["raci/index.md"]
    assert raci.count('<tr data-entry="') == MATRIX_MAX_CELLS // 60 + 1
    # The hub on the day before a launch and on the day itself ("tomorrow", "today").
    example = load_handbook(
        Settings(root=REPO, timezone="Europe/London", holidays="GB", today=today)
    ).raise_for_errors()
    launch = min(p.anchor_date for p in example.projects if p.anchor_date >= example.today)
    for day in (launch - dt.timedelta(days=1), launch):
        assert ("tomorrow" if day < launch else "today") in rendered(REPO, day, [], "hub.html")["hub/index.md"]
    # The team's own `who` macro shows in every row of a person's tables.
    own = tmp_path / "own"
    own.mkdir()
    (own / "_macros.html").write_text(
        (package / "_macros.html")
        .read_text(encoding="utf-8")
        .replace("{% set who = markup.who %}", '{% macro who(w) %}<b class="house">{{ w }}</b>{% endmacro %}'),
        encoding="utf-8",
    )
    html = rendered(REPO, today, [own], "person.html")["people/ellie.md"]
    table = BeautifulSoup(html, "html.parser").select_one('table[data-opsbook="duties"]')
    assert table is not None and table.select("td b.house")
    # An override of `_holdings.html` alone that changes its row loop changes the rows.
    loop = tmp_path / "loop"
    loop.mkdir()
    text = (package / "_holdings.html").read_text(encoding="utf-8")
    marked = text.replace('<tr data-entry="{{ g.entry.id }}">', '<tr class="house" data-entry="{{ g.entry.id }}">')
    assert marked != text
    (loop / "_holdings.html").write_text(marked, encoding="utf-8")
    html = rendered(REPO, today, [loop], "person.html")["people/ellie.md"]
    rows = BeautifulSoup(html, "html.parser").select('table[data-opsbook="duties"] tbody tr')
    assert rows and all("house" in (row.get("class") or []) for row in rows)
    shutil.rmtree(loop)
