"""活动 in the workbench over the real app on both stores: filing ahead, recording, the record
sheet, refusals beside the field; the calendar, the plan table, the announcement and the
compliance page; another unit's activity is not there."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient

from domain.actor import Role
from tests.conftest import Api
from tests.workbench import TOKEN, browser, sign_in, signed_in_as

FIELD = re.compile(r'name="(form_token|version|command_id)" value="([^"]*)"')


def hidden(page: str, form: str) -> dict[str, str]:
    start = page.index(f'id="form-{form}"')
    return dict(FIELD.findall(page[start : page.index("</form>", start)]))


def caught_up(api: Api, position: int) -> None:
    """Writes made through the API are read by the pages once the read models hold them."""
    assert api.get("office", "/activities", min_position=position).status_code == 200
    assert api.get("office", "/lists/problems", min_position=position).status_code == 200


def lead(api: Api) -> TestClient:
    client = browser(api)
    sign_in(client, "li")
    return client


def test_a_lead_files_a_sit_in_ahead_records_it_and_hands_in_the_sheet(people: Api) -> None:
    me = lead(people)
    page = me.get("/workbench/activities/new?kind=sit_in").text
    filing = {"kind": "sit_in", "ahead": "yes", "unit": "civil_affairs", "on": "2026-12-01"}
    filing |= {"leader": "王副局长"}
    unsaid = me.post("/workbench/activities/new", data=hidden(page, "new") | filing)
    assert unsaid.status_code == 422 and "请选择领导职务" in unsaid.text  # 主要领导 counts apart
    assert '<option value="">请选择</option>' in page.split('id="new-leader_role"')[1]
    filing |= {"leader_role": "deputy"}
    filed = me.post("/workbench/activities/new", data=hidden(page, "new") | filing)
    assert filed.status_code == 303, filed.text
    path = filed.headers["location"].split("?")[0]
    shown = me.get(path).text
    assert "已备案" in shown and "区民政局" in shown and 'id="form-cancel"' in shown
    assert 'id="form-record"' in shown  # offered; the command says it is too early
    early = {"kind": "sit_in", "length": "half_day", "signed_in": "09:00", "signed_out": "12:00"}
    refused = me.post(f"{path}/record", data=hidden(shown, "record") | early)
    assert refused.status_code == 409 and "活动尚未举行，举行后再填报记录" in refused.text
    calendar = me.get("/workbench/activities?month=2026-12").text
    assert "坐诊问效：区民政局，王副局长" in calendar
    notice = me.get("/workbench/activities/announcement?week=2026-W49").text
    assert "王副局长" in notice and "区民政局" in notice


def test_a_sit_in_recorded_afterwards_with_a_bad_time_is_refused_beside_it(people: Api) -> None:
    me = lead(people)
    page = me.get("/workbench/activities/new?kind=sit_in&ahead=false").text
    body = {"kind": "sit_in", "ahead": "no", "unit": "civil_affairs", "on": "2026-11-20"}
    body |= {"leader": "王副局长", "leader_role": "deputy", "length": "half_day"}
    body |= {"signed_in": "9点", "signed_out": "12:00", "guided": "3"}
    bad = me.post("/workbench/activities/new", data=hidden(page, "new") | body)
    assert bad.status_code == 422 and 'id="new-signed_in-error"' in bad.text
    assert "时间格式不正确" in bad.text and 'value="王副局长"' in bad.text
    short = me.post(
        "/workbench/activities/new", data=hidden(page, "new") | body | {"signed_in": "10:00"}
    )
    assert short.status_code == 422  # half a day is three hours (the domain's rule)
    done = me.post(
        "/workbench/activities/new", data=hidden(page, "new") | body | {"signed_in": "09:00"}
    )
    assert done.status_code == 303
    path = done.headers["location"].split("?")[0]
    shown = me.get(path).text
    assert "指导办3人次" in shown and "09:00—12:00" in shown and 'id="form-sheet"' in shown
    assert "从此活动登记问题" in shown
    correction = shown.split('id="form-correct"')[1].split("</form>")[0]  # from what it said
    assert 'name="signed_in" type="time" value="09:00"' in correction
    assert 'name="guided" type="number" value="3"' in correction
    sheet = me.post(f"{path}/sheet", data=hidden(shown, "sheet") | {"submitted_on": ""})
    assert sheet.status_code == 303 and "已交" in me.get(path).text
    stranger = browser(people)
    sign_in(stranger, "wang")
    assert stranger.get(path).status_code == 404


def test_the_office_records_a_patrol_and_the_plan_and_compliance_pages(people: Api) -> None:
    office = signed_in_as(people, "zhou", Role.OFFICE)
    page = office.get("/workbench/activities/new?kind=inspection&ahead=false").text
    body = {"kind": "inspection", "ahead": "no", "unit": "service_centre", "on": "2026-11-23"}
    body |= {"level": "patrol", "slot": "", "inspectors": "督查组张三\n李四"}
    unchosen = office.post("/workbench/activities/new", data=hidden(page, "new") | body)
    assert unchosen.status_code == 422 and "请选择查" in unchosen.text  # no check is preset
    body |= {f"check_{code}": "passed" for code in re.findall(r'name="check_(\w+)"', page)}
    body |= {"check_equipment": "failed", "note_equipment": ""}
    missing = office.post("/workbench/activities/new", data=hidden(page, "new") | body)
    assert missing.status_code == 422  # a failed check needs its note
    done = office.post(
        "/workbench/activities/new",
        data=hidden(page, "new") | body | {"note_equipment": "叫号机故障"},
    )
    assert done.status_code == 303
    recorded = office.get(done.headers["location"]).text
    assert "有问题：叫号机故障" in recorded
    correction = recorded.split('id="form-correct"')[1].split("</form>")[0]  # from the record
    assert (
        '<option value="failed" selected>有问题</option>'
        in correction.split('id="correct-check_equipment"')[1].split("</select>")[0]
    )
    assert 'value="叫号机故障"' in correction and "督查组张三\n李四</textarea>" in correction
    plan_page = office.get("/workbench/activities/plan?year=2027").text
    token = TOKEN.search(plan_page).group(1)  # type: ignore[union-attr]
    plan = {
        "form_token": token,
        "year": "2027",
        "unit": "civil_affairs",
        "month_3": "on",
        "month_9": "on",
    }
    assert office.post("/workbench/activities/plan", data=plan).status_code == 303
    table = office.get("/workbench/activities/plan?year=2027").text
    assert '<td data-label="月份">3月</td>\n    <td data-label="重点部门">区民政局</td>' in table
    compliance = office.get("/workbench/activities/compliance?period=2026-11")
    assert compliance.status_code == 200 and "未落实的单位" in compliance.text
    assert office.get("/workbench/activities/compliance?period=soon").status_code == 422
    assert 'id="form-plan"' not in lead(people).get("/workbench/activities/plan?year=2027").text


def test_the_worklist_names_demands_activities_to_record_and_sheets(people: Api) -> None:
    from tests.conftest import NEW_PROBLEM

    theirs = people.post("office", "/problems", NEW_PROBLEM | {"unit": "transport"}).json()
    people.post(
        "office",
        f"/problems/{theirs['id']}/demands",
        {"text": "请民政局提供名单", "to_unit": "civil_affairs"},
    )
    filing = {"kind": "sit_in", "unit": "civil_affairs", "on": "2026-12-01", "leader": "王副局长"}
    filed = people.post("office", "/activities/schedule", filing | {"leader_role": "deputy"})
    caught_up(people, filed.json()["position"])
    clock = people.services.clock
    clock.move_to(clock.now().replace(day=30) + timedelta(days=2))  # type: ignore[attr-defined]
    me = lead(people)
    todo = me.get("/workbench").text
    assert "答复需求" in todo and "请民政局提供名单" in todo
    assert "填报活动记录" in todo and "坐诊问效：王副局长" in todo
    assert re.search(r'待办 <span class="badge">\d+</span>', me.get("/workbench/board").text)
    other = browser(people)
    sign_in(other, "wang")
    assert "请民政局提供名单" not in other.get("/workbench").text  # asked of another unit


def test_the_worklist_asks_for_the_planned_sit_in_until_one_is_filed(people: Api) -> None:
    assert people.put("office", "/plans/2026/civil_affairs", {"months": [11]}).status_code == 200
    me = lead(people)
    assert "按计划表本月须坐诊：请备案" in me.get("/workbench").text
    filing = {"kind": "sit_in", "unit": "civil_affairs", "on": "2026-11-30", "leader": "王副局长"}
    filed = people.post("lead", "/activities/schedule", filing | {"leader_role": "deputy"})
    assert filed.status_code == 201
    caught_up(people, filed.json()["position"])
    assert "按计划表本月须坐诊" not in me.get("/workbench").text
    other = browser(people)
    sign_in(other, "wang")
    assert "按计划表本月须坐诊" not in other.get("/workbench").text  # transport has no plan


def test_inspectors_and_admins_get_no_activity_form(people: Api) -> None:
    """They record no activities: no form to fill in and find refused, no link to it."""
    office = signed_in_as(people, "zhou", Role.OFFICE)
    filing = office.get("/workbench/activities/new?kind=sit_in").text
    for login, role in (("zhao", Role.INSPECTOR), ("chen", Role.ADMIN)):
        client = signed_in_as(people, login, role)
        refused = client.get("/workbench/activities/new?kind=sit_in")
        assert refused.status_code == 403 and "<form" not in refused.text.split("</header>")[-1]
        token = TOKEN.search(client.get("/workbench").text).group(1)  # type: ignore[union-attr]
        posted = client.post(
            "/workbench/activities/new",
            data=hidden(filing, "new") | {"form_token": token, "kind": "sit_in"},
        )
        assert posted.status_code == 403
    inspector = signed_in_as(people, "qian", Role.INSPECTOR)
    calendar = inspector.get("/workbench/activities").text
    assert "/workbench/activities/new" not in calendar
    assert "/workbench/activities/new" in office.get("/workbench/activities").text
