"""Clocks: the system's, and a fixed one that tests and demos pin."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class SteppingClock:
    """Each reading is `step` after the last, from `start`: distinct, repeatable instants for
    tests, where "today" must hold still but events must still be told apart."""

    def __init__(self, start: datetime, step: timedelta = timedelta(milliseconds=1)) -> None:
        if start.tzinfo is None:
            raise ValueError("a stepping clock needs an aware datetime")
        self.instant = start
        self.step = step

    def now(self) -> datetime:
        self.instant += self.step
        return self.instant

    def move_to(self, instant: datetime) -> None:
        self.instant = instant


class FixedClock:
    """Always the instant it was given (until moved), so "today" is what a test says."""

    def __init__(self, instant: datetime) -> None:
        if instant.tzinfo is None:
            raise ValueError("a fixed clock needs an aware datetime")
        self.instant = instant

    def now(self) -> datetime:
        return self.instant

    def move_to(self, instant: datetime) -> None:
        self.instant = instant


class OffsetClock:
    """The system's clock moved to start at `start` (a training copy, a rehearsal of a due day):
    time runs on from there at its real pace."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("an offset clock needs an aware datetime")
        self.offset = start - datetime.now(UTC)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset
