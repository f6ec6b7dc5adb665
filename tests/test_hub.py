"""The resource hub page, catalog.json and the search index, from real builds."""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import REPO, TEAM, Build, run_mkdocs, write_handbook
from ruamel.yaml import YAML

TODAY_EPOCH = "1795392000"  # 2026-11-23


def soup(build: Build, url: str) -> BeautifulSoup:
    return BeautifulSoup(build.page(url), "html.parser")


def _source_entries() -> dict[tuple[str, str], dict]:
    """Every entry of the example, read straight from its files (not through opsbook)."""
    yaml = YAML(typ="safe")
    found = {}
    for folder in ("playbooks", "resource_hub"):
        for path in sorted((REPO / folder).rglob("*")):
            if path.suffix in (".yml", ".yaml"):
                data = yaml.load(path.read_text(encoding="utf-8"))
            elif path.suffix == ".md":
                data = yaml.load(path.read_text(encoding="utf-8").split("---")[1])
            else:
                continue
            found[(data["kind"], path.stem)] = data
    return found


def test_catalog_lists_every_entry_with_url_kind_owner_tags_and_feeds(example_build: Build) -> None:
    assert example_build.returncode == 0, example_build.output
    catalog = json.loads((example_build.site / "catalog.json").read_text(encoding="utf-8"))
    entries = {(e["kind"], e["id"]): e for e in catalog["entries"]}
    source = _source_entries()
    assert set(entries) == {key for key in source if key[0] != "team"}
    for key, entry in entries.items():
        data = source[key]
        assert entry["tags"] == data.get("tags", []), key
        page, _, anchor = entry["url"].partition("#")
        assert (example_build.site / page / "index.html").is_file(), entry["url"]
        if anchor:
            assert soup(example_build, page).find(id=anchor) is not None, entry["url"]
        if isinstance(data.get("owner"), str) and key[0] != "project":
            assert entry["owner"] == [data["owner"]], key
    webinar = entries[("project", "q1-product-webinar")]
    assert webinar["url"] == "projects/q1-product-webinar/"
    assert webinar["owner"] == ["ellie"]  # holds the webinar workflow's owner role on this project
    assert webinar["feeds"][:2] == ["calendars/team.ics", "calendars/projects/q1-product-webinar.ics"]
    assert "calendars/people/lucy.ics" in webinar["feeds"]  # designs the deck
    kpi = entries[("report", "monthly-kpi-report")]["feeds"]
    assert kpi[0] == "calendars/team.ics"
    assert {"calendars/roles/analyst.ics", "calendars/people/priya.ics"} <= set(kpi)
    assert entries[("workflow", "webinar")]["feeds"] == []  # a template: its projects have the dates
    assert entries[("note", "2026-11-16-q1-webinar-kickoff")]["project"] == "q1-product-webinar"
    assets = {a["id"]: a for a in entries[("assets", "assets")]["assets"]}
    assert assets["conference-audience"]["licence_state"] == "valid"
    assert catalog["site_url"] == "https://handbook.example.com/"
    assert {p["id"] for p in catalog["people"]} >= {"ellie", "lucy"}
    assert not [p.name for p in example_build.site.iterdir() if p.name.endswith(".tmp")]


def test_hub_rows_carry_the_kind_owners_and_tags_the_filters_use(example_build: Build) -> None:
    page = soup(example_build, "hub")
    source = _source_entries()
    tables = page.select('table[data-opsbook="catalogue"]')
    assert {t["data-kind"] for t in tables} == {
        "workflow",
        "project",
        "ritual",
        "report",
        "policy",
        "procedure",
        "note",
    }
    for table in tables:
        for row in table.select("tbody tr"):
            link = row.select_one("th a")["href"]
            entry_id = link.rstrip("/").split("/")[-1]
            assert row["data-kind"] == table["data-kind"]
            assert json.loads(row["data-tags"]) == source[(table["data-kind"], entry_id)].get("tags", [])
    policy = page.select_one('table[data-kind="policy"] tbody tr')
    # Owned by the brand manager role, so its holder finds it too.
    assert policy["data-owners"].split() == ["brand-manager", "hannah"]
    links = page.select("#links ~ ul li[data-hub-row]")
    assert len(links) == len(source[("links", "links")]["links"])
    form = page.select_one("form[data-hub-filter]")
    assert form.has_attr("hidden")  # shown by the script; without it every row stays visible
    tags = [o["value"] for o in form.select('select[name="tag"] option') if o["value"]]
    assert "webinars" in tags and "licensing" in tags


