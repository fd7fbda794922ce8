"""The monthly trend (found, rectified on time, rectified late, overdue at the month's end) of
the units a reader may see: two queries, whatever the number of months."""

from __future__ import annotations

from typing import Any

from domain.periods import Period
from domain.standing import reckoning_day
from infrastructure.sql import SqlDatabase

TREND_FIELDS = ("found", "rectified_on_time", "rectified_late", "overdue")


def monthly_trend(
    database: SqlDatabase,
    stats_prefix: str,
    months: list[Period],
    visible_unit: str | None,
    today: Any,
) -> dict[str, dict[str, int]]:
    trend = {m.key: dict.fromkeys(TREND_FIELDS, 0) for m in months}
    unit_clause, unit_params = ("AND unit = %s", [visible_unit]) if visible_unit else ("", [])
    keys = [m.key for m in months]
    for period, found, on_time, late in database.execute(
        "SELECT period, SUM(found), SUM(rectified_on_time), SUM(rectified_late) "
        f"FROM {stats_prefix}_stats WHERE period IN ({', '.join(['%s'] * len(keys))}) "
        f"{unit_clause} GROUP BY period",
        [*keys, *unit_params],
    ):
        trend[period] |= {
            "found": int(found or 0),
            "rectified_on_time": int(on_time or 0),
            "rectified_late": int(late or 0),
        }
    cases, params = [], []
    for month in months:  # domain.standing.was_overdue, as SQL, one column per month
        day = reckoning_day(month, today).isoformat()
        cases.append(
            "SUM(CASE WHEN found_on < %s AND due_on IS NOT NULL AND due_on < %s AND "
            "(rectified_on IS NULL OR rectified_on >= %s) THEN 1 ELSE 0 END)"
        )
        params += [day, day, day]
    memo_clause = "WHERE unit = %s" if visible_unit else ""
    row = database.execute(
        f"SELECT {', '.join(cases)} FROM {stats_prefix}_memo {memo_clause}",
        [*params, *unit_params],
    )[0]
    for month, overdue in zip(months, row, strict=True):
        trend[month.key]["overdue"] = int(overdue or 0)
    return trend
