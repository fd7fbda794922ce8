"""One year of China's official calendar as the State Council's notice publishes it: the days off
(放假) and the weekend days worked instead (调休上班). Weekdays work, weekends rest, but for those.

The calendar package bundled with the service knows the years up to its release; a later year
comes from the override file or is recorded in the service (the calendar book), so a deadline
across New Year can be counted in working days instead of refused."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from domain.errors import InvalidValueError

FIRST_YEAR, LAST_YEAR = 2000, 2099
MAX_DAYS = 60
"""No notice lists more: seven holidays of at most eight days, and a few make-up days."""


@dataclass(frozen=True)
class OfficialYear:
    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    @classmethod
    def checked(cls, year: int, holidays: Iterable[date], workdays: Iterable[date]) -> OfficialYear:
        """A year as entered from a notice: every day in that year, no day both off and worked,
        a make-up day on a weekend (a weekday is worked anyway), at least one weekday off.
        The weekend days of a holiday (2月13日至20日放假) are kept out: they rest anyway."""
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise InvalidValueError("year", f"outside the years {FIRST_YEAR}–{LAST_YEAR}")
        off, worked = frozenset(holidays), frozenset(workdays)
        for field, days in (("holidays", off), ("workdays", worked)):
            if len(days) > MAX_DAYS:
                raise InvalidValueError(
                    field, f"more days than a notice names (at most {MAX_DAYS})"
                )
            outside = sorted(d for d in days if d.year != year)
            if outside:
                raise InvalidValueError(field, f"{outside[0].isoformat()} is not a day of {year}")
        both = sorted(off & worked)
        if both:
            raise InvalidValueError("workdays", f"{both[0].isoformat()} is also a day off")
        off = frozenset(d for d in off if d.weekday() < 5)  # a weekend is off anyway
        if not off:
            raise InvalidValueError("holidays", "a notice names at least one weekday off")
        weekday = sorted(d for d in worked if d.weekday() < 5)
        if weekday:
            raise InvalidValueError(
                "workdays", f"{weekday[0].isoformat()} is a weekday: only a weekend day is made up"
            )
        return cls(year, off, worked)


NOTICE_MONTH = 11
"""The State Council's notice of next year's holidays is out by November, as a rule."""


def year_to_record(today: date, known: Callable[[int], bool]) -> int | None:
    """The year whose notice is wanted now: this year's if unknown, and from November next
    year's, before deadlines run into it."""
    if not known(today.year):
        return today.year
    if today.month >= NOTICE_MONTH and not known(today.year + 1):
        return today.year + 1
    return None
