"""Real `mkdocs build` runs: the example handbook and small purpose-made ones."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin

from bs4 import BeautifulSoup
from conftest import MINIMAL_MKDOCS, PROJECT, TEAM, WORKFLOW, Build, run_mkdocs, write_handbook

SPEC_PAGES = [
    "hub",
    "workflows/webinar",
    "workflows/asset-production",
    "projects/q1-product-webinar",
    "rituals/daily-stand-up",
    "reports/monthly-kpi-report",
    "policies/asset-licensing",
    "procedures/customer-data-handling",
    "people/ellie",
    "roles/strategist",
]


def soup(build: Build, url: str) -> BeautifulSoup:
    return BeautifulSoup(build.page(url), "html.parser")


def rows(page: BeautifulSoup, table: str = "tasks") -> list[list[str]]:
    body = page.select_one(f'table[data-opsbook="{table}"] tbody')
    assert body is not None, f"no {table} table"
    return [[cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])] for tr in body.find_all("tr")]


def test_example_handbook_builds_strict_with_every_generated_page(example_build: Build) -> None:
    assert example_build.returncode == 0, example_build.output
    for url in SPEC_PAGES:
        assert (example_build.site / url / "index.html").is_file(), url


def test_webinar_workflow_page_lists_the_guides_tasks_in_date_order(example_build: Build) -> None:
    table = rows(soup(example_build, "workflows/webinar"))
    titles = [r[0].split(" before ")[0] for r in table]
    assert titles == [
        "Generate ideas",
        "Recruit guest",
        "Create talking points",
        "Design slide deck",
        "Include in drip campaign",
        "Approve slide deck",
        "Schedule social promotion",
        "Test run-through",
    ]
    offsets = [r[1].split()[0] for r in table]
    assert offsets == ["-30d", "-25d", "-18d", "-17d", "-14d", "-12d", "-10d", "-1d"]


def test_project_page_shows_concrete_dates_people_and_status(example_build: Build) -> None:
    page = soup(example_build, "projects/q1-product-webinar")
    table = {r[0]: r for r in rows(page)}
    # Launch 2027-01-21: generate ideas is due 30 days before, recruit guest 25 days before.
    assert table["Generate ideas"][1].startswith("Tue 22 Dec 2026")
    assert table["Generate ideas"][2].startswith("done")
    assert table["Approve slide deck"][1].startswith("Sat 9 Jan 2027")
    assert table["Approve slide deck"][2] == "upcoming"
    assert table["Design slide deck"][3].startswith("R Lucy Brooks A Ellie Hart")


def test_edit_link_opens_the_entry_source_file(example_build: Build) -> None:
    page = soup(example_build, "workflows/webinar")
    edit = page.select_one('a[title="Edit this page"]') or page.select_one("a.md-content__button")
    assert edit is not None
    assert edit["href"] == "https://github.com/example/marketing-handbook/edit/main/playbooks/workflows/webinar.yml"


def test_generated_pages_are_in_the_search_index_and_carry_tags(example_build: Build) -> None:
    index = json.loads((example_build.site / "search" / "search_index.json").read_text())
    texts = " ".join(d["title"] + " " + d["text"] for d in index["docs"])
    assert "Include in drip campaign" in texts
    assert "MQL to SQL conversion" in texts or "MQLs" in texts
    tags = [a.get_text(strip=True) for a in soup(example_build, "workflows/webinar").select(".md-tag")]
    assert "webinars" in tags


def test_built_site_loads_nothing_from_another_host(example_build: Build) -> None:
    assert example_build.returncode == 0, example_build.output
    pages = sorted(example_build.site.rglob("*.html"))
    assert len(pages) > 20
    for html in pages:
        text = html.read_text(encoding="utf-8")
        for host in ("fonts.googleapis", "fonts.gstatic", "unpkg.com", "cdn.jsdelivr", "cdnjs."):
            assert host not in text, f"{html} loads from {host}"


def test_broken_playbook_fails_the_build_with_file_line_and_column(small_handbook: Path, tmp_path: Path) -> None:
    (small_handbook / "playbooks/workflows/webinar.yml").write_text(
        WORKFLOW.replace("    responsible: designer\n", "    resposible: designer\n"), encoding="utf-8"
    )
    build = run_mkdocs(small_handbook, tmp_path / "site")
    assert build.returncode != 0
    assert (
        "playbooks/workflows/webinar.yml:12:5: error: unknown key 'resposible' (did you mean 'responsible'?)"
        in build.output
    )
    assert "playbooks/workflows/webinar.yml:10:5: error: a task needs a responsible role (R)" in build.output


def test_warning_passes_a_build_and_fails_a_strict_one(small_handbook: Path, tmp_path: Path) -> None:
    (small_handbook / "playbooks/team.yml").write_text(
        TEAM.replace("  designer: {title: Designer}\n", "  designer: {title: Designer}\n  analyst: {title: Analyst}\n")
    )
    relaxed = run_mkdocs(small_handbook, tmp_path / "relaxed")
    strict = run_mkdocs(small_handbook, tmp_path / "strict", "--strict")
    assert relaxed.returncode == 0, relaxed.output
    assert "playbooks/team.yml:5:3: warning: role 'analyst' is held by nobody in the team" in relaxed.output
    assert strict.returncode != 0


def test_the_same_error_in_a_second_build_in_this_process_is_reported_again(
    small_handbook: Path, tmp_path: Path
) -> None:
    """run_mkdocs builds in the test process. Each MkDocs build command adds a filter of repeated
    messages to the build logger, which logs opsbook's errors; the helper takes it off again, else
    a second build with the same error would fail without saying why."""
    (small_handbook / "playbooks/workflows/webinar.yml").write_text(WORKFLOW.replace("due: -12d", "due: 12d"))
    for site in ("one", "two"):
        build = run_mkdocs(small_handbook, tmp_path / site)
        assert build.returncode == 1, build.output
        assert "playbooks/workflows/webinar.yml:9:10: error: '12d' needs a sign" in build.output, site


def test_hostile_text_arrives_harmless_in_the_html(tmp_path: Path) -> None:
    root = write_handbook(
        tmp_path / "hb",
        {
            "playbooks/team.yml": TEAM,
            "playbooks/workflows/webinar.yml": WORKFLOW.replace(
                "title: Webinar", 'title: "</title><script>alert(1)</script> Webinar"'
            ).replace(
                "tags: [events]",
                "tags: [events]\nsummary: '<img src=x onerror=alert(2)>'\n"
                "body: |\n  [click](javascript:alert(3)) <script>alert(4)</script>\n"
                '  <a href="data:text/html,x" onclick="alert(5)">d</a>\n'
                '  --8<-- "/etc/passwd"\n',
            ),
            "playbooks/projects/q1-webinar.yml": PROJECT,
        },
    )
    build = run_mkdocs(root, tmp_path / "site", "--strict")
    assert build.returncode == 0, build.output
    for html in build.site.rglob("*.html"):
        dom = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for script in dom.find_all("script"):
            assert "alert(" not in script.get_text(), html
        for tag in dom.find_all(True):
            assert not [a for a in tag.attrs if a.lower().startswith("on")], (html, tag)
            for attr in ("href", "src"):
                target = str(tag.get(attr, "")).strip().lower()
                assert not target.startswith(("javascript:", "data:")), (html, tag)
    assert "root:" not in build.page("workflows/webinar")
    page = soup(build, "workflows/webinar")
    assert "<img src=x onerror=alert(2)>" in page.select_one(".opsbook-summary").get_text()
    assert page.select_one("article h1").get_text() == "</title><script>alert(1)</script> Webinar"
    assert "</title><script>alert(1)</script> Webinar" in page.title.get_text()


def test_users_own_page_is_kept_and_the_clash_is_a_warning(small_handbook: Path, tmp_path: Path) -> None:
    own = small_handbook / "docs/workflows/webinar.md"
    own.parent.mkdir(parents=True)
    own.write_text("# Our own webinar page\n")
    build = run_mkdocs(small_handbook, tmp_path / "site")
    assert build.returncode == 0, build.output
    assert "Our own webinar page" in build.page("workflows/webinar")
    assert "docs/workflows/webinar.md is your own page" in build.output


def test_source_date_epoch_sets_today_for_past_due(small_handbook: Path, tmp_path: Path) -> None:
    before = run_mkdocs(small_handbook, tmp_path / "a", env={"SOURCE_DATE_EPOCH": "1796428800"})  # 2026-12-05
    after = run_mkdocs(small_handbook, tmp_path / "b", env={"SOURCE_DATE_EPOCH": "1799020800"})  # 2027-01-04
    states_before = {r[0]: r[2] for r in rows(soup(before, "projects/q1-webinar"))}
    states_after = {r[0]: r[2] for r in rows(soup(after, "projects/q1-webinar"))}
    # Design slide deck is due 2027-01-08; approve slide deck 2027-01-09.
    assert states_before == {"Design slide deck": "upcoming", "Approve slide deck": "upcoming"}
    assert states_after == {"Design slide deck": "upcoming", "Approve slide deck": "upcoming"}
    late = run_mkdocs(small_handbook, tmp_path / "c", env={"SOURCE_DATE_EPOCH": "1799452800"})  # 2027-01-09
    assert {r[0]: r[2] for r in rows(soup(late, "projects/q1-webinar"))} == {
        "Design slide deck": "past due",
        "Approve slide deck": "due today",
    }


def test_unknown_timezone_in_the_plugin_config_fails_the_build(small_handbook: Path, tmp_path: Path) -> None:
    config = small_handbook / "mkdocs.yml"
    config.write_text(config.read_text().replace("Europe/London", "Mars/Olympus"))
    build = run_mkdocs(small_handbook, tmp_path / "site")
    assert build.returncode != 0
    assert "timezone: unknown time zone 'Mars/Olympus'" in build.output


def test_a_long_section_lists_only_its_index_page_in_the_navigation(tmp_path: Path) -> None:
    projects = {
        f"playbooks/projects/launch-{i}.yml": PROJECT.replace("Q1 product webinar", f"Launch {i}") for i in range(3)
    }
    mkdocs = MINIMAL_MKDOCS.replace(
        "features: [content.action.edit]", "features: [content.action.edit, navigation.indexes, navigation.sections]"
    )
    root = write_handbook(
        tmp_path / "hb",
        {"playbooks/team.yml": TEAM, "playbooks/workflows/webinar.yml": WORKFLOW, **projects},
        mkdocs=mkdocs + "      nav_max_entries: 2\n",
    )
    build = run_mkdocs(root, tmp_path / "site", "--strict")
    assert build.returncode == 0, build.output

    def sidebar(url: str) -> set[str]:
        nav = soup(build, url).select_one("nav.md-nav--primary")
        assert nav is not None
        base = f"https://x/{url}/"
        return {
            urljoin(base, a["href"]).removeprefix("https://x/").rstrip("/").split("/")[-1]
            for a in nav.select("a[href]")
        }

    page = sidebar("projects/launch-1")
    # Three projects are more than two: the sidebar keeps the section's index page, not its entries.
    assert "projects" in page and not {"launch-0", "launch-1", "launch-2"} & page
    assert "webinar" in page  # one workflow is under the limit: still listed
    index = soup(build, "projects")
    listed = {a["href"].rstrip("/").split("/")[-1] for a in index.select("article a[href]")}
    assert {"launch-0", "launch-1", "launch-2"} <= listed  # every project is still one click away
    for i in range(3):
        assert f"Launch {i}" in build.page(f"projects/launch-{i}")


def test_a_negative_nav_limit_is_a_config_error(small_handbook: Path, tmp_path: Path) -> None:
    config = small_handbook / "mkdocs.yml"
    config.write_text(config.read_text() + "      nav_max_entries: -1\n")
    build = run_mkdocs(small_handbook, tmp_path / "site")
    assert build.returncode != 0
    assert "nav_max_entries: must be 0 or more, not -1" in build.output


RELEASE_HOOK = """\
import json
from pathlib import Path

pages = []

def on_page_context(context, page, config, nav):
    pages.append(page)
    return context

def on_post_build(config):
    held = {p.file.src_uri: p.content is not None for p in pages}
    (Path(config.site_dir).parent / "held.json").write_text(json.dumps(held), encoding="utf-8")
"""


def test_generated_pages_content_is_let_go_once_written(small_handbook: Path, tmp_path: Path) -> None:
    """MkDocs keeps every page object to the end of the build: opsbook drops the content of its
    own pages once written, so memory does not grow with them; the user's pages are left alone."""
    (small_handbook / "release_hook.py").write_text(RELEASE_HOOK, encoding="utf-8")
    mkdocs = small_handbook / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text(encoding="utf-8") + "hooks:\n  - release_hook.py\n", encoding="utf-8")
    build = run_mkdocs(small_handbook, tmp_path / "site", "--strict")
    assert build.returncode == 0, build.output
    held = json.loads((tmp_path / "held.json").read_text(encoding="utf-8"))
    assert held["index.md"] is True
    assert held["workflows/webinar.md"] is False and held["projects/q1-webinar.md"] is False
    assert "Approve slide deck" in build.page("workflows/webinar")
