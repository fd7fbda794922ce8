"""The lists read model read whole, as one consistent state at its tracked position: where an
as-of replay whose cut-off lies after everything the lists hold starts, instead of the log's
first event (ADR 40). The lists follow the same events through the same projection as the
replay does, so their rows are the replay's rows at that position."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

import psycopg

from infrastructure.read_models.queries import SqlListReader
from infrastructure.read_models.sql_view import SqlRowView, typed
from infrastructure.sql import Executor
from projections.ports import Key, Row, TableSpec
from projections.problem_lists import ProblemListsProjection


@dataclass(frozen=True)
class ListsAsRead:
    """Every row of the lists' tables after the events up to `position` (a notification id)."""

    position: int
    tables: dict[str, dict[Key, Row]]


class ListsSeed:
    """`seed(cutoff)`: the lists as read now, or None where they cannot stand for the log up to
    `cutoff`: not built, of another version than this code's, or holding an event stamped at
    or after the cut-off (every list handler stamps its problem's `updated_at`)."""

    projection = ProblemListsProjection

    def __init__(self, reader: SqlListReader) -> None:
        self.reader = reader

    def __call__(self, cutoff: datetime) -> ListsAsRead | None:
        projection = self.projection
        generation = self.reader.registry.active(projection.name)
        if generation is None or generation.version != projection.version:
            return None
        view = SqlRowView(self.reader.database, generation.prefix, projection.tables)
        try:
            with self.reader.database.reading() as tx:
                tracked = tx.execute(
                    f"SELECT notification_id FROM {view.tracking_table} "
                    "WHERE application_name = %s",
                    (self.reader.application_name,),
                )
                stamps = tx.execute(f"SELECT updated_at FROM {view.table('problems')}")
                if not tracked or any(datetime.fromisoformat(s) >= cutoff for (s,) in stamps):
                    return None
                tables = {spec.name: _read(tx, view, spec) for spec in projection.tables}
        except (sqlite3.Error, psycopg.Error):  # a switch-over dropped the tables: replay
            return None
        return ListsAsRead(int(tracked[0][0]), _in_log_order(tables))


def _read(tx: Executor, view: SqlRowView, spec: TableSpec) -> dict[Key, Row]:
    names = [c.name for c in spec.columns]
    found = tx.execute(f"SELECT {', '.join(names)} FROM {view.table(spec.name)}")
    rows = (typed(spec, dict(zip(names, values, strict=True))) for values in found)
    return {tuple(row[k] for k in spec.key): row for row in rows}


def _in_log_order(tables: dict[str, dict[Key, Row]]) -> dict[str, dict[Key, Row]]:
    """Problems in the order a replay puts them (by number: their `Logged` order); the rows
    hanging off a problem by its number, as the reports sort them anyway."""
    problems = tables.get("problems", {})
    number = {key[0]: row["number"] for key, row in problems.items()}

    def by_problem(item: tuple[Key, Row]) -> tuple[int, ...]:
        key = item[0]
        return (number.get(str(key[0]), 0), *(k for k in key[1:] if isinstance(k, int)))

    return {name: dict(sorted(rows.items(), key=by_problem)) for name, rows in tables.items()}
