"""The Problem aggregate's rules, without any store."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from domain.actor import Actor, Role
from domain.codes import Category, Source, SourceMode
from domain.commanded import Stamp
from domain.errors import InvalidTransitionError, InvalidValueError, UnknownDemandError
from domain.problem import Problem
from domain.problem_values import Fix, NewProblem
from domain.status import Status

OFFICE = Stamp(Actor("office", Role.OFFICE))
LEAD = Stamp(Actor("lead", Role.UNIT_LEAD, "civil_affairs"))
TODAY = date(2026, 11, 23)


def logged(command_id: str = "", **changes: object) -> Problem:
    fields: dict[str, object] = dict(
        source=Source.SIT_IN,
        source_mode=None,
        category=Category.POLICY,
        unit="civil_affairs",
        title="t",
        description="d",
        demand="",
        found_on=date(2026, 11, 20),
        found_by="x",
        activity_id="",
        location="",
    )
    fields.update(changes)
    new = NewProblem(**fields)  # type: ignore[arg-type]
    return Problem.log(uuid4(), new, TODAY, Stamp(OFFICE.actor, command_id))


def test_a_logged_problem_is_held_by_the_unit_where_it_was_found() -> None:
    problem = logged()
    assert problem.status is Status.LOGGED
    assert problem.responsible_unit == "civil_affairs"
    assert problem.version == 1


def test_a_category_of_another_source_is_refused() -> None:
    with pytest.raises(InvalidValueError, match="category"):
        logged(category=Category.COLD)


def test_only_an_inspection_records_a_mode() -> None:
    with pytest.raises(InvalidValueError, match="source_mode"):
        logged(source_mode=SourceMode.PATROL)
    inspection = logged(
        source=Source.INSPECTION, category=Category.DUTY, source_mode=SourceMode.PATROL
    )
    assert inspection.source_mode is SourceMode.PATROL


def test_a_problem_cannot_be_found_in_the_future() -> None:
    with pytest.raises(InvalidValueError, match="found_on"):
        logged(found_on=date(2026, 11, 24))


def test_closing_needs_a_rectification_first() -> None:
    problem = logged()
    with pytest.raises(InvalidTransitionError, match="only once rectified"):
        problem.close("", TODAY, LEAD)
    assert problem.version == 1 and not problem.pending_events[1:]


def test_rectifying_after_the_deadline_counts_as_late() -> None:
    problem = logged()
    problem.set_deadline(date(2026, 11, 21), None, "", OFFICE)
    problem.rectify(Fix("m", "r", date(2026, 11, 22)), TODAY, LEAD)
    assert problem.rectification is not None and problem.rectification.late


def test_rectifying_on_the_day_found_is_fixing_on_the_spot() -> None:
    problem = logged(found_on=TODAY)
    problem.rectify(Fix("m", "r", TODAY, ("photo.jpg",)), TODAY, LEAD)
    assert problem.rectification is not None
    assert problem.rectification.on_the_spot and not problem.rectification.late


def test_an_extension_must_say_why_and_every_deadline_stays() -> None:
    problem = logged()
    problem.set_deadline(date(2026, 11, 30), None, "", OFFICE)
    with pytest.raises(InvalidValueError, match="reason"):
        problem.set_deadline(date(2026, 12, 10), None, " ", OFFICE)
    problem.set_deadline(date(2026, 12, 10), None, "需协调市级系统", OFFICE)
    assert [d.due_on for d in problem.deadlines] == [date(2026, 11, 30), date(2026, 12, 10)]
    assert problem.due_on == date(2026, 12, 10)


def test_a_deadline_before_the_problem_was_found_is_refused() -> None:
    with pytest.raises(InvalidValueError, match="due_on"):
        logged().set_deadline(date(2026, 11, 1), None, "", OFFICE)


def test_reopening_clears_the_rectification_and_counts() -> None:
    problem = logged()
    problem.rectify(Fix("m", "r"), TODAY, LEAD)
    problem.close("", TODAY, LEAD)
    problem.reopen("整改不彻底", OFFICE)
    assert problem.status is Status.ASSIGNED
    assert problem.rectification is None and problem.closed_on is None
    assert problem.times_reopened == 1


def test_escalating_to_the_unit_already_responsible_is_refused() -> None:
    with pytest.raises(InvalidTransitionError, match="already responsible"):
        logged().escalate("civil_affairs", "not ours", LEAD)


def test_demands_are_numbered_and_answered_once() -> None:
    problem = logged()
    assert problem.raise_demand("数据共享", "transport", TODAY, LEAD) == 1
    assert problem.raise_demand("系统改造", "health", TODAY, LEAD) == 2
    problem.answer_demand(1, "已开放接口", True, TODAY, OFFICE)
    with pytest.raises(InvalidTransitionError, match="already answered"):
        problem.answer_demand(1, "again", False, TODAY, OFFICE)
    with pytest.raises(UnknownDemandError):
        problem.answer_demand(9, "?", False, TODAY, OFFICE)
    assert problem.demands[1].met is True and problem.demands[2].answer is None


def test_flagging_twice_is_refused() -> None:
    problem = logged()
    problem.flag(True, "挂牌督办", OFFICE)
    with pytest.raises(InvalidTransitionError, match="already flagged"):
        problem.flag(True, "again", OFFICE)
    problem.flag(False, "resolved", OFFICE)
    assert not problem.flagged


def test_a_command_id_is_remembered_across_events() -> None:
    problem = logged(command_id="c1")
    problem.assign("civil_affairs", "张三", Stamp(OFFICE.actor, "c2"))
    assert problem.has_handled("c1") and problem.has_handled("c2")
    assert not problem.has_handled("c3") and not problem.has_handled("")
