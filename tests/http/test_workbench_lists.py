"""三张清单 in the workbench over the real app on both stores: filters, sorting, paging and the
downloads of exactly what is shown, scoped by unit; bad filters told in Chinese."""

from __future__ import annotations

import csv
import io
import re

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from domain.actor import Role
from tests.conftest import NEW_PROBLEM, Api
from tests.workbench import browser, sign_in, signed_in_as

TITLES = re.compile(r'<td data-label="问题"><a href="/workbench/problems/[^"]+">([^<]*)</a>')


@pytest.fixture
def office(people: Api) -> TestClient:
    return signed_in_as(people, "zhou", Role.OFFICE)


@pytest.fixture
def logged(people: Api) -> int:
    position = 0
    for index, (unit, found_on) in enumerate(
        [
            ("civil_affairs", "2026-11-12"),
            ("transport", "2026-11-02"),
            ("civil_affairs", "2026-11-05"),
        ]
    ):
        body = NEW_PROBLEM | {"unit": unit, "found_on": found_on, "title": f"问题{index}=1+1"}
        made = people.post("office", "/problems", body).json()
        demand = {"text": f"需求{index}", "to_unit": unit}
        raised = people.post("office", f"/problems/{made['id']}/demands", demand).json()
        position = raised["problem"]["position"]
    assert people.get("office", "/lists/problems", min_position=position).status_code == 200
    return position


def first_id(api: Api) -> str:
    rows = api.get("office", "/lists/problems", min_position=api.services.ledger.head_position())
    return str(next(r["id"] for r in rows.json()["items"] if r["number"] == 1))


def test_the_office_filters_sorts_and_pages_the_problem_list(
    people: Api, office: TestClient, logged: int
) -> None:
    everything = office.get("/workbench/lists/problems")
    assert everything.status_code == 200 and everything.headers["x-row-count"] == "3"
    assert TITLES.findall(everything.text) == ["问题0=1+1", "问题1=1+1", "问题2=1+1"]
    by_day = office.get("/workbench/lists/problems?sort=found_on").text
    assert TITLES.findall(by_day) == ["问题1=1+1", "问题2=1+1", "问题0=1+1"]
    assert 'aria-sort="ascending"' in by_day and "sort=-found_on" in by_day
    mine = office.get("/workbench/lists/problems?unit=transport").text
    assert TITLES.findall(mine) == ["问题1=1+1"]
    found = office.get("/workbench/lists/problems", params={"q": "问题2"}).text
    assert TITLES.findall(found) == ["问题2=1+1"]
    by_number = office.get("/workbench/lists/problems", params={"q": "第2号"}).text
    assert TITLES.findall(by_number) == ["问题1=1+1"] and "关键词或编号" in by_number
    signed = people.post("lead", f"/problems/{first_id(people)}/sign", {}).json()["position"]
    people.get("office", "/lists/problems", min_position=signed)  # the lists have it
    signing = office.get("/workbench/lists/problems", params={"phase": "signing"})
    assert TITLES.findall(signing.text) == ["问题1=1+1", "问题2=1+1"]  # civil affairs signed 0
    assert '<option value="signing" selected' in signing.text
    demands = office.get("/workbench/lists/demands").text
    assert "需求0" in demands and "需求2" in demands and "待答复" in demands


def test_the_download_holds_exactly_the_filtered_rows_in_order_and_no_formula(
    people: Api, office: TestClient, logged: int
) -> None:
    page = office.get("/workbench/lists/problems?unit=civil_affairs&sort=-found_on").text
    link = re.search(r'href="(/workbench/lists/problems/download\?[^"]*format=xlsx[^"]*)"', page)
    assert link is not None
    answer = office.get(link.group(1).replace("&amp;", "&"))
    assert answer.status_code == 200 and answer.headers["x-row-count"] == "2"
    assert (
        "filename*=UTF-8''%E9%97%AE%E9%A2%98%E6%B8%85%E5%8D%95.xlsx"
        in answer.headers["content-disposition"]
    )
    sheet = load_workbook(io.BytesIO(answer.content)).active
    assert sheet is not None
    cells = [str(c.value) for row in sheet.iter_rows(min_row=2) for c in row if c.value]
    assert [c for c in cells if c.startswith("问题")] == ["问题0=1+1", "问题2=1+1"]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    text = office.get(
        "/workbench/lists/problems/download", params={"unit": "transport", "format": "csv"}
    ).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 2 and any("问题1=1+1" in cell for cell in rows[1])


def test_a_unit_lead_sees_only_its_units_rows_whatever_it_asks(people: Api, logged: int) -> None:
    lead = browser(people)
    sign_in(lead, "wang")
    assert TITLES.findall(lead.get("/workbench/lists/problems").text) == ["问题1=1+1"]
    theirs = lead.get("/workbench/lists/problems?unit=civil_affairs")
    assert TITLES.findall(theirs.text) == []
    file = lead.get("/workbench/lists/problems/download?unit=civil_affairs&format=csv")
    assert file.headers["x-row-count"] == "0" and "问题0" not in file.content.decode("utf-8-sig")


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("found_from=2026-02-30", "found_from", "日期格式不正确"),
        ("quarter=2026Q9", "quarter", "季度应如"),
        ("status=lost", "status", "请从列表中选择"),
        ("phase=waiting", "phase", "请从列表中选择"),
        ("flagged=maybe", "flagged", "请从列表中选择"),
        ("late=1", "late", "请从列表中选择"),
        ("reopened=true", "reopened", "请从列表中选择"),
        ("sort=title", "sort", "无此排序方式"),
        ("cursor=not-a-cursor", None, "翻页链接已失效"),
    ],
)
def test_a_bad_filter_is_told_in_chinese_beside_it(
    people: Api, office: TestClient, query: str, field: str | None, message: str
) -> None:
    answer = office.get(f"/workbench/lists/problems?{query}")
    assert answer.status_code == 422 and message in answer.text
    if field:
        assert f'id="filter-{field}-error"' in answer.text
