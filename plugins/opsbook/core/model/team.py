"""The team: roles and the people who hold them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import ConfigDict, Field

from ..durations import Duration
from .base import DurationField, Entry, Id, Ids, Model, Text, Title


class Role(Model):
    """A role in the team, named by its id wherever roles are listed."""

    title: Title
    description: Text | None = None


class Person(Model):
    """A person, named by their id, and the roles they hold."""

    name: Title
    email: Text | None = None
    roles: Ids = ()
    capacity: DurationField = Field(
        Duration(40, "h"),
        description="Working hours per week, against which the workload page sets planned hours; 0h tracks none.",
        examples=["32h"],
    )


class Team(Entry):
    """The team (one file per handbook): its roles and the people who hold them."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "team",
                    "roles": {"strategist": {"title": "Content strategist"}},
                    "people": {"ellie": {"name": "Ellie Hart", "roles": ["strategist"], "capacity": "32h"}},
                }
            ]
        }
    )
    kind: Literal["team"]
    roles: dict[Id, Role] = {}
    people: dict[Id, Person] = {}

    def holders(self, role: str) -> tuple[str, ...]:
        """The ids of the people who hold `role`, in the order the team lists them."""
        return tuple(pid for pid, person in self.people.items() if role in person.roles)

    def people_reached(self, ids: Iterable[str]) -> frozenset[str]:
        """The people an id list reaches: people named, and everyone holding a role named."""
        found: set[str] = set()
        for who in ids:
            if who in self.people:
                found.add(who)
            elif who in self.roles:
                found.update(self.holders(who))
        return frozenset(found)

    def name_of(self, role_or_person: str) -> str:
        """A display name: a role's title or a person's name (the id if neither is known)."""
        if role_or_person in self.roles:
            return self.roles[role_or_person].title
        if role_or_person in self.people:
            return self.people[role_or_person].name
        return role_or_person
