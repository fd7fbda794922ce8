"""Connections to the embedded database, kept for the next statement (ADR 28).

A fresh SQLite connection reads the whole schema before its first statement: with the service's
78 tables and indexes that is about 0.2 ms, and it was most of every query's time (a token
looked up in 0.2 ms, against 5 µs on a connection already open)."""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

KEEP = 8
"""Idle connections kept at most: the service's threads rarely hold more at once."""


class SqliteConnections:
    """Each connection serves one thread at a time, the one that took it; the newest returned
    is handed out first (its pages are the warmest). A connection that saw an error is closed,
    not kept: whatever went wrong stays with it."""

    def __init__(self, path: Path, timeout: float, keep: int = KEEP) -> None:
        self.path = path
        self.timeout = timeout
        self.keep = keep
        self.idle: deque[sqlite3.Connection] = deque()  # append and pop are atomic

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        try:
            connection = self.idle.pop()
        except IndexError:
            connection = self._open()
        try:
            yield connection
        except BaseException:
            connection.close()
            raise
        if connection.in_transaction or len(self.idle) >= self.keep:
            connection.close()
        else:
            self.idle.append(connection)

    def _open(self) -> sqlite3.Connection:
        connection = sqlite3.connect(
            self.path, timeout=self.timeout, isolation_level=None, check_same_thread=False
        )
        connection.execute("PRAGMA journal_mode=WAL")
        return connection

    def close(self) -> None:
        while self.idle:
            self.idle.pop().close()
