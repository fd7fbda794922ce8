"""The official working-day calendar: which years are known and from where, each year's days,
and recording a year from the State Council's notice (the office or the admin)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from api.deps import CurrentActor
from api.providers import CalendarDep, WorkingYearsDep
from api.schemas.base import ActorResponse, Strict, SupportedDate
from domain.errors import NotVisibleError
from domain.official_year import FIRST_YEAR, LAST_YEAR, MAX_DAYS

router = APIRouter(tags=["working-day calendar"])

Year = Annotated[int, Path(ge=FIRST_YEAR, le=LAST_YEAR)]
Source = Literal["recorded", "file", "package"]


class CalendarYearRequest(Strict):
    holidays: list[SupportedDate] = Field(
        max_length=MAX_DAYS,
        description="the days off (放假) the notice names; weekends may be left out",
    )
    workdays: list[SupportedDate] = Field(
        default=[], max_length=MAX_DAYS, description="the weekend days worked instead (调休上班)"
    )
    notice: str = Field(max_length=200, description="the notice it comes from (title or number)")


class CalendarYearResponse(BaseModel):
    year: int
    source: Source = Field(description="recorded here, the override file, or the bundled package")
    holidays: list[date] = Field(description="days off that fall on a weekday")
    workdays: list[date] = Field(description="make-up working days on a weekend")
    notice: str = ""
    recorded_at: datetime | None = None
    recorded_by: ActorResponse | None = None


class CalendarResponse(BaseModel):
    years: dict[int, Source] = Field(description="every known year and where its days come from")


@router.get("/calendar")
def known_years(_: CurrentActor, calendar: CalendarDep) -> CalendarResponse:
    """A deadline in a year not listed here is counted in calendar days only when given as a
    date; working days there are refused until the year is recorded."""
    calendar.reread()
    return CalendarResponse(years=calendar.coverage())


@router.get("/calendar/{year}")
def calendar_year(
    year: Year, _: CurrentActor, calendar: CalendarDep, years: WorkingYearsDep
) -> CalendarYearResponse:
    calendar.reread()
    official = calendar.official(year)
    if official is None:
        raise NotVisibleError(f"the calendar of {year} is not known")
    source = calendar.coverage()[year]
    recorded = years.recorded().get(year) if source == "recorded" else None
    return CalendarYearResponse(
        year=year,
        source=source,
        holidays=sorted(
            d for d in official.holidays if d.weekday() < 5
        ),  # file years may list more
        workdays=sorted(official.workdays),
        notice=recorded.notice if recorded else "",
        recorded_at=recorded.recorded_at if recorded else None,
        recorded_by=ActorResponse.of(recorded.recorded_by) if recorded else None,
    )


@router.put("/calendar/{year}")
def record_calendar_year(
    year: Year,
    body: CalendarYearRequest,
    actor: CurrentActor,
    calendar: CalendarDep,
    years: WorkingYearsDep,
) -> CalendarYearResponse:
    """Record (or put right) a year from its notice; from then on every deadline in it is
    counted over these days, in every process of the service within seconds."""
    years.record(actor, year, body.holidays, body.workdays, body.notice)
    return calendar_year(year, actor, calendar, years)
