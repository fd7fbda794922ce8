"""What every command carries besides its arguments."""

from __future__ import annotations

from dataclasses import dataclass

from domain.actor import Actor


@dataclass(frozen=True)
class CommandContext:
    """Who asks, the version they saw (If-Match) and their retry key (Idempotency-Key)."""

    actor: Actor
    expected_version: int | None = None
    command_id: str = ""
