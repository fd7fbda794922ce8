"""The one way any aggregate changes: load (not found as such), authorise, recognise a retried
command, check If-Match, apply, save; a lost race for the next version is retried."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from application.context import CommandContext
from application.errors import ConcurrentUpdateError, StaleVersionError
from application.ledger import Ledger
from application.ports import Clock
from domain.commanded import Commanded
from domain.recording_time import recording_with

SAVE_ATTEMPTS = 8
"""One retry policy: how often a command is re-applied to a newer state before giving up."""

A = TypeVar("A", bound=Commanded)
R = TypeVar("R")
S = TypeVar("S", bound=Aggregate)


@dataclass(frozen=True)
class Written(Generic[A]):
    """An aggregate after a command, and the log position a reader can wait for."""

    aggregate: A
    position: int


class Pipeline:
    def __init__(self, ledger: Ledger, clock: Clock) -> None:
        self.ledger = ledger
        self.clock = clock

    def change(
        self,
        ctx: CommandContext,
        load: Callable[[], A],
        authorise: Callable[[A], None],
        command: Callable[[A], None],
        noun: str,
    ) -> Written[A]:
        """Apply `command` to the latest state; without If-Match a lost race is re-applied."""

        def attempt() -> Written[A] | None:
            aggregate = load()
            authorise(aggregate)
            if aggregate.has_handled(ctx.command_id):
                return Written(aggregate, self.ledger.head_position())
            expected = ctx.expected_version
            if expected is not None and aggregate.version != expected:
                raise StaleVersionError(noun, expected, aggregate.version)
            with recording_with(self.clock.now):
                command(aggregate)
            return self._saved(aggregate)

        return self.retried(attempt, noun)

    def create(
        self,
        ctx: CommandContext,
        build: Callable[[], A],
        load: Callable[[UUID], A],
        duplicate: Callable[[], Exception],
    ) -> Written[A]:
        """Save a new aggregate. Its id is derived from the command (or its natural key), so a
        second creation is refused by the store: a retry of this command gets the first one,
        any other command `duplicate()`."""
        with recording_with(self.clock.now):
            aggregate = build()
        written = self._saved(aggregate)
        if written is not None:
            return written
        existing = load(aggregate.id)
        if existing.has_handled(ctx.command_id):
            return Written(existing, self.ledger.head_position())
        raise duplicate()

    def one_of_a_kind(self, aggregate_id: UUID, open_: Callable[[], S]) -> S:
        """The service's single aggregate of a kind (the unit register, the rules book, the
        calendar book): as stored, or opened (not yet saved) while the log has none."""
        try:
            found: S = self.ledger.repository.get(aggregate_id)
        except AggregateNotFoundError:
            with recording_with(self.clock.now):
                return open_()
        return found

    def retried(self, attempt: Callable[[], R | None], noun: str) -> R:
        """Run `attempt` until it returns something (None: it lost the race)."""
        for _ in range(SAVE_ATTEMPTS):
            result = attempt()
            if result is not None:
                return result
        raise ConcurrentUpdateError(f"the {noun} kept changing under this command; try again")

    def save(self, aggregate: Aggregate) -> bool:
        """Save pending events; False when another writer took the version first."""
        try:
            self.ledger.save(aggregate)
        except IntegrityError:
            return False
        return True

    def _saved(self, aggregate: A) -> Written[A] | None:
        try:
            recordings = self.ledger.save(aggregate)
        except IntegrityError:
            return None
        if not recordings:  # the command found nothing to change (a merge's look at a problem)
            return Written(aggregate, self.ledger.head_position())
        return Written(aggregate, recordings[-1].notification.id)
