"""The demo's timeline: every action collected with the instant it happens, then played in
order on a simulated clock; and the units deliberately behind."""

from __future__ import annotations

import heapq
import random
import zlib
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID

from application.activities import Activities
from application.district_rules import RulesInForce
from application.ledger import Ledger
from application.problems import Problems
from application.units import Units
from demo.people import acting
from demo.quarter import TITLES, not_after
from domain.calendar import WorkingCalendar, add_working_days
from domain.codes import Category, Source, UnitKind
from domain.errors import CalendarUnknownError, DomainError
from domain.problem_values import Fix, NewProblem
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
        self,
        ledger: Ledger,
        units: Units,
        calendar: WorkingCalendar,
        end: date,
        seed: int = 2026,
        until: datetime | None = None,
    ) -> None:
        """`until`: the real now; what the day's plan puts after it has not happened yet."""
        self.until = until
        self.clock = FixedClock(not_after(china(end, time(12)), until))
        self.activities = Activities(ledger, units, self.clock)
        rules = RulesInForce(ledger, self.clock, parse_rules, read_rules(None)[2])
        self.problems = Problems(ledger, units, calendar, self.clock, rules, self.activities)
        self.calendar = calendar
        self.end = end
        self.random = random.Random(seed)
        self.office = acting()
        listed = units.list_units()
        self.units = {u.code: u for u in listed}
        self.halls = [u.code for u in listed if u.kind is UnitKind.HALL]
        self.actions: list[tuple[datetime, int, Callable[[], object]]] = []  # a heap
        self.scheduled = 0

    def _log_from(
        self, activity_id: UUID, source: Source, category: Category, unit: str, day: date, by: str
    ) -> None:
        choices = TITLES[category]
        title = choices[stable(f"{unit}{day}{by}") % len(choices)]
        new = NewProblem(
            source=source,
            category=category,
            unit=unit,
            title=title,
            description=f"{by}在{day.isoformat()}发现：{title}。",
            found_on=day,
            found_by=by,
            activity_id=str(activity_id),
        )
        pid = self.problems.log_problem(self.office, new).problem.id
        self._work_on(pid, unit, day, source, title)

    def _work_on(self, pid: UUID, unit: str, day: date, source: Source, title: str) -> None:
        """The unit signs (some late), plans, fixes; the office follows a complaint up and
        accepts: each step on its day, those after `end` not yet."""
        r, p, lead = self.random, self.problems, acting(unit)
        signed = self._after(day, r.choice([1, 1, 2, 3]))
        planned = self._after(signed, r.choice([0, 1, 2, 4]))
        fixed = self._after(planned, r.randint(1, 12))
        accepted = self._after(fixed, r.randint(1, 4))
        measures = f"针对“{title}”明确责任人，完善制度并开展窗口培训"
        fix = Fix(measures, "已整改到位", evidence=("整改照片.jpg",))
        steps: list[tuple[date, Callable[[], object]]] = [
            (signed, lambda: p.sign_for(lead, pid)),
            (
                planned,
                lambda: p.record_plan(
                    lead, pid, fix.measures, f"{self.units[unit].name}窗口负责人"
                ),
            ),
            (fixed, lambda: p.rectify(lead, pid, fix)),
        ]
        if source is Source.REVIEW:
            steps.append((accepted, lambda: p.follow_up(self.office, pid, True, True, "电话回访")))
        steps.append((accepted, lambda: p.accept(self.office, pid, "整改到位，同意销号")))
        for on, step in steps:
            if on <= self.end:
                self._at(china(on, time(11)), _quietly(step))

    def _after(self, day: date, working_days: int) -> date:
        try:
            return add_working_days(self.calendar, day, working_days)
        except CalendarUnknownError:  # beyond the calendar's last year: calendar days
            return day + timedelta(days=working_days * 7 // 5)

    def _working_day(self, month: int, seed: int) -> date | None:
        """A working day in the month (after the 3rd, varying by unit), not after `end`."""
        day = date(self.end.year, month, 4 + seed % 18)
        while not self.calendar.is_working_day(day):
            day += timedelta(days=1)
        return day if day.month == month and day <= self.end else None

    def _at(self, instant: datetime, action: Callable[[], object]) -> None:
        heapq.heappush(self.actions, (instant, self.scheduled, action))
        self.scheduled += 1

    def play(self) -> int:
        """Every action in order of its instant, those scheduled while playing included;
        how many returned something (a recorded activity)."""
        done = 0
        while self.actions:
            instant, _, action = heapq.heappop(self.actions)
            if self.until is not None and instant > self.until:
                continue
            self.clock.move_to(instant)
            if action() is not None:
                done += 1
        return done


def _quietly(step: Callable[[], object]) -> Callable[[], object]:
    """A problem's step that no longer fits (sent back, rejected meanwhile) is skipped."""

    def run() -> None:
        with suppress(DomainError):
            step()

    return run
