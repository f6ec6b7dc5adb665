"""The MkDocs plugin: a thin adapter that loads the handbook and adds its pages to the site."""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..calendars import feeds_of
from ..core.errors import ConfigError, ContentError, OpsbookError
from ..core.loader import Settings, check_settings, load_handbook
from ..core.model import Handbook
from ..core.source import Parsed
from ..core.text import one_line
from ..core.timings import Timings
from ..core.workdays import subdivision_note
from ..history import History, RevisionCache, read_history
from ..publish.output import write_all
from ..publish.sitefiles import site_files
from ..render.context import Site
from ..render.htmlscan import headings, image_sources
from ..render.pagecache import PageCache
from ..render.renderer import Renderer
from ..views.derived import Derived
from ..views.licences import LicenceRegister, image_target
from ..views.recap import Week, recap_weeks
from ..views.site import PageSpec, site_pages
from .nav import arrange
from .offline import add_theme_overrides, offline_warning
from .search import search_copy, search_separator

log = get_plugin_logger(__name__)

STYLESHEET = "assets/opsbook/opsbook.css"
HUB_STYLESHEET = "assets/opsbook/hub.css"
HUB_SCRIPT = "assets/opsbook/hub.js"
# What the generated Markdown holds: nothing from the handbook. The page's HTML replaces it
# after Markdown has run, so no Markdown extension ever sees playbook text.
_PLACEHOLDER = '<div class="opsbook-placeholder"></div>\n'


class OpsbookConfig(Config):
    """The options of `plugins: - opsbook:`; their defaults are Settings' (core/settings.py)."""

    enabled = c.Type(bool, default=True)
    playbooks_dir = c.Type(str, default=Settings.playbooks_dir)
    hub_dir = c.Type(str, default=Settings.hub_dir)
    timezone = c.Type(str, default=Settings.timezone)
    holidays = c.Optional(c.Type(str))
    templates_dir = c.Optional(c.Type(str))
    nav_max_entries = c.Type(int, default=Settings.nav_max_entries)
    offline = c.Type(bool, default=Settings.offline)  # see offline.py
    recap_weeks = c.Type(int, default=Settings.recap_weeks)


