"""What an activity's commands are given (a filing, the details of a record) and what its state
keeps (the record as stored, corrections)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from domain.activity_codes import ActivityKind, LeaderRole, ServiceKind, SitInLength, Slot, WalkMode
from domain.codes import Category, SourceMode

# ----- given to the commands -----


@dataclass(frozen=True)
class Filing:
    """Who goes where and when: all a schedule needs, and the head of a record."""

    kind: ActivityKind
    unit: str
    on: date
    leader: str
    leader_role: LeaderRole | None = None


@dataclass(frozen=True)
class SitInDetails:
    length: SitInLength
    signed_in: time
    signed_out: time
    services: dict[ServiceKind, int]
    examined: str = ""
    record_sheet_submitted: bool = False


@dataclass(frozen=True)
class WalkThroughDetails:
    item: str
    mode: WalkMode
    experiences: dict[Category, str]
    minutes_taken: int
    trips: int


@dataclass(frozen=True)
class CheckResult:
    passed: bool
    note: str


@dataclass(frozen=True)
class InspectionDetails:
    level: SourceMode
    slot: Slot | None
    inspectors: list[str]
    checks: dict[Category, CheckResult]


Details = SitInDetails | WalkThroughDetails | InspectionDetails
KIND_OF: dict[type, ActivityKind] = {
    SitInDetails: ActivityKind.SIT_IN,
    WalkThroughDetails: ActivityKind.WALK_THROUGH,
    InspectionDetails: ActivityKind.INSPECTION,
}

# ----- kept in the state -----


@dataclass(frozen=True)
class SitInRecord:
    length: SitInLength
    signed_in: time
    signed_out: time
    services: dict[str, int]
    examined: str


@dataclass(frozen=True)
class WalkThroughRecord:
    item: str
    mode: WalkMode
    experiences: dict[str, str]
    minutes_taken: int
    trips: int


@dataclass(frozen=True)
class InspectionRecord:
    level: SourceMode
    slot: Slot | None
    inspectors: tuple[str, ...]
    checks: dict[str, CheckResult]

    @property
    def failed(self) -> list[str]:
        return [code for code, result in self.checks.items() if not result.passed]


ActivityRecord = SitInRecord | WalkThroughRecord | InspectionRecord


@dataclass(frozen=True)
class Correction:
    """Why a record was entered again, by whom and when; the record before it stays in the
    history (GET /activities/{id}?version=)."""

    reason: str
    by: str
    at: datetime
