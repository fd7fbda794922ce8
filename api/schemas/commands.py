"""Bodies of the problem commands (docs/API.md, "Problems (commands)")."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field, StrictBool, StrictInt, model_validator

from api.schemas.base import Strict
from application.evidence import Named
from domain.codes import Category, Source, SourceMode
from domain.problem_values import Fix, NewProblem

UnitCode = Annotated[str, Field(min_length=2, max_length=40, examples=["civil_affairs"])]
ShortText = Annotated[str, Field(min_length=1, max_length=200)]
LongText = Annotated[str, Field(min_length=1, max_length=10_000)]
OptionalText = Annotated[str, Field(max_length=10_000)]
EvidenceItem = Annotated[str, Field(min_length=1, max_length=500)]


class FileRef(Strict):
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$", description="as POST /files gave it")]
    name: ShortText = Field(description="the name shown for it (the photo, the scan)")


def named(files: list[FileRef]) -> tuple[Named, ...]:
    """The files a body names, as the commands take them."""
    return tuple(Named(f.sha256, f.name) for f in files)


class LogProblemRequest(Strict):
    source: Source
    category: Category
    unit: UnitCode
    title: ShortText
    description: LongText
    found_on: date
    found_by: ShortText
    source_mode: SourceMode | None = None
    demand: OptionalText = ""
    activity_id: Annotated[str, Field(max_length=100)] = ""
    location: Annotated[str, Field(max_length=200)] = ""
    files: Annotated[list[FileRef], Field(max_length=20)] = Field(
        default_factory=list, description="photos taken when it was found (POST /files)"
    )

    def to_new_problem(self) -> NewProblem:
        return NewProblem(**self.model_dump(exclude={"files"}))

    def named_files(self) -> tuple[Named, ...]:
        return named(self.files)


class AssignRequest(Strict):
    unit: UnitCode
    assignee: Annotated[str, Field(max_length=100)] = ""


class SetDeadlineRequest(Strict):
    due_on: date | None = None
    working_days: Annotated[StrictInt, Field(ge=1, le=366)] | None = None
    start_on: date | None = Field(None, description="working days count from here; default today")
    reason: OptionalText = ""

    @model_validator(mode="after")
    def one_way_to_say_when(self) -> SetDeadlineRequest:
        if (self.due_on is None) == (self.working_days is None):
            raise ValueError("give exactly one of due_on and working_days")
        if self.start_on is not None and self.working_days is None:
            raise ValueError("start_on goes with working_days")
        return self


class RectifyRequest(Strict):
    measures: LongText
    result: LongText
    rectified_on: date | None = None
    evidence: Annotated[list[EvidenceItem], Field(max_length=50)] = Field(default_factory=list)
    files: Annotated[list[FileRef], Field(max_length=20)] = Field(
        default_factory=list, description="evidence files uploaded by POST /files"
    )
    backdate_reason: OptionalText = Field(
        "",
        description="the office's reason for a fix dated more than RECTIFY_BACKDATE_WORKING_DAYS "
        "working days back (补录); a unit lead may not date one that far back",
    )

    def to_fix(self) -> Fix:
        return Fix(
            self.measures,
            self.result,
            self.rectified_on,
            tuple(self.evidence),
            self.backdate_reason,
        )


class CloseRequest(Strict):
    note: OptionalText = ""


class EscalateRequest(Strict):
    to_unit: UnitCode
    reason: LongText


class ReopenRequest(Strict):
    reason: LongText


class WithdrawRequest(Strict):
    """撤销 and 恢复办理 each take a reason."""

    reason: LongText


class CorrectRequest(Strict):
    """更正: the fields given replace the record's; those left out stay as they read."""

    reason: LongText
    title: ShortText | None = None
    description: LongText | None = None
    category: Category | None = None
    found_by: ShortText | None = None
    location: Annotated[str, Field(max_length=200)] | None = None


class FlagRequest(Strict):
    flagged: StrictBool
    reason: OptionalText = ""


class RaiseDemandRequest(Strict):
    text: LongText
    to_unit: UnitCode


class AnswerDemandRequest(Strict):
    answer: LongText
    met: StrictBool


class ExtensionRequestBody(Strict):
    working_days: Annotated[StrictInt, Field(ge=1, le=366)]
    reason: LongText
    files: Annotated[list[FileRef], Field(max_length=20)] = Field(
        default_factory=list, description="what supports the request (POST /files)"
    )


class ExtensionDecisionBody(Strict):
    approved: StrictBool
    working_days: Annotated[StrictInt, Field(ge=1, le=366)] | None = Field(
        None, description="granted, at most the days asked for; default: all of them"
    )
    reason: OptionalText = Field("", description="required to reject")


class CoUnitsBody(Strict):
    units: Annotated[list[UnitCode], Field(max_length=10)] = Field(
        description="the co-units (协办) from now on; [] names none"
    )


class CoUnitPartBody(Strict):
    text: LongText
    done_on: date | None = Field(None, description="default: today")


class WaiveBody(Strict):
    reason: LongText
