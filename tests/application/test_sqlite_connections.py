"""The embedded database's connections are kept and reused (infrastructure/sqlite_connections.py):
the next statement takes the connection the last one returned, another thread gets its own, a
connection that saw an error is not handed out again, and a table another connection created
or dropped meanwhile is seen."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from infrastructure.sql import SqliteDatabase


@pytest.fixture
def database(tmp_path: Path) -> SqliteDatabase:
    database = SqliteDatabase(tmp_path / "service.sqlite3")
    database.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT UNIQUE)")
    return database


def connection_id(database: SqliteDatabase) -> int:
    with database.connections.connection() as connection:
        return id(connection)


def test_the_next_statement_takes_the_connection_the_last_returned(
    database: SqliteDatabase,
) -> None:
    with database.transaction() as tx:
        tx.execute("INSERT INTO notes (text) VALUES (%s)", ("一",))
    first = connection_id(database)
    assert database.execute("SELECT text FROM notes") == [("一",)]
    assert connection_id(database) == first
    assert len(database.connections.idle) == 1


def test_threads_at_once_each_get_their_own(database: SqliteDatabase) -> None:
    inside, release = threading.Barrier(3), threading.Event()
    taken: list[int] = []

    def hold() -> None:
        with database.connections.connection() as connection:
            taken.append(id(connection))
            inside.wait(5)
            release.wait(5)

    threads = [threading.Thread(target=hold) for _ in range(2)]
    for thread in threads:
        thread.start()
    inside.wait(5)
    try:
        assert len(set(taken)) == 2
    finally:
        release.set()
        for thread in threads:
            thread.join(5)
    assert len(database.connections.idle) == 2


def test_a_connection_that_saw_an_error_is_closed_not_kept(database: SqliteDatabase) -> None:
    database.execute("INSERT INTO notes (text) VALUES (%s)", ("一",))
    kept = connection_id(database)
    with pytest.raises(sqlite3.IntegrityError), database.transaction() as tx:
        tx.execute("INSERT INTO notes (text) VALUES (%s)", ("一",))
    assert not database.connections.idle
    assert connection_id(database) != kept
    assert database.execute("SELECT count(*) FROM notes") == [(1,)]  # rolled back


def test_a_kept_connection_sees_tables_made_and_dropped_elsewhere(
    database: SqliteDatabase, tmp_path: Path
) -> None:
    assert database.execute("SELECT count(*) FROM notes") == [(0,)]
    other = sqlite3.connect(tmp_path / "service.sqlite3", isolation_level=None)
    other.execute("CREATE TABLE later (id INTEGER)")
    other.execute("INSERT INTO later VALUES (7)")
    other.execute("DROP TABLE notes")
    other.close()
    assert database.execute("SELECT id FROM later") == [(7,)]
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        database.execute("SELECT count(*) FROM notes")


def test_closing_closes_the_kept_connections(database: SqliteDatabase) -> None:
    database.execute("SELECT 1")
    (kept,) = database.connections.idle
    database.close()
    assert not database.connections.idle
    with pytest.raises(sqlite3.ProgrammingError):
        kept.execute("SELECT 1")
