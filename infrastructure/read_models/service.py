"""The read models of one process: their workers (threads), rebuilds, positions and lag."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import structlog
from eventsourcing.persistence import Recording

from application.ledger import Ledger
from infrastructure.database_url import PostgresTarget, SqliteTarget
from infrastructure.read_models.bulk_rebuild import FLUSH_EVENTS
from infrastructure.read_models.log_listener import LogListener
from infrastructure.read_models.queries import READ_MODELS, SqlListReader
from infrastructure.read_models.registry import (
    Fault,
    Generation,
    ProjectionFaults,
    ProjectionRegistry,
)
from infrastructure.read_models.runner import DEFAULT_BATCH_SIZE, ProjectionWorker
from infrastructure.sql import SqlDatabase

PROJECTIONS = READ_MODELS
LISTEN_WAIT_SECONDS = 5.0


class UnknownProjectionError(ValueError):
    """Raised when a projection name is not one of PROJECTIONS."""


class ReadModels:
    def __init__(
        self,
        ledger: Ledger,
        database: SqlDatabase,
        target: PostgresTarget | SqliteTarget,
        batch_size: int = DEFAULT_BATCH_SIZE,
        flush_events: int = FLUSH_EVENTS,
    ) -> None:
        self.ledger = ledger
        self.registry = ProjectionRegistry(database)
        self.wakes = {p.name: threading.Event() for p in PROJECTIONS}
        self.workers = {
            p.name: ProjectionWorker(
                ledger,
                database,
                target,
                p,
                wake=self.wakes[p.name],
                batch_size=batch_size,
                flush_events=flush_events,
            )
            for p in PROJECTIONS
        }
        ledger.listeners.append(self._wake)
        self.reader = SqlListReader(database, ledger.name, ledger.head_position)
        self.fault_log = ProjectionFaults(database)
        self.stop = threading.Event()
        self.threads: list[threading.Thread] = []
        self.listener = (
            LogListener(target, list(self.wakes.values()))
            if isinstance(target, PostgresTarget)
            else None
        )

    def _wake(self, recordings: Sequence[Recording[Any]]) -> None:
        for wake in self.wakes.values():
            wake.set()

    def start(self) -> None:
        """Follow the log in background threads (each waits for its lock if another runs).
        Projections whose version changed are rebuilt first, together, in one pass."""
        self.stop.clear()
        if self.listener is not None:  # listening before any worker reads the log
            self._spawn(self.listener.run, "log-listener")
            self.listener.listening.wait(LISTEN_WAIT_SECONDS)  # else they poll until it is
        stale = [name for name, worker in self.workers.items() if self._stale(worker)]
        for name in self.workers:
            if name not in stale:
                self._spawn(self.workers[name].run, f"projection-{name}")
        if stale:
            self._spawn(partial(self._rebuild_then_follow, stale), "projection-rebuild")

    def _stale(self, worker: ProjectionWorker) -> bool:
        active = self.registry.active(worker.name)
        return active is not None and active.version != worker.projection_class.version

    def _rebuild_then_follow(self, names: list[str], stop: threading.Event) -> None:
        try:
            self._bulk(names, stop, only_stale=True)
        except Exception as error:  # each worker rebuilds alone then, and reports its fault
            structlog.get_logger("rectify.projections").warning(
                "bulk_rebuild_failed", error=repr(error)
            )
        for name in names:
            self._spawn(self.workers[name].run, f"projection-{name}")

    def _spawn(self, target: Callable[..., None], name: str) -> None:
        thread = threading.Thread(target=target, args=(self.stop,), name=name, daemon=True)
        thread.start()
        self.threads.append(thread)

    def close(self, timeout: float = 10.0) -> None:
        self.stop.set()
        self._wake([])  # a worker waiting for events sees the stop at once
        for thread in self.threads:
            thread.join(timeout)
        self.threads.clear()

    def rebuild(self, names: list[str] | None = None) -> list[Generation]:
        unknown = set(names or []) - set(self.workers)
        if unknown:
            raise UnknownProjectionError(f"unknown projections: {', '.join(sorted(unknown))}")
        chosen = names or list(self.workers)
        rebuilt = self._bulk(chosen, threading.Event())
        return [rebuilt[name] for name in chosen]

    def _bulk(
        self, names: list[str], stop: threading.Event, only_stale: bool = False
    ) -> dict[str, Generation]:
        any_worker = self.workers[names[0]]
        return any_worker.bulk().run(
            [self.workers[name].projection_class for name in names],
            stop,
            any_worker.finish_singly,
            only_stale,
        )

    def catch_up_now(self) -> None:
        for worker in self.workers.values():
            worker.catch_up_now()

    def faults(self) -> list[Fault]:
        """Projections stopped at an event they cannot apply (by any worker, in any process)."""
        return self.fault_log.all()

    def lag(self) -> dict[str, int | None]:
        """Positions behind the log head (ids may have gaps: an upper bound; 0 is caught up)."""
        head = self.ledger.head_position()
        return {
            name: None if position is None else max(head - position, 0)
            for name, position in self.reader.positions().items()
        }
