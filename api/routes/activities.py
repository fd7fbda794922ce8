"""Activities (sit-ins, walk-throughs, inspection rounds), the sit-in plan, weekly reports, the
weekly announcement and the compliance report: thin calls into the application layer."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Body, Path, Query, Response, status

from api.deps import Context, CurrentActor, etag
from api.providers import ActivitiesDep, ActivityReadsDep
from api.schemas.activities import (
    CancelRequest,
    CorrectionRequest,
    PlanRequest,
    RecordRequest,
    RecordScheduledRequest,
    RecordSheetRequest,
    ScheduleRequest,
    WeeklyReportRequest,
    filing_of,
)
from api.schemas.activity_views import (
    ActivityPage,
    ActivityResponse,
    AnnouncementResponse,
    PlanResponse,
    WeeklyReportResponse,
)
from api.schemas.base import MinPosition, Version
from api.schemas.commands import named
from api.schemas.compliance import ComplianceResponse
from api.schemas.lists import plain
from application.activities import ActivityWritten
from application.activity_reads import ActivityFilter
from domain.activity_codes import ActivityKind, ActivityStatus
from domain.activity_records import Filing
from domain.codes import SourceMode
from domain.periods import Period, parse_long_period, parse_week
from infrastructure.files import XLSX, attachment, file_response
from infrastructure.reports.inspection_week_xlsx import render_inspection_week

router = APIRouter(tags=["activities"])
PeriodText = Annotated[
    str | None,
    Query(
        max_length=10,
        description="a month (2026-11), quarter (2026Q3), half (2026H2), year (2026) "
        "or ISO week (2026-W48)",
    ),
]


def any_period(text: str) -> Period:
    return parse_week(text, "period") if "-W" in text else parse_long_period(text)


def answer(written: ActivityWritten, response: Response) -> ActivityResponse:
    response.headers["ETag"] = etag(written.aggregate.version)
    return ActivityResponse.of(written.aggregate, written.position)


@router.post("/activities", status_code=status.HTTP_201_CREATED)
def record_activity(
    body: Annotated[RecordRequest, Body()],
    ctx: Context,
    activities: ActivitiesDep,
    response: Response,
) -> ActivityResponse:
    """Record a sit-in, walk-through or inspection round that took place (not filed ahead)."""
    written = activities.record(ctx, filing_of(body), body.details())
    response.headers["Location"] = f"/activities/{written.aggregate.id}"
    return answer(written, response)


@router.post("/activities/schedule", status_code=status.HTTP_201_CREATED)
def schedule_activity(
    body: ScheduleRequest, ctx: Context, activities: ActivitiesDep, response: Response
) -> ActivityResponse:
    """File a sit-in or walk-through at least 7 days ahead (备案); record it once it happened."""
    filing = Filing(ActivityKind(body.kind), body.unit, body.on, body.leader, body.leader_role)
    written = activities.schedule(ctx, filing)
    response.headers["Location"] = f"/activities/{written.aggregate.id}"
    return answer(written, response)


@router.post("/activities/{activity_id}/record")
def record_scheduled(
    activity_id: UUID,
    body: Annotated[RecordScheduledRequest, Body()],
    ctx: Context,
    activities: ActivitiesDep,
    response: Response,
) -> ActivityResponse:
    written = activities.record_scheduled(ctx, activity_id, body.details())
    return answer(written, response)


@router.post("/activities/{activity_id}/record-sheet")
def submit_record_sheet(
    activity_id: UUID,
    body: RecordSheetRequest,
    ctx: Context,
    activities: ActivitiesDep,
    response: Response,
) -> ActivityResponse:
    """The sit-in's 工作记录表 was handed in at the desk."""
    written = activities.submit_record_sheet(ctx, activity_id, body.submitted_on, named(body.files))
    return answer(written, response)


@router.post("/activities/{activity_id}/cancel")
def cancel_activity(
    activity_id: UUID,
    body: CancelRequest,
    ctx: Context,
    activities: ActivitiesDep,
    response: Response,
) -> ActivityResponse:
    written = activities.cancel(ctx, activity_id, body.reason)
    return answer(written, response)


@router.post("/activities/{activity_id}/correct")
def correct_activity(
    activity_id: UUID,
    body: Annotated[CorrectionRequest, Body()],
    ctx: Context,
    activities: ActivitiesDep,
    response: Response,
) -> ActivityResponse:
    """Enter a recorded activity's details again, with the reason; who may record it may
    correct it. Unit, day and leader stay: for those, the office withdraws it."""
    written = activities.correct(ctx, activity_id, body.details(), body.reason)
    return answer(written, response)


@router.post("/activities/{activity_id}/withdraw")
def withdraw_activity(
    activity_id: UUID,
    body: CancelRequest,
    ctx: Context,
    activities: ActivitiesDep,
    response: Response,
) -> ActivityResponse:
    """The office strikes out a record entered in error: it no longer counts towards the rules
    and cannot be named by new problems; its history stays."""
    written = activities.withdraw(ctx, activity_id, body.reason)
    return answer(written, response)


