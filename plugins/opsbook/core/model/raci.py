"""Responsibility fields shared by workflow tasks and procedure steps."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from .base import Id, Ids, Model, Text, Title


def _one_accountable(value: Any) -> Any:
    if isinstance(value, list):
        if len(value) == 1:
            return value[0]
        if len(value) > 1:
            names = ", ".join(str(v) for v in value)
            raise ValueError(f"exactly one role is accountable (A); found {len(value)}: {names}")
        return None
    return value


class Responsibility(Model):
    """Who is Responsible, Accountable, Consulted and Informed for one task or step."""

    id: Id
    title: Title
    responsible: Ids = Field(description="R: who does the work (roles or people). Required.")
    accountable: Annotated[Id | None, BeforeValidator(_one_accountable)] = Field(
        None, description="A: the one role answerable for it; default: the owner."
    )
    consulted: Ids = Field((), description="C: roles asked before.")
    informed: Ids = Field((), description="I: roles told after.")
    description: Text | None = Field(None, description="Markdown.")
