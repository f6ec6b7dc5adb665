"""`opsbook build --out DIR`: the handbook as a docs folder that any static-site generator can
publish without the opsbook plugin (Zensical, or MkDocs and ProperDocs without it).

The folder gets the handbook's own docs/ (copied as they are), every generated page as Markdown
(front matter with its title, tags and source file; its body the HTML the plugin would show, as
one raw HTML block), the calendar feeds, the Atom feeds of the change log and the weekly recaps,
catalog.json, metrics.json and opsbook's stylesheets and script. The HTML is the same as the
plugin's, links included: they are relative and assume directory URLs (`use_directory_urls`,
MkDocs' and Zensical's default). What only the plugin gives is left out: its navigation order, a
table of contents for generated pages, "edit this page" pointing at the playbook, and the
asset-licence gate on images.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from ..core.settings import Settings
from ..history import read_history
from ..publish.catalog import CATALOG_FILE
from ..publish.docsfolder import FolderRefused, markdown_page, write_docs_folder
from ..publish.sitefiles import site_files
from ..render.context import Site
from ..render.htmlscan import headings
from ..render.renderer import ASSETS, Renderer
from ..views.derived import Derived
from ..views.recap import recap_weeks
from ..views.site import site_pages
from .exits import EXIT_ERRORS, EXIT_OK, loaded
from .siteconfig import config_text, site_config

ASSET_FOLDER = "assets/opsbook"
#: In the order the plugin adds them to the site.
STYLESHEETS = ("opsbook.css", "hub.css")
SCRIPTS = ("hub.js",)


def build_out(settings: Settings, out_dir: str, out: TextIO, err: TextIO) -> int:
    """Write the docs folder `out_dir`; an exit code."""
    config = site_config(settings.root)
    docs_dir = config_text(config, "docs_dir") or "docs"
    target = Path(out_dir).resolve()
    docs = (settings.root / docs_dir).resolve()
    if target.is_relative_to(docs):
        err.write(f"opsbook build: {out_dir}: give a folder outside {docs_dir}/, which holds your own pages\n")
        return EXIT_ERRORS
    handbook = loaded(settings, err, "nothing written")
    if handbook is None:
        return EXIT_ERRORS
    site_url, repo_url = config_text(config, "site_url"), config_text(config, "repo_url")
    site_name = config_text(config, "site_name") or "Handbook"
    history = read_history(settings, handbook)
    own = _own_files(docs)
    files: dict[str, bytes] = dict(own)

    def add(rel: str, data: bytes | str, what: str) -> None:
        if rel in own:
            err.write(
                f"opsbook: warning: {docs_dir}/{rel} is your own file: opsbook keeps it and does not write {what}\n"
            )
        else:
            files[rel] = data.encode("utf-8") if isinstance(data, str) else data

    derived = Derived(handbook)
    weeks = recap_weeks(handbook, derived, history, handbook.today, settings.recap_weeks)
    made = site_files(
        handbook, derived, history, weeks, root=settings.root, site_url=site_url, site_name=site_name, repo_url=repo_url
    )
    specs = list(site_pages(handbook, history, weeks))
    assets = {f"{ASSET_FOLDER}/{name}": (ASSETS / name).read_bytes() for name in (*STYLESHEETS, *SCRIPTS)}
    published = frozenset(own) | {s.src for s in specs} | made.files.keys() | assets.keys()
    site = Site(handbook, derived, history, site_url, repo_url, published)
    renderer = Renderer([settings.root / settings.templates_dir] if settings.templates_dir else [])
    for spec in specs:
        front = spec.meta()
        html = renderer.render(spec, site)
        if not headings(html):
            front["hide"] = ["toc"]  # as the plugin does: no empty contents column beside its tables
        add(spec.src, markdown_page(front, html), f"its {spec.title} page")
    for rel, data in made.files.items():
        add(rel, data, "that feed" if rel in made.feeds else f"its {rel}")
    for rel, data in assets.items():
        add(rel, data, "its copy")
    for note in (history.note, *made.notes):
        if note:
            err.write(f"opsbook: info: {note}\n")
    try:
        write_docs_folder(target, files)
    except FolderRefused as refused:
        for reason in refused.reasons:
            err.write(f"opsbook build: {out_dir}: {reason}\n")
        return EXIT_ERRORS
    except (OSError, ValueError) as problem:
        err.write(f"opsbook build: cannot write {out_dir}: {problem}\n")
        return EXIT_ERRORS
    pages = sum(1 for s in specs if s.src not in own)
    out.write(
        f"wrote {len(files)} files to {out_dir}: {pages} generated pages, {len(made.feeds)} calendar feeds, "
        f"{CATALOG_FILE} and {len(own)} files of {docs_dir}/\n"
        f"In the generator's config: docs_dir: {out_dir}\n"
        f"  extra_css: [{', '.join(f'{ASSET_FOLDER}/{n}' for n in STYLESHEETS)}]\n"
        f"  extra_javascript: [{', '.join(f'{ASSET_FOLDER}/{n}' for n in SCRIPTS)}]\n"
    )
    return EXIT_OK


def _own_files(docs: Path) -> dict[str, bytes]:
    """The handbook's own docs/, as MkDocs reads it: dot-files and dot-folders left out."""
    if not docs.is_dir():
        return {}
    found = {}
    for path in sorted(docs.rglob("*")):
        rel = path.relative_to(docs)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):
            found[rel.as_posix()] = path.read_bytes()
    return found
