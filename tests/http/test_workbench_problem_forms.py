"""The workbench's forms over the real app on both stores: logging a problem, every action the
person may take now, refusals beside the field in Chinese, and the page's version guarding
against overwriting another person's change."""

from __future__ import annotations

import re
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from application.people import Account
from domain.actor import Role
from tests.conftest import ADMIN, NEW_PROBLEM, Api
from tests.workbench import PASSWORD, browser, sign_in, signed_in_as

FIELD = re.compile(r'name="(form_token|version|command_id)" value="([^"]*)"')


@pytest.fixture
def office(people: Api) -> TestClient:
    return signed_in_as(people, "zhou", Role.OFFICE)


def lead(api: Api, login: str = "li") -> TestClient:
    client = browser(api)
    sign_in(client, login)
    return client


def hidden(page: str, form: str) -> dict[str, str]:
    """The hidden fields of one form of a page (its token, version and command id)."""
    start = page.index(f'id="form-{form}"')
    chunk = page[start : page.index("</form>", start)]
    return dict(FIELD.findall(chunk))


def submit(client: TestClient, path: str, form: str, **fields: str):  # type: ignore[no-untyped-def]
    page = client.get(path).text
    return client.post(f"{path}/{form}", data=hidden(page, form) | fields)


def log_through_the_form(client: TestClient, **fields: str):  # type: ignore[no-untyped-def]
    page = client.get("/workbench/problems/new").text
    body = {
        "source": "sit_in",
        "category": "policy",
        "unit": "civil_affairs",
        "title": "窗口要求提供清单外材料",
        "description": "要求额外提供户籍证明。",
        "found_on": "2026-11-20",
        "found_by": "周洁",
    }
    return client.post("/workbench/problems/new", data=hidden(page, "new") | body | fields)


def problem_count(api: Api) -> int:
    logged = api.services.ledger.recorder.select_notifications(
        start=0, limit=10_000, topics=["domain.problem:Problem.Logged"]
    )
    return len(logged)


def test_the_office_logs_assigns_and_sets_a_deadline_through_forms(
    people: Api, office: TestClient
) -> None:
    logged = log_through_the_form(office)
    assert logged.status_code == 303
    path = logged.headers["location"].split("?")[0]
    problem_id = UUID(path.rsplit("/", 1)[1])
    page = office.get(logged.headers["location"]).text
    assert "已登记。" in page and 'id="form-assign"' in page and 'id="form-rectify"' not in page
    assert submit(office, path, "assign", unit="civil_affairs", assignee="李华").status_code == 303
    answer = submit(office, path, "deadline", by="days", working_days="5")
    assert answer.status_code == 303
    state = people.get("office", f"/problems/{problem_id}").json()
    assert state["assignee"] == "李华" and state["due_on"] == "2026-11-30"
    history = people.get("office", f"/problems/{problem_id}/history").json()
    assert {e["actor"]["name"] for e in history} == {"zhou"}  # the person, not a token
    page = office.get(path).text
    assert "待签收" in page  # civil affairs signs for it next
    assert '<td data-label="操作人">ZHOU（zhou，营商办）</td>' in page  # named, login kept


def test_the_unit_lead_rectifies_and_closes_and_sees_only_its_forms(
    people: Api, office: TestClient
) -> None:
    path = log_through_the_form(office).headers["location"].split("?")[0]
    submit(office, path, "assign", unit="civil_affairs", assignee="")
    mine = lead(people)
    page = mine.get(path).text
    assert 'id="form-rectify"' in page and 'id="form-assign"' not in page
    fixed = submit(mine, path, "rectify", measures="取消该材料要求", result="已告知窗口")
    assert fixed.status_code == 303 and "?done=rectify" in fixed.headers["location"]
    assert 'id="form-close"' not in mine.get(path).text  # the office accepts the fix
    assert 'id="form-accept"' in office.get(path).text
    assert submit(office, path, "accept", note="核实").status_code == 303
    closed = mine.get(path).text
    assert "已销号" in closed
    assert 'id="form-accept"' not in closed and 'id="form-rectify"' not in closed


def test_an_empty_required_field_and_a_bad_date_are_refused_beside_the_field(
    people: Api, office: TestClient
) -> None:
    before = problem_count(people)
    empty = log_through_the_form(office, title="   ")
    assert empty.status_code == 422
    assert 'id="new-title-error"' in empty.text and "必填，不能为空" in empty.text
    assert 'value="要求额外提供户籍证明。"' not in empty.text  # a textarea keeps it as content
    assert "要求额外提供户籍证明。</textarea>" in empty.text  # the form is kept filled
    bad_date = log_through_the_form(office, found_on="2026-13-45")
    assert bad_date.status_code == 422
    assert 'id="new-found_on-error"' in bad_date.text and "日期格式不正确" in bad_date.text
    assert 'aria-invalid="true"' in bad_date.text
    assert problem_count(people) == before
    path = log_through_the_form(office).headers["location"].split("?")[0]
    submit(office, path, "assign", unit="civil_affairs")
    refused = submit(lead(people), path, "rectify", measures="", result="已改")
    assert refused.status_code == 422 and 'id="rectify-measures-error"' in refused.text
    assert ">已改</textarea>" in refused.text
    future = submit(
        lead(people), path, "rectify", measures="改", result="好", rectified_on="2026-12-31"
    )
    assert future.status_code == 422 and "不能晚于今天" in future.text
    assert people.get("office", path.replace("/workbench", "")).json()["status"] == "handed"


