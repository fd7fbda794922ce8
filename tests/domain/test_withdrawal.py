"""撤销: a problem logged in error is withdrawn by the office, with its reason, and counts
nowhere after; its history stays."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from application.rows import ProblemRow
from application.summaries import belongs_to_period
from domain.actions import WHEN, Action
from domain.actor import Actor, Role
from domain.errors import InvalidTransitionError, InvalidValueError, PermissionDeniedError
from domain.periods import parse_period
from domain.permissions import answerable_demands, check_may, offered
from domain.problem_values import Fix
from domain.standing import counts, is_open, is_overdue
from domain.status import Light, Status
from tests.domain.test_domain_problem import LEAD, OFFICE, TODAY, logged

OFFICE_UNIT = "zwb"


def test_the_office_withdraws_a_problem_with_its_reason() -> None:
    problem = logged()
    problem.set_deadline(date(2026, 11, 30), None, "", OFFICE)
    problem.withdraw("  与第12号重复登记 ", OFFICE)
    assert problem.status is Status.WITHDRAWN
    assert problem.withdraw_reason == "与第12号重复登记"
    assert problem.light_on(TODAY) is Light.NONE
    assert problem.phase is None


def test_a_withdrawal_needs_a_reason() -> None:
    with pytest.raises(InvalidValueError, match="reason"):
        logged().withdraw("   ", OFFICE)


@pytest.mark.parametrize("status", ["rectified", "assigned"])
def test_a_problem_still_worked_on_or_rectified_may_be_withdrawn(status: str) -> None:
    problem = logged()
    problem.set_deadline(date(2026, 11, 30), None, "", OFFICE)
    if status == "rectified":
        problem.rectify(Fix("m", "r"), TODAY, LEAD)
    problem.withdraw("重复", OFFICE)
    assert problem.status is Status.WITHDRAWN


def test_a_struck_off_problem_is_reopened_not_withdrawn() -> None:
    problem = logged()
    problem.rectify(Fix("m", "r"), TODAY, LEAD)
    problem.close("", TODAY, LEAD)
    with pytest.raises(InvalidTransitionError, match="withdraw a problem that is closed"):
        problem.withdraw("重复", OFFICE)


def test_a_withdrawn_problem_takes_no_further_command() -> None:
    problem = logged()
    number = problem.raise_demand("数据共享", "transport", TODAY, LEAD)
    problem.withdraw("重复", OFFICE)
    with pytest.raises(InvalidTransitionError, match="withdrawn"):
        problem.withdraw("again", OFFICE)
    with pytest.raises(InvalidTransitionError, match="withdrawn"):
        problem.rectify(Fix("m", "r"), TODAY, LEAD)
    with pytest.raises(InvalidTransitionError, match="withdrawn"):
        problem.reopen("r", OFFICE)
    with pytest.raises(InvalidTransitionError, match="withdrawn"):
        problem.answer_demand(number, "a", True, TODAY, OFFICE)
    assert offered(OFFICE.actor, problem, office_unit=OFFICE_UNIT) == {Action.REINSTATE}
    asked = Actor("lead-transport", Role.UNIT_LEAD, "transport")
    assert answerable_demands(asked, problem, office_unit=OFFICE_UNIT) == []  # no form either


def test_only_the_office_withdraws() -> None:
    problem = logged()
    with pytest.raises(PermissionDeniedError, match="only the office"):
        check_may(LEAD.actor, Action.WITHDRAW, problem, office_unit=OFFICE_UNIT)
    check_may(OFFICE.actor, Action.WITHDRAW, problem, office_unit=OFFICE_UNIT)
    assert Action.WITHDRAW in offered(OFFICE.actor, problem, office_unit=OFFICE_UNIT)
    assert Action.WITHDRAW not in offered(LEAD.actor, problem, office_unit=OFFICE_UNIT)


def test_a_withdrawn_problem_is_neither_open_nor_overdue_nor_counted() -> None:
    assert not is_open(Status.WITHDRAWN)
    assert not is_overdue("withdrawn", date(2026, 1, 1), TODAY)
    assert not counts("withdrawn")
    assert all(counts(s) for s in Status if s is not Status.WITHDRAWN)
    assert Status.WITHDRAWN not in WHEN[Action.ANSWER_DEMAND]


def test_a_quarter_leaves_out_a_problem_withdrawn_as_of_its_reading() -> None:
    row = ProblemRow.decode(_row(status="assigned"))
    quarter = parse_period("2026Q4")
    assert belongs_to_period(row, quarter)
    assert not belongs_to_period(replace(row, status="withdrawn"), quarter)


def _row(**changes: object) -> dict[str, object]:
    """A lists row as the projection writes it, found in 2026Q4."""
    from projections.problem_rows import new_problem_row

    problem = logged()
    event = problem.collect_events()[0]
    return new_problem_row(event, 1) | changes
