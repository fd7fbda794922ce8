"""Unit statistics per month and quarter: found, rectified on time or late, closed, days taken."""

from __future__ import annotations

from collections import Counter
from datetime import date
from functools import lru_cache, singledispatchmethod
from typing import Any

from domain.periods import month_key, quarter_key
from domain.problem import Problem
from domain.standing import is_late, overdue_months
from projections import phase_marks
from projections.base import RowProjection, bools, ints, iso, text
from projections.ports import Derived, Row, RowSession, TableSpec

COUNTERS = (
    "found",
    "rectified",
    "rectified_on_time",
    "rectified_late",
    "closed",
    "days_to_rectify",
    *phase_marks.KINDS,  # late signing, late planning, rejected fixes: the unit at the time
    # months only: problems overdue at this month's end and not at the last's, and the reverse;
    # a month's overdue count is the sum of the first less the second up to it (the trend)
    "turned_overdue",
    "left_overdue",
)
STATS = TableSpec(
    "stats",
    text("unit", "period") + ints(*COUNTERS),
    key=("unit", "period"),
    indexes=(("period",),),
    # not preloaded: a batch folds a few units' periods, and the table grows with the years
)
MEMO = TableSpec(
    "memo",
    text("problem_id", "unit", "found_on", "due_on", "rectified_on", "closed_on")
    + text("sign_due_on", "plan_due_on", "marks")
    + bools("planned", "withdrawn"),
    key=("problem_id",),
    # this month's overdue (the trend) reads the problems not yet rectified, from these alone
    covering=(
        ("unfixed", ("rectified_on", "due_on", "found_on")),
        ("unfixed_of_unit", ("unit", "rectified_on", "due_on", "found_on")),
    ),
    preload="originator",
)
Contributions = Counter[tuple[str, str, str]]


def contributions(memo: Row | None) -> Contributions:
    """What one problem adds to its responsible unit's counters, in each month and quarter."""
    counts: Contributions = Counter()
    if memo is None or memo["withdrawn"]:  # logged in error: it counts nowhere (standing.counts)
        return counts
    unit = memo["unit"]

    def add(day: str, field: str, amount: int = 1) -> None:
        for period in periods_of(day):
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
    span = overdue_months(memo["found_on"], memo["due_on"], memo["rectified_on"])
    if span is not None:
        counts[(unit, span[0], "turned_overdue")] += 1
        if span[1] is not None:
            counts[(unit, span[1], "left_overdue")] += 1
    for kind, marked_unit, day in phase_marks.marks(memo):
        for period in periods_of(day):
            counts[(marked_unit, period, kind)] += 1
    return counts


@lru_cache(maxsize=4096)
def periods_of(day: str) -> tuple[str, str]:
    """The month and the quarter an ISO day counts in (a rebuild asks for the same days often)."""
    parsed = date.fromisoformat(day)
    return month_key(parsed), quarter_key(parsed)


def count(rows: RowSession, before: Row | None, after: Row) -> None:
    """Move the counters by what a problem's memo adds now less what it added before. A unit's
    row for a period exists while it counts something, so the rows are the same however the
    events were batched (a problem escalated within a batch never touches its first unit)."""
    delta = contributions(after)
    delta.subtract(contributions(before))
    for (unit, period, field), amount in delta.items():
        if amount == 0:
            continue
        stats = rows.get("stats", (unit, period)) or dict.fromkeys(COUNTERS, 0)
        stats |= {"unit": unit, "period": period, field: stats[field] + amount}
        if any(stats[counter] for counter in COUNTERS):
            rows.put("stats", (unit, period), stats)
        else:
            rows.delete("stats", (unit, period))


