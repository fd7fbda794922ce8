"""Reporting periods: months (2026-11) and quarters (2026Q3), as date ranges."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from domain.errors import InvalidValueError

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
QUARTER = re.compile(r"^(\d{4})Q([1-4])$")


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


def parse_period(text: str, field: str = "period") -> Period:
    """A month or a quarter; anything else is a clear 422."""
    if match := MONTH.match(text):
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12 or year < 2000:
            raise InvalidValueError(field, f"'{text}' is not a month")
        start = date(year, month, 1)
        return Period(text, start, _next_month(start) - timedelta(days=1))
    if match := QUARTER.match(text):
        year, quarter = int(match.group(1)), int(match.group(2))
        if year < 2000:
            raise InvalidValueError(field, f"'{text}' is not a quarter")
        start = date(year, 3 * quarter - 2, 1)
        end = _next_month(_next_month(_next_month(start))) - timedelta(days=1)
        return Period(text, start, end)
    raise InvalidValueError(field, f"'{text}' is neither a month (2026-11) nor a quarter (2026Q3)")


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)
