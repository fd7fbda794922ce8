"""Bodies of the supervision workflow's commands (签收, 退回, 整改方案, 回访, 验收)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StrictBool, StrictInt

from api.schemas.base import Strict, SupportedDate
from api.schemas.commands import FileRef, LongText, OptionalText, ShortText


class SendBackBody(Strict):
    reason: LongText = Field(description="why the problem is not this unit's (退回理由)")


class PlanBody(Strict):
    measures: LongText
    person: ShortText = Field(description="who carries the measures out (责任人)")
    due_on: SupportedDate | None = Field(
        None, description="default: the latest the district's rules allow from today"
    )
    working_days: Annotated[StrictInt, Field(ge=0, le=366)] | None = Field(
        None, description="instead of due_on: working days from today (0: today)"
    )


class FollowUpBody(Strict):
    reached: StrictBool = Field(description="was the person who complained reached")
    satisfied: StrictBool | None = Field(None, description="only when reached")
    note: OptionalText = Field("", description="required when not reached")
    files: Annotated[list[FileRef], Field(max_length=20)] = Field(
        default_factory=list, description="the call's record, a photo of the visit (POST /files)"
    )


class AcceptanceBody(Strict):
    accepted: StrictBool = Field(description="true: 验收通过 and struck off; false: 整改不彻底")
    note: OptionalText = Field("", description="验收意见, when accepting")
    reason: OptionalText = Field("", description="why the fix falls short: required to reject")
