"""Shared model settings: unknown fields are refused, strings trimmed."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from pydantic import BaseModel, ConfigDict

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


class Strict(BaseModel):
    """Bodies of commands: an unknown field is a mistake worth a 422, not silence."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
