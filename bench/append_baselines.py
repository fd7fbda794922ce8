"""The append bench's two baselines, each a loop of commands through the driver alone: the bare
table (the issue's baseline), and a command's events written into the service's own event
tables, so the gap between bare and the application splits in two: what the tables cost
(indexes, the chain link, the append function's lock) and what the Python path costs (the
command, its events, their JSON, the recorder).

SQLite: the two events into `stored_events` (its primary key and the audit index), the last
link read and two links written, in one transaction. PostgreSQL: the append function the
recorder calls, with the trigger that writes the links."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from uuid import uuid4

import psycopg

from infrastructure.chained_store import APPEND, SQLITE_CHAIN, SQLITE_EVENTS

Loop = Callable[[int], None]


def bare_inserts(
    url: str, payloads: list[bytes]
) -> tuple[Callable[[int], None], Callable[[], None]]:
    """The baseline: the same rows per command as the application writes, one transaction
    each, through the driver alone (psycopg; or sqlite3 in WAL mode, synchronous FULL, as the
    service runs SQLite)."""
    create = "CREATE TABLE bare (id {key}, originator TEXT, version INT, topic TEXT, state {blob})"
    insert = "INSERT INTO bare (originator, version, topic, state) VALUES ({p}, {p}, {p}, {p})"
    topic = "domain.problem:Problem.Logged"
    if url.startswith("sqlite:///"):
        lite = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        lite.execute("PRAGMA journal_mode=WAL")
        lite.execute(create.format(key="INTEGER PRIMARY KEY", uuid="TEXT", blob="BLOB"))
        lite_insert = insert.format(p="?")

        def bare_sqlite(count: int) -> None:
            for _ in range(count):
                originator = uuid4().hex
                lite.execute("BEGIN")
                for version, payload in enumerate(payloads, start=1):
                    lite.execute(lite_insert, (originator, version, topic, payload))
                lite.execute("COMMIT")

        return bare_sqlite, lite.close
    connection = psycopg.connect(url, autocommit=False)
    connection.execute(create.format(key="BIGSERIAL PRIMARY KEY", uuid="UUID", blob="BYTEA"))
    connection.commit()
    pg_insert = insert.format(p="%s")

    def bare_postgres(count: int) -> None:
        for _ in range(count):
            originator = uuid4()
            for version, payload in enumerate(payloads, start=1):
                connection.execute(pg_insert, (originator, version, topic, payload))
            connection.commit()

    return bare_postgres, connection.close


def store_floor(url: str, rows: list[tuple[str, bytes]]) -> tuple[Loop, Callable[[], None]]:
    """`rows`: (topic, state) of one command's events, as the application stored them; the
    database at `url` already has the service's schema."""
    link = os.urandom(32)  # a link's size; computing it is the application's CPU, not the store's
    if url.startswith("sqlite:///"):
        lite = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        lite.execute("PRAGMA journal_mode=WAL")
        insert = f"INSERT INTO {SQLITE_EVENTS} VALUES (?, ?, ?, ?)"
        last = f"SELECT link FROM {SQLITE_CHAIN} ORDER BY notification_id DESC LIMIT 1"
        chain = f"INSERT INTO {SQLITE_CHAIN} VALUES (?, ?, ?, ?)"

        def sqlite_floor(count: int) -> None:
            for _ in range(count):
                originator = uuid4().hex
                lite.execute("BEGIN")
                ids = []
                for version, (topic, state) in enumerate(rows, start=1):
                    ids.append(lite.execute(insert, (originator, version, topic, state)).lastrowid)
                lite.execute(last).fetchone()
                for version, notification_id in enumerate(ids, start=1):
                    lite.execute(chain, (notification_id, originator, version, link))
                lite.execute("COMMIT")

        return sqlite_floor, lite.close
    connection = psycopg.connect(url, autocommit=False)
    topics = [topic for topic, _ in rows]
    states = [state for _, state in rows]
    versions = list(range(1, len(rows) + 1))

    def postgres_floor(count: int) -> None:
        for _ in range(count):
            originator = uuid4()
            arguments = ([originator] * len(rows), versions, topics, states, "5s")
            connection.execute(APPEND, arguments, prepare=True).fetchall()
            connection.commit()

    return postgres_floor, connection.close
