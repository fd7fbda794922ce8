"""GET /lists/*, /board and /reports/units: the read models, filtered and paged, or as files."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import partial
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Response

from api.deps import CurrentActor
from api.providers import ListsDep, UnitsDep
from api.schemas.base import MinPosition, SupportedDate
from api.schemas.lists import (
    BoardRow,
    DemandPage,
    DemandRow,
    ProblemPage,
    ProblemRow,
    RankingRow,
    RectificationPage,
    RectificationRow,
    TrendMonth,
    UnitReport,
    listed,
    rows,
)
from application.lists import ListFilter, every_row
from application.rows import Listed
from domain.codes import Category, Source
from domain.district_rules import Phase
from domain.periods import parse_period
from domain.status import Light, Status
from infrastructure.files import CSV, XLSX, list_attachment

router = APIRouter(tags=["lists and reports"])


class Format(Enum):
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"


async def list_filter(
    unit: Annotated[
        str | None, Query(max_length=40, description="found in, held by or asked")
    ] = None,
    source: Source | None = None,
    category: Category | None = None,
    status: Status | None = None,
    light: Light | None = None,
    phase: Annotated[
        Phase | None, Query(description="the open phase: signing, planning, rectifying, accepting")
    ] = None,
    flagged: bool | None = None,
    late: Annotated[
        bool | None,
        Query(description="true: rectified after its deadline; false: rectified by it"),
    ] = None,
    reopened: Annotated[
        bool | None,
        Query(description="true: reopened (退回重办) at least once; false: never"),
    ] = None,
    quarter: Annotated[
        str | None, Query(pattern=r"^\d{4}Q[1-4]$", description="found in that quarter, 2026Q3")
    ] = None,
    found_from: SupportedDate | None = None,
    found_to: SupportedDate | None = None,
    q: Annotated[
        str | None,
        Query(
            max_length=100,
            description="text in title or description; a number alone (199, #199, 第199号) "
            "also finds the problem of that number",
        ),
    ] = None,
    activity_id: Annotated[
        UUID | None, Query(description="found in this sit-in, walk-through or round")
    ] = None,
    sort: Annotated[
        str,
        Query(
            pattern=r"^-?(number|found_on|due_on|unit)$",
            description="order: number (default), found_on, due_on (none last) or unit "
            "(responsible); a leading - reverses it; then by number",
        ),
    ] = "number",
    responsible_unit: Annotated[
        str | None, Query(max_length=40, description="held by this unit (the board's counts)")
    ] = None,
    open: Annotated[
        bool | None,
        Query(description="true: logged, handed or assigned; false: rectified or closed"),
    ] = None,
) -> ListFilter:
    return ListFilter(
        unit=unit,
        source=source.value if source else None,
        category=category.value if category else None,
        status=status.value if status else None,
        light=light.value if light else None,
        phase=phase.value if phase else None,
        flagged=flagged,
        late=late,
        reopened=reopened,
        quarter=parse_period(quarter, "quarter") if quarter else None,
        found_from=found_from,
        found_to=found_to,
        q=q,
        activity_id=str(activity_id) if activity_id else None,
        sort=sort,
        responsible_unit=responsible_unit,
        open=open,
    )


Filters = Annotated[ListFilter, Depends(list_filter)]
Limit = Annotated[int, Query(ge=1, le=500)]
Cursor = Annotated[str | None, Query(max_length=200, description="next_cursor of the last page")]


@dataclass(frozen=True)
class Paging:
    """A page asked for (or, with format=csv|xlsx, every row as a file)."""

    cursor: str | None
    limit: int
    min_position: int | None
    format: Format

    @property
    def asked(self) -> tuple[str | None, int, int | None]:
        return self.cursor, self.limit, self.min_position


async def paging(
    limit: Limit = 50,
    cursor: Cursor = None,
    format: Format = Format.JSON,
    min_position: MinPosition = None,
) -> Paging:
    return Paging(cursor, limit, min_position, format)


PagingDep = Annotated[Paging, Depends(paging)]
FILES: dict[int | str, dict[str, Any]] = {200: {"content": {CSV: {}, XLSX: {}}}}


def as_file(name: str, rows: list[Listed], units: UnitsDep, format: Format) -> Response:
    names = {u.code: u.name for u in units.list_units()}
    return list_attachment(name, rows, names, format.value)


@router.get("/lists/problems", response_model=ProblemPage, responses=FILES)
def list_problems(
    actor: CurrentActor, lists: ListsDep, units: UnitsDep, paging: PagingDep, f: Filters
) -> Any:
    """问题清单: every problem, where and how found, who holds it, status, deadline, light."""
    page = lists.problems(actor, f, *paging.asked)
    if paging.format is Format.JSON:
        return ProblemPage(items=listed(ProblemRow, page.items), next_cursor=page.next_cursor)
    return as_file(
        "problems", every_row(partial(lists.problems, actor, f), page), units, paging.format
    )


@router.get("/lists/rectifications", response_model=RectificationPage, responses=FILES)
def list_rectifications(
    actor: CurrentActor, lists: ListsDep, units: UnitsDep, paging: PagingDep, f: Filters
) -> Any:
    """整改清单: problems under rectification: measures, owner, deadlines, on time or late."""
    page = lists.rectifications(actor, f, *paging.asked)
    if paging.format is Format.JSON:
        items = listed(RectificationRow, page.items)
        return RectificationPage(items=items, next_cursor=page.next_cursor)
    read = partial(lists.rectifications, actor, f)
    return as_file("rectifications", every_row(read, page), units, paging.format)


@router.get("/lists/demands", response_model=DemandPage, responses=FILES)
def list_demands(
    actor: CurrentActor, lists: ListsDep, units: UnitsDep, paging: PagingDep, f: Filters
) -> Any:
    """需求清单: every demand raised with a problem, the unit asked, and whether it was met."""
    page = lists.demands(actor, f, *paging.asked)
    if paging.format is Format.JSON:
        return DemandPage(items=listed(DemandRow, page.items), next_cursor=page.next_cursor)
    return as_file(
        "demands", every_row(partial(lists.demands, actor, f), page), units, paging.format
    )


@router.get("/board")
def board(actor: CurrentActor, lists: ListsDep, min_position: MinPosition = None) -> list[BoardRow]:
    """红黄绿: per unit, open problems by light, and those flagged (挂牌督办)."""
    return rows(BoardRow, lists.board(actor, min_position))


@router.get("/reports/trend")
def trend(
    actor: CurrentActor,
    lists: ListsDep,
    months: Annotated[int, Query(ge=1, le=36, description="how many months, this one last")] = 12,
) -> list[TrendMonth]:
    """The monthly trend of the units the reader may see (a unit lead: its own)."""
    return rows(TrendMonth, lists.trend(actor, months))


@router.get("/reports/units")
def unit_report(
    actor: CurrentActor,
    lists: ListsDep,
    period: Annotated[str, Query(description="a month (2026-11) or a quarter (2026Q3)")],
    min_position: MinPosition = None,
) -> UnitReport:
    """Monthly bulletin / quarterly review: units ranked by overdue, late and open problems."""
    ranking = lists.unit_ranking(actor, parse_period(period), min_position)
    return UnitReport(
        period=ranking.period.key,
        start=ranking.period.start.isoformat(),
        end=ranking.period.end.isoformat(),
        units=rows(RankingRow, ranking.units),
        most_overdue=ranking.most_overdue,
        ranked_units=ranking.ranked_units,
    )
