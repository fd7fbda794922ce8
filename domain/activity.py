"""The Activity aggregate: one sit-in, walk-through or inspection round, from its registration
(备案) to its record (工作记录表), and the problems it found point back at it."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from eventsourcing.domain import Aggregate

from domain.activity_codes import (
    ActivityKind,
    ActivityStatus,
    LeaderRole,
    SitInLength,
    Slot,
    WalkMode,
)
from domain.activity_commands import ActivityCommands
from domain.activity_records import (
    ActivityRecord,
    CheckResult,
    Correction,
    InspectionRecord,
    SitInRecord,
    WalkThroughRecord,
)
from domain.actor import Actor
from domain.codes import SourceMode
from domain.commanded import Commanded, CommandedEvent
from domain.evidence import EvidenceFile
from domain.recording_time import recorded_now


class Activity(ActivityCommands, Commanded):
    """Registration and record are separate facts: a sit-in is filed a week ahead and recorded
    after it happened; an activity recorded without a filing is registered in the same save."""

    class Event(CommandedEvent):
        pass

    class Registered(Aggregate.Created):
        create_timestamp = staticmethod(recorded_now)

        kind: ActivityKind
        unit: str
        on: date
        leader: str
        leader_role: LeaderRole | None
        planned: bool
        actor: Actor
        command_id: str

        def apply(self, aggregate: Any) -> None:
            activity: Activity = aggregate
            activity.start(self)

    class SitInRecorded(Event):
        length: SitInLength
        signed_in: time
        signed_out: time
        services: dict[str, int]
        examined: str
        record_sheet_submitted: bool

        def apply_to(self, activity: Activity) -> None:
            activity.record = SitInRecord(
                self.length, self.signed_in, self.signed_out, dict(self.services), self.examined
            )
            activity.status = ActivityStatus.DONE
            if self.record_sheet_submitted:
                activity.record_sheet_on = activity.on

    class WalkThroughRecorded(Event):
        item: str
        mode: WalkMode
        experiences: dict[str, str]
        minutes_taken: int
        trips: int

        def apply_to(self, activity: Activity) -> None:
            activity.record = WalkThroughRecord(
                self.item, self.mode, dict(self.experiences), self.minutes_taken, self.trips
            )
            activity.status = ActivityStatus.DONE

    class InspectionRecorded(Event):
        level: SourceMode
        slot: Slot | None
        inspectors: list[str]
        checks: dict[str, dict[str, Any]]

        def apply_to(self, activity: Activity) -> None:
            checks = {
                code: CheckResult(bool(result["passed"]), str(result["note"]))
                for code, result in self.checks.items()
            }
            activity.record = InspectionRecord(
                self.level, self.slot, tuple(self.inspectors), checks
            )
            activity.status = ActivityStatus.DONE

    class RecordSheetSubmitted(Event):
        class_version = 2

        submitted_on: date
        files: tuple[EvidenceFile, ...]  # the scanned 工作记录表

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["files"] = ()

        def apply_to(self, activity: Activity) -> None:
            activity.record_sheet_on = self.submitted_on
            activity.record_sheet_files = tuple(self.files)

    class Cancelled(Event):
        reason: str

        def apply_to(self, activity: Activity) -> None:
            activity.status = ActivityStatus.CANCELLED
            activity.cancel_reason = self.reason

    class RecordCorrected(Event):
        """Always followed, in the same save, by the kind's record event with the right
        details; the record stays in force until that event replaces it."""

        reason: str

        def apply_to(self, activity: Activity) -> None:
            activity.corrections.append(Correction(self.reason, self.actor.name, self.timestamp))

    class Withdrawn(Event):
        reason: str

        def apply_to(self, activity: Activity) -> None:
            activity.status = ActivityStatus.WITHDRAWN
            activity.withdraw_reason = self.reason

    def start(self, registered: Activity.Registered) -> None:
        self.kind = registered.kind
        self.unit = registered.unit
        self.on = registered.on
        self.leader = registered.leader
        self.leader_role = registered.leader_role
        self.planned = registered.planned
        self.registered_by = registered.actor
        self.status = ActivityStatus.SCHEDULED
        self.record: ActivityRecord | None = None
        self.record_sheet_on: date | None = None
        self.record_sheet_files: tuple[EvidenceFile, ...] = ()
        self.cancel_reason = ""
        self.corrections: list[Correction] = []
        self.withdraw_reason = ""
        self.remember_command(registered.command_id)

    @property
    def level(self) -> SourceMode | None:
        """An inspection round's level once recorded (who may change it depends on it)."""
        return self.record.level if isinstance(self.record, InspectionRecord) else None
