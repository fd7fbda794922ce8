"""Lead and co-units (主办/协办) on both stores: the office names co-units; each sees the problem
(by its page and in its lists) and records its own part; the responsible unit cannot report the
problem rectified while a part is missing, unless the office waives it; refusals store nothing."""

from __future__ import annotations

from typing import Any

import pytest

from application.lists import ListFilter
from domain.actor import Actor, Role
from tests.conftest import NEW_PROBLEM, Api

FIX = {"measures": "调整窗口流程", "result": "已整改"}


@pytest.fixture
def problem(api: Api) -> str:
    made = api.post("office", "/problems", NEW_PROBLEM).json()["id"]
    api.post("office", f"/problems/{made}/assign", {"unit": "civil_affairs"})
    named = api.post("office", f"/problems/{made}/co-units", {"units": ["transport"]})
    assert named.status_code == 200, named.text
    assert [c["unit"] for c in named.json()["co_units"]] == ["transport"]
    return str(made)


def part(api: Api, problem: str, who: str = "other_lead", unit: str = "transport") -> Any:
    body = {"text": "已提供公交线路数据", "done_on": "2026-11-22"}
    return api.post(who, f"/problems/{problem}/co-units/{unit}/part", body)


def test_the_co_unit_sees_it_records_its_part_and_then_the_fix_goes_through(
    api: Api, problem: str
) -> None:
    assert api.get("other_lead", f"/problems/{problem}").status_code == 200
    position = api.get("office", f"/problems/{problem}").json()["version"]
    listed = api.get(
        "other_lead", "/lists/problems", min_position=api.services.ledger.head_position()
    )
    assert problem in {r["id"] for r in listed.json()["items"]} and position
    blocked = api.post("lead", f"/problems/{problem}/rectify", FIX)
    assert blocked.status_code == 409 and "transport" in blocked.json()["detail"]
    recorded = part(api, problem)
    assert recorded.status_code == 200, recorded.text
    settled = recorded.json()["co_units"][0]
    assert settled["settled"] and settled["done_on"] == "2026-11-22"
    assert api.post("lead", f"/problems/{problem}/rectify", FIX).status_code == 200


def test_the_office_waives_a_missing_part_with_a_reason(api: Api, problem: str) -> None:
    before = api.history_length(problem)
    assert (
        api.post(
            "office", f"/problems/{problem}/co-units/transport/waive", {"reason": " "}
        ).status_code
        == 422
    )
    assert api.history_length(problem) == before
    waived = api.post(
        "office", f"/problems/{problem}/co-units/transport/waive", {"reason": "已由市级统筹"}
    )
    assert (
        waived.status_code == 200
        and waived.json()["co_units"][0]["waived_reason"] == "已由市级统筹"
    )
    assert api.post("lead", f"/problems/{problem}/rectify", FIX).status_code == 200


@pytest.mark.parametrize(
    ("who", "path", "body", "status"),
    [
        ("lead", "co-units", {"units": ["transport"]}, 403),  # the office names them
        ("office", "co-units", {"units": ["civil_affairs"]}, 422),  # the lead is no co-unit
        ("office", "co-units", {"units": ["nowhere"]}, 422),
        ("office", "co-units", {"units": ["transport", "transport"]}, 422),
        ("lead", "co-units/transport/part", {"text": "x"}, 403),  # not its unit's part
        ("other_lead", "co-units/transport/part", {"text": "x", "done_on": "2026-12-01"}, 422),
        ("other_lead", "co-units/transport/waive", {"reason": "r"}, 403),
        ("office", "co-units/education/waive", {"reason": "r"}, 422),
    ],
)
def test_refusals_store_nothing(
    api: Api, problem: str, who: str, path: str, body: dict[str, Any], status: int
) -> None:
    before = api.history_length(problem)
    answer = api.post(who, f"/problems/{problem}/{path}", body)
    assert answer.status_code == status, answer.text
    assert api.history_length(problem) == before


def test_a_unit_named_again_keeps_its_part_and_one_dropped_no_longer_sees_it(
    api: Api, problem: str
) -> None:
    part(api, problem)
    again = api.post(
        "office", f"/problems/{problem}/co-units", {"units": ["transport", "education"]}
    )
    parts = {c["unit"]: c["settled"] for c in again.json()["co_units"]}
    assert parts == {"education": False, "transport": True}
    api.post("office", f"/problems/{problem}/co-units", {"units": []})
    assert api.get("other_lead", f"/problems/{problem}").status_code == 404


def test_a_units_own_work_is_what_it_holds_or_shares_not_what_merely_asks_it(
    api: Api, problem: str
) -> None:
    """The 待办 reads a lead's problems as `holding` its unit: held there or shared with it."""
    asked = api.post("office", "/problems", NEW_PROBLEM | {"unit": "health"}).json()["id"]
    demand = {"text": "请提供公交线路数据", "to_unit": "transport"}
    assert api.post("office", f"/problems/{asked}/demands", demand).status_code == 201
    held = api.post("office", "/problems", NEW_PROBLEM | {"unit": "transport"}).json()["id"]
    transport = Actor("other_lead", Role.UNIT_LEAD, "transport")
    lists, ledger = api.services.lists, api.services.ledger

    def ids(f: ListFilter) -> set[str]:  # once the lists hold everything written so far
        page = lists.problems(transport, f, None, 100, ledger.head_position())
        return {r.problem.problem_id for r in page.items}

    assert {problem, asked, held} <= ids(ListFilter())
    assert ids(ListFilter(holding="transport")) == {problem, held}
    assert ids(ListFilter(holding="transport", status="handed")) == {problem, held}  # unsigned
    assert ids(ListFilter(holding="transport", status="assigned")) == set()
    todos = {(t.need, t.problem.problem_id) for t in api.services.worklist.for_person(transport)}
    assert {("co_unit", problem), ("sign", held), ("answer", asked)} <= todos
    assert ids(ListFilter(awaiting="transport")) == {asked}
    answer = {"answer": "已提供", "met": True}
    assert api.post("other_lead", f"/problems/{asked}/demands/1/answer", answer).status_code == 200
    assert ids(ListFilter(awaiting="transport")) == set()
    todos = {(t.need, t.problem.problem_id) for t in api.services.worklist.for_person(transport)}
    assert ("answer", asked) not in todos
