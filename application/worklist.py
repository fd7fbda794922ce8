"""What waits on a person (待办), most urgent first. For a unit lead: its unit's open problems
to rectify, rectified ones to strike off, demands asked of it, activities whose day has come to
be recorded, sit-ins whose record sheet is not in, and the sit-in the plan asks for this month
while none is filed. For the office: problems to hand out or give a deadline, rectified ones to
check, red and flagged ones, demands asked of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from application.activities import Activities
from application.activity_reads import ActivityFilter, ActivityReads
from application.activity_rows import ActivityRow
from application.lists import ListFilter, Lists
from application.ports import Clock, today_in_china
from application.rows import DemandRow, Listed, ProblemRow
from application.units import Units
from domain.activity_codes import ActivityKind, ActivityStatus
from domain.actor import Actor, Role
from domain.date_range import FIRST_DAY
from domain.periods import Period, last_months

URGENCY = {"red": 0, "yellow": 1, "green": 2, "none": 3}
SHOWN = 200


@dataclass(frozen=True)
class Todo:
    need: str  # assign, set_deadline, check, extension, supervise, rectify, close, answer, ...
    light: str
    problem: ProblemRow | None = None
    demand: DemandRow | None = None
    activity: ActivityRow | None = None
    month: str = ""  # a sit-in the plan asks for in this month

    @property
    def order(self) -> tuple[int, int, str]:
        number = self.problem.number if self.problem else 0
        day = self.activity.held_on.isoformat() if self.activity else ""
        return (URGENCY[self.light], number, day)


class Worklist:
    def __init__(
        self,
        lists: Lists,
        activities: Activities,
        activity_reads: ActivityReads,
        units: Units,
        clock: Clock,
    ) -> None:
        self.lists = lists
        self.activities = activities
        self.activity_reads = activity_reads
        self.units = units
        self.clock = clock

    def for_person(self, actor: Actor) -> list[Todo]:
        if actor.role not in (Role.OFFICE, Role.UNIT_LEAD):
            return []
        todos = [t for row in self._problems(actor) if (t := _problem_todo(row, actor))]
        todos += self._demands(actor)
        if actor.role is Role.UNIT_LEAD:
            todos += self._activities(actor)
        return sorted(todos, key=lambda t: t.order)

    def _problems(self, actor: Actor) -> list[Listed]:
        """A lead's todos come from what its unit holds or shares (`_problem_todo`): asking for
        just those spares each read the problems that merely ask the unit something."""
        holding = actor.unit if actor.role is Role.UNIT_LEAD else None
        rows: list[Listed] = []
        for status in ("logged", "handed", "assigned", "rectified"):
            f = ListFilter(status=status, holding=holding)
            rows += self.lists.problems(actor, f, limit=SHOWN).items
        return rows

    def _demands(self, actor: Actor) -> list[Todo]:
        asked = actor.unit if actor.role is Role.UNIT_LEAD else self.units.office_code()
        page = self.lists.demands(actor, ListFilter(awaiting=asked), limit=SHOWN)
        return [
            Todo("answer", row.light, row.problem, row.demand)
            for row in page.items
            if row.demand and row.demand.to_unit == asked and row.demand.answered_on is None
        ]

    def _activities(self, actor: Actor) -> list[Todo]:
        today = today_in_china(self.clock)
        due = Period("due", FIRST_DAY, today)
        found = self.activity_reads.list_activities(actor, ActivityFilter(period=due), None, 500)
        todos = self._sit_in_to_file(actor, today)
        for row in found.items:
            if row.status == ActivityStatus.SCHEDULED.value:
                todos.append(Todo("record", "none", activity=row))
            elif _sheet_missing(row):
                todos.append(Todo("sheet", "none", activity=row))
        return todos

    def _sit_in_to_file(self, actor: Actor, today: date) -> list[Todo]:
        """The plan (计划表) has the unit sit in this month, and nothing is filed for it yet."""
        plan = self.activities.plan_for(today.year)
        if actor.unit is None or today.month not in plan.months.get(actor.unit, []):
            return []
        month = last_months(today, 1)[0]
        f = ActivityFilter(kind=ActivityKind.SIT_IN.value, period=month)
        held = self.activity_reads.list_activities(actor, f, None, 500).items
        counted = (ActivityStatus.SCHEDULED.value, ActivityStatus.DONE.value)
        if any(row.status in counted for row in held):
            return []
        return [Todo("file", "none", month=month.key)]


def _sheet_missing(row: ActivityRow) -> bool:
    done = row.status == ActivityStatus.DONE.value
    return done and row.kind == ActivityKind.SIT_IN.value and row.record_sheet_on is None


def _problem_todo(row: Listed, actor: Actor) -> Todo | None:
    p = row.problem
    if actor.role is Role.UNIT_LEAD:
        if p.waits_on_co_unit(actor.unit):
            return Todo("co_unit", row.light, p)
        if p.responsible_unit != actor.unit or p.status == "rectified":
            return None  # a fix reported waits for the office's acceptance
        if p.status == "handed":
            return Todo("sign", row.light, p)
        return Todo("plan" if p.due_on is None else "rectify", row.light, p)
    if p.status == "logged":  # new, or sent back: to hand (on) to a unit
        return Todo("assign", row.light, p)
    if p.status == "rectified":
        return Todo("check", row.light, p)
    if p.pending_extension:
        return Todo("extension", row.light, p)
    if row.light == "red" or p.flagged:
        return Todo("supervise", row.light, p)
    return None
