"""Bodies and answers of the activity routes: sit-ins, walk-throughs, inspection rounds, the plan,
the weekly reports, the announcement and the compliance report."""

from __future__ import annotations

from datetime import date, time
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StrictBool, StrictInt

from api.schemas.base import Strict
from api.schemas.commands import OptionalText, ShortText, UnitCode
from api.schemas.lists import ProblemRow
from application.activity_reads import Announcement, ComplianceReport
from domain.activity import Activity
from domain.activity_codes import (
    ACTIVITY_LABELS,
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
    InspectionRecord,
    SitInDetails,
    SitInRecord,
    WalkThroughDetails,
    WalkThroughRecord,
)
from domain.codes import Category, SourceMode, label
from domain.compliance import WindowStatus

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


class PlanRequest(Strict):
    months: list[Annotated[StrictInt, Field(ge=1, le=12)]] = Field(min_length=1, max_length=12)


class PlanResponse(BaseModel):
    year: int
    units: dict[str, list[int]]


class WeeklyReportRequest(Strict):
    hall: UnitCode
    week: Annotated[str, Field(pattern=r"^\d{4}-W\d{2}$", examples=["2026-W48"])]
    note: OptionalText = ""


class WeeklyReportResponse(BaseModel):
    id: str
    hall: str
    week_start: date
    submitted_at: str
    on_time: bool


class CorrectionResponse(BaseModel):
    reason: str
    by: str
    at: str


class ActivityResponse(BaseModel):
    id: str
    kind: str
    kind_label: str
    unit: str
    on: date
    leader: str
    leader_role: str | None
    planned: bool = Field(description="filed ahead (备案) rather than recorded afterwards")
    status: str
    record: dict[str, Any] | None
    record_sheet_on: date | None
    cancel_reason: str
    corrections: list[CorrectionResponse] = Field(
        description="why the record was entered again; earlier records: ?version="
    )
    withdraw_reason: str
    registered_by: str
    version: int
    position: int | None = Field(None, description="log position of this command's events")
    problems: list[ProblemRow] | None = Field(None, description="problems logged from it")

    @classmethod
    def of(
        cls,
        activity: Activity,
        position: int | None = None,
        problems: list[dict[str, Any]] | None = None,
    ) -> ActivityResponse:
        return cls(
            id=str(activity.id),
            kind=activity.kind.value,
            kind_label=ACTIVITY_LABELS[activity.kind],
            unit=activity.unit,
            on=activity.on,
            leader=activity.leader,
            leader_role=activity.leader_role.value if activity.leader_role else None,
            planned=activity.planned,
            status=activity.status.value,
            record=record_body(activity),
            record_sheet_on=activity.record_sheet_on,
            cancel_reason=activity.cancel_reason,
            corrections=[
                CorrectionResponse(reason=c.reason, by=c.by, at=c.at.isoformat())
                for c in activity.corrections
            ],
            withdraw_reason=activity.withdraw_reason,
            registered_by=activity.registered_by.name,
            version=activity.version,
            position=position,
            problems=None if problems is None else [ProblemRow.model_validate(p) for p in problems],
        )


def record_body(activity: Activity) -> dict[str, Any] | None:
    record = activity.record
    if isinstance(record, SitInRecord):
        return {
            "length": record.length.value,
            "signed_in": record.signed_in.isoformat("minutes"),
            "signed_out": record.signed_out.isoformat("minutes"),
            "services": record.services,
            "examined": record.examined,
        }
    if isinstance(record, WalkThroughRecord):
        return {
            "item": record.item,
            "mode": record.mode.value,
            "mode_label": ACTIVITY_LABELS[record.mode],
            "experiences": record.experiences,
            "minutes_taken": record.minutes_taken,
            "trips": record.trips,
        }
    if isinstance(record, InspectionRecord):
        return {
            "level": record.level.value,
            "level_label": label(record.level),
            "slot": record.slot.value if record.slot else None,
            "inspectors": list(record.inspectors),
            "checks": {c: {"passed": r.passed, "note": r.note} for c, r in record.checks.items()},
            "failed": record.failed,
        }
    return None


