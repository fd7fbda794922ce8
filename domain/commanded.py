"""What every change to a Problem or an Activity carries: who made it and which client command
caused it, so a retried command is recognised by the aggregate itself (ADR 5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from eventsourcing.domain import Aggregate

from domain.actor import Actor
from domain.recording_time import recorded_now


@dataclass(frozen=True)
class Stamp:
    """Who gives a command, and the client's id for it (empty without an Idempotency-Key)."""

    actor: Actor
    command_id: str = ""

    @property
    def fields(self) -> dict[str, Any]:
        """The two fields every CommandedEvent carries."""
        return {"actor": self.actor, "command_id": self.command_id}


class CommandedEvent(Aggregate.Event):
    """The base of an aggregate's change events: `apply_to` says what the fact changes."""

    actor: Actor
    command_id: str

    @staticmethod
    def create_timestamp() -> datetime:
        return recorded_now()

    def apply(self, aggregate: Any) -> None:
        commanded: Commanded = aggregate
        commanded.remember_command(self.command_id)
        self.apply_to(aggregate)

    def apply_to(self, aggregate: Any) -> None:
        raise NotImplementedError


class Commanded(Aggregate):
    """An aggregate that remembers the client commands it has applied. (No class-level field:
    eventsourcing would take an annotated one for an argument of the created event.)"""

    def remember_command(self, command_id: str) -> None:
        handled: set[str] = self.__dict__.setdefault("handled_commands", set())
        if command_id:
            handled.add(command_id)

    def has_handled(self, command_id: str) -> bool:
        """True when a client's retried command was already applied."""
        return bool(command_id) and command_id in self.__dict__.get("handled_commands", ())
