"""Rows kept in memory: the same projection logic, replayed up to a cut-off for as-of reports."""

from __future__ import annotations

from projections.ports import Key, Row


class InMemoryRows:
    """A RowSession over dictionaries; nothing is written anywhere. It serves the lists'
    as-of replays, which derive no rows. It remembers which rows changed (all, at first), so
    what is made from them is made again only for those (`take_changed`)."""

    def __init__(self, tables: dict[str, dict[Key, Row]] | None = None) -> None:
        self.tables: dict[str, dict[Key, Row]] = tables if tables is not None else {}
        self.changed: dict[str, set[Key]] = {name: set(rows) for name, rows in self.tables.items()}

    def get(self, table: str, key: Key) -> Row | None:
        row = self.tables.get(table, {}).get(key)
        return None if row is None else dict(row)

    def put(self, table: str, key: Key, row: Row) -> None:
        self.tables.setdefault(table, {})[key] = dict(row)
        self.changed.setdefault(table, set()).add(key)

    def delete(self, table: str, key: Key) -> None:
        self.tables.get(table, {}).pop(key, None)
        self.changed.setdefault(table, set()).add(key)

    def take_changed(self, table: str) -> set[Key]:
        """The keys of `table` put or deleted since the last take."""
        return self.changed.pop(table, set())
