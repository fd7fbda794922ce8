"""Shared model settings: unknown fields are refused, strings trimmed."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import Query
from pydantic import AfterValidator, BaseModel, ConfigDict, field_validator

from domain.actor import Actor
from domain.date_range import supported_fault
from domain.text import normal_text, text_fault

STORED_INT_MAX = 2**63 - 1
"""Log positions and versions are 64-bit in both stores: a larger one is a 422, not a crash."""

MinPosition = Annotated[
    int | None,
    Query(
        ge=0,
        le=STORED_INT_MAX,
        description="a command's `position`: wait (briefly) until the read model includes it",
    ),
]
Version = Annotated[
    int | None, Query(ge=1, le=STORED_INT_MAX, description="the state right after event N")
]


def supported_date(value: Any) -> Any:
    """A date or instant outside the service's years (domain/date_range.py) is a 422."""
    if isinstance(value, date):
        fault = supported_fault(value.date() if isinstance(value, datetime) else value)
        if fault is not None:
            raise ValueError(fault)
    return value


SupportedDate = Annotated[date, AfterValidator(supported_date)]
SupportedInstant = Annotated[datetime, AfterValidator(supported_date)]


def storable_text(value: Any) -> Any:
    """Every string in a body, however deep: refused if it cannot be stored (domain/text.py),
    else in NFC; every date within the service's years."""
    if isinstance(value, date):
        return supported_date(value)
    if isinstance(value, str):
        fault = text_fault(value)
        if fault is not None:
            raise ValueError(fault)
        return normal_text(value)
    if isinstance(value, list):
        return [storable_text(item) for item in value]
    if isinstance(value, dict):
        return {storable_text(k): storable_text(v) for k, v in value.items()}
    return value


class Strict(BaseModel):
    """Bodies of commands: an unknown field is a mistake worth a 422, not silence; a control
    character in any text is a 422 naming the field."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        return storable_text(value)


class ActorResponse(BaseModel):
    name: str
    role: str
    unit: str | None

    @classmethod
    def of(cls, actor: Actor) -> ActorResponse:
        return cls(name=actor.name, role=actor.role.value, unit=actor.unit)
