"""One runner per projection: a second one waits for the lock instead of double-applying.

On PostgreSQL the lock is a session's advisory lock: it goes with its connection, which a
restart of the database or a killed backend breaks without telling the holder. The holder
looks (`HeldLock.check`) before work that must not be done twice at once, and starts over."""

from __future__ import annotations

import fcntl
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import psycopg

from infrastructure.database_url import PostgresTarget, SqliteTarget

LOCK_NAMESPACE = 0x5245  # "RE": keeps our advisory lock keys apart from anyone else's
POLL_SECONDS = 0.2
CHECK_SECONDS = 1.0  # a round trip a second at most, while nothing forces a look


class LockWaitInterruptedError(Exception):
    """Raised when the process is asked to stop while still waiting for the lock."""


class LockLostError(Exception):
    """The lock's connection broke: another runner may hold the lock now."""


class HeldLock:
    """What a holder asks, between steps, whether it still holds the lock."""

    def __init__(self, name: str, connection: psycopg.Connection | None = None) -> None:
        self.name = name
        self.connection = connection  # None: a file lock, held while this process lives
        self.next_check = time.monotonic() + CHECK_SECONDS

    def check(self, now: bool = False) -> None:
        """Raise LockLostError if the lock's connection is gone; `now` before an act that
        cannot be taken back (a message sent), else at most once every CHECK_SECONDS."""
        if self.connection is None or not (now or time.monotonic() >= self.next_check):
            return
        self.next_check = time.monotonic() + CHECK_SECONDS
        try:
            self.connection.execute("SELECT 1")
        except psycopg.Error as error:
            raise LockLostError(f"{self.name}: {error}") from error


@contextmanager
def projection_lock(
    target: PostgresTarget | SqliteTarget, name: str, stop: threading.Event
) -> Iterator[HeldLock]:
    """Hold the lock named `name` for the duration of the block, waiting for it if need be."""
    if isinstance(target, SqliteTarget):
        with _file_lock(target.path.with_name(f"{target.path.name}.{name}.lock"), stop):
            yield HeldLock(name)
    else:
        with _advisory_lock(target, name, stop) as held:
            yield held


@contextmanager
def _file_lock(path: Path, stop: threading.Event) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if stop.wait(POLL_SECONDS):
                    raise LockWaitInterruptedError(path.name) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _advisory_lock(target: PostgresTarget, name: str, stop: threading.Event) -> Iterator[HeldLock]:
    key = (LOCK_NAMESPACE << 32) | zlib.crc32(name.encode())
    with psycopg.connect(target.conninfo(), autocommit=True) as connection:
        while True:
            row = connection.execute("SELECT pg_try_advisory_lock(%s::bigint)", (key,)).fetchone()
            if row and row[0]:
                break
            if stop.wait(POLL_SECONDS):
                raise LockWaitInterruptedError(name)
        try:
            yield HeldLock(name, connection)
        finally:
            with suppress(psycopg.Error):  # if the connection is gone, the lock went with it
                connection.execute("SELECT pg_advisory_unlock(%s::bigint)", (key,))
