"""The Activity aggregate: one sit-in, walk-through or inspection round, from its registration
(备案) to its record (工作记录表), and the problems it found point back at it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.activity_codes import (
    SIX_CHECKS,
    WALK_EXPERIENCES,
    ActivityKind,
    ActivityStatus,
    LeaderRole,
    ServiceKind,
    SitInLength,
    Slot,
    WalkMode,
)
from domain.actor import Actor
from domain.codes import Category, SourceMode, UnitKind
from domain.commanded import Commanded, CommandedEvent
from domain.date_range import check_supported
from domain.errors import InvalidTransitionError, InvalidValueError
from domain.recording_time import recorded_now
from domain.rules import check_not_after, check_not_before, check_text
from domain.text import normal_text

SCHEDULE_NOTICE = timedelta(days=7)
"""Seed 000: units fix their sit-in dates a week ahead and file them with the office."""

UNIT_KINDS: dict[ActivityKind, frozenset[UnitKind]] = {
    ActivityKind.SIT_IN: frozenset({UnitKind.KEY, UnitKind.OTHER}),
    ActivityKind.WALK_THROUGH: frozenset({UnitKind.KEY, UnitKind.OTHER}),
    ActivityKind.INSPECTION: frozenset({UnitKind.HALL}),
}


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
class CheckResult:
    passed: bool
    note: str


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


class Activity(Commanded):
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
        submitted_on: date

        def apply_to(self, activity: Activity) -> None:
            activity.record_sheet_on = self.submitted_on

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
        self.cancel_reason = ""
        self.corrections: list[Correction] = []
        self.withdraw_reason = ""
        self.remember_command(registered.command_id)

    @property
    def level(self) -> SourceMode | None:
        """An inspection round's level once recorded (who may change it depends on it)."""
        return self.record.level if isinstance(self.record, InspectionRecord) else None

    # ----- creation -----

    @classmethod
    def register(
        cls,
        *,
        id: UUID,
        kind: ActivityKind,
        unit: str,
        unit_kind: UnitKind,
        on: date,
        leader: str,
        leader_role: LeaderRole | None,
        today: date,
        planned: bool,
        actor: Actor,
        command_id: str = "",
    ) -> Activity:
        """File an activity: `planned` ones at least a week ahead, the others once they happened."""
        if unit_kind not in UNIT_KINDS[kind]:
            allowed = " or ".join(sorted(k.value for k in UNIT_KINDS[kind]))
            raise InvalidValueError("unit", f"a {kind.value} is made by a {allowed} unit")
        check_supported(on, "on")
        if planned:
            if kind is ActivityKind.INSPECTION:
                raise InvalidValueError("kind", "inspections are unannounced, not scheduled")
            check_not_before(on, today + SCHEDULE_NOTICE, "on", "a week from today")
        else:
            check_not_after(on, today, "on", "today")
        check_text("leader", leader)
        if kind is ActivityKind.INSPECTION:
            if leader_role is not None:
                raise InvalidValueError("leader_role", "an inspection round has no leader role")
        elif leader_role is None:
            raise InvalidValueError("leader_role", "say whether the head or a deputy goes")
        if kind is ActivityKind.WALK_THROUGH and leader_role is not LeaderRole.HEAD:
            raise InvalidValueError("leader_role", "the unit's head walks the process (seed 002)")
        return cls._create(
            cls.Registered,
            id=id,
            kind=kind,
            unit=unit,
            on=on,
            leader=normal_text(leader),
            leader_role=leader_role,
            planned=planned,
            actor=actor,
            command_id=command_id,
        )

    # ----- records -----

    def record_sit_in(
        self,
        *,
        length: SitInLength,
        signed_in: time,
        signed_out: time,
        services: dict[ServiceKind, int],
        examined: str,
        record_sheet_submitted: bool,
        today: date,
        actor: Actor,
        command_id: str = "",
        correction: str = "",
    ) -> None:
        """`correction`: why a recorded sit-in is entered again (the new details replace it)."""
        self._check_recordable(ActivityKind.SIT_IN, today, correction)
        if signed_out <= signed_in:
            raise InvalidValueError("signed_out", "is not after signed_in")
        present = _duration(signed_in, signed_out)
        if present < length.minimum:
            raise InvalidValueError(
                "length",
                f"{_hours(present)} signed in is shorter than a {length.value.replace('_', ' ')}"
                f" ({_hours(length.minimum)} at least)",
            )
        if any(count < 0 for count in services.values()):
            raise InvalidValueError("services", "counts are never negative")
        check_text("examined", examined, required=False)
        self._note_correction(correction, actor, command_id)
        self.trigger_event(
            self.SitInRecorded,
            length=length,
            signed_in=signed_in,
            signed_out=signed_out,
            services={kind.value: services.get(kind, 0) for kind in ServiceKind},
            examined=normal_text(examined),
            record_sheet_submitted=record_sheet_submitted,
            actor=actor,
            command_id=command_id,
        )

    def record_walk_through(
        self,
        *,
        item: str,
        mode: WalkMode,
        experiences: dict[Category, str],
        minutes_taken: int,
        trips: int,
        today: date,
        actor: Actor,
        command_id: str = "",
        correction: str = "",
    ) -> None:
        self._check_recordable(ActivityKind.WALK_THROUGH, today, correction)
        check_text("item", item)
        if not experiences:
            raise InvalidValueError("experiences", "say what the walk-through experienced")
        for category, note in experiences.items():
            if category not in WALK_EXPERIENCES:
                raise InvalidValueError(
                    "experiences", f"'{category.value}' is not one of the four things experienced"
                )
            check_text(f"experiences.{category.value}", note, required=False)
        if minutes_taken < 0 or trips < 0:
            raise InvalidValueError("minutes_taken", "time and trips are never negative")
        self._note_correction(correction, actor, command_id)
        self.trigger_event(
            self.WalkThroughRecorded,
            item=normal_text(item),
            mode=mode,
            experiences={c.value: normal_text(note) for c, note in experiences.items()},
            minutes_taken=minutes_taken,
            trips=trips,
            actor=actor,
            command_id=command_id,
        )

    def record_inspection(
        self,
        *,
        level: SourceMode,
        slot: Slot | None,
        inspectors: list[str],
        checks: dict[Category, CheckResult],
        today: date,
        actor: Actor,
        command_id: str = "",
        correction: str = "",
    ) -> None:
        self._check_recordable(ActivityKind.INSPECTION, today, correction)
        before = self.record if correction else None
        if isinstance(before, InspectionRecord) and (level, slot) != (before.level, before.slot):
            # a self-check's id names its hall, day and slot (one each)
            raise InvalidValueError(
                "slot" if level is before.level else "level",
                "a correction keeps the round's level and slot; withdraw it and record "
                "the right one",
            )
        if level is SourceMode.SELF_CHECK and slot is None:
            raise InvalidValueError("slot", "a self-check says its slot (before, during, closing)")
        if level is not SourceMode.SELF_CHECK and slot is not None:
            raise InvalidValueError("slot", "only a daily self-check has a slot")
        for index, name in enumerate(inspectors):
            check_text(f"inspectors.{index}", name)
        names = [normal_text(name) for name in inspectors]
        if not names:
            raise InvalidValueError("inspectors", "name at least one inspector, none blank")
        missing = [c.value for c in SIX_CHECKS if c not in checks]
        extra = [c.value for c in checks if c not in SIX_CHECKS]
        if missing or extra:
            raise InvalidValueError(
                "checks", f"give the six checks (六查); missing {missing}, not checks {extra}"
            )
        for category, result in checks.items():
            check_text(f"checks.{category.value}.note", result.note, required=not result.passed)
        self._note_correction(correction, actor, command_id)
        self.trigger_event(
            self.InspectionRecorded,
            level=level,
            slot=slot,
            inspectors=names,
            checks={
                c.value: {"passed": checks[c].passed, "note": normal_text(checks[c].note)}
                for c in SIX_CHECKS
            },
            actor=actor,
            command_id=command_id,
        )

    def submit_record_sheet(
        self, submitted_on: date, today: date, actor: Actor, command_id: str = ""
    ) -> None:
        """The 工作记录表 handed in at the desk (seed 000, 五(二)), perhaps days after."""
        if self.kind is not ActivityKind.SIT_IN:
            raise InvalidTransitionError("only a sit-in has a record sheet")
        if self.status is not ActivityStatus.DONE:
            raise InvalidTransitionError("record the sit-in before its record sheet")
        if self.record_sheet_on is not None:
            raise InvalidTransitionError("the record sheet is already in")
        check_not_before(submitted_on, self.on, "submitted_on", "the sit-in")
        check_not_after(submitted_on, today, "submitted_on", "today")
        self.trigger_event(
            self.RecordSheetSubmitted, submitted_on=submitted_on, actor=actor, command_id=command_id
        )

    def cancel(self, reason: str, actor: Actor, command_id: str = "") -> None:
        if self.status is not ActivityStatus.SCHEDULED:
            raise InvalidTransitionError(f"a {self.status.value} activity cannot be cancelled")
        check_text("reason", reason)
        self.trigger_event(
            self.Cancelled, reason=normal_text(reason), actor=actor, command_id=command_id
        )

    def withdraw(self, reason: str, actor: Actor, command_id: str = "") -> None:
        """A record entered in error (wrong unit, day or leader; a round entered twice): it
        stops counting towards the rules, and its history stays."""
        if self.status is not ActivityStatus.DONE:
            raise InvalidTransitionError(
                f"a {self.status.value} activity cannot be withdrawn"
                + (" (cancel it instead)" if self.status is ActivityStatus.SCHEDULED else "")
            )
        check_text("reason", reason)
        self.trigger_event(
            self.Withdrawn, reason=normal_text(reason), actor=actor, command_id=command_id
        )

    def _check_recordable(self, kind: ActivityKind, today: date, correction: str = "") -> None:
        if self.kind is not kind:
            raise InvalidValueError("kind", f"this activity is a {self.kind.value}")
        if correction:
            if self.status is not ActivityStatus.DONE:
                raise InvalidTransitionError(
                    f"a {self.status.value} activity has no record to correct"
                )
            check_text("reason", correction)
            return
        if self.status is not ActivityStatus.SCHEDULED:
            raise InvalidTransitionError(f"a {self.status.value} activity cannot be recorded")
        if self.on > today:
            raise InvalidTransitionError(
                f"the {kind.value} is on {self.on.isoformat()}; record it once it happened"
            )

    def _note_correction(self, correction: str, actor: Actor, command_id: str) -> None:
        if correction:
            self.trigger_event(
                self.RecordCorrected,
                reason=normal_text(correction),
                actor=actor,
                command_id=command_id,
            )


def _duration(start: time, end: time) -> timedelta:
    day = date(2000, 1, 1)
    return datetime.combine(day, end) - datetime.combine(day, start)


def _hours(span: timedelta) -> str:
    minutes = int(span.total_seconds()) // 60
    return f"{minutes // 60}h{minutes % 60:02d}"
