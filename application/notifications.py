"""What to tell whom: notices from stored events, and the reminders the clock brings. Both are
pure answers; the outbox (infrastructure) records them once by key and delivers them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any, Protocol

from application.activity_reads import ActivityFilter, ActivityReads
from application.batch_states import BatchStates
from application.district_rules import RulesInForce
from application.ledger import Ledger
from application.lists import Lists
from application.lit_problems import READER, LitProblems
from application.ports import Clock, today_in_china
from application.units import Units
from domain.actor import Role
from domain.calendar import WorkingCalendar, add_working_days
from domain.compliance import Rule
from domain.notices import (
    TRIGGERS,
    Audience,
    Notice,
    NoticeKind,
    audience_of,
    notices_after,
)
from domain.periods import Period, last_ended_quarter
from domain.reminders import (
    WeekdaysWhenUnknown,
    activity_is_tomorrow,
    reminds_today,
    submission_due_on,
    submission_reminder,
    weekly_report_reminder_day,
)
from domain.weekly_report import WeeklyReport

KIND_NAMES = {"sit_in": "坐诊问效", "walk_through": "局长走流程", "inspection": "效能督查"}


class SubmissionRegisterPort(Protocol):
    """Which units have handed in a quarter's submission (the register, 报送登记)."""

    def submitted_units(self, quarter: Period) -> set[str]: ...


class Notifier:
    def __init__(
        self,
        ledger: Ledger,
        units: Units,
        lists: Lists,
        activity_reads: ActivityReads,
        rules: RulesInForce,
        calendar: WorkingCalendar,
        clock: Clock,
        register: SubmissionRegisterPort | None = None,
    ) -> None:
        self.ledger = ledger
        self.units = units
        self.lists = lists
        self.activity_reads = activity_reads
        self.rules = rules
        self.calendar = WeekdaysWhenUnknown(calendar)  # reminders only: never a deadline
        self.clock = clock
        self.register = register
        self.lit = LitProblems(ledger, lists, units, self.calendar, clock)

    def batch(self) -> BatchStates:
        """Problems folded along one batch of the log, for `after_events`."""
        return BatchStates(self.ledger.repository)

    def after_events(
        self, events: Iterable[Any], states: BatchStates | None = None
    ) -> list[Notice]:
        """The notices stored events give, each problem as of its event. `states`: the batch
        these events belong to, seen in log order (a fresh one when not given)."""
        states = states or self.batch()
        notices: list[Notice] = []
        for event in events:
            states.see(event)
            if not isinstance(event, TRIGGERS):
                continue
            problem = states.as_of(event)
            on = event.timestamp.date()
            notices += notices_after(problem, event, self.units.office_code(), on)
        return notices

    def reminders(self) -> list[Notice]:
        """The calendar's reminders today (activities, weekly reports, submissions); the same
        ones on every look, by the same keys. The lit problems' are `self.lit`'s."""
        today = today_in_china(self.clock)
        if not reminds_today(today, self.calendar):
            return []
        return (
            self.activity_reminders(today)
            + self.weekly_report_reminders(today)
            + self.submission_reminders(today)
        )

    def activity_reminders(self, today: date) -> list[Notice]:
        last = add_working_days(self.calendar, today, 1)
        window = Period("tomorrow", today + timedelta(days=1), last)
        f = ActivityFilter(status="scheduled", period=window)
        office = self.units.office_code()
        notices = []
        for row in _all(self.activity_reads, f):
            if not activity_is_tomorrow(row.held_on, today, self.calendar):
                continue
            kind = NoticeKind.ACTIVITY_TOMORROW
            what = KIND_NAMES.get(row.kind, row.kind)
            subject = f"{row.held_on.isoformat()} {what}"
            body = f"{row.held_on.isoformat()} 安排了{what}（{row.leader}），请做好准备。"
            notices.append(
                Notice(
                    f"{kind}:{row.activity_id}:{row.held_on.isoformat()}",
                    kind,
                    audience_of(row.unit, office),
                    subject,
                    body,
                    f"/workbench/activities/{row.activity_id}",
                    today,
                )
            )
        return notices

    def weekly_report_reminders(self, today: date) -> list[Notice]:
        monday = today - timedelta(days=today.weekday())
        if weekly_report_reminder_day(monday, self.calendar) != today:
            return []
        rules = self.rules.current()
        notices = []
        for unit in self.units.list_units():
            needs = any(r.rule is Rule.WEEKLY_REPORT for r in rules.requirements(unit.kind))
            if not needs or WeeklyReport.id_for(unit.code, monday) in self.ledger.repository:
                continue
            kind = NoticeKind.WEEKLY_REPORT_DUE
            notices.append(
                Notice(
                    f"{kind}:{unit.code}:{monday.isoformat()}",
                    kind,
                    Audience(Role.UNIT_LEAD, unit.code),
                    "本周周报今日 16:00 截止",
                    f"{unit.name}本周（{monday.isoformat()} 起）的巡查情况统计表尚未上报，"
                    "请于今日 16:00 前上报。",
                    "/workbench/activities",
                    today,
                )
            )
        return notices

    def submission_reminders(self, today: date) -> list[Notice]:
        """The last ended quarter only: a new installation does not chase old quarters."""
        if self.register is None:
            return []
        quarter = last_ended_quarter(today)
        due = submission_due_on(quarter, self.rules.current().submission_due_days)
        state = submission_reminder(today, due, self.calendar)
        if state is None:
            return []
        kind = NoticeKind.SUBMISSION_LATE if state == "late" else NoticeKind.SUBMISSION_DUE
        done = self.register.submitted_units(quarter)
        office = self.units.office_code()
        notices = []
        for unit in self.units.list_units():
            if unit.code == office or unit.code in done:
                continue
            if state == "late":
                body = f"{unit.name} {quarter.key} 季度报送已逾期（应于 {due} 前），请尽快报送。"
            else:
                body = f"{unit.name} {quarter.key} 季度报送应于 {due} 前报送，请上传盖章扫描件。"
            notices.append(
                Notice(
                    f"{kind}:{unit.code}:{quarter.key}",
                    kind,
                    Audience(Role.UNIT_LEAD, unit.code),
                    f"{quarter.key} 季度报送{'已逾期' if state == 'late' else '将到期'}",
                    body,
                    f"/workbench/submissions?quarter={quarter.key}",
                    today,
                )
            )
        return notices


def _all(reads: ActivityReads, f: ActivityFilter) -> Sequence[Any]:
    rows: list[Any] = []
    cursor: str | None = None
    while True:
        page = reads.list_activities(READER, f, cursor, 500)
        rows += page.items
        if page.next_cursor is None:
            return rows
        cursor = page.next_cursor
