"""账户记录 on both stores: the admin reads what happened to one person's account, newest first,
who did it and when; nobody else reads it; the read model is the log's account events, the same
after a rebuild from the log."""

from __future__ import annotations

from dataclasses import replace

from domain.actor import Role
from tests.conftest import ADMIN, PASSWORD, Api
from tests.http.test_reinstatement import caught_up
from tests.workbench import browser, sign_in, signed_in_as

NEW_PASSWORD = "second-password-2"


def test_the_admin_reads_a_persons_account_record_newest_first(people: Api) -> None:
    accounts = people.services.people
    li = accounts.find(ADMIN, "li")
    assert li is not None
    accounts.change(ADMIN, replace(li, phone="023-68001234"))
    accounts.reset_password(ADMIN, "li", NEW_PASSWORD)
    accounts.disable(ADMIN, "li")
    accounts.enable(ADMIN, "li")
    assert sign_in(browser(people), "li", NEW_PASSWORD).status_code == 303
    caught_up(people)

    admin = signed_in_as(people, "chen", Role.ADMIN)
    page = admin.get("/workbench/admin/people/li/edit").text
    table = page.split("<caption>账户记录")[1].split("</table>")[0]
    shown = [
        cell for cell in ("登录", "启用", "停用", "重置密码", "调整信息", "新增") if cell in table
    ]
    assert shown == ["登录", "启用", "停用", "重置密码", "调整信息", "新增"]
    order = [table.index(f'<td data-label="事项">{w}</td>') for w in shown]
    assert order == sorted(order)  # newest first
    assert "本人" in table and "test-admin（系统管理员）" in table
    assert "区民政局" in table  # the unit as the fact left the person
    assert PASSWORD not in page and NEW_PASSWORD not in page

    stranger = signed_in_as(people, "zhou", Role.OFFICE)
    assert stranger.get("/workbench/admin/people/li/edit").status_code == 403
    assert admin.get("/workbench/admin/people/nobody/edit").status_code == 404


def test_the_account_records_are_the_same_after_a_rebuild_from_the_log(people: Api) -> None:
    accounts = people.services.people
    accounts.reset_password(ADMIN, "wang", NEW_PASSWORD)
    caught_up(people)
    records = people.services.account_records
    before = {login: records.of(ADMIN, login) for login in ("li", "wang")}
    assert [e.what for e in before["wang"]][:2] == ["password_reset", "added"]
    people.services.read_models.rebuild(["accounts"])
    assert {login: records.of(ADMIN, login) for login in ("li", "wang")} == before
