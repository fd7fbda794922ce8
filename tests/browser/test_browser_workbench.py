"""Browser stories of sign-in, the worklist and the problem page, in Debian's Chromium driven by
Playwright, against the real server on SQLite and on PostgreSQL (fixtures:
tests/browser/support.py). Screenshots of each page go to tests/artifacts/ (kept out of git) to be
looked at."""

from __future__ import annotations

from typing import Any

import pytest

from infrastructure.clock import SteppingClock
from infrastructure.services import build_services
from tests.browser.support import DESK, HOSTILE, chromium, errors_in, server, shot, signed_in
from tests.conftest import EMBEDDED_ONLY, TODAY_NOON, make_settings
from tests.live_server import LiveServer

__all__ = ["chromium", "server"]
pytestmark = pytest.mark.browser


@EMBEDDED_ONLY
def test_a_unit_lead_on_a_phone_sees_its_problem_as_text_and_no_script_runs(
    chromium: Any, server: LiveServer, request: pytest.FixtureRequest
) -> None:
    phone = {"viewport": {"width": 390, "height": 844}}
    page = signed_in(chromium, server, "civil.li", **phone)
    assert page.get_by_text(HOSTILE).count() == 1  # the title, shown as the text it is
    assert page.evaluate("window.pwned") is None
    assert page.locator("img[src=x]").count() == 0
    assert "交通局窗口排长队" not in page.content()
    assert shot(page, "lead-worklist-phone", request).stat().st_size > 1000


@EMBEDDED_ONLY
def test_the_office_sees_what_waits_on_it_and_signs_out(
    chromium: Any, server: LiveServer, request: pytest.FixtureRequest
) -> None:
    page = signed_in(chromium, server, "office.zhang", viewport={"width": 1366, "height": 768})
    rows = page.locator("tbody tr")
    # transport sent its problem back; civil affairs is past its day to sign: 督办
    assert rows.count() == 2
    assert page.get_by_text("交办").count() == 1 and page.get_by_text("督办").count() == 1
    shot(page, "office-worklist", request)
    page.get_by_role("link", name="红黄绿").click()
    page.wait_for_url("**/workbench/board")
    assert page.get_by_role("row", name="区交通局").count() == 1
    shot(page, "office-board", request)
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/signin")
    page.goto("/workbench")
    assert page.url.endswith("/signin")


@EMBEDDED_ONLY
def test_a_wrong_password_is_refused_in_chinese_beside_the_form(
    chromium: Any, server: LiveServer, request: pytest.FixtureRequest
) -> None:
    page = chromium.new_context(base_url=server.base_url).new_page()
    page.goto("/signin")
    page.get_by_label("登录名").fill("civil.li")
    page.get_by_label("密码").fill("not-the-password")
    page.get_by_role("button", name="登录").click()
    assert page.get_by_role("alert").inner_text() == "登录名或密码不正确。"
    assert page.get_by_label("登录名").input_value() == "civil.li"  # the form kept filled
    shot(page, "sign-in-refused", request)


@EMBEDDED_ONLY
def test_a_lead_follows_the_worklist_to_the_problem_and_another_lead_cannot_reach_it(
    chromium: Any, server: LiveServer, request: pytest.FixtureRequest
) -> None:
    lead = signed_in(chromium, server, "civil.li", viewport={"width": 1366, "height": 768})
    lead.get_by_role("link", name=HOSTILE).click()
    lead.wait_for_url("**/workbench/problems/*")
    assert lead.get_by_role("heading", level=1).inner_text() == HOSTILE
    assert lead.get_by_text("登记").count() >= 1  # the timeline's first event
    assert lead.evaluate("window.pwned") is None
    shot(lead, "problem-page", request)
    address = lead.url
    stranger = signed_in(chromium, server, "transport.wang")
    stranger.goto(address)
    assert stranger.get_by_role("heading", level=1).inner_text() == "未找到"
    assert HOSTILE not in stranger.content()
    shot(stranger, "problem-page-other-unit", request)


@EMBEDDED_ONLY
def test_the_office_records_next_years_holidays_and_a_lead_only_reads_them(
    chromium: Any, server: LiveServer, request: pytest.FixtureRequest
) -> None:
    office = signed_in(chromium, server, "office.zhang")
    office.get_by_role("link", name="节假日", exact=True).click()
    year = office.get_by_label("年份").input_value()  # the year wanted, or next year
    office.get_by_label("放假日期").fill(f"{year}-10-01至{year}-10-07")
    office.get_by_label("依据的通知").fill(f"国务院办公厅关于{year}年部分节假日安排的通知")
    office.get_by_role("button", name="录入").click()
    assert office.get_by_role("status").inner_text().startswith(f"已录入{year}年的节假日安排")
    row = office.locator("tr", has=office.get_by_text(f"关于{year}年部分节假日安排的通知"))
    assert "本系统录入" in row.inner_text()
    assert f"{year}年的节假日安排尚未录入" not in office.content()
    shot(office, "office-calendar", request)
    lead = signed_in(chromium, server, "civil.li")
    assert lead.get_by_role("link", name="节假日", exact=True).count() == 0
    lead.goto("/workbench/calendar")
    assert "本系统录入" in lead.content() and lead.get_by_role("button", name="录入").count() == 0
    assert errors_in(office) == [] and errors_in(lead) == []


@EMBEDDED_ONLY
def test_typing_keeps_the_session_and_an_ended_one_is_told_before_sending(
    chromium: Any, server: LiveServer, database_url: str, request: pytest.FixtureRequest
) -> None:
    """alive.js: a keystroke five minutes after the last ask tells the server the person is
    there (ADR 46); once the session has ended, the page says so while the text can be copied."""
    page = signed_in(chromium, server, "civil.li", **DESK)
    page.goto("/workbench/problems/new")
    page.clock.install()
    title = page.get_by_label("问题标题")
    title.type("窗口")
    with page.expect_request("**/workbench/alive") as asked:
        page.clock.fast_forward("06:00")
        title.type("无人")
    answer = asked.value.response()
    assert answer is not None and answer.status == 204
    services = build_services(make_settings(database_url), SteppingClock(TODAY_NOON))
    services.sessions.close_all("civil.li")  # signed out elsewhere
    services.close()
    page.clock.fast_forward("06:00")
    title.type("值守")
    ended = page.locator("#session-ended")
    ended.wait_for()
    assert "登录已超时" in ended.inner_text() and title.input_value() == "窗口无人值守"
    assert errors_in(page) == []
    shot(page, "session-ended-while-typing", request)
