"""Wakes a process's projection workers when any process appends events (PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import psycopg
import structlog

from infrastructure.chained_store import PG_EVENTS
from infrastructure.database_url import PostgresTarget

HEAR_SECONDS = 0.05  # how soon a stop is noticed
RETRY_SECONDS = 1.0


class LogListener:
    """One LISTEN connection per process, on the channel the append functions NOTIFY. Every
    notification wakes every worker, and each reads on from its own position, so one wake
    covers whatever was committed meanwhile: under load a batch holds many commands.

    It listens before the workers first read the log (`listening`), so no commit can fall
    between their read and the LISTEN unheard. Connected again after an outage, it wakes them
    once for what it may have missed; while it is away they poll."""

    def __init__(self, target: PostgresTarget, wakes: Sequence[threading.Event]) -> None:
        self.target = target
        self.wakes = wakes
        self.listening = threading.Event()
        self.log = structlog.get_logger("rectify.projections")

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                self._listen(stop)
            except psycopg.Error as error:
                self.log.warning("log_listener_lost", error=repr(error))
            finally:
                self.listening.clear()
            stop.wait(RETRY_SECONDS)

    def _listen(self, stop: threading.Event) -> None:
        conninfo = self.target.conninfo() + " connect_timeout=5"
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(f"LISTEN {PG_EVENTS}")
            self.listening.set()
            self.wake_all()  # anything committed while nobody listened
            while not stop.is_set():
                for _ in connection.notifies(timeout=HEAR_SECONDS):
                    self.wake_all()

    def wake_all(self) -> None:
        for wake in self.wakes:
            wake.set()
