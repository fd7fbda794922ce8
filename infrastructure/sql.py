"""A small SQL port for the service's own tables (credentials, keys, read models)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import psycopg
from psycopg_pool import ConnectionPool

from infrastructure.database_url import PostgresTarget
from infrastructure.pg_pools import ReadModelPool
from infrastructure.sqlite_connections import SqliteConnections

Row = tuple[Any, ...]
RANDOM_PAGE_COST = 1.1


class Executor(Protocol):
    """Runs statements inside one open transaction."""

    def execute(self, statement: str, params: Sequence[Any] = ()) -> list[Row]: ...

    def execute_many(self, statement: str, rows: Sequence[Sequence[Any]]) -> None: ...

    def copy(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Append rows in bulk (PostgreSQL's COPY; on SQLite, one prepared INSERT)."""
        ...


class SqlDatabase(Protocol):
    """Statements use %s placeholders. `execute` is a transaction of its own."""

    dialect: str

    def execute(self, statement: str, params: Sequence[Any] = ()) -> list[Row]: ...

    def transaction(self) -> Any: ...  # a context manager yielding an Executor

    def reading(self) -> Any:
        """A context manager yielding an Executor whose reads all see one moment: several
        tables read whole, as one consistent state, while writers go on."""
        ...

    def close(self) -> None: ...


class _SqliteExecutor:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def execute(self, statement: str, params: Sequence[Any] = ()) -> list[Row]:
        cursor = self.connection.execute(statement.replace("%s", "?"), tuple(params))
        return list(cursor.fetchall())

    def execute_many(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        self.connection.executemany(statement.replace("%s", "?"), [tuple(r) for r in rows])

    def copy(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        placeholders = ", ".join(["?"] * len(columns))
        self.connection.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", rows
        )


class SqliteDatabase:
    dialect = "sqlite"

    def __init__(self, path: Path, timeout: float = 5.0) -> None:
        self.path = path
        self.timeout = timeout
        self.connections = SqliteConnections(path, timeout)

    @contextmanager
    def transaction(self) -> Iterator[_SqliteExecutor]:
        """BEGIN IMMEDIATE: take the write lock up front, so two writers never deadlock."""
        with self.connections.connection() as connection:
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield _SqliteExecutor(connection)
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    @contextmanager
    def reading(self) -> Iterator[_SqliteExecutor]:
        """A deferred transaction: in WAL mode its first read fixes what it sees; no lock
        keeps writers out meanwhile."""
        with self.connections.connection() as connection:
            connection.execute("BEGIN")
            try:
                yield _SqliteExecutor(connection)
            finally:
                connection.execute("ROLLBACK")

    def execute(self, statement: str, params: Sequence[Any] = ()) -> list[Row]:
        if statement.lstrip().upper().startswith("SELECT"):
            with self.connections.connection() as connection:
                return _SqliteExecutor(connection).execute(statement, params)
        with self.transaction() as tx:
            return tx.execute(statement, params)

    def execute_script(self, statements: Sequence[str]) -> None:
        with self.transaction() as tx:
            for statement in statements:
                tx.execute(statement)

    def close(self) -> None:
        self.connections.close()


class _PostgresExecutor:
    def __init__(self, connection: psycopg.Connection[Row]) -> None:
        self.connection = connection

    def execute(self, statement: str, params: Sequence[Any] = ()) -> list[Row]:
        cursor = self.connection.execute(statement.encode(), tuple(params))
        return list(cursor.fetchall()) if cursor.description else []

    def execute_many(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        with self.connection.cursor() as cursor:
            cursor.executemany(statement.encode(), [tuple(r) for r in rows])

    def copy(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        with self.connection.cursor() as cursor:
            statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with cursor.copy(statement.encode()) as copy:
                for row in rows:
                    copy.write_row(row)


def _plan_for_the_lists(connection: psycopg.Connection[Row]) -> None:
    """psycopg prepares a statement run five times, and PostgreSQL may then keep one generic
    plan for it; a list's filter is only as fast as a plan made for its values (a unit with
    few rows, a rare word), so each execution is planned with them.

    The read models are read from memory or SSD: at PostgreSQL's default random_page_cost (4,
    for spinning disks) a lead's list at 2 million events walked the whole list's order and
    dropped 14,000 rows rather than take its unit's index (ADR 27)."""
    connection.execute("SET plan_cache_mode = force_custom_plan")
    connection.execute(f"SET random_page_cost = {RANDOM_PAGE_COST}")


class PostgresDatabase:
    dialect = "postgres"

    def __init__(self, target: PostgresTarget, max_size: int = 10, timeout: float = 5.0) -> None:
        self.pool: ConnectionPool[psycopg.Connection[Row]] = ReadModelPool(
            target.conninfo(),
            kwargs={"autocommit": True},  # transaction() still opens a block explicitly
            min_size=1,
            max_size=max_size,
            timeout=timeout,
            open=True,
            configure=_plan_for_the_lists,
        )

    @contextmanager
    def transaction(self) -> Iterator[_PostgresExecutor]:
        with self.pool.connection() as connection, connection.transaction():
            yield _PostgresExecutor(connection)

    @contextmanager
    def reading(self) -> Iterator[_PostgresExecutor]:
        """REPEATABLE READ, READ ONLY: every statement sees the snapshot of the first."""
        with self.pool.connection() as connection, connection.transaction():
            connection.execute(b"SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield _PostgresExecutor(connection)

    def execute(self, statement: str, params: Sequence[Any] = ()) -> list[Row]:
        """One statement is a transaction by itself: one round trip instead of BEGIN, the
        statement and COMMIT (authentication runs this on every request)."""
        with self.pool.connection() as connection:
            return _PostgresExecutor(connection).execute(statement, params)

    def close(self) -> None:
        self.pool.close()
