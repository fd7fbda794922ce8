"""A projection's tables in SQL (SQLite or PostgreSQL), written with their tracking, atomically."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import IntegrityError, Tracking

from domain.text import printable
from infrastructure.sql import Executor, SqlDatabase
from projections.folds import PendingFolds
from projections.ports import Derived, EventHandler, Key, Row, RowView, TableSpec

COLUMN_TYPES = {
    "sqlite": {"text": "TEXT", "int": "INTEGER", "bool": "INTEGER"},
    "postgres": {"text": "TEXT", "int": "BIGINT", "bool": "BOOLEAN"},
}


class SqlRowView(RowView):
    """Tables are `<prefix>_<table>`; the prefix carries the projection's version and generation."""

    def __init__(self, database: SqlDatabase, prefix: str, tables: Sequence[TableSpec]) -> None:
        self.database = database
        self.prefix = prefix
        self.tables = {spec.name: spec for spec in tables}
        self.tracking_table = f"{prefix}_tracking"

    def table(self, name: str) -> str:
        return f"{self.prefix}_{name}"

    def create_tables(self) -> None:
        with self.database.transaction() as tx:
            self.create_tables_in(tx)

    def create_tables_in(self, tx: Executor, indexes: bool = True) -> None:
        """A rebuild creates its tables without their secondary indexes, filled faster."""
        types = COLUMN_TYPES[self.database.dialect]
        for spec in self.tables.values():
            columns = ", ".join(f"{c.name} {types[c.kind]}" for c in spec.columns)
            tx.execute(
                f"CREATE TABLE IF NOT EXISTS {self.table(spec.name)} "
                f"({columns}, PRIMARY KEY ({', '.join(spec.key)}))"
            )
        if indexes:
            self.create_indexes_in(tx)
        tx.execute(
            f"CREATE TABLE IF NOT EXISTS {self.tracking_table} "
            f"(application_name TEXT PRIMARY KEY, notification_id {types['int']} NOT NULL)"
        )

    def create_indexes_in(self, tx: Executor) -> None:
        trigrams = self.database.dialect == "postgres" and bool(
            tx.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        )
        for spec in self.tables.values():
            table = self.table(spec.name)
            for index in spec.indexes:
                name = f"{table}_{'_'.join(index)}_idx"
                tx.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({', '.join(index)})")
            for name, expressions in spec.ordered:
                tx.execute(f"CREATE INDEX IF NOT EXISTS {table}_{name} ON {table} ({expressions})")
            for name, columns in spec.covering:
                tx.execute(
                    f"CREATE INDEX IF NOT EXISTS {table}_{name} ON {table} ({', '.join(columns)})"
                )
            for name, order, condition in spec.few:
                tx.execute(
                    f"CREATE INDEX IF NOT EXISTS {table}_{name} ON {table} ({order}) "
                    f"WHERE {condition}"
                )
            for column, empty in spec.sparse:
                tx.execute(
                    f"CREATE INDEX IF NOT EXISTS {table}_{column}_sparse ON {table} ({column}) "
                    f"WHERE {column} <> '{empty}'"
                )
            for column in spec.searched if trigrams else ():
                tx.execute(
                    f"CREATE INDEX IF NOT EXISTS {table}_{column}_trgm ON {table} "
                    f"USING gin (LOWER({column}) gin_trgm_ops)"
                )

    def analyze(self) -> None:
        """Planner statistics for tables just filled: a fresh generation has none, and without
        them PostgreSQL plans the lists' filters as if the tables were empty. On PostgreSQL a
        vacuum too (as cheap, on pages just written): it marks the pages all-visible, without
        which a count over a covering index still reads the table."""
        verb = "VACUUM (ANALYZE)" if self.database.dialect == "postgres" else "ANALYZE"
        for spec in self.tables.values():
            self.database.execute(f"{verb} {self.table(spec.name)}")

    def drop_tables(self) -> None:
        with self.database.transaction() as tx:
            for spec in self.tables.values():
                tx.execute(f"DROP TABLE IF EXISTS {self.table(spec.name)}")
            tx.execute(f"DROP TABLE IF EXISTS {self.tracking_table}")

    def apply(self, batch: Sequence[tuple[Any, Tracking]], handler: EventHandler) -> None:
        if not batch:
            return
        with self.database.transaction() as tx:
            session = CachedSession(tx, self, handler.derived)
            session.preload(sorted({str(event.originator_id) for event, _ in batch}))
            for event, _ in batch:
                handler.apply(event, session)
            session.flush()
            self._insert_tracking(tx, batch[-1][1], batch[0][1].notification_id)

    def insert_tracking(self, tracking: Tracking) -> None:
        with self.database.transaction() as tx:
            self._insert_tracking(tx, tracking)

    def track_in(self, tx: Executor, application_name: str, position: int) -> None:
        self._insert_tracking(tx, Tracking(application_name, position))

    def _insert_tracking(self, tx: Executor, tracking: Tracking, first: int | None = None) -> None:
        """eventsourcing's single-row rule, for a whole batch: the position moves to the batch's
        last event only from before its first, else nothing commits. So a batch overlapping one
        committed meanwhile (a second runner, while a lost lock went unnoticed) is never applied
        twice, whichever commits first."""
        moved = tx.execute(
            f"INSERT INTO {self.tracking_table} (application_name, notification_id) "
            "VALUES (%s, %s) ON CONFLICT (application_name) DO UPDATE "
            "SET notification_id = excluded.notification_id "
            f"WHERE {self.tracking_table}.notification_id < %s "
            "RETURNING notification_id",
            (
                tracking.application_name,
                tracking.notification_id,
                tracking.notification_id if first is None else first,
            ),
        )
        if not moved:
            raise IntegrityError(
                f"Failed to record tracking for {tracking.application_name} "
                f"{tracking.notification_id}: already at or past it"
            )

    def wait(
        self,
        application_name: str,
        notification_id: int | None,
        timeout: float = 1.0,
        interrupt: threading.Event | None = None,
    ) -> None:
        """Like eventsourcing's wait, but polling from 5 ms: a reader waits for its own write."""
        deadline = time.monotonic() + timeout
        pause = 0.005
        while not self.has_tracking_id(application_name, notification_id):
            if time.monotonic() + pause > deadline:
                raise TimeoutError(f"{self.prefix} has not reached {notification_id}")
            if interrupt is not None and interrupt.wait(pause):
                raise TimeoutError("interrupted")
            time.sleep(0 if interrupt is not None else pause)
            pause = min(pause * 2, 0.1)

    def max_tracking_id(self, application_name: str) -> int | None:
        rows = self.database.execute(
            f"SELECT notification_id FROM {self.tracking_table} WHERE application_name = %s",
            (application_name,),
        )
        return int(rows[0][0]) if rows else None


