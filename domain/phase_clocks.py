"""Clocks per phase (环节时限): when a phase opens, its last day on time and its first yellow day
are worked out from the district's rules in force that day and recorded in the event that opens
it, so a later change of the rules never rejudges a past phase (ADR 19)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from math import ceil

from domain.calendar import WorkingCalendar, add_working_days, working_days_until
from domain.district_rules import Phase, YellowRule
from domain.errors import CalendarUnknownError
from domain.status import Light


@dataclass(frozen=True)
class PhaseClock:
    """One open phase: it started on `started_on`, is on time up to `due_on` and shows yellow
    from `yellow_on` (None: a deadline set before clocks were recorded, read by the old rule)."""

    phase: Phase
    started_on: date | None
    due_on: date
    yellow_on: date | None

    def light(self, today: date, legacy_yellow_end: date | None = None) -> Light:
        """Red after its last day, yellow from its yellow day (and on its last day), else green.
        `legacy_yellow_end`: for an old deadline, the last due day still yellow today."""
        if today > self.due_on:
            return Light.RED
        if today == self.due_on:
            return Light.YELLOW
        if self.yellow_on is not None:
            return Light.YELLOW if today >= self.yellow_on else Light.GREEN
        if legacy_yellow_end is not None and self.due_on <= legacy_yellow_end:
            return Light.YELLOW
        return Light.GREEN


def worst_of(clocks: list[PhaseClock]) -> PhaseClock | None:
    """Several clocks running at once (a deadline set before the unit signed) show the worst
    light of them all: red from the earliest last day, yellow from the earliest yellow day."""
    if not clocks:
        return None
    yellows = [c.yellow_on for c in clocks if c.yellow_on is not None]
    return PhaseClock(
        clocks[0].phase,
        clocks[0].started_on,
        min(c.due_on for c in clocks),
        min(yellows) if yellows else None,
    )


def phase_clock(
    phase: Phase, start: date, limit: int, calendar: WorkingCalendar, yellow: YellowRule
) -> PhaseClock:
    """A phase of `limit` working days from `start` (0: due the same day)."""
    try:
        due = add_working_days(calendar, start, limit)
    except CalendarUnknownError:
        due = start + timedelta(days=limit)
    return clock_until(phase, start, due, calendar, yellow)


def clock_until(
    phase: Phase, start: date, due: date, calendar: WorkingCalendar, yellow: YellowRule
) -> PhaseClock:
    """A phase from `start` whose last day is `due` (a deadline given as a date)."""
    return PhaseClock(phase, start, due, yellow_from(start, due, calendar, yellow))


def yellow_from(start: date, due: date, calendar: WorkingCalendar, rule: YellowRule) -> date:
    """The first yellow day: once `rule.share` of the working days from `start` to `due` are
    used, or (when set) `rule.working_days_before` working days before `due`; never after due."""
    try:
        if rule.working_days_before is not None:
            return max(start, _days_before(due, rule.working_days_before, calendar))
        total = working_days_until(calendar, start, due)
        needed = ceil(total * rule.share - 1e-9)
        return min(due, add_working_days(calendar, start, needed)) if needed else start
    except CalendarUnknownError:
        return due - timedelta(days=rule.working_days_before or 0)


def _days_before(due: date, count: int, calendar: WorkingCalendar) -> date:
    """The earliest day from which at most `count` working days are left up to `due`."""
    day, left = due, 0
    while True:
        before = day - timedelta(days=1)
        left_before = left + (1 if calendar.is_working_day(day) else 0)
        if left_before > count:
            return day
        day, left = before, left_before


def finished_late(clock: PhaseClock | None, finished_on: date) -> bool:
    """A phase closed after its last day (签收超时, 方案超时…)."""
    return clock is not None and finished_on > clock.due_on
