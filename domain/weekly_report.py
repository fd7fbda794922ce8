"""A hall's weekly report (周上报, seed 004): the week's 巡查情况统计表, due Friday 16:00."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain.actor import Actor
from domain.commanded import Commanded, Stamp
from domain.compliance import WEEKLY_REPORT_DUE_HOUR, WEEKLY_REPORT_DUE_WEEKDAY
from domain.errors import InvalidTransitionError
from domain.recording_time import recorded_now
from domain.rules import check_text
from domain.text import normal_text


class WeeklyReport(Commanded):
    """One per hall and week: its id is derived from both, so a second filing is refused."""

    class Submitted(Aggregate.Created):
        create_timestamp = staticmethod(recorded_now)

        hall: str
        monday: date
        note: str
        actor: Actor
        command_id: str

        def apply(self, aggregate: Any) -> None:
            report: WeeklyReport = aggregate
            report.hall = self.hall
            report.monday = self.monday
            report.note = self.note
            report.submitted_at = self.timestamp
            report.remember_command(self.command_id)

    def __init__(self) -> None:
        self.hall = ""
        self.monday = date.min
        self.note = ""
        self.submitted_at = datetime.min

    @property
    def on_time(self) -> bool:
        """In by Friday 16:00 of its week."""
        return on_time(self.monday, self.submitted_at)

    @staticmethod
    def id_for(hall: str, monday: date) -> UUID:
        return uuid5(NAMESPACE_URL, f"rectify:weekly-report:{hall}:{monday.isoformat()}")

    @classmethod
    def submit(cls, hall: str, monday: date, note: str, today: date, stamp: Stamp) -> WeeklyReport:
        if today < monday:
            raise InvalidTransitionError("a week is reported once it has begun")
        check_text("note", note, required=False)
        return cls._create(
            cls.Submitted,
            id=cls.id_for(hall, monday),
            hall=hall,
            monday=monday,
            note=normal_text(note),
            **stamp.fields,
        )


CHINA_TIME = timezone(timedelta(hours=8), "CST")
"""China Standard Time has had no daylight saving since 1991: a fixed offset is exact."""


def due_at(monday: date) -> datetime:
    """Friday 16:00 China time of the week that starts on `monday`."""
    friday = monday + timedelta(days=WEEKLY_REPORT_DUE_WEEKDAY)
    return datetime.combine(friday, time(WEEKLY_REPORT_DUE_HOUR), tzinfo=CHINA_TIME)


def on_time(monday: date, submitted_at: datetime) -> bool:
    return submitted_at <= due_at(monday)
