"""A year of activities for the demo units, on a simulated clock: the seed's sit-in plan, sit-ins
filed ten days ahead and recorded on the day, heads' walk-throughs, the halls' self-checks and
weekly reports, the office's monthly patrols; and a few units deliberately behind."""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID

from application.activities import Activities
from application.context import CommandContext
from application.ledger import Ledger
from application.problems import Problems
from application.units import Units
from domain.activity_codes import (
    SIX_CHECKS,
    WALK_EXPERIENCES,
    ActivityKind,
    LeaderRole,
    ServiceKind,
    SitInLength,
    Slot,
    WalkMode,
)
from domain.activity_records import (
    CheckResult,
    Filing,
    InspectionDetails,
    SitInDetails,
    WalkThroughDetails,
)
from domain.actor import Actor, Role
from domain.calendar import WorkingCalendar
from domain.codes import Category, Source, SourceMode, UnitKind
from domain.periods import parse_week, week_key
from domain.problem_values import NewProblem
from infrastructure.clock import FixedClock
from infrastructure.demo_units import demo_plan

CHINA_OFFSET = timedelta(hours=8)
SLOT_TIMES = {Slot.BEFORE_WORK: time(8, 50), Slot.DURING_WORK: time(10, 30)}
SLOT_TIMES[Slot.BEFORE_CLOSING] = time(17, 20)


@dataclass(frozen=True)
class Behind:
    """The deliberate gaps, so the compliance report has someone to name."""

    no_sit_in_months: dict[str, set[int]]
    no_head_sit_in_halves: dict[str, set[int]]
    no_walk_through_halves: dict[str, set[int]]
    no_patrol_months: dict[str, set[int]]
    missed_slot_hall: str
    late_report_hall: str


BEHIND = Behind(
    no_sit_in_months={"transport": {9, 10}, "forestry": {9}},
    no_head_sit_in_halves={"public_security": {1}},
    no_walk_through_halves={"archives": {1}},
    no_patrol_months={"real_estate_hall": {10}},
    missed_slot_hall="tiansheng_street_hall",
    late_report_hall="tiansheng_street_hall",
)


def stable(text: str) -> int:
    """A hash that is the same in every process (str hashes are salted)."""
    return zlib.crc32(text.encode())


def china(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=UTC) - CHINA_OFFSET


