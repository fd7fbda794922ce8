"""How a problem's supervision workflow is answered: its open phase and clock, the unit's plan,
send-backs, rejected fixes, follow-ups, and the phases that ended late."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from api.schemas.base import ActorResponse
from api.schemas.file_refs import FileRefResponse
from domain.district_rules import Phase
from domain.problem import Problem


class PlanResponse(BaseModel):
    measures: str
    person: str
    planned_on: date
    by: ActorResponse


class SendBackResponse(BaseModel):
    unit: str
    reason: str
    sent_on: date
    by: ActorResponse


class RejectedFixResponse(BaseModel):
    measures: str
    rectified_on: date
    reason: str
    rejected_on: date
    by: ActorResponse


class FollowUpResponse(BaseModel):
    reached: bool
    satisfied: bool | None
    note: str
    followed_up_on: date
    by: ActorResponse
    files: list[FileRefResponse] = Field(default_factory=list)


class WorkflowResponse(BaseModel):
    phase: str | None = Field(
        description="signing, planning, rectifying, accepting; null with the office or closed"
    )
    phase_started_on: date | None
    phase_due_on: date | None = Field(description="the open phase's last day on time")
    phase_yellow_on: date | None = Field(description="its first yellow day")
    plan: PlanResponse | None
    sent_back: list[SendBackResponse]
    rejected_fixes: list[RejectedFixResponse]
    follow_ups: list[FollowUpResponse]
    accepted: bool = Field(description="closed by the acceptor (验收销号)")
    late_signing: int
    late_planning: int

    @classmethod
    def of(cls, problem: Problem) -> WorkflowResponse:
        clock, plan = problem.open_clock, problem.plan
        phase = problem.phase
        return cls(
            phase=phase.value if phase else None,
            phase_started_on=clock.started_on if clock else None,
            phase_due_on=clock.due_on if clock else None,
            phase_yellow_on=clock.yellow_on if clock else None,
            plan=None
            if plan is None
            else PlanResponse(
                measures=plan.measures,
                person=plan.person,
                planned_on=plan.planned_on,
                by=ActorResponse.of(plan.by),
            ),
            sent_back=[
                SendBackResponse(
                    unit=s.unit, reason=s.reason, sent_on=s.sent_on, by=ActorResponse.of(s.by)
                )
                for s in problem.sent_back
            ],
            rejected_fixes=[
                RejectedFixResponse(
                    measures=r.rectification.measures,
                    rectified_on=r.rectification.rectified_on,
                    reason=r.reason,
                    rejected_on=r.rejected_on,
                    by=ActorResponse.of(r.by),
                )
                for r in problem.rejected_fixes
            ],
            follow_ups=[
                FollowUpResponse(
                    reached=f.reached,
                    satisfied=f.satisfied,
                    note=f.note,
                    followed_up_on=f.followed_up_on,
                    by=ActorResponse.of(f.by),
                    files=FileRefResponse.listed(f.files, f"/problems/{problem.id}/files"),
                )
                for f in problem.follow_ups
            ],
            accepted=problem.accepted,
            late_signing=problem.late_count(Phase.SIGNING),
            late_planning=problem.late_count(Phase.PLANNING),
        )
