"""单位撤并 in a real browser: the admin merges 区民政局 into 区人力社保局 on the units page, is
stopped once for the confirmation, and 李华, moved with her unit, finds its unfinished problems
held by 区人力社保局 and each one's history saying why (ADR 55)."""

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
def test_the_admin_merges_a_bureau_and_its_lead_carries_on_in_the_successor(
    chromium: Any, server: LiveServer, request: pytest.FixtureRequest
) -> None:
    admin = signed_in(chromium, server, "admin.chen", bypass_csp=True, **DESK)
    admin.get_by_role("link", name="人员和单位").click()
    admin.get_by_role("link", name="单位", exact=True).click()
    admin.wait_for_url("**/workbench/admin/units")
    merge = admin.locator("#form-merge")
    merge.get_by_label("被撤并单位").select_option(label="区民政局")
    merge.get_by_label("并入（承接单位）").select_option(label="区人力社保局")
    merge.get_by_role("button", name="撤并").click()
    expect(admin.locator("#merge-confirm-error")).to_contain_text("撤并后不能撤回，请勾选确认")
    merge = admin.locator("#form-merge")
    merge.get_by_label("我已核实：撤并后不能撤回").check()
    merge.get_by_role("button", name="撤并").click()
    expect(admin.get_by_role("status")).to_contain_text("已撤并")
    merged = admin.locator("tr", has_text="civil_affairs")
    expect(merged).to_contain_text("已撤并，并入区人力社保局")
    options = admin.locator("#form-merge select[name=code] option").all_inner_texts()
    assert "区民政局" not in options  # merged: no longer offered for anything new
    assert axe_violations(admin) == []
    shot(admin, "unit-merged", request)

    lead = signed_in(chromium, server, "civil.li", bypass_csp=True, **DESK)
    lead.goto("/workbench/lists/problems")
    held = lead.locator("table.list tbody tr", has_text="区人力社保局")  # the successor's now
    expect(held.first).to_be_visible()
    held.first.get_by_role("link").first.click()
    expect(lead.locator("table", has_text="撤并承接")).to_contain_text(
        "单位撤并：区民政局并入区人力社保局"
    )
    assert axe_violations(lead) == []
    shot(lead, "taken-over-problem", request)
