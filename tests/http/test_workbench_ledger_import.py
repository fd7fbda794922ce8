"""历史台账导入 in the workbench, over the real app on both stores: the template handed out and
read back, a check that writes nothing, an import, the same file again, and every file that
is not a ledger refused whole with a Chinese reason."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from domain.actor import Role
from tests.conftest import Api
from tests.http.test_workbench_problem_forms import log_through_the_form
from tests.ledger_files import ROW, ledger_file, numbered, reshaped
from tests.workbench import browser, form_token, sign_in, signed_in_as

PAGE = "/workbench/problems/import"


@pytest.fixture
def office(people: Api) -> TestClient:
    return signed_in_as(people, "zhou", Role.OFFICE)


def upload(client: TestClient, content: bytes, mode: str = "import", name: str = "台账.xlsx"):  # type: ignore[no-untyped-def]
    token = form_token(client, PAGE)
    return client.post(
        PAGE,
        data={"form_token": token, "mode": mode},
        files={"files": (name, content, "application/octet-stream")},
    )


def logged_count(api: Api) -> int:
    topics = ["domain.problem:Problem.Logged"]
    return len(api.services.ledger.recorder.select_notifications(0, 10_000, topics=topics))


def test_the_template_names_every_column_and_offers_the_sources_and_units(
    people: Api, office: TestClient
) -> None:
    answer = office.get(f"{PAGE}/template.xlsx")
    assert answer.status_code == 200
    assert "filename*=UTF-8''%E5%8E%86%E5%8F%B2" in answer.headers["content-disposition"]
    book = load_workbook(io.BytesIO(answer.content))
    ledger, guide = book.worksheets
    assert [c.value for c in ledger[1]][:4] == ["*原编号", "*来源", "*类别", "*责任单位"]
    lists = [v.formula1 for v in ledger.data_validations.dataValidation]
    assert '"坐诊问效,局长走流程,效能督查,好差评/群众评议"' in lists
    names = [row[0] for row in guide.iter_rows(values_only=True)]
    assert "区民政局" in names and "坐诊问效" in names


def test_a_check_writes_nothing_then_the_import_logs_every_row_once(
    people: Api, office: TestClient
) -> None:
    content = ledger_file(people.services.units, numbered(3))
    before = logged_count(people)
    checked = upload(office, content, mode="check")
    assert checked.status_code == 200
    assert "全部 3 行合格：3 行可以导入" in checked.text
    assert '<td data-label="责任单位">区民政局</td>' in checked.text  # what each row will be
    assert '<td data-label="发现日期">2026-09-14</td>' in checked.text
    assert logged_count(people) == before
    done = upload(office, content)
    assert done.status_code == 200 and "已导入 3 个问题" in done.text
    assert logged_count(people) == before + 3
    linked = re.findall(r'href="/workbench/problems/([0-9a-f-]{36})">MZ-00\d<', done.text)
    assert len(linked) == 3
    assert "窗口要求提供清单外材料" in office.get(f"/workbench/problems/{linked[0]}").text
    again = upload(office, ledger_file(people.services.units, numbered(4)))
    assert "已导入 1 个问题；3 行此前已导入，已跳过" in again.text
    assert logged_count(people) == before + 4


def test_rows_that_cannot_be_read_are_listed_by_row_column_and_reason(
    people: Api, office: TestClient
) -> None:
    rows = [*numbered(2), ROW | {"原编号": "MZ-003", "来源": "坐诊", "发现日期": "昨天"}]
    answer = upload(office, ledger_file(people.services.units, rows))
    assert answer.status_code == 422
    assert "有 1 行不合格，整个文件都没有导入" in answer.text
    assert re.search(r"<td[^>]*>4</td>\s*<td[^>]*>MZ-003</td>", answer.text)
    assert "来源：来源应为：坐诊问效" in answer.text
    assert "MZ-001" not in answer.text  # the sound rows are not listed while the file is held
    assert logged_count(people) == 0


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"%PDF-1.4 not a workbook", "无法读取该文件"),
        (b"", "所选文件是空的"),
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused_in_chinese(
    people: Api, office: TestClient, content: bytes, reason: str
) -> None:
    answer = upload(office, content)
    assert answer.status_code == 422
    assert reason in answer.text
    assert logged_count(people) == 0


def test_a_sheet_without_the_required_columns_is_refused_naming_them(
    people: Api, office: TestClient
) -> None:
    content = reshaped(people.services.units, numbered(1), lambda sheet: sheet.delete_cols(7))
    answer = upload(office, content)  # without 发现日期
    assert answer.status_code == 422
    assert "文件缺少必填的列：发现日期" in answer.text


def test_a_small_file_that_unpacks_to_gigabytes_is_not_unpacked(
    people: Api, office: TestClient
) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * (80 * 1024 * 1024))
    assert len(out.getvalue()) < 200_000
    answer = upload(office, out.getvalue())
    assert answer.status_code == 422 and "文件解压后过大" in answer.text


def test_only_the_office_may_open_or_send_the_import(people: Api, office: TestClient) -> None:
    lead = browser(people)
    sign_in(lead, "li")
    assert lead.get(PAGE).status_code == 403
    assert lead.get(f"{PAGE}/template.xlsx").status_code == 403
    token = form_token(lead)
    content = ledger_file(people.services.units, numbered(1))
    sent = lead.post(
        PAGE, data={"form_token": token, "mode": "import"}, files={"files": ("a.xlsx", content)}
    )
    assert sent.status_code == 403
    assert logged_count(people) == 0
    assert "批量导入历史台账" in office.get("/workbench/problems/new").text
    assert "批量导入历史台账" not in lead.get("/workbench/problems/new").text
    new_clerk = browser(people)
    sign_in(new_clerk, "zhang")  # office, but its first password is still to be changed
    assert new_clerk.get(PAGE).headers["location"].startswith("/password")


def test_a_post_without_a_file_asks_for_one(people: Api, office: TestClient) -> None:
    token = form_token(office, PAGE)
    answer = office.post(PAGE, data={"form_token": token, "mode": "check"})
    assert answer.status_code == 422 and "请选择要导入的Excel文件" in answer.text


def test_a_post_without_the_form_token_is_refused(people: Api, office: TestClient) -> None:
    content = ledger_file(people.services.units, numbered(1))
    sent = office.post(PAGE, data={"mode": "import"}, files={"files": ("a.xlsx", content)})
    assert sent.status_code == 403
    assert logged_count(people) == 0


def test_a_title_above_the_header_is_passed_over_and_too_many_rows_refused(
    people: Api, office: TestClient
) -> None:
    def titled(sheet: Any) -> None:
        sheet.insert_rows(1, 2)
        sheet["A1"] = "某区政务服务中心问题台账（2026年）"

    content = reshaped(people.services.units, numbered(2), titled)
    assert "全部 2 行合格" in upload(office, content, mode="check").text
    many = ledger_file(people.services.units, numbered(2001))
    answer = upload(office, many, mode="check")
    assert answer.status_code == 422 and "一次最多导入2000行" in answer.text


def test_a_problem_brought_in_shows_its_old_number(people: Api, office: TestClient) -> None:
    done = upload(office, ledger_file(people.services.units, numbered(1)))
    [problem_id] = re.findall(r'href="/workbench/problems/([0-9a-f-]{36})"', done.text)
    page = office.get(f"/workbench/problems/{problem_id}").text
    assert "<dt>原台账编号</dt><dd>MZ-001（从历史台账导入）</dd>" in page
    logged = log_through_the_form(office)
    assert logged.status_code == 303
    assert "原台账编号" not in office.get(logged.headers["location"]).text


def test_a_row_changed_since_its_import_is_told_not_applied(
    people: Api, office: TestClient
) -> None:
    upload(office, ledger_file(people.services.units, numbered(1)))
    changed = ledger_file(people.services.units, numbered(1, 问题描述="核实后的描述"))
    answer = upload(office, changed)
    assert answer.status_code == 200
    assert "表中内容已与系统中的问题不同，导入不会修改已有问题" in answer.text
