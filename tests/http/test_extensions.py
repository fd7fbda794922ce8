"""Extension requests (延期申请) on both stores: the unit asks, the office approves (as many or
fewer working days, counted from the deadline in force) or rejects; only an approval moves the
deadline; every step is in the history; refusals store nothing."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import NEW_PROBLEM, Api


@pytest.fixture
def problem(api: Api) -> str:
    made = api.post("office", "/problems", NEW_PROBLEM).json()["id"]
    api.post("office", f"/problems/{made}/assign", {"unit": "civil_affairs", "assignee": "张科长"})
    api.post("office", f"/problems/{made}/deadline", {"due_on": "2026-11-27"})  # a Friday
    return str(made)


def ask(api: Api, problem: str, days: int = 5, reason: str = "需省厅系统对接") -> Any:
    return api.post(
        "lead", f"/problems/{problem}/extensions", {"working_days": days, "reason": reason}
    )


def decide(api: Api, problem: str, number: int = 1, **body: Any) -> Any:
    return api.post("office", f"/problems/{problem}/extensions/{number}/decision", body)


def test_an_approval_with_fewer_days_moves_the_deadline_from_the_one_in_force(
    api: Api, problem: str
) -> None:
    asked = ask(api, problem)
    assert asked.status_code == 201 and asked.json()["number"] == 1
    state = asked.json()["problem"]
    assert state["due_on"] == "2026-11-27" and state["extension_requests"][0]["approved"] is None
    granted = decide(api, problem, approved=True, working_days=2, reason="同意两个工作日")
    assert granted.status_code == 200, granted.text
    state = granted.json()
    assert state["due_on"] == "2026-12-01"  # Mon 30, Tue 1: two working days after Fri 27
    assert state["extension_requests"][0] | {"requested_by": None} == {
        "number": 1,
        "working_days": 5,
        "reason": "需省厅系统对接",
        "requested_on": "2026-11-23",
        "requested_by": None,
        "approved": True,
        "granted_days": 2,
        "decision_reason": "同意两个工作日",
        "decided_on": "2026-11-23",
        "files": [],
    }
    assert state["deadlines"][-1]["reason"] == "延期申请1：需省厅系统对接"
    types = [e["type"] for e in api.get("office", f"/problems/{problem}/history").json()]
    assert types[-3:] == ["ExtensionRequested", "ExtensionDecided", "DeadlineSet"]
    listed = api.get("office", "/lists/rectifications", min_position=granted.json()["position"])
    row = next(r for r in listed.json()["items"] if r["id"] == problem)
    assert row["extensions"] == 1 and row["due_on"] == "2026-12-01"


def test_a_rejection_keeps_the_deadline_and_needs_its_reason(api: Api, problem: str) -> None:
    ask(api, problem)
    before = api.history_length(problem)
    unexplained = decide(api, problem, approved=False)
    assert unexplained.status_code == 422 and api.history_length(problem) == before
    rejected = decide(api, problem, approved=False, reason="理由不充分")
    assert rejected.status_code == 200 and rejected.json()["due_on"] == "2026-11-27"
    assert rejected.json()["extension_requests"][0]["approved"] is False
    assert decide(api, problem, approved=True).status_code == 409  # decided once
    assert ask(api, problem, 3).status_code == 201  # a new request may follow


@pytest.mark.parametrize(
    ("who", "path", "body", "status"),
    [
        ("office", "extensions", {"working_days": 3, "reason": "r"}, 403),  # it sets deadlines
        ("other_lead", "extensions", {"working_days": 3, "reason": "r"}, 404),
        ("inspector", "extensions", {"working_days": 3, "reason": "r"}, 403),
        ("lead", "extensions", {"working_days": 0, "reason": "r"}, 422),
        ("lead", "extensions", {"working_days": 3, "reason": "  "}, 422),
        ("lead", "extensions/1/decision", {"approved": True}, 403),
        ("office", "extensions/2/decision", {"approved": True}, 404),
        ("office", "extensions/1/decision", {"approved": True, "working_days": 6}, 422),
    ],
)
def test_refusals_store_nothing(
    api: Api, problem: str, who: str, path: str, body: dict[str, Any], status: int
) -> None:
    ask(api, problem)
    before = api.history_length(problem)
    answer = api.post(who, f"/problems/{problem}/{path}", body)
    assert answer.status_code == status, answer.text
    assert api.history_length(problem) == before


def test_one_request_at_a_time_and_only_with_a_deadline(api: Api) -> None:
    bare = api.post("office", "/problems", NEW_PROBLEM).json()["id"]
    assert ask(api, bare).status_code == 409  # nothing to extend yet
    api.post("office", f"/problems/{bare}/deadline", {"due_on": "2026-11-30"})
    assert ask(api, bare).status_code == 201
    assert ask(api, bare).status_code == 409


@pytest.mark.parametrize(
    ("due_on", "granted", "moved_to"),
    [
        ("2026-09-30", 1, "2026-10-08"),  # over the National Day holiday
        ("2026-09-30", 3, "2026-10-10"),  # the make-up Saturday (调休) is a working day
        ("2026-02-13", 2, "2026-02-24"),  # the Spring Festival: 14 February worked, then rest
    ],
)
def test_granted_days_follow_chinas_working_calendar(
    api: Api, due_on: str, granted: int, moved_to: str
) -> None:
    made = api.post("office", "/problems", NEW_PROBLEM | {"found_on": "2026-02-02"}).json()["id"]
    api.post("office", f"/problems/{made}/deadline", {"due_on": due_on})
    assert ask(api, made, granted).status_code == 201
    assert decide(api, made, approved=True).json()["due_on"] == moved_to


def test_an_extension_approved_after_the_deadline_passed_counts_from_that_deadline(
    api: Api,
) -> None:
    made = api.post("office", "/problems", NEW_PROBLEM).json()["id"]
    overdue = api.post("office", f"/problems/{made}/deadline", {"due_on": "2026-11-20"}).json()
    assert overdue["light"] == "red"  # Friday's deadline, seen on Monday the 23rd
    ask(api, made, 2)
    state = decide(api, made, approved=True).json()
    assert state["due_on"] == "2026-11-24" and state["light"] == "yellow"
    fixed = api.post("lead", f"/problems/{made}/rectify", {"measures": "m", "result": "r"})
    assert fixed.json()["rectification"]["late"] is False  # on time against the approved date
