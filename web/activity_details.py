"""An activity's record as typed in the workbench's forms: the filing (who, where, when) and the
details of a sit-in, a walk-through or an inspection round, read into the domain's values. The
commands check every rule; this only reads fields (a bad time or number is a FieldError)."""

from __future__ import annotations

from datetime import time

from domain.activity_codes import (
    ACTIVITY_LABELS,
    SIX_CHECKS,
    WALK_EXPERIENCES,
    ActivityKind,
    LeaderRole,
    ServiceKind,
    SitInLength,
    Slot,
    WalkMode,
)
from domain.activity_records import (
    CheckResult,
    Details,
    Filing,
    InspectionDetails,
    SitInDetails,
    WalkThroughDetails,
)
from domain.codes import Category, SourceMode, label
from web.form_fields import Submitted
from web.refusals import FieldError

Choices = list[tuple[str, str]]


def options(codes: type[ActivityKind | LeaderRole | SitInLength | WalkMode | Slot]) -> Choices:
    return [(c.value, ACTIVITY_LABELS.get(c, c.value)) for c in codes]


KINDS = options(ActivityKind)
SCHEDULABLE = [k for k in KINDS if k[0] != ActivityKind.INSPECTION.value]
ROLES = options(LeaderRole)
LENGTHS = options(SitInLength)
MODES = options(WalkMode)
SLOTS = [("", "—"), *options(Slot)]
LEVELS = [(m.value, label(m)) for m in SourceMode]
SERVICES = [(s.value, ACTIVITY_LABELS[s]) for s in ServiceKind]
EXPERIENCES = [(c.value, label(c)) for c in Category if c in WALK_EXPERIENCES]
CHECKS = [(c.value, label(c)) for c in SIX_CHECKS]
VERDICTS = frozenset({"passed", "failed"})  # 合格, 有问题: chosen for each, never preset
# A sit-in's leader role is chosen too: 主要领导's sit-ins count apart (the rules' head_sit_in).


def filing(f: Submitted) -> Filing:
    kind = ActivityKind(f.choice("kind", dict(KINDS)))
    on = f.day("on", required=True)
    assert on is not None
    if kind is ActivityKind.INSPECTION:
        leader = next(iter(f.lines("inspectors")), "")
        return Filing(kind, f.chosen("unit", "单位"), on, leader)
    role = LeaderRole(f.chosen("leader_role", "领导职务", frozenset(dict(ROLES))))
    if kind is ActivityKind.WALK_THROUGH:
        role = LeaderRole.HEAD
    return Filing(kind, f.chosen("unit", "单位"), on, f.text("leader"), role)


def details(kind: ActivityKind, f: Submitted) -> Details:
    if kind is ActivityKind.SIT_IN:
        return SitInDetails(
            length=SitInLength(f.choice("length", dict(LENGTHS))),
            signed_in=_time(f, "signed_in"),
            signed_out=_time(f, "signed_out"),
            services={ServiceKind(code): f.number(code) or 0 for code, _ in SERVICES},
            examined=f.text("examined"),
            record_sheet_submitted=f.checked("record_sheet_submitted"),
        )
    if kind is ActivityKind.WALK_THROUGH:
        experiences = {
            Category(code): f.text(f"experience_{code}")
            for code, _ in EXPERIENCES
            if f.text(f"experience_{code}").strip()
        }
        return WalkThroughDetails(
            item=f.text("item"),
            mode=WalkMode(f.choice("mode", dict(MODES))),
            experiences=experiences,
            minutes_taken=f.number("minutes_taken", required=True) or 0,
            trips=f.number("trips", required=True) or 0,
        )
    slot = f.choice("slot", dict(SLOTS))
    return InspectionDetails(
        level=SourceMode(f.choice("level", dict(LEVELS))),
        slot=Slot(slot) if slot else None,
        inspectors=list(f.lines("inspectors")),
        checks={
            Category(code): CheckResult(
                f.chosen(f"check_{code}", f"查{name}的结果", VERDICTS) == "passed",
                f.text(f"note_{code}"),
            )
            for code, name in CHECKS
        },
    )


def _time(f: Submitted, name: str) -> time:
    value = f.text(name).strip()
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise FieldError(name, "时间格式不正确，应如 09:00。") from None
