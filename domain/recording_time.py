"""When events are recorded: the application's clock, so a test or a replay can say "now"."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

_now: ContextVar[Callable[[], datetime] | None] = ContextVar("recording_clock", default=None)


def recorded_now() -> datetime:
    """The instant stamped on a new event: the clock in force, else the system's."""
    clock = _now.get()
    return clock() if clock is not None else datetime.now(UTC)


@contextmanager
def recording_with(clock: Callable[[], datetime]) -> Iterator[None]:
    """Events created inside the block are stamped by `clock` (one command, one context)."""
    token = _now.set(clock)
    try:
        yield
    finally:
        _now.reset(token)
