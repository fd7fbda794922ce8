"""POST /problems and the commands on one problem: thin calls into application.problems."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path, Response, status

from api.deps import Context, etag
from api.providers import ProblemsDep
from api.schemas.commands import (
    AnswerDemandRequest,
    AssignRequest,
    CloseRequest,
    CorrectRequest,
    CoUnitPartBody,
    CoUnitsBody,
    EscalateRequest,
    ExtensionDecisionBody,
    ExtensionRequestBody,
    FlagRequest,
    LogProblemRequest,
    RaiseDemandRequest,
    RectifyRequest,
    ReopenRequest,
    SetDeadlineRequest,
    WaiveBody,
    WithdrawRequest,
    named,
)
from api.schemas.problems import DemandCreatedResponse, ExtensionCreatedResponse, ProblemResponse
from application.problems import ProblemView

router = APIRouter(prefix="/problems", tags=["problems (commands)"])


def answer(view: ProblemView, response: Response) -> ProblemResponse:
    response.headers["ETag"] = etag(view.problem.version)
    return ProblemResponse.of(view.problem, view.light, view.position)


@router.post("", status_code=status.HTTP_201_CREATED)
def log_problem(
    body: LogProblemRequest, ctx: Context, problems: ProblemsDep, response: Response
) -> ProblemResponse:
    written = problems.log_problem(ctx, body.to_new_problem(), body.named_files())
    response.headers["Location"] = f"/problems/{written.problem.id}"
    return answer(written, response)


@router.post("/{problem_id}/assign")
def assign(
    problem_id: UUID, body: AssignRequest, ctx: Context, problems: ProblemsDep, response: Response
) -> ProblemResponse:
    written = problems.assign(ctx, problem_id, body.unit, body.assignee)
    return answer(written, response)


@router.post("/{problem_id}/deadline")
def set_deadline(
    problem_id: UUID,
    body: SetDeadlineRequest,
    ctx: Context,
    problems: ProblemsDep,
    response: Response,
) -> ProblemResponse:
    written = problems.set_deadline(
        ctx,
        problem_id,
        due_on=body.due_on,
        working_days=body.working_days,
        start_on=body.start_on,
        reason=body.reason,
    )
    return answer(written, response)


@router.post("/{problem_id}/rectify")
def rectify(
    problem_id: UUID, body: RectifyRequest, ctx: Context, problems: ProblemsDep, response: Response
) -> ProblemResponse:
    written = problems.rectify(ctx, problem_id, body.to_fix(), named(body.files))
    return answer(written, response)


@router.post("/{problem_id}/close")
def close(
    problem_id: UUID, body: CloseRequest, ctx: Context, problems: ProblemsDep, response: Response
) -> ProblemResponse:
    return answer(problems.close(ctx, problem_id, body.note), response)


@router.post("/{problem_id}/escalate")
def escalate(
    problem_id: UUID, body: EscalateRequest, ctx: Context, problems: ProblemsDep, response: Response
) -> ProblemResponse:
    written = problems.escalate(ctx, problem_id, body.to_unit, body.reason)
    return answer(written, response)


@router.post("/{problem_id}/reopen")
def reopen(
    problem_id: UUID, body: ReopenRequest, ctx: Context, problems: ProblemsDep, response: Response
) -> ProblemResponse:
    return answer(problems.reopen(ctx, problem_id, body.reason), response)


@router.post("/{problem_id}/withdraw")
def withdraw(
    problem_id: UUID,
    body: WithdrawRequest,
    ctx: Context,
    problems: ProblemsDep,
    response: Response,
) -> ProblemResponse:
    """撤销: the office takes back a problem logged in error; kept in the log, counted nowhere."""
    return answer(problems.withdraw(ctx, problem_id, body.reason), response)


@router.post("/{problem_id}/reinstate")
def reinstate(
    problem_id: UUID,
    body: WithdrawRequest,
    ctx: Context,
    problems: ProblemsDep,
    response: Response,
) -> ProblemResponse:
    """恢复办理: the office puts back a problem it withdrew by mistake, to the status it was
    withdrawn from; counted again from then on."""
    return answer(problems.reinstate(ctx, problem_id, body.reason), response)


@router.post("/{problem_id}/correct")
def correct(
    problem_id: UUID,
    body: CorrectRequest,
    ctx: Context,
    problems: ProblemsDep,
    response: Response,
) -> ProblemResponse:
    """更正: the office puts the record's words or category right, with a reason."""
    changes = body.model_dump(exclude={"reason"})
    return answer(problems.correct(ctx, problem_id, body.reason, **changes), response)


