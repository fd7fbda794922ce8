"""Derived rows folded once per batch: what a session does with a projection's `derived`."""

from __future__ import annotations

from collections.abc import Sequence

from projections.ports import Derived, Key, Row, RowSession


class PendingFolds:
    """The source rows a session has changed since it last folded, each with the row as it was
    before the first change; `settle` folds them (before the session writes its rows)."""

    def __init__(self, derived: Sequence[Derived]) -> None:
        self.by_source = {d.source: d for d in derived}
        self.before: dict[tuple[str, Key], Row | None] = {}

    def changing(self, table: str, key: Key, before: Row | None) -> None:
        if table in self.by_source and (table, key) not in self.before:
            self.before[(table, key)] = before

    def settle(self, rows: RowSession) -> None:
        for (table, key), before in self.before.items():
            after = rows.get(table, key)
            assert after is not None, (table, key)  # source rows are never deleted
            self.by_source[table].fold(rows, before, after)
        self.before.clear()
