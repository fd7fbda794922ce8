"""Commands on activities: file a sit-in or walk-through ahead, record what happened, cancel,
hand in the record sheet; and the office's yearly sit-in plan and the halls' weekly reports."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

from eventsourcing.application import AggregateNotFoundError

from application.context import CommandContext
from application.errors import (
    ActivityNotFoundError,
    DuplicateRecordError,
)
from application.evidence import Evidence, Named, NoFiles
from application.ledger import Ledger
from application.pipeline import Pipeline, Written
from application.ports import Clock, today_in_china
from application.units import Units
from domain.activity import Activity
from domain.activity_codes import (
    ActivityKind,
    ActivityStatus,
)
from domain.activity_permissions import (
    ActivityAction,
    check_can_plan,
    check_can_read_activity,
    check_can_record,
    check_may_change,
)
from domain.activity_records import (
    KIND_OF,
    Details,
    Filing,
    InspectionDetails,
    SitInDetails,
    WalkThroughDetails,
)
from domain.actor import Actor, Role
from domain.codes import SourceMode, UnitKind
from domain.errors import NO_SUCH_ACTIVITY, InvalidValueError, NotVisibleError
from domain.evidence import EvidenceFile
from domain.periods import Period
from domain.recording_time import recording_with
from domain.sit_in_plan import SitInPlan
from domain.weekly_report import WeeklyReport

ActivityWritten = Written[Activity]


def activity_id_for(filing: Filing, details: Details | None, command_id: str) -> UUID:
    """A self-check is one per hall, day and slot, so its id says which; others follow the
    client's retry key (the store then refuses a duplicate creation)."""
    if isinstance(details, InspectionDetails) and details.slot is not None:
        key = f"self-check:{filing.unit}:{filing.on.isoformat()}:{details.slot.value}"
        return uuid5(NAMESPACE_URL, f"rectify:activity:{key}")
    return uuid5(NAMESPACE_URL, f"rectify:activity:{command_id}") if command_id else uuid4()


