"""Who records and reads which activity: a unit lead its own unit's sit-ins, walk-throughs and
(for a hall) self-checks; the office anything, patrols and unannounced visits only it; inspectors
read everything and record nothing."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from domain.activity_codes import ActivityKind, ActivityStatus
from domain.actor import Actor, Role
from domain.codes import SourceMode
from domain.errors import NO_SUCH_ACTIVITY, NotVisibleError, PermissionDeniedError

if TYPE_CHECKING:
    from domain.activity import Activity


class ActivityAction(Enum):
    """What can be done to a filed or recorded activity."""

    RECORD = "record"
    CORRECT = "correct"
    CANCEL = "cancel"
    SUBMIT_RECORD_SHEET = "submit_record_sheet"
    WITHDRAW = "withdraw"


WHEN: dict[ActivityAction, ActivityStatus] = {
    ActivityAction.RECORD: ActivityStatus.SCHEDULED,
    ActivityAction.CANCEL: ActivityStatus.SCHEDULED,
    ActivityAction.CORRECT: ActivityStatus.DONE,
    ActivityAction.SUBMIT_RECORD_SHEET: ActivityStatus.DONE,
    ActivityAction.WITHDRAW: ActivityStatus.DONE,
}
"""The status in which each action fits (the commands check it, and the rest, again)."""


def offered_activity(actor: Actor, activity: Activity) -> frozenset[ActivityAction]:
    """The forms a page shows for `activity` to `actor` now."""
    may = set()
    for action, status in WHEN.items():
        if activity.status is not status:
            continue
        try:
            check_may_change(actor, action, activity)
        except (PermissionDeniedError, NotVisibleError):
            continue
        may.add(action)
    if activity.kind is not ActivityKind.SIT_IN or activity.record_sheet_on is not None:
        may.discard(ActivityAction.SUBMIT_RECORD_SHEET)
    return frozenset(may)


def check_may_change(actor: Actor, action: ActivityAction, activity: Activity) -> None:
    """Raise unless `actor` may take `action` on `activity` (read access is checked first),
    as `check_may` does for a problem."""
    check_can_read_activity(actor, activity.unit)
    if action is ActivityAction.WITHDRAW:
        check_can_withdraw(actor)
        return
    check_can_record(actor, activity.kind, activity.unit, activity.level)


def records_activities(role: Role) -> bool:
    """The office and unit leads file and record activities; inspectors and admins never."""
    return role in (Role.OFFICE, Role.UNIT_LEAD)


def check_can_record(
    actor: Actor, kind: ActivityKind, unit: str, level: SourceMode | None = None
) -> None:
    if not records_activities(actor.role):
        raise PermissionDeniedError(f"the {actor.role.value} role records no activities")
    if actor.role is Role.OFFICE:
        return
    if kind is ActivityKind.INSPECTION and level is not SourceMode.SELF_CHECK:
        raise PermissionDeniedError("patrols and unannounced visits are the office's")
    if not actor.is_lead_of(unit):
        raise PermissionDeniedError("a unit lead records its own unit's activities only")


def can_read_activity(actor: Actor, unit: str) -> bool:
    if actor.role in (Role.OFFICE, Role.INSPECTOR):
        return True
    return actor.is_lead_of(unit)


def check_can_read_activity(actor: Actor, unit: str) -> None:
    if not can_read_activity(actor, unit):
        if actor.role is Role.ADMIN:
            raise PermissionDeniedError("an admin manages units and credentials, not activities")
        raise NotVisibleError(NO_SUCH_ACTIVITY)


def check_can_plan(actor: Actor) -> None:
    """The yearly sit-in plan (seed 000's annex) is the office's table."""
    if actor.role is not Role.OFFICE:
        raise PermissionDeniedError("only the office sets the sit-in plan")


def check_can_withdraw(actor: Actor) -> None:
    """Striking out a record stops it counting towards a unit's rules: the office decides,
    on the unit's request; a unit lead corrects its own records' details instead."""
    if actor.role is not Role.OFFICE:
        raise PermissionDeniedError("only the office withdraws a recorded activity")
