"""The red/yellow/green deadline light, computed from the due date and today, never stored."""

from __future__ import annotations

from datetime import date, timedelta

from domain.calendar import WorkingCalendar, add_working_days, working_days_until
from domain.errors import CalendarUnknownError
from domain.standing import is_open, is_overdue
from domain.status import Light, Status

DEFAULT_WARNING_WORKING_DAYS = 3


def light_for(
    status: Status,
    due_on: date | None,
    today: date,
    calendar: WorkingCalendar,
    warning_working_days: int = DEFAULT_WARNING_WORKING_DAYS,
) -> Light:
    """Green on time, yellow within the warning window or due today, red past due."""
    if not is_open(status) or due_on is None:
        return Light.NONE
    if is_overdue(status, due_on, today):
        return Light.RED
    if today == due_on:
        return Light.YELLOW
    try:
        left = working_days_until(calendar, today, due_on)
    except CalendarUnknownError:
        # An unknown year is counted in calendar days: a light must not fail a read.
        left = (due_on - today).days
    return Light.YELLOW if left <= warning_working_days else Light.GREEN


def warning_end(
    calendar: WorkingCalendar, today: date, warning_working_days: int = DEFAULT_WARNING_WORKING_DAYS
) -> date:
    """The last due date that still shows yellow today: the same rule as `light_for`, as a date,
    so a database can filter lights with `due_on <= warning_end`."""
    try:
        return add_working_days(calendar, today, warning_working_days + 1) - timedelta(days=1)
    except CalendarUnknownError:
        return today + timedelta(days=warning_working_days)
