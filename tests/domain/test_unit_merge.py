"""撤并: a unit merged into another takes no new work, and the successor takes over its part in
each problem where it stood, counted against nobody (ADR 55)."""

from __future__ import annotations

from datetime import date

import pytest
from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic

from domain.actor import Actor, Role
from domain.codes import UnitKind
from domain.errors import InvalidValueError
from domain.notices import NoticeKind, notices_after
from domain.problem import Problem
from domain.problem_values import Fix
from domain.status import Status
from domain.units import UnitRegister
from tests.domain.test_domain_problem import LEAD, OFFICE, TODAY, logged

ADMIN = Actor("admin", Role.ADMIN)
MERGED = "civil_affairs"
REASON = "单位撤并：区民政局并入区社会事务局"


def register() -> UnitRegister:
    made = UnitRegister.open(ADMIN)
    made.add_unit("zwb", "区政务服务办", UnitKind.OFFICE, ADMIN)
    made.add_unit("civil_affairs", "区民政局", UnitKind.KEY, ADMIN)
    made.add_unit("social", "区社会事务局", UnitKind.KEY, ADMIN)
    made.add_unit("transport", "区交通局", UnitKind.OTHER, ADMIN)
    return made


def test_a_merged_unit_stays_in_the_register_but_takes_no_new_work() -> None:
    units = register()
    assert units.merge_unit(MERGED, "social", ADMIN) is True
    assert units.units[MERGED].merged_into == "social"
    assert units.units[MERGED].name == "区民政局"  # its past files keep it
    with pytest.raises(InvalidValueError, match="merged into 'social'"):
        units.check_serving(MERGED, "unit")
    assert units.merge_unit(MERGED, "social", ADMIN) is False  # asked again: carried on
    assert [type(e).__name__ for e in units.collect_events()][-1] == "UnitMerged"
    assert units.check_serving("social", "unit").serving


@pytest.mark.parametrize(
    ("code", "into", "field"),
    [
        ("zwb", "social", "code"),  # the office is not merged
        (MERGED, MERGED, "into"),
        (MERGED, "zwb", "into"),  # nor into the office
        (MERGED, "nowhere", "into"),
        ("nowhere", "social", "code"),
    ],
)
def test_a_merge_that_makes_no_sense_is_refused(code: str, into: str, field: str) -> None:
    units = register()
    with pytest.raises(InvalidValueError) as refused:
        units.merge_unit(code, into, ADMIN)
    assert refused.value.field == field
    assert all(u.serving for u in units.units.values())


def test_a_unit_merged_is_not_merged_again_elsewhere_nor_renamed_nor_a_successor() -> None:
    units = register()
    units.merge_unit(MERGED, "social", ADMIN)
    with pytest.raises(InvalidValueError):
        units.merge_unit(MERGED, "transport", ADMIN)
    with pytest.raises(InvalidValueError):
        units.merge_unit("transport", MERGED, ADMIN)
    with pytest.raises(InvalidValueError):
        units.rename_unit(MERGED, "区民政事务局", ADMIN)


def test_the_successor_holds_the_problem_where_it_stood_and_nothing_counts_as_escalated() -> None:
    problem = logged()
    problem.set_deadline(date(2026, 12, 10), None, "", OFFICE)
    problem.rectify(Fix("m", "r"), TODAY, LEAD)
    assert problem.take_over(MERGED, "social", REASON, OFFICE) is True
    assert (problem.responsible_unit, problem.status) == ("social", Status.RECTIFIED)
    assert problem.times_escalated == 0 and problem.due_on == date(2026, 12, 10)
    assert problem.unit == MERGED  # where it was found does not change
    event = problem.collect_events()[-1]
    assert (event.from_unit, event.to_unit, event.responsible) == (MERGED, "social", True)
    assert event.reason == REASON


def test_a_co_units_part_and_a_demand_move_but_an_answered_demand_stays() -> None:
    problem = logged(unit="transport")
    problem.name_co_units((MERGED, "zwb"), OFFICE)
    problem.record_co_unit_part(MERGED, "已协调", TODAY, TODAY, OFFICE)
    first = problem.raise_demand("需要民政数据", MERGED, TODAY, OFFICE)
    second = problem.raise_demand("需要低保名单", MERGED, TODAY, OFFICE)
    problem.answer_demand(first, "已提供", True, TODAY, OFFICE)
    assert problem.take_over(MERGED, "social", REASON, OFFICE) is True
    assert problem.responsible_unit == "transport"
    assert sorted(problem.co_units) == ["social", "zwb"]
    assert problem.co_units["social"].settled and problem.co_units["social"].text == "已协调"
    assert problem.demands[first].to_unit == MERGED  # answered: its history as it was
    assert problem.demands[second].to_unit == "social"
    assert problem.collect_events()[-1].demands == (second,)


def test_a_successor_that_helped_now_leads_and_so_is_no_longer_a_co_unit() -> None:
    problem = logged()
    problem.name_co_units(("social", "transport"), OFFICE)
    problem.take_over(MERGED, "social", REASON, OFFICE)
    assert problem.responsible_unit == "social"
    assert list(problem.co_units) == ["transport"]


@pytest.mark.parametrize("ended", ["closed", "withdrawn", "elsewhere"])
def test_a_problem_with_nothing_left_for_the_merged_unit_is_left_alone(ended: str) -> None:
    problem = logged(unit="transport" if ended == "elsewhere" else MERGED)
    if ended == "closed":
        problem.rectify(Fix("m", "r"), TODAY, LEAD)
        problem.close("ok", TODAY, OFFICE)
    elif ended == "withdrawn":
        problem.withdraw("重复", OFFICE)
    problem.collect_events()
    assert problem.take_over(MERGED, "social", REASON, OFFICE) is False
    assert problem.collect_events() == []


def test_a_struck_off_problems_unanswered_demand_is_answered_by_the_successor() -> None:
    problem = logged(unit="transport")
    number = problem.raise_demand("需要民政数据", MERGED, TODAY, OFFICE)
    problem.rectify(Fix("m", "r"), TODAY, OFFICE)
    problem.close("ok", TODAY, OFFICE)
    assert problem.take_over(MERGED, "social", REASON, OFFICE) is True
    assert problem.responsible_unit == "transport" and problem.status is Status.CLOSED
    assert problem.demands[number].to_unit == "social"


def test_the_successor_is_told_in_its_inbox_only() -> None:
    problem = logged()
    problem.take_over(MERGED, "social", REASON, OFFICE)
    event = problem.collect_events()[-1]
    (notice,) = notices_after(problem, event, "zwb", TODAY)
    assert notice.kind is NoticeKind.TAKEN_OVER and notice.quiet
    assert notice.audience.unit == "social" and notice.audience.role is Role.UNIT_LEAD


def test_every_problem_event_is_stored_under_the_problems_own_topic() -> None:
    """Events mixed in from other modules are still `Problem.<Name>` in the log: a mixin that
    is not a direct base of `Problem` would store them under its own module (tried: a combined
    takeover mixin did), and moving code would then break reading the log."""
    events = [
        value
        for name in dir(Problem)
        if isinstance(value := getattr(Problem, name), type) and issubclass(value, Aggregate.Event)
    ]
    assert len(events) > 20
    assert [get_topic(e) for e in events] == [
        f"domain.problem:Problem.{e.__name__}" for e in events
    ]
