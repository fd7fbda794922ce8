"""人员批量导入 in the workbench, over the real app on both stores: the template handed out and
read back, a check that adds nobody, an import whose initial passwords are shown once and work,
the same roster again, and every file or row that cannot be brought in refused in Chinese."""

from __future__ import annotations

import io
import re

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from domain.actor import Role
from infrastructure.ledger_sheet import template
from tests.conftest import Api
from tests.ledger_files import filled, roster_file
from tests.workbench import browser, form_token, sign_in, signed_in_as

PAGE = "/workbench/admin/people/import"
LEAD = {"登录名": "li.na", "姓名": "李娜<b>", "角色": "单位负责人", "所在单位": "区民政局"}
CLERK = {"登录名": "zhou.min", "姓名": "周敏", "角色": "营商办", "电话": "0571-86001234"}
PASSWORD_CELL = re.compile(r'<code class="password">([^<]+)</code>')


@pytest.fixture
def admin(people: Api) -> TestClient:
    return signed_in_as(people, "chen", Role.ADMIN)


def upload(client: TestClient, content: bytes, mode: str = "import"):  # type: ignore[no-untyped-def]
    token = form_token(client, PAGE)
    return client.post(
        PAGE,
        data={"form_token": token, "mode": mode},
        files={"files": ("名单.xlsx", content, "application/octet-stream")},
    )


def logins(api: Api) -> set[str]:
    return {a.login for a in api.services.people.store.all()}


def test_the_template_names_every_column_and_offers_the_roles_and_units(
    people: Api, admin: TestClient
) -> None:
    answer = admin.get(f"{PAGE}/template.xlsx")
    assert answer.status_code == 200
    assert "filename*=UTF-8''%E4%BA%BA%E5%91%98" in answer.headers["content-disposition"]
    book = load_workbook(io.BytesIO(answer.content))
    roster, guide = book.worksheets
    assert [c.value for c in roster[1]] == ["*登录名", "*姓名", "*角色", "所在单位", "电话"]
    lists = [v.formula1 for v in roster.data_validations.dataValidation]
    assert '"营商办,单位负责人,纪委监委,系统管理员"' in lists
    assert any(f.startswith("'填写说明'!$A$") for f in lists)
    names = [row[0] for row in guide.iter_rows(values_only=True)]
    assert "区民政局" in names and "纪委监委" in names
    assert roster["E2"].number_format == "@"  # a phone's leading 0 stays


def test_a_check_adds_nobody_then_the_import_shows_each_password_once(
    people: Api, admin: TestClient
) -> None:
    content = roster_file(people.services.units, [LEAD, CLERK])
    before = logins(people)
    checked = upload(admin, content, mode="check")
    assert checked.status_code == 200
    assert "全部 2 行合格：2 人可以新增" in checked.text
    assert '<td data-label="所在单位">区民政局</td>' in checked.text
    assert "李娜&lt;b&gt;" in checked.text and not PASSWORD_CELL.search(checked.text)
    assert logins(people) == before
    done = upload(admin, content)
    assert done.status_code == 200 and "已新增 2 人" in done.text
    assert "初始密码只显示这一次" in done.text
    assert done.headers["cache-control"] == "no-store"
    passwords = PASSWORD_CELL.findall(done.text)
    assert len(passwords) == 2 and logins(people) == before | {"li.na", "zhou.min"}
    newcomer = browser(people)
    assert sign_in(newcomer, "li.na", passwords[0]).headers["location"] == "/password"
    assert not PASSWORD_CELL.search(admin.get(PAGE).text)  # shown once, never again
    listed = admin.get("/workbench/admin/people").text
    assert "li.na" in listed and "待改密码" in listed
    again = upload(admin, roster_file(people.services.units, [LEAD, CLERK]))
    assert "已新增 0 人；2 人已有账户，已跳过" in again.text
    assert not PASSWORD_CELL.search(again.text)


def test_rows_that_cannot_be_brought_in_are_listed_by_row_column_and_reason(
    people: Api, admin: TestClient
) -> None:
    rows = [
        LEAD,
        CLERK | {"所在单位": "区民政局"},
        {"登录名": "li", "姓名": "李华", "角色": "单位负责人", "所在单位": "区民政局"},
        {"登录名": "Wu Fang", "姓名": "吴芳", "角色": "局长"},
    ]
    answer = upload(admin, roster_file(people.services.units, rows))
    assert answer.status_code == 422
    assert "有 2 行不合格，整个文件都没有导入" in answer.text
    assert "所在单位：单位负责人须选择所在单位；其他角色不选单位。" in answer.text
    assert "角色：角色应为：营商办、单位负责人、纪委监委、系统管理员之一。" in answer.text
    assert "li.na" not in answer.text  # the sound rows are not listed while the file is held
    assert "zhou.min" not in logins(people) and "li.na" not in logins(people)
    moved = {"登录名": "li", "姓名": "李华", "角色": "单位负责人", "所在单位": "transport"}
    told = upload(admin, roster_file(people.services.units, [moved]), mode="check")
    assert "已有此账户，跳过" in told.text and "导入不会修改已有账户" in told.text


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"PK\x03\x04 not a workbook", "无法读取该文件"),
        (b"", "所选文件是空的"),
    ],
)
def test_a_file_that_is_not_a_roster_is_refused_in_chinese(
    people: Api, admin: TestClient, content: bytes, reason: str
) -> None:
    before = logins(people)
    answer = upload(admin, content)
    assert answer.status_code == 422 and reason in answer.text
    assert logins(people) == before


def test_a_ledger_uploaded_here_is_refused_naming_the_columns_it_lacks(
    people: Api, admin: TestClient
) -> None:
    ledger = filled(template(people.services.units.list_units()), [{"原编号": "MZ-1"}])
    answer = upload(admin, ledger)
    assert answer.status_code == 422
    assert "文件缺少必填的列：登录名、姓名、角色" in answer.text


def test_only_the_admin_may_open_or_send_the_import(people: Api, admin: TestClient) -> None:
    office = signed_in_as(people, "zhou", Role.OFFICE)
    assert office.get(PAGE).status_code == 403
    assert office.get(f"{PAGE}/template.xlsx").status_code == 403
    content = roster_file(people.services.units, [CLERK])
    token = form_token(office)
    sent = office.post(
        PAGE, data={"form_token": token, "mode": "import"}, files={"files": ("a.xlsx", content)}
    )
    assert sent.status_code == 403 and "zhou.min" not in logins(people)
    unsigned = admin.post(PAGE, data={"mode": "import"}, files={"files": ("a.xlsx", content)})
    assert unsigned.status_code == 403 and "zhou.min" not in logins(people)
    assert "批量导入人员" in admin.get("/workbench/admin/people").text
    assert "批量导入人员" in admin.get("/workbench").text
