"""GET /reports/quarterly (JSON, .xlsx, .docx): the quarter's submission as of its end."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.deps import CurrentActor
from api.providers import SubmissionsDep
from api.schemas.reports import BulletinResponse, QuarterlyReportResponse
from infrastructure.files import DOCX, XLSX
from infrastructure.reports.files import bulletin_file, submission_file

router = APIRouter(prefix="/reports", tags=["lists and reports"])
Quarter = Annotated[str, Query(description="an ended quarter, e.g. 2026Q3")]
UnitCode = Annotated[str | None, Query(description="one unit; without it, the district")]


@router.get("/quarterly")
def quarterly(
    actor: CurrentActor, submissions: SubmissionsDep, quarter: Quarter, unit: UnitCode = None
) -> QuarterlyReportResponse:
    """The summary (counts by source, category, status; on time, late, overdue, closed; demands;
    carried over) and the three lists, as they stood at the quarter's end."""
    return QuarterlyReportResponse.of(submissions.quarterly(actor, quarter, unit))


@router.get("/quarterly.xlsx", response_class=Response, responses={200: {"content": {XLSX: {}}}})
def quarterly_xlsx(
    actor: CurrentActor,
    submissions: SubmissionsDep,
    quarter: Quarter,
    unit: UnitCode = None,
) -> Response:
    """The same as an Excel workbook: a summary sheet and one sheet per list."""
    report = submissions.quarterly(actor, quarter, unit)
    return submission_file(report, "xlsx")


@router.get("/quarterly.docx", response_class=Response, responses={200: {"content": {DOCX: {}}}})
def quarterly_docx(
    actor: CurrentActor,
    submissions: SubmissionsDep,
    quarter: Quarter,
    unit: UnitCode = None,
) -> Response:
    """The same as a Word document, ready to print, sign and stamp."""
    report = submissions.quarterly(actor, quarter, unit)
    return submission_file(report, "docx")


Period = Annotated[str, Query(description="a month (2026-11) or a quarter (2026Q3)")]


@router.get("/bulletin")
def bulletin(actor: CurrentActor, submissions: SubmissionsDep, period: Period) -> BulletinResponse:
    """月通报 / 季讲评: units ranked by overdue, late and open problems as of the period's end
    (or now, for a period still running); the worst named with their overdue problems."""
    return BulletinResponse.of(submissions.bulletin(actor, period))


@router.get("/bulletin.docx", response_class=Response, responses={200: {"content": {DOCX: {}}}})
def bulletin_docx(actor: CurrentActor, submissions: SubmissionsDep, period: Period) -> Response:
    """The same as a Word document."""
    return bulletin_file(submissions.bulletin(actor, period))
