"""The demo's timeline: every action collected with the instant it happens, then played in
order on a simulated clock; and the units deliberately behind."""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID

from application.activities import Activities
from application.context import CommandContext
from application.district_rules import RulesInForce
from application.ledger import Ledger
from application.problems import Problems
from application.units import Units
from domain.actor import Actor, Role
from domain.calendar import WorkingCalendar
from domain.codes import Category, Source, UnitKind
from domain.problem_values import NewProblem
from infrastructure.clock import FixedClock
from infrastructure.rules_file import parse_rules, read_rules

CHINA_OFFSET = timedelta(hours=8)


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


class Timeline:
    """Collects every action with the instant it happens, then plays them in order."""

    def __init__(
        self, ledger: Ledger, units: Units, calendar: WorkingCalendar, end: date, seed: int = 2026
    ) -> None:
        self.clock = FixedClock(china(end, time(12)))
        self.activities = Activities(ledger, units, self.clock)
        rules = RulesInForce(ledger, self.clock, parse_rules, read_rules(None)[2])
        self.problems = Problems(ledger, units, calendar, self.clock, rules, self.activities)
        self.calendar = calendar
        self.end = end
        self.random = random.Random(seed)
        self.office = CommandContext(Actor("demo-office", Role.OFFICE))
        listed = units.list_units()
        self.units = {u.code: u for u in listed}
        self.halls = [u.code for u in listed if u.kind is UnitKind.HALL]
        self.actions: list[tuple[datetime, int, Callable[[], object]]] = []

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
