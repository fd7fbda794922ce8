"""Bodies of the activity commands: what a sit-in, walk-through or inspection round records,
and their conversion to the domain's filing and details (once, here)."""

from __future__ import annotations

from datetime import date, time
from typing import Annotated, Literal

from pydantic import Field, StrictBool, StrictInt

from api.schemas.base import Strict
from api.schemas.commands import FileRef, OptionalText, ShortText, UnitCode
from domain.activity_codes import (
    ActivityKind,
    LeaderRole,
    ServiceKind,
    SitInLength,
    Slot,
    WalkMode,
)
from domain.activity_records import (
    CheckResult,
    Filing,
    InspectionDetails,
    SitInDetails,
    WalkThroughDetails,
)
from domain.codes import Category, SourceMode

Count = Annotated[StrictInt, Field(ge=0, le=100_000)]


class ServiceCounts(Strict):
    """指导办 / 顶岗办 / 帮代办: how many people were served each way."""

    guided: Count = 0
    stand_in: Count = 0
    assisted: Count = 0


class CheckBody(Strict):
    passed: StrictBool
    note: OptionalText = Field("", description="required when the check failed")


class SitInFields(Strict):
    kind: Literal["sit_in"]
    length: SitInLength = Field(description="half_day needs 3 h signed in, whole_day 6 h")
    signed_in: time = Field(examples=["09:00"], description="China time, on the activity's day")
    signed_out: time = Field(examples=["12:00"])
    services: ServiceCounts = ServiceCounts()
    examined: OptionalText = Field("", description="processes, online services, back office")
    record_sheet_submitted: StrictBool = Field(False, description="工作记录表 handed in")

    def details(self) -> SitInDetails:
        return SitInDetails(
            length=self.length,
            signed_in=self.signed_in,
            signed_out=self.signed_out,
            services={ServiceKind(k): v for k, v in self.services.model_dump().items()},
            examined=self.examined,
            record_sheet_submitted=self.record_sheet_submitted,
        )


class WalkThroughFields(Strict):
    kind: Literal["walk_through"]
    item: ShortText = Field(description="the service item (事项) walked")
    mode: WalkMode
    experiences: dict[Category, OptionalText] = Field(
        min_length=1,
        description="notes on process, supporting, intermediary and certificate (one or more)",
    )
    minutes_taken: Count
    trips: Count

    def details(self) -> WalkThroughDetails:
        return WalkThroughDetails(
            item=self.item,
            mode=self.mode,
            experiences=dict(self.experiences),
            minutes_taken=self.minutes_taken,
            trips=self.trips,
        )


class InspectionFields(Strict):
    kind: Literal["inspection"]
    level: SourceMode = Field(description="self_check, patrol or unannounced")
    slot: Slot | None = Field(None, description="a self-check's slot; none for the others")
    inspectors: list[ShortText] = Field(min_length=1, max_length=20)
    checks: dict[Category, CheckBody] = Field(description="the six checks (六查), each one")

    def details(self) -> InspectionDetails:
        return InspectionDetails(
            level=self.level,
            slot=self.slot,
            inspectors=list(self.inspectors),
            checks={c: CheckResult(b.passed, b.note) for c, b in self.checks.items()},
        )


class Head(Strict):
    unit: UnitCode = Field(description="the unit (for an inspection round: the hall)")
    on: date


class SitInRequest(SitInFields, Head):
    leader: ShortText
    leader_role: LeaderRole


class WalkThroughRequest(WalkThroughFields, Head):
    leader: ShortText = Field(description="the unit's head, who walks")


class InspectionRequest(InspectionFields, Head):
    pass


RecordRequest = Annotated[
    SitInRequest | WalkThroughRequest | InspectionRequest, Field(discriminator="kind")
]
RecordScheduledRequest = Annotated[
    SitInFields | WalkThroughFields | InspectionFields, Field(discriminator="kind")
]


def filing_of(body: SitInRequest | WalkThroughRequest | InspectionRequest) -> Filing:
    kind = ActivityKind(body.kind)
    if isinstance(body, InspectionRequest):
        return Filing(kind, body.unit, body.on, body.inspectors[0])
    role = body.leader_role if isinstance(body, SitInRequest) else LeaderRole.HEAD
    return Filing(kind, body.unit, body.on, body.leader, role)


class ScheduleRequest(Head):
    kind: Literal["sit_in", "walk_through"]
    leader: ShortText
    leader_role: LeaderRole


class SitInCorrection(SitInFields):
    reason: ShortText = Field(description="why the record is entered again")


class WalkThroughCorrection(WalkThroughFields):
    reason: ShortText = Field(description="why the record is entered again")


class InspectionCorrection(InspectionFields):
    reason: ShortText = Field(description="why the record is entered again")


CorrectionRequest = Annotated[
    SitInCorrection | WalkThroughCorrection | InspectionCorrection, Field(discriminator="kind")
]


class CancelRequest(Strict):
    reason: ShortText


class RecordSheetRequest(Strict):
    submitted_on: date | None = Field(None, description="default: today")
    files: Annotated[list[FileRef], Field(max_length=20)] = Field(
        default_factory=list, description="the scanned 工作记录表 (POST /files)"
    )


class PlanRequest(Strict):
    months: list[Annotated[StrictInt, Field(ge=1, le=12)]] = Field(min_length=1, max_length=12)


class WeeklyReportRequest(Strict):
    hall: UnitCode
    week: Annotated[str, Field(pattern=r"^\d{4}-W\d{2}$", examples=["2026-W48"])]
    note: OptionalText = ""
