"""Connection pools that hand out the connection returned last (ADR 24).

psycopg_pool hands out the connection idle longest: a single writer's commands go round every
connection of the pool, and each wakes a PostgreSQL backend that has gone cold (on 2 vCPUs about
60 µs of an append's 520). Taking the most recent one keeps a backend hot under light load, and
under heavy load every connection is busy anyway. The idle ones sit at the cold end, where the
pool's own shrinking (`max_idle`) closes them first."""

from __future__ import annotations

import threading
import time
import weakref
from typing import Any

import psycopg
from eventsourcing.postgres import ConnectionPool as EventsourcingPool
from eventsourcing.postgres import PostgresFactory
from eventsourcing.utils import Environment
from psycopg_pool import ConnectionPool


def newest_first(idle: Any) -> None:
    """Returned connections join the idle deque's right end and psycopg_pool takes from its
    left: turning the deque by one hands out the newest and keeps the rest in age order."""
    if len(idle) > 1:
        idle.rotate(1)


class EventStorePool(EventsourcingPool[Any]):
    """eventsourcing's pool (its password callback and retries), most recent first. No mixin:
    a class of another layout could not be put on the pool the library has built."""

    def _get_ready_connection(self, timeout: float | None) -> Any:
        newest_first(self._pool)
        return super()._get_ready_connection(timeout)


class WarmPostgresFactory(PostgresFactory):
    """eventsourcing's PostgreSQL infrastructure with the event store's pool most recent first.
    The library builds its pool inside the datastore; it is not open yet when this runs."""

    def __init__(self, env: Environment) -> None:
        super().__init__(env)
        pool = self.datastore.pool
        assert type(pool) is EventsourcingPool, type(pool)  # a new library version: look again
        pool.__class__ = EventStorePool


class ReadModelPool(ConnectionPool[psycopg.Connection[Any]]):
    """The read models' pool. A connection handed back within `RECENT_SECONDS` is handed out
    again unchecked (a request's several statements each paid a round trip for the check);
    one idle longer is checked first, so after a database restart the pool replaces dead
    connections, not a request. The return time is noted as the connection comes back, not in
    the pool's `reset` hook, which would return every connection through a worker thread."""

    RECENT_SECONDS = 2.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.returned: weakref.WeakKeyDictionary[Any, float] = weakref.WeakKeyDictionary()
        self.returned_lock = threading.Lock()
        super().__init__(*args, check=self.check_unless_recent, **kwargs)

    def check_unless_recent(self, connection: psycopg.Connection[Any]) -> None:
        with self.returned_lock:
            returned = self.returned.get(connection, 0.0)
        if time.monotonic() - returned > self.RECENT_SECONDS:
            ConnectionPool.check_connection(connection)

    def _get_ready_connection(self, timeout: float | None) -> Any:
        newest_first(self._pool)
        return super()._get_ready_connection(timeout)

    def putconn(self, conn: psycopg.Connection[Any]) -> None:
        with self.returned_lock:
            self.returned[conn] = time.monotonic()
        super().putconn(conn)
