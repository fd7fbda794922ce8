"""Each role tries every command on its own unit's problem and another's (docs/DOMAIN.md)."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

import pytest

from application.context import CommandContext
from domain.actor import Actor, Role
from domain.problem_values import Fix
from tests.conftest import NEW_PROBLEM, Api

ROLES = ["office", "lead", "other_lead", "inspector", "admin"]
# lead leads civil_affairs; other_lead leads transport; demands in the matrix ask transport.

COMMANDS: dict[str, tuple[str, dict[str, object], set[str]]] = {
    "assign": ("assign", {"unit": "civil_affairs"}, {"office"}),
    "set_deadline": ("deadline", {"working_days": 5}, {"office"}),
    "rectify": ("rectify", {"measures": "m", "result": "r"}, {"lead"}),
    "close": ("close", {}, {"office"}),  # the office's close is its acceptance (验收销号)
    "sign_for": ("sign", {}, {"lead"}),
    "send_back": ("send-back", {"reason": "不属于本单位"}, {"lead"}),
    "record_plan": ("plan", {"measures": "m", "person": "张三"}, {"office", "lead"}),
    "accept": ("acceptance", {"accepted": True}, {"office"}),
    "reject_fix": ("acceptance", {"accepted": False, "reason": "整改不彻底"}, {"office"}),
    "escalate_to_office": (
        "escalate",
        {"to_unit": "gov_service_office", "reason": "x"},
        {"office", "lead"},
    ),
    "escalate_to_a_unit": ("escalate", {"to_unit": "education", "reason": "x"}, {"office"}),
    "reopen": ("reopen", {"reason": "x"}, {"office"}),
    "flag": ("flag", {"flagged": True}, {"office"}),
    "raise_demand": ("demands", {"text": "t", "to_unit": "transport"}, {"office", "lead"}),
    "answer_demand": ("demands/1/answer", {"answer": "a", "met": True}, {"office", "other_lead"}),
}


def prepare(api: Api, command: str, unit: str) -> str:
    """A problem in `unit` in a status where `command` fits, so only permissions decide."""
    problem_id = str(api.post("office", "/problems", dict(NEW_PROBLEM, unit=unit)).json()["id"])
    if command in ("close", "reopen", "accept", "reject_fix"):
        unit_lead = CommandContext(Actor(f"lead-of-{unit}", Role.UNIT_LEAD, unit))
        api.services.problems.rectify(unit_lead, UUID(problem_id), Fix("m", "r"))
    if command == "answer_demand":
        api.post("office", f"/problems/{problem_id}/demands", {"text": "t", "to_unit": "transport"})
    return problem_id


def expected_status(role: str, command: str, own: bool) -> int:
    if role in ("admin", "inspector"):
        return 403
    allowed = COMMANDS[command][2]
    visible_to = {"lead"} if own else set()
    if command == "answer_demand":
        visible_to.add("other_lead")
    if role in ("lead", "other_lead") and role not in visible_to:
        return 404
    if role in allowed:
        return 201 if command == "raise_demand" else 200
    return 403


def run_matrix(api: Api, unit: str, own: bool) -> list[str]:
    mismatches = []
    for command, (path, body, _) in COMMANDS.items():
        for role in ROLES:
            problem_id = prepare(api, command, unit)
            before = api.history_length(problem_id)
            response = api.post(role, f"/problems/{problem_id}/{path}", body)
            want = expected_status(role, command, own)
            stored = api.history_length(problem_id) - before
            if response.status_code != want or (stored > 0) != (want < 300):
                mismatches.append(
                    f"{role} {command} own={own}: {response.status_code} "
                    f"(want {want}), {stored} events: {response.text[:120]}"
                )
    return mismatches


def test_only_what_domain_md_allows_succeeds_on_the_own_units_problem(api: Api) -> None:
    assert run_matrix(api, "civil_affairs", own=True) == []


def test_only_what_domain_md_allows_succeeds_on_another_units_problem(api: Api) -> None:
    assert run_matrix(api, "health", own=False) == []


@pytest.mark.parametrize(
    ("role", "unit", "status"),
    [
        ("office", "health", 201),
        ("lead", "civil_affairs", 201),
        ("lead", "health", 403),
        ("inspector", "health", 403),
        ("admin", "health", 403),
    ],
)
def test_who_may_log_a_problem(api: Api, role: str, unit: str, status: int) -> None:
    before = api.services.ledger.head_position()
    response = api.post(role, "/problems", dict(NEW_PROBLEM, unit=unit))
    assert response.status_code == status, response.text
    assert (api.services.ledger.head_position() > before) == (status == 201)


def test_a_unit_lead_cannot_see_another_units_problem(api: Api) -> None:
    problem_id = api.post("office", "/problems", dict(NEW_PROBLEM, unit="health")).json()["id"]
    reads: list[Callable[[str], int]] = [
        lambda who: api.get(who, f"/problems/{problem_id}").status_code,
        lambda who: api.get(who, f"/problems/{problem_id}/history").status_code,
        lambda who: api.get(who, f"/problems/{problem_id}", version=1).status_code,
    ]
    for read in reads:
        assert read("lead") == 404
        assert read("office") == 200
        assert read("inspector") == 200
        assert read("admin") == 403
