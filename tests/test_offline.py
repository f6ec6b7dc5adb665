"""Offline by default: a handbook's built pages call no other host, with no override of its own,
and the build says once, with the fix, what the author's own settings would load from elsewhere."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from browser import browser_page, serve
from conftest import MINIMAL_MKDOCS, PROJECT, TEAM, WORKFLOW, run_mkdocs, write_handbook

GITHUB_MKDOCS = MINIMAL_MKDOCS.replace("https://git.example.com/team/handbook", "https://github.com/example/handbook")
FILES = {
    "playbooks/team.yml": TEAM,
    "playbooks/workflows/webinar.yml": WORKFLOW,
    "playbooks/projects/q1-webinar.yml": PROJECT,
}
FONTS = "Material's web fonts from Google Fonts (set `font: false` under `theme:`)"


def _handbook(tmp_path: Path, mkdocs: str) -> Path:
    return write_handbook(tmp_path / "hb", FILES, mkdocs=mkdocs)


def _warnings(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("WARNING") and "other hosts" in line]


@pytest.mark.browser
@pytest.mark.parametrize(
    ("option", "api_calls"),
    [
        pytest.param("", False, id="default"),
        # The same site with the plugin's override turned off: Material asks GitHub's API for the
        # repository's stars, which is what the default must not do (and shows the check can fail).
        pytest.param("      offline: false\n", True, id="offline-false"),
    ],
)
def test_a_handbook_with_repo_url_and_no_override_requests_only_its_own_site(
    chromium: object, tmp_path: Path, option: str, api_calls: bool
) -> None:
    root = _handbook(tmp_path, GITHUB_MKDOCS + option)
    build = run_mkdocs(root, tmp_path / "site", "--strict")
    assert build.returncode == 0, build.output
    assert not (root / "overrides").exists()  # the partial is the plugin's, not written into the handbook
    with serve(build.site) as base, browser_page(chromium) as page:
        for url in ("", "workflows/webinar/", "projects/q1-webinar/"):
            page.goto(base + url)  # type: ignore[attr-defined]
            page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
            assert page.locator(".md-source").first.get_attribute("href") == "https://github.com/example/handbook"  # type: ignore[attr-defined]
        foreign = sorted(set(page.foreign_requests))  # type: ignore[attr-defined]
    if api_calls:
        assert foreign and all(url.startswith("https://api.github.com/repos/example/handbook") for url in foreign)
    else:
        assert foreign == []


def test_web_fonts_are_one_warning_with_the_fix_and_fail_a_strict_build(tmp_path: Path) -> None:
    root = _handbook(tmp_path, MINIMAL_MKDOCS.replace("  font: false\n", ""))
    build = run_mkdocs(root, tmp_path / "site")
    assert build.returncode == 0, build.output
    assert _warnings(build.output) == [
        "WARNING -  opsbook: the built pages would load from other hosts, so they need a network and tell those "
        f"hosts who reads them: {FONTS}. To keep them, set `offline: false` under the opsbook plugin."
    ]
    assert "fonts.googleapis.com" in build.page("")
    strict = run_mkdocs(root, tmp_path / "strict", "--strict")
    assert strict.returncode == 1
    assert len(_warnings(strict.output)) == 1


def test_scripts_and_stylesheets_from_other_hosts_are_named_in_the_one_warning(tmp_path: Path) -> None:
    mkdocs = MINIMAL_MKDOCS.replace("  font: false\n", "") + (
        "extra_javascript:\n  - https://cdn.example.net/widget.js\n  - js/local.js\n"
        "extra_css:\n  - //cdn.example.net/look.css\n"
    )
    root = _handbook(tmp_path, mkdocs)
    (root / "docs" / "js").mkdir()
    (root / "docs" / "js" / "local.js").write_text("", encoding="utf-8")
    build = run_mkdocs(root, tmp_path / "site")
    assert build.returncode == 0, build.output
    [warning] = _warnings(build.output)
    assert (
        f"{FONTS}; extra_javascript 'https://cdn.example.net/widget.js' (keep a copy in docs/ and list its path "
        "instead); extra_css '//cdn.example.net/look.css' (keep a copy in docs/ and list its path instead)."
    ) in warning
    assert "local.js" not in warning


def test_offline_false_keeps_web_fonts_without_a_warning(tmp_path: Path) -> None:
    root = _handbook(tmp_path, MINIMAL_MKDOCS.replace("  font: false\n", "") + "      offline: false\n")
    build = run_mkdocs(root, tmp_path / "site", "--strict")
    assert build.returncode == 0, build.output
    assert _warnings(build.output) == []
    assert "fonts.googleapis.com" in build.page("")


def test_the_mkdocs_theme_is_warned_about_its_cdn_highlighter(tmp_path: Path) -> None:
    mkdocs = MINIMAL_MKDOCS.replace(
        "  name: material\n  font: false\n  features: [content.action.edit]\n", "  name: mkdocs\n"
    )
    root = _handbook(tmp_path, mkdocs.replace("  - tags\n", ""))
    build = run_mkdocs(root, tmp_path / "site")
    assert build.returncode == 0, build.output
    [warning] = _warnings(build.output)
    assert "the mkdocs theme's highlight.js from a CDN (set `highlightjs: false` under `theme:`)" in warning
    (root / "mkdocs.yml").write_text(
        mkdocs.replace("  - tags\n", "").replace("  name: mkdocs\n", "  name: mkdocs\n  highlightjs: false\n"),
        encoding="utf-8",
    )
    quiet = run_mkdocs(root, tmp_path / "quiet", "--strict")
    assert quiet.returncode == 0, quiet.output
    assert "cdnjs" not in quiet.page("")


def test_a_source_partial_of_the_handbooks_own_wins_over_opsbooks(tmp_path: Path) -> None:
    root = _handbook(tmp_path, GITHUB_MKDOCS.replace("  font: false\n", "  font: false\n  custom_dir: overrides\n"))
    (root / "overrides" / "partials").mkdir(parents=True)
    (root / "overrides" / "partials" / "source.html").write_text(
        '<a class="md-source team-own" href="{{ config.repo_url }}">repo</a>\n', encoding="utf-8"
    )
    build = run_mkdocs(root, tmp_path / "site", "--strict")
    assert build.returncode == 0, build.output
    for page in (build.page(""), build.page("workflows/webinar"), (build.site / "404.html").read_text("utf-8")):
        assert '<a class="md-source team-own" href="https://github.com/example/handbook">repo</a>' in page
    (root / "overrides" / "partials" / "source.html").unlink()
    plain = run_mkdocs(root, tmp_path / "plain", "--strict")
    assert plain.returncode == 0, plain.output
    for page in (plain.page(""), (plain.site / "404.html").read_text("utf-8")):
        assert '<a href="https://github.com/example/handbook" title="Go to repository" class="md-source">' in page


def test_mkdocs_serve_warns_once_however_often_it_rebuilds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = _handbook(tmp_path, MINIMAL_MKDOCS.replace("  font: false\n", ""))
    monkeypatch.chdir(root)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    seen: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if "other hosts" in record.getMessage():
                seen.append(record.getMessage())

    handler = Collect(logging.WARNING)
    logger = logging.getLogger("mkdocs.plugins.opsbook")
    logger.addHandler(handler)
    try:
        started = False
        for _ in range(3):  # as `mkdocs serve` does: the config read again, the plugin object kept
            config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
            if not started:
                config.plugins.on_startup(command="serve", dirty=False)
                started = True
            build(config)
    finally:
        logger.removeHandler(handler)
    assert len(seen) == 1
