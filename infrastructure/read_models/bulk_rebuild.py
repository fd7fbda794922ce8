"""Rebuild several projections in one pass over the log (ADR 22).

Each stored event is read once, and decoded once if any projection being rebuilt handles its
topic. Rows live in memory (`MemoryRows`) and reach the fresh tables in bulk every
`flush_events` events, with each projection's tracking position in the same transaction: a
rebuild killed anywhere resumes from its last flush. Secondary indexes are built at the end,
then planner statistics, then readers switch over. An event a projection cannot apply sends
that projection back to the event-at-a-time path, which names the event in its fault."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from typing import Any

import structlog
from eventsourcing.utils import resolve_topic

from application.ledger import Ledger
from infrastructure.database_url import PostgresTarget, SqliteTarget
from infrastructure.read_models.bulk_rows import MemoryRows
from infrastructure.read_models.locks import projection_lock
from infrastructure.read_models.registry import ACTIVE, BUILDING, Generation, ProjectionRegistry
from infrastructure.read_models.sql_view import SqlRowView
from infrastructure.sql import SqlDatabase
from projections.base import RowProjection

Handler = Callable[[Any, Any, Any], None]
READ_SIZE = 5_000
FLUSH_EVENTS = 100_000


@dataclass
class _Building:
    """One projection's side of the pass."""

    projection: RowProjection
    generation: Generation
    view: SqlRowView
    rows: MemoryRows
    position: int  # the last event its tables hold
    failed: bool = False
    handlers: dict[str, Handler | None] = field(default_factory=dict)

    def handler(self, topic: str) -> Handler | None:
        if topic not in self.handlers:
            self.handlers[topic] = type(self.projection).handler(resolve_topic(topic))
        return self.handlers[topic]


class BulkRebuild:
    def __init__(
        self,
        ledger: Ledger,
        database: SqlDatabase,
        target: PostgresTarget | SqliteTarget,
        flush_events: int = FLUSH_EVENTS,
    ) -> None:
        self.ledger = ledger
        self.database = database
        self.target = target
        self.registry = ProjectionRegistry(database)
        self.flush_events = max(flush_events, 1)
        self.log = structlog.get_logger("rectify.projections")

    def run(
        self,
        classes: list[type[RowProjection]],
        stop: threading.Event,
        fallback: Callable[[type[RowProjection], Generation], None],
        only_stale: bool = False,
    ) -> dict[str, Generation]:
        """Rebuild `classes` (or, with `only_stale`, those whose active tables are of another
        version) and switch readers to them; returns the active generation of each."""
        with ExitStack() as locks:
            for cls in sorted(classes, key=lambda c: c.name):
                locks.enter_context(projection_lock(self.target, f"{cls.name}:build", stop))
            done: dict[str, Generation] = {}
            building: list[_Building] = []
            for cls in classes:
                active = self.registry.active(cls.name)
                if only_stale and active is not None and active.version == cls.version:
                    done[cls.name] = active
                else:
                    building.append(self._prepare(cls))
            started = time.perf_counter()
            head = self._pass(building, stop)
            if stop.is_set():
                return done
            for part in sorted(building, key=lambda part: part.failed):  # the sound ones first
                if part.failed:
                    fallback(type(part.projection), part.generation)
                done[part.generation.name] = self._switch(part)
            if building:
                self.log.info(
                    "projections_rebuilt",
                    names=[part.generation.name for part in building],
                    position=head,
                    seconds=round(time.perf_counter() - started, 2),
                )
            return done

    def _prepare(self, cls: type[RowProjection]) -> _Building:
        def create(tx: Any, generation: Generation) -> None:
            SqlRowView(self.database, generation.prefix, cls.tables).create_tables_in(tx, False)

        generation = self.registry.building(cls.name)
        if generation is not None and generation.version != cls.version:
            # left by a rebuild of older code: its rows are not this version's
            SqlRowView(self.database, generation.prefix, cls.tables).drop_tables()
            self.registry.forget(generation)
            generation = None
        if generation is None:  # else a rebuild killed midway: resumed from its last flush
            generation = self.registry.start(cls.name, cls.version, BUILDING, create)
        view = SqlRowView(self.database, generation.prefix, cls.tables)
        with self.database.transaction() as tx:
            view.create_tables_in(tx, indexes=False)
        rows = MemoryRows(view, cls.derived)
        position = view.max_tracking_id(self.ledger.name) or 0
        if position:
            with self.database.transaction() as tx:
                rows.load(tx)
        return _Building(cls(view), generation, view, rows, position)

    def _pass(self, building: list[_Building], stop: threading.Event) -> int:
        """Feed every event after the furthest-behind position to those not yet past it."""
        position = min((part.position for part in building), default=0)
        unflushed = 0
        for notifications in self._read(position, stop):
            for notification in notifications:
                wanting = [
                    (part, handler)
                    for part in building
                    if not part.failed
                    and part.position < notification.id
                    and (handler := part.handler(notification.topic)) is not None
                ]
                if wanting:
                    event = self.ledger.mapper.to_domain_event(notification)
                    for part, handler in wanting:
                        self._evolve(part, handler, event, notification.id)
            position = notifications[-1].id
            unflushed += len(notifications)
            if unflushed >= self.flush_events:
                self._flush(building, position)
                unflushed = 0
        if not stop.is_set():
            self._flush(building, position)
        return position

    def _read(self, position: int, stop: threading.Event) -> Iterator[Sequence[Any]]:
        while not stop.is_set():
            notifications = self.ledger.recorder.select_notifications(
                start=position,
                limit=min(READ_SIZE, self.flush_events),
                inclusive_of_start=False,
            )
            if not notifications:
                return
            yield notifications
            position = notifications[-1].id

    def _evolve(self, part: _Building, handler: Handler, event: Any, notification_id: int) -> None:
        try:
            handler(part.projection, event, part.rows)
        except Exception as error:  # its rows may be half-changed: dropped, not flushed
            part.failed = True
            self.log.warning(
                "bulk_rebuild_fell_back",
                projection=part.generation.name,
                position=notification_id,
                error=repr(error),
            )

    def _flush(self, building: list[_Building], position: int) -> None:
        for part in building:
            if part.failed or part.position >= position:
                continue
            with self.database.transaction() as tx:
                part.rows.flush(tx)
                part.view.track_in(tx, self.ledger.name, position)
            part.position = position

    def _switch(self, part: _Building) -> Generation:
        with self.database.transaction() as tx:
            part.view.create_indexes_in(tx)
        part.view.analyze()  # before readers arrive
        self.registry.switch_to(part.generation)
        for old in self.registry.retired(part.generation.name):
            SqlRowView(self.database, old.prefix, type(part.projection).tables).drop_tables()
            self.registry.forget(old)
        return replace(part.generation, state=ACTIVE)
