"""The book of the district's rules: every version adopted, with who adopted it and when, so a
judgement can ask for the rules in force at any instant (a rule change is a fact, not an edit)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import NAMESPACE_URL, uuid5

from eventsourcing.domain import Aggregate

from domain.actor import Actor
from domain.recording_time import recorded_now


@dataclass(frozen=True)
class RulesVersion:
    number: int
    digest: str  # SHA-256 of the text, as adopted
    text: str
    source: str  # where it came from (the rules file's path)
    adopted_at: datetime
    adopted_by: Actor


class RulesBook(Aggregate):
    BOOK_ID = uuid5(NAMESPACE_URL, "rectify:district-rules")

    class Opened(Aggregate.Created):
        create_timestamp = staticmethod(recorded_now)

        actor: Actor

        def apply(self, aggregate: Any) -> None:
            book: RulesBook = aggregate
            book.versions = []

    class Adopted(Aggregate.Event):
        create_timestamp = staticmethod(recorded_now)

        digest: str
        text: str
        source: str
        actor: Actor

        def apply(self, aggregate: Any) -> None:
            book: RulesBook = aggregate
            number = len(book.versions) + 1
            book.versions.append(
                RulesVersion(
                    number, self.digest, self.text, self.source, self.timestamp, self.actor
                )
            )

    def __init__(self) -> None:
        self.versions: list[RulesVersion] = []

    @classmethod
    def open(cls, actor: Actor) -> RulesBook:
        return cls._create(cls.Opened, id=cls.BOOK_ID, actor=actor)

    def adopt(self, digest: str, text: str, source: str, actor: Actor) -> bool:
        """Record a version unless it is already the one in force; True when recorded."""
        if self.versions and self.versions[-1].digest == digest:
            return False
        self.trigger_event(self.Adopted, digest=digest, text=text, source=source, actor=actor)
        return True

    def in_force_at(self, moment: datetime) -> RulesVersion | None:
        """The last version adopted by `moment` (the first one for any earlier instant: the
        rules before the book was kept are taken to be its first version)."""
        if not self.versions:
            return None
        found = self.versions[0]
        for version in self.versions:
            if version.adopted_at <= moment:
                found = version
        return found
