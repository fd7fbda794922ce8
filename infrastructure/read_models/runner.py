"""Feeds one projection: catch up from the log in batches, then follow it live; one at a time."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from typing import Any

import psycopg
import structlog
from eventsourcing.persistence import InterfaceError, OperationalError, Tracking

from application.ledger import Ledger
from infrastructure.database_url import PostgresTarget, SqliteTarget
from infrastructure.read_models.bulk_rebuild import FLUSH_EVENTS, BulkRebuild
from infrastructure.read_models.locks import (
    HeldLock,
    LockLostError,
    LockWaitInterruptedError,
    projection_lock,
)
from infrastructure.read_models.registry import (
    ACTIVE,
    Generation,
    ProjectionFaults,
    ProjectionRegistry,
)
from infrastructure.read_models.sql_view import SqlRowView
from infrastructure.sql import Executor, SqlDatabase
from projections.base import RowProjection

DEFAULT_BATCH_SIZE = 500
POLL_SECONDS = {"sqlite": 0.1, "postgres": 1.0}  # PostgreSQL's commits wake the workers
GATHER_SECONDS = 0.02  # after applying events; a quiet log's next event is applied at once
RETRY_SECONDS = 1.0
MAX_RETRY_SECONDS = 30.0
UNREACHABLE = (OperationalError, InterfaceError, psycopg.OperationalError, sqlite3.OperationalError)


class ProjectionStalledError(Exception):
    """Raised when one event cannot be applied: the projection stops there, visibly."""

    def __init__(self, name: str, position: int, error: BaseException) -> None:
        super().__init__(f"{name} cannot apply the event at position {position}: {error!r}")
        self.position = position


class ProjectionWorker:
    """On PostgreSQL it follows eventsourcing's LISTEN/NOTIFY subscription; SQLite has none, so
    it polls. Either way each batch of rows commits with its tracking position."""

    def __init__(
        self,
        ledger: Ledger,
        database: SqlDatabase,
        target: PostgresTarget | SqliteTarget,
        projection_class: type[RowProjection],
        after_batch: Callable[[int], None] | None = None,
        wake: threading.Event | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        flush_events: int = FLUSH_EVENTS,
    ) -> None:
        self.ledger = ledger
        self.database = database
        self.target = target
        self.projection_class = projection_class
        self.name = projection_class.name
        self.registry = ProjectionRegistry(database)
        self.faults = ProjectionFaults(database)
        self.stalled = False
        self.poll_seconds = POLL_SECONDS[database.dialect]
        self.after_batch = after_batch or (lambda _: None)
        self.wake = wake or threading.Event()
        self.batch_size = batch_size
        self.flush_events = flush_events
        self.log = structlog.get_logger("rectify.projections").bind(projection=self.name)

    def view_for(self, generation: Generation) -> SqlRowView:
        return SqlRowView(self.database, generation.prefix, self.projection_class.tables)

    def run(self, stop: threading.Event) -> None:
        """Follow the log until `stop` is set; a database outage is waited out, not fatal. An
        event that cannot be applied is recorded as the projection's fault (shown by /readyz
        and /metrics) and retried with a growing pause, in case the cause was passing."""
        pause = RETRY_SECONDS
        while not stop.is_set():
            try:
                with projection_lock(self.target, self.name, stop) as held:
                    while not stop.is_set():
                        generation = self._current(stop)
                        self._follow(self.view_for(generation), generation, stop, held)
            except LockWaitInterruptedError:
                return
            except LockLostError as error:  # what it applied is tracked: it goes on from there
                self.log.warning("projection_lock_lost", error=str(error))
            except ProjectionStalledError as error:
                self.log.error("projection_stalled", position=error.position, error=str(error))
                self._record_fault(error)
                stop.wait(pause)
                pause = min(pause * 2, MAX_RETRY_SECONDS)
            except Exception as error:
                self.log.warning("projection_error", error=repr(error))
                stop.wait(RETRY_SECONDS)

    def _record_fault(self, error: ProjectionStalledError) -> None:
        self.stalled = True
        try:
            self.faults.record(self.name, error.position, str(error))
        except Exception as unrecorded:  # the database may be what failed
            self.log.warning("projection_fault_unrecorded", error=repr(unrecorded))

    def _moved_on(self) -> None:
        if self.stalled:
            self.faults.clear(self.name)
            self.stalled = False

    def rebuild(self, stop: threading.Event, only_stale: bool = False) -> Generation:
        """Build a fresh generation from position 0 and switch readers to it when caught up."""
        rebuilt = self.bulk().run([self.projection_class], stop, self.finish_singly, only_stale)
        if self.name not in rebuilt:  # stopped before the end
            raise LockWaitInterruptedError(f"{self.name}:build")
        return rebuilt[self.name]

    def bulk(self) -> BulkRebuild:
        return BulkRebuild(self.ledger, self.database, self.target, self.flush_events)

    def finish_singly(self, projection_class: type[RowProjection], generation: Generation) -> None:
        """A bulk rebuild met an event it cannot apply: from its last flush, event by event, so
        the fault names the position."""
        worker = ProjectionWorker(self.ledger, self.database, self.target, projection_class)
        worker.catch_up(worker.view_for(generation), threading.Event())

    def catch_up_now(self) -> int:
        """Bring the active generation up to the log head, in this thread (tests, CLI)."""
        stop = threading.Event()
        with projection_lock(self.target, self.name, stop):
            return self.catch_up(self.view_for(self._current(stop)), stop)

    def catch_up(self, view: SqlRowView, stop: threading.Event) -> int:
        """Apply every event after the view's position, a batch per transaction."""
        projection = self.projection_class(view)
        position = view.max_tracking_id(self.ledger.name) or 0
        while not stop.is_set():
            notifications = self.ledger.recorder.select_notifications(
                start=position, limit=self.batch_size, inclusive_of_start=False
            )
            if not notifications:
                break
            batch = [
                (self.ledger.mapper.to_domain_event(n), Tracking(self.ledger.name, n.id))
                for n in notifications
            ]
            try:
                projection.process_batch(batch)
            except UNREACHABLE:
                raise
            except Exception:
                self._apply_one_by_one(projection, batch)
            position = notifications[-1].id
            self._moved_on()
            self.after_batch(position)
        return position

    def _apply_one_by_one(
        self, projection: RowProjection, batch: list[tuple[Any, Tracking]]
    ) -> None:
        """A batch failed: apply its events singly, so those before the bad one are kept and
        the fault names the bad one's position."""
        for event, tracking in batch:
            try:
                projection.process_event(event, tracking)
            except UNREACHABLE:
                raise
            except Exception as error:
                raise ProjectionStalledError(self.name, tracking.notification_id, error) from error

    def _create_tables(self, tx: Executor, generation: Generation) -> None:
        self.view_for(generation).create_tables_in(tx)

    def _current(self, stop: threading.Event) -> Generation:
        active = self.registry.active(self.name)
        if active is None:
            active = self.registry.start(
                self.name, self.projection_class.version, ACTIVE, self._create_tables
            )
        elif active.version != self.projection_class.version:
            self.log.info(
                "projection_version_changed", old=active.version, new=self.projection_class.version
            )
            active = self.rebuild(stop, only_stale=True)
        return active

    def _follow(
        self, view: SqlRowView, generation: Generation, stop: threading.Event, held: HeldLock
    ) -> None:
        """Return when stopped, or when a rebuild switched readers to a newer generation (or
        raise LockLostError when the lock went with its connection, to take it again). Woken
        by this process's own saves and, on PostgreSQL, by the log listener (any process's);
        without a wake it looks anyway every `poll_seconds`. Having just applied something, it
        pauses `GATHER_SECONDS` first: under load each batch then holds many commands, and the
        cost of a batch (its transaction, its reads) is paid once for them all."""
        position = self.catch_up(view, stop)
        while not stop.is_set():
            self.wake.wait(self.poll_seconds)
            self.wake.clear()
            held.check()
            if stop.is_set() or self.registry.active(self.name) != generation:
                return
            before, position = position, self.catch_up(view, stop)
            if position != before:  # a busy log: let the next commits gather into one batch
                stop.wait(GATHER_SECONDS)
