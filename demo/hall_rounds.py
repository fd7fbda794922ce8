"""The halls' year: daily self-checks in three slots, weekly reports by Friday 16:00, the office's
monthly patrols (one typed in twice and withdrawn)."""

from __future__ import annotations

from datetime import date, time, timedelta
from uuid import UUID

from application.context import CommandContext
from demo.people import acting
from demo.timeline import BEHIND, Timeline, china, stable
from domain.activity_codes import (
    SIX_CHECKS,
    ActivityKind,
    Slot,
)
from domain.activity_records import (
    CheckResult,
    Filing,
    InspectionDetails,
)
from domain.codes import Category, Source, SourceMode
from domain.periods import parse_week, week_key

SLOT_TIMES = {Slot.BEFORE_WORK: time(8, 50), Slot.DURING_WORK: time(10, 30)}
SLOT_TIMES[Slot.BEFORE_CLOSING] = time(17, 20)


class HallRounds(Timeline):
    def _patrols(self, hall: str) -> None:
        for month in range(1, self.end.month + 1):
            if month in BEHIND.no_patrol_months.get(hall, set()):
                continue
            day = self._working_day(month, seed=stable(hall) % 13 + 3)
            if day is None:
                continue
            failed = self.random.choice(SIX_CHECKS) if self.random.random() < 0.5 else None
            details = self._round(SourceMode.PATROL, None, failed, ["区政务服务办督查组"])
            filing = Filing(ActivityKind.INSPECTION, hall, day, "区政务服务办督查组")

            def record(
                filing: Filing = filing, details: InspectionDetails = details, day: date = day
            ) -> object:
                activity = self.activities.record(self.office, filing, details).aggregate
                failed_checks = [c for c, r in details.checks.items() if not r.passed]
                for category in failed_checks:
                    self._log_from(
                        activity.id, Source.INSPECTION, category, filing.unit, day, "督查组"
                    )
                return activity

            self._at(china(day, time(15)), record)
            next_day = day + timedelta(days=1)
            if stable(f"{hall}:{month}") % 5 == 0 and next_day <= self.end:
                self._entered_twice(filing, details, next_day)

    def _entered_twice(self, filing: Filing, details: InspectionDetails, next_day: date) -> None:
        """A round typed in twice by the office, the copy withdrawn the next morning."""
        holder: list[UUID] = []

        def copy() -> object:
            holder.append(self.activities.record(self.office, filing, details).aggregate.id)
            return None

        def withdraw() -> object:
            return self.activities.withdraw(self.office, holder[0], "重复录入")

        self._at(china(filing.on, time(15, 5)), copy)
        self._at(china(next_day, time(9)), withdraw)

    def _self_checks(self, hall: str) -> None:
        lead = acting(hall)
        day = date(self.end.year, 1, 1)
        while day < self.end:
            if self.calendar.is_working_day(day):
                for slot in Slot:
                    skipped = (
                        hall == BEHIND.missed_slot_hall
                        and slot is Slot.BEFORE_CLOSING
                        and day.weekday() == 4
                    )
                    if not skipped:
                        self._self_check(hall, lead, day, slot)
            if day.weekday() == 4:
                self._weekly_report(hall, lead, day)
            day += timedelta(days=1)

    def _self_check(self, hall: str, lead: CommandContext, day: date, slot: Slot) -> None:
        failed = self.random.choice(SIX_CHECKS) if self.random.random() < 0.05 else None
        details = self._round(SourceMode.SELF_CHECK, slot, failed, [f"{hall}值班长"])
        filing = Filing(ActivityKind.INSPECTION, hall, day, f"{hall}值班长")

        def record() -> object:
            return self.activities.record(lead, filing, details).aggregate

        self._at(china(day, SLOT_TIMES[slot]), record)

    def _weekly_report(self, hall: str, lead: CommandContext, friday: date) -> None:
        monday = friday - timedelta(days=4)
        week = parse_week(week_key(monday))
        late = hall == BEHIND.late_report_hall and monday.isocalendar()[1] % 3 == 0
        at = china(friday, time(17, 30) if late else time(15, 0))

        def submit() -> object:
            self.activities.submit_weekly_report(lead, hall, week, "本周自检情况见统计表")
            return None

        self._at(at, submit)

    def _round(
        self, level: SourceMode, slot: Slot | None, failed: Category | None, inspectors: list[str]
    ) -> InspectionDetails:
        checks = {
            c: CheckResult(False, "现场发现问题，已要求整改")
            if c is failed
            else CheckResult(True, "")
            for c in SIX_CHECKS
        }
        return InspectionDetails(level=level, slot=slot, inspectors=inspectors, checks=checks)
