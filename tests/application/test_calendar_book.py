"""The calendar book on both stores: a plan into a year nobody has recorded yet, the year
recorded from its notice, deadlines counted over it at once in this process and within the
reread in another; the book's history kept."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from uuid import UUID

import pytest

from application.context import CommandContext
from domain.actor import Actor, Role
from domain.calendar_book import CalendarBook
from domain.errors import CalendarUnknownError, InvalidValueError
from infrastructure.calendar import ChinaWorkingCalendar
from infrastructure.clock import SteppingClock
from infrastructure.services import Services, build_services
from infrastructure.settings import Settings
from tests.samples import NEW, OFFICE

DECEMBER_28 = datetime(2026, 12, 28, 4, 0, tzinfo=UTC)  # noon in China, a Monday
LEAD = CommandContext(Actor("lead", Role.UNIT_LEAD, "civil_affairs"))
NOTICE = "国务院办公厅关于2027年部分节假日安排的通知"


@pytest.fixture
def clock() -> SteppingClock:
    return SteppingClock(DECEMBER_28)


@pytest.fixture
def other_process(settings: Settings, clock: SteppingClock) -> Iterator[Services]:
    """A second service on the same database, as another worker process is."""
    built = build_services(settings, clock)
    yield built
    built.close()


def signed(services: Services) -> UUID:
    problem = services.problems.log_problem(OFFICE, NEW).problem
    services.problems.sign_for(LEAD, problem.id)
    return problem.id


def test_a_plan_into_an_unknown_year_takes_a_date_until_the_year_is_recorded(
    services: Services,
) -> None:
    first, second = signed(services), signed(services)
    with pytest.raises(CalendarUnknownError, match="2027"):  # the rule's 15 working days
        services.problems.record_plan(LEAD, first, "加强培训", "张三")
    with pytest.raises(CalendarUnknownError):
        services.problems.record_plan(LEAD, first, "加强培训", "张三", working_days=5)
    planned = services.problems.record_plan(
        LEAD, first, "加强培训", "张三", due_on=date(2027, 1, 8)
    )
    assert planned.problem.due_on == date(2027, 1, 8)
    with pytest.raises(InvalidValueError, match="2027-01-12"):  # 15 days: surely no later
        services.problems.record_plan(LEAD, second, "加强培训", "张三", due_on=date(2027, 1, 13))

    services.working_years.record(
        Actor("office", Role.OFFICE), 2027, [date(2027, 1, 1)], [date(2027, 1, 9)], NOTICE
    )
    # 12-29..31, 01-04..08, 01-09 (made up), 01-11..15, 01-18: 15 working days, 1 January off
    planned = services.problems.record_plan(LEAD, second, "加强培训", "张三")
    assert planned.problem.due_on == date(2027, 1, 18)
    assert services.calendar.coverage()[2027] == "recorded"


def test_another_process_counts_a_recorded_year_after_its_reread(
    services: Services, other_process: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not other_process.calendar.knows(2027)
    services.working_years.record(Actor("admin", Role.ADMIN), 2027, [date(2027, 1, 1)], [], NOTICE)
    assert services.calendar.knows(2027)  # this process: at once
    assert not other_process.calendar.knows(2027)  # the other: not before its reread is due
    monkeypatch.setattr(other_process.calendar, "_reread_at", 0.0)
    assert other_process.calendar.knows(2027)
    assert not other_process.calendar.is_working_day(date(2027, 1, 1))

    services.working_years.record(  # put right: 1 January worked after all (never so)
        Actor("admin", Role.ADMIN), 2027, [date(2027, 1, 4)], [], NOTICE + "（更正）"
    )
    monkeypatch.setattr(other_process.calendar, "_reread_at", 0.0)
    assert other_process.calendar.is_working_day(date(2027, 1, 1))  # what it knew is redone
    assert not other_process.calendar.is_working_day(date(2027, 1, 4))


def test_the_book_keeps_every_recording_and_a_restart_reads_it(
    services: Services, settings: Settings, clock: SteppingClock
) -> None:
    office = Actor("office", Role.OFFICE)
    years = services.working_years
    years.record(office, 2027, [date(2027, 1, 1)], [], NOTICE)
    years.record(office, 2027, [date(2027, 1, 1)], [], NOTICE)  # again: nothing new
    years.record(office, 2027, [date(2027, 1, 1), date(2027, 2, 8)], [], NOTICE)
    stored = list(services.ledger.events.get(CalendarBook.BOOK_ID))
    assert [type(e).__name__ for e in stored] == ["Opened", "YearRecorded", "YearRecorded"]
    restarted = build_services(settings, clock)
    try:
        assert restarted.calendar.coverage()[2027] == "recorded"
        assert not restarted.calendar.is_working_day(date(2027, 2, 8))
        assert restarted.working_years.recorded()[2027].recorded_by == office
    finally:
        restarted.close()


def test_an_unreadable_book_keeps_the_years_known(services: Services) -> None:
    calendar = ChinaWorkingCalendar.from_file(None)
    calls: list[int] = []

    def failing() -> dict[int, object]:
        calls.append(1)
        if len(calls) > 1:
            raise OSError("the store is down")
        return services.working_years.official_years()  # type: ignore[return-value]

    services.working_years.record(
        Actor("office", Role.OFFICE), 2027, [date(2027, 1, 1)], [], NOTICE
    )
    calendar.follow(failing)  # type: ignore[arg-type]
    calendar.reread()
    assert len(calls) == 2 and calendar.knows(2027)
    assert not calendar.is_working_day(date(2027, 1, 1))
