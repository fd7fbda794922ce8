"""Reading the lists, the board and the unit ranking: who sees which rows, and as of which day."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Protocol
from uuid import UUID

from application.ports import Clock, today_in_china
from application.rows import Listed
from application.units import Units
from domain.actor import Actor, Role
from domain.calendar import WorkingCalendar
from domain.codes import UnitKind
from domain.errors import PermissionDeniedError
from domain.lights import warning_end
from domain.periods import Period, last_months, recent_quarters
from domain.standing import ensure_begun, ranking_order, reckoning_day
from domain.units import Unit


@dataclass(frozen=True)
class ListFilter:
    unit: str | None = None
    source: str | None = None
    category: str | None = None
    status: str | None = None
    light: str | None = None
    phase: str | None = None
    flagged: bool | None = None
    late: bool | None = None  # rectified after its deadline (True) or by it (False)
    reopened: bool | None = None  # reopened after a close or a refusal at least once, or never
    quarter: Period | None = None
    found_from: date | None = None
    found_to: date | None = None
    q: str | None = None
    activity_id: str | None = None
    sort: str = "number"  # number, found_on, due_on, unit; "-" before for descending
    responsible_unit: str | None = None  # held by this unit (the board's counts)
    open: bool | None = None  # still being worked on (logged or assigned), or not
    holding: str | None = None  # held by this unit or shared with it: its own work (待办), not
    # what merely asks it something; not offered to clients
    awaiting: str | None = None  # asking this unit something it has not answered (待办)
    problem_ids: tuple[str, ...] | None = None  # these problems only (the notifier's looks)

    @property
    def asked_number(self) -> int | None:
        """The problem number a search of one number names (199, #199, No.199, 第199号): clerks
        speak of a problem by its number, so such a search finds it as well as the text."""
        found = NUMBER_ASKED.match((self.q or "").strip())
        return int(found.group(1)) if found else None


NUMBER_ASKED = re.compile(r"^(?:#|＃|№|no\.?|第)?\s*0*(\d{1,9})\s*号?$", re.IGNORECASE)


@dataclass(frozen=True)
class Scope:
    """What a reader may see (one unit, or all) and the day the lights are computed for."""

    visible_unit: str | None
    today: date
    warning_end: date


@dataclass(frozen=True)
class Page:
    """A page of a list (`Listed` rows) or of activities (rows by column name)."""

    items: list[Any]
    next_cursor: str | None


class ListReader(Protocol):
    """The read models, as the application needs them (implemented over SQL): one method per
    list, each page of `Listed` rows."""

    def problems(self, f: ListFilter, scope: Scope, cursor: str | None, limit: int) -> Page: ...

    def rectifications(
        self, f: ListFilter, scope: Scope, cursor: str | None, limit: int
    ) -> Page: ...

    def demands(self, f: ListFilter, scope: Scope, cursor: str | None, limit: int) -> Page: ...

    def board(self, scope: Scope) -> list[dict[str, Any]]: ...

    def unit_ranking(self, period: Period, scope: Scope) -> list[dict[str, Any]]: ...

    def phase_counts(self, period: Period) -> dict[str, dict[str, int]]:
        """Per unit: the period's late signing, late planning and rejected fixes."""
        ...

    def monthly_trend(self, months: list[Period], scope: Scope) -> dict[str, dict[str, int]]:
        """Per month key: found, rectified_on_time, rectified_late, overdue (at its end)."""
        ...

    def wait(self, position: int, timeout: float) -> None:
        """Until the read models exist and (for a position > 0) have reached it."""


PHASE_COUNTS = ("late_signing", "late_planning", "rejected")
"""This quarter's late phases and rejected fixes per unit, beside the board's lights."""
BOARD_ZERO = {"open": 0, "green": 0, "yellow": 0, "red": 0, "none": 0, "flagged": 0}
RANKING_ZERO = {
    "found": 0,
    "open": 0,
    "overdue": 0,
    "rectified_on_time": 0,
    "rectified_late": 0,
    "closed": 0,
    "average_days_to_rectify": None,
    "late_signing": 0,
    "late_planning": 0,
    "rejected": 0,
}
NAMED_FOR_OVERDUE = 3
DEFAULT_WAIT_SECONDS = 3.0
"""How long a read waits for the read models to reach a position (RECTIFY_LIST_WAIT_SECONDS)."""
StandingAtEnd = Callable[[Period], dict[str, dict[str, int]]]
"""Per unit, `open` and `overdue` as the log stood when an ended period ended (the bulletin's
replay); None until wired: the read models' counts as of today."""


@dataclass(frozen=True)
class UnitRanking:
    period: Period
    units: list[dict[str, Any]]  # the rows the reader may see, each with its district rank
    most_overdue: list[str]  # of the district's named units, those the reader may see
    ranked_units: int  # how many units the district ranked


class Lists:
    def __init__(
        self,
        reader: ListReader,
        units: Units,
        calendar: WorkingCalendar,
        clock: Clock,
        wait_seconds: float = DEFAULT_WAIT_SECONDS,
    ) -> None:
        self.wait_seconds = wait_seconds
        self.reader = reader
        self.units = units
        self.calendar = calendar
        self.clock = clock
        self.standing_at_end: StandingAtEnd | None = None  # the bulletin's replay, when wired

    def district_scope(self) -> Scope:
        """The whole district's rows, lights as of today: for the service's own looks."""
        today = today_in_china(self.clock)
        return Scope(visible_unit=None, today=today, warning_end=warning_end(self.calendar, today))

    def number_of(self, problem_id: UUID, min_position: int = 0) -> int | None:
        """The problem's number (第N号, as clerks name it), once the lists have it (at
        `min_position` at least): numbers follow the log's order of logging, so a rebuild gives
        each the same one."""
        self.reader.wait(min_position, self.wait_seconds)
        asked = ListFilter(problem_ids=(str(problem_id),))
        rows = self.reader.problems(asked, self.district_scope(), None, 1).items
        return rows[0].problem.number if rows else None

    def scope_for(self, actor: Actor) -> Scope:
        """Unit leads see their unit's rows only; admins see no problem data at all."""
        if actor.role is Role.ADMIN:
            raise PermissionDeniedError("an admin manages units and credentials, not problems")
        visible = actor.unit if actor.role is Role.UNIT_LEAD else None
        return replace(self.district_scope(), visible_unit=visible)

    def problems(
        self,
        actor: Actor,
        f: ListFilter,
        cursor: str | None = None,
        limit: int = 50,
        min_position: int | None = None,
    ) -> Page:
        """问题清单: every problem the reader may see that `f` picks."""
        scope = self._waited(actor, min_position)
        return self.reader.problems(f, scope, cursor, limit)

    def rectifications(
        self,
        actor: Actor,
        f: ListFilter,
        cursor: str | None = None,
        limit: int = 50,
        min_position: int | None = None,
    ) -> Page:
        """整改清单: measures, owner, deadlines, on time or late."""
        scope = self._waited(actor, min_position)
        return self.reader.rectifications(f, scope, cursor, limit)

    def demands(
        self,
        actor: Actor,
        f: ListFilter,
        cursor: str | None = None,
        limit: int = 50,
        min_position: int | None = None,
    ) -> Page:
        """需求清单: every demand, the unit asked, met or not."""
        scope = self._waited(actor, min_position)
        return self.reader.demands(f, scope, cursor, limit)

    def _waited(self, actor: Actor, min_position: int | None) -> Scope:
        scope = self.scope_for(actor)
        self.reader.wait(min_position or 0, self.wait_seconds)
        return scope

    def board(self, actor: Actor, min_position: int | None = None) -> list[dict[str, Any]]:
        """Every unit the reader may see, with zeros where nothing is open."""
        scope = self.scope_for(actor)
        self.reader.wait(min_position or 0, self.wait_seconds)
        counts = {row["unit"]: row for row in self.reader.board(scope)}
        quarter = recent_quarters(scope.today, 1, ended=False)[0]
        late = self.reader.phase_counts(quarter)
        return [
            BOARD_ZERO
            | counts.get(unit.code, {})
            | {kind: late.get(unit.code, {}).get(kind, 0) for kind in PHASE_COUNTS}
            | _unit_fields(unit)
            for unit in self._visible_units(scope)
            if unit.serving or unit.code in counts  # a merged unit holds nothing (ADR 55)
        ]

    def unit_ranking(
        self, actor: Actor, period: Period, min_position: int | None = None
    ) -> UnitRanking:
        """Ranked by overdue, then rectified late, then open (月通报 / 季讲评). The whole
        district is ranked, whoever reads: a unit lead sees its own row at its district rank,
        and whether it is named, never another unit's figures."""
        scope = self.scope_for(actor)
        ensure_begun(period, scope.today)
        self.reader.wait(min_position or 0, self.wait_seconds)
        district = replace(scope, visible_unit=None)
        found = {row["unit"]: row for row in self.reader.unit_ranking(period, district)}
        then: dict[str, dict[str, int]] = {}
        if self.standing_at_end and reckoning_day(period, scope.today) > period.end:
            then = self.standing_at_end(period)  # open and overdue then, not now
        rows = [
            RANKING_ZERO | found.get(unit.code, {}) | then.get(unit.code, {}) | _unit_fields(unit)
            for unit in self._visible_units(district)
            if unit.kind is not UnitKind.OFFICE
        ]
        rows.sort(key=ranking_order)
        for rank, row in enumerate(rows, start=1):
            row["rank"] = rank
        worst = [r["unit"] for r in rows if r["overdue"] > 0][:NAMED_FOR_OVERDUE]
        seen = {unit.code for unit in self._visible_units(scope)}
        return UnitRanking(
            period,
            [row for row in rows if row["unit"] in seen],
            [unit for unit in worst if unit in seen],
            len(rows),
        )

    def trend(self, actor: Actor, months: int = 12) -> list[dict[str, Any]]:
        """The last `months` months (this one included) of the units the reader may see:
        found, rectified on time, rectified late, and overdue at each month's end."""
        scope = self.scope_for(actor)
        self.reader.wait(0, self.wait_seconds)
        periods = last_months(scope.today, months)
        counts = self.reader.monthly_trend(periods, scope)
        return [{"month": p.key} | counts[p.key] for p in periods]

    def _visible_units(self, scope: Scope) -> list[Unit]:
        return [unit for unit in self.units.list_units() if scope.visible_unit in (None, unit.code)]


def _unit_fields(unit: Unit) -> dict[str, Any]:
    return {"unit": unit.code, "name": unit.name, "kind": unit.kind.value}


EXPORT_LIMIT = 100_000


def every_row(read: Callable[[str | None, int], Page], first: Page) -> list[Listed]:
    """All the rows a file holds (up to EXPORT_LIMIT), page after page."""
    items, page = list(first.items), first
    while page.next_cursor and len(items) < EXPORT_LIMIT:
        page = read(page.next_cursor, 500)
        items.extend(page.items)
    return items
