"""The calendar book: the years of the official calendar recorded in the service, each with the
notice it was entered from and who entered it. Recording a year again replaces it (a mistyped
day is put right by a new fact, and both stay in the log)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import NAMESPACE_URL, uuid5

from eventsourcing.domain import Aggregate

from domain.actor import Actor, Role
from domain.errors import InvalidValueError, PermissionDeniedError
from domain.official_year import OfficialYear
from domain.recording_time import recorded_now
from domain.rules import check_text
from domain.text import normal_text

MAX_NOTICE = 200


def keeps_calendar(role: Role) -> bool:
    """The office and the admin enter a year's notice; leads and inspectors read it."""
    return role in (Role.OFFICE, Role.ADMIN)


def check_keeps_calendar(actor: Actor) -> None:
    if not keeps_calendar(actor.role):
        raise PermissionDeniedError("only the office or the admin records the calendar")


@dataclass(frozen=True)
class RecordedYear:
    official: OfficialYear
    notice: str  # the notice's title or number, e.g. 国务院办公厅关于2027年部分节假日安排的通知
    recorded_at: datetime
    recorded_by: Actor


class CalendarBook(Aggregate):
    BOOK_ID = uuid5(NAMESPACE_URL, "rectify:calendar-book")

    class Opened(Aggregate.Created):
        create_timestamp = staticmethod(recorded_now)

        actor: Actor

        def apply(self, aggregate: Any) -> None:
            book: CalendarBook = aggregate
            book.years = {}

    class YearRecorded(Aggregate.Event):
        create_timestamp = staticmethod(recorded_now)

        year: int
        holidays: tuple[date, ...]
        workdays: tuple[date, ...]
        notice: str
        actor: Actor

        def apply(self, aggregate: Any) -> None:
            book: CalendarBook = aggregate
            official = OfficialYear(self.year, frozenset(self.holidays), frozenset(self.workdays))
            book.years[self.year] = RecordedYear(official, self.notice, self.timestamp, self.actor)

    def __init__(self) -> None:
        self.years: dict[int, RecordedYear] = {}

    @classmethod
    def open(cls, actor: Actor) -> CalendarBook:
        return cls._create(cls.Opened, id=cls.BOOK_ID, actor=actor)

    def record(self, official: OfficialYear, notice: str, actor: Actor) -> bool:
        """Record a year from its notice; False (nothing recorded) when it is already so."""
        check_keeps_calendar(actor)
        check_text("notice", notice)
        notice = normal_text(notice)
        if len(notice) > MAX_NOTICE:
            raise InvalidValueError("notice", f"is longer than {MAX_NOTICE} characters")
        known = self.years.get(official.year)
        if known is not None and known.official == official and known.notice == notice:
            return False
        self.trigger_event(
            self.YearRecorded,
            year=official.year,
            holidays=tuple(sorted(official.holidays)),
            workdays=tuple(sorted(official.workdays)),
            notice=notice,
            actor=actor,
        )
        return True

    def official_years(self) -> dict[int, OfficialYear]:
        return {year: recorded.official for year, recorded in self.years.items()}
