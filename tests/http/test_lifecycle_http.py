"""Every transition of docs/DOMAIN.md through HTTP, and every refused one (409, none stored)."""

from __future__ import annotations

import pytest

from tests.conftest import NEW_PROBLEM, Api


def log(api: Api) -> str:
    response = api.post("office", "/problems", NEW_PROBLEM)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def test_a_problem_lives_from_logging_to_striking_off(api: Api) -> None:
    created = api.post("office", "/problems", NEW_PROBLEM)
    assert created.status_code == 201
    problem_id = created.json()["id"]
    assert created.headers["Location"] == f"/problems/{problem_id}"
    # logged by the office and handed to the unit it was found in, which must sign for it
    assert created.json()["status"] == "handed" and created.json()["version"] == 2
    assert created.json()["workflow"]["phase"] == "signing"
    assert created.json()["workflow"]["phase_due_on"] == "2026-11-24"  # 1 working day

    steps = [
        ("lead", "sign", {}, "assigned"),
        ("office", "assign", {"unit": "civil_affairs", "assignee": "张科长"}, "assigned"),
        ("office", "deadline", {"working_days": 5}, "assigned"),
        ("office", "deadline", {"due_on": "2026-12-15", "reason": "需市级系统改造"}, "assigned"),
        (
            "lead",
            "demands",
            {"text": "需要公安户籍数据共享", "to_unit": "public_security"},
            "assigned",
        ),
        ("office", "flag", {"flagged": True, "reason": "群众反映强烈"}, "assigned"),
        (
            "lead",
            "rectify",
            {"measures": "取消额外证明", "result": "已整改", "evidence": ["a.jpg"]},
            "rectified",
        ),
        ("office", "reopen", {"reason": "整改不彻底"}, "assigned"),
        ("lead", "rectify", {"measures": "修订办事指南", "result": "已整改到位"}, "rectified"),
        ("office", "close", {"note": "同意销号"}, "closed"),
    ]
    for version, (who, command, body, status) in enumerate(steps, start=3):
        response = api.post(who, f"/problems/{problem_id}/{command}", body)
        assert response.status_code in (200, 201), (command, response.text)
        state = response.json().get("problem", response.json())
        assert state["status"] == status, command
        assert state["version"] == version
        assert response.headers["ETag"] == f'"{version}"'

    final = api.get("office", f"/problems/{problem_id}").json()
    assert final["closed_on"] == "2026-11-23"
    assert final["due_on"] == "2026-12-15"
    assert [d["due_on"] for d in final["deadlines"]] == ["2026-11-30", "2026-12-15"]
    assert final["deadlines"][1]["reason"] == "需市级系统改造"
    assert final["rectification"]["measures"] == "修订办事指南"
    assert final["rectification"]["late"] is False
    assert final["times_reopened"] == 1 and final["flagged"] is True
    assert final["light"] == "none"
    assert final["workflow"]["accepted"] is True and final["workflow"]["phase"] is None


def test_escalation_hands_the_problem_to_another_unit(api: Api) -> None:
    problem_id = log(api)
    response = api.post(
        "lead",
        f"/problems/{problem_id}/escalate",
        {"to_unit": "gov_service_office", "reason": "属于公安分局职责"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["responsible_unit"] == "gov_service_office"
    response = api.post(
        "office",
        f"/problems/{problem_id}/escalate",
        {"to_unit": "public_security", "reason": "交公安分局办理"},
    )
    assert response.json()["responsible_unit"] == "public_security"
    assert response.json()["status"] == "handed"  # the new unit signs for it
    assert response.json()["times_escalated"] == 2


def test_a_demand_is_answered_by_the_unit_asked(api: Api) -> None:
    problem_id = log(api)
    raised = api.post(
        "lead", f"/problems/{problem_id}/demands", {"text": "开放数据接口", "to_unit": "transport"}
    )
    assert raised.status_code == 201 and raised.json()["number"] == 1
    answered = api.post(
        "other_lead", f"/problems/{problem_id}/demands/1/answer", {"answer": "已开放", "met": True}
    )
    assert answered.status_code == 200, answered.text
    demand = answered.json()["demands"][0]
    assert demand["met"] is True and demand["answered_on"] == "2026-11-23"


def test_fixing_on_the_spot_is_a_rectification_on_the_day_found(api: Api) -> None:
    body = dict(NEW_PROBLEM, found_on="2026-11-23")
    problem_id = api.post("lead", "/problems", body).json()["id"]
    response = api.post(
        "lead", f"/problems/{problem_id}/rectify", {"measures": "当场整改", "result": "已解决"}
    )
    assert response.json()["rectification"]["on_the_spot"] is True


REFUSED = [
    ("close", "office", {}, "cannot accept"),
    ("reopen", "office", {"reason": "x"}, "cannot reopen"),
    ("flag", "office", {"flagged": False}, "not flagged"),
    ("escalate", "office", {"to_unit": "civil_affairs", "reason": "x"}, "already responsible"),
    ("demands/1/answer", "office", {"answer": "x", "met": True}, "no demand 1"),
]


@pytest.mark.parametrize(("command", "who", "body", "reason"), REFUSED)
def test_a_command_that_does_not_fit_a_new_problem_is_refused(
    api: Api, command: str, who: str, body: dict[str, object], reason: str
) -> None:
    problem_id = log(api)
    response = api.post(who, f"/problems/{problem_id}/{command}", body)
    assert response.status_code in (404, 409), response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert reason in response.json()["detail"]
    assert api.history_length(problem_id) == 2  # logged and handed to its unit


@pytest.mark.parametrize(
    ("command", "who", "body"),
    [
        ("assign", "office", {"unit": "transport"}),
        ("deadline", "office", {"working_days": 3}),
        ("rectify", "lead", {"measures": "m", "result": "r"}),
        ("escalate", "office", {"to_unit": "transport", "reason": "x"}),
        ("demands", "lead", {"text": "t", "to_unit": "transport"}),
        ("flag", "office", {"flagged": True}),
        ("close", "office", {}),
    ],
)
def test_nothing_but_reopening_changes_a_closed_problem(
    api: Api, command: str, who: str, body: dict[str, object]
) -> None:
    problem_id = log(api)
    api.post("lead", f"/problems/{problem_id}/rectify", {"measures": "m", "result": "r"})
    assert api.post("office", f"/problems/{problem_id}/close", {}).status_code == 200
    before = api.history_length(problem_id)
    response = api.post(who, f"/problems/{problem_id}/{command}", body)
    assert response.status_code == 409, response.text
    assert response.json()["detail"]
    assert api.history_length(problem_id) == before


def test_rectifying_twice_is_refused(api: Api) -> None:
    problem_id = log(api)
    assert (
        api.post(
            "lead", f"/problems/{problem_id}/rectify", {"measures": "m", "result": "r"}
        ).status_code
        == 200
    )
    again = api.post("lead", f"/problems/{problem_id}/rectify", {"measures": "m", "result": "r"})
    assert again.status_code == 409 and "rectified" in again.json()["detail"]
    assert api.history_length(problem_id) == 4  # logged, handed, signed for (by fixing), fixed


def test_an_unknown_problem_is_404(api: Api) -> None:
    response = api.post(
        "office", "/problems/00000000-0000-4000-8000-000000000000/assign", {"unit": "transport"}
    )
    assert response.status_code == 404
    assert response.json()["type"] == "urn:rectify:error:not_found"
