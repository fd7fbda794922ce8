"""One runner per projection: a second one waits for the lock instead of double-applying."""

from __future__ import annotations

import fcntl
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

from infrastructure.database_url import PostgresTarget, SqliteTarget

LOCK_NAMESPACE = 0x5245  # "RE": keeps our advisory lock keys apart from anyone else's
POLL_SECONDS = 0.2


class LockWaitInterruptedError(Exception):
    """Raised when the process is asked to stop while still waiting for the lock."""


@contextmanager
def projection_lock(
    target: PostgresTarget | SqliteTarget, name: str, stop: threading.Event
) -> Iterator[None]:
    """Hold the lock named `name` for the duration of the block, waiting for it if need be."""
    if isinstance(target, SqliteTarget):
        with _file_lock(target.path.with_name(f"{target.path.name}.{name}.lock"), stop):
            yield
    else:
        with _advisory_lock(target, name, stop):
            yield


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
def _advisory_lock(target: PostgresTarget, name: str, stop: threading.Event) -> Iterator[None]:
    key = (LOCK_NAMESPACE << 32) | zlib.crc32(name.encode())
    with psycopg.connect(target.conninfo(), autocommit=True) as connection:
        while True:
            row = connection.execute("SELECT pg_try_advisory_lock(%s::bigint)", (key,)).fetchone()
            if row and row[0]:
                break
            if stop.wait(POLL_SECONDS):
                raise LockWaitInterruptedError(name)
        try:
            yield
        finally:
            connection.execute("SELECT pg_advisory_unlock(%s::bigint)", (key,))
