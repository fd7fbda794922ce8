"""China's official working-day calendar: the chinese-calendar package plus an override file."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import chinese_calendar

from domain.errors import CalendarUnknownError

BUNDLED_OVERRIDES = Path(__file__).parent / "data" / "calendar_overrides.json"


@dataclass(frozen=True)
class YearOverride:
    """A year published after the package was released: its weekday holidays and make-up days."""

    holidays: frozenset[date] = field(default_factory=frozenset)
    workdays: frozenset[date] = field(default_factory=frozenset)

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5


class CalendarFileError(ValueError):
    """Raised when RECTIFY_CALENDAR_FILE cannot be read as the override file's shape."""


def load_overrides(path: Path) -> dict[int, YearOverride]:
    """Read the override file (see infrastructure/data/calendar_overrides.json for its shape)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        years: dict[int, YearOverride] = {}
        for year, spec in raw.get("years", {}).items():
            years[int(year)] = YearOverride(
                holidays=frozenset(date.fromisoformat(d) for d in spec.get("holidays", [])),
                workdays=frozenset(date.fromisoformat(d) for d in spec.get("workdays", [])),
            )
    except (OSError, UnicodeError, ValueError, TypeError, AttributeError) as error:
        raise CalendarFileError(
            f"{path}: not a calendar file of the shape of calendar_overrides.json ({error})"
        ) from None
    return years


class ChinaWorkingCalendar:
    """The override file wins for the years it lists; otherwise the package; otherwise refuse."""

    def __init__(self, overrides: dict[int, YearOverride] | None = None) -> None:
        self.overrides = overrides or {}
        self.known: dict[date, bool] = {}  # every command counts working days from today

    def is_working_day(self, day: date) -> bool:
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

    def _is_working_day(self, day: date) -> bool:
        override = self.overrides.get(day.year)
        if override is not None:
            return override.is_working_day(day)
        return _package_is_working_day(day)


@lru_cache(maxsize=4096)
def _package_is_working_day(day: date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        raise CalendarUnknownError(day.year) from None