@router.post("/{problem_id}/flag")
def flag(
    problem_id: UUID, body: FlagRequest, ctx: Context, problems: ProblemsDep, response: Response
) -> ProblemResponse:
    written = problems.flag(ctx, problem_id, body.flagged, body.reason)
    return answer(written, response)


@router.post("/{problem_id}/demands", status_code=status.HTTP_201_CREATED)
def raise_demand(
    problem_id: UUID,
    body: RaiseDemandRequest,
    ctx: Context,
    problems: ProblemsDep,
    response: Response,
) -> DemandCreatedResponse:
    written = problems.raise_demand(ctx, problem_id, body.text, body.to_unit)
    number = max(written.problem.demands)
    return DemandCreatedResponse(number=number, problem=answer(written, response))


@router.post("/{problem_id}/demands/{number}/answer")
def answer_demand(
    problem_id: UUID,
    number: int,
    body: AnswerDemandRequest,
    ctx: Context,
    problems: ProblemsDep,
    response: Response,
) -> ProblemResponse:
    written = problems.answer_demand(ctx, problem_id, number, body.answer, body.met)
    return answer(written, response)


@router.post("/{problem_id}/extensions", status_code=status.HTTP_201_CREATED)
def request_extension(
    problem_id: UUID,
    body: ExtensionRequestBody,
    ctx: Context,
    problems: ProblemsDep,
    response: Response,
) -> ExtensionCreatedResponse:
    """延期申请: the responsible unit's lead asks for more working days, with a reason."""
    written = problems.request_extension(
        ctx, problem_id, body.working_days, body.reason, named(body.files)
    )
    number = max(written.problem.extension_requests)
    return ExtensionCreatedResponse(number=number, problem=answer(written, response))


@router.post("/{problem_id}/extensions/{number}/decision")
def decide_extension(
    problem_id: UUID,
    number: Annotated[int, Path(ge=1, le=10_000)],
    body: ExtensionDecisionBody,
    ctx: Context,
    problems: ProblemsDep,
    response: Response,
) -> ProblemResponse:
    """The office approves (all or fewer days, counted from the deadline in force, which moves)
    or rejects with a reason."""
    written = problems.decide_extension(
        ctx, problem_id, number, body.approved, body.working_days, body.reason
    )
    return answer(written, response)


@router.post("/{problem_id}/co-units")
def name_co_units(
    problem_id: UUID, body: CoUnitsBody, ctx: Context, problems: ProblemsDep, response: Response
) -> ProblemResponse:
    """协办: the office names the units helping the responsible one."""
    return answer(problems.name_co_units(ctx, problem_id, tuple(body.units)), response)


@router.post("/{problem_id}/co-units/{unit}/part")
def record_co_unit_part(
    problem_id: UUID,
    unit: Annotated[str, Path(max_length=40)],
    body: CoUnitPartBody,
    ctx: Context,
    problems: ProblemsDep,
    response: Response,
) -> ProblemResponse:
    """The co-unit's lead records what its unit did (the responsible unit reports the problem
    rectified only once every co-unit has, or the office waived it)."""
    written = problems.record_co_unit_part(ctx, problem_id, unit, body.text, body.done_on)
    return answer(written, response)


@router.post("/{problem_id}/co-units/{unit}/waive")
def waive_co_unit_part(
    problem_id: UUID,
    unit: Annotated[str, Path(max_length=40)],
    body: WaiveBody,
    ctx: Context,
    problems: ProblemsDep,
    response: Response,
) -> ProblemResponse:
    return answer(problems.waive_co_unit_part(ctx, problem_id, unit, body.reason), response)