class Activities:
    def __init__(
        self, ledger: Ledger, units: Units, clock: Clock, evidence: Evidence | None = None
    ) -> None:
        self.ledger = ledger
        self.units = units
        self.clock = clock
        self.evidence = evidence or Evidence(NoFiles(), 0)
        self.pipeline = Pipeline(ledger, clock)

    def today(self) -> date:
        return today_in_china(self.clock)

    # ----- filing and recording -----

    def schedule(self, ctx: CommandContext, filing: Filing) -> ActivityWritten:
        """File a sit-in or walk-through at least a week ahead (seed 000's 备案)."""
        return self._create(ctx, filing, None)

    def record(self, ctx: CommandContext, filing: Filing, details: Details) -> ActivityWritten:
        """Record an activity that was not filed ahead: registered and recorded in one save."""
        if KIND_OF[type(details)] is not filing.kind:
            raise InvalidValueError("kind", f"the record is not a {filing.kind.value}'s")
        return self._create(ctx, filing, details)

    def record_scheduled(
        self, ctx: CommandContext, activity_id: UUID, details: Details
    ) -> ActivityWritten:
        def command(activity: Activity) -> None:
            self._apply(activity, details, ctx)

        return self._change(ctx, activity_id, ActivityAction.RECORD, command)

    def correct(
        self, ctx: CommandContext, activity_id: UUID, details: Details, reason: str
    ) -> ActivityWritten:
        """Enter a recorded activity's details again, saying why (a typo in the times, a check
        marked wrongly); its unit, day and leader stay: for those, withdraw and record anew."""

        def command(activity: Activity) -> None:
            self._apply(activity, details, ctx, correction=reason)

        return self._change(ctx, activity_id, ActivityAction.CORRECT, command)

    def withdraw(self, ctx: CommandContext, activity_id: UUID, reason: str) -> ActivityWritten:
        def command(activity: Activity) -> None:
            activity.withdraw(reason, ctx.stamp)

        return self._change(ctx, activity_id, ActivityAction.WITHDRAW, command)

    def submit_record_sheet(
        self,
        ctx: CommandContext,
        activity_id: UUID,
        submitted_on: date | None,
        files: tuple[Named, ...] = (),
    ) -> ActivityWritten:
        """The 工作记录表 is in; `files`: its scan (POST /files), named by hash."""
        scans = self.evidence.resolve(files)

        def command(activity: Activity) -> None:
            today = self.today()
            activity.submit_record_sheet(submitted_on or today, today, ctx.stamp, scans)

        return self._change(ctx, activity_id, ActivityAction.SUBMIT_RECORD_SHEET, command)

    def cancel(self, ctx: CommandContext, activity_id: UUID, reason: str) -> ActivityWritten:
        def command(activity: Activity) -> None:
            activity.cancel(reason, ctx.stamp)

        return self._change(ctx, activity_id, ActivityAction.CANCEL, command)

    def record_sheet_file(
        self, actor: Actor, activity_id: UUID, sha256: str
    ) -> tuple[EvidenceFile, bytes]:
        """A scan of the activity's record sheet, to those who may read the activity."""
        activity = self.get(actor, activity_id)
        for file in activity.record_sheet_files:
            stored = self.evidence.files.get(sha256) if file.sha256 == sha256 else None
            if stored is not None:
                return file, stored[1]
        raise NotVisibleError("no such file")

    def get(self, actor: Actor, activity_id: UUID, version: int | None = None) -> Activity:
        activity = self.load(activity_id, version)
        check_can_read_activity(actor, activity.unit)
        return activity

    def load(self, activity_id: UUID, version: int | None = None) -> Activity:
        try:
            activity: Activity = self.ledger.repository.get(activity_id, version=version)
        except AggregateNotFoundError:
            raise ActivityNotFoundError(NO_SUCH_ACTIVITY) from None
        if not isinstance(activity, Activity):
            raise ActivityNotFoundError(NO_SUCH_ACTIVITY)
        return activity

    def check_source(self, actor: Actor, activity_id: UUID, source: str) -> Activity:
        """A problem logged from an activity must come from a recorded one of the same kind."""
        try:
            activity = self.get(actor, activity_id)
        except (ActivityNotFoundError, NotVisibleError):  # another unit's is not there either
            raise InvalidValueError("activity_id", "no such activity") from None
        if activity.kind.value != source:
            raise InvalidValueError(
                "activity_id", f"the activity is a {activity.kind.value}, the problem a {source}"
            )
        if activity.record is None:
            raise InvalidValueError("activity_id", "the activity has not been recorded yet")
        if activity.status is ActivityStatus.WITHDRAWN:
            raise InvalidValueError("activity_id", "the activity was withdrawn (recorded in error)")
        return activity

    # ----- the sit-in plan -----

    def plan(self, actor: Actor, year: int, unit: str, months: list[int]) -> SitInPlan:
        check_can_plan(actor)
        known = self.units.serving(unit, "unit")
        if known.kind not in (UnitKind.KEY, UnitKind.OTHER):
            raise InvalidValueError("unit", "only key and other units sit in")

        def attempt() -> SitInPlan | None:
            sit_in_plan = self.plan_for(year)
            with recording_with(self.clock.now):
                changed = sit_in_plan.plan_unit(unit, months, actor)
            return sit_in_plan if not changed or self.pipeline.save(sit_in_plan) else None

        return self.pipeline.retried(attempt, "plan")

    def plan_for(self, year: int) -> SitInPlan:
        try:
            sit_in_plan: SitInPlan = self.ledger.repository.get(SitInPlan.id_for(year))
        except AggregateNotFoundError:
            with recording_with(self.clock.now):
                return SitInPlan.open(year, Actor("system", Role.ADMIN))
        return sit_in_plan

    # ----- weekly reports -----

    def submit_weekly_report(
        self, ctx: CommandContext, hall: str, week: Period, note: str
    ) -> WeeklyReport:
        check_can_record(ctx.actor, ActivityKind.INSPECTION, hall, SourceMode.SELF_CHECK)
        if self.units.serving(hall, "hall").kind is not UnitKind.HALL:
            raise InvalidValueError("hall", f"{hall} is not a hall")

        def build() -> WeeklyReport:
            return WeeklyReport.submit(hall, week.start, note, self.today(), ctx.stamp)

        def load(report_id: UUID) -> WeeklyReport:
            report: WeeklyReport = self.ledger.repository.get(report_id)
            return report

        def duplicate() -> Exception:
            return DuplicateRecordError(f"{hall} already reported week {week.key}")

        return self.pipeline.create(ctx, build, load, duplicate).aggregate

    # ----- internals -----

    def _create(
        self, ctx: CommandContext, filing: Filing, details: Details | None
    ) -> ActivityWritten:
        level = details.level if isinstance(details, InspectionDetails) else None
        check_can_record(ctx.actor, filing.kind, filing.unit, level)
        unit = self.units.serving(filing.unit, "unit")
        activity_id = activity_id_for(filing, details, ctx.command_id)

        def build() -> Activity:
            planned = details is None
            activity = Activity.register(
                activity_id, filing, unit.kind, self.today(), planned, ctx.stamp
            )
            if details is not None:
                self._apply(activity, details, ctx)
            return activity

        def duplicate() -> Exception:
            return DuplicateRecordError(
                f"{filing.unit} already recorded this {filing.kind.value} slot on {filing.on}"
            )

        return self.pipeline.create(ctx, build, self.load, duplicate)

    def _apply(
        self, activity: Activity, details: Details, ctx: CommandContext, correction: str = ""
    ) -> None:
        today, stamp = self.today(), ctx.stamp
        if isinstance(details, SitInDetails):
            activity.record_sit_in(details, today, stamp, correction)
        elif isinstance(details, WalkThroughDetails):
            activity.record_walk_through(details, today, stamp, correction)
        else:
            activity.record_inspection(details, today, stamp, correction)

    def _change(
        self,
        ctx: CommandContext,
        activity_id: UUID,
        action: ActivityAction,
        command: Callable[[Activity], None],
    ) -> ActivityWritten:
        def authorise(activity: Activity) -> None:
            check_may_change(ctx.actor, action, activity)

        def load() -> Activity:
            return self.load(activity_id)

        return self.pipeline.change(ctx, load, authorise, command, "activity")
