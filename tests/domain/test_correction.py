"""更正: the office puts a problem's words and category right, with its reason; where, when and
how it was found stay as logged."""

from __future__ import annotations

from dataclasses import replace

import pytest

from domain.codes import Category
from domain.corrections import Correction, record_of
from domain.errors import InvalidTransitionError, InvalidValueError, PermissionDeniedError
from domain.permissions import Action, check_may, offered
from domain.problem_values import Fix
from domain.status import Status
from tests.domain.test_domain_problem import LEAD, OFFICE, TODAY, logged

OFFICE_UNIT = "zwb"


def test_the_office_corrects_the_words_and_category_with_a_reason() -> None:
    problem = logged(title="窗口要求提供清单外材料")
    before = (problem.found_on, problem.unit, problem.source, problem.status)
    to = replace(record_of(problem), title=" 窗口要求提供清单外的材料 ", category=Category.SERVICE)
    problem.correct(to, "错字，类别登记有误", OFFICE)
    assert problem.title == "窗口要求提供清单外的材料"
    assert problem.category is Category.SERVICE
    assert (problem.found_on, problem.unit, problem.source, problem.status) == before
    event = problem.collect_events()[-1]
    assert type(event).__name__ == "Corrected" and event.reason == "错字，类别登记有误"


def test_a_category_of_another_source_is_refused() -> None:
    problem = logged()
    with pytest.raises(InvalidValueError, match="category"):
        problem.correct(replace(record_of(problem), category=Category.COLD), "r", OFFICE)


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [("title", "  ", "r"), ("description", "", "r"), ("found_by", " ", "r"), ("title", "x", " ")],
)
def test_a_blank_field_or_reason_is_refused(field: str, value: str, reason: str) -> None:
    problem = logged()
    changed = replace(record_of(problem), **{field: value})
    with pytest.raises(InvalidValueError, match=field if reason.strip() else "reason"):
        problem.correct(changed, reason, OFFICE)
    assert len(problem.collect_events()) == 1


def test_a_correction_that_changes_nothing_is_refused() -> None:
    problem = logged(title="t")
    same = replace(record_of(problem), title=" t ")  # the same once its spaces are trimmed
    with pytest.raises(InvalidTransitionError, match="nothing to correct"):
        problem.correct(same, "r", OFFICE)


def test_a_struck_off_problems_record_is_corrected_a_withdrawn_ones_is_not() -> None:
    closed = logged()
    closed.rectify(Fix("m", "r"), TODAY, LEAD)
    closed.close("", TODAY, LEAD)
    closed.correct(replace(record_of(closed), title="更正后的标题"), "错字", OFFICE)
    assert closed.status is Status.CLOSED and closed.title == "更正后的标题"
    withdrawn = logged()
    withdrawn.withdraw("重复", OFFICE)
    with pytest.raises(InvalidTransitionError, match="withdrawn"):
        withdrawn.correct(replace(record_of(withdrawn), title="x"), "r", OFFICE)


def test_only_the_office_corrects() -> None:
    problem = logged()
    with pytest.raises(PermissionDeniedError, match="only the office"):
        check_may(LEAD.actor, Action.CORRECT, problem, office_unit=OFFICE_UNIT)
    assert Action.CORRECT in offered(OFFICE.actor, problem, office_unit=OFFICE_UNIT)
    assert Action.CORRECT not in offered(LEAD.actor, problem, office_unit=OFFICE_UNIT)


def test_a_correction_reads_as_the_record_it_replaces() -> None:
    problem = logged(location="3号窗口")
    assert record_of(problem) == Correction("t", "d", Category.POLICY, "x", "3号窗口")
