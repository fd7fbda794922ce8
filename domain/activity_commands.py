"""The Activity's commands: each checks the rules (seeds 000, 002, 004), then records the fact
as an event of `Activity` (domain/activity.py holds the events and the state they build)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

from domain.activity_codes import (
    SIX_CHECKS,
    WALK_EXPERIENCES,
    ActivityKind,
    ActivityStatus,
    LeaderRole,
    ServiceKind,
)
from domain.activity_permissions import WHEN, ActivityAction
from domain.activity_records import (
    ActivityRecord,
    Filing,
    InspectionDetails,
    InspectionRecord,
    SitInDetails,
    WalkThroughDetails,
)
from domain.codes import SourceMode, UnitKind
from domain.commanded import Stamp
from domain.date_range import check_supported
from domain.errors import InvalidTransitionError, InvalidValueError
from domain.evidence import EvidenceFile
from domain.rules import check_not_after, check_not_before, check_text
from domain.text import normal_text

if TYPE_CHECKING:
    from domain.activity import Activity

SCHEDULE_NOTICE = timedelta(days=7)
"""Seed 000: units fix their sit-in dates a week ahead and file them with the office."""

UNIT_KINDS: dict[ActivityKind, frozenset[UnitKind]] = {
    ActivityKind.SIT_IN: frozenset({UnitKind.KEY, UnitKind.OTHER}),
    ActivityKind.WALK_THROUGH: frozenset({UnitKind.KEY, UnitKind.OTHER}),
    ActivityKind.INSPECTION: frozenset({UnitKind.HALL}),
}


class ActivityCommands:
    """Mixed into `Activity`; what the commands read of it is declared for the type checker
    only (an annotation here would become an argument of its created event)."""

    if TYPE_CHECKING:
        kind: ActivityKind
        on: date
        status: ActivityStatus
        record: ActivityRecord | None
        record_sheet_on: date | None
        Registered: Any
        SitInRecorded: Any
        WalkThroughRecorded: Any
        InspectionRecorded: Any
        RecordSheetSubmitted: Any
        Cancelled: Any
        RecordCorrected: Any
        Withdrawn: Any

        def trigger_event(self, event_class: Any, **kwargs: Any) -> None: ...

        @classmethod
        def _create(cls, event_class: Any, **kwargs: Any) -> Any: ...

    @classmethod
    def register(
        cls,
        id: UUID,
        filing: Filing,
        unit_kind: UnitKind,
        today: date,
        planned: bool,
        stamp: Stamp,
    ) -> Activity:
        """File an activity: `planned` ones at least a week ahead, the others once they happened."""
        kind, role = filing.kind, filing.leader_role
        if unit_kind not in UNIT_KINDS[kind]:
            allowed = " or ".join(sorted(k.value for k in UNIT_KINDS[kind]))
            raise InvalidValueError("unit", f"a {kind.value} is made by a {allowed} unit")
        check_supported(filing.on, "on")
        if planned:
            if kind is ActivityKind.INSPECTION:
                raise InvalidValueError("kind", "inspections are unannounced, not scheduled")
            check_not_before(filing.on, today + SCHEDULE_NOTICE, "on", "a week from today")
        else:
            check_not_after(filing.on, today, "on", "today")
        check_text("leader", filing.leader)
        if kind is ActivityKind.INSPECTION:
            if role is not None:
                raise InvalidValueError("leader_role", "an inspection round has no leader role")
        elif role is None:
            raise InvalidValueError("leader_role", "say whether the head or a deputy goes")
        if kind is ActivityKind.WALK_THROUGH and role is not LeaderRole.HEAD:
            raise InvalidValueError("leader_role", "the unit's head walks the process (seed 002)")
        activity: Activity = cls._create(
            cls.Registered,
            id=id,
            kind=kind,
            unit=filing.unit,
            on=filing.on,
            leader=normal_text(filing.leader),
            leader_role=role,
            planned=planned,
            **stamp.fields,
        )
        return activity

    def record_sit_in(
        self, details: SitInDetails, today: date, stamp: Stamp, correction: str = ""
    ) -> None:
        """`correction`: why a recorded sit-in is entered again (the new details replace it)."""
        self.check_recordable(ActivityKind.SIT_IN, today, correction)
        d = details
        if d.signed_out <= d.signed_in:
            raise InvalidValueError("signed_out", "is not after signed_in")
        present = _duration(d.signed_in, d.signed_out)
        if present < d.length.minimum:
            raise InvalidValueError(
                "length",
                f"{_hours(present)} signed in is shorter than a "
                f"{d.length.value.replace('_', ' ')} ({_hours(d.length.minimum)} at least)",
            )
        if any(count < 0 for count in d.services.values()):
            raise InvalidValueError("services", "counts are never negative")
        check_text("examined", d.examined, required=False)
        self.note_correction(correction, stamp)
        self.trigger_event(
            self.SitInRecorded,
            length=d.length,
            signed_in=d.signed_in,
            signed_out=d.signed_out,
            services={kind.value: d.services.get(kind, 0) for kind in ServiceKind},
            examined=normal_text(d.examined),
            record_sheet_submitted=d.record_sheet_submitted,
            **stamp.fields,
        )

    def record_walk_through(
        self, details: WalkThroughDetails, today: date, stamp: Stamp, correction: str = ""
    ) -> None:
        self.check_recordable(ActivityKind.WALK_THROUGH, today, correction)
        d = details
        check_text("item", d.item)
        if not d.experiences:
            raise InvalidValueError("experiences", "say what the walk-through experienced")
        for category, note in d.experiences.items():
            if category not in WALK_EXPERIENCES:
                raise InvalidValueError(
                    "experiences", f"'{category.value}' is not one of the four things experienced"
                )
            check_text(f"experiences.{category.value}", note, required=False)
        if d.minutes_taken < 0 or d.trips < 0:
            raise InvalidValueError("minutes_taken", "time and trips are never negative")
        self.note_correction(correction, stamp)
        self.trigger_event(
            self.WalkThroughRecorded,
            item=normal_text(d.item),
            mode=d.mode,
            experiences={c.value: normal_text(note) for c, note in d.experiences.items()},
            minutes_taken=d.minutes_taken,
            trips=d.trips,
            **stamp.fields,
        )

    def record_inspection(
        self, details: InspectionDetails, today: date, stamp: Stamp, correction: str = ""
    ) -> None:
        self.check_recordable(ActivityKind.INSPECTION, today, correction)
        d = details
        before = self.record if correction else None
        if isinstance(before, InspectionRecord) and (d.level, d.slot) != (
            before.level,
            before.slot,
        ):  # a self-check's id names its hall, day and slot (one each)
            raise InvalidValueError(
                "slot" if d.level is before.level else "level",
                "a correction keeps the round's level and slot; withdraw it and record "
                "the right one",
            )
        if d.level is SourceMode.SELF_CHECK and d.slot is None:
            raise InvalidValueError("slot", "a self-check says its slot (before, during, closing)")
        if d.level is not SourceMode.SELF_CHECK and d.slot is not None:
            raise InvalidValueError("slot", "only a daily self-check has a slot")
        for index, name in enumerate(d.inspectors):
            check_text(f"inspectors.{index}", name)
        if not d.inspectors:
            raise InvalidValueError("inspectors", "name at least one inspector, none blank")
        missing = [c.value for c in SIX_CHECKS if c not in d.checks]
        extra = [c.value for c in d.checks if c not in SIX_CHECKS]
        if missing or extra:
            raise InvalidValueError(
                "checks", f"give the six checks (六查); missing {missing}, not checks {extra}"
            )
        for category, result in d.checks.items():
            check_text(f"checks.{category.value}.note", result.note, required=not result.passed)
        self.note_correction(correction, stamp)
        self.trigger_event(
            self.InspectionRecorded,
            level=d.level,
            slot=d.slot,
            inspectors=[normal_text(name) for name in d.inspectors],
            checks={
                c.value: {"passed": d.checks[c].passed, "note": normal_text(d.checks[c].note)}
                for c in SIX_CHECKS
            },
            **stamp.fields,
        )

    def submit_record_sheet(
        self,
        submitted_on: date,
        today: date,
        stamp: Stamp,
        files: tuple[EvidenceFile, ...] = (),
    ) -> None:
        """The 工作记录表 handed in at the desk (seed 000, 五(二)), perhaps days after."""
        if self.kind is not ActivityKind.SIT_IN:
            raise InvalidTransitionError("only a sit-in has a record sheet")
        self.check_status(
            "record the sit-in before its record sheet", WHEN[ActivityAction.SUBMIT_RECORD_SHEET]
        )
        if self.record_sheet_on is not None:
            raise InvalidTransitionError("the record sheet is already in")
        check_not_before(submitted_on, self.on, "submitted_on", "the sit-in")
        check_not_after(submitted_on, today, "submitted_on", "today")
        self.trigger_event(
            self.RecordSheetSubmitted, submitted_on=submitted_on, files=files, **stamp.fields
        )

    def cancel(self, reason: str, stamp: Stamp) -> None:
        self.check_status(
            f"a {self.status.value} activity cannot be cancelled", WHEN[ActivityAction.CANCEL]
        )
        check_text("reason", reason)
        self.trigger_event(self.Cancelled, reason=normal_text(reason), **stamp.fields)

    def withdraw(self, reason: str, stamp: Stamp) -> None:
        """A record entered in error (wrong unit, day or leader; a round entered twice): it
        stops counting towards the rules, and its history stays."""
        hint = " (cancel it instead)" if self.status is ActivityStatus.SCHEDULED else ""
        self.check_status(
            f"a {self.status.value} activity cannot be withdrawn{hint}",
            WHEN[ActivityAction.WITHDRAW],
        )
        check_text("reason", reason)
        self.trigger_event(self.Withdrawn, reason=normal_text(reason), **stamp.fields)

    # ----- invariants -----

    def check_status(self, refusal: str, *allowed: ActivityStatus) -> None:
        """Raise `refusal` unless the activity is in one of the `allowed` statuses."""
        if self.status not in allowed:
            raise InvalidTransitionError(refusal)

    def check_recordable(self, kind: ActivityKind, today: date, correction: str = "") -> None:
        if self.kind is not kind:
            raise InvalidValueError("kind", f"this activity is a {self.kind.value}")
        if correction:
            self.check_status(
                f"a {self.status.value} activity has no record to correct",
                WHEN[ActivityAction.CORRECT],
            )
            check_text("reason", correction)
            return
        self.check_status(
            f"a {self.status.value} activity cannot be recorded", WHEN[ActivityAction.RECORD]
        )
        if self.on > today:
            raise InvalidTransitionError(
                f"the {kind.value} is on {self.on.isoformat()}; record it once it happened"
            )

    def note_correction(self, correction: str, stamp: Stamp) -> None:
        if correction:
            self.trigger_event(self.RecordCorrected, reason=normal_text(correction), **stamp.fields)


def _duration(start: time, end: time) -> timedelta:
    day = date(2000, 1, 1)
    return datetime.combine(day, end) - datetime.combine(day, start)


def _hours(span: timedelta) -> str:
    minutes = int(span.total_seconds()) // 60
    return f"{minutes // 60}h{minutes % 60:02d}"