def test_a_form_opened_before_another_change_says_so_and_overwrites_nothing(
    people: Api, office: TestClient
) -> None:
    path = log_through_the_form(office).headers["location"].split("?")[0]
    first, second = browser(people), office
    people.services.people.add_person(
        ADMIN, Account("wu", "吴刚", None, Role.OFFICE, must_change=False), PASSWORD
    )
    sign_in(first, "wu")
    seen_by_second = hidden(second.get(path).text, "assign")
    assert submit(first, path, "assign", unit="civil_affairs", assignee="甲").status_code == 303
    late = second.post(
        f"{path}/assign", data=seen_by_second | {"unit": "transport", "assignee": "乙"}
    )
    assert late.status_code == 412
    assert "该问题已被他人修改" in late.text and 'value="乙"' in late.text
    state = people.get("office", path.replace("/workbench", "")).json()
    assert state["assignee"] == "甲" and state["responsible_unit"] == "civil_affairs"


def test_a_form_sent_twice_is_applied_once(people: Api, office: TestClient) -> None:
    path = log_through_the_form(office).headers["location"].split("?")[0]
    fields = hidden(office.get(path).text, "flag") | {"flagged": "yes", "reason": "群众反映强烈"}
    assert office.post(f"{path}/flag", data=fields).status_code == 303
    assert office.post(f"{path}/flag", data=fields).status_code == 303  # a double click
    history = people.get("office", f"{path.replace('/workbench', '')}/history").json()
    assert [e["type"] for e in history] == ["Logged", "HandedOut", "Flagged"]


def test_another_unit_and_a_missing_token_are_refused(people: Api, office: TestClient) -> None:
    path = log_through_the_form(office).headers["location"].split("?")[0]
    submit(office, path, "assign", unit="civil_affairs")
    page = office.get(path).text
    stranger = lead(people, "wang")
    theirs = hidden(page, "rectify" if 'id="form-rectify"' in page else "flag")
    answer = stranger.post(f"{path}/rectify", data=theirs | {"measures": "x", "result": "y"})
    assert answer.status_code in (403, 404) and "整改中" not in answer.text
    no_token = office.post(f"{path}/flag", data={"version": "2", "flagged": "yes"})
    assert no_token.status_code == 403 and "页面已过期" in no_token.text
    assert people.get("office", path.replace("/workbench", "")).json()["flagged"] is False


def test_an_inspector_gets_no_forms_and_its_post_changes_nothing(people: Api) -> None:
    people.services.people.add_person(
        ADMIN, Account("zhao", "赵敏", None, Role.INSPECTOR, must_change=False), PASSWORD
    )
    problem_id = people.post("office", "/problems", NEW_PROBLEM).json()["id"]
    inspector = lead(people, "zhao")
    path = f"/workbench/problems/{problem_id}"
    page = inspector.get(path).text
    assert 'class="action"' not in page and "查看历史状态" in page
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    answer = inspector.post(
        f"{path}/flag", data={"form_token": token, "version": "1", "flagged": "yes"}
    )
    assert answer.status_code == 403 and "您无权进行此操作" in answer.text
    assert people.get("office", f"/problems/{problem_id}").json()["flagged"] is False


def test_the_assignee_list_offers_the_units_people_to_the_office_only(
    people: Api, office: TestClient
) -> None:
    offered = office.get("/workbench/assignees", params={"unit": "civil_affairs"}).text
    assert '<option value="李华">' in offered and "王强" not in offered
    assert "李华" not in lead(people, "wang").get("/workbench/assignees?unit=civil_affairs").text


def test_a_change_is_remembered_so_the_next_pages_wait_for_it(
    people: Api, office: TestClient
) -> None:
    logged = log_through_the_form(office)
    problem_id = logged.headers["location"].split("?")[0].rsplit("/", 1)[1]
    position = people.services.ledger.head_position()
    assert logged.cookies.get("rectify_seen") == str(position)
    listed = office.get("/workbench/lists/problems")  # waits for the read models to hold it
    assert problem_id in listed.text
    office.cookies.set("rectify_seen", "999999999")  # never given out: shown as it is
    assert office.get("/workbench").status_code == 200
    office.cookies.set("rectify_seen", "abc")
    assert office.get("/workbench").status_code == 200


