"""Unit statistics per month and quarter: found, rectified on time or late, closed, days taken."""

from __future__ import annotations

from collections import Counter
from datetime import date
from functools import singledispatchmethod
from typing import Any

from domain.periods import month_key, quarter_key
from domain.problem import Problem
from domain.standing import is_late
from projections.base import RowProjection, ints, iso, text
from projections.ports import Row, RowSession, TableSpec

COUNTERS = (
    "found",
    "rectified",
    "rectified_on_time",
    "rectified_late",
    "closed",
    "days_to_rectify",
)
STATS = TableSpec(
    "stats",
    text("unit", "period") + ints(*COUNTERS),
    key=("unit", "period"),
    indexes=(("period",),),
    preload="all",
)
MEMO = TableSpec(
    "memo",
    text("problem_id", "unit", "found_on", "due_on", "rectified_on", "closed_on"),
    key=("problem_id",),
    preload="originator",
)
Contributions = Counter[tuple[str, str, str]]


def contributions(memo: Row | None) -> Contributions:
    """What one problem adds to its responsible unit's counters, in each month and quarter."""
    counts: Contributions = Counter()
    if memo is None:
        return counts
    unit = memo["unit"]

    def add(day: str, field: str, amount: int = 1) -> None:
        parsed = date.fromisoformat(day)
        for period in (month_key(parsed), quarter_key(parsed)):
            counts[(unit, period, field)] += amount

    add(memo["found_on"], "found")
    if memo["rectified_on"]:
        rectified = memo["rectified_on"]
        late = is_late(rectified, memo["due_on"])
        add(rectified, "rectified")
        add(rectified, "rectified_late" if late else "rectified_on_time")
        days = (date.fromisoformat(rectified) - date.fromisoformat(memo["found_on"])).days
        add(rectified, "days_to_rectify", days)
    if memo["closed_on"]:
        add(memo["closed_on"], "closed")
    return counts


class UnitStatsProjection(RowProjection):
    """Counters move with the problem: an escalation moves its counts to the unit now holding it,
    a reopening takes back the rejected rectification. Each event applies after − before."""

    name = "unit_stats"
    version = 2  # v2: hand-outs move a problem, rejected fixes undo its rectification
    tables = (STATS, MEMO)

    @singledispatchmethod
    def evolve(self, event: Any, rows: RowSession) -> None:
        """Other events change no counter."""

    @evolve.register
    def _logged(self, event: Problem.Logged, rows: RowSession) -> None:
        self._change(
            rows,
            event,
            {
                "unit": event.unit,
                "found_on": iso(event.found_on),
                "due_on": None,
                "rectified_on": None,
                "closed_on": None,
            },
        )

    @evolve.register
    def _deadline_set(self, event: Problem.DeadlineSet, rows: RowSession) -> None:
        self._change(rows, event, {"due_on": iso(event.due_on)})

    @evolve.register
    def _assigned(self, event: Problem.Assigned, rows: RowSession) -> None:
        self._change(rows, event, {"unit": event.unit})

    @evolve.register
    def _handed_out(self, event: Problem.HandedOut, rows: RowSession) -> None:
        self._change(rows, event, {"unit": event.unit})

    @evolve.register
    def _fix_rejected(self, event: Problem.FixRejected, rows: RowSession) -> None:
        self._change(rows, event, {"rectified_on": None})

    @evolve.register
    def _escalated(self, event: Problem.Escalated, rows: RowSession) -> None:
        self._change(rows, event, {"unit": event.to_unit})

    @evolve.register
    def _rectified(self, event: Problem.Rectified, rows: RowSession) -> None:
        self._change(rows, event, {"rectified_on": iso(event.rectified_on)})

    @evolve.register
    def _closed(self, event: Problem.Closed, rows: RowSession) -> None:
        self._change(rows, event, {"closed_on": iso(event.closed_on)})

    @evolve.register
    def _reopened(self, event: Problem.Reopened, rows: RowSession) -> None:
        self._change(rows, event, {"rectified_on": None, "closed_on": None})

    @staticmethod
    def _change(rows: RowSession, event: Any, change: Row) -> None:
        key = (str(event.originator_id),)
        before = rows.get("memo", key)
        after = (before or {"problem_id": key[0]}) | change
        rows.put("memo", key, after)
        delta = contributions(after)
        delta.subtract(contributions(before))
        for (unit, period, field), amount in delta.items():
            if amount == 0:
                continue
            stats = rows.get("stats", (unit, period)) or dict.fromkeys(COUNTERS, 0)
            stats |= {"unit": unit, "period": period, field: stats[field] + amount}
            rows.put("stats", (unit, period), stats)