def test_hub_shows_launches_tasks_coming_due_notes_and_calendars(example_build: Build) -> None:
    page = soup(example_build, "hub")
    launches = [r.select_one("th").get_text(strip=True) for r in page.select('table[data-opsbook="launches"] tbody tr')]
    assert launches == ["Q1 product webinar", "Partner webinar (March)", "Spring photo shoot"]
    # Past due: the two past webinars never ticked off their social promotion. Nothing else falls
    # within 14 days of 23 Nov 2026, so the hub shows the next tasks after them.
    tasks = [
        r.select_one("th").get_text(strip=True) for r in page.select('table[data-opsbook="due-soon"] tr[data-hub-row]')
    ]
    assert tasks[:3] == ["Schedule social promotion", "Schedule social promotion", "Create talking points"]
    coming = [
        r.select_one("th").get_text(" ", strip=True) for r in page.select('table[data-opsbook="coming-due"] tbody tr')
    ]
    assert coming[0] == "Customer data handling — review"
    assert any("Conference audience illustration" in c for c in coming)
    notes = page.select("#recent-notes ~ ul li")
    assert "Stakeholder check-in recap" in notes[0].get_text()
    recurring = [
        r.select_one("th").get_text(strip=True) for r in page.select('table[data-opsbook="recurring"] tbody tr')
    ]
    assert "Weekly stakeholder check-in" in recurring and "Monthly KPI report" in recurring


def test_hub_shows_each_licence_state(tmp_path: Path) -> None:
    root = write_handbook(
        tmp_path / "hb",
        {
            "playbooks/team.yml": TEAM,
            "resource_hub/assets.yml": """\
            kind: assets
            assets:
              - {id: logo, title: Logo, file: images/logo.svg, license: In-house}
              - {id: stock, title: Stock photo, file: images/stock.jpg, license: Stock, expires: 2026-12-01}
              - {id: old, title: Old photo, file: images/old.jpg, license: Stock, expires: 2026-10-01}
            """,
        },
    )
    build = run_mkdocs(root, tmp_path / "site", env={"SOURCE_DATE_EPOCH": TODAY_EPOCH})
    assert build.returncode == 0, build.output
    states = {
        r["id"]: r.select_one(".opsbook-licence").get_text()
        for r in soup(build, "hub").select('table[data-opsbook="assets"] tbody tr')
    }
    assert states == {"asset-logo": "valid", "asset-stock": "expiring", "asset-old": "expired"}
    coming = soup(build, "hub").select('table[data-opsbook="coming-due"] tbody tr')
    assert [r.select_one("td:last-child").get_text(" ", strip=True) for r in coming] == [
        "overdue 53 days ago",
        "soon in 8 days",
    ]


def test_hub_links_the_calendars_page_and_the_team_feed(example_build: Build) -> None:
    section = soup(example_build, "hub").select_one("#calendars").find_parent("section")
    hrefs = [a["href"] for a in section.select("a")]
    assert "../calendars/" in hrefs
    assert "webcal://handbook.example.com/calendars/team.ics" in hrefs
    assert (example_build.site / "calendars" / "team.ics").is_file()


def test_search_index_holds_task_titles_roles_metrics_and_rules_with_entries_boosted(example_build: Build) -> None:
    index = json.loads((example_build.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = index["docs"]

    def found(text: str, page: str) -> list[dict]:
        return [d for d in docs if d["location"].startswith(page) and text in d["title"] + " " + d["text"]]

    assert found("Include in drip campaign", "workflows/webinar/")
    assert found("Include in drip campaign", "projects/q1-product-webinar/")
    assert found("Content strategist", "roles/strategist/")
    assert found("MQL to SQL conversion", "reports/monthly-kpi-report/")
    assert found("signed model release", "policies/asset-licensing/")
    title = [d for d in docs if d["location"] == "workflows/webinar/"]
    assert title and title[0]["title"] == "Webinar" and title[0]["boost"] == 2
    assert all("boost" not in d for d in docs if d["location"].startswith(("hub/", "contributing/")))


def test_hub_and_board_filters_take_owners_alike() -> None:
    """One helper (views.hub.Owners) for both pages' filters: a role brings its holders, and the
    owner choices are each id once, people first, then by name."""
    from opsbook.core.model import Team
    from opsbook.views.hub import Owners

    team = Team.model_validate(
        {
            "id": "team",
            "path": "playbooks/team.yml",
            "kind": "team",
            "roles": {"writer": {"title": "Writer"}, "editor": {"title": "copy editor"}, "nobody": {"title": "Nobody"}},
            "people": {
                "zoe": {"name": "Zoe Park", "roles": ["writer"]},
                "amy": {"name": "amy Lee", "roles": ["writer", "editor"]},
            },
        }
    )
    owners = Owners(team)
    assert owners.reach(("writer", "zoe")) == ("writer", "zoe", "amy")
    assert owners.reach(("nobody", "editor")) == ("nobody", "editor", "amy")
    assert owners.reach(("writer", "zoe")) is owners.reach(("writer", "zoe"))  # worked out once
    assert owners.reach(()) == ()
    assert owners.choices(["writer", "zoe", "nobody", "amy", "editor", "zoe"]) == (
        "amy",
        "zoe",
        "editor",
        "nobody",
        "writer",
    )
