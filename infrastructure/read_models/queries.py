"""The list reader: pages of the three lists, the board and the unit ranking, from SQL."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from typing import Any

from application.errors import ReadModelBehindError
from application.lists import ListFilter, Page, Scope
from application.rows import DemandRow, Listed, ProblemRow, RectificationRow
from domain.errors import InvalidValueError
from domain.periods import Period
from domain.standing import reckoning_day
from infrastructure.read_models.registry import Generation, ProjectionRegistry
from infrastructure.read_models.sorting import Order, order_of
from infrastructure.read_models.sql_filters import (
    OPEN,
    filter_where,
    light_sql,
    overdue_sql,
    unindexed,
)
from infrastructure.read_models.sql_view import SqlRowView
from infrastructure.read_models.trend_queries import TREND_SINCE, monthly_trend
from infrastructure.sql import SqlDatabase
from projections.accounts import AccountEventsProjection
from projections.activities import ActivitiesProjection
from projections.base import RowProjection
from projections.problem_lists import ProblemListsProjection
from projections.problem_tables import DEMANDS, PROBLEMS, RECTIFICATIONS
from projections.unit_stats import UnitStatsProjection

LIST_MODELS: tuple[type[RowProjection], ...] = (ProblemListsProjection, UnitStatsProjection)
"""What the lists, the board and the ranking read (and so wait for)."""
READ_MODELS: tuple[type[RowProjection], ...] = (
    ProblemListsProjection,
    UnitStatsProjection,
    ActivitiesProjection,
    AccountEventsProjection,
)

PROBLEM_COLUMNS = tuple(c.name for c in PROBLEMS.columns)
RECTIFICATION_COLUMNS = tuple(c.name for c in RECTIFICATIONS.columns)
DEMAND_COLUMNS = tuple(c.name for c in DEMANDS.columns)


class SqlListReader:
    def __init__(
        self,
        database: SqlDatabase,
        application_name: str = "Rectify",
        log_head: Callable[[], int] | None = None,
    ) -> None:
        self.database = database
        self.registry = ProjectionRegistry(database)
        self.application_name = application_name
        self.log_head = log_head

    def prefix(self, projection: type[RowProjection], since: int = 0) -> str:
        """The active tables; `since`: the version a read needs (older tables lack its
        columns until the rebuild a start begins for a new version switches readers)."""
        generation = self.registry.active(projection.name)
        if generation is None:
            raise ReadModelBehindError(f"the {projection.name} read model is not built yet")
        if generation.version < since:
            raise ReadModelBehindError(f"the {projection.name} read model is being rebuilt")
        return generation.prefix

    def view(self, projection: type[RowProjection]) -> SqlRowView:
        return SqlRowView(self.database, self.prefix(projection), projection.tables)

    def wait(
        self,
        position: int,
        timeout: float,
        projections: tuple[type[RowProjection], ...] = LIST_MODELS,
    ) -> None:
        """Until `projections` exist and have reached `position`. A position past the log's head
        was never given out: that is the caller's mistake."""
        if position > 0 and self.log_head is not None and position > (head := self.log_head()):
            raise InvalidValueError("min_position", f"{position} is past the log's head ({head})")
        deadline = time.monotonic() + timeout
        for projection in projections:
            try:
                while self.registry.active(projection.name) is None:  # first start: being built
                    if time.monotonic() > deadline:
                        raise TimeoutError
                    time.sleep(0.02)
                if position <= 0:
                    continue
                remaining = max(deadline - time.monotonic(), 0.0)
                self.view(projection).wait(self.application_name, position, timeout=remaining)
            except TimeoutError:
                raise ReadModelBehindError(
                    f"the {projection.name} read model has not reached position {position} yet"
                ) from None

    def positions(self) -> dict[str, int | None]:
        found: dict[str, int | None] = {}
        for projection in READ_MODELS:
            generation: Generation | None = self.registry.active(projection.name)
            found[projection.name] = (
                None
                if generation is None
                else SqlRowView(
                    self.database, generation.prefix, projection.tables
                ).max_tracking_id(self.application_name)
                or 0
            )
        return found

    def problems(self, f: ListFilter, scope: Scope, cursor: str | None, limit: int) -> Page:
        prefix = self.prefix(ProblemListsProjection)
        return self._page(prefix, "", f, scope, cursor, limit, lambda p, _: Listed(*p))

    def rectifications(self, f: ListFilter, scope: Scope, cursor: str | None, limit: int) -> Page:
        prefix = self.prefix(ProblemListsProjection)
        join = f" JOIN {prefix}_rectifications x ON x.problem_id = p.problem_id"

        def listed(problem: tuple[ProblemRow, str], x: dict[str, Any]) -> Listed:
            return Listed(*problem, rectification=RectificationRow.decode(x))

        return self._page(prefix, join, f, scope, cursor, limit, listed, RECTIFICATION_COLUMNS)

    def demands(self, f: ListFilter, scope: Scope, cursor: str | None, limit: int) -> Page:
        prefix = self.prefix(ProblemListsProjection)
        join = f" JOIN {prefix}_demands x ON x.problem_id = p.problem_id"

        def listed(problem: tuple[ProblemRow, str], x: dict[str, Any]) -> Listed:
            return Listed(*problem, demand=DemandRow.decode(x))

        return self._page(prefix, join, f, scope, cursor, limit, listed, DEMAND_COLUMNS)

    def _page(
        self,
        prefix: str,
        join: str,
        f: ListFilter,
        scope: Scope,
        cursor: str | None,
        limit: int,
        listed: Callable[[tuple[ProblemRow, str], dict[str, Any]], Listed],
        joined: tuple[str, ...] = (),
    ) -> Page:
        """A page in the asked order, then the problem's number (and the demand's, in 需求清单),
        each row decoded once into its typed parts."""
        where = filter_where(f, scope, prefix, self.database.dialect)
        light_params: list[Any] = []
        light = light_sql(scope, light_params)
        order = order_of(f.sort, joined == DEMAND_COLUMNS)
        keys = order.decode(cursor)
        if keys:
            where.add(*_after(order, keys))
        columns = [f"p.{c}" for c in PROBLEM_COLUMNS] + [light] + [f"x.{c}" for c in joined]
        select = f"SELECT {', '.join(columns)}, {order.selected()} FROM {prefix}_problems p{join}"
        branches = where.branches()
        params: list[Any] = []
        parts = []
        for index, branch in enumerate(branches):
            part = f"{select} WHERE {branch.sql()} ORDER BY {order.order_by()} LIMIT %s"
            parts.append(part if len(branches) == 1 else f"SELECT * FROM ({part}) b{index}")
            params += light_params + branch.params + [limit + 1]
        statement = parts[0]
        if len(branches) > 1:  # each branch's first rows, then the first of them all
            union = " UNION ".join(parts)
            statement = f"SELECT * FROM ({union}) s ORDER BY {order.order_by_selected()} LIMIT %s"
            params.append(limit + 1)
        rows = self.database.execute(statement, params)
        items = []
        width = len(PROBLEM_COLUMNS)
        for row in rows[:limit]:
            problem = dict(zip(PROBLEM_COLUMNS, row[:width], strict=True))
            x = dict(zip(joined, row[width + 1 : len(columns)], strict=True))
            items.append(listed((ProblemRow.decode(problem), row[width]), x))
        next_cursor = None
        if len(rows) > limit:
            last = items[-1]
            after = [last.problem.number] + ([last.demand.number] if last.demand else [])
            first = [] if order.sort == "number" else [str(rows[limit - 1][len(columns)])]
            next_cursor = order.cursor(first + after)
        return Page(items, next_cursor)

    def board(self, scope: Scope) -> list[dict[str, Any]]:
        prefix = self.prefix(ProblemListsProjection)
        params: list[Any] = []
        light = light_sql(scope, params)
        visible = ""
        if scope.visible_unit is not None:
            visible = "AND p.responsible_unit = %s"
            params.append(scope.visible_unit)
        rows = self.database.execute(
            f"SELECT p.responsible_unit, {light} AS light, p.flagged, COUNT(*) "
            f"FROM {prefix}_problems p WHERE p.status IN {OPEN} {visible} "
            f"GROUP BY {unindexed('p.responsible_unit', self.database.dialect)}, light, p.flagged",
            params,
        )
        board: dict[str, dict[str, Any]] = {}
        for unit, light_value, flagged, count in rows:
            entry = board.setdefault(
                unit,
                {
                    "unit": unit,
                    "green": 0,
                    "yellow": 0,
                    "red": 0,
                    "none": 0,
                    "flagged": 0,
                    "open": 0,
                },
            )
            entry[light_value] += count
            entry["open"] += count
            entry["flagged"] += count if flagged else 0
        return list(board.values())

    def monthly_trend(self, months: list[Period], scope: Scope) -> dict[str, dict[str, int]]:
        stats = self.prefix(UnitStatsProjection, since=TREND_SINCE)
        return monthly_trend(self.database, stats, months, scope.visible_unit, scope.today)

    def phase_counts(self, period: Period) -> dict[str, dict[str, int]]:
        rows = self.database.execute(
            "SELECT unit, late_signing, late_planning, rejected "
            f"FROM {self.prefix(UnitStatsProjection)}_stats WHERE period = %s",
            (period.key,),
        )
        return {
            unit: {"late_signing": signing, "late_planning": planning, "rejected": rejected}
            for unit, signing, planning, rejected in rows
        }

    def unit_ranking(self, period: Period, scope: Scope) -> list[dict[str, Any]]:
        lists = self.prefix(ProblemListsProjection)
        stats = self.prefix(UnitStatsProjection)
        dialect = self.database.dialect
        params: list[Any] = []
        overdue = overdue_sql(reckoning_day(period, scope.today).isoformat(), params)
        open_rows = self.database.execute(
            f"SELECT p.responsible_unit, COUNT(*), SUM(CASE WHEN {overdue} THEN 1 ELSE 0 END) "
            f"FROM {lists}_problems p WHERE p.status IN {OPEN} "
            f"AND {unindexed('p.found_on', dialect)} <= %s "
            f"GROUP BY {unindexed('p.responsible_unit', dialect)}",
            [*params, period.end.isoformat()],
        )
        stat_rows = self.database.execute(
            "SELECT unit, found, rectified, rectified_on_time, rectified_late, closed, "
            "days_to_rectify, late_signing, late_planning, rejected "
            f"FROM {stats}_stats WHERE period = %s",
            (period.key,),
        )
        ranking: dict[str, dict[str, Any]] = {}
        for unit, found, rectified, on_time, late, closed, days, *phases in stat_rows:
            ranking[unit] = {
                "unit": unit,
                "found": found,
                "rectified_on_time": on_time,
                "rectified_late": late,
                "closed": closed,
                "average_days_to_rectify": round(days / rectified, 1) if rectified else None,
                "late_signing": phases[0],
                "late_planning": phases[1],
                "rejected": phases[2],
            }
        for unit, open_count, overdue in open_rows:
            ranking.setdefault(unit, {"unit": unit}).update(
                open=open_count, overdue=int(overdue or 0)
            )
        return list(ranking.values())


def encode_cursor(keys: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(keys).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None, length: int, kind: type = int) -> list[Any] | None:
    """The keys of the last row a page gave out, each of `kind`; anything else is a 422."""
    if not cursor:
        return None
    try:
        keys = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except ValueError:
        raise InvalidValueError("cursor", "not a cursor this list gave out") from None
    if not (
        isinstance(keys, list)
        and len(keys) == length
        and all(isinstance(k, kind) and not isinstance(k, bool) and _storable(k) for k in keys)
    ):
        raise InvalidValueError("cursor", "not a cursor this list gave out")
    return keys


def _storable(key: Any) -> bool:
    """Both stores keep 64-bit integers; SQLite raises OverflowError past them."""
    return not isinstance(key, int) or -(2**63) <= key < 2**63


def _after(order: Order, keys: list[Any]) -> tuple[str, ...]:
    clause, params = order.after(keys)
    return (clause, *params)
