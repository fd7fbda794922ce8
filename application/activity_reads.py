"""Reading activities: the filtered list, one activity with the problems it found, the office's
weekly sit-in announcement, and the compliance report (required vs done, who is behind)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol

from application.activities import Activities
from application.activity_rows import ActivityRow, AnnouncedSitIn
from application.district_rules import RulesInForce, period_end_instant
from application.lists import DEFAULT_WAIT_SECONDS, ListFilter, Lists, Page
from application.ports import Clock, today_in_china
from application.rows import Listed
from application.units import Units
from domain.activity import Activity
from domain.activity_codes import ActivityKind, ActivityStatus
from domain.actor import Actor, Role
from domain.calendar import WorkingCalendar
from domain.codes import UnitKind
from domain.compliance import RuleResult, evaluate, reach
from domain.errors import InvalidValueError, PermissionDeniedError
from domain.periods import Period, parse_week, week_key
from domain.standing import counts
from domain.units import Unit

PROBLEMS_SHOWN = 500


@dataclass(frozen=True)
class ActivityFilter:
    kind: str | None = None
    unit: str | None = None
    status: str | None = None
    level: str | None = None
    period: Period | None = None


class ActivityReader(Protocol):
    """The activities read model, as these use cases need it (implemented over SQL)."""

    def page(
        self, f: ActivityFilter, visible_unit: str | None, cursor: str | None, limit: int
    ) -> Page: ...

    def done_counts(self, start: date, end: date) -> list[tuple[str, str, date, int]]:
        """(unit, rule, day, count) for every day in [start, end] on which something counted."""

    def wait(self, position: int, timeout: float) -> None: ...


@dataclass(frozen=True)
class ActivityDetail:
    activity: Activity
    problems: list[Listed]


@dataclass(frozen=True)
class UnitCompliance:
    unit: Unit
    rules: list[RuleResult]
    planned_months: list[int]

    @property
    def behind(self) -> bool:
        return any(rule.behind for rule in self.rules)


@dataclass(frozen=True)
class ComplianceReport:
    period: Period
    as_of: date
    units: list[UnitCompliance]

    @property
    def behind(self) -> list[UnitCompliance]:
        return [u for u in self.units if u.behind]


@dataclass(frozen=True)
class InspectionWeek:
    """巡查情况统计表: a hall's rounds in one week, each with the problems it found."""

    hall: Unit
    week: Period
    rounds: list[ActivityRow]
    problems: dict[str, list[Listed]]


@dataclass(frozen=True)
class Announcement:
    """领导到政务服务中心办公公告: who sits in during a week, as filed a week ahead."""

    week: Period
    entries: list[AnnouncedSitIn]


