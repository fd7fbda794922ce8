"""The Activity aggregate's rules, without any store: each check and each refusal."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta
from uuid import uuid4

import pytest

from domain.activity import Activity
from domain.activity_codes import (
    SIX_CHECKS,
    ActivityKind,
    ActivityStatus,
    LeaderRole,
    ServiceKind,
    SitInLength,
    Slot,
    WalkMode,
)
from domain.activity_permissions import ActivityAction, check_may_change
from domain.activity_records import (
    CheckResult,
    Filing,
    InspectionDetails,
    SitInDetails,
    WalkThroughDetails,
)
from domain.actor import Actor, Role
from domain.codes import Category, SourceMode, UnitKind
from domain.commanded import Stamp
from domain.errors import (
    InvalidTransitionError,
    InvalidValueError,
    NotVisibleError,
    PermissionDeniedError,
)

TODAY = date(2026, 11, 23)
OFFICE = Stamp(Actor("office", Role.OFFICE))
LEAD = Stamp(Actor("lead", Role.UNIT_LEAD, "civil_affairs"))
HALL_LEAD = Stamp(Actor("hall", Role.UNIT_LEAD, "service_centre"))
SIT_IN = Filing(ActivityKind.SIT_IN, "civil_affairs", TODAY, "王副局长", LeaderRole.DEPUTY)
MORNING = SitInDetails(SitInLength.HALF_DAY, time(9), time(12), {ServiceKind.GUIDED: 3})
PASSED = {c: CheckResult(True, "") for c in SIX_CHECKS}


def registered(
    filing: Filing = SIT_IN,
    unit_kind: UnitKind = UnitKind.KEY,
    planned: bool = False,
    command_id: str = "",
) -> Activity:
    return Activity.register(
        uuid4(), filing, unit_kind, TODAY, planned, Stamp(OFFICE.actor, command_id)
    )


def round_(level: SourceMode = SourceMode.PATROL, slot: Slot | None = None) -> Activity:
    filing = Filing(ActivityKind.INSPECTION, "service_centre", TODAY, "督查组")
    activity = registered(filing, UnitKind.HALL)
    activity.record_inspection(InspectionDetails(level, slot, ["督查组"], PASSED), TODAY, OFFICE)
    return activity


# ----- registering -----


def test_a_sit_in_is_made_by_a_key_or_other_unit_and_a_round_by_a_hall() -> None:
    with pytest.raises(InvalidValueError, match="unit"):
        registered(unit_kind=UnitKind.HALL)
    with pytest.raises(InvalidValueError, match="unit"):
        registered(Filing(ActivityKind.INSPECTION, "civil_affairs", TODAY, "x"), UnitKind.OTHER)


def test_filing_ahead_needs_a_week_and_an_inspection_is_never_filed() -> None:
    in_six_days = replace(SIT_IN, on=TODAY + timedelta(days=6))
    with pytest.raises(InvalidValueError, match="on"):
        registered(in_six_days, planned=True)
    in_a_week = Filing(SIT_IN.kind, SIT_IN.unit, TODAY + timedelta(days=7), "王", LeaderRole.HEAD)
    assert registered(in_a_week, planned=True).status is ActivityStatus.SCHEDULED
    round_filing = Filing(ActivityKind.INSPECTION, "service_centre", in_a_week.on, "x")
    with pytest.raises(InvalidValueError, match="kind"):
        registered(round_filing, UnitKind.HALL, planned=True)


def test_a_record_is_of_something_that_happened_within_the_years_kept() -> None:
    with pytest.raises(InvalidValueError, match="on"):
        registered(
            Filing(SIT_IN.kind, SIT_IN.unit, TODAY + timedelta(days=1), "王", LeaderRole.HEAD)
        )
    with pytest.raises(InvalidValueError, match="outside the years"):
        registered(Filing(SIT_IN.kind, SIT_IN.unit, date(1999, 12, 31), "王", LeaderRole.HEAD))


def test_leaders_and_their_roles() -> None:
    with pytest.raises(InvalidValueError, match="leader"):
        registered(Filing(SIT_IN.kind, SIT_IN.unit, TODAY, " \u200b", LeaderRole.HEAD))
    with pytest.raises(InvalidValueError, match="leader_role"):
        registered(Filing(SIT_IN.kind, SIT_IN.unit, TODAY, "王"))
    walk = Filing(ActivityKind.WALK_THROUGH, "civil_affairs", TODAY, "王", LeaderRole.DEPUTY)
    with pytest.raises(InvalidValueError, match="head walks"):
        registered(walk)
    round_filing = Filing(ActivityKind.INSPECTION, "service_centre", TODAY, "x", LeaderRole.HEAD)
    with pytest.raises(InvalidValueError, match="no leader role"):
        registered(round_filing, UnitKind.HALL)


# ----- recording -----


def test_half_a_day_is_three_hours_signed_in_and_a_whole_day_six() -> None:
    activity = registered()
    short = SitInDetails(SitInLength.HALF_DAY, time(9), time(11, 59), {})
    with pytest.raises(InvalidValueError, match="length"):
        activity.record_sit_in(short, TODAY, LEAD)
    five_hours = SitInDetails(SitInLength.WHOLE_DAY, time(9), time(14), {})
    with pytest.raises(InvalidValueError, match="length"):
        activity.record_sit_in(five_hours, TODAY, LEAD)
    activity.record_sit_in(MORNING, TODAY, LEAD)
    assert activity.status is ActivityStatus.DONE
    assert activity.record is not None and activity.record.services["guided"] == 3  # type: ignore[union-attr]


def test_signing_out_before_signing_in_or_negative_counts_are_refused() -> None:
    backwards = SitInDetails(SitInLength.HALF_DAY, time(12), time(9), {})
    with pytest.raises(InvalidValueError, match="signed_out"):
        registered().record_sit_in(backwards, TODAY, LEAD)
    negative = SitInDetails(SitInLength.HALF_DAY, time(9), time(12), {ServiceKind.ASSISTED: -1})
    with pytest.raises(InvalidValueError, match="services"):
        registered().record_sit_in(negative, TODAY, LEAD)


def test_a_record_of_another_kind_or_before_the_day_is_refused() -> None:
    walk = WalkThroughDetails("办理低保", WalkMode.IN_PERSON, {Category.PROCESS: "顺畅"}, 30, 1)
    with pytest.raises(InvalidValueError, match="kind"):
        registered().record_walk_through(walk, TODAY, LEAD)
    ahead = Filing(SIT_IN.kind, SIT_IN.unit, TODAY + timedelta(days=8), "王", LeaderRole.HEAD)
    with pytest.raises(InvalidTransitionError, match="once it happened"):
        registered(ahead, planned=True).record_sit_in(MORNING, TODAY, LEAD)


def test_a_walk_through_says_what_it_experienced() -> None:
    filing = Filing(ActivityKind.WALK_THROUGH, "civil_affairs", TODAY, "局长", LeaderRole.HEAD)
    nothing = WalkThroughDetails("事项", WalkMode.PROXY, {}, 30, 1)
    with pytest.raises(InvalidValueError, match="experiences"):
        registered(filing).record_walk_through(nothing, TODAY, LEAD)
    wrong = WalkThroughDetails("事项", WalkMode.PROXY, {Category.DUTY: "x"}, 30, 1)
    with pytest.raises(InvalidValueError, match="four things"):
        registered(filing).record_walk_through(wrong, TODAY, LEAD)
    negative = WalkThroughDetails("事项", WalkMode.PROXY, {Category.PROCESS: "x"}, -1, 1)
    with pytest.raises(InvalidValueError, match="never negative"):
        registered(filing).record_walk_through(negative, TODAY, LEAD)


def test_a_round_has_its_six_checks_its_inspectors_and_a_slot_only_when_a_self_check() -> None:
    filing = Filing(ActivityKind.INSPECTION, "service_centre", TODAY, "x")

    def record(details: InspectionDetails) -> None:
        registered(filing, UnitKind.HALL).record_inspection(details, TODAY, OFFICE)

    with pytest.raises(InvalidValueError, match="slot"):
        record(InspectionDetails(SourceMode.SELF_CHECK, None, ["值班长"], PASSED))
    with pytest.raises(InvalidValueError, match="slot"):
        record(InspectionDetails(SourceMode.PATROL, Slot.BEFORE_WORK, ["督查组"], PASSED))
    with pytest.raises(InvalidValueError, match="inspectors"):
        record(InspectionDetails(SourceMode.PATROL, None, [], PASSED))
    five = {c: r for c, r in PASSED.items() if c is not Category.DUTY}
    with pytest.raises(InvalidValueError, match="six checks"):
        record(InspectionDetails(SourceMode.PATROL, None, ["督查组"], five))
    unexplained = PASSED | {Category.EQUIPMENT: CheckResult(False, " ")}
    with pytest.raises(InvalidValueError, match=r"checks\.equipment\.note"):
        record(InspectionDetails(SourceMode.PATROL, None, ["督查组"], unexplained))


# ----- after recording -----


def test_the_record_sheet_is_a_sit_ins_handed_in_once_after_it() -> None:
    activity = registered()
    with pytest.raises(InvalidTransitionError, match="before its record sheet"):
        activity.submit_record_sheet(TODAY, TODAY, LEAD)
    activity.record_sit_in(MORNING, TODAY, LEAD)
    with pytest.raises(InvalidValueError, match="submitted_on"):
        activity.submit_record_sheet(TODAY - timedelta(days=1), TODAY, LEAD)
    activity.submit_record_sheet(TODAY, TODAY, LEAD)
    with pytest.raises(InvalidTransitionError, match="already in"):
        activity.submit_record_sheet(TODAY, TODAY, LEAD)
    with pytest.raises(InvalidTransitionError, match="only a sit-in"):
        round_().submit_record_sheet(TODAY, TODAY, OFFICE)


def test_only_a_scheduled_activity_is_cancelled_and_only_a_recorded_one_withdrawn() -> None:
    ahead = Filing(SIT_IN.kind, SIT_IN.unit, TODAY + timedelta(days=8), "王", LeaderRole.HEAD)
    scheduled = registered(ahead, planned=True)
    with pytest.raises(InvalidTransitionError, match="cancel it instead"):
        scheduled.withdraw("重复", OFFICE)
    with pytest.raises(InvalidValueError, match="reason"):
        scheduled.cancel(" ", LEAD)
    scheduled.cancel("领导出差", LEAD)
    assert scheduled.status is ActivityStatus.CANCELLED
    with pytest.raises(InvalidTransitionError, match="cannot be cancelled"):
        scheduled.cancel("again", LEAD)
    done = round_()
    done.withdraw("重复录入", OFFICE)
    assert done.status is ActivityStatus.WITHDRAWN and done.withdraw_reason == "重复录入"


def test_a_correction_keeps_the_rounds_level_and_slot_and_needs_a_reason() -> None:
    check = round_(SourceMode.SELF_CHECK, Slot.BEFORE_WORK)
    moved = InspectionDetails(SourceMode.SELF_CHECK, Slot.DURING_WORK, ["值班长"], PASSED)
    with pytest.raises(InvalidValueError, match="slot"):
        check.record_inspection(moved, TODAY, HALL_LEAD, correction="时段录错")
    same = InspectionDetails(SourceMode.SELF_CHECK, Slot.BEFORE_WORK, ["值班长甲"], PASSED)
    with pytest.raises(InvalidValueError, match="reason"):
        check.record_inspection(same, TODAY, HALL_LEAD, correction=" \u200b")
    check.record_inspection(same, TODAY, HALL_LEAD, correction="人名录错")
    assert [c.reason for c in check.corrections] == ["人名录错"]
    never_recorded = registered()
    with pytest.raises(InvalidTransitionError, match="no record to correct"):
        never_recorded.record_sit_in(MORNING, TODAY, LEAD, correction="x")


def test_a_command_id_is_remembered_across_events() -> None:
    activity = registered(command_id="c1")
    activity.record_sit_in(MORNING, TODAY, Stamp(LEAD.actor, "c2"))
    assert activity.has_handled("c1") and activity.has_handled("c2")
    assert not activity.has_handled("c3") and not activity.has_handled("")


# ----- who may -----


def test_who_may_change_an_activity() -> None:
    sit_in = registered()
    check_may_change(LEAD.actor, ActivityAction.RECORD, sit_in)
    check_may_change(OFFICE.actor, ActivityAction.WITHDRAW, sit_in)
    with pytest.raises(PermissionDeniedError, match="only the office withdraws"):
        check_may_change(LEAD.actor, ActivityAction.WITHDRAW, sit_in)
    other = Stamp(Actor("other", Role.UNIT_LEAD, "transport")).actor
    with pytest.raises(NotVisibleError):
        check_may_change(other, ActivityAction.CANCEL, sit_in)
    inspector = Actor("i", Role.INSPECTOR)
    with pytest.raises(PermissionDeniedError, match="records no activities"):
        check_may_change(inspector, ActivityAction.RECORD, sit_in)
    with pytest.raises(PermissionDeniedError, match="patrols and unannounced"):
        check_may_change(HALL_LEAD.actor, ActivityAction.CORRECT, round_(SourceMode.PATROL))
    check_may_change(
        HALL_LEAD.actor, ActivityAction.CORRECT, round_(SourceMode.SELF_CHECK, Slot.BEFORE_WORK)
    )
