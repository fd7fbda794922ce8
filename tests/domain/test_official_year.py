"""A year of the official calendar as entered from its notice, the calendar book that keeps the
years recorded, and when the office is asked for next year's notice."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.actor import Actor, Role
from domain.calendar import add_working_days, surely_before
from domain.calendar_book import CalendarBook, keeps_calendar
from domain.errors import InvalidValueError, PermissionDeniedError
from domain.official_year import OfficialYear, year_to_record
from domain.recording_time import recording_with
from infrastructure.clock import SteppingClock

NEW_YEAR = date(2027, 1, 1)  # a Friday
SPRING = [date(2027, 2, d) for d in range(6, 14)]  # Saturday 6th to Saturday 13th
MAKE_UP = date(2027, 2, 20)  # a Saturday
OFFICE = Actor("office", Role.OFFICE)
NOTICE = "国务院办公厅关于2027年部分节假日安排的通知"


def test_a_year_keeps_its_weekday_holidays_and_its_make_up_weekends() -> None:
    year = OfficialYear.checked(2027, [NEW_YEAR, *SPRING], [MAKE_UP])
    assert date(2027, 2, 6) not in year.holidays  # a Saturday of the festival: off anyway
    assert year.holidays == {NEW_YEAR, *(d for d in SPRING if d.weekday() < 5)}
    assert not year.is_working_day(NEW_YEAR)
    assert year.is_working_day(MAKE_UP)
    assert not year.is_working_day(date(2027, 2, 21))  # an ordinary Sunday
    assert year.is_working_day(date(2027, 2, 15))  # an ordinary Monday
    assert add_working_days(year, date(2026, 12, 31), 1) == date(2027, 1, 4)


TOO_MANY = [date.fromordinal(date(2027, 3, 1).toordinal() + n) for n in range(61)]


@pytest.mark.parametrize(
    ("year", "holidays", "workdays", "field", "words"),
    [
        (1999, [NEW_YEAR], [], "year", "outside the years"),
        (2100, [NEW_YEAR], [], "year", "outside the years"),
        (2027, [date(2026, 10, 1)], [], "holidays", "is not a day of 2027"),
        (2027, [NEW_YEAR], [date(2028, 1, 8)], "workdays", "is not a day of 2027"),
        (2027, [], [MAKE_UP], "holidays", "at least one weekday off"),
        (2027, [date(2027, 2, 6)], [], "holidays", "at least one weekday off"),  # a Saturday
        (2027, [NEW_YEAR], [date(2027, 2, 22)], "workdays", "only a weekend day is made up"),
        (2027, [NEW_YEAR, MAKE_UP], [MAKE_UP], "workdays", "is also a day off"),
        (2027, TOO_MANY, [], "holidays", "more days than a notice names"),
    ],
)
def test_a_year_that_no_notice_could_say_is_refused(
    year: int, holidays: list[date], workdays: list[date], field: str, words: str
) -> None:
    with pytest.raises(InvalidValueError, match=words) as refused:
        OfficialYear.checked(year, holidays, workdays)
    assert refused.value.field == field


def test_the_book_records_a_year_puts_it_right_and_ignores_the_same_again() -> None:
    with recording_with(SteppingClock(datetime(2026, 12, 1, tzinfo=UTC)).now):
        book = CalendarBook.open(Actor("system", Role.ADMIN))
        first = OfficialYear.checked(2027, [NEW_YEAR], [])
        assert book.record(first, f"  {NOTICE}  ", OFFICE)
        assert not book.record(first, NOTICE, OFFICE)  # the same days and notice: no event
        right = OfficialYear.checked(2027, [NEW_YEAR, *SPRING], [MAKE_UP])
        assert book.record(right, NOTICE + "（更正）", OFFICE)
    assert [type(e).__name__ for e in book.collect_events()] == [
        "Opened",
        "YearRecorded",
        "YearRecorded",
    ]
    assert book.official_years() == {2027: right}
    assert book.years[2027].notice == NOTICE + "（更正）"
    assert book.years[2027].recorded_by == OFFICE


@pytest.mark.parametrize("role", [Role.UNIT_LEAD, Role.INSPECTOR])
def test_only_the_office_and_the_admin_record_a_year(role: Role) -> None:
    assert keeps_calendar(Role.OFFICE) and keeps_calendar(Role.ADMIN)
    assert not keeps_calendar(role)
    with recording_with(SteppingClock(datetime(2026, 12, 1, tzinfo=UTC)).now):
        book = CalendarBook.open(Actor("system", Role.ADMIN))
        with pytest.raises(PermissionDeniedError):
            book.record(OfficialYear.checked(2027, [NEW_YEAR], []), NOTICE, Actor("x", role))


@pytest.mark.parametrize(
    ("notice", "words"),
    [("", "must not be empty"), ("通知\u202e", "bidirectional"), ("知" * 201, "longer than")],
)
def test_a_notice_is_text_like_any_other(notice: str, words: str) -> None:
    with recording_with(SteppingClock(datetime(2026, 12, 1, tzinfo=UTC)).now):
        book = CalendarBook.open(Actor("system", Role.ADMIN))
        with pytest.raises(InvalidValueError, match=words):
            book.record(OfficialYear.checked(2027, [NEW_YEAR], []), notice, OFFICE)


@pytest.mark.parametrize(
    ("today", "known", "wanted"),
    [
        (date(2026, 10, 31), {2026}, None),  # next year's notice is not out yet
        (date(2026, 11, 1), {2026}, 2027),
        (date(2026, 12, 31), {2026, 2027}, None),
        (date(2027, 1, 4), {2026}, 2027),  # still not recorded: this year's first
        (date(2027, 11, 2), {2026}, 2027),
    ],
)
def test_the_year_to_record_is_asked_for_from_november(
    today: date, known: set[int], wanted: int | None
) -> None:
    assert year_to_record(today, known.__contains__) == wanted


def test_a_date_surely_within_a_limit_holds_whatever_the_calendar() -> None:
    year = OfficialYear.checked(2027, [NEW_YEAR], [])
    start = date(2026, 12, 28)
    assert surely_before(start, 15) == date(2027, 1, 12)
    assert surely_before(start, 15) <= add_working_days(year, start, 15)
