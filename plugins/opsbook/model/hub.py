"""The resource hub's own content: links, the asset register, notes."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Date, Entry, Id, Model, Text, Url


class Link(Model):
    title: Text
    url: Url
    description: Text | None = None
    tags: tuple[Text, ...] = ()
    owner: Id | None = None


class Links(Entry):
    kind: Literal["links"]
    links: tuple[Link, ...] = ()


class Asset(Model):
    id: Id
    title: Text
    file: Url = Field(description="A path inside docs/ or a URL.")
    license: Text
    source: Text | None = None
    acquired: Date | None = None
    expires: Date | None = None
    usage: Text | None = None
    attribution: Text | None = None


class Assets(Entry):
    kind: Literal["assets"]
    assets: tuple[Asset, ...] = ()


class Note(Entry):
    kind: Literal["note"]
    title: Text
    date: Date | None = None
    project: Id | None = None
