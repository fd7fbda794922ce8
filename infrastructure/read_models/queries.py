"""The list reader: pages of the three lists, the board and the unit ranking, from SQL."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from typing import Any

from application.errors import ReadModelBehindError
from application.lists import ListFilter, Page, Scope
from domain.errors import InvalidValueError
from domain.periods import Period
from domain.standing import reckoning_day
from infrastructure.read_models.registry import Generation, ProjectionRegistry
from infrastructure.read_models.sql_filters import OPEN, filter_where, light_sql, overdue_sql
from infrastructure.read_models.sql_view import SqlRowView
from infrastructure.sql import SqlDatabase
from projections.activities import ActivitiesProjection
from projections.base import RowProjection
from projections.problem_lists import ProblemListsProjection
from projections.unit_stats import UnitStatsProjection

READ_MODELS: tuple[type[RowProjection], ...] = (
    ProblemListsProjection,
    UnitStatsProjection,
    ActivitiesProjection,
)

PROBLEM_COLUMNS = (
    "problem_id",
    "number",
    "source",
    "source_mode",
    "category",
    "unit",
    "responsible_unit",
    "assignee",
    "title",
    "description",
    "found_on",
    "found_by",
    "status",
    "due_on",
    "flagged",
    "rectified_on",
    "backdate_reason",
    "late",
    "closed_on",
    "times_escalated",
    "times_reopened",
    "extensions",
    "demands",
    "activity_id",
    "version",
    "updated_at",
)
RECTIFICATION_COLUMNS = (
    "measures",
    "result",
    "evidence",
    "first_due_on",
    "deadlines",
    "closed",
)
DEMAND_COLUMNS = (
    "number",
    "text",
    "raised_by",
    "raised_by_unit",
    "to_unit",
    "raised_on",
    "answered_on",
    "met",
    "answer",
    "answered_by",
)
BOOLEANS = {"flagged", "late", "closed", "met"}
JSON_TEXT = {"evidence", "deadlines"}


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

    def prefix(self, projection: type[RowProjection]) -> str:
        generation = self.registry.active(projection.name)
        if generation is None:
            raise ReadModelBehindError(f"the {projection.name} read model is not built yet")
        return generation.prefix

    def view(self, projection: type[RowProjection]) -> SqlRowView:
        return SqlRowView(self.database, self.prefix(projection), projection.tables)

    def wait(
        self,
        position: int,
        timeout: float,
        projections: tuple[type[RowProjection], ...] = READ_MODELS,
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

    def page(
        self, list_name: str, f: ListFilter, scope: Scope, cursor: str | None, limit: int
    ) -> Page:
        prefix = self.prefix(ProblemListsProjection)
        where = filter_where(f, scope, f"{prefix}_demands")
        params: list[Any] = []
        light = light_sql(scope, params)
        columns = ", ".join(f"p.{c}" for c in PROBLEM_COLUMNS)
        if list_name == "demands":
            select = (
                f"SELECT {columns}, {light}, "
                + ", ".join(f"d.{c}" for c in DEMAND_COLUMNS)
                + f" FROM {prefix}_demands d JOIN {prefix}_problems p "
                "ON p.problem_id = d.problem_id"
            )
            order, after = "p.number, d.number", decode_cursor(cursor, 2)
            if after:
                where.add(
                    "(p.number > %s OR (p.number = %s AND d.number > %s))",
                    after[0],
                    after[0],
                    after[1],
                )
        else:
            extra = ""
            join = ""
            if list_name == "rectifications":
                extra = ", " + ", ".join(f"r.{c}" for c in RECTIFICATION_COLUMNS)
                join = f" JOIN {prefix}_rectifications r ON r.problem_id = p.problem_id"
            select = f"SELECT {columns}, {light}{extra} FROM {prefix}_problems p{join}"
            order, after = "p.number", decode_cursor(cursor, 1)
            if after:
                where.add("p.number > %s", after[0])
        rows = self.database.execute(
            f"{select} WHERE {where.sql()} ORDER BY {order} LIMIT %s",
            params + where.params + [limit + 1],
        )
        names = [*PROBLEM_COLUMNS, "light"]
        if list_name == "rectifications":
            names += RECTIFICATION_COLUMNS
        if list_name == "demands":
            names += [f"demand_{c}" for c in DEMAND_COLUMNS]
        items = [plain_row(names, row) for row in rows[:limit]]
        next_cursor = None
        if len(rows) > limit:
            last = items[-1]
            keys = [last["number"]] + ([last["demand_number"]] if list_name == "demands" else [])
            next_cursor = encode_cursor(keys)
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
            "GROUP BY p.responsible_unit, light, p.flagged",
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

    def unit_ranking(self, period: Period, scope: Scope) -> list[dict[str, Any]]:
        lists = self.prefix(ProblemListsProjection)
        stats = self.prefix(UnitStatsProjection)
        params: list[Any] = []
        overdue = overdue_sql(reckoning_day(period, scope.today).isoformat(), params)
        open_rows = self.database.execute(
            f"SELECT p.responsible_unit, COUNT(*), SUM(CASE WHEN {overdue} THEN 1 ELSE 0 END) "
            f"FROM {lists}_problems p WHERE p.status IN {OPEN} AND p.found_on <= %s "
            "GROUP BY p.responsible_unit",
            [*params, period.end.isoformat()],
        )
        stat_rows = self.database.execute(
            "SELECT unit, found, rectified, rectified_on_time, rectified_late, closed, "
            f"days_to_rectify FROM {stats}_stats WHERE period = %s",
            (period.key,),
        )
        ranking: dict[str, dict[str, Any]] = {}
        for unit, found, rectified, on_time, late, closed, days in stat_rows:
            ranking[unit] = {
                "unit": unit,
                "found": found,
                "rectified_on_time": on_time,
                "rectified_late": late,
                "closed": closed,
                "average_days_to_rectify": round(days / rectified, 1) if rectified else None,
            }
        for unit, open_count, overdue in open_rows:
            ranking.setdefault(unit, {"unit": unit}).update(
                open=open_count, overdue=int(overdue or 0)
            )
        return list(ranking.values())


def plain_row(names: list[str], row: tuple[Any, ...]) -> dict[str, Any]:
    item = dict(zip(names, row, strict=True))
    for name in list(item):
        base = name.removeprefix("demand_")
        if base in BOOLEANS and item[name] is not None:
            item[name] = bool(item[name])
        if base in JSON_TEXT and isinstance(item[name], str):
            item[name] = json.loads(item[name])
    return item


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
