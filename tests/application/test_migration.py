"""Problems stored before the supervision workflow read as they did: events in their old shapes
(no class version, none of the new fields) are written into the log as the earlier code wrote
them, and the aggregate, the API and the lists read them without a stored event rewritten: an
old `assigned` problem counts as signed for, an old deadline keeps the 3-day yellow window, an
old close is not an acceptance, an old escalation hands over without signing."""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from uuid import uuid4

from eventsourcing.persistence import StoredEvent

from domain.actor import Actor, Role
from domain.codes import Category, Source
from domain.commanded import Stamp
from domain.problem import Problem
from domain.problem_values import Fix, NewProblem
from tests.conftest import Api

OFFICE = Stamp(Actor("office", Role.OFFICE))
LEAD = Stamp(Actor("lead", Role.UNIT_LEAD, "civil_affairs"))
NEW_FIELDS = {
    "DeadlineSet": ("set_on", "yellow_on"),
    "Rectified": ("reported_on", "accept_due_on", "accept_yellow_on", "backdate_reason"),
    "Closed": ("accepted",),
    "Escalated": ("handed_on", "sign_due_on", "sign_yellow_on"),
}


def stored_as_before(api: Api, problem: Problem) -> list[StoredEvent]:
    """The problem's pending events as the code before this change stored them."""
    mapper = api.services.ledger.mapper
    old = []
    for event in problem.collect_events():
        stored = mapper.to_stored_event(event)
        state: dict[str, Any] = json.loads(stored.state)
        name = type(event).__name__
        for field in NEW_FIELDS.get(name, ()):
            state.pop(field)
        state.pop("class_version", None)
        old.append(
            StoredEvent(
                stored.originator_id,
                stored.originator_version,
                stored.topic,
                json.dumps(state).encode(),
            )
        )
    return old


def problem(title: str) -> Problem:
    new = NewProblem(
        Source.SIT_IN, Category.POLICY, "civil_affairs", title, "d", date(2026, 11, 2), "x"
    )
    return Problem.log(uuid4(), new, date(2026, 11, 2), OFFICE)


def test_problems_stored_before_the_workflow_read_as_they_did(api: Api) -> None:
    closed = problem("旧的已销号问题")
    closed.assign("civil_affairs", "张三", OFFICE)
    closed.set_deadline(date(2026, 11, 13), 9, "", OFFICE)
    closed.rectify(Fix("m", "r", date(2026, 11, 10)), date(2026, 11, 10), LEAD)
    closed.close("", date(2026, 11, 11), LEAD)
    due_soon = problem("旧的整改中问题")
    due_soon.assign("civil_affairs", "", OFFICE)
    due_soon.set_deadline(date(2026, 11, 25), None, "", OFFICE)  # 2 working days from the 23rd
    moved = problem("旧的移交问题")
    moved.escalate("transport", "属交通局", OFFICE)
    recorder = api.services.ledger.recorder
    for p in (closed, due_soon, moved):
        recorder.insert_events(stored_as_before(api, p))

    def state(p: Problem) -> dict[str, Any]:
        answer: dict[str, Any] = api.get("office", f"/problems/{p.id}").json()
        return answer

    was_closed = state(closed)
    assert (was_closed["status"], was_closed["light"]) == ("closed", "none")
    assert (
        was_closed["workflow"]["accepted"] is False and was_closed["rectification"]["late"] is False
    )
    open_one = state(due_soon)
    assert (open_one["status"], open_one["workflow"]["phase"]) == ("assigned", "rectifying")
    assert open_one["light"] == "yellow"  # by the old window: 3 working days or fewer left
    assert open_one["workflow"]["phase_yellow_on"] is None
    escalated = state(moved)
    assert (escalated["status"], escalated["responsible_unit"]) == ("assigned", "transport")
    position = api.services.ledger.head_position()
    rows = api.get("office", "/lists/problems", min_position=position, limit=10).json()["items"]
    lights = {r["title"]: (r["status"], r["light"]) for r in rows}
    assert lights == {
        "旧的已销号问题": ("closed", "none"),
        "旧的整改中问题": ("assigned", "yellow"),
        "旧的移交问题": ("assigned", "none"),
    }
    # the old events are still as they were stored
    again = recorder.select_events(due_soon.id)
    assert all(b"class_version" not in e.state for e in again)
    # and an old problem goes on through the new steps
    fix = api.post("lead", f"/problems/{due_soon.id}/rectify", {"measures": "m", "result": "r"})
    assert fix.status_code == 200 and fix.json()["workflow"]["phase"] == "accepting"
