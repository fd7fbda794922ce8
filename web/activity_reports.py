"""The printable activity pages: the year's 坐诊问效计划表 in the seed's layout (序号, 月份,
重点部门, 其他部门) with the office's form to plan a unit, next week's sit-in announcement,
and the compliance page naming the units behind."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from domain.activity_permissions import check_can_plan
from domain.actor import Actor
from domain.codes import UnitKind
from domain.compliance import WindowStatus
from domain.errors import InvalidValueError, PermissionDeniedError
from domain.periods import last_months, parse_long_period, parse_week
from web.form_fields import submitted
from web.providers import ActivitiesDep, ActivityReadsDep, ProblemsDep, UnitsDep
from web.refusals import refusal_of
from web.rendering import page, to
from web.session import PersonDep

router = APIRouter(include_in_schema=False)
MONTHS = range(1, 13)


@router.get("/workbench/activities/plan")
def plan_page(
    request: Request,
    person: PersonDep,
    activities: ActivitiesDep,
    units: UnitsDep,
    problems: ProblemsDep,
    year: Annotated[int | None, Query(ge=2000, le=2099)] = None,
    done: str = "",
) -> Response:
    if person.account.must_change:
        return to("/password")
    chosen = year or problems.today().year
    return _plan(request, person, activities, units, chosen, done=bool(done))


@router.post("/workbench/activities/plan")
async def plan_unit(
    request: Request, person: PersonDep, activities: ActivitiesDep, units: UnitsDep
) -> Response:
    f = await submitted(request, person)

    def run() -> Response:
        year = f.number("year", required=True) or 0
        try:
            months = [m for m in MONTHS if f.checked(f"month_{m}")]
            activities.plan(person.account.actor, year, f.text("unit"), months)
        except Exception as error:
            refusal = refusal_of(error)
            return _plan(request, person, activities, units, year, refusal=refusal)
        return to(f"/workbench/activities/plan?year={year}&done=1")

    return await run_in_threadpool(run)


def _plan(
    request: Request,
    person: PersonDep,
    activities: ActivitiesDep,
    units: UnitsDep,
    year: int,
    done: bool = False,
    refusal: object = None,
) -> Response:
    if not 2000 <= year <= 2099:
        return page(request, "not_found.html", person, 422, message="年份应在2000至2099之间。")
    plan = activities.plan_for(year)
    sitting = [u for u in units.list_units() if u.kind in (UnitKind.KEY, UnitKind.OTHER)]

    def planned(kind: UnitKind, month: int) -> list[str]:
        return [u.name for u in sitting if u.kind is kind and month in plan.months.get(u.code, [])]

    rows = [(m, planned(UnitKind.KEY, m), planned(UnitKind.OTHER, m)) for m in MONTHS]
    return page(
        request,
        "plan.html",
        person,
        getattr(refusal, "status", 200),
        year=year,
        rows=rows,
        unit_options=[(u.code, u.name) for u in sitting if u.serving],
        may_plan=may(check_can_plan, person.account.actor),
        refusal=refusal,
        done=done,
    )


@router.get("/workbench/activities/announcement")
def announcement_page(
    request: Request,
    person: PersonDep,
    reads: ActivityReadsDep,
    week: Annotated[str, Query(max_length=10)] = "",
) -> Response:
    if person.account.must_change:
        return to("/password")
    try:
        chosen = parse_week(week) if week else None
        notice = reads.announcement(person.account.actor, chosen)
    except InvalidValueError:
        return page(request, "not_found.html", person, 422, message="周次应如 2026-W49。")
    except PermissionDeniedError:
        return page(request, "forbidden.html", person, 403)
    return page(request, "announcement.html", person, notice=notice)


@router.get("/workbench/activities/compliance")
def compliance_page(
    request: Request,
    person: PersonDep,
    reads: ActivityReadsDep,
    problems: ProblemsDep,
    period: Annotated[str, Query(max_length=10)] = "",
) -> Response:
    if person.account.must_change:
        return to("/password")
    try:
        chosen = parse_long_period(period) if period else last_months(problems.today(), 1)[0]
        report = reads.compliance(person.account.actor, chosen)
    except InvalidValueError:
        message = "时段应如 2026-11、2026Q4、2026H2 或 2026。"
        return page(request, "not_found.html", person, 422, message=message)
    except PermissionDeniedError:
        return page(request, "forbidden.html", person, 403)
    return page(
        request,
        "compliance.html",
        person,
        report=report,
        met=WindowStatus.MET,
        missed=WindowStatus.MISSED,
        open_=WindowStatus.OPEN,
    )


def may(check: Callable[[Actor], None], actor: Actor) -> bool:
    try:
        check(actor)
    except PermissionDeniedError:
        return False
    return True
