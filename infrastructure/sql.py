"""A small SQL port for the service's plain tables (credentials, idempotency) on either database."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import psycopg
from psycopg_pool import ConnectionPool

from infrastructure.database_url import PostgresTarget

Row = tuple[Any, ...]


class SqlDatabase(Protocol):
    """Statements use %s placeholders; each call is its own committed transaction."""

    def execute(self, statement: str, params: Sequence[Any] = ()) -> list[Row]: ...

    def execute_script(self, statements: Sequence[str]) -> None: ...

    def close(self) -> None: ...


class SqliteDatabase:
    def __init__(self, path: Path, timeout: float = 5.0) -> None:
        self.path = path
        self.timeout = timeout

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        return connection

    def execute(self, statement: str, params: Sequence[Any] = ()) -> list[Row]:
        connection = self._connect()
        try:
            with connection:
                cursor = connection.execute(statement.replace("%s", "?"), tuple(params))
                return list(cursor.fetchall())
        finally:
            connection.close()

    def execute_script(self, statements: Sequence[str]) -> None:
        for statement in statements:
            self.execute(statement)

    def close(self) -> None:
        return None


class PostgresDatabase:
    def __init__(self, target: PostgresTarget, max_size: int = 4, timeout: float = 5.0) -> None:
        self.pool: ConnectionPool[psycopg.Connection[Row]] = ConnectionPool(
            target.conninfo(),
            min_size=1,
            max_size=max_size,
            timeout=timeout,
            open=True,
            check=ConnectionPool.check_connection,
        )

    def execute(self, statement: str, params: Sequence[Any] = ()) -> list[Row]:
        with self.pool.connection() as connection:
            cursor = connection.execute(statement, tuple(params))
            return list(cursor.fetchall()) if cursor.description else []

    def execute_script(self, statements: Sequence[str]) -> None:
        with self.pool.connection() as connection, connection.transaction():
            for statement in statements:
                connection.execute(statement)

    def close(self) -> None:
        self.pool.close()
