"""On which day each reminder fires. People are reached on working days only: a reminder whose
day falls on a holiday fires on the working day before it, and nothing fires on a day off."""

from __future__ import annotations

from datetime import date, timedelta

from domain.calendar import WorkingCalendar, add_working_days, working_days_until
from domain.compliance import WEEKLY_REPORT_DUE_WEEKDAY
from domain.errors import CalendarUnknownError
from domain.periods import Period

SUBMISSION_WARNING_WORKING_DAYS = 3
SUBMISSION_LATE_WORKING_DAYS = 5
DEFAULT_SUBMISSION_DUE_DAYS = 10  # 季度报送: by the 10th day after the quarter ends


class WeekdaysWhenUnknown:
    """The calendar reminders are timed by: a day of a year whose notice is not recorded yet
    counts as worked Monday to Friday. Deadlines refuse to guess (CalendarUnknownError); a
    reminder sent on a holiday costs less than every reminder left unsent until it is."""

    def __init__(self, calendar: WorkingCalendar) -> None:
        self.calendar = calendar

    def is_working_day(self, day: date) -> bool:
        try:
            return self.calendar.is_working_day(day)
        except CalendarUnknownError:
            return day.weekday() < 5


def reminds_today(today: date, calendar: WorkingCalendar) -> bool:
    return calendar.is_working_day(today)


def activity_is_tomorrow(held_on: date, today: date, calendar: WorkingCalendar) -> bool:
    """An activity is announced on the last working day before it: Friday for a Monday's
    sit-in, the eve of a holiday for the day after it."""
    if not reminds_today(today, calendar):
        return False
    return today < held_on <= add_working_days(calendar, today, 1)


def weekly_report_reminder_day(monday: date, calendar: WorkingCalendar) -> date | None:
    """The Friday the week's report is due, or the last working day before it that week."""
    day = monday + timedelta(days=WEEKLY_REPORT_DUE_WEEKDAY)
    while day >= monday:
        if calendar.is_working_day(day):
            return day
        day -= timedelta(days=1)
    return None  # a week without a working day up to Friday asks for no report reminder


def submission_due_on(quarter: Period, due_days: int = DEFAULT_SUBMISSION_DUE_DAYS) -> date:
    """The last day a quarter's submission is on time: the `due_days`-th day after its end."""
    return quarter.end + timedelta(days=due_days)


def submission_reminder(today: date, due_on: date, calendar: WorkingCalendar) -> str | None:
    """ "due" within 3 working days of the due day (the due day included); "late" in the first
    working days after it, so a service installed later does not chase an old quarter."""
    if not reminds_today(today, calendar):
        return None
    if today > due_on:
        late_for = working_days_until(calendar, due_on, today)
        return "late" if late_for <= SUBMISSION_LATE_WORKING_DAYS else None
    if working_days_until(calendar, today, due_on) <= SUBMISSION_WARNING_WORKING_DAYS:
        return "due"
    return None
