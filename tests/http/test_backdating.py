"""A fix dated back more than 5 working days (a setting) is the office's to enter, with its
reason (补录); the lists, the files and the problem show it beside the date."""

from __future__ import annotations

import pytest

from domain.actor import Actor, Role
from domain.errors import InvalidValueError
from domain.rules import check_backdating
from infrastructure.rules_file import SHIPPED
from tests.conftest import NEW_PROBLEM, Api
from tests.hostile import assert_workbook_is_inert

LEAD = Actor("lead", Role.UNIT_LEAD, "civil_affairs")
OFFICE = Actor("office", Role.OFFICE)


def test_the_rule_itself() -> None:
    check_backdating(5, 5, LEAD, "")  # up to the limit: anyone, no reason needed
    with pytest.raises(InvalidValueError) as refused:
        check_backdating(6, 5, LEAD, "我们补录")
    assert refused.value.field == "rectified_on"
    with pytest.raises(InvalidValueError) as unexplained:
        check_backdating(6, 5, OFFICE, " \u200b")
    assert unexplained.value.field == "backdate_reason"
    check_backdating(60, 5, OFFICE, "窗口纸质台账补录")


def logged(api: Api) -> str:
    return str(
        api.post("office", "/problems", NEW_PROBLEM | {"found_on": "2026-11-02"}).json()["id"]
    )


def test_a_unit_lead_dates_a_fix_back_5_working_days_at_most(api: Api) -> None:
    problem_id = logged(api)
    path = f"/problems/{problem_id}/rectify"
    too_far = api.post("lead", path, {"measures": "m", "result": "r", "rectified_on": "2026-11-13"})
    assert too_far.status_code == 422 and too_far.json()["errors"][0]["field"] == "rectified_on"
    within = api.post("lead", path, {"measures": "m", "result": "r", "rectified_on": "2026-11-16"})
    assert within.status_code == 200, within.text  # Mon 16 to Mon 23 November: 5 working days
    assert within.json()["rectification"]["entered_afterwards"] is False


def test_the_office_enters_an_older_fix_with_its_reason_and_it_is_marked(api: Api) -> None:
    problem_id = logged(api)
    path = f"/problems/{problem_id}/rectify"
    body = {"measures": "更换叫号机", "result": "已恢复", "rectified_on": "2026-11-04"}
    assert api.post("office", path, body).status_code == 403  # not its problem, no reason
    entered = api.post("office", path, body | {"backdate_reason": "窗口纸质台账补录"})
    assert entered.status_code == 200, entered.text
    rectification = entered.json()["rectification"]
    assert rectification["entered_afterwards"] is True
    assert rectification["backdate_reason"] == "窗口纸质台账补录"
    position = entered.json()["position"]
    for name in ("problems", "rectifications"):
        row = api.get("office", f"/lists/{name}", min_position=position).json()["items"][0]
        assert (row["rectified_on"], row["backdate_reason"]) == ("2026-11-04", "窗口纸质台账补录")
        cells = assert_workbook_is_inert(api.get("office", f"/lists/{name}", format="xlsx").content)
        date_column = cells[0].index("整改完成时间")
        assert cells[0][date_column + 1] == "补录说明"
        assert cells[1][date_column + 1] == "窗口纸质台账补录"


def test_how_far_back_is_a_rule_of_the_district(api: Api) -> None:
    text = SHIPPED.read_text(encoding="utf-8").replace("working_days = 5", "working_days = 20")
    api.services.rules.adopt(text, "test", Actor("test-admin", Role.ADMIN))
    problem_id = logged(api)
    body = {"measures": "m", "result": "r", "rectified_on": "2026-11-04"}
    assert api.post("lead", f"/problems/{problem_id}/rectify", body).status_code == 200