def test_the_lead_asks_for_more_days_and_the_office_grants_fewer(
    people: Api, office: TestClient
) -> None:
    path = log_through_the_form(office).headers["location"].split("?")[0]
    submit(office, path, "assign", unit="civil_affairs")
    assert 'id="form-extension"' not in lead(people).get(path).text  # no deadline yet
    submit(office, path, "deadline", by="date", due_on="2026-11-27")
    mine = lead(people)
    assert 'id="form-extension"' in mine.get(path).text
    empty = submit(mine, path, "extension", working_days="5", reason="")
    assert empty.status_code == 422 and 'id="extension-reason-error"' in empty.text
    asked = submit(mine, path, "extension", working_days="5", reason="需省厅系统对接")
    assert asked.status_code == 303
    shown = mine.get(path).text
    assert "待营商办审批" in shown and 'id="form-extension"' not in shown
    head = people.services.ledger.head_position()  # the lead's change, in another browser
    assert people.get("office", "/lists/problems", min_position=head).status_code == 200
    assert "审批延期申请" in office.get("/workbench").text  # waits on the office
    too_many = submit(office, path, "decision", number="1", decision="approve", working_days="9")
    assert too_many.status_code == 422 and "同意的工作日数须在1至申请的天数之间" in too_many.text
    granted = submit(office, path, "decision", number="1", decision="approve", working_days="2")
    assert granted.status_code == 303
    state = people.get("office", path.replace("/workbench", "")).json()
    assert state["due_on"] == "2026-12-01" and state["extension_requests"][0]["granted_days"] == 2
    assert "同意2个工作日" in office.get(path).text


def test_a_unit_left_unchosen_is_asked_for_not_guessed(people: Api, office: TestClient) -> None:
    """The escalation's and the demand's unit start blank: the first unit of the register is
    nobody's choice."""
    path = log_through_the_form(office).headers["location"].split("?")[0]
    page = office.get(path).text
    for form in ("escalate", "demand"):
        chooser = page.split(f'id="{form}-to_unit"')[1].split("</select>")[0]
        assert chooser.split("<option")[1].startswith(' value="">请选择单位')
    head = people.services.ledger.head_position()
    demand = submit(office, path, "demand", text="请提供数据", to_unit="")
    assert demand.status_code == 422 and 'id="demand-to_unit-error"' in demand.text
    assert "请选择对接单位" in demand.text
    moved = submit(office, path, "escalate", reason="职责调整", to_unit="")
    assert moved.status_code == 422 and "请选择移交单位" in moved.text
    assert people.services.ledger.head_position() == head


def test_a_form_with_a_bad_hidden_number_is_told_above_it(people: Api, office: TestClient) -> None:
    path = log_through_the_form(office).headers["location"].split("?")[0]
    submit(office, path, "demand", text="请提供数据", to_unit="transport")
    fields = hidden(office.get(path).text, "answer-1") | {"form": "answer-1", "answer": "好"}
    forged = office.post(f"{path}/answer", data=fields | {"number": "x1", "met": "yes"})
    assert forged.status_code == 422 and "表单已过期" in forged.text
    assert "表单已过期" in forged.text.split('id="form-answer-1"')[1].split("</form>")[0]


def test_a_follow_up_records_only_what_the_clerk_chose(people: Api, office: TestClient) -> None:
    """Whether the complainant was reached and was satisfied start blank: a 好差评 follow-up
    that nobody answered is asked for again, never recorded as 满意."""
    made = log_through_the_form(office, source="review", category="cold")
    path = made.headers["location"].split("?")[0]
    pid = path.rsplit("/", 1)[1]
    fixed = people.post("lead", f"/problems/{pid}/rectify", {"measures": "m", "result": "r"})
    assert fixed.status_code == 200, fixed.text
    page = office.get(path).text
    for name in ("reached", "satisfied"):
        chooser = page.split(f'id="follow-up-{name}"')[1].split("</select>")[0]
        assert "selected" not in chooser and '<option value="">请选择' in chooser
    head = people.services.ledger.head_position()
    blank = submit(office, path, "follow-up")
    assert blank.status_code == 422 and "请选择是否联系上投诉人" in blank.text
    unsaid = submit(office, path, "follow-up", reached="yes")
    assert unsaid.status_code == 422 and "请选择投诉人是否满意" in unsaid.text
    assert people.services.ledger.head_position() == head
    done = submit(office, path, "follow-up", reached="yes", satisfied="unstated", note="已回访")
    assert done.status_code == 303, done.text
    state = people.get("office", f"/problems/{pid}").json()
    followed = state["workflow"]["follow_ups"][-1]
    assert (followed["reached"], followed["satisfied"]) == (True, None)
