"""What every command carries besides its arguments."""

from __future__ import annotations

from dataclasses import dataclass

from domain.actor import Actor
from domain.commanded import Stamp


@dataclass(frozen=True)
class CommandContext:
    """Who asks, the version they saw (If-Match) and their retry key (Idempotency-Key)."""

    actor: Actor
    expected_version: int | None = None
    command_id: str = ""

    @property
    def stamp(self) -> Stamp:
        """What the events of this command will say of who and which command."""
        return Stamp(self.actor, self.command_id)
