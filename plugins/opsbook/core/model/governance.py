"""Policies (e.g. asset licensing) and procedures (e.g. data handling)."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from .base import Date, DurationField, Entry, Id, Model, Text, Title
from .raci import Responsibility
from .recurring import Recurrence


class Policy(Entry):
    """A policy, such as asset licensing: its rules, owner and next review."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "policy",
                    "title": "Asset licensing",
                    "owner": "brand-manager",
                    "review": "2027-01-01",
                    "rules": ["Every image has a licence record before it is used."],
                }
            ]
        }
    )
    kind: Literal["policy"]
    title: Title
    owner: Id
    effective: Date | None = None
    review: Date | None = Field(None, description="Next review date.")
    applies_to: tuple[Text, ...] = ()
    rules: tuple[Text, ...] = ()


class DataItem(Model):
    """One kind of personal data a procedure handles."""

    name: Title
    source: Text | None = None
    purpose: Text | None = None
    lawful_basis: Text | None = None
    retention: Text | None = None
    systems: tuple[Text, ...] = ()


class Step(Responsibility, Recurrence):
    """One step of a procedure, with its RACI and, optionally, when it recurs."""

    effort: DurationField | None = Field(
        None,
        description="Work each time the step recurs, for capacity: counted on each day it falls on, "
        "for whoever is responsible (R). A step that does not recur has no day to count it on.",
        examples=["1h"],
    )


class Procedure(Entry):
    """A procedure, such as customer data handling: the data it covers and its steps."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "procedure",
                    "title": "Customer data handling",
                    "owner": "marketing-ops",
                    "steps": [
                        {
                            "id": "clean-bounces",
                            "title": "Remove bounced contacts",
                            "responsible": "ops-specialist",
                            "repeat": "monthly",
                            "days": [1],
                            "starts": "2027-01-01",
                        }
                    ],
                }
            ]
        }
    )
    kind: Literal["procedure"]
    title: Title
    owner: Id
    review: Date | None = None
    data: tuple[DataItem, ...] = ()
    steps: tuple[Step, ...] = ()
