"""How a problem and its history are shown (docs/API.md, "Problems (reads)")."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from api.schemas.base import ActorResponse
from api.schemas.file_refs import FileRefResponse
from api.schemas.workflow_views import WorkflowResponse
from application.problem_reads import HistoryEntry
from domain.actor import Actor
from domain.co_units import CoUnitPart
from domain.codes import label
from domain.extensions import ExtensionRequest
from domain.problem import Problem
from domain.status import Light


class DeadlineResponse(BaseModel):
    due_on: date
    working_days: int | None
    reason: str
    set_by: ActorResponse


class RectificationResponse(BaseModel):
    measures: str
    result: str
    rectified_on: date
    evidence: list[str]
    late: bool
    on_the_spot: bool = Field(description="立行立改: rectified on the day it was found")
    by: ActorResponse
    entered_afterwards: bool = Field(False, description="补录: entered later by the office")
    backdate_reason: str = ""
    files: list[FileRefResponse] = Field(default_factory=list, description="evidence files")


class DemandResponse(BaseModel):
    number: int
    text: str
    to_unit: str
    raised_on: date
    raised_by: ActorResponse
    answer: str | None
    met: bool | None
    answered_on: date | None


class ExtensionRequestResponse(BaseModel):
    number: int
    working_days: int = Field(description="asked for")
    reason: str
    requested_on: date
    requested_by: ActorResponse
    approved: bool | None = Field(description="None while the office has not decided")
    granted_days: int | None
    decision_reason: str
    decided_on: date | None
    files: list[FileRefResponse] = Field(default_factory=list)

    @classmethod
    def of(cls, r: ExtensionRequest, problem_id: object = None) -> ExtensionRequestResponse:
        return cls(
            number=r.number,
            working_days=r.working_days,
            reason=r.reason,
            requested_on=r.requested_on,
            requested_by=ActorResponse.of(r.requested_by),
            approved=r.approved,
            granted_days=r.granted_days,
            decision_reason=r.decision_reason,
            decided_on=r.decided_on,
            files=FileRefResponse.listed(r.files, f"/problems/{problem_id}/files"),
        )


class CoUnitResponse(BaseModel):
    unit: str
    text: str
    done_on: date | None
    by: ActorResponse | None
    waived_reason: str
    settled: bool = Field(description="its part recorded, or waived by the office")

    @classmethod
    def of(cls, part: CoUnitPart) -> CoUnitResponse:
        by = ActorResponse.of(part.by) if part.by else None
        return cls(
            unit=part.unit,
            text=part.text,
            done_on=part.done_on,
            by=by,
            waived_reason=part.waived_reason,
            settled=part.settled,
        )


class ProblemResponse(BaseModel):
    id: UUID
    version: int
    status: str
    source: str
    source_label: str
    source_mode: str | None
    category: str
    category_label: str
    unit: str
    responsible_unit: str
    assignee: str
    title: str
    description: str
    demand: str
    found_on: date
    found_by: str
    activity_id: str
    location: str
    files: list[FileRefResponse] = Field(
        default_factory=list, description="photos taken when it was found"
    )
    due_on: date | None
    deadlines: list[DeadlineResponse]
    light: str
    flagged: bool
    flag_reason: str
    rectification: RectificationResponse | None
    closed_on: date | None
    close_note: str
    withdraw_reason: str = Field(description="why it was withdrawn (撤销), once `withdrawn`")
    demands: list[DemandResponse]
    extension_requests: list[ExtensionRequestResponse] = Field(
        description="延期申请, oldest first; an approved one also appears in `deadlines`"
    )
    co_units: list[CoUnitResponse] = Field(description="协办单位 and their parts")
    workflow: WorkflowResponse = Field(description="督办: phase, clock, plan, acceptance")
    times_escalated: int
    times_reopened: int
    logged_by: ActorResponse
    logged_at: datetime
    updated_at: datetime
    position: int | None = Field(
        None, description="log position of this write; pass it as min_position to list reads"
    )

    @classmethod
    def of(cls, problem: Problem, light: Light, position: int | None = None) -> ProblemResponse:
        r = problem.rectification
        return cls(
            id=problem.id,
            version=problem.version,
            status=problem.status.value,
            source=problem.source.value,
            source_label=label(problem.source),
            source_mode=problem.source_mode.value if problem.source_mode else None,
            category=problem.category.value,
            category_label=label(problem.category),
            unit=problem.unit,
            responsible_unit=problem.responsible_unit,
            assignee=problem.assignee,
            title=problem.title,
            description=problem.description,
            demand=problem.demand,
            found_on=problem.found_on,
            found_by=problem.found_by,
            activity_id=problem.activity_id,
            location=problem.location,
            files=FileRefResponse.listed(problem.files, f"/problems/{problem.id}/files"),
            due_on=problem.due_on,
            deadlines=[
                DeadlineResponse(
                    due_on=d.due_on,
                    working_days=d.working_days,
                    reason=d.reason,
                    set_by=ActorResponse.of(d.set_by),
                )
                for d in problem.deadlines
            ],
            light=light.value,
            flagged=problem.flagged,
            flag_reason=problem.flag_reason,
            rectification=None
            if r is None
            else RectificationResponse(
                measures=r.measures,
                result=r.result,
                rectified_on=r.rectified_on,
                evidence=list(r.evidence),
                late=r.late,
                on_the_spot=r.on_the_spot,
                by=ActorResponse.of(r.by),
                entered_afterwards=r.entered_afterwards,
                backdate_reason=r.backdate_reason,
                files=FileRefResponse.listed(r.files, f"/problems/{problem.id}/files"),
            ),
            closed_on=problem.closed_on,
            close_note=problem.close_note,
            withdraw_reason=problem.withdraw_reason,
            workflow=WorkflowResponse.of(problem),
            demands=[
                DemandResponse(
                    number=d.number,
                    text=d.text,
                    to_unit=d.to_unit,
                    raised_on=d.raised_on,
                    raised_by=ActorResponse.of(d.raised_by),
                    answer=d.answer,
                    met=d.met,
                    answered_on=d.answered_on,
                )
                for d in problem.demands.values()
            ],
            extension_requests=[
                ExtensionRequestResponse.of(r, problem.id)
                for r in problem.extension_requests.values()
            ],
            co_units=[CoUnitResponse.of(part) for part in problem.co_units.values()],
            times_escalated=problem.times_escalated,
            times_reopened=problem.times_reopened,
            logged_by=ActorResponse.of(problem.logged_by),
            logged_at=problem.created_on,
            updated_at=problem.modified_on,
            position=position,
        )


class ExtensionCreatedResponse(BaseModel):
    number: int
    problem: ProblemResponse


class DemandCreatedResponse(BaseModel):
    number: int
    problem: ProblemResponse


class HistoryEntryResponse(BaseModel):
    version: int
    type: str
    recorded_at: datetime
    actor: ActorResponse
    data: dict[str, Any]
    business_date: date | None = Field(
        None, description="the date the fact happened, when the event has one"
    )
    backdated: bool = Field(
        False, description="the business date is before the day it was recorded (CST)"
    )

    @classmethod
    def of(cls, entry: HistoryEntry) -> HistoryEntryResponse:
        return cls(
            version=entry.version,
            type=entry.type,
            recorded_at=entry.recorded_at,
            actor=ActorResponse.of(entry.actor),
            data={k: plain(v) for k, v in entry.data.items()},
            business_date=entry.business_date,
            backdated=entry.backdated,
        )


def plain(value: Any) -> Any:
    """Stored event values as JSON: codes for enums, ISO text for dates, lists for tuples."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, Actor):
        return ActorResponse.of(value).model_dump()
    return value
