"""China's official working-day calendar: the years recorded in the service, the override file,
the chinese-calendar package."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from pathlib import Path
from time import monotonic

import chinese_calendar
import structlog

from domain.errors import CalendarUnknownError
from domain.official_year import OfficialYear

log = structlog.get_logger()

BUNDLED_OVERRIDES = Path(__file__).parent / "data" / "calendar_overrides.json"
PACKAGE_YEARS = (min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year)
"""The years the bundled chinese-calendar package knows."""


class CalendarFileError(ValueError):
    """Raised when RECTIFY_CALENDAR_FILE cannot be read as the override file's shape."""


def load_overrides(path: Path) -> dict[int, OfficialYear]:
    """Read the override file (see infrastructure/data/calendar_overrides.json for its shape)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        years: dict[int, OfficialYear] = {}
        for year, spec in raw.get("years", {}).items():
            years[int(year)] = OfficialYear(
                int(year),
                holidays=frozenset(date.fromisoformat(d) for d in spec.get("holidays", [])),
                workdays=frozenset(date.fromisoformat(d) for d in spec.get("workdays", [])),
            )
    except (OSError, UnicodeError, ValueError, TypeError, AttributeError) as error:
        raise CalendarFileError(
            f"{path}: not a calendar file of the shape of calendar_overrides.json ({error})"
        ) from None
    return years


class ChinaWorkingCalendar:
    """A year recorded in the service (the calendar book) wins, then the override file, then
    the package; a year none of them knows is refused. The recorded years are read again at
    most every `REREAD_SECONDS` (another process may have recorded one), and at once after this
    process records one."""

    REREAD_SECONDS = 10.0

    def __init__(self, overrides: dict[int, OfficialYear] | None = None) -> None:
        self.overrides = overrides or {}
        self.known: dict[date, bool] = {}  # every command counts working days from today
        self.recorded: dict[int, OfficialYear] = {}
        self._book: Callable[[], dict[int, OfficialYear]] | None = None
        self._reread_at = 0.0

    def is_working_day(self, day: date) -> bool:
        self.reread_if_due()
        try:
            return self.known[day]
        except KeyError:
            working = self.known[day] = self._is_working_day(day)
            return working

    @classmethod
    def from_file(cls, path: Path | None) -> ChinaWorkingCalendar:
        overrides = load_overrides(BUNDLED_OVERRIDES)
        if path is not None:
            overrides.update(load_overrides(path))
        return cls(overrides)

    def follow(self, book: Callable[[], dict[int, OfficialYear]]) -> None:
        """Count the years recorded in the service, read through `book`."""
        self._book = book
        self.reread()

    def reread(self) -> None:
        """Take the recorded years again; what was worked out from a changed year is forgotten.
        A failed read keeps the years known and is tried again after the same wait."""
        self._reread_at = monotonic() + self.REREAD_SECONDS
        if self._book is None:
            return
        try:
            recorded = self._book()
        except Exception:  # the store being down must not fail a light
            log.warning("calendar_book_unreadable", exc_info=True)
            return
        if recorded != self.recorded:
            self.recorded = recorded
            self.known = {}

    def coverage(self) -> dict[int, str]:
        """Each known year and where its calendar comes from: recorded, file or package."""
        years = dict.fromkeys(range(PACKAGE_YEARS[0], PACKAGE_YEARS[1] + 1), "package")
        years.update(dict.fromkeys(self.overrides, "file"))
        years.update(dict.fromkeys(self.recorded, "recorded"))
        return dict(sorted(years.items()))

    def knows(self, year: int) -> bool:
        self.reread_if_due()
        package = PACKAGE_YEARS[0] <= year <= PACKAGE_YEARS[1]
        return package or year in self.recorded or year in self.overrides

    def reread_if_due(self) -> None:
        if self._book is not None and monotonic() >= self._reread_at:
            self.reread()

    def official(self, year: int) -> OfficialYear | None:
        """A known year's days off on weekdays and make-up working days, wherever it comes from."""
        found = self.recorded.get(year) or self.overrides.get(year)
        if found is not None or not PACKAGE_YEARS[0] <= year <= PACKAGE_YEARS[1]:
            return found
        off = frozenset(d for d in chinese_calendar.holidays if d.year == year and d.weekday() < 5)
        worked = frozenset(d for d in chinese_calendar.workdays if d.year == year)
        return OfficialYear(year, off, worked)

    def _is_working_day(self, day: date) -> bool:
        official = self.recorded.get(day.year) or self.overrides.get(day.year)
        if official is not None:
            return official.is_working_day(day)
        return _package_is_working_day(day)


@lru_cache(maxsize=4096)
def _package_is_working_day(day: date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        raise CalendarUnknownError(day.year) from None
