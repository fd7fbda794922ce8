"""A rebuilding projection's rows held in memory and written to its fresh tables in bulk."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from domain.text import FORBIDDEN
from infrastructure.read_models.sql_view import SqlRowView, delete_statement, storable, typed
from infrastructure.sql import Executor
from projections.folds import PendingFolds
from projections.ports import Derived, Key, Row, TableSpec


class MemoryRows:
    """The RowSession of a rebuild: every row of the generation is in `rows`, so a read never
    waits on the database; `flush` writes the rows changed since the last flush, new ones with
    COPY (PostgreSQL) and changed ones through a staging table, in the caller's transaction."""

    def __init__(self, view: SqlRowView, derived: Sequence[Derived] = ()) -> None:
        self.view = view
        self.folds = PendingFolds(derived)
        self.rows: dict[str, dict[Key, Row]] = {name: {} for name in view.tables}
        self.stored: dict[str, set[Key]] = {name: set() for name in view.tables}
        self.dirty: dict[str, set[Key]] = {name: set() for name in view.tables}

    def get(self, table: str, key: Key) -> Row | None:
        row = self.rows[table].get(key)
        return None if row is None else dict(row)

    def put(self, table: str, key: Key, row: Row) -> None:
        if table in self.folds.by_source:
            self.folds.changing(table, key, self.rows[table].get(key))
        self.rows[table][key] = row
        self.dirty[table].add(key)

    def delete(self, table: str, key: Key) -> None:
        self.rows[table].pop(key, None)
        self.dirty[table].add(key)

    def load(self, tx: Executor) -> None:
        """A rebuild resumed after a crash reads back what its last flush committed."""
        for spec in self.view.tables.values():
            names = [c.name for c in spec.columns]
            for values in tx.execute(
                f"SELECT {', '.join(names)} FROM {self.view.table(spec.name)}"
            ):
                row = typed(spec, dict(zip(names, values, strict=True)))
                key = tuple(row[k] for k in spec.key)
                self.rows[spec.name][key] = row
                self.stored[spec.name].add(key)

    def flush(self, tx: Executor) -> None:
        self.folds.settle(self)
        for spec in self.view.tables.values():
            dirty = self.dirty[spec.name]
            if not dirty:
                continue
            stored = self.stored[spec.name]
            names = [c.name for c in spec.columns]
            rows = self.rows[spec.name]
            gone = [key for key in dirty if key not in rows]
            dirty.difference_update(gone)
            fresh = [_values(rows[key], names) for key in dirty if key not in stored]
            changed = [_values(rows[key], names) for key in dirty if key in stored]
            table = self.view.table(spec.name)
            if fresh:
                tx.copy(table, names, fresh)
            if changed:
                self._overwrite(tx, spec, table, names, changed)
            if stored_gone := [key for key in gone if key in stored]:
                tx.execute_many(delete_statement(spec, table), stored_gone)
            stored -= set(gone)
            stored |= dirty
            dirty.clear()

    def _overwrite(
        self, tx: Executor, spec: TableSpec, table: str, names: list[str], rows: list[list[Any]]
    ) -> None:
        updates = ", ".join(f"{n} = excluded.{n}" for n in names if n not in spec.key)
        upsert = f"ON CONFLICT ({', '.join(spec.key)}) DO UPDATE SET {updates}"
        columns = ", ".join(names)
        if self.view.database.dialect != "postgres":
            placeholders = ", ".join(["%s"] * len(names))
            tx.execute_many(
                f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) {upsert}", rows
            )
            return
        stage = f"{table}_stage"
        tx.execute(f"CREATE TEMP TABLE IF NOT EXISTS {stage} (LIKE {table}) ON COMMIT DROP")
        tx.copy(stage, names, rows)
        tx.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {stage} {upsert}")
        tx.execute(f"DROP TABLE {stage}")


def _values(row: Row, names: list[str]) -> list[Any]:
    values = [row.get(name) for name in names]
    texts = "\n".join(value for value in values if type(value) is str)
    if FORBIDDEN.search(texts) is None:  # one search for the row: nearly every row is clean
        return values
    return [storable(value) for value in values]
