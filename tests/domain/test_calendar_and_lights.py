"""Working days over China's official calendar (with 调休), the override file, and the lights."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from domain.calendar import add_working_days, working_days_until
from domain.errors import CalendarUnknownError
from domain.lights import light_for
from domain.status import Light, Status
from infrastructure.calendar import ChinaWorkingCalendar

CALENDAR = ChinaWorkingCalendar.from_file(None)


def test_working_days_skip_the_national_day_holiday() -> None:
    # 2026-09-30 (Wed); 10-01..10-07 are holidays, 10-08 is back to work.
    assert add_working_days(CALENDAR, date(2026, 9, 30), 1) == date(2026, 10, 8)


def test_a_make_up_saturday_counts_as_a_working_day() -> None:
    assert CALENDAR.is_working_day(date(2026, 10, 10))  # 调休 Saturday
    assert not CALENDAR.is_working_day(date(2026, 10, 11))


def test_an_unknown_year_is_refused_rather_than_guessed() -> None:
    with pytest.raises(CalendarUnknownError, match="2027"):
        add_working_days(CALENDAR, date(2026, 12, 28), 10)


def test_the_override_file_makes_a_year_known(tmp_path: Path) -> None:
    overrides = tmp_path / "calendar.json"
    overrides.write_text(
        json.dumps({"years": {"2027": {"holidays": ["2027-01-01"], "workdays": ["2027-01-09"]}}})
    )
    calendar = ChinaWorkingCalendar.from_file(overrides)
    assert not calendar.is_working_day(date(2027, 1, 1))  # a Friday holiday
    assert calendar.is_working_day(date(2027, 1, 9))  # a make-up Saturday
    assert add_working_days(calendar, date(2026, 12, 31), 1) == date(2027, 1, 4)


def test_working_days_until_counts_after_today_up_to_the_due_day() -> None:
    assert working_days_until(CALENDAR, date(2026, 11, 20), date(2026, 11, 23)) == 1
    assert working_days_until(CALENDAR, date(2026, 11, 23), date(2026, 11, 23)) == 0


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (date(2026, 11, 22), Light.RED),
        (date(2026, 11, 23), Light.YELLOW),
        (date(2026, 11, 26), Light.YELLOW),  # 3 working days ahead
        (date(2026, 11, 27), Light.GREEN),  # 4 working days ahead
        (None, Light.NONE),
    ],
)
def test_lights_follow_the_due_date_and_today(due: date | None, expected: Light) -> None:
    assert light_for(Status.ASSIGNED, due, date(2026, 11, 23), CALENDAR) is expected


def test_a_rectified_problem_shows_no_light_even_past_due() -> None:
    assert light_for(Status.RECTIFIED, date(2026, 1, 1), date(2026, 11, 23), CALENDAR) is Light.NONE
