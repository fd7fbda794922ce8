"""Issuing and revoking a bearer credential, kept as facts in the log: who gave which role of
which unit to whom, and when; the token itself is never part of it."""

from __future__ import annotations

from typing import Any

from eventsourcing.domain import Aggregate

from domain.actor import Actor
from domain.recording_time import recorded_now


class CredentialRecord(Aggregate):
    """One issuing or one revoking; created once, never changed."""

    class Issued(Aggregate.Created):
        create_timestamp = staticmethod(recorded_now)

        actor: Actor
        credential: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.credential = self.credential

    class Revoked(Aggregate.Created):
        create_timestamp = staticmethod(recorded_now)

        actor: Actor
        credential: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.credential = self.credential

    def __init__(self) -> None:
        self.credential: Actor | None = None

    @classmethod
    def issued(cls, actor: Actor, credential: Actor) -> CredentialRecord:
        return cls._create(cls.Issued, actor=actor, credential=credential)

    @classmethod
    def revoked(cls, actor: Actor, credential: Actor) -> CredentialRecord:
        return cls._create(cls.Revoked, actor=actor, credential=credential)
