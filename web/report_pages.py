"""报告 in the workbench: each ended quarter's submission (the unit's, or the district's and any
unit's) viewed and downloaded (.xlsx, .docx), the bulletins by month and quarter, and the
ledger's check (audit verify) for the office and inspectors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from domain.actor import Actor, Role
from domain.errors import InvalidValueError, PermissionDeniedError
from domain.periods import last_months, recent_quarters
from domain.permissions import can_verify_ledger, check_can_verify_ledger
from infrastructure.integrity import Anchor
from infrastructure.reports.bulletin_docx import period_title
from infrastructure.reports.files import bulletin_file, submission_file
from infrastructure.reports.xlsx_report import render_title
from web.labels import unit_option
from web.providers import AuditDep, ProblemsDep, SubmissionsDep, UnitsDep
from web.rendering import page, to
from web.session import PersonDep, SignedIn

router = APIRouter(include_in_schema=False)
R = TypeVar("R")
Key = Annotated[str, Query(max_length=10)]
Unit = Annotated[str, Query(max_length=40)]


@router.get("/workbench/reports")
def reports_page(
    request: Request, person: PersonDep, units: UnitsDep, problems: ProblemsDep
) -> Response:
    if person.account.must_change:
        return to("/password")
    actor = person.account.actor
    if actor.role is Role.ADMIN:
        return page(request, "forbidden.html", person, 403)
    today = problems.today()
    months = last_months(today, 6)[::-1]
    periods = [(m.key, period_title(m.key)) for m in months]
    periods += [(q.key, period_title(q.key)) for q in recent_quarters(today, 4, ended=False)]
    shown = [u for u in units.list_units() if actor.unit in (None, u.code)]
    return page(
        request,
        "reports.html",
        person,
        quarters=recent_quarters(today, 4, ended=True),
        periods=periods,
        own_unit=actor.unit or "",
        unit_options=[unit_option(u) for u in shown if u.kind.value != "office"],
        may_verify=can_verify_ledger(actor),
    )


@router.get("/workbench/reports/quarterly")
def quarterly_page(
    request: Request, person: PersonDep, reports: SubmissionsDep, quarter: Key = "", unit: Unit = ""
) -> Response:
    def show(report: Any) -> Response:
        return page(request, "quarterly.html", person, report=report, title=render_title(report))

    return _read(
        request,
        person,
        quarter,
        lambda: reports.quarterly(_actor(person), quarter, unit or None),
        show,
    )


@router.get("/workbench/reports/quarterly.{extension}")
def quarterly_file(
    request: Request,
    extension: str,
    person: PersonDep,
    reports: SubmissionsDep,
    quarter: Key = "",
    unit: Unit = "",
) -> Response:
    if extension not in ("xlsx", "docx"):
        return page(request, "not_found.html", person, 404)
    return _read(
        request,
        person,
        quarter,
        lambda: reports.quarterly(_actor(person), quarter, unit or None),
        lambda report: submission_file(report, extension),
    )


@router.get("/workbench/reports/bulletin")
def bulletin_page(
    request: Request, person: PersonDep, reports: SubmissionsDep, period: Key = ""
) -> Response:
    def show(report: Any) -> Response:
        title = period_title(report.period.key)
        return page(request, "bulletin.html", person, report=report, title=title)

    return _read(request, person, period, lambda: reports.bulletin(_actor(person), period), show)


@router.get("/workbench/reports/bulletin.docx")
def bulletin_download(
    request: Request, person: PersonDep, reports: SubmissionsDep, period: Key = ""
) -> Response:
    return _read(
        request, person, period, lambda: reports.bulletin(_actor(person), period), bulletin_file
    )


@router.get("/workbench/reports/verify")
def verify_page(
    request: Request,
    person: PersonDep,
    ledger_audit: AuditDep,
    anchor: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    """The hash chain walked from the first event; an anchor printed in a submission must
    still be on it."""
    try:
        check_can_verify_ledger(_actor(person))
    except PermissionDeniedError:
        return page(request, "forbidden.html", person, 403)
    try:
        anchors = [Anchor.parse(anchor)] if anchor.strip() else []
    except ValueError:
        error = "锚点格式应为“记录位置:64位十六进制”，如报送材料所印。"
        return page(request, "verify.html", person, 422, anchor=anchor, error=error)
    verdict = ledger_audit.verify(anchors=anchors)
    return page(request, "verify.html", person, anchor=anchor, verdict=verdict)


def _actor(person: SignedIn) -> Actor:
    return person.account.actor


def _read(
    request: Request,
    person: SignedIn,
    period: str,
    build: Callable[[], R],
    show: Callable[[R], Response],
) -> Response:
    """`show` what `build` gives, or the page that says why not; no period named (a bookmark,
    an address typed in): the reports page, where the periods are to choose from."""
    if person.account.must_change:
        return to("/password")
    if not period:
        return to("/workbench/reports")
    try:
        return show(build())
    except PermissionDeniedError:
        return page(request, "forbidden.html", person, 403)
    except InvalidValueError as error:
        message = {
            "quarter": "只能报送已结束的季度，季度应如 2026Q3。",
            "period": "时段应为已开始的月份（2026-11）或季度（2026Q3）。",
            "unit": "没有这个单位。",
        }.get(error.field, "请求的内容不符合要求。")
        return page(request, "not_found.html", person, 422, message=message)