def storable(value: Any) -> Any:
    """Text from events logged before the text rule (a restored log) may hold NUL, which a
    PostgreSQL column refuses: it is stored as U+FFFD, so the projection never stops on it."""
    return printable(value) if isinstance(value, str) else value


class CachedSession:
    """Rows read once per batch and written once at its end: a rebuild touches each row rarely."""

    def __init__(self, tx: Executor, view: SqlRowView, derived: Sequence[Derived] = ()) -> None:
        self.tx = tx
        self.view = view
        self.folds = PendingFolds(derived)
        self.rows: dict[tuple[str, Key], Row | None] = {}
        self.dirty: dict[str, dict[Key, Row | None]] = {}  # None: deleted
        self.complete: set[str] = set()

    def preload(self, originator_ids: list[str]) -> None:
        """One query per table for every row the batch can touch, instead of one per row."""
        for spec in self.view.tables.values():
            if spec.preload == "all":
                self._load(spec, "", [])
                self.complete.add(spec.name)
            elif spec.preload == "originator" and originator_ids:
                placeholders = ", ".join(["%s"] * len(originator_ids))
                self._load(spec, f" WHERE {spec.key[0]} IN ({placeholders})", originator_ids)
                if len(spec.key) == 1:
                    for originator_id in originator_ids:
                        self.rows.setdefault((spec.name, (originator_id,)), None)

    def _load(self, spec: TableSpec, where: str, params: list[str]) -> None:
        names = [c.name for c in spec.columns]
        found = self.tx.execute(
            f"SELECT {', '.join(names)} FROM {self.view.table(spec.name)}{where}", params
        )
        for values in found:
            row = typed(spec, dict(zip(names, values, strict=True)))
            self.rows[(spec.name, tuple(row[k] for k in spec.key))] = row

    def get(self, table: str, key: Key) -> Row | None:
        if (table, key) not in self.rows:
            if table in self.complete:
                return None
            self.rows[(table, key)] = self._select(table, key)
        row = self.rows[(table, key)]
        return None if row is None else dict(row)

    def put(self, table: str, key: Key, row: Row) -> None:
        if table in self.folds.by_source:
            self.folds.changing(table, key, self.get(table, key))
        self.rows[(table, key)] = row
        self.dirty.setdefault(table, {})[key] = row

    def delete(self, table: str, key: Key) -> None:
        self.rows[(table, key)] = None
        self.dirty.setdefault(table, {})[key] = None

    def flush(self) -> None:
        self.folds.settle(self)
        for table, rows in self.dirty.items():
            spec = self.view.tables[table]
            names = [c.name for c in spec.columns]
            updates = ", ".join(f"{n} = excluded.{n}" for n in names if n not in spec.key)
            kept = [[storable(row.get(n)) for n in names] for row in rows.values() if row]
            gone = [key for key, row in rows.items() if row is None]
            if kept:
                self.tx.execute_many(
                    f"INSERT INTO {self.view.table(table)} ({', '.join(names)}) "
                    f"VALUES ({', '.join(['%s'] * len(names))}) "
                    f"ON CONFLICT ({', '.join(spec.key)}) DO UPDATE SET {updates}",
                    kept,
                )
            if gone:
                self.tx.execute_many(delete_statement(spec, self.view.table(table)), gone)
        self.dirty.clear()

    def _select(self, table: str, key: Key) -> Row | None:
        spec = self.view.tables[table]
        names = [c.name for c in spec.columns]
        where = " AND ".join(f"{k} = %s" for k in spec.key)
        found = self.tx.execute(
            f"SELECT {', '.join(names)} FROM {self.view.table(table)} WHERE {where}", key
        )
        if not found:
            return None
        return typed(spec, dict(zip(names, found[0], strict=True)))


def delete_statement(spec: TableSpec, table: str) -> str:
    return f"DELETE FROM {table} WHERE {' AND '.join(f'{k} = %s' for k in spec.key)}"


def typed(spec: TableSpec, row: Row) -> Row:
    """SQLite hands booleans back as 0 and 1."""
    for column in spec.columns:
        if column.kind == "bool" and row[column.name] is not None:
            row[column.name] = bool(row[column.name])
    return row