@router.get("/activities")
def list_activities(
    actor: CurrentActor,
    activity_reads: ActivityReadsDep,
    kind: ActivityKind | None = None,
    unit: Annotated[str | None, Query(max_length=40)] = None,
    status: ActivityStatus | None = None,
    level: SourceMode | None = None,
    period: PeriodText = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: Annotated[str | None, Query(max_length=300)] = None,
    min_position: MinPosition = None,
) -> ActivityPage:
    """Oldest first; unit leads see their own unit's activities only."""
    f = ActivityFilter(
        kind=kind.value if kind else None,
        unit=unit,
        status=status.value if status else None,
        level=level.value if level else None,
        period=any_period(period) if period else None,
    )
    page = activity_reads.list_activities(actor, f, cursor, limit, min_position)
    items = [plain(row) for row in page.items]
    return ActivityPage.model_validate({"items": items, "next_cursor": page.next_cursor})


@router.get("/activities/{activity_id}")
def get_activity(
    activity_id: UUID,
    actor: CurrentActor,
    activity_reads: ActivityReadsDep,
    response: Response,
    version: Version = None,
) -> ActivityResponse:
    """The activity from its events, with the problems logged from it."""
    detail = activity_reads.detail(actor, activity_id, version)
    response.headers["ETag"] = etag(detail.activity.version)
    return ActivityResponse.of(detail.activity, problems=detail.problems)


@router.get("/activities/{activity_id}/files/{sha256}", response_class=Response)
def activity_file(
    activity_id: UUID,
    sha256: Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")],
    actor: CurrentActor,
    activities: ActivitiesDep,
) -> Response:
    """A scan of the record sheet, to whoever may read the activity; else 404."""
    file, content = activities.record_sheet_file(actor, activity_id, sha256)
    return file_response(file, content)


@router.put("/plans/{year}/{unit}")
def plan_unit(
    year: Annotated[int, Path(ge=2000, le=2100)],
    unit: Annotated[str, Path(max_length=40)],
    body: PlanRequest,
    actor: CurrentActor,
    activities: ActivitiesDep,
) -> PlanResponse:
    """The office sets the months a unit sits in (坐诊问效计划表)."""
    plan = activities.plan(actor, year, unit, body.months)
    return PlanResponse(year=year, units=plan.months)


@router.get("/plans/{year}")
def get_plan(
    year: Annotated[int, Path(ge=2000, le=2100)], actor: CurrentActor, activities: ActivitiesDep
) -> PlanResponse:
    plan = activities.plan_for(year)
    return PlanResponse(year=year, units=plan.months)


@router.post("/weekly-reports", status_code=status.HTTP_201_CREATED)
def submit_weekly_report(
    body: WeeklyReportRequest, ctx: Context, activities: ActivitiesDep
) -> WeeklyReportResponse:
    """A hall's weekly report (周上报), due Friday 16:00; a second one for the week is a 409."""
    week = parse_week(body.week)
    report = activities.submit_weekly_report(ctx, body.hall, week, body.note)
    return WeeklyReportResponse(
        id=str(report.id),
        hall=report.hall,
        week_start=report.monday,
        submitted_at=report.submitted_at.isoformat(),
        on_time=report.on_time,
    )


@router.get("/announcements/sit-ins")
def sit_in_announcement(
    actor: CurrentActor,
    activity_reads: ActivityReadsDep,
    week: Annotated[
        str | None, Query(max_length=10, description="ISO week; default: next week")
    ] = None,
    min_position: MinPosition = None,
) -> AnnouncementResponse:
    """Who sits in at the centre that week, as filed a week ahead (seed 000: published)."""
    chosen = parse_week(week) if week is not None else None
    announcement = activity_reads.announcement(actor, chosen, min_position)
    return AnnouncementResponse.of(announcement)


@router.get("/reports/compliance", tags=["lists and reports"])
def compliance(
    actor: CurrentActor,
    activity_reads: ActivityReadsDep,
    period: Annotated[str, Query(max_length=10, description="2026-11, 2026Q3, 2026H2 or 2026")],
    min_position: MinPosition = None,
) -> ComplianceResponse:
    """Per unit and rule: windows required, met, missed and still open; the units behind named."""
    report = activity_reads.compliance(actor, parse_long_period(period), min_position)
    return ComplianceResponse.of(report)


@router.get(
    "/reports/inspections/weekly.xlsx",
    tags=["lists and reports"],
    response_class=Response,
    responses={200: {"content": {XLSX: {}}}},
)
def inspection_week(
    actor: CurrentActor,
    activity_reads: ActivityReadsDep,
    hall: Annotated[str, Query(max_length=40)],
    week: Annotated[str, Query(max_length=10, examples=["2026-W48"])],
    min_position: MinPosition = None,
) -> Response:
    """巡查情况统计表 (seed 004, annex 2): a hall's inspection rounds of one week."""
    period = parse_week(week)
    rounds = activity_reads.inspection_week(actor, hall, period, min_position)
    return attachment(
        render_inspection_week(rounds),
        XLSX,
        f"{rounds.hall.name}巡查情况统计表{period.key}.xlsx",
        f"inspections-{rounds.hall.code}-{period.key}.xlsx",
        len(rounds.rounds),
    )
