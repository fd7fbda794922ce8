"""The read models of one process: their workers (threads), rebuilds, positions and lag."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import Recording

from application.ledger import Ledger
from infrastructure.database_url import PostgresTarget, SqliteTarget
from infrastructure.read_models.queries import READ_MODELS, SqlListReader
from infrastructure.read_models.registry import Fault, Generation, ProjectionFaults
from infrastructure.read_models.runner import DEFAULT_BATCH_SIZE, ProjectionWorker
from infrastructure.sql import SqlDatabase

PROJECTIONS = READ_MODELS


class UnknownProjectionError(ValueError):
    """Raised when a projection name is not one of PROJECTIONS."""


class ReadModels:
    def __init__(
        self,
        ledger: Ledger,
        database: SqlDatabase,
        target: PostgresTarget | SqliteTarget,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> None:
        self.ledger = ledger
        self.wakes = {p.name: threading.Event() for p in PROJECTIONS}
        self.workers = {
            p.name: ProjectionWorker(
                ledger, database, target, p, wake=self.wakes[p.name], batch_size=batch_size
            )
            for p in PROJECTIONS
        }
        ledger.listeners.append(self._wake)
        self.reader = SqlListReader(database, ledger.name, ledger.head_position)
        self.fault_log = ProjectionFaults(database)
        self.stop = threading.Event()
        self.threads: list[threading.Thread] = []

    def _wake(self, recordings: Sequence[Recording[Any]]) -> None:
        for wake in self.wakes.values():
            wake.set()

    def start(self) -> None:
        """Follow the log in background threads (each waits for its lock if another runs)."""
        self.stop.clear()
        for name, worker in self.workers.items():
            thread = threading.Thread(
                target=worker.run, args=(self.stop,), name=f"projection-{name}", daemon=True
            )
            thread.start()
            self.threads.append(thread)

    def close(self, timeout: float = 10.0) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout)
        self.threads.clear()

    def rebuild(self, names: list[str] | None = None) -> list[Generation]:
        unknown = set(names or []) - set(self.workers)
        if unknown:
            raise UnknownProjectionError(f"unknown projections: {', '.join(sorted(unknown))}")
        chosen = names or list(self.workers)
        return [self.workers[name].rebuild(threading.Event()) for name in chosen]

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
