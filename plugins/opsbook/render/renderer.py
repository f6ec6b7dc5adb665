"""Pages rendered to HTML from the package's Jinja templates, with autoescaping on.

Users may override any template by putting a file of the same name in their own folder.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2

from ..core.model import anchor_label
from ..core.sanitize import markdown_to_html
from ..core.text import spelled
from ..views.site import PageSpec
from ..views.workload import hours_text
from .charts import on_time_chart, weeks_chart
from .context import Site, context_for, helpers

TEMPLATES = Path(__file__).parent / "templates"
#: The pages' stylesheets and script, which a site serves under assets/opsbook/.
ASSETS = Path(__file__).parent / "assets"


def safe_url(url: str) -> str:
    """A link target from the handbook, or '#' when its scheme could run script."""
    scheme = urlsplit(url.strip()).scheme.lower()
    return url if scheme in ("", "http", "https", "mailto") else "#"


class Renderer:
    """The Jinja environment of the package's templates and the user's override folders."""

    def __init__(self, template_dirs: Sequence[Path] = ()) -> None:
        self.template_dirs = tuple(template_dirs)
        loaders: list[jinja2.BaseLoader] = [
            jinja2.FileSystemLoader([str(d) for d in self.template_dirs]),
            jinja2.PackageLoader("opsbook.render", "templates"),
        ]
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["markdown"] = markdown_to_html
        self.env.filters["anchor_label"] = anchor_label
        self.env.filters["safe_url"] = safe_url
        self.env.filters["hours"] = hours_text
        self.env.filters["tenths"] = hours_text  # any number to a tenth: `3`, not `3.0`
        self.env.filters["spelled"] = spelled
        self.env.globals.update(weeks_chart=weeks_chart, on_time_chart=on_time_chart)

    @cached_property
    def templates(self) -> bytes:
        """A digest of every file of the package's templates and of the override folders: a
        template added to, changed in or removed from an override folder changes it."""
        return files_digest([*self.template_dirs, TEMPLATES])

    def html(self, page: PageSpec, data: dict[str, Any], helpers: dict[str, Any]) -> str:
        """The HTML of one page's content (the theme wraps it in the site's layout).

        Characters beyond ASCII are written as character references ("→" as `&#8594;`): browsers
        and search read them the same, and a front end that holds every page in memory (MkDocs
        does, until the build ends) holds one byte per character instead of two or four.
        """
        html = self.env.get_template(page.template).render({**data, **helpers})
        return html if html.isascii() else html.encode("ascii", "xmlcharrefreplace").decode("ascii")

    def render(self, page: PageSpec, site: Site) -> str:
        return self.html(page, context_for(page, site), helpers(page, site))


def files_digest(folders: Iterable[Path]) -> bytes:
    """Every file under each folder, by its path and bytes (a folder that does not exist counts
    as such)."""
    h = hashlib.blake2b(digest_size=20)
    for folder in folders:
        h.update(f"folder:{folder}\0".encode())
        if not folder.is_dir():
            h.update(b"absent\0")
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            data = path.read_bytes()
            h.update(f"{path.relative_to(folder).as_posix()}:{len(data)}\0".encode())
            h.update(data)
    return h.digest()


__all__ = ["Renderer", "files_digest", "safe_url"]
