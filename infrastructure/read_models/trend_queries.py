"""The monthly trend (found, rectified on time, rectified late, overdue at the month's end) of
the units a reader may see, in three small queries whatever the size of the log (ADR 31)."""

from __future__ import annotations

from datetime import date

from domain.periods import Period
from domain.standing import reckoning_day
from infrastructure.sql import SqlDatabase

TREND_FIELDS = ("found", "rectified_on_time", "rectified_late", "overdue")
TREND_SINCE = 5  # the unit statistics' version that keeps the months problems turn overdue


def monthly_trend(
    database: SqlDatabase,
    stats_prefix: str,
    months: list[Period],
    visible_unit: str | None,
    today: date,
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
    ended = [m for m in months if reckoning_day(m, today) > m.end]
    if ended:
        overdue = _overdue_at_ends(database, stats_prefix, ended[-1].key, unit_clause, unit_params)
        for month in ended:
            trend[month.key]["overdue"] = sum(n for key, n in overdue.items() if key <= month.key)
    for month in months:
        if month not in ended:  # the running month, reckoned as of today
            trend[month.key]["overdue"] = _overdue_on(
                database, stats_prefix, reckoning_day(month, today), unit_clause, unit_params
            )
    return trend


def _overdue_at_ends(
    database: SqlDatabase, prefix: str, last: str, unit_clause: str, unit_params: list[str]
) -> dict[str, int]:
    """Per month up to `last`: problems that turned overdue at its end less those that left
    (domain.standing.overdue_months, kept by the unit statistics); summed up to a month, they
    are its overdue count. A month row per unit and month, so this grows with the calendar,
    not with the log."""
    rows = database.execute(
        f"SELECT period, SUM(turned_overdue) - SUM(left_overdue) FROM {prefix}_stats "
        f"WHERE period <= %s AND (turned_overdue <> 0 OR left_overdue <> 0) {unit_clause} "
        "GROUP BY period",
        [last, *unit_params],
    )
    return {period: int(change or 0) for period, change in rows}


def _overdue_on(
    database: SqlDatabase, prefix: str, day: date, unit_clause: str, unit_params: list[str]
) -> int:
    """domain.standing.was_overdue as of `day`, as SQL: only problems not rectified before it
    are read, from the memo's covering indexes led by the fix day; the two ways not to be
    rectified by then are counted apart, each a range of one index."""
    iso = day.isoformat()
    counts = [
        f"(SELECT COUNT(*) FROM {prefix}_memo WHERE {fixed} AND due_on < %s AND found_on < %s "
        f"{unit_clause})"
        for fixed in ("rectified_on IS NULL", "rectified_on >= %s")
    ]
    (count,) = database.execute(
        f"SELECT {' + '.join(counts)}", [iso, iso, *unit_params, iso, iso, iso, *unit_params]
    )[0]
    return int(count)
