"""How activities, their pages, plans, weekly reports and the sit-in announcement are shown."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from api.schemas.file_refs import FileRefResponse
from api.schemas.lists import ProblemRow, listed
from application.activity_reads import Announcement
from application.rows import Listed
from domain.activity import Activity
from domain.activity_codes import (
    ACTIVITY_LABELS,
    LeaderRole,
)
from domain.activity_records import (
    InspectionRecord,
    SitInRecord,
    WalkThroughRecord,
)
from domain.codes import label


class PlanResponse(BaseModel):
    year: int
    units: dict[str, list[int]]


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
    record_sheet_files: list[FileRefResponse] = Field(
        default_factory=list, description="the scanned 工作记录表"
    )
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
        problems: list[Listed] | None = None,
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
            record_sheet_files=FileRefResponse.listed(
                activity.record_sheet_files, f"/activities/{activity.id}/files"
            ),
            cancel_reason=activity.cancel_reason,
            corrections=[
                CorrectionResponse(reason=c.reason, by=c.by, at=c.at.isoformat())
                for c in activity.corrections
            ],
            withdraw_reason=activity.withdraw_reason,
            registered_by=activity.registered_by.name,
            version=activity.version,
            position=position,
            problems=None if problems is None else listed(ProblemRow, problems),
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
                on=entry.activity.held_on.isoformat(),
                unit=entry.activity.unit,
                unit_name=entry.unit_name,
                leader=entry.activity.leader,
                leader_role=entry.activity.leader_role,
                activity_id=entry.activity.activity_id,
            )
            for entry in announcement.entries
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
