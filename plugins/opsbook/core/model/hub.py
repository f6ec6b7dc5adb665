"""The resource hub's own content: links, the asset register, notes."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from .base import Date, Entry, Id, Model, Text, Texts, Title, Url


class Link(Model):
    """A link in the resource hub."""

    title: Title
    url: Url
    description: Text | None = None
    tags: tuple[Text, ...] = ()
    owner: Id | None = None


class Links(Entry):
    """A list of links for the resource hub."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"kind": "links", "links": [{"title": "Brand guidelines", "url": "https://example.com/brand"}]}
            ]
        }
    )
    kind: Literal["links"]
    links: tuple[Link, ...] = ()


class Asset(Model):
    """One licensed asset: where it came from and what the licence allows."""

    id: Id
    title: Title
    file: Url = Field(description="A path inside docs/ or a URL.")
    license: Text
    source: Text | None = None
    acquired: Date | None = None
    expires: Date | None = None
    usage: Texts = Field(
        (), description="Where the asset may be used: text, or a list of channels such as [web, slides]."
    )
    attribution: Text | None = None


class Assets(Entry):
    """The asset register: every image, video, font or track the team uses, with its licence."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "assets",
                    "assets": [
                        {
                            "id": "webinar-hero",
                            "title": "Webinar hero image",
                            "file": "images/webinar-hero.svg",
                            "license": "CC BY 4.0",
                            "expires": "2027-06-30",
                        }
                    ],
                }
            ]
        }
    )
    kind: Literal["assets"]
    assets: tuple[Asset, ...] = ()


class Note(Entry):
    """A note in the hub (usually Markdown): a meeting recap or a decision."""

    kind: Literal["note"]
    title: Title
    date: Date | None = None
    project: Id | None = None
