"""Reporting periods: months (2026-11) and quarters (2026Q3), as date ranges; compliance also
reads half-years (2026H2), years (2026) and ISO weeks (2026-W48)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from domain.date_range import check_supported_year
from domain.errors import InvalidValueError

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
HALF = re.compile(r"^(\d{4})H([12])$")
YEAR = re.compile(r"^(\d{4})$")
WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True)
class Period:
    key: str
    start: date
    end: date  # inclusive

    @property
    def is_quarter(self) -> bool:
        return "Q" in self.key


def month_key(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


def quarter_key(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def half_key(day: date) -> str:
    return f"{day.year}H{1 if day.month <= 6 else 2}"


def year_key(day: date) -> str:
    return str(day.year)


def week_key(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def parse_week(text: str, field: str = "week") -> Period:
    """An ISO week, Monday to Sunday."""
    match = WEEK.match(text)
    if match is None:
        raise InvalidValueError(field, f"'{text}' is not an ISO week (2026-W48)")
    check_supported_year(int(match.group(1)), field, text)
    try:
        monday = date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
    except ValueError:
        raise InvalidValueError(field, f"'{text}' is not a week of that year") from None
    return Period(text, monday, monday + timedelta(days=6))


def parse_long_period(text: str, field: str = "period") -> Period:
    """A month, a quarter, a half-year or a year: the spans the compliance rules count over."""
    if match := HALF.match(text):
        year, half = int(match.group(1)), int(match.group(2))
        start = date(year, 6 * half - 5, 1)
        end = date(year, 6, 30) if half == 1 else date(year, 12, 31)
        return _checked(Period(text, start, end), field)
    if match := YEAR.match(text):
        year = int(match.group(1))
        return _checked(Period(text, date(year, 1, 1), date(year, 12, 31)), field)
    try:
        return parse_period(text, field)
    except InvalidValueError:
        raise InvalidValueError(
            field, f"'{text}' is not a month (2026-11), quarter (2026Q3), half (2026H2) or year"
        ) from None


def _checked(period: Period, field: str) -> Period:
    check_supported_year(period.start.year, field, period.key)
    return period


def parse_period(text: str, field: str = "period") -> Period:
    """A month or a quarter; anything else is a clear 422."""
    if match := MONTH.match(text):
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise InvalidValueError(field, f"'{text}' is not a month")
        check_supported_year(year, field, text)
        start = date(year, month, 1)
        return Period(text, start, _next_month(start) - timedelta(days=1))
    if match := QUARTER.match(text):
        year, quarter = int(match.group(1)), int(match.group(2))
        check_supported_year(year, field, text)
        start = date(year, 3 * quarter - 2, 1)
        end = _next_month(_next_month(_next_month(start))) - timedelta(days=1)
        return Period(text, start, end)
    raise InvalidValueError(field, f"'{text}' is neither a month (2026-11) nor a quarter (2026Q3)")


def last_months(today: date, count: int) -> list[Period]:
    """The `count` months up to and including today's, oldest first (a trend's axis)."""
    start = date(today.year, today.month, 1)
    months = []
    for _ in range(count):
        months.append(Period(month_key(start), start, _next_month(start) - timedelta(days=1)))
        start = (start - timedelta(days=1)).replace(day=1)
    return months[::-1]


def recent_quarters(today: date, count: int, *, ended: bool) -> list[Period]:
    """The last `count` quarters, newest first: ended ones (a submission is made once a
    quarter is over), or up to and including today's."""
    start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    if ended:
        start = (start - timedelta(days=1)).replace(day=1)
    quarters = []
    for _ in range(count):
        start = date(start.year, 3 * ((start.month - 1) // 3) + 1, 1)
        quarters.append(parse_period(quarter_key(start), "quarter"))
        start = (start - timedelta(days=1)).replace(day=1)
    return quarters


def last_ended_month(today: date) -> Period:
    return last_months(today, 2)[0]


def last_ended_quarter(today: date) -> Period:
    return recent_quarters(today, 1, ended=True)[0]


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)
