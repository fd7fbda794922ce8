"""The admin's pages over the real app on both stores: people added, reset and disabled, units
registered, refusals in Chinese beside the field; nobody else reaches them."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from application.people import Account
from domain.actor import Role
from tests.conftest import ADMIN, Api
from tests.workbench import PASSWORD, TOKEN, browser, sign_in


def admin(api: Api) -> TestClient:
    api.services.people.add_person(
        ADMIN, Account("chen", "陈工", None, Role.ADMIN, must_change=False), PASSWORD
    )
    client = browser(api)
    sign_in(client, "chen")
    return client


def token(client: TestClient, path: str) -> str:
    return TOKEN.search(client.get(path).text).group(1)  # type: ignore[union-attr]


def test_the_admin_adds_a_person_who_must_change_the_password(people: Api) -> None:
    client = admin(people)
    form = {
        "form_token": token(client, "/workbench/admin/people"),
        "login": "sun.li",
        "display_name": "孙丽<b>",
        "role": "unit_lead",
        "unit": "transport",
        "phone": "",
        "password": "initial-pass-1",
    }
    added = client.post("/workbench/admin/people", data=form)
    assert added.status_code == 303
    listed = client.get(added.headers["location"]).text
    assert "已新增人员" in listed and "孙丽&lt;b&gt;" in listed and "待改密码" in listed
    newcomer = browser(people)
    assert sign_in(newcomer, "sun.li", "initial-pass-1").headers["location"] == "/password"
    reset = client.post(
        "/workbench/admin/people/sun.li/reset",
        data={"form_token": form["form_token"], "password": "short"},
    )
    assert reset.status_code == 422 and "密码至少10个字符" in reset.text
    assert 'id="reset-sun.li-password-error"' in reset.text
    gone = client.post(
        "/workbench/admin/people/sun.li/disabled", data={"form_token": form["form_token"]}
    )
    assert gone.status_code == 303
    assert newcomer.get("/workbench").status_code == 303  # the session ended
    assert "已停用" in client.get("/workbench/admin/people").text


def test_a_bad_person_is_refused_beside_the_field_and_nothing_stored(people: Api) -> None:
    client = admin(people)
    base = {
        "form_token": token(client, "/workbench/admin/people"),
        "login": "li",  # taken
        "display_name": "重名",
        "role": "office",
        "unit": "",
        "password": "initial-pass-1",
    }
    taken = client.post("/workbench/admin/people", data=base)
    assert taken.status_code == 422 and "该登录名已被使用" in taken.text
    assert 'id="add-login-error"' in taken.text and 'value="重名"' in taken.text
    assert "initial-pass-1" not in taken.text  # a password is never sent back
    scripted = client.post("/workbench/admin/people", data=base | {"login": "other_lead"})
    assert scripted.status_code == 422 and "该登录名已被使用" in scripted.text  # a credential's
    odd = client.post("/workbench/admin/people", data=base | {"login": "Bad Name"})
    assert odd.status_code == 422 and "以字母开头" in odd.text
    no_unit = client.post(
        "/workbench/admin/people", data=base | {"login": "zhu", "role": "unit_lead"}
    )
    assert no_unit.status_code == 422 and "单位负责人须选择所在单位" in no_unit.text
    assert people.services.people.store.find("zhu") is None


def test_the_admin_registers_a_unit_and_nobody_else_may(people: Api) -> None:
    client = admin(people)
    form = {
        "form_token": token(client, "/workbench/admin/units"),
        "code": "market",
        "name": "区市场监管局",
        "kind": "key",
    }
    assert client.post("/workbench/admin/units", data=form).status_code == 303
    assert "区市场监管局" in client.get("/workbench/admin/units").text
    again = client.post("/workbench/admin/units", data=form)
    assert again.status_code == 409 and "该单位代码已登记" in again.text
    bad = client.post("/workbench/admin/units", data=form | {"code": "市场"})
    assert bad.status_code == 422 and 'id="unit-code-error"' in bad.text
    lead = browser(people)
    sign_in(lead, "li")
    assert lead.get("/workbench/admin/people").status_code == 403
    assert lead.get("/workbench/admin/units").status_code == 403
    lead_token = re.search(r'name="form_token" value="([^"]+)"', lead.get("/workbench").text)
    assert lead_token is not None
    refused = lead.post(
        "/workbench/admin/units",
        data={"form_token": lead_token.group(1), "code": "sneaky", "name": "x", "kind": "other"},
    )
    assert refused.status_code == 403
    assert "sneaky" not in {u.code for u in people.services.units.list_units()}


def test_the_admin_sees_when_each_person_last_signed_in(people: Api) -> None:
    """An account nobody uses is one to disable: the people page shows each one's last sign-in."""
    client = admin(people)
    sign_in(browser(people), "li")
    page = client.get("/workbench/admin/people").text
    rows = dict(
        re.findall(
            r'<td data-label="登录名"><a [^>]+>([^<]+)</a></td>.*?'
            r'<td data-label="最近登录">([^<]+)</td>',
            page,
            re.S,
        )
    )
    assert rows["wang"] == "从未登录"
    assert re.fullmatch(r"20\d\d-\d\d-\d\d \d\d:\d\d", rows["li"]) and rows["chen"] != "从未登录"


