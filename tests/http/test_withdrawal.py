"""撤销 on both stores, through the API: the office withdraws a problem logged in error, with its
reason; it stays in the lists as 已撤销 and in its history, and leaves the board, the ranking,
the todo lists and the demands waiting; refusals store nothing."""

from __future__ import annotations

from application.lists import ListFilter
from domain.actor import Actor, Role
from tests.conftest import Api
from tests.http.test_lists import command, log, rows, seed
from tests.http.test_notifications import run

REASON = {"reason": "与第1号重复登记"}


def test_a_withdrawn_problem_leaves_the_board_and_the_ranking_but_not_the_list(api: Api) -> None:
    p, position = seed(api)
    board = {r["unit"]: r for r in api.get("office", "/board", min_position=position).json()}
    ranking = api.get("office", "/reports/units", period="2026-11").json()["units"]
    civil = next(r for r in ranking if r["unit"] == "civil_affairs")
    assert (board["civil_affairs"]["open"], board["civil_affairs"]["red"]) == (2, 1)
    assert (civil["found"], civil["open"], civil["overdue"]) == (2, 2, 1)

    withdrawn = api.post("office", f"/problems/{p['red']['id']}/withdraw", REASON)
    assert withdrawn.status_code == 200, withdrawn.text
    body = withdrawn.json()
    assert (body["status"], body["withdraw_reason"], body["light"]) == (
        "withdrawn",
        "与第1号重复登记",
        "none",
    )
    after = body["position"]
    board = {r["unit"]: r for r in api.get("office", "/board", min_position=after).json()}
    assert (board["civil_affairs"]["open"], board["civil_affairs"]["red"]) == (1, 0)
    ranking = api.get("office", "/reports/units", period="2026-11").json()
    civil = next(r for r in ranking["units"] if r["unit"] == "civil_affairs")
    assert (civil["found"], civil["open"], civil["overdue"]) == (1, 1, 0)
    assert "civil_affairs" not in ranking["most_overdue"]

    listed = {r["id"]: r for r in rows(api, "office", "problems", after)}
    assert listed[p["red"]["id"]]["status"] == "withdrawn"  # kept, with its number
    only = rows(api, "office", "problems", after, status="withdrawn")
    assert [r["id"] for r in only] == [p["red"]["id"]]
    still_open = rows(api, "office", "problems", after, open=True)
    assert p["red"]["id"] not in {r["id"] for r in still_open}
    last = api.get("inspector", f"/problems/{p['red']['id']}/history").json()[-1]
    assert last["type"] == "Withdrawn" and last["data"]["reason"] == "与第1号重复登记"


def test_only_the_office_with_a_reason_and_never_once_struck_off(api: Api) -> None:
    p, _ = seed(api)
    red = p["red"]["id"]
    before = api.history_length(red)
    assert api.post("lead", f"/problems/{red}/withdraw", REASON).status_code == 403
    assert api.post("inspector", f"/problems/{red}/withdraw", REASON).status_code == 403
    assert api.post("office", f"/problems/{red}/withdraw", {"reason": "  "}).status_code == 422
    assert api.post("office", f"/problems/{red}/withdraw", {}).status_code == 422
    assert api.history_length(red) == before
    closed = api.post("office", f"/problems/{p['closed']['id']}/withdraw", REASON)
    assert closed.status_code == 409 and "closed" in closed.json()["detail"]
    assert api.post("office", f"/problems/{red}/withdraw", REASON).status_code == 200
    again = api.post("office", f"/problems/{red}/withdraw", REASON)
    assert again.status_code == 409
    rectify = api.post("lead", f"/problems/{red}/rectify", {"measures": "m", "result": "r"})
    assert rectify.status_code == 409 and "withdrawn" in rectify.json()["detail"]
    assert api.history_length(red) == before + 1


def test_its_demand_waits_on_nobody_and_takes_no_answer(api: Api) -> None:
    p, position = seed(api)
    plain = p["plain"]  # health's, asking civil_affairs for data
    lead = Actor("lead", Role.UNIT_LEAD, "civil_affairs")
    waiting = ListFilter(awaiting="civil_affairs")
    api.get("office", "/lists/demands", min_position=position)
    assert [t.need for t in api.services.worklist.for_person(lead)].count("answer") == 1
    assert api.services.lists.demands(lead, waiting).items

    done = command(api, "office", plain, "withdraw", {"reason": "不属于政务服务事项"})
    api.get("office", "/lists/demands", min_position=done)
    assert "answer" not in [t.need for t in api.services.worklist.for_person(lead)]
    assert api.services.lists.demands(lead, waiting).items == []
    answer = {"answer": "已提供", "met": True}
    refused = api.post("lead", f"/problems/{plain['id']}/demands/1/answer", answer)
    assert refused.status_code == 409


def test_the_unit_holding_it_is_told_and_nobody_else(api: Api) -> None:
    api.services.notifications.worker.run_until_idle()  # it starts at the log's head
    made = log(api, title="误登的问题")
    command(api, "office", made, "withdraw", {"reason": "误登"})
    run(api)
    inbox = api.get("lead", "/notifications").json()["items"]
    told = [n for n in inbox if n["kind"] == "withdrawn"]
    assert len(told) == 1
    assert told[0]["subject"] == "问题已撤销：问题「误登的问题」"
    assert "误登" in told[0]["body"]
    assert api.get("other_lead", "/notifications").json()["items"] == []
    office = api.get("office", "/notifications").json()["items"]
    assert not [n for n in office if n["kind"] == "withdrawn"]
