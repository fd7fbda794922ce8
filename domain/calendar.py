"""Working days (工作日): counting them over China's official calendar, whose data lives outside."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Protocol


class WorkingCalendar(Protocol):
    """Tells whether a day is a working day; raises CalendarUnknownError for an unknown year."""

    def is_working_day(self, day: date) -> bool: ...


MAX_WORKING_DAYS = 366


def add_working_days(calendar: WorkingCalendar, start: date, count: int) -> date:
    """The `count`-th working day after `start` (start itself does not count)."""
    day = start
    remaining = count
    while remaining > 0:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            remaining -= 1
    return day


def surely_before(start: date, count: int) -> date:
    """A day no later than the `count`-th working day after `start`, whatever the calendar of
    a year not yet known turns out to be (were every day worked): a bound a date given for a
    deadline can be checked against when the working days cannot be counted."""
    return start + timedelta(days=count)


def working_days_until(calendar: WorkingCalendar, today: date, due: date) -> int:
    """How many working days lie after `today` up to and including `due` (0 if due is today)."""
    count = 0
    day = today
    while day < due:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            count += 1
    return count
