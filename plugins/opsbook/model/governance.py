"""Policies (e.g. asset licensing) and procedures (e.g. data handling)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Date, Entry, Id, Model, Text
from .raci import Responsibility
from .recurring import Recurrence


class Policy(Entry):
    kind: Literal["policy"]
    title: Text
    owner: Id
    effective: Date | None = None
    review: Date | None = Field(None, description="Next review date.")
    applies_to: tuple[Text, ...] = ()
    rules: tuple[Text, ...] = ()


class DataItem(Model):
    name: Text
    source: Text | None = None
    purpose: Text | None = None
    lawful_basis: Text | None = None
    retention: Text | None = None
    systems: tuple[Text, ...] = ()


class Step(Responsibility, Recurrence):
    pass


class Procedure(Entry):
    kind: Literal["procedure"]
    title: Text
    owner: Id
    review: Date | None = None
    data: tuple[DataItem, ...] = ()
    steps: tuple[Step, ...] = ()
