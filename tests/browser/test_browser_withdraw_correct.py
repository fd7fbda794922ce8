"""更正 and 撤销 in a real browser: the office clerk opens a problem from the lists, puts its
title right, then finds it was logged twice and withdraws it; the page, the timeline and the
lists say so, and neither form leaves an accessibility fault."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.support import DESK, axe_violations, chromium, server, shot, signed_in
from tests.conftest import EMBEDDED_ONLY
from tests.live_server import LiveServer

__all__ = ["chromium", "server"]
pytestmark = pytest.mark.browser


@EMBEDDED_ONLY
def test_the_office_corrects_a_title_then_withdraws_the_problem(
    chromium: Any, server: LiveServer, request: pytest.FixtureRequest
) -> None:
    office = signed_in(chromium, server, "office.zhang", bypass_csp=True, **DESK)
    office.goto("/workbench/lists/problems")
    before = "交通局窗口排长队"  # sent back to the office by transport
    office.get_by_role("link", name=before).click()
    office.wait_for_url("**/workbench/problems/*")

    form = office.locator("#form-correct")
    expect(form.locator("#correct-title")).to_have_value(before)  # starts from the record
    form.locator("#correct-title").fill(f"{before}（已核实）")
    form.locator("#correct-reason").fill("标题漏写核实结果")
    form.get_by_role("button", name="更正").click()
    expect(office.get_by_role("status")).to_contain_text("已更正登记信息")
    expect(office.locator("h1")).to_have_text(f"{before}（已核实）")
    expect(office.locator("table.timeline")).to_contain_text("标题漏写核实结果")

    withdraw = office.locator("#form-withdraw")
    withdraw.get_by_role("button", name="撤销问题").click()  # no reason: told beside the field
    expect(withdraw.locator("#withdraw-reason-error")).to_contain_text("必填")
    assert axe_violations(office) == []
    withdraw.locator("#withdraw-reason").fill("与同日登记的问题重复")
    withdraw.get_by_role("button", name="撤销问题").click()
    expect(office.get_by_role("status")).to_contain_text("已撤销该问题")
    expect(office.locator("dl")).to_contain_text("与同日登记的问题重复")
    assert office.locator("form.action").count() == 1  # nothing more to do to it but 恢复办理
    assert axe_violations(office) == []
    shot(office, "withdrawn", request)
    page = office.url

    office.goto("/workbench/lists/problems?status=withdrawn")
    expect(office.locator("table")).to_contain_text(f"{before}（已核实）")

    office.goto(page)  # it was not a duplicate after all
    reinstate = office.locator("#form-reinstate")
    reinstate.locator("#reinstate-reason").fill("另一条才是重复登记")
    reinstate.get_by_role("button", name="恢复办理").click()
    expect(office.get_by_role("status")).to_contain_text("已恢复办理该问题")
    expect(office.locator("table.timeline")).to_contain_text("另一条才是重复登记")
    expect(office.locator("#form-withdraw")).to_be_visible()  # back to work
    assert axe_violations(office) == []
