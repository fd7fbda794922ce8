"""报送登记 in the workbench: the register of an ended quarter (a lead: its own unit), the
sealed scan uploaded from a phone, and the office's 接收 or 退回 with a reason."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from application.context import CommandContext
from application.evidence import Named
from application.ports import today_in_china
from application.submission_register import SubmissionRegister
from domain.errors import DomainError, InvalidValueError, PermissionDeniedError
from domain.periods import parse_period, quarter_key, recent_quarters
from infrastructure.files import file_response
from web.form_fields import new_command_id, submitted
from web.refusals import FieldError, refusal_of
from web.rendering import page, to
from web.session import PersonDep

router = APIRouter(include_in_schema=False)
STATUS = {
    "missing": "未报送",
    "submitted": "已报送，待接收",
    "returned": "已退回",
    "accepted": "已接收",
}
MAX_SCANS = 10


def _register(request: Request) -> SubmissionRegister:
    register: SubmissionRegister = request.app.state.services.register
    return register


def _last_ended(request: Request) -> str:
    today = today_in_china(request.app.state.services.clock)
    return quarter_key(parse_period(quarter_key(today)).start - timedelta(days=1))


def _shown(request: Request, person: PersonDep, quarter: str, **extra: Any) -> Response:
    register = _register(request)
    rows = register.register(person.account.actor, quarter)
    today = today_in_china(request.app.state.services.clock)
    quarters = [q.key for q in recent_quarters(today, 4, ended=True)]
    return page(
        request,
        "submissions.html",
        person,
        extra.pop("status", 200),
        rows=rows,
        quarter=quarter,
        quarters=quarters,
        status_label=STATUS,
        command_id=new_command_id(),
        **extra,
    )


@router.get("/workbench/submissions")
def register_page(
    request: Request,
    person: PersonDep,
    quarter: Annotated[str, Query(max_length=10)] = "",
) -> Response:
    if person.account.must_change:
        return to("/password")
    chosen = quarter or _last_ended(request)
    try:
        parse_period(chosen, "quarter")
        return _shown(request, person, chosen)
    except PermissionDeniedError:
        return page(request, "forbidden.html", person, 403)
    except InvalidValueError:
        return _shown(request, person, _last_ended(request), error="季度应如 2026Q3。")


@router.post("/workbench/submissions/hand-in")
async def hand_in(request: Request, person: PersonDep) -> Response:
    form = await submitted(request, person, max_files=MAX_SCANS)
    quarter, unit = form.text("quarter")[:10], form.text("unit")[:64]
    ctx = CommandContext(person.account.actor, command_id=form.command_id())
    register = _register(request)
    try:
        if not form.uploads:
            raise FieldError("files", "请选择盖章扫描件（照片或 PDF）。")
        scans = tuple(
            Named(register.evidence.upload(ctx.actor, name, content).sha256, name)
            for name, content in form.uploads
        )
        register.hand_in(ctx, unit, quarter, scans)
    except (DomainError, FieldError) as error:
        refusal = refusal_of(error)
        if refusal.status == 403:
            return page(request, "forbidden.html", person, 403)
        message = refusal.message
        if isinstance(error, InvalidValueError) and error.field.startswith("file"):
            message = "文件须为照片（JPEG、PNG、GIF、WebP）或 PDF，且不超过大小限制。"
        return _shown(
            request,
            person,
            quarter or _last_ended(request),
            status=refusal.status,
            error=message,
            error_unit=unit,
        )
    return to(f"/workbench/submissions?quarter={quarter}")


@router.get("/workbench/submissions/{quarter}/{unit}/files/{sha256}")
def submission_file(
    request: Request, person: PersonDep, quarter: str, unit: str, sha256: str
) -> Response:
    """A file of a unit's submission, to those who may see its row; else not found."""
    try:
        file, content = _register(request).file_of(person.account.actor, unit, quarter, sha256)
    except (DomainError, ValueError):
        return page(request, "not_found.html", person, 404)
    return file_response(file, content)


@router.post("/workbench/submissions/decision")
async def decide(request: Request, person: PersonDep) -> Response:
    form = await submitted(request, person)
    quarter, unit = form.text("quarter")[:10], form.text("unit")[:64]
    accepted = form.fields.get("decision") == "accept"
    ctx = CommandContext(person.account.actor, command_id=form.command_id())
    try:
        if not accepted and not form.text("reason").strip():
            raise FieldError("reason", "退回须说明理由。")
        _register(request).decide(ctx, unit, quarter, accepted, form.text("reason"))
    except (DomainError, FieldError) as error:
        refusal = refusal_of(error)
        if refusal.status == 403:
            return page(request, "forbidden.html", person, 403)
        return _shown(
            request, person, quarter, status=refusal.status, error=refusal.message, error_unit=unit
        )
    return to(f"/workbench/submissions?quarter={quarter}")