class OpsbookPlugin(BasePlugin[OpsbookConfig]):
    supports_multiple_instances = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Parsed revisions are keyed by blob id, so they stay true across `mkdocs serve` rebuilds.
        self.revision_cache = RevisionCache()
        self.serving = command == "serve"
        # So are parsed files (by their bytes) and pages (by a digest of all they are given).
        self.parsed: Parsed | None = {} if self.serving else None
        self.page_cache = PageCache() if self.serving else None
        self.history_noted = False
        self.offline_warned = False
        #: Under `mkdocs serve`, each page's last HTML with what was read from it: its search copy,
        #: headings and images. A page that renders the same again is not read again.
        self.read_pages: dict[str, tuple[str, str | None, list[dict[str, Any]], list[str]]] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.root = Path(config.config_file_path or ".").resolve().parent
        self.handbook: Handbook | None = None
        self.renderer: Renderer | None = None
        self.site: Site | None = None
        self.pages: dict[str, PageSpec] = {}
        self.history: History | None = None
        self.recaps: tuple[Week, ...] = ()
        self.licences: LicenceRegister | None = None
        self.docs_files: dict[str, File] | None = None
        self.users_own: frozenset[str] = frozenset()  # the site's files before opsbook added its own
        self.timings = Timings()
        self.search_separator = search_separator(config)
        self.shown: dict[str, tuple[str, str]] = {}  # page -> (its HTML, the copy search reads)
        if not self.config.enabled:
            return config
        try:
            check_settings(self._settings())
        except ConfigError as err:
            raise PluginError(f"opsbook: {err}") from err
        if self.config.holidays and (note := subdivision_note(self.config.holidays)):
            log.info("holidays: %s", note)
        if STYLESHEET not in config.extra_css:
            config.extra_css.insert(0, STYLESHEET)
        if HUB_STYLESHEET not in config.extra_css:
            config.extra_css.insert(1, HUB_STYLESHEET)
        if HUB_SCRIPT not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(HUB_SCRIPT)
        if self.config.offline:
            add_theme_overrides(config.theme)
            if (warning := offline_warning(config)) and not getattr(self, "offline_warned", False):
                log.warning("%s", warning)  # once: `mkdocs serve` keeps this plugin across rebuilds
                self.offline_warned = True
        return config

    def _settings(self) -> Settings:
        return Settings(
            root=self.root,
            playbooks_dir=self.config.playbooks_dir,
            hub_dir=self.config.hub_dir,
            timezone=self.config.timezone,
            holidays=self.config.holidays,
            templates_dir=self.config.templates_dir,
            nav_max_entries=self.config.nav_max_entries,
            offline=self.config.offline,
            recap_weeks=self.config.recap_weeks,
        )

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        self.users_own = frozenset(f.src_uri for f in files)
        try:
            if not hasattr(self, "revision_cache"):  # on_startup runs only under mkdocs >= 1.4 commands
                self.on_startup(command="build", dirty=False)
            result = load_handbook(self._settings(), self.timings, self.parsed)
        except OpsbookError as err:
            raise PluginError(f"opsbook: {err}") from err
        for problem in result.warnings:
            log.warning("%s", problem)
        for problem in result.infos:
            log.info("%s", problem)
        try:
            handbook = result.raise_for_errors()
        except ContentError as err:
            raise PluginError(f"opsbook: {err}") from err
        self.handbook = handbook
        with self.timings.stage("history"):
            self.history = self._read_history(handbook, config)
        template_dirs = [self.root / self.config.templates_dir] if self.config.templates_dir else []
        self.renderer = Renderer(template_dirs)
        derived = Derived(handbook)
        with self.timings.stage("schedule"):
            derived.plans  # noqa: B018 (planned once here, so render time is rendering)
        docs_dir = Path(config.docs_dir)
        with self.timings.stage("history"):  # the change log's month pages are nearly all of it
            self.recaps = recap_weeks(handbook, derived, self.history, handbook.today, self.config.recap_weeks)
            specs = list(site_pages(handbook, self.history, self.recaps))
        for spec in specs:
            if files.get_file_from_path(spec.src) is not None:
                log.warning(
                    "docs/%s is your own page: opsbook keeps it and does not generate its %s page", spec.src, spec.title
                )
                continue
            file = File.generated(config, spec.src, content=_PLACEHOLDER)
            if spec.source:
                # Percent-encoded: MkDocs and the theme put it into the link as it is.
                file.edit_uri = quote(Path(os.path.relpath(self.root / spec.source, docs_dir)).as_posix())
            files.append(file)
            self.pages[spec.src] = spec
        for asset in (STYLESHEET, HUB_STYLESHEET, HUB_SCRIPT):
            if files.get_file_from_path(asset) is None:
                packaged = Path(__file__).parent.parent / "render" / "assets" / Path(asset).name
                files.append(File.generated(config, asset, abs_src_path=str(packaged)))
        self.licences = LicenceRegister(handbook)
        for gone in self.read_pages.keys() - self.pages.keys():
            del self.read_pages[gone]
        # The feeds are written after the build, so they are not among MkDocs' files yet.
        feeds = {feed.path for feed in feeds_of(handbook)}
        self.site = Site(
            handbook,
            derived,
            self.history,
            config.site_url,
            config.repo_url,
            frozenset(f.src_uri for f in files) | feeds,
        )
        if self.page_cache is not None:
            self.page_cache.begin()
        return files

    def _read_history(self, handbook: Handbook, config: MkDocsConfig) -> History:
        # Only `mkdocs serve` builds again: a single build lets the parsed revisions go once read.
        cache = self.revision_cache if self.serving else None
        # Python's cyclic collector is paused while history is read: the reading makes hundreds of
        # thousands of small objects (revisions, entries, plans, changes), none in a cycle, and the
        # collector's passes over them cost 0.4-1.5 s of a cold build at N = 100 and free nothing.
        enabled = gc.isenabled()
        gc.disable()
        try:
            history = read_history(self._settings(), handbook, cache=cache, worktree=self.serving)
        except OpsbookError as err:
            raise PluginError(f"opsbook: reading history from git: {err}") from err
        finally:
            if enabled:
                gc.enable()
        if history.note and not self.history_noted:
            log.info("history: %s", history.note)
            self.history_noted = True
        return history

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        spec = self.pages.get(page.file.src_uri)
        if spec is None:
            return markdown
        page.meta.update(spec.meta())
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        spec = self.pages.get(page.file.src_uri)
        with self.timings.stage("render"):  # with the table of contents and the licence gate
            images = None
            if spec is not None and self.renderer is not None and self.site is not None:
                if self.page_cache is not None:
                    html = self.page_cache.render(self.renderer, spec, self.site)
                else:
                    html = self.renderer.render(spec, self.site)
                read = self.read_pages.get(spec.src)
                if read is None or read[0] != html:
                    read = (html, None, headings(html), image_sources(html))
                    if self.serving:
                        self.read_pages[spec.src] = read
                page.toc = get_toc(read[2])  # type: ignore[arg-type]  # the dicts of MkDocs' private _TocToken
                if not read[2] and "toc" not in (hidden := page.meta.get("hide") or []):
                    # No section to list: the theme's empty table-of-contents column would take
                    # width from the page's tables (the RACI matrix's totals at 1280 px).
                    page.meta["hide"] = [*hidden, "toc"]
                images = read[3]
            self._check_images(html, page, files, spec, images)
        return html

    @event_priority(100)  # before the search plugin reads the page
    def _give_search_its_copy(self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        """Search indexes a copy of a generated page without its layout markup: the same sections
        and words, at a fraction of the parsing (see searchcopy.py). The page itself is put back
        once every plugin has read it."""
        spec = self.pages.get(page.file.src_uri)
        if self.search_separator is None or page.content is None or spec is None or not spec.searched:
            return context
        src, html = page.file.src_uri, page.content
        read = self.read_pages.get(src)
        if read is not None and read[0] == html and read[1] is not None:
            copy = read[1]
        else:
            with self.timings.stage("search"):
                copy = search_copy(html, separator=self.search_separator)
            if read is not None and read[0] == html:
                self.read_pages[src] = (html, copy, read[2], read[3])
        if copy is not html:
            self.shown[src] = (html, copy)
            page.content = copy
        return context

    @event_priority(-100)
    def _put_the_page_back(self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        held = self.shown.pop(page.file.src_uri, None)
        if held is None:
            return context
        shown, copy = held
        if page.content != copy:
            log.warning(
                "%s: a plugin changed the page's content in on_page_context while search read a copy "
                "of it; the page is shown as opsbook rendered it. Run that plugin's on_page_context at "
                "a priority above 100 or below -100 (see mkdocs.plugins.event_priority).",
                self._page_name(page, self.pages[page.file.src_uri]),
            )
        page.content = shown
        return context

    on_page_context = CombinedEvent(_give_search_its_copy, _put_the_page_back)

    @event_priority(-100)  # after every other plugin has seen the finished page
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """A generated page's content is done with once the theme has laid the page out: let it go,
        so that a build holds one such page at a time, not every page until the build ends."""
        if page.file.src_uri in self.pages:
            page.content = None
        return output

    def _check_images(
        self, html: str, page: Page, files: Files, spec: PageSpec | None, images: list[str] | None = None
    ) -> None:
        """The asset-licence gate: every image from docs/ that the page shows needs a licence."""
        if self.licences is None:
            return
        if self.docs_files is None:
            # Files from docs/ by the URL the site serves them at; generated ones are not assets.
            self.docs_files = {f.dest_uri: f for f in files if f.generated_by is None and not f.is_documentation_page()}
        shown = []
        for src in image_sources(html) if images is None else images:
            target = image_target(page.url, src)
            file = self.docs_files.get(target) if target else None
            if file is not None:
                shown.append(file.src_uri)
        name = self._page_name(page, spec)
        for found in self.licences.gate(shown):
            # It names a file of docs/ as written, and CI reads a line of the log as a command.
            log.warning("%s", one_line(found.message(name)))

    def _page_name(self, page: Page, spec: PageSpec | None) -> str:
        """A page as its user knows it: a generated page by its URL and the entry's source file,
        one of their own by its file."""
        if spec is not None:
            return f"{page.url or '/'}" + (f" ({spec.source})" if spec.source else "")
        return Path(config_relative(self.root, page.file.abs_src_path)).as_posix()

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled or self.handbook is None or self.site is None:
            return
        made = site_files(
            self.handbook,
            self.site.derived,
            self.history,
            self.recaps,
            root=self.root,
            site_url=config.site_url or None,
            site_name=config.site_name,
            repo_url=config.repo_url,
            timings=self.timings,
        )
        for note in made.notes:
            log.info("%s", note)
        # A file of the same name the site holds itself is kept, whichever of these it is.
        for path in sorted(made.files.keys() & self.users_own):
            log.warning("docs/%s is your own file: opsbook keeps it and does not write its own", path)
        files = {path: data for path, data in made.files.items() if path not in self.users_own}
        with self.timings.stage("calendars"):
            try:
                write_all(Path(config.site_dir), files)
            except (OSError, ValueError) as err:
                raise PluginError(f"opsbook: cannot write the calendars, feeds, catalogue and metrics: {err}") from err
        log.debug("stages: %s", self.timings)

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        if not self.pages or config.nav is not None:
            return nav  # a nav written in mkdocs.yml is the user's to order
        return arrange(nav, self.pages, self.config.nav_max_entries)

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer | None:
        for folder in (self.config.playbooks_dir, self.config.hub_dir):
            path = self.root / folder
            if path.is_dir():
                server.watch(str(path))
        if self.config.templates_dir:
            server.watch(str(self.root / self.config.templates_dir))
        return server


def config_relative(root: Path, path: str | None) -> str:
    """A page's source file as the user knows it: relative to the folder of mkdocs.yml."""
    if not path:
        return "?"
    return os.path.relpath(path, root)
