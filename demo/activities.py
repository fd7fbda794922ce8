"""A year of activities for the demo units, on a simulated clock: the seed's sit-in plan, sit-ins
filed ten days ahead and recorded on the day, heads' walk-throughs, the halls' self-checks and
weekly reports, the office's monthly patrols; and a few units deliberately behind."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta
from uuid import UUID

from application.context import CommandContext
from demo.hall_rounds import HallRounds
from demo.people import acting
from demo.timeline import BEHIND, china, stable
from demo.units import demo_plan
from domain.activity_codes import (
    WALK_EXPERIENCES,
    ActivityKind,
    LeaderRole,
    ServiceKind,
    SitInLength,
    WalkMode,
)
from domain.activity_records import (
    Filing,
    SitInDetails,
    WalkThroughDetails,
)
from domain.codes import Category, Source, UnitKind


class DemoYear(HallRounds):
    """The seed's plan, sit-ins filed ten days ahead and recorded on the day, heads'
    walk-throughs, and the halls' rounds (demo/hall_rounds.py)."""

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
        return self.play()

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
        lead = acting(unit)
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
                self.activities.schedule(acting(unit), filing)
                return None

            self._at(china(filed_on, time(10)), file)

    def _walk_throughs(self, unit: str) -> None:
        for half, month in ((1, 4), (2, 10)):
            if half in BEHIND.no_walk_through_halves.get(unit, set()):
                continue
            day = self._working_day(month, seed=stable(unit) % 11 + 5)
            if day is None:
                continue
            lead = acting(unit)
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
