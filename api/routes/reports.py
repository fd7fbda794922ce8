"""GET /reports/quarterly (JSON, .xlsx, .docx): the quarter's submission as of its end."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.deps import CurrentActor, ServicesDep
from api.schemas.reports import BulletinResponse, QuarterlyReportResponse
from application.submissions import QuarterlyReport
from infrastructure.reports.bulletin_docx import render_bulletin_docx
from infrastructure.reports.docx_report import render_docx
from infrastructure.reports.xlsx_report import render_xlsx
from infrastructure.services import Services

router = APIRouter(prefix="/reports", tags=["lists and reports"])
Quarter = Annotated[str, Query(description="an ended quarter, e.g. 2026Q3")]
UnitCode = Annotated[str | None, Query(description="one unit; without it, the district")]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _report(
    services: Services, actor: CurrentActor, quarter: str, unit: str | None
) -> QuarterlyReport:
    return services.submissions.quarterly(actor, quarter, unit)


def _names(services: Services) -> dict[str, str]:
    return {u.code: u.name for u in services.units.list_units()}


def _file_name(report: QuarterlyReport, extension: str) -> str:
    who = report.unit.code if report.unit else "district"
    return f'attachment; filename="rectify-{report.quarter.key}-{who}.{extension}"'


@router.get("/quarterly")
def quarterly(
    actor: CurrentActor, services: ServicesDep, quarter: Quarter, unit: UnitCode = None
) -> QuarterlyReportResponse:
    """The summary (counts by source, category, status; on time, late, overdue, closed; demands;
    carried over) and the three lists, as they stood at the quarter's end."""
    return QuarterlyReportResponse.of(_report(services, actor, quarter, unit))


@router.get("/quarterly.xlsx", response_class=Response, responses={200: {"content": {XLSX: {}}}})
def quarterly_xlsx(
    actor: CurrentActor, services: ServicesDep, quarter: Quarter, unit: UnitCode = None
) -> Response:
    """The same as an Excel workbook: a summary sheet and one sheet per list."""
    report = _report(services, actor, quarter, unit)
    return Response(
        render_xlsx(report, _names(services)),
        media_type=XLSX,
        headers={"Content-Disposition": _file_name(report, "xlsx")},
    )


@router.get("/quarterly.docx", response_class=Response, responses={200: {"content": {DOCX: {}}}})
def quarterly_docx(
    actor: CurrentActor, services: ServicesDep, quarter: Quarter, unit: UnitCode = None
) -> Response:
    """The same as a Word document, ready to print, sign and stamp."""
    report = _report(services, actor, quarter, unit)
    return Response(
        render_docx(report, _names(services)),
        media_type=DOCX,
        headers={"Content-Disposition": _file_name(report, "docx")},
    )


Period = Annotated[str, Query(description="a month (2026-11) or a quarter (2026Q3)")]


@router.get("/bulletin")
def bulletin(actor: CurrentActor, services: ServicesDep, period: Period) -> BulletinResponse:
    """月通报 / 季讲评: units ranked by overdue, late and open problems as of the period's end
    (or now, for a period still running); the worst named with their overdue problems."""
    return BulletinResponse.of(services.submissions.bulletin(actor, period))


@router.get("/bulletin.docx", response_class=Response, responses={200: {"content": {DOCX: {}}}})
def bulletin_docx(actor: CurrentActor, services: ServicesDep, period: Period) -> Response:
    """The same as a Word document."""
    report = services.submissions.bulletin(actor, period)
    disposition = f'attachment; filename="rectify-bulletin-{report.period.key}.docx"'
    return Response(
        render_bulletin_docx(report), media_type=DOCX, headers={"Content-Disposition": disposition}
    )
