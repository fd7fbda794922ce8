"""The activity rules of the seeds as windows to fill: how many of what each kind of unit owes
in each month, quarter, half-year, year, week or working day, and whether it was done."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from domain.calendar import WorkingCalendar
from domain.periods import Period, half_key, month_key, quarter_key, week_key, year_key


class Rule(Enum):
    SIT_IN = "sit_in"
    HEAD_SIT_IN = "head_sit_in"
    WALK_THROUGH = "walk_through"
    SELF_CHECK = "self_check"
    WEEKLY_REPORT = "weekly_report"
    PATROL = "patrol"


class Window(Enum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"


class WindowStatus(Enum):
    MET = "met"
    MISSED = "missed"
    OPEN = "open"


@dataclass(frozen=True)
class Requirement:
    rule: Rule
    window: Window
    needed: int
    label: str


WEEKLY_REPORT_DUE_WEEKDAY = 4  # Friday; by 16:00 China time
WEEKLY_REPORT_DUE_HOUR = 16


@dataclass(frozen=True)
class WindowResult:
    key: str
    first: date
    last: date
    done: int
    status: WindowStatus


@dataclass(frozen=True)
class RuleResult:
    requirement: Requirement
    windows: tuple[WindowResult, ...]

    def count(self, status: WindowStatus) -> int:
        return sum(1 for w in self.windows if w.status is status)

    @property
    def behind(self) -> bool:
        return self.count(WindowStatus.MISSED) > 0


KEYS: dict[Window, Callable[[date], str]] = {
    Window.DAY: date.isoformat,
    Window.WEEK: week_key,
    Window.MONTH: month_key,
    Window.QUARTER: quarter_key,
    Window.HALF: half_key,
    Window.YEAR: year_key,
}


def window_span(window: Window, day: date) -> tuple[date, date]:
    """The first and last day of the window holding `day`."""
    if window is Window.DAY:
        return day, day
    if window is Window.WEEK:
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    months = {Window.MONTH: 1, Window.QUARTER: 3, Window.HALF: 6, Window.YEAR: 12}[window]
    first_month = (day.month - 1) // months * months + 1
    first = date(day.year, first_month, 1)
    after = first_month + months
    last = (date(day.year + 1, 1, 1) if after > 12 else date(day.year, after, 1)) - timedelta(1)
    return first, last


def windows_over(
    requirement: Requirement, period: Period, calendar: WorkingCalendar
) -> list[tuple[str, date, date]]:
    """Every window of the rule that overlaps the period; self-checks only on working days."""
    found: list[tuple[str, date, date]] = []
    day = period.start
    while day <= period.end:
        first, last = window_span(requirement.window, day)
        if requirement.window is not Window.DAY or calendar.is_working_day(day):
            found.append((KEYS[requirement.window](day), first, last))
        day = last + timedelta(days=1)
    return found


def due_day(requirement: Requirement, last: date) -> date:
    """The last day a window can still be met: a weekly report is due on the week's Friday."""
    if requirement.rule is Rule.WEEKLY_REPORT:
        return last - timedelta(days=6 - WEEKLY_REPORT_DUE_WEEKDAY)
    return last


def evaluate(
    requirement: Requirement,
    period: Period,
    done_by_day: Mapping[date, int],
    today: date,
    calendar: WorkingCalendar,
) -> RuleResult:
    """Each window is met, missed (its due day has passed) or still open; the count is taken
    over the whole window, even where it reaches outside the period."""
    results = []
    for key, first, last in windows_over(requirement, period, calendar):
        done = sum(n for day, n in done_by_day.items() if first <= day <= last)
        if done >= requirement.needed:
            status = WindowStatus.MET
        elif due_day(requirement, last) < today:
            status = WindowStatus.MISSED
        else:
            status = WindowStatus.OPEN
        results.append(WindowResult(key, first, last, done, status))
    return RuleResult(requirement, tuple(results))


def reach(requirements: tuple[Requirement, ...], period: Period) -> tuple[date, date]:
    """The days whose counts the period's windows need."""
    if not requirements:
        return period.start, period.end
    firsts = [window_span(r.window, period.start)[0] for r in requirements]
    lasts = [window_span(r.window, period.end)[1] for r in requirements]
    return min(firsts), max(lasts)
