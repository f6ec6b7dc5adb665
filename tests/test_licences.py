"""The asset-licence gate: every image a page shows from docs/ has a valid licence record."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import TEAM, Build, run_mkdocs, write_handbook
from opsbook.core.model import Asset
from opsbook.views.licences import LicenceState, image_target, licence_state

TODAY_EPOCH = "1795392000"  # 2026-11-23 00:00 UTC
PIXEL = "<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/>"


def _register(*assets: str) -> str:
    return "kind: assets\nassets:\n" + "".join(assets)


def _asset(asset_id: str, file: str, expires: str | None = None) -> str:
    lines = f"  - id: {asset_id}\n    title: {asset_id}\n    file: {file}\n    license: Stock\n"
    return lines + (f"    expires: {expires}\n" if expires else "")


def _build(tmp_path: Path, register: str, page: str, extra: dict[str, str] | None = None) -> Build:
    root = write_handbook(
        tmp_path / "hb",
        {
            "playbooks/team.yml": TEAM,
            "resource_hub/assets.yml": register,
            "docs/launch.md": page,
            **(extra or {}),
        },
    )
    for name in ("hero.svg", "team.svg"):
        (root / "docs" / "images").mkdir(exist_ok=True)
        (root / "docs" / "images" / name).write_text(PIXEL, encoding="utf-8")
    return run_mkdocs(root, tmp_path / "site", "--strict", env={"SOURCE_DATE_EPOCH": TODAY_EPOCH})


PAGE = "# Launch\n\n![Hero](images/hero.svg)\n"


@pytest.mark.parametrize(
    ("register", "expected"),
    [
        pytest.param(
            _register(_asset("team", "images/team.svg")),
            "page 'docs/launch.md' shows image 'docs/images/hero.svg', which has no licence record in the asset register",
            id="missing",
        ),
        pytest.param(
            _register(_asset("hero", "images/hero.svg", "2026-12-10")),
            "page 'docs/launch.md' shows image 'docs/images/hero.svg', whose licence (asset 'hero' in resource_hub/assets.yml) expires on 2026-12-10, within 30 days",
            id="expiring",
        ),
        pytest.param(
            _register(_asset("hero", "images/hero.svg", "2026-11-22")),
            "page 'docs/launch.md' shows image 'docs/images/hero.svg', whose licence (asset 'hero' in resource_hub/assets.yml) expired on 2026-11-22",
            id="expired",
        ),
    ],
)
def test_image_without_a_valid_licence_is_a_warning_naming_page_and_image(
    tmp_path: Path,
    register: str,
    expected: str,
) -> None:
    build = _build(tmp_path, register, PAGE)
    assert build.returncode != 0, build.output
    warnings = [line for line in build.output.splitlines() if line.startswith("WARNING") and "shows image" in line]
    assert len(warnings) == 1, build.output
    assert warnings[0].endswith(expected)


def test_licensed_image_and_images_from_elsewhere_pass_strict(tmp_path: Path) -> None:
    page = (
        PAGE
        + '\n![Remote](https://images.example.com/x.png)\n\n<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">\n'
    )
    register = _register(
        _asset("hero", "images/hero.svg", "2027-06-30"), _asset("unused", "images/team.svg", "2027-06-30")
    )
    build = _build(tmp_path, register, page)
    assert build.returncode == 0, build.output
    assert "shows image" not in build.output


def test_image_in_a_subfolder_page_resolves_to_its_docs_file(tmp_path: Path) -> None:
    register = _register(_asset("team", "./images/team.svg"))
    build = _build(
        tmp_path,
        register,
        "# Launch\n",
        {
            "docs/guides/photos.md": "# Photos\n\n![Team](../images/team.svg)\n\n![Hero](../images/hero.svg)\n",
        },
    )
    assert build.returncode != 0
    gated = [line for line in build.output.splitlines() if "shows image" in line]
    assert [g.split("opsbook: ", 1)[1] for g in gated] == [
        "page 'docs/guides/photos.md' shows image 'docs/images/hero.svg', which has no licence record in the asset register",
    ], build.output


def test_image_in_a_note_is_gated_on_its_generated_page(tmp_path: Path) -> None:
    register = _register(_asset("team", "images/team.svg"))
    build = _build(
        tmp_path,
        register,
        "# Launch\n",
        {
            "resource_hub/notes/shoot-recap.md": "---\nkind: note\ntitle: Shoot recap\n---\n![Hero](../../images/hero.svg)\n",
        },
    )
    assert build.returncode != 0
    gated = [line for line in build.output.splitlines() if "shows image" in line]
    assert len(gated) == 1, build.output
    assert (
        "page 'notes/shoot-recap/ (resource_hub/notes/shoot-recap.md)' shows image 'docs/images/hero.svg'" in gated[0]
    )


@pytest.mark.parametrize(
    ("expires", "state"),
    [
        (None, LicenceState.VALID),
        ("2026-12-24", LicenceState.VALID),  # 31 days ahead
        ("2026-12-23", LicenceState.EXPIRING),  # 30 days ahead
        ("2026-11-23", LicenceState.EXPIRING),  # ends today: still usable today
        ("2026-11-22", LicenceState.EXPIRED),
    ],
)
def test_licence_state_counts_thirty_days_from_today(expires: str | None, state: LicenceState) -> None:
    asset = Asset.model_validate({"id": "a", "title": "A", "file": "a.png", "license": "Stock", "expires": expires})
    assert licence_state(asset, dt.date(2026, 11, 23))[0] is state


@pytest.mark.parametrize(
    ("page_url", "src", "target"),
    [
        ("", "images/hero.svg", "images/hero.svg"),
        ("guides/photos/", "../../images/hero.svg", "images/hero.svg"),
        ("guides/photos.html", "../images/hero.svg", "images/hero.svg"),
        ("guides/", "/images/hero.svg", "images/hero.svg"),
        ("", "https://example.com/hero.svg", None),
        ("", "//example.com/hero.svg", None),
        ("", "data:image/png;base64,AAAA", None),
        ("", "../outside.svg", None),
    ],
)
def test_image_source_resolves_to_the_site_path_it_loads(page_url: str, src: str, target: str | None) -> None:
    assert image_target(page_url, src) == target