class ActivityReads:
    def __init__(
        self,
        reader: ActivityReader,
        activities: Activities,
        lists: Lists,
        units: Units,
        calendar: WorkingCalendar,
        clock: Clock,
        rules: RulesInForce,
        wait_seconds: float = DEFAULT_WAIT_SECONDS,
    ) -> None:
        self.rules = rules
        self.wait_seconds = wait_seconds
        self.reader = reader
        self.activities = activities
        self.lists = lists
        self.units = units
        self.calendar = calendar
        self.clock = clock

    def list_activities(
        self,
        actor: Actor,
        f: ActivityFilter,
        cursor: str | None = None,
        limit: int = 50,
        min_position: int | None = None,
    ) -> Page:
        visible = _visible_unit(actor)
        self.reader.wait(min_position or 0, self.wait_seconds)
        return self.reader.page(f, visible, cursor, limit)

    def detail(self, actor: Actor, activity_id: Any, version: int | None = None) -> ActivityDetail:
        """The activity from its events, and the problems logged from it (the lists' rows)."""
        activity = self.activities.get(actor, activity_id, version)
        page = self.lists.problems(
            actor, ListFilter(activity_id=str(activity.id)), limit=PROBLEMS_SHOWN
        )
        return ActivityDetail(activity, page.items)

    def announcement(
        self, actor: Actor, week: Period | None = None, min_position: int | None = None
    ) -> Announcement:
        """Everyone with a credential may read the announcement: it is published (seed 000)."""
        if actor.role is Role.ADMIN:
            raise PermissionDeniedError("an admin manages units and credentials")
        self.reader.wait(min_position or 0, self.wait_seconds)
        if week is None:
            week = parse_week(week_key(next_week(today_in_china(self.clock))))
        f = ActivityFilter(kind=ActivityKind.SIT_IN.value, period=week)
        names = {u.code: u.name for u in self.units.list_units()}
        entries = [
            AnnouncedSitIn(row, names.get(row.unit, row.unit))
            for row in _all_pages(self.reader, f)
            if row.planned and row.status != ActivityStatus.CANCELLED.value
        ]
        entries.sort(key=lambda entry: (entry.activity.held_on, entry.activity.unit))
        return Announcement(week, entries)

    def inspection_week(
        self, actor: Actor, hall: str, week: Period, min_position: int | None = None
    ) -> InspectionWeek:
        """The rounds from the activities read model, each round's problems from the lists;
        both read as of `min_position` at least (read your writes)."""
        unit = self.units.known(hall, "hall")
        if unit.kind is not UnitKind.HALL:
            raise InvalidValueError("hall", f"{hall} is not a hall")
        visible = _visible_unit(actor)
        if visible not in (None, hall):
            raise PermissionDeniedError("a unit lead reads its own hall's rounds only")
        self.reader.wait(min_position or 0, self.wait_seconds)
        f = ActivityFilter(kind=ActivityKind.INSPECTION.value, unit=hall, period=week)
        rounds = [r for r in _all_pages(self.reader, f) if r.status == "done"]
        problems = {  # a problem withdrawn (撤销) was not found: the week's counts leave it out
            r.activity_id: [
                listed
                for listed in self.lists.problems(
                    actor, ListFilter(activity_id=r.activity_id), None, PROBLEMS_SHOWN, min_position
                ).items
                if counts(listed.problem.status)
            ]
            for r in rounds
        }
        return InspectionWeek(unit, week, rounds, problems)

    def compliance(
        self,
        actor: Actor,
        period: Period,
        min_position: int | None = None,
    ) -> ComplianceReport:
        visible = _visible_unit(actor)
        self.reader.wait(min_position or 0, self.wait_seconds)
        today = today_in_china(self.clock)
        judged_at = period_end_instant(period, self.clock)
        units = [  # a unit merged (撤并) by the period's end owes nothing for it (ADR 55)
            u
            for u in self.units.as_of(judged_at)
            if u.kind is not UnitKind.OFFICE and u.serving and visible in (None, u.code)
        ]
        rules = self.rules.at(judged_at)
        start, end = reach(tuple(r for u in units for r in rules.requirements(u.kind)), period)
        counts: dict[tuple[str, str], dict[date, int]] = defaultdict(dict)
        for code, rule, day, done in self.reader.done_counts(start, end):
            counts[(code, rule)][day] = done
        plan = self.activities.plan_for(period.start.year)
        report = []
        for unit in units:
            results = [
                evaluate(req, period, counts[(unit.code, req.rule.value)], today, self.calendar)
                for req in rules.requirements(unit.kind)
            ]
            report.append(UnitCompliance(unit, results, plan.months.get(unit.code, [])))
        return ComplianceReport(period, today, report)


def _visible_unit(actor: Actor) -> str | None:
    if actor.role is Role.ADMIN:
        raise PermissionDeniedError("an admin manages units and credentials, not activities")
    return actor.unit if actor.role is Role.UNIT_LEAD else None


def _all_pages(reader: ActivityReader, f: ActivityFilter) -> list[ActivityRow]:
    rows: list[ActivityRow] = []
    cursor: str | None = None
    while True:
        page = reader.page(f, None, cursor, 500)
        rows.extend(page.items)
        if page.next_cursor is None:
            return rows
        cursor = page.next_cursor


def next_week(today: date) -> date:
    """The Monday after `today`: the week the office announces."""
    return today + timedelta(days=7 - today.weekday())
