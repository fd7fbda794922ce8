"""The dates the service works with: years 2000 to 2099, one definition for every command,
query and period, so an odd year is a 422 naming the field and never a crash further on (a
year-9999 period has no day after its end; the lists and reports start in 2000).

Working-day arithmetic needs more: the official calendar of that year (CalendarUnknownError)."""

from __future__ import annotations

from datetime import date

from domain.errors import InvalidValueError

FIRST_YEAR = 2000
LAST_YEAR = 2099
FIRST_DAY = date(FIRST_YEAR, 1, 1)
LAST_DAY = date(LAST_YEAR, 12, 31)


def is_supported(day: date) -> bool:
    return FIRST_YEAR <= day.year <= LAST_YEAR


def supported_fault(day: date) -> str | None:
    if is_supported(day):
        return None
    return f"{day.isoformat()} is outside the years this service keeps ({FIRST_YEAR}–{LAST_YEAR})"


def check_supported(day: date, field: str) -> None:
    fault = supported_fault(day)
    if fault is not None:
        raise InvalidValueError(field, fault)


def check_supported_year(year: int, field: str, text: str) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidValueError(
            field, f"'{text}' is outside the years this service keeps ({FIRST_YEAR}–{LAST_YEAR})"
        )
