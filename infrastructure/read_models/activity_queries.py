"""The activities reader: pages of activities and the per-day counts the compliance rules sum."""

from __future__ import annotations

from datetime import date

from application.activity_reads import ActivityFilter
from application.activity_rows import ActivityRow
from application.lists import Page
from infrastructure.read_models.queries import SqlListReader, decode_cursor, encode_cursor
from infrastructure.read_models.sql_filters import Where
from projections.activities import ACTIVITIES, ActivitiesProjection

COLUMNS = [c.name for c in ACTIVITIES.columns]


class SqlActivityReader:
    def __init__(self, lists: SqlListReader) -> None:
        self.lists = lists
        self.database = lists.database

    def wait(self, position: int, timeout: float) -> None:
        """Only the activities read model: the problem lists wait for themselves when read."""
        self.lists.wait(position, timeout, (ActivitiesProjection,))

    def page(
        self, f: ActivityFilter, visible_unit: str | None, cursor: str | None, limit: int
    ) -> Page:
        prefix = self.lists.prefix(ActivitiesProjection)
        where = Where()
        if visible_unit is not None:
            where.add("a.unit = %s", visible_unit)
        for column in ("kind", "unit", "status", "level"):
            value = getattr(f, column)
            if value is not None:
                where.add(f"a.{column} = %s", value)
        if f.period is not None:
            where.add(
                "a.held_on BETWEEN %s AND %s", f.period.start.isoformat(), f.period.end.isoformat()
            )
        if after := decode_cursor(cursor, 2, str):
            where.add(
                "(a.held_on > %s OR (a.held_on = %s AND a.activity_id > %s))",
                after[0],
                after[0],
                after[1],
            )
        rows = self.database.execute(
            f"SELECT {', '.join('a.' + c for c in COLUMNS)} FROM {prefix}_activities a "
            f"WHERE {where.sql()} ORDER BY a.held_on, a.activity_id LIMIT %s",
            [*where.params, limit + 1],
        )
        items = [ActivityRow.decode(dict(zip(COLUMNS, row, strict=True))) for row in rows[:limit]]
        next_cursor = None
        if len(rows) > limit:
            last = items[-1]
            next_cursor = encode_cursor([last.held_on.isoformat(), last.activity_id])
        return Page(items, next_cursor)

    def done_counts(self, start: date, end: date) -> list[tuple[str, str, date, int]]:
        prefix = self.lists.prefix(ActivitiesProjection)
        rows = self.database.execute(
            f"SELECT unit, rule, day, done FROM {prefix}_done WHERE day BETWEEN %s AND %s",
            (start.isoformat(), end.isoformat()),
        )
        return [(unit, rule, date.fromisoformat(day), int(n)) for unit, rule, day, n in rows]
