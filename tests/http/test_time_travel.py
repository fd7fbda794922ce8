"""Any past state: as of a version and as of an instant, equal to what it was then."""

from __future__ import annotations

from datetime import datetime, timedelta

from application.ports import CHINA
from tests.conftest import NEW_PROBLEM, Api

VOLATILE = ("light", "position")


def comparable(state: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in state.items() if k not in VOLATILE}


def test_state_as_of_a_version_and_an_instant_is_what_it_was_then(api: Api) -> None:
    states: list[dict[str, object]] = []
    instants: list[datetime] = []
    created = api.post("office", "/problems", NEW_PROBLEM).json()
    problem_id = created["id"]
    states.append(created)
    instants.append(api.services.clock.now())
    commands = [
        ("office", "assign", {"unit": "civil_affairs", "assignee": "李四"}),
        ("office", "deadline", {"due_on": "2026-11-30"}),
        ("lead", "rectify", {"measures": "m", "result": "r"}),
        ("office", "reopen", {"reason": "整改不彻底"}),
        ("office", "deadline", {"due_on": "2026-12-20", "reason": "延期"}),
    ]
    for who, command, body in commands:
        states.append(api.post(who, f"/problems/{problem_id}/{command}", body).json())
        instants.append(api.services.clock.now())

    for state in states:  # a command may record more than one event: its state is its last
        version = state["version"]
        then = api.get("inspector", f"/problems/{problem_id}", version=version)
        assert then.status_code == 200
        assert comparable(then.json()) == comparable(state), version
        assert then.headers["ETag"] == f'"{version}"'
    for instant, state in zip(instants, states, strict=True):
        in_china = instant.astimezone(CHINA).isoformat()
        then = api.get("inspector", f"/problems/{problem_id}", as_of=in_china)
        assert comparable(then.json()) == comparable(state)


def test_before_it_was_logged_a_problem_did_not_exist(api: Api) -> None:
    problem_id = api.post("office", "/problems", NEW_PROBLEM).json()["id"]
    earlier = (api.services.clock.now() - timedelta(days=1)).isoformat()
    assert api.get("office", f"/problems/{problem_id}", as_of=earlier).status_code == 404
    assert api.get("office", f"/problems/{problem_id}", version=3).status_code == 404


def test_an_instant_without_an_offset_is_refused(api: Api) -> None:
    problem_id = api.post("office", "/problems", NEW_PROBLEM).json()["id"]
    response = api.get("office", f"/problems/{problem_id}", as_of="2026-11-23T10:00:00")
    assert response.status_code == 422
    assert response.json()["type"] == "urn:rectify:error:invalid_value"  # a query, not a header
    assert response.json()["errors"][0]["field"] == "as_of"
    both = api.get("inspector", f"/problems/{problem_id}", version=1, as_of="2026-11-23T10:00Z")
    assert (both.status_code, both.json()["type"]) == (422, "urn:rectify:error:invalid_value")


def test_history_lists_every_event_with_actor_and_backdating(api: Api) -> None:
    problem_id = api.post("office", "/problems", NEW_PROBLEM).json()["id"]
    api.post(
        "lead",
        f"/problems/{problem_id}/rectify",
        {"measures": "m", "result": "r", "rectified_on": "2026-11-21"},
    )
    history = api.get("inspector", f"/problems/{problem_id}/history").json()
    assert [h["type"] for h in history] == ["Logged", "HandedOut", "SignedFor", "Rectified"]
    assert history[0]["actor"] == {"name": "office", "role": "office", "unit": None}
    assert history[3]["actor"]["unit"] == "civil_affairs"
    assert history[3]["business_date"] == "2026-11-21"
    assert history[3]["backdated"] is True  # recorded on a later day than it happened
    assert history[3]["data"]["measures"] == "m"