class UnitStatsProjection(RowProjection):
    """Counters move with the problem: an escalation moves its counts to the unit now holding it,
    a reopening takes back the rejected rectification. Events change the memo; the counters are
    its fold (`count`), applied once per batch for each memo the batch changed."""

    name = "unit_stats"
    version = 6  # v2: hand-outs move a problem, rejected fixes undo its rectification;
    # v3: late phases and rejected fixes, counted for the unit that held the problem then;
    # v4: counters folded once per batch, and a unit's period row only while it counts;
    # v5: the months problems turned and left overdue (the trend), the memo indexed by fix day;
    # v6: a withdrawn problem (撤销) leaves every counter
    tables = (STATS, MEMO)
    derived = (Derived("memo", count),)

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
                "withdrawn": False,
            }
            | phase_marks.CLEAN,
        )

    @evolve.register
    def _deadline_set(self, event: Problem.DeadlineSet, rows: RowSession) -> None:
        self._change(rows, event, {"due_on": iso(event.due_on)})

    @evolve.register
    def _assigned(self, event: Problem.Assigned, rows: RowSession) -> None:
        self._change(rows, event, {"unit": event.unit})

    @evolve.register
    def _handed_out(self, event: Problem.HandedOut, rows: RowSession) -> None:
        self._change(rows, event, {"unit": event.unit} | phase_marks.handed(event.sign_due_on))

    @evolve.register
    def _signed_for(self, event: Problem.SignedFor, rows: RowSession) -> None:
        memo = self._memo(rows, event)
        ended = phase_marks.signed(memo, memo["unit"], event.signed_on, event.plan_due_on)
        self._change(rows, event, ended)

    @evolve.register
    def _sent_back(self, event: Problem.SentBack, rows: RowSession) -> None:
        memo = self._memo(rows, event)
        self._change(rows, event, phase_marks.signing_ended(memo, event.unit, event.sent_on))

    @evolve.register
    def _plan_recorded(self, event: Problem.PlanRecorded, rows: RowSession) -> None:
        memo = self._memo(rows, event)
        self._change(rows, event, phase_marks.planning_ended(memo, memo["unit"], event.planned_on))

    @evolve.register
    def _fix_rejected(self, event: Problem.FixRejected, rows: RowSession) -> None:
        memo = self._memo(rows, event)
        mark = phase_marks.rejected(memo, memo["unit"], event.rejected_on)
        self._change(rows, event, {"rectified_on": None} | mark)

    @evolve.register
    def _escalated(self, event: Problem.Escalated, rows: RowSession) -> None:
        change = {"unit": event.to_unit}
        if event.sign_due_on is not None:
            change |= phase_marks.handed(event.sign_due_on)
        self._change(rows, event, change)

    @evolve.register
    def _rectified(self, event: Problem.Rectified, rows: RowSession) -> None:
        memo = self._memo(rows, event)
        ended = phase_marks.planning_ended(memo, memo["unit"], event.rectified_on)
        self._change(rows, event, {"rectified_on": iso(event.rectified_on)} | ended)

    @evolve.register
    def _closed(self, event: Problem.Closed, rows: RowSession) -> None:
        self._change(rows, event, {"closed_on": iso(event.closed_on)})

    @evolve.register
    def _reopened(self, event: Problem.Reopened, rows: RowSession) -> None:
        self._change(rows, event, {"rectified_on": None, "closed_on": None})

    @evolve.register
    def _withdrawn(self, event: Problem.Withdrawn, rows: RowSession) -> None:
        # no deadline either: this month's overdue, read from the memo alone, passes it by
        self._change(rows, event, {"withdrawn": True, "due_on": None})

    @evolve.register
    def _reinstated(self, event: Problem.Reinstated, rows: RowSession) -> None:
        self._change(rows, event, {"withdrawn": False, "due_on": iso(event.due_on)})

    @evolve.register
    def _taken_over(self, event: Problem.TakenOver, rows: RowSession) -> None:
        if event.responsible:  # its counts move to the successor, as an escalation's do
            self._change(rows, event, {"unit": event.to_unit})

    @staticmethod
    def _memo(rows: RowSession, event: Any) -> Row:
        memo = rows.get("memo", (str(event.originator_id),))
        assert memo is not None, f"event for unknown problem {event.originator_id}"
        return memo

    @staticmethod
    def _change(rows: RowSession, event: Any, change: Row) -> None:
        key = (str(event.originator_id),)
        before = rows.get("memo", key)
        rows.put("memo", key, (before or {"problem_id": key[0]}) | change)
