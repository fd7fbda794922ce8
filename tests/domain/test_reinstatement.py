"""恢复办理: a problem withdrawn by mistake is put back by the office, with its reason, to the
status it was withdrawn from; it counts again, and both facts stay in its history (ADR 53)."""

from __future__ import annotations

from datetime import date

import pytest

from domain.actions import Action
from domain.actor import Actor, Role
from domain.errors import InvalidTransitionError, InvalidValueError, PermissionDeniedError
from domain.notices import NoticeKind, notices_after
from domain.permissions import check_may, offered
from domain.problem_values import Fix
from domain.status import Light, Status
from tests.domain.test_domain_problem import LEAD, OFFICE, TODAY, logged

OFFICE_UNIT = "zwb"
DUE = date(2026, 11, 30)


@pytest.mark.parametrize("fixed", [False, True])
def test_a_problem_goes_back_to_where_it_was_withdrawn_from(fixed: bool) -> None:
    problem = logged()
    problem.set_deadline(DUE, None, "", OFFICE)
    if fixed:
        problem.rectify(Fix("m", "r"), TODAY, LEAD)
    was = problem.status
    problem.withdraw("与第12号重复登记", OFFICE)
    problem.reinstate("  撤错了，第12号才是重复的 ", OFFICE)
    assert problem.status is was
    assert problem.withdraw_reason == "" and problem.due_on == DUE
    event = problem.collect_events()[-1]
    assert type(event).__name__ == "Reinstated"
    assert (event.status, event.due_on, event.reason) == (was, DUE, "撤错了，第12号才是重复的")
    if not fixed:
        assert problem.light_on(DUE) is not Light.NONE  # its clock runs again


def test_a_waiting_extension_request_comes_back_with_it() -> None:
    problem = logged()
    problem.set_deadline(DUE, None, "", OFFICE)
    problem.request_extension(5, "需要协调", TODAY, LEAD)
    problem.withdraw("重复", OFFICE)
    problem.reinstate("撤错了", OFFICE)
    assert problem.collect_events()[-1].pending_extension is True
    assert problem.pending_extension is not None


def test_only_a_withdrawn_problem_is_reinstated_and_only_with_a_reason() -> None:
    problem = logged()
    with pytest.raises(InvalidTransitionError, match="reinstate a problem that is logged"):
        problem.reinstate("r", OFFICE)
    problem.withdraw("重复", OFFICE)
    with pytest.raises(InvalidValueError, match="reason"):
        problem.reinstate("  ", OFFICE)
    problem.reinstate("撤错了", OFFICE)
    with pytest.raises(InvalidTransitionError, match="reinstate a problem that is logged"):
        problem.reinstate("again", OFFICE)


def test_only_the_office_reinstates() -> None:
    problem = logged()
    problem.withdraw("重复", OFFICE)
    with pytest.raises(PermissionDeniedError, match="only the office"):
        check_may(LEAD.actor, Action.REINSTATE, problem, office_unit=OFFICE_UNIT)
    assert offered(LEAD.actor, problem, office_unit=OFFICE_UNIT) == frozenset()
    inspector = Actor("ji", Role.INSPECTOR)
    assert Action.REINSTATE not in offered(inspector, problem, office_unit=OFFICE_UNIT)


def test_the_unit_holding_it_is_told_to_work_on_it_again() -> None:
    problem = logged()
    problem.withdraw("重复", OFFICE)
    problem.reinstate("撤错了", OFFICE)
    event = problem.collect_events()[-1]
    [notice] = notices_after(problem, event, OFFICE_UNIT, TODAY)
    assert notice.kind is NoticeKind.REINSTATED and notice.audience.unit == "civil_affairs"
    assert "恢复办理" in notice.subject and "撤错了" in notice.body


def test_a_problem_withdrawn_twice_goes_back_each_time() -> None:
    problem = logged()
    problem.set_deadline(DUE, None, "", OFFICE)
    problem.withdraw("重复", OFFICE)
    problem.reinstate("撤错了", OFFICE)
    problem.rectify(Fix("m", "r"), TODAY, LEAD)
    problem.withdraw("确实重复", OFFICE)
    problem.reinstate("仍需验收", OFFICE)
    assert problem.status is Status.RECTIFIED
