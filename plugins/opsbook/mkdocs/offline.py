"""Offline by default: what keeps a built handbook from calling other hosts, and what it cannot
keep from doing so without the author's word.

Two kinds of call. Material's repository widget fetches star and fork counts from the hosting
service's API as soon as `repo_url` is set: opsbook replaces that one partial with a copy that has
no counts, through a theme folder of its own (the way MkDocs themes are meant to be changed; every
template, 404.html included, gets it, and nothing is rewritten after rendering). Web fonts,
analytics, a CDN's highlight.js and `extra_javascript`/`extra_css` URLs are the author's choices:
the build warns about them once, with the line of mkdocs.yml that changes each, and leaves them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.theme import Theme

#: opsbook's own theme overrides: partials/source.html only. Templates only, so MkDocs copies
#: nothing from it into the site.
THEME_DIR = Path(__file__).parent / "theme"
#: What a warning adds, so that a team that wants web fonts can build --strict all the same.
OPT_OUT = "To keep them, set `offline: false` under the opsbook plugin."


def add_theme_overrides(theme: Theme) -> None:
    """Material looks in opsbook's theme folder before its own: after the handbook's custom_dir,
    which keeps the last word. Other themes fetch nothing when repo_url is set."""
    if theme.name != "material" or str(THEME_DIR) in theme.dirs:
        return
    theme.dirs.insert(1 if theme.custom_dir else 0, str(THEME_DIR))


def outside_loads(config: MkDocsConfig) -> list[str]:
    """Each thing the theme and mkdocs.yml make every page load from another host, with its fix."""
    theme, found = config.theme, []
    if theme.name == "material" and theme.get("font") is not False:
        found.append("Material's web fonts from Google Fonts (set `font: false` under `theme:`)")
    if theme.name in ("mkdocs", "readthedocs") and theme.get("highlightjs"):
        found.append(f"the {theme.name} theme's highlight.js from a CDN (set `highlightjs: false` under `theme:`)")
    extra: Any = config.extra or {}
    analytics = extra.get("analytics") if theme.name == "material" else theme.get("analytics")
    if isinstance(analytics, dict) and (analytics.get("provider") or analytics.get("gtag")):
        found.append("an analytics script from its provider (remove `analytics`)")
    for option in ("extra_javascript", "extra_css"):
        for item in getattr(config, option) or ():
            url = str(getattr(item, "path", item))
            if url.startswith(("http://", "https://", "//")):
                found.append(f"{option} '{url}' (keep a copy in docs/ and list its path instead)")
    return found


def offline_warning(config: MkDocsConfig) -> str | None:
    """One warning naming everything the pages would load from another host, or None."""
    found = outside_loads(config)
    if not found:
        return None
    return (
        "the built pages would load from other hosts, so they need a network and tell those hosts "
        f"who reads them: {'; '.join(found)}. {OPT_OUT}"
    )
