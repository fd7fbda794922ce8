"""What the application needs from outside: the time, and someone to tell about stored events."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from eventsourcing.persistence import Recording

CHINA = ZoneInfo("Asia/Shanghai")


class Clock(Protocol):
    """The current instant; injected so tests can pin "today"."""

    def now(self) -> datetime: ...


def today_in_china(clock: Clock) -> date:
    """Business dates are China Standard Time dates, whatever the server's zone."""
    return clock.now().astimezone(CHINA).date()


class FileStore(Protocol):
    """Evidence files by the SHA-256 of their bytes (infrastructure/file_store.py)."""

    def put(self, content: bytes, content_type: str) -> str: ...

    def get(self, sha256: str) -> tuple[str, bytes] | None: ...


class RecordingListener(Protocol):
    """Told about every event the store has just committed (for logs and metrics)."""

    def __call__(self, recordings: Sequence[Recording[Any]]) -> None: ...
