"""A unit's summary of a period: found, open, carried over, on time, late, overdue, closed,
demands; counted against the unit holding each problem, so units add up to the district."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from application.rows import DemandRow, ProblemRow
from domain.periods import Period
from domain.standing import counts, is_open, is_overdue
from domain.units import Unit


@dataclass(frozen=True)
class Summary:
    unit: str
    name: str
    found: int = 0
    open: int = 0
    carried_over: int = 0
    rectified_on_time: int = 0
    rectified_late: int = 0
    overdue: int = 0
    closed: int = 0
    demands_raised: int = 0
    demands_met: int = 0
    late_signing: int = 0  # 签收超时
    late_planning: int = 0  # 整改方案超时
    rejected: int = 0  # 验收不通过
    by_source: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)


def belongs_to_period(problem: ProblemRow, quarter: Period) -> bool:
    """Found in the quarter, or found earlier and not struck off before it began; never one
    withdrawn (撤销) by the time the quarter is read as of."""
    start, end = quarter.start, quarter.end
    if problem.found_on > end or not counts(problem.status):
        return False
    if problem.found_on >= start:
        return True
    return problem.closed_on is None or problem.closed_on >= start


def phase_marks(problems: list[ProblemRow]) -> list[tuple[str, str, date]]:
    """Every late phase and rejected fix: (kind, the unit that held the problem then, day)."""
    return [
        (kind, unit, date.fromisoformat(day))
        for p in problems
        for kind, unit, day in json.loads(p.marks or "[]")
    ]


def summarise(
    unit: Unit,
    problems: list[ProblemRow],
    demands: list[DemandRow],
    quarter: Period,
    as_of: date,
    marks: list[tuple[str, str, date]] | None = None,
) -> Summary:
    """Counted against the unit holding it at the quarter's end: units add up to the district;
    overdue as seen on the day `as_of`; late phases and rejected fixes against the unit that
    held the problem then (`marks`, of every problem)."""
    start, end = quarter.start, quarter.end
    held = [p for p in problems if p.responsible_unit == unit.code]  # already, when grouped
    ids = {p.problem_id for p in held}
    rectified = [p for p in held if p.rectified_on and start <= p.rectified_on <= end]
    raised = [d for d in demands if d.problem_id in ids and start <= d.raised_on <= end]
    mine = Counter(k for k, u, day in marks or () if u == unit.code and start <= day <= end)
    return Summary(
        unit=unit.code,
        name=unit.name,
        found=sum(1 for p in held if p.found_on >= start),
        open=sum(1 for p in held if is_open(p.status)),
        carried_over=sum(1 for p in held if p.found_on < start and is_open(p.status)),
        rectified_on_time=sum(1 for p in rectified if not p.late),
        rectified_late=sum(1 for p in rectified if p.late),
        overdue=sum(1 for p in held if is_overdue(p.status, p.due_on, as_of)),
        closed=sum(1 for p in held if p.closed_on and start <= p.closed_on <= end),
        demands_raised=len(raised),
        demands_met=sum(1 for d in raised if d.met),
        late_signing=mine["late_signing"],
        late_planning=mine["late_planning"],
        rejected=mine["rejected"],
        by_source=dict(sorted(Counter(p.source for p in held).items())),
        by_category=dict(sorted(Counter(p.category for p in held).items())),
        by_status=dict(sorted(Counter(p.status for p in held).items())),
    )


def add_up(summaries: list[Summary], unit: Unit | None) -> Summary:
    if unit is not None and summaries:
        return summaries[0]
    counters = (
        "found",
        "open",
        "carried_over",
        "rectified_on_time",
        "rectified_late",
        "overdue",
        "closed",
        "demands_raised",
        "demands_met",
        "late_signing",
        "late_planning",
        "rejected",
    )
    totals = {name: sum(getattr(s, name) for s in summaries) for name in counters}

    def merged(name: str) -> dict[str, int]:
        total: Counter[str] = Counter()
        for s in summaries:
            total.update(getattr(s, name))
        return dict(sorted(total.items()))

    return Summary(
        unit="district",
        name="全区",
        **totals,
        by_source=merged("by_source"),
        by_category=merged("by_category"),
        by_status=merged("by_status"),
    )
