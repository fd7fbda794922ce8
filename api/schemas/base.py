"""Shared model settings: unknown fields are refused, strings trimmed."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """Bodies of commands: an unknown field is a mistake worth a 422, not silence."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
