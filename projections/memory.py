"""Rows kept in memory: the same projection logic, replayed up to a cut-off for as-of reports."""

from __future__ import annotations

from collections.abc import Sequence

from projections.ports import Derived, Key, Row


class InMemoryRows:
    """A RowSession over dictionaries; nothing is written anywhere. Derived rows are folded at
    once, each change as it is put (a replay has no batches)."""

    def __init__(self, derived: Sequence[Derived] = ()) -> None:
        self.tables: dict[str, dict[Key, Row]] = {}
        self.derived = {d.source: d for d in derived}

    def get(self, table: str, key: Key) -> Row | None:
        row = self.tables.get(table, {}).get(key)
        return None if row is None else dict(row)

    def put(self, table: str, key: Key, row: Row) -> None:
        before = self.get(table, key)
        self.tables.setdefault(table, {})[key] = dict(row)
        if table in self.derived:
            self.derived[table].fold(self, before, dict(row))

    def delete(self, table: str, key: Key) -> None:
        self.tables.get(table, {}).pop(key, None)

    def rows(self, table: str) -> list[Row]:
        return [dict(row) for row in self.tables.get(table, {}).values()]
