"""Licence states of the asset register, and the gate on images the site shows.

The register says what each asset may be used for and until when; a page that shows an image
from docs/ without a valid record is a warning (SPEC §4). Which image a page shows is for the
front end to find (the MkDocs plugin scans the page HTML); what that means is decided here.
"""

from __future__ import annotations

import datetime as dt
import enum
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from ..core.checks import LICENCE_WARNING_DAYS
from ..core.model import Asset, Assets, Handbook


class LicenceState(str, enum.Enum):
    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    MISSING = "no licence record"


@dataclass(frozen=True)
class AssetLicence:
    """One asset of the register with the state of its licence on the handbook's "today"."""

    asset: Asset
    register: Assets
    state: LicenceState
    days_left: int | None
    """Days until the licence expires (negative once expired); None for a licence without end."""


def licence_state(asset: Asset, today: dt.date) -> tuple[LicenceState, int | None]:
    """The state of one asset's licence, and the days it has left."""
    if asset.expires is None:
        return LicenceState.VALID, None
    days = (asset.expires - today).days
    if days < 0:
        return LicenceState.EXPIRED, days
    if days <= LICENCE_WARNING_DAYS:
        return LicenceState.EXPIRING, days
    return LicenceState.VALID, days


def asset_licences(handbook: Handbook) -> tuple[AssetLicence, ...]:
    """Every asset of every register, in register order."""
    found = []
    for register in handbook.assets:
        for asset in register.assets:
            state, days = licence_state(asset, handbook.today)
            found.append(AssetLicence(asset, register, state, days))
    return tuple(found)


def docs_path(file: str) -> str | None:
    """An asset's `file` as a path inside docs/ (`images/hero.svg`); None when it is a URL."""
    parts = urlsplit(file)
    if parts.scheme or parts.netloc:
        return None
    path = posixpath.normpath(unquote(parts.path).lstrip("/"))
    return None if path in (".", "") or path.startswith("../") else path


@dataclass(frozen=True)
class ImageLicence:
    """What the register says about one image a page shows."""

    image: str
    """The image's path inside docs/."""
    state: LicenceState
    record: AssetLicence | None

    @property
    def blocked(self) -> bool:
        return self.state is not LicenceState.VALID

    def message(self, page: str) -> str:
        """The warning for a page that shows this image, naming both."""
        where = f"page '{page}' shows image 'docs/{self.image}'"
        if self.record is None:
            return f"{where}, which has no licence record in the asset register"
        asset = self.record.asset
        register = self.record.register.path
        if self.state is LicenceState.EXPIRED:
            return f"{where}, whose licence (asset '{asset.id}' in {register}) expired on {asset.expires}"
        return (
            f"{where}, whose licence (asset '{asset.id}' in {register}) expires on {asset.expires}, "
            f"within {LICENCE_WARNING_DAYS} days"
        )


class LicenceRegister:
    """The asset register indexed by file, to answer "may this image be shown?"."""

    def __init__(self, handbook: Handbook) -> None:
        self.by_file: dict[str, AssetLicence] = {}
        rank = list(LicenceState)
        for record in asset_licences(handbook):
            path = docs_path(record.asset.file)
            if path is None:
                continue
            # Two records for one file: the better licence decides, as a person would read it.
            known = self.by_file.get(path)
            if known is None or rank.index(record.state) < rank.index(known.state):
                self.by_file[path] = record

    def image(self, path: str) -> ImageLicence:
        """The licence of the image at `path` inside docs/."""
        record = self.by_file.get(posixpath.normpath(path))
        if record is None:
            return ImageLicence(path, LicenceState.MISSING, None)
        return ImageLicence(path, record.state, record)

    def gate(self, images: Iterable[str]) -> list[ImageLicence]:
        """The images (paths inside docs/) that may not be shown, each once, in page order."""
        seen: dict[str, None] = dict.fromkeys(posixpath.normpath(i) for i in images)
        return [found for found in map(self.image, seen) if found.blocked]


def image_target(page_url: str, src: str) -> str | None:
    """The site path an `<img src>` on the page at URL `page_url` (relative to the site root)
    loads; None when it loads from elsewhere (another host, a data: URL) or climbs out of the site."""
    parts = urlsplit(src.strip())
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    folder = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(folder, path)
    normal = posixpath.normpath(joined) if joined else ""
    if normal in ("", ".") or normal.startswith("../"):
        return None
    return normal
