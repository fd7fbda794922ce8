"""What happens to a person's account, kept as facts in the log: added, password reset, disabled,
signed in, signed out; who did it and when. Passwords and their hashes are never part of it."""

from __future__ import annotations

from typing import Any

from eventsourcing.domain import Aggregate

from domain.actor import Actor
from domain.recording_time import recorded_now


class PersonRecord(Aggregate):
    """One fact about one account; created once, never changed."""

    class Happened(Aggregate.Created):
        create_timestamp = staticmethod(recorded_now)

        actor: Actor
        person: Actor
        what: str  # added, password_reset, password_changed, disabled, signed_in, signed_out

        def apply(self, aggregate: Any) -> None:
            aggregate.person = self.person
            aggregate.what = self.what

    def __init__(self) -> None:
        self.person: Actor | None = None
        self.what = ""

    @classmethod
    def happened(cls, actor: Actor, person: Actor, what: str) -> PersonRecord:
        return cls._create(cls.Happened, actor=actor, person=person, what=what)