class ActivityRow(BaseModel):
    id: str = Field(validation_alias="activity_id")
    kind: str
    unit: str
    status: str
    on: str = Field(validation_alias="held_on")
    leader: str
    leader_role: str | None
    planned: bool
    length: str | None
    signed_in: str | None
    signed_out: str | None
    services: dict[str, int] | None
    examined: str | None
    record_sheet_on: str | None
    item: str | None
    mode: str | None
    experiences: dict[str, str] | None
    minutes_taken: int | None
    trips: int | None
    level: str | None
    slot: str | None
    inspectors: list[str] | None
    checks: dict[str, Any] | None
    failed_checks: int
    corrections: int = Field(description="times the record was entered again")
    cancel_reason: str | None
    withdraw_reason: str | None
    version: int
    updated_at: str


class ActivityPage(BaseModel):
    items: list[ActivityRow]
    next_cursor: str | None


class AnnouncementEntry(BaseModel):
    on: str
    unit: str
    unit_name: str
    leader: str
    leader_role: str | None
    activity_id: str


class AnnouncementResponse(BaseModel):
    week: str
    start: date
    end: date
    entries: list[AnnouncementEntry]
    text: str = Field(description="the announcement as published (领导到政务服务中心办公公告)")

    @classmethod
    def of(cls, announcement: Announcement) -> AnnouncementResponse:
        entries = [
            AnnouncementEntry(
                on=row["held_on"],
                unit=row["unit"],
                unit_name=row["unit_name"],
                leader=row["leader"],
                leader_role=row["leader_role"],
                activity_id=row["activity_id"],
            )
            for row in announcement.entries
        ]
        week = announcement.week
        lines = [
            f"{week.start:%Y年%m月%d日}至{week.end:%m月%d日}部门领导到区政务服务中心办公安排："
        ]
        for entry in entries:
            role = ACTIVITY_LABELS[LeaderRole(entry.leader_role)] if entry.leader_role else ""
            lines.append(f"{entry.on}　{entry.unit_name}　{entry.leader}（{role}）")
        if not entries:
            lines.append("本周无部门领导备案。")
        return cls(
            week=week.key, start=week.start, end=week.end, entries=entries, text="\n".join(lines)
        )


class WindowBody(BaseModel):
    key: str
    first: date
    last: date
    done: int
    status: str = Field(description="met, missed (its time has passed) or open")


class RuleBody(BaseModel):
    rule: str
    label: str
    window: str
    needed_per_window: int
    required: int = Field(description="windows of the rule in the period")
    met: int
    missed: int
    open: int
    done: int = Field(description="activities (self-check slots) counted in those windows")
    behind: bool
    windows: list[WindowBody]


class UnitComplianceBody(BaseModel):
    unit: str
    name: str
    kind: str
    planned_months: list[int]
    behind: bool
    rules: list[RuleBody]


class ComplianceResponse(BaseModel):
    period: str
    start: date
    end: date
    as_of: date
    behind: list[str] = Field(description="names of the units behind schedule")
    units: list[UnitComplianceBody]

    @classmethod
    def of(cls, report: ComplianceReport) -> ComplianceResponse:
        units = []
        for entry in report.units:
            rules = [
                RuleBody(
                    rule=r.requirement.rule.value,
                    label=r.requirement.label,
                    window=r.requirement.window.value,
                    needed_per_window=r.requirement.needed,
                    required=len(r.windows),
                    met=r.count(WindowStatus.MET),
                    missed=r.count(WindowStatus.MISSED),
                    open=r.count(WindowStatus.OPEN),
                    done=sum(w.done for w in r.windows),
                    behind=r.behind,
                    windows=[
                        WindowBody(
                            key=w.key,
                            first=w.first,
                            last=w.last,
                            done=w.done,
                            status=w.status.value,
                        )
                        for w in r.windows
                    ],
                )
                for r in entry.rules
            ]
            units.append(
                UnitComplianceBody(
                    unit=entry.unit.code,
                    name=entry.unit.name,
                    kind=entry.unit.kind.value,
                    planned_months=entry.planned_months,
                    behind=entry.behind,
                    rules=rules,
                )
            )
        return cls(
            period=report.period.key,
            start=report.period.start,
            end=report.period.end,
            as_of=report.as_of,
            behind=[u.unit.name for u in report.behind],
            units=units,
        )
