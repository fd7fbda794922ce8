"""恢复办理 on both stores, through the API and the workbench: a problem withdrawn by mistake is
put back by the office to the status it was withdrawn from; the board, the ranking, the lists
and the demands waiting count it again, the read models equal a replay, the unit is told, and
refusals store nothing (ADR 53)."""

from __future__ import annotations

import time

from application.lists import ListFilter
from domain.actor import Actor, Role
from tests.application.test_projection_equivalence import actual_rows
from tests.conftest import Api
from tests.http.test_lists import command, log, rows, seed
from tests.http.test_notifications import run
from tests.http.test_workbench_problem_forms import office, submit
from tests.projection_oracle import expected_rows
from tests.workbench import browser, sign_in

__all__ = ["office"]
WITHDRAW = {"reason": "与第1号重复登记"}
REINSTATE = {"reason": "撤错了：第1号才是重复的"}


def caught_up(api: Api) -> None:
    deadline = time.monotonic() + 20
    while any(api.services.read_models.lag().values()) and time.monotonic() < deadline:
        time.sleep(0.02)


def counted(api: Api, position: int) -> tuple[tuple[int, int], tuple[int, int, int]]:
    board = {r["unit"]: r for r in api.get("office", "/board", min_position=position).json()}
    ranking = api.get("office", "/reports/units", period="2026-11").json()["units"]
    civil = next(r for r in ranking if r["unit"] == "civil_affairs")
    held = board["civil_affairs"]
    return (held["open"], held["red"]), (civil["found"], civil["open"], civil["overdue"])


def test_a_reinstated_problem_counts_again_where_it_counted_before(api: Api) -> None:
    p, position = seed(api)
    red = p["red"]["id"]
    before = counted(api, position)
    status = {r["id"]: r["status"] for r in rows(api, "office", "problems", position)}[red]
    withdrawn = command(api, "office", p["red"], "withdraw", WITHDRAW)
    assert counted(api, withdrawn) != before

    answer = api.post("office", f"/problems/{red}/reinstate", REINSTATE)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["status"], body["withdraw_reason"], body["light"]) == (status, "", "red")
    after = body["position"]
    assert counted(api, after) == before
    listed = {r["id"]: r for r in rows(api, "office", "problems", after)}
    assert listed[red]["status"] == status
    assert rows(api, "office", "problems", after, status="withdrawn") == []
    history = api.get("inspector", f"/problems/{red}/history").json()
    assert [e["type"] for e in history[-2:]] == ["Withdrawn", "Reinstated"]
    assert history[-1]["data"]["reason"] == REINSTATE["reason"]
    caught_up(api)  # the app's own workers follow the log
    assert actual_rows(api.services) == expected_rows(api.services)


def test_its_demand_waits_again(api: Api) -> None:
    p, _ = seed(api)
    plain = p["plain"]  # health's, asking civil_affairs for data
    lead = Actor("lead", Role.UNIT_LEAD, "civil_affairs")
    waiting = ListFilter(awaiting="civil_affairs")
    command(api, "office", plain, "withdraw", {"reason": "不属于政务服务事项"})
    done = command(api, "office", plain, "reinstate", {"reason": "属于，撤错了"})
    api.get("office", "/lists/demands", min_position=done)
    assert [t.need for t in api.services.worklist.for_person(lead)].count("answer") == 1
    assert api.services.lists.demands(lead, waiting).items
    answer = {"answer": "已提供", "met": True}
    assert api.post("lead", f"/problems/{plain['id']}/demands/1/answer", answer).status_code == 200


def test_only_the_office_with_a_reason_and_only_a_withdrawn_problem(api: Api) -> None:
    made = log(api, title="误撤的问题")
    pid = made["id"]
    assert api.post("office", f"/problems/{pid}/reinstate", REINSTATE).status_code == 409
    command(api, "office", made, "withdraw", WITHDRAW)
    before = api.history_length(pid)
    assert api.post("lead", f"/problems/{pid}/reinstate", REINSTATE).status_code == 403
    assert api.post("inspector", f"/problems/{pid}/reinstate", REINSTATE).status_code == 403
    assert api.post("office", f"/problems/{pid}/reinstate", {"reason": " "}).status_code == 422
    assert api.post("office", f"/problems/{pid}/reinstate", {}).status_code == 422
    hostile = api.post("office", f"/problems/{pid}/reinstate", {"reason": "撤\u202e错了"})
    assert hostile.status_code == 422 and hostile.json()["errors"][0]["field"] == "reason"
    assert api.history_length(pid) == before


def test_the_unit_holding_it_is_told_to_go_on(api: Api) -> None:
    api.services.notifications.worker.run_until_idle()  # it starts at the log's head
    made = log(api, title="误撤的问题")
    command(api, "office", made, "withdraw", WITHDRAW)
    command(api, "office", made, "reinstate", REINSTATE)
    run(api)
    inbox = api.get("lead", "/notifications").json()["items"]
    told = [n for n in inbox if n["kind"] == "reinstated"]
    assert [n["subject"] for n in told] == ["问题恢复办理：问题「误撤的问题」"]
    assert "撤错了" in told[0]["body"]
    assert api.get("other_lead", "/notifications").json()["items"] == []


def test_the_workbench_offers_it_on_a_withdrawn_problem_to_the_office_only(
    people: Api,
    office,  # type: ignore[no-untyped-def]
) -> None:
    made = log(people, title="误撤的问题")
    path = f"/workbench/problems/{made['id']}"
    assert 'id="form-reinstate"' not in office.get(path).text
    command(people, "office", made, "withdraw", WITHDRAW)
    page = office.get(path).text
    assert 'id="form-reinstate"' in page and "撤销理由" in page
    lead = browser(people)
    sign_in(lead, "li")
    assert 'id="form-reinstate"' not in lead.get(path).text
    blank = submit(office, path, "reinstate", reason="")
    assert blank.status_code == 422 and 'id="reinstate-reason-error"' in blank.text
    done = submit(office, path, "reinstate", reason="撤错了")
    assert done.status_code == 303
    shown = office.get(done.headers["location"]).text
    assert "已恢复办理该问题" in shown and 'id="form-reinstate"' not in shown
    assert '<td data-label="理由">撤错了</td>' in shown
