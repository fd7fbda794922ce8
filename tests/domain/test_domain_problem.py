"""The Problem aggregate's rules, without any store."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from domain.actor import Actor, Role
from domain.codes import Category, Source, SourceMode
from domain.commanded import Stamp
from domain.errors import (
    InvalidTransitionError,
    InvalidValueError,
    NotVisibleError,
    PermissionDeniedError,
    UnknownDemandError,
)
from domain.permissions import Action, check_may
from domain.problem import Problem
from domain.problem_values import Fix, NewProblem
from domain.records import Backdating
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


# ----- each refusal of each command -----


def rectified() -> Problem:
    problem = logged()
    problem.rectify(Fix("m", "r"), TODAY, LEAD)
    return problem


def closed() -> Problem:
    problem = rectified()
    problem.close("", TODAY, LEAD)
    return problem


@pytest.mark.parametrize(
    ("state", "command", "refusal"),
    [
        (rectified, lambda p: p.assign("civil_affairs", "", OFFICE), "cannot assign"),
        (closed, lambda p: p.set_deadline(TODAY, None, "r", OFFICE), "cannot set a deadline"),
        (closed, lambda p: p.rectify(Fix("m", "r"), TODAY, LEAD), "cannot rectify"),
        (closed, lambda p: p.escalate("transport", "r", LEAD), "cannot escalate"),
        (logged, lambda p: p.reopen("r", OFFICE), "cannot reopen"),
        (closed, lambda p: p.flag(True, "r", OFFICE), "cannot flag"),
        (logged, lambda p: p.flag(False, "r", OFFICE), "not flagged"),
        (closed, lambda p: p.raise_demand("t", "transport", TODAY, LEAD), "cannot raise"),
        (closed, lambda p: p.close("", TODAY, LEAD), "only once rectified"),
    ],
)
def test_a_command_that_does_not_fit_the_status_is_refused_and_records_nothing(
    state: object, command: object, refusal: str
) -> None:
    problem = state()  # type: ignore[operator]
    version = problem.version
    assert problem.collect_events()  # what got it here
    with pytest.raises(InvalidTransitionError, match=refusal):
        command(problem)  # type: ignore[operator]
    assert problem.collect_events() == [] and problem.version == version


@pytest.mark.parametrize(
    ("command", "field"),
    [
        (lambda p: p.rectify(Fix(" ", "r"), TODAY, LEAD), "measures"),
        (lambda p: p.rectify(Fix("m", "\u200b"), TODAY, LEAD), "result"),
        (lambda p: p.rectify(Fix("m", "r", evidence=("a\x00",)), TODAY, LEAD), "evidence.0"),
        (lambda p: p.rectify(Fix("m", "r", date(2026, 11, 19)), TODAY, LEAD), "rectified_on"),
        (lambda p: p.rectify(Fix("m", "r", date(2026, 11, 24)), TODAY, LEAD), "rectified_on"),
        (lambda p: p.escalate("transport", " ", LEAD), "reason"),
        (lambda p: p.reopen("x", OFFICE), None),
        (lambda p: p.raise_demand("\x1b", "transport", TODAY, LEAD), "text"),
        (lambda p: p.assign("civil_affairs", "张\x00三", OFFICE), "assignee"),
        (lambda p: p.set_deadline(date(2100, 1, 1), None, "", OFFICE), "due_on"),
        (lambda p: p.flag(True, "\x85x\x85y", OFFICE), "reason"),
    ],
)
def test_values_a_command_refuses_name_their_field(command: object, field: str | None) -> None:
    problem = logged()
    if field is None:  # reopen of a logged problem: a status refusal, tested above
        with pytest.raises(InvalidTransitionError):
            command(problem)  # type: ignore[operator]
        return
    with pytest.raises(InvalidValueError) as refused:
        command(problem)  # type: ignore[operator]
    assert refused.value.field == field


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "\u200b\u200d"}, "title"),
        ({"description": " "}, "description"),
        ({"found_by": "x\x07"}, "found_by"),
        ({"demand": "\x00"}, "demand"),
        ({"location": "\x9f"}, "location"),
        ({"found_on": date(1999, 12, 31)}, "found_on"),
    ],
)
def test_a_new_problem_refuses_what_cannot_be_stored(
    changes: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidValueError) as refused:
        logged(**changes)
    assert refused.value.field == field


def test_an_answer_needs_words_and_text_is_stored_in_nfc() -> None:
    problem = logged(title="Cafe\u0301")
    assert problem.title == "Café"
    problem.raise_demand("数据", "transport", TODAY, LEAD)
    with pytest.raises(InvalidValueError, match="answer"):
        problem.answer_demand(1, " ", True, TODAY, OFFICE)


def test_a_lead_dates_a_fix_back_within_the_limit_the_office_beyond_it_with_a_reason() -> None:
    far = Fix("m", "r", date(2026, 11, 20))
    with pytest.raises(InvalidValueError, match="rectified_on"):
        logged().rectify(far, TODAY, LEAD, Backdating(6, 5))
    with pytest.raises(InvalidValueError, match="backdate_reason"):
        logged().rectify(far, TODAY, OFFICE, Backdating(6, 5))
    entered = logged()
    entered.rectify(
        Fix("m", "r", date(2026, 11, 20), backdate_reason="补录"), TODAY, OFFICE, Backdating(6, 5)
    )
    assert entered.rectification is not None and entered.rectification.entered_afterwards
    within = logged()
    within.rectify(far, TODAY, LEAD, Backdating(5, 5))
    assert within.rectification is not None and not within.rectification.entered_afterwards


# ----- who may -----


def test_who_may_change_a_problem() -> None:
    problem = logged()
    office_unit = "gov_service_office"
    admin, inspector = Actor("a", Role.ADMIN), Actor("i", Role.INSPECTOR)
    other = Actor("o", Role.UNIT_LEAD, "transport")
    for actor in (admin, inspector):
        with pytest.raises(PermissionDeniedError):
            check_may(actor, Action.ASSIGN, problem, office_unit=office_unit)
    with pytest.raises(NotVisibleError):
        check_may(other, Action.RECTIFY, problem, office_unit=office_unit)
    with pytest.raises(PermissionDeniedError, match="holds itself"):
        check_may(OFFICE.actor, Action.RECTIFY, problem, office_unit=office_unit)
    check_may(OFFICE.actor, Action.ENTER_RECTIFICATION, problem, office_unit=office_unit)
    with pytest.raises(PermissionDeniedError, match="only the office"):
        check_may(LEAD.actor, Action.ASSIGN, problem, office_unit=office_unit)
    with pytest.raises(PermissionDeniedError, match="to the office"):
        check_may(LEAD.actor, Action.ESCALATE, problem, office_unit=office_unit, target_unit="x")
    check_may(
        LEAD.actor, Action.ESCALATE, problem, office_unit=office_unit, target_unit=office_unit
    )
    with pytest.raises(PermissionDeniedError, match="unit asked"):
        check_may(
            LEAD.actor, Action.ANSWER_DEMAND, problem, office_unit=office_unit, target_unit="x"
        )
