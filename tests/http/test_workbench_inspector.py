"""An inspector in the workbench, on both stores: any problem as of a version or an instant, no
forms, and the access log (its own reads; the office's and admin's view: everyone's)."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from application.ports import CHINA
from domain.actor import Role
from tests.conftest import NEW_PROBLEM, Api
from tests.workbench import browser, sign_in, signed_in_as


def test_an_inspector_looks_back_by_version_and_instant_and_the_log_shows_it(people: Api) -> None:
    made = people.post("office", "/problems", NEW_PROBLEM).json()
    problem_id = made["id"]
    first = next(iter(people.services.ledger.events.get(UUID(problem_id)))).timestamp
    clock = people.services.clock
    clock.move_to(clock.now() + timedelta(hours=2))  # type: ignore[attr-defined]
    people.post("office", f"/problems/{problem_id}/assign", {"unit": "civil_affairs"})
    inspector = signed_in_as(people, "zhao", Role.INSPECTOR)
    path = f"/workbench/problems/{problem_id}"
    now = inspector.get(path).text
    assert "待签收" in now and "查看历史状态" in now and 'class="action"' not in now
    at = (first + timedelta(hours=1)).astimezone(CHINA)
    then = inspector.get(path, params={"at": at.strftime("%Y-%m-%dT%H:%M")})
    assert (
        then.status_code == 200 and "第 2 条记录之后的状态" in then.text and "待签收" in then.text
    )
    bad = inspector.get(path, params={"at": "yesterday"})
    assert bad.status_code == 422 and "时间格式不正确" in bad.text
    own = inspector.get("/workbench/access-log")
    assert own.status_code == 200 and own.headers["x-row-count"] != "0"
    assert "问题状态" in own.text and "办理过程" in own.text and f"问题 {problem_id}" in own.text
    office = signed_in_as(people, "zhou", Role.OFFICE)
    everyone = office.get("/workbench/access-log", params={"reader": "zhao", "kind": "state"})
    assert everyone.status_code == 200
    assert everyone.text.count('<td data-label="查看人">zhao</td>') >= 2
    pages = office.get("/workbench/access-log", params={"reader": "zhao", "kind": "access_log"})
    assert '<td data-label="类别">访问记录</td>' in pages.text  # its own reading of the log
    assert "access_log" not in pages.text.replace('value="access_log"', "")
    period = office.get("/workbench/access-log", params={"period": "someday"})
    assert period.status_code == 422 and "时段应如" in period.text
    lead = browser(people)
    sign_in(lead, "li")
    assert lead.get("/workbench/access-log").status_code == 403


def test_an_inspector_starts_from_the_leads_worth_a_look_and_each_is_recorded(people: Api) -> None:
    """督查首页: no empty worklist, but the ways into what accountability asks after."""
    inspector = signed_in_as(people, "qian", Role.INSPECTOR)
    home = inspector.get("/workbench")
    assert home.status_code == 200 and "督查首页" in home.text and "暂无待办" not in home.text
    assert ">首页</a>" in home.text  # the navigation names it so, not 待办
    links = [
        "/workbench/lists/problems?light=red",
        "/workbench/lists/problems?flagged=yes&amp;open=yes",
        "/workbench/lists/rectifications?late=yes",
        "/workbench/lists/problems?reopened=yes",
        "/workbench/lists/problems?status=withdrawn",  # what the office took back, and why
    ]
    assert all(f'href="{link}"' in home.text for link in links)
    withdrawn = inspector.get("/workbench/lists/problems?status=withdrawn")
    assert withdrawn.status_code == 200 and 'value="withdrawn" selected' in withdrawn.text
    late = inspector.get("/workbench/lists/rectifications?late=yes")
    assert late.status_code == 200 and 'value="yes" selected' in late.text
    office = signed_in_as(people, "sun", Role.OFFICE)
    log = office.get("/workbench/access-log", params={"reader": "qian"}).text
    assert "late=yes" in log
    assert "督查首页" not in office.get("/workbench").text  # the office keeps its worklist


def test_the_admin_starts_from_its_own_tasks(people: Api) -> None:
    admin = signed_in_as(people, "wu", Role.ADMIN)
    home = admin.get("/workbench").text
    assert "管理首页" in home and "暂无待办" not in home
    assert all(f'href="/workbench/{path}"' in home for path in ("admin/people", "calendar"))
