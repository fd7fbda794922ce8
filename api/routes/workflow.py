"""The supervision workflow's commands on one problem: thin calls into application.workflow."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from api.deps import Context
from api.providers import ProblemsDep
from api.routes.problem_commands import answer
from api.schemas.commands import named
from api.schemas.problems import ProblemResponse
from api.schemas.workflow import AcceptanceBody, FollowUpBody, PlanBody, SendBackBody

router = APIRouter(prefix="/problems", tags=["problems (supervision)"])


@router.post("/{problem_id}/sign")
def sign_for(
    problem_id: UUID, ctx: Context, problems: ProblemsDep, response: Response
) -> ProblemResponse:
    """签收: the unit handed the problem takes it on; its plan's clock starts."""
    return answer(problems.sign_for(ctx, problem_id), response)


@router.post("/{problem_id}/send-back")
def send_back(
    problem_id: UUID, body: SendBackBody, ctx: Context, problems: ProblemsDep, response: Response
) -> ProblemResponse:
    """退回: not this unit's; the office hands it on (POST …/assign)."""
    return answer(problems.send_back(ctx, problem_id, body.reason), response)


@router.post("/{problem_id}/plan")
def record_plan(
    problem_id: UUID, body: PlanBody, ctx: Context, problems: ProblemsDep, response: Response
) -> ProblemResponse:
    """整改方案: measures, the person responsible and a deadline within the district's rules."""
    written = problems.record_plan(
        ctx,
        problem_id,
        body.measures,
        body.person,
        due_on=body.due_on,
        working_days=body.working_days,
    )
    return answer(written, response)


@router.post("/{problem_id}/follow-up")
def follow_up(
    problem_id: UUID, body: FollowUpBody, ctx: Context, problems: ProblemsDep, response: Response
) -> ProblemResponse:
    """回访 with the person who complained (problems from public reviews, before acceptance)."""
    written = problems.follow_up(
        ctx, problem_id, body.reached, body.satisfied, body.note, named(body.files)
    )
    return answer(written, response)


@router.post("/{problem_id}/acceptance")
def decide_acceptance(
    problem_id: UUID, body: AcceptanceBody, ctx: Context, problems: ProblemsDep, response: Response
) -> ProblemResponse:
    """验收: accepted closes it (销号); rejected sends it back to rectifying with a fresh
    deadline under the district's rules (整改不彻底, with its `reason`)."""
    if body.accepted:
        return answer(problems.accept(ctx, problem_id, body.note), response)
    return answer(problems.reject_fix(ctx, problem_id, body.reason), response)
