"""人员批量导入 in a real browser: the admin goes from 人员和单位 to the import, downloads the
template, fills two people, checks and imports the roster with one more click, reads their
initial passwords once, and one of them signs in with hers and is asked to change it; later
the admin moves her to another unit on her own page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.support import DESK, axe_violations, chromium, server, shot, signed_in
from tests.conftest import EMBEDDED_ONLY
from tests.ledger_files import filled
from tests.live_server import LiveServer

__all__ = ["chromium", "server"]
pytestmark = pytest.mark.browser
ROWS: list[dict[str, object]] = [
    {"登录名": "sun.li", "姓名": "孙丽", "角色": "单位负责人", "所在单位": "区民政局"},
    {"登录名": "qian.hao", "姓名": "钱浩", "角色": "营商办", "电话": "0571-86001234"},
]


@EMBEDDED_ONLY
def test_the_admin_brings_a_roster_in_and_a_newcomer_signs_in_with_her_password(
    chromium: Any, server: LiveServer, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    admin = signed_in(chromium, server, "admin.chen", bypass_csp=True, **DESK)
    admin.get_by_role("link", name="人员和单位").click()
    admin.get_by_role("link", name="批量导入人员").click()
    admin.wait_for_url("**/workbench/admin/people/import")
    with admin.expect_download() as waiting:
        admin.get_by_role("link", name="下载导入模板").click()
    assert waiting.value.suggested_filename == "人员名单导入模板.xlsx"
    template = tmp_path / "template.xlsx"
    waiting.value.save_as(str(template))
    roster = tmp_path / "名单.xlsx"
    roster.write_bytes(filled(template.read_bytes(), ROWS))
    wrong = tmp_path / "有错的名单.xlsx"
    wrong.write_bytes(filled(template.read_bytes(), [ROWS[0] | {"所在单位": None}]))

    admin.get_by_label("人员名单（.xlsx）").set_input_files(str(wrong))
    admin.get_by_role("button", name="检查并导入").click()
    expect(admin.locator("#import-result")).to_contain_text("有 1 行不合格，整个文件都没有导入")
    assert "所在单位：单位负责人须选择所在单位" in admin.locator("tr.refused").inner_text()

    admin.get_by_label("人员名单（.xlsx）").set_input_files(str(roster))
    admin.get_by_role("button", name="只检查").click()
    expect(admin.get_by_role("status")).to_contain_text("全部 2 行合格：2 人可以新增")
    admin.get_by_role("button", name="检查并导入").click()  # the file stayed chosen
    expect(admin.get_by_role("heading", name="初始密码单")).to_be_visible()
    expect(admin.get_by_role("status")).to_contain_text("已新增 2 人")
    passwords = admin.locator("code.password").all_inner_texts()
    assert len(passwords) == 2 and passwords[0] != passwords[1]
    assert axe_violations(admin) == []
    shot(admin, "roster-imported", request)

    newcomer = chromium.new_context(base_url=server.base_url, **DESK).new_page()
    newcomer.goto("/")
    newcomer.get_by_label("登录名").fill("sun.li")
    newcomer.get_by_label("密码").fill(passwords[0])
    newcomer.get_by_role("button", name="登录").click()
    newcomer.wait_for_url("**/password")

    admin.get_by_role("link", name="人员", exact=True).click()  # later, she moves to 交通局
    admin.get_by_role("link", name="sun.li").click()
    admin.wait_for_url("**/workbench/admin/people/sun.li/edit")
    admin.get_by_label("所在单位（单位负责人必选）").select_option(label="区交通局")
    admin.get_by_role("button", name="保存").click()
    expect(admin.get_by_role("status")).to_contain_text("原有登录已失效")
    record = admin.get_by_role("table", name="账户记录").inner_text()  # ADR 57
    assert record.index("调整信息") < record.index("登录") < record.index("新增")  # newest first
    assert "区交通局" in record and "admin.chen" in record
    assert axe_violations(admin) == []
    shot(admin, "person-moved", request)
    newcomer.goto("/workbench")
    newcomer.wait_for_url("**/signin**")  # signed in again, she works for her new unit
    refused_page = "status of 422"  # the refused file's page itself, as Chromium logs it
    errors = [m for m in admin.console_messages if m.startswith(("error", "pageerror"))]
    assert [m for m in errors if refused_page not in m] == []