class DemoYear:
    """Collects every action with the instant it happens, then plays them in order."""

    def __init__(
        self, ledger: Ledger, units: Units, calendar: WorkingCalendar, end: date, seed: int = 2026
    ) -> None:
        self.clock = FixedClock(china(end, time(12)))
        self.activities = Activities(ledger, units, self.clock)
        self.problems = Problems(ledger, units, calendar, self.clock, self.activities)
        self.calendar = calendar
        self.end = end
        self.random = random.Random(seed)
        self.office = CommandContext(Actor("demo-office", Role.OFFICE))
        listed = units.list_units()
        self.units = {u.code: u for u in listed}
        self.halls = [u.code for u in listed if u.kind is UnitKind.HALL]
        self.actions: list[tuple[datetime, int, Callable[[], object]]] = []

    def run(self) -> int:
        """Plays the year up to `end`; returns how many activities were recorded."""
        year = self.end.year
        for unit, months in demo_plan().items():
            if unit in self.units:
                self.activities.plan(self.office.actor, year, unit, months)
        plan = demo_plan()
        for unit, months in plan.items():
            if unit in self.units:
                self._sit_ins(unit, months)
                self._walk_throughs(unit)
        for hall in self.halls:
            self._patrols(hall)
            self._self_checks(hall)
        self._next_week_filings()
        recorded = 0
        for instant, _, action in sorted(self.actions, key=lambda a: (a[0], a[1])):
            self.clock.move_to(instant)
            if action() is not None:
                recorded += 1
        return recorded

    # ----- what happens -----

    def _sit_ins(self, unit: str, months: list[int]) -> None:
        key = self.units[unit].kind is UnitKind.KEY
        head_months = {3, 9} if key else {months[1]}
        for month in months:
            if month in BEHIND.no_sit_in_months.get(unit, set()):
                continue
            half = 1 if month <= 6 else 2
            head = month in head_months and half not in BEHIND.no_head_sit_in_halves.get(unit, ())
            day = self._working_day(month, seed=stable(unit) % 17)
            if day is None:
                continue
            self._sit_in(unit, day, LeaderRole.HEAD if head else LeaderRole.DEPUTY)

    def _sit_in(self, unit: str, day: date, role: LeaderRole) -> None:
        lead = self._lead(unit)
        leader = f"{self.units[unit].name}{'局长' if role is LeaderRole.HEAD else '副局长'}"
        filing = Filing(ActivityKind.SIT_IN, unit, day, leader, role)
        whole = self.random.random() < 0.2
        details = SitInDetails(
            length=SitInLength.WHOLE_DAY if whole else SitInLength.HALF_DAY,
            signed_in=time(9, 0),
            signed_out=time(17, 0) if whole else time(12, 0),
            services={kind: self.random.randint(0, 12) for kind in ServiceKind},
            examined="窗口审批流程、申报材料；网上办事体验；前后台运行机制",
            record_sheet_submitted=True,
        )
        holder: list[UUID] = []

        def file() -> object:
            holder.append(self.activities.schedule(lead, filing).aggregate.id)
            return None

        def record() -> object:
            activity = self.activities.record_scheduled(lead, holder[0], details).aggregate
            if self.random.random() < 0.3:
                self._log_from(activity.id, Source.SIT_IN, Category.SERVICE, unit, day, leader)
            return activity

        self._at(china(day - timedelta(days=10), time(10)), file)
        self._at(china(day, time(17, 30)), record)
        next_day = day + timedelta(days=1)
        if stable(f"{unit}:{day}") % 8 == 0 and next_day <= self.end:
            # the record sheet, handed in, shows the counts were typed in wrongly
            fixed = replace(details, services={k: n + 1 for k, n in details.services.items()})

            def correct() -> object:
                reason = "服务人次录入有误，按工作记录表更正"
                return self.activities.correct(lead, holder[0], fixed, reason)

            self._at(china(next_day, time(9)), correct)

    def _next_week_filings(self) -> None:
        """Key units file next week's sit-ins, so the announcement has something to say."""
        monday = self.end + timedelta(days=7 - self.end.weekday())
        filed_on = monday - timedelta(days=7)  # a week ahead, as seed 000 asks
        for n, unit in enumerate(
            sorted(u for u, v in self.units.items() if v.kind is UnitKind.KEY)
        ):
            day = monday + timedelta(days=n % 5)
            if day.year != self.end.year or not self.calendar.is_working_day(day):
                continue
            filing = Filing(
                ActivityKind.SIT_IN, unit, day, f"{self.units[unit].name}副局长", LeaderRole.DEPUTY
            )

            def file(unit: str = unit, filing: Filing = filing) -> object:
                self.activities.schedule(self._lead(unit), filing)
                return None

            self._at(china(filed_on, time(10)), file)

    def _walk_throughs(self, unit: str) -> None:
        for half, month in ((1, 4), (2, 10)):
            if half in BEHIND.no_walk_through_halves.get(unit, set()):
                continue
            day = self._working_day(month, seed=stable(unit) % 11 + 5)
            if day is None:
                continue
            lead = self._lead(unit)
            leader = f"{self.units[unit].name}局长"
            filing = Filing(ActivityKind.WALK_THROUGH, unit, day, leader, LeaderRole.HEAD)
            experiences = {c: "" for c in sorted(WALK_EXPERIENCES, key=lambda c: c.value)}
            experiences[Category.PROCESS] = "按申请人身份全程办理，环节与公布流程一致"
            details = WalkThroughDetails(
                item="企业开办一件事",
                mode=self.random.choice(list(WalkMode)),
                experiences=experiences,
                minutes_taken=self.random.randint(30, 180),
                trips=self.random.randint(1, 2),
            )

            def record(
                lead: CommandContext = lead,
                filing: Filing = filing,
                details: WalkThroughDetails = details,
            ) -> object:
                return self.activities.record(lead, filing, details).aggregate

            self._at(china(day, time(16)), record)

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
        lead = self._lead(hall)
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

    # ----- helpers -----

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

    def _log_from(
        self, activity_id: UUID, source: Source, category: Category, unit: str, day: date, by: str
    ) -> None:
        new = NewProblem(
            source=source,
            category=category,
            unit=unit,
            title="坐诊发现窗口一次性告知不到位" if source is Source.SIT_IN else "巡查发现问题",
            description=f"{by}在{day.isoformat()}的活动中发现，已记录。",
            found_on=day,
            found_by=by,
            activity_id=str(activity_id),
        )
        self.problems.log_problem(self.office, new)

    def _lead(self, unit: str) -> CommandContext:
        return CommandContext(Actor(f"demo-lead-{unit}", Role.UNIT_LEAD, unit))

    def _working_day(self, month: int, seed: int) -> date | None:
        """A working day in the month (after the 3rd, varying by unit), not after `end`."""
        day = date(self.end.year, month, 4 + seed % 18)
        while not self.calendar.is_working_day(day):
            day += timedelta(days=1)
        return day if day.month == month and day <= self.end else None

    def _at(self, instant: datetime, action: Callable[[], object]) -> None:
        self.actions.append((instant, len(self.actions), action))
