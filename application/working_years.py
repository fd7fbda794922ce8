"""Use cases of the calendar book: record a year of the official calendar from its notice, and
read the years recorded (the working-day calendar asks for them; see infrastructure/calendar)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from application.ledger import Ledger
from application.pipeline import Pipeline
from application.ports import Clock
from domain.actor import Actor, Role
from domain.calendar_book import CalendarBook, RecordedYear, check_keeps_calendar
from domain.official_year import OfficialYear
from domain.recording_time import recording_with


class WorkingYears:
    def __init__(self, ledger: Ledger, clock: Clock) -> None:
        self.ledger = ledger
        self.clock = clock
        self.pipeline = Pipeline(ledger, clock)
        self.recorded_listeners: list[Callable[[], None]] = []
        """Told after a year is recorded here, so this process's calendar counts it at once."""

    def record(
        self,
        actor: Actor,
        year: int,
        holidays: Iterable[date],
        workdays: Iterable[date],
        notice: str,
    ) -> RecordedYear:
        """Record (or put right) a year; recording the same days and notice again changes
        nothing."""
        check_keeps_calendar(actor)  # before the days: a lead is told 403, not what is wrong
        official = OfficialYear.checked(year, holidays, workdays)

        def attempt() -> RecordedYear | None:
            book = self.book()
            with recording_with(self.clock.now):
                book.record(official, notice, actor)
            return book.years[year] if self.pipeline.save(book) else None

        recorded = self.pipeline.retried(attempt, "calendar book")
        for listener in self.recorded_listeners:
            listener()
        return recorded

    def recorded(self) -> dict[int, RecordedYear]:
        return dict(self.book().years)

    def official_years(self) -> dict[int, OfficialYear]:
        return self.book().official_years()

    def book(self) -> CalendarBook:
        return self.pipeline.one_of_a_kind(
            CalendarBook.BOOK_ID, lambda: CalendarBook.open(Actor("system", Role.ADMIN))
        )
