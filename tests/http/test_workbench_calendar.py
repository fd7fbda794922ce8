"""The 节假日安排 page over the real app on both stores: the office records a year as the notice
reads (ranges, Chinese dates), refusals in Chinese beside the field and nothing stored, a
correction starts from the year's days, a lead reads the page without the form, and the office
is told on every page from November when next year's notice is still missing."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient

from domain.actor import Role
from tests.conftest import NEW_PROBLEM, Api
from tests.http.test_workbench_problem_forms import submit
from tests.workbench import form_token, signed_in_as

NOTICE = "国务院办公厅关于2027年部分节假日安排的通知"


@pytest.fixture
def office(api: Api) -> TestClient:
    return signed_in_as(api, "calendar.office", Role.OFFICE)


def record(client: TestClient, **fields: str) -> object:
    form = {
        "form_token": form_token(client, "/workbench/calendar"),
        "year": "2027",
        "holidays": "2027年1月1日\n2027-02-06至2027-02-13\n2027/4/5",
        "workdays": "2027-02-20、2027-02-27",
        "notice": NOTICE,
    } | fields
    return client.post("/workbench/calendar", data=form)


def test_the_office_records_a_year_as_the_notice_reads(api: Api, office: TestClient) -> None:
    missing = office.get("/workbench").text
    assert 'id="calendar-wanted"' in missing and "2027年的节假日安排尚未录入" in missing
    recorded = record(office)
    assert recorded.status_code == 303  # type: ignore[attr-defined]
    shown = office.get(recorded.headers["location"]).text  # type: ignore[attr-defined]
    assert "已录入2027年的节假日安排" in shown and NOTICE in shown
    assert "2月8日至2月12日" in shown and "4月5日" in shown and "2月20日、2月27日" in shown
    known = api.services.calendar.official(2027)
    assert known is not None and known.holidays == {
        date(2027, 1, 1),
        *(date(2027, 2, d) for d in (8, 9, 10, 11, 12)),
        date(2027, 4, 5),
    }
    assert 'id="calendar-wanted"' not in office.get("/workbench").text


def test_a_correction_starts_from_the_years_days(office: TestClient) -> None:
    record(office)
    form = office.get("/workbench/calendar?year=2027").text
    assert "2027-02-08\n2027-02-09" in form and f'value="{NOTICE}"' in form


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"holidays": "明年元旦"}, "holidays", "无法识别日期“明年元旦”"),
        ({"holidays": "2027-02-13至2027-02-06"}, "holidays", "不是一个有效的日期范围"),
        ({"holidays": "2027-01-01至2027-12-31"}, "holidays", "不是一个有效的日期范围"),
        ({"holidays": "2027-02-30"}, "holidays", "无法识别日期"),
        ({"holidays": "2026-10-08"}, "holidays", "日期须在所录年份之内"),
        ({"holidays": ""}, "holidays", "请填写放假日期"),
        ({"workdays": "2027-02-22"}, "workdays", "调休上班日须为周六或周日"),
        ({"workdays": "2027-02-13"}, "workdays", "同一天不能既放假又调休上班"),
        ({"year": "1999"}, "year", "年份须在2000至2099之间"),
        ({"year": "二〇二七"}, "year", "请填写一个正整数"),
        ({"notice": ""}, "notice", "必填"),
        ({"notice": "通知\u202egnp"}, "notice", "控制字符"),
    ],
)
def test_a_bad_year_is_refused_beside_its_field(
    api: Api, office: TestClient, fields: dict[str, str], field: str, message: str
) -> None:
    refused = record(office, **fields)
    assert refused.status_code == 422  # type: ignore[attr-defined]
    text = refused.text  # type: ignore[attr-defined]
    assert message in text and f'id="year-{field}-error"' in text
    assert not api.services.calendar.knows(2027)


def test_a_lead_reads_the_page_without_the_form_and_cannot_post(api: Api) -> None:
    lead = signed_in_as(api, "calendar.lead", Role.UNIT_LEAD, "civil_affairs")
    page = lead.get("/workbench/calendar")
    assert page.status_code == 200 and "2026" in page.text
    assert 'id="form-year"' not in page.text and "请联系政务服务办录入" in page.text
    assert 'href="/workbench/calendar"' not in lead.get("/workbench").text  # not in its menu
    refused = record(lead)
    assert refused.status_code == 403  # type: ignore[attr-defined]
    assert "无权查看" in refused.text  # type: ignore[attr-defined]
    assert not api.services.calendar.knows(2027)


def test_a_plan_into_an_unrecorded_year_is_told_where_to_record_it(api: Api) -> None:
    api.services.clock.move_to(datetime(2026, 12, 28, 4, tzinfo=UTC))  # type: ignore[attr-defined]
    problem = api.post("office", "/problems", NEW_PROBLEM).json()["id"]
    lead = signed_in_as(api, "calendar.lead", Role.UNIT_LEAD, "civil_affairs")
    path = f"/workbench/problems/{problem}"
    refused = submit(lead, path, "plan", measures="加强培训", person="张三")
    assert refused.status_code == 422
    assert "2027年的法定节假日安排尚未录入" in refused.text and "“节假日”" in refused.text
    dated = submit(lead, path, "plan", measures="加强培训", person="张三", due_on="2027-01-08")
    assert dated.status_code == 303
    assert api.get("lead", f"/problems/{problem}").json()["due_on"] == "2027-01-08"
