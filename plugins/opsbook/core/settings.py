"""The options of a handbook, `plugins: - opsbook:` in mkdocs.yml, and their defaults: written
here once. The MkDocs plugin's config takes its defaults from `Settings`, and the command line
reads mkdocs.yml's options over them (`Settings.from_options`)."""

from __future__ import annotations

import datetime as dt
import os
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from .errors import ConfigError
from .workdays import check_holiday_code


@dataclass(frozen=True)
class Settings:
    """Where the handbook is and how to read it; the plugin and the CLI both build one."""

    root: Path
    """The folder of mkdocs.yml: paths in messages are relative to it."""
    playbooks_dir: str = "playbooks"
    hub_dir: str = "resource_hub"
    timezone: str = "UTC"
    holidays: str | None = None
    templates_dir: str | None = None
    """A folder of template overrides (the site's pages only)."""
    nav_max_entries: int = 50
    """A section of the navigation with more generated pages than this lists only its index page
    (which lists them all), so that every page does not carry the whole handbook in its sidebar."""
    offline: bool = True
    """The site's, read by the plugin only: no call from the pages to another host, and a warning
    for what the site's own config would load from one (web fonts, scripts)."""
    recap_weeks: int = 26
    """The most weekly recap pages the site has (the current week and those before it)."""
    today: dt.date | None = None
    """Fixed "today"; None means the build date (or SOURCE_DATE_EPOCH) in `timezone`."""

    def resolved_today(self) -> dt.date:
        return self.today or today_in(self.timezone)

    @classmethod
    def from_options(cls, root: Path, options: Mapping[str, Any]) -> Settings:
        """The settings of the handbook at `root` whose mkdocs.yml gives the plugin `options`
        (read leniently: MkDocs checks their types when it builds, the command line does not, so
        `check_settings(settings, typed=False)` must check them)."""
        given: dict[str, Any] = {name: options[name] for name in _CLI_OPTIONS if name in options}
        for name in ("playbooks_dir", "hub_dir", "timezone"):
            if name in given:
                given[name] = str(given[name])
        if given.get("templates_dir") is not None:
            given["templates_dir"] = str(given["templates_dir"])
        return cls(root=root, **given)


#: The options the command line takes from mkdocs.yml: those reading the handbook needs, the
#: weekly recaps' bound and the template overrides (`opsbook recap` and `opsbook build --out`).
_CLI_OPTIONS = ("playbooks_dir", "hub_dir", "timezone", "holidays", "recap_weeks", "templates_dir")


def check_settings(settings: Settings, *, typed: bool = True) -> None:
    """Raise ConfigError when a setting (not the handbook's content) is wrong. `typed=False` for
    settings read without their types checked (`Settings.from_options`): a number that is wrong
    is then told the whole rule, its type with its bounds."""
    for name in ("playbooks_dir", "hub_dir"):
        folder = getattr(settings, name)
        if not inside(folder):
            raise ConfigError(f"{name}: '{folder}' is not a folder inside the folder of mkdocs.yml")
    try:
        zoneinfo.ZoneInfo(settings.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"timezone: unknown time zone '{settings.timezone}'") from None
    if settings.holidays:
        try:
            check_holiday_code(settings.holidays)
        except ValueError as err:
            raise ConfigError(f"holidays: {err}") from None
    if settings.nav_max_entries < 0:
        raise ConfigError(f"nav_max_entries: must be 0 or more, not {settings.nav_max_entries}")
    weeks: object = settings.recap_weeks
    if not typed and (not isinstance(weeks, int) or isinstance(weeks, bool) or weeks < 1):
        raise ConfigError(f"recap_weeks: must be a whole number, 1 or more, not {weeks!r}")
    if settings.recap_weeks < 1:
        raise ConfigError(f"recap_weeks: must be 1 or more, not {settings.recap_weeks}")


def inside(folder: str) -> bool:
    """Whether a configured folder names a place under the folder of mkdocs.yml."""
    parts = PurePath(folder).parts
    return not PurePath(folder).is_absolute() and ".." not in parts and bool(parts)


def today_in(timezone: str, environ: Mapping[str, str] | None = None) -> dt.date:
    """The build date in `timezone`, or the day of SOURCE_DATE_EPOCH when it is set."""
    environ = os.environ if environ is None else environ
    zone = zoneinfo.ZoneInfo(timezone)
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=zone).date()
    return dt.datetime.now(tz=zone).date()
