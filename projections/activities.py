"""Activities as rows (sit-ins, walk-throughs, inspection rounds), and what each unit did on each
day towards the activity rules: the compliance report sums these counts over its windows."""

from __future__ import annotations

import json
from functools import singledispatchmethod
from typing import Any

from domain.activity import Activity
from domain.activity_codes import ActivityKind, LeaderRole
from domain.codes import SourceMode
from domain.compliance import Rule
from domain.weekly_report import WeeklyReport, on_time
from projections.base import RowProjection, bools, ints, iso, text
from projections.ports import Row, RowSession, TableSpec

ACTIVITIES = TableSpec(
    "activities",
    text("activity_id", "kind", "unit", "status", "held_on", "leader", "leader_role")
    + bools("planned")
    + text("length", "signed_in", "signed_out", "services", "examined", "record_sheet_on")
    + text("item", "mode", "experiences")
    + ints("minutes_taken", "trips")
    + text("level", "slot", "inspectors", "checks")
    + ints("failed_checks", "corrections", "version")
    + text("cancel_reason", "withdraw_reason", "registered_at", "updated_at"),
    key=("activity_id",),
    indexes=(("held_on",), ("unit", "held_on"), ("kind", "held_on")),
    preload="originator",
)
DONE = TableSpec(
    "done",
    text("unit", "rule", "day") + ints("done"),
    key=("unit", "rule", "day"),
    indexes=(("day",),),
)
"""Per unit, rule and day: sit-ins, head sit-ins, walk-throughs, self-check slots, patrols,
and weekly reports (counted on the week's Monday; late ones under `weekly_report_late`)."""

WEEKLY_REPORT_LATE = "weekly_report_late"


class ActivitiesProjection(RowProjection):
    name = "activities"
    version = 2  # 2: corrections and withdrawals
    tables = (ACTIVITIES, DONE)

    @singledispatchmethod
    def evolve(self, event: Any, rows: RowSession) -> None:
        """Problems, units and access records leave the activity rows unchanged."""

    @evolve.register
    def _registered(self, event: Activity.Registered, rows: RowSession) -> None:
        activity_id = str(event.originator_id)
        rows.put(
            "activities",
            (activity_id,),
            {
                "activity_id": activity_id,
                "kind": event.kind.value,
                "unit": event.unit,
                "status": "scheduled",
                "held_on": iso(event.on),
                "leader": event.leader,
                "leader_role": event.leader_role.value if event.leader_role else None,
                "planned": event.planned,
                "failed_checks": 0,
                "corrections": 0,
                "version": 1,
                "registered_at": iso(event.timestamp),
                "updated_at": iso(event.timestamp),
            },
        )

    @evolve.register
    def _sit_in(self, event: Activity.SitInRecorded, rows: RowSession) -> None:
        row = self._done(rows, event)
        row.update(
            length=event.length.value,
            signed_in=event.signed_in.isoformat("minutes"),
            signed_out=event.signed_out.isoformat("minutes"),
            services=json.dumps(event.services),
            examined=event.examined,
        )
        if event.record_sheet_submitted:
            row["record_sheet_on"] = row["held_on"]
        rows.put("activities", (row["activity_id"],), row)
        self._count(rows, row, +1)

    @evolve.register
    def _walk_through(self, event: Activity.WalkThroughRecorded, rows: RowSession) -> None:
        row = self._done(rows, event)
        row.update(
            item=event.item,
            mode=event.mode.value,
            experiences=json.dumps(event.experiences, ensure_ascii=False),
            minutes_taken=event.minutes_taken,
            trips=event.trips,
        )
        rows.put("activities", (row["activity_id"],), row)
        self._count(rows, row, +1)

    @evolve.register
    def _inspection(self, event: Activity.InspectionRecorded, rows: RowSession) -> None:
        row = self._done(rows, event)
        row.update(
            level=event.level.value,
            slot=event.slot.value if event.slot else None,
            inspectors=json.dumps(event.inspectors, ensure_ascii=False),
            checks=json.dumps(event.checks, ensure_ascii=False),
            failed_checks=sum(1 for result in event.checks.values() if not result["passed"]),
        )
        rows.put("activities", (row["activity_id"],), row)
        self._count(rows, row, +1)

    @evolve.register
    def _record_sheet(self, event: Activity.RecordSheetSubmitted, rows: RowSession) -> None:
        row = self._row(rows, event)
        row["record_sheet_on"] = iso(event.submitted_on)
        rows.put("activities", (row["activity_id"],), row)

    @evolve.register
    def _cancelled(self, event: Activity.Cancelled, rows: RowSession) -> None:
        row = self._row(rows, event)
        row.update(status="cancelled", cancel_reason=event.reason)
        rows.put("activities", (row["activity_id"],), row)

    @evolve.register
    def _corrected(self, event: Activity.RecordCorrected, rows: RowSession) -> None:
        """The record event that follows counts the activity again, with its new details."""
        row = self._row(rows, event)
        self._count(rows, row, -1)
        row["corrections"] += 1
        rows.put("activities", (row["activity_id"],), row)

    @evolve.register
    def _withdrawn(self, event: Activity.Withdrawn, rows: RowSession) -> None:
        row = self._row(rows, event)
        self._count(rows, row, -1)
        row.update(status="withdrawn", withdraw_reason=event.reason)
        rows.put("activities", (row["activity_id"],), row)

    @evolve.register
    def _weekly_report(self, event: WeeklyReport.Submitted, rows: RowSession) -> None:
        in_time = on_time(event.monday, event.timestamp)
        rule = Rule.WEEKLY_REPORT.value if in_time else WEEKLY_REPORT_LATE
        self._add(rows, event.hall, rule, iso(event.monday))

    def _row(self, rows: RowSession, event: Activity.Event) -> Row:
        row = rows.get("activities", (str(event.originator_id),))
        if row is None:
            raise LookupError(f"activity {event.originator_id} has no row before its change")
        row.update(version=event.originator_version, updated_at=iso(event.timestamp))
        return row

    def _done(self, rows: RowSession, event: Activity.Event) -> Row:
        row = self._row(rows, event)
        row["status"] = "done"
        return row

    def _count(self, rows: RowSession, activity: Row, delta: int) -> None:
        """Count a recorded activity towards its rules (+1), or take it back out (-1)."""
        for rule in _rules_of(activity):
            self._add(rows, activity["unit"], rule, activity["held_on"], delta)

    @staticmethod
    def _add(rows: RowSession, unit: str, rule: str, day: str | None, delta: int = 1) -> None:
        key = (unit, rule, day)
        counted = rows.get("done", key) or {"unit": unit, "rule": rule, "day": day, "done": 0}
        counted["done"] += delta
        rows.put("done", key, counted)


def _rules_of(activity: Row) -> list[str]:
    """The rules a recorded activity row counts towards: a head's sit-in counts for both."""
    kind = activity["kind"]
    if kind == ActivityKind.SIT_IN.value:
        head = activity["leader_role"] == LeaderRole.HEAD.value
        return [Rule.SIT_IN.value] + ([Rule.HEAD_SIT_IN.value] if head else [])
    if kind == ActivityKind.WALK_THROUGH.value:
        return [Rule.WALK_THROUGH.value]
    self_check = activity["level"] == SourceMode.SELF_CHECK.value
    return [Rule.SELF_CHECK.value if self_check else Rule.PATROL.value]