def test_the_admin_moves_a_lead_to_another_unit_on_the_person_page(people: Api) -> None:
    client = admin(people)
    lead = browser(people)
    sign_in(lead, "li")
    listed = client.get("/workbench/admin/people").text
    assert 'href="/workbench/admin/people/li/edit"' in listed
    page = client.get("/workbench/admin/people/li/edit")
    assert page.status_code == 200 and "<h1>李华（li）</h1>" in page.text
    assert 'id="change-display_name" name="display_name" type="text" value="李华"' in page.text
    form = {
        "form_token": TOKEN.search(page.text).group(1),  # type: ignore[union-attr]
        "display_name": "李华",
        "role": "unit_lead",
        "unit": "transport",
        "phone": "0571-1",
    }
    moved = client.post("/workbench/admin/people/li/edit", data=form)
    assert moved.status_code == 303
    shown = client.get(moved.headers["location"]).text
    assert "原有登录已失效" in shown and "<dd>区交通局</dd>" in shown
    assert lead.get("/workbench").status_code == 303  # signed in again, under the new unit
    assert people.services.people.store.find("li").unit == "transport"  # type: ignore[union-attr]
    same = client.post("/workbench/admin/people/li/edit", data=form)
    assert same.status_code == 409 and "未作任何修改" in same.text
    office_no_unit = client.post("/workbench/admin/people/li/edit", data=form | {"role": "office"})
    assert office_no_unit.status_code == 422 and 'id="change-unit-error"' in office_no_unit.text
    assert "单位负责人须选择所在单位" in office_no_unit.text
    assert client.get("/workbench/admin/people/nobody/edit").status_code == 404
    renamed = client.post("/workbench/admin/people/li/edit", data=form | {"phone": "0571-2"})
    assert "已保存人员信息。" in client.get(renamed.headers["location"]).text


def test_a_disabled_person_is_enabled_again_and_the_admin_keeps_their_own(people: Api) -> None:
    client = admin(people)
    form_token = token(client, "/workbench/admin/people")
    client.post("/workbench/admin/people/wang/disabled", data={"form_token": form_token})
    listed = client.get("/workbench/admin/people").text
    assert 'aria-label="启用 wang"' in listed
    assert "启用账户" in client.get("/workbench/admin/people/wang/edit").text
    enabled = client.post("/workbench/admin/people/wang/enabled", data={"form_token": form_token})
    assert enabled.status_code == 303
    assert "已启用该账户" in client.get(enabled.headers["location"]).text
    assert sign_in(browser(people), "wang").headers["location"] == "/workbench"
    twice = client.post("/workbench/admin/people/wang/enabled", data={"form_token": form_token})
    assert twice.status_code == 409
    myself = client.post("/workbench/admin/people/chen/disabled", data={"form_token": form_token})
    assert myself.status_code == 422 and "不能停用自己的账户" in myself.text
    demoted = client.post(
        "/workbench/admin/people/chen/edit",
        data={"form_token": form_token, "display_name": "陈工", "role": "office", "unit": ""},
    )
    assert demoted.status_code == 422 and "不能调整自己的角色或单位" in demoted.text
    lead = browser(people)
    sign_in(lead, "li")
    assert lead.get("/workbench/admin/people/wang/edit").status_code == 403
    lead_token = TOKEN.search(lead.get("/workbench").text).group(1)  # type: ignore[union-attr]
    refused = lead.post(
        "/workbench/admin/people/li/edit",
        data={"form_token": lead_token, "display_name": "x", "role": "admin", "unit": ""},
    )
    assert refused.status_code == 403
    assert people.services.people.store.find("li").role is Role.UNIT_LEAD  # type: ignore[union-attr]


def test_the_admin_narrows_the_people_list_by_unit_role_state_and_words(people: Api) -> None:
    client = admin(people)
    everyone = client.get("/workbench/admin/people").text
    assert "全部人员，共 4 人" in everyone  # li, wang, zhang and the admin chen
    civil = client.get("/workbench/admin/people", params={"unit": "civil_affairs"}).text
    assert "筛选出 1 人（共 4 人）" in civil and ">li</a>" in civil and ">wang</a>" not in civil
    waiting = client.get("/workbench/admin/people", params={"state": "must_change"}).text
    assert ">zhang</a>" in waiting and ">li</a>" not in waiting
    named = client.get("/workbench/admin/people", params={"q": "王"}).text
    assert ">wang</a>" in named and ">li</a>" not in named
    leads = client.get("/workbench/admin/people", params={"role": "unit_lead", "q": "LI"}).text
    assert "筛选出 1 人" in leads and 'value="unit_lead" selected' in leads
    nobody = client.get("/workbench/admin/people", params={"q": "<script>"})
    assert nobody.status_code == 200 and "没有符合条件的人员" in nobody.text
    assert "<script>" not in nobody.text  # shown back escaped
    odd = client.get("/workbench/admin/people", params={"role": "king", "state": "x" * 5000})
    assert odd.status_code == 200 and "全部人员，共 4 人" in odd.text
