"""Clocks: the system's, and a fixed one that tests and demos pin."""

from __future__ import annotations

from datetime import UTC, datetime


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


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
