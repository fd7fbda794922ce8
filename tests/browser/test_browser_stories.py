"""The workbench's stories in a real browser (Debian's Chromium through Playwright) against the
real server on SQLite and on PostgreSQL, through the pages only: a problem from a sit-in through
every role, two browsers on one problem, refusals beside the field, CSRF and lock-out, hostile
text, and an accessibility scan of every page. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import re
from typing import Any

import pytest
from docx import Document

from tests.browser.support import (
    DESK,
    HOSTILE,
    PHONE,
    axe_violations,
    chromium,
    errors_in,
    server,
    shot,
    signed_in,
)
from tests.conftest import EMBEDDED_ONLY
from tests.live_server import LiveServer

__all__ = ["chromium", "server"]
pytestmark = pytest.mark.browser
TITLE = "窗口要求提供清单外材料"
ONE_PIXEL_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c4944415408d763f8cfc000000301010018dd8db00000000049454e44ae426082"
)


def log_from_the_sit_in(page: Any, title: str = TITLE) -> None:
    page.get_by_role("link", name="活动", exact=True).click()
    page.goto("/workbench/activities?month=2026-11")  # the sit-in's month, whatever today is
    page.get_by_role("link", name="坐诊问效：区民政局，王副局长").click()
    page.get_by_role("link", name="从此活动登记问题").click()
    page.locator("#new-category").select_option("policy")  # the activity gives no category
    page.locator("#new-title").fill(title)
    page.locator("#new-description").fill("办理低保时要求户籍证明")
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_url(re.compile(r".*/workbench/problems/[0-9a-f-]+\?done=logged"))


def test_a_problem_from_a_sit_in_through_every_role(
    chromium: Any, server: LiveServer, request: pytest.FixtureRequest
) -> None:
    office = signed_in(chromium, server, "office.zhang", **DESK)
    log_from_the_sit_in(office)
    assert office.get_by_role("status").inner_text() == "已登记。"
    address = office.url.split("?")[0]
    office.locator("#assign-unit").select_option("civil_affairs")
    office.locator("#assign-assignee").fill("李华")
    office.get_by_role("button", name="交办", exact=True).click()
    office.wait_for_url("**?done=assign")
    office.locator("#deadline-working_days").fill("5")
    office.get_by_role("button", name="保存时限").click()
    office.wait_for_url("**?done=deadline")
    facts = office.locator("dl.facts").first.inner_text()
    assert "李华" in facts and "待签收" in facts
    assert re.search(r"发现单位\s+区民政局", facts)  # the sit-in's unit
    assert office.get_by_role("link", name="查看发现该问题的活动").count() == 1
    assert re.search(r"整改时限\s+\d{4}-\d{2}-\d{2}", facts)
    shot(office, "1-office-problem-assigned", request)

    lead = signed_in(chromium, server, "civil.li", **PHONE)
    assert lead.get_by_role("link", name=re.compile(TITLE)).count() == 1
    shot(lead, "2-lead-worklist-phone", request)
    lead.get_by_role("link", name=re.compile(TITLE)).click()
    lead.locator("#rectify-measures").fill("取消户籍证明要求，改为部门核查")
    lead.locator("#rectify-result").fill("已在窗口公示")
    lead.get_by_role("button", name="报告整改").click()
    lead.wait_for_url("**?done=rectify")
    assert lead.locator("#form-close").count() == 0  # the office accepts the fix
    office.reload()
    office.locator("#accept-note").fill("整改到位")
    office.get_by_role("button", name="验收通过并销号").click()
    office.wait_for_url("**?done=accept")
    lead.reload()
    assert "已销号" in lead.locator("dl.facts").first.inner_text()
    shot(lead, "3-lead-closed-phone", request)

    stranger = signed_in(chromium, server, "transport.wang", **DESK)
    assert TITLE not in stranger.content()
    stranger.goto("/workbench/lists/problems")
    assert TITLE not in stranger.content()
    stranger.goto(address)
    assert stranger.get_by_role("heading", level=1).inner_text() == "未找到"
    assert TITLE not in stranger.content()
    shot(stranger, "4-other-lead-typed-address", request)

    inspector = signed_in(chromium, server, "inspector.zhao", **DESK)
    inspector.goto(address)
    timeline = inspector.locator("table.timeline").inner_text()
    words = ("登记", "交办", "设定整改时限", "签收", "整改", "销号")
    assert all(word in timeline for word in words)
    # logged, handed out (logging), handed out (the office's form), deadline: before signing
    inspector.locator("#lookback-version").select_option("4")
    inspector.get_by_role("button", name="按记录查看").click()
    inspector.wait_for_url("**version=4")
    assert "第 4 条记录之后的状态" in inspector.content()
    assert "待签收" in inspector.locator("dl.facts").first.inner_text()
    shot(inspector, "5-inspector-before-rectification", request)
    with inspector.expect_download() as waiting:  # 问题档案 as the page shows it
        inspector.get_by_role("link", name="下载问题档案（Word，截至第4条记录）").click()
    assert waiting.value.suggested_filename.endswith("-第4条记录.docx")
    document = Document(waiting.value.path())
    assert "待签收" in [c.text for row in document.tables[0].rows for c in row.cells]
    assert len(document.tables[-1].rows) == 1 + 4  # its header, then the four records
    inspector.get_by_role("link", name="访问记录").click()
    rows = inspector.locator("tbody tr").all_inner_texts()
    assert any("问题状态" in row and "第4条记录之后" in row for row in rows)
    assert any("问题档案" in row for row in rows)
    shot(inspector, "6-inspector-access-log", request)
    for page in (office, lead, stranger, inspector):
        assert page.evaluate("window.pwned") is None
    for page in (office, lead, inspector):  # the stranger's typed address was a 404, rightly
        assert errors_in(page) == []


@EMBEDDED_ONLY
def test_two_browsers_on_one_problem_the_second_is_told_and_nothing_is_overwritten(
    chromium: Any, server: LiveServer, request: pytest.FixtureRequest
) -> None:
    first = signed_in(chromium, server, "office.zhang", **DESK)
    second = signed_in(chromium, server, "office.zhang", **DESK)
    for page in (first, second):
        page.goto("/workbench/lists/problems?unit=transport")
        page.get_by_role("link", name="交通局窗口排长队").click()
    first.locator("#assign-assignee").fill("甲")
    first.get_by_role("button", name="交办", exact=True).click()
    first.wait_for_url("**?done=assign")
    second.locator("#assign-assignee").fill("乙")
    second.get_by_role("button", name="交办", exact=True).click()
    alert = second.locator("#form-assign [role=alert]")
    assert "该问题已被他人修改" in alert.inner_text()
    assert second.locator("#assign-assignee").input_value() == "乙"  # the form kept filled
    assert "甲" in second.locator("dl.facts").first.inner_text()  # the page shows the change
    shot(second, "conflict", request)
    first.reload()
    assert "甲" in first.locator("dl.facts").first.inner_text()


@EMBEDDED_ONLY
def test_a_bad_date_and_an_empty_required_field_are_refused_beside_the_field(
    chromium: Any, server: LiveServer, request: pytest.FixtureRequest
) -> None:
    office = signed_in(chromium, server, "office.zhang", **DESK)
    office.goto("/workbench/lists/problems")
    before = office.locator("tbody tr").count()
    office.goto("/workbench/problems/new")
    office.locator("#new-description").fill("描述")
    office.get_by_role("button", name="登记", exact=True).click()
    assert office.locator("#new-category-error").inner_text() == "请从列表中选择。"  # none guessed
    office.locator("#new-category").select_option("policy")
    office.get_by_role("button", name="登记", exact=True).click()
    assert office.locator("#new-unit-error").inner_text() == "请选择发现问题的单位。"
    office.locator("#new-unit").select_option("civil_affairs")
    office.get_by_role("button", name="登记", exact=True).click()
    assert office.locator("#new-title-error").inner_text() == "必填，不能为空。"
    assert office.locator("#new-title").get_attribute("aria-invalid") == "true"
    assert office.locator("#new-description").input_value() == "描述"
    shot(office, "empty-title", request)
    office.locator("#new-title").fill("标题")
    office.locator("#new-found_on").fill("1999-12-31")
    office.get_by_role("button", name="登记", exact=True).click()
    assert "日期超出本系统支持的年份" in office.locator("#new-found_on-error").inner_text()
    shot(office, "bad-date", request)
    office.goto("/workbench/lists/problems")
    assert office.locator("tbody tr").count() == before


@EMBEDDED_ONLY
def test_a_form_without_its_token_is_refused_and_ten_wrong_passwords_lock(
    chromium: Any, server: LiveServer, request: pytest.FixtureRequest
) -> None:
    office = signed_in(chromium, server, "office.zhang", **DESK)
    office.get_by_role("link", name=re.compile("交通局窗口排长队")).click()
    forged = office.request.post(office.url.split("?")[0] + "/flag", form={"version": "1"})
    assert forged.status == 403 and "页面已过期" in forged.text()
    office.reload()
    assert "挂牌督办</dd>" not in office.content()
    page = chromium.new_context(base_url=server.base_url).new_page()
    page.goto("/signin")
    for _ in range(10):
        page.get_by_label("登录名").fill("transport.wang")
        page.get_by_label("密码").fill("not-the-password")
        page.get_by_role("button", name="登录").click()
    page.get_by_label("登录名").fill("transport.wang")
    page.get_by_label("密码").fill("rectify-demo-2026")
    page.get_by_role("button", name="登录").click()
    assert "账户已锁定" in page.get_by_role("alert").inner_text()
    shot(page, "locked", request)


@EMBEDDED_ONLY
def test_a_title_of_html_and_script_is_text_everywhere_and_no_script_runs(
    chromium: Any, server: LiveServer, request: pytest.FixtureRequest
) -> None:
    lead = signed_in(chromium, server, "civil.li", **DESK)
    assert lead.get_by_text(HOSTILE).count() == 1
    for path in ("/workbench/lists/problems", "/workbench/lists/demands"):
        lead.goto(path)
    lead.goto("/workbench/lists/problems")
    assert lead.get_by_role("link", name=HOSTILE).count() == 1
    lead.get_by_role("link", name=HOSTILE).click()
    assert lead.get_by_role("heading", level=1).inner_text() == HOSTILE
    shot(lead, "hostile-problem", request)
    inspector = signed_in(chromium, server, "inspector.zhao", **DESK)
    inspector.goto(lead.url)
    inspector.locator("#lookback-version").select_option("1")
    inspector.get_by_role("button", name="按记录查看").click()
    assert inspector.get_by_role("heading", level=1).inner_text() == HOSTILE
    for page in (lead, inspector):
        assert page.evaluate("window.pwned") is None
        assert page.locator("img[src=x]").count() == 0
        assert errors_in(page) == []


PAGES = {
    "office.zhang": [
        "/workbench",
        "/workbench/board",
        "/workbench/lists/problems",
        "/workbench/lists/rectifications",
        "/workbench/lists/demands",
        "/workbench/problems/new",
        "/workbench/activities",
        "/workbench/activities/new?kind=sit_in",
        "/workbench/activities/new?kind=inspection&ahead=false",
        "/workbench/activities/plan",
        "/workbench/activities/announcement",
        "/workbench/activities/compliance",
        "/workbench/reports",
        "/workbench/reports/quarterly?quarter=2026Q3",
        "/workbench/reports/bulletin?period=2026-11",
        "/workbench/reports/verify",
        "/workbench/access-log",
        "/workbench/inbox",
        "/workbench/deliveries",
        "/workbench/submissions",
        "/workbench/calendar",
        "/password",
    ],
    "civil.li": [
        "/workbench",
        "/workbench/activities/new?kind=walk_through&ahead=false",
        "/workbench/inbox",
        "/workbench/submissions",
    ],
    "inspector.zhao": ["/workbench/access-log"],
    "admin.chen": ["/workbench/admin/people", "/workbench/admin/units"],
}


@EMBEDDED_ONLY
def test_every_page_passes_the_accessibility_scan(chromium: Any, server: LiveServer) -> None:
    found: dict[str, list[str]] = {}
    signin = chromium.new_context(base_url=server.base_url, bypass_csp=True).new_page()
    signin.goto("/signin")
    found["/signin"] = axe_violations(signin)
    for login, paths in PAGES.items():
        page = signed_in(chromium, server, login, bypass_csp=True, **DESK)
        if login == "office.zhang":  # a problem page with its forms, and an activity's
            page.get_by_role("link", name="交通局窗口排长队").click()
            found[page.url] = axe_violations(page)
            page.goto("/workbench/activities?month=2026-11")
            page.get_by_role("link", name="坐诊问效：区民政局，王副局长").click()
            found[page.url] = axe_violations(page)
        for path in paths:
            response = page.goto(path)
            assert response.status == 200, (login, path)
            found[path] = axe_violations(page)
    assert {path: v for path, v in found.items() if v} == {}


def hand_the_transport_problem_out(office: Any) -> str:
    """The office opens 区交通局's problem from the lists and hands it to that unit."""
    office.goto("/workbench/lists/problems?unit=transport")
    office.get_by_role("link", name="交通局窗口排长队").click()
    address = str(office.url)
    office.locator("#assign-unit").select_option("transport")
    office.get_by_role("button", name="交办", exact=True).click()
    office.wait_for_url("**?done=assign")
    return address


@EMBEDDED_ONLY
def test_an_extension_request_is_approved_with_fewer_days(
    chromium: Any, server: LiveServer, request: pytest.FixtureRequest
) -> None:
    office = signed_in(chromium, server, "office.zhang", **DESK)
    address = hand_the_transport_problem_out(office)
    office.locator("#deadline-by").select_option("date")
    office.locator("#deadline-due_on").fill("2026-12-15")
    office.get_by_role("button", name="保存时限").click()
    office.wait_for_url("**?done=deadline")
    lead = signed_in(chromium, server, "transport.wang", **PHONE)
    lead.goto(address)
    lead.locator("#extension-working_days").fill("10")
    lead.locator("#extension-reason").fill("需等待省级系统升级")
    lead.get_by_role("button", name="提交延期申请").click()
    lead.wait_for_url("**?done=extension")
    assert "待营商办审批" in lead.content()
    shot(lead, "extension-asked-phone", request)
    office.goto("/workbench")
    office.get_by_role("link", name=re.compile("交通局窗口排长队")).click()
    office.locator("#decision-decision").select_option("approve")  # nothing preselected
    office.locator("#decision-working_days").fill("3")
    office.locator("#decision-reason").fill("先延三个工作日，届时再议")
    office.get_by_role("button", name="提交审批").click()
    office.wait_for_url("**?done=decision")
    facts = office.locator("dl.facts").first.inner_text()
    assert re.search(r"整改时限\s+2026-12-18", facts)  # 3 working days after Tuesday the 15th
    assert "同意3个工作日" in office.content()
    shot(office, "extension-granted", request)
    assert errors_in(office) == [] and errors_in(lead) == []


@EMBEDDED_ONLY
def test_a_co_units_part_comes_before_the_fix(
    chromium: Any, server: LiveServer, request: pytest.FixtureRequest
) -> None:
    office = signed_in(chromium, server, "office.zhang", **DESK)
    address = hand_the_transport_problem_out(office)
    office.locator("#co-civil_affairs").check()
    office.get_by_role("button", name="保存协办单位").click()
    office.wait_for_url("**?done=co-units")
    holder = signed_in(chromium, server, "transport.wang", **DESK)
    holder.goto(address)
    holder.locator("#rectify-measures").fill("增设自助取号机")
    holder.locator("#rectify-result").fill("排队时间缩短")
    holder.get_by_role("button", name="报告整改").click()
    assert "协办单位尚未全部填报协办工作" in holder.locator("#form-rectify").inner_text()
    shot(holder, "co-unit-missing", request)
    helper = signed_in(chromium, server, "civil.li", **PHONE)
    helper.get_by_role("link", name=re.compile("交通局窗口排长队")).click()
    helper.locator("#co-part-text").fill("协调民政窗口分流办理低保业务")
    helper.get_by_role("button", name="提交", exact=True).click()
    helper.wait_for_url("**?done=co-part")
    shot(helper, "co-unit-part-phone", request)
    holder.goto(address)
    holder.locator("#rectify-measures").fill("增设自助取号机")
    holder.locator("#rectify-result").fill("排队时间缩短")
    holder.get_by_role("button", name="报告整改").click()
    holder.wait_for_url("**?done=rectify")
    assert "协调民政窗口分流办理低保业务" in holder.content()
    assert errors_in(office) == [] and errors_in(helper) == []  # the holder's 409 was meant


@EMBEDDED_ONLY
def test_a_unit_sends_a_problem_back_and_the_office_hands_it_on(
    chromium: Any, server: LiveServer, request: pytest.FixtureRequest
) -> None:
    office = signed_in(chromium, server, "office.zhang", **DESK)
    log_from_the_sit_in(office, "窗口设置不合理")
    address = office.url.split("?")[0]
    lead = signed_in(chromium, server, "civil.li", **PHONE)
    lead.goto(address)
    assert "待签收" in lead.locator("dl.facts").first.inner_text()
    lead.get_by_role("button", name="退回营商办").click()  # no reason: told beside the field
    assert lead.locator("#send-back-reason").get_attribute("aria-invalid") == "true"
    lead.locator("#send-back-reason").fill("窗口布局由政务服务中心负责，不属于本局职责")
    lead.get_by_role("button", name="退回营商办").click()
    lead.wait_for_url("**?done=send-back")
    assert "已登记" in lead.locator("dl.facts").first.inner_text()
    shot(lead, "sent-back-phone", request)
    office.goto("/workbench")
    row = office.get_by_role("row", name=re.compile("窗口设置不合理"))
    assert "交办" in row.inner_text()
    row.get_by_role("link").click()
    assert "退回" in office.locator("table.timeline").inner_text()
    assert "不属于本局职责" in office.content()  # the reason, under 退回记录
    office.locator("#assign-unit").select_option("transport")
    office.get_by_role("button", name="交办", exact=True).click()
    office.wait_for_url("**?done=assign")
    hall = signed_in(chromium, server, "transport.wang", **DESK)
    hall_row = hall.get_by_role("row", name=re.compile("窗口设置不合理"))
    assert "签收或退回" in hall_row.inner_text()
    hall_row.get_by_role("link").click()
    hall.get_by_role("button", name="签收", exact=True).click()
    hall.wait_for_url("**?done=sign")
    assert "整改中" in hall.locator("dl.facts").first.inner_text()
    shot(hall, "signed-by-the-next-unit", request)
    assert errors_in(office) == [] and errors_in(hall) == []


@EMBEDDED_ONLY
def test_the_unit_plans_its_fix_and_the_office_rejects_it_as_incomplete(
    chromium: Any, server: LiveServer, request: pytest.FixtureRequest
) -> None:
    office = signed_in(chromium, server, "office.zhang", **DESK)
    log_from_the_sit_in(office, "低保材料清单未公示")
    address = office.url.split("?")[0]
    lead = signed_in(chromium, server, "civil.li", **PHONE)
    lead.goto(address)
    lead.locator("#plan-measures").fill("在窗口和网站公示低保材料清单")
    lead.locator("#plan-person").fill("李华")
    lead.get_by_role("button", name="提交整改方案").click()
    lead.wait_for_url("**?done=plan")
    facts = lead.locator("dl.facts").first.inner_text()
    assert "整改中" in facts and "李华" in facts and re.search(r"整改时限\s+\d{4}-", facts)
    shot(lead, "plan-recorded-phone", request)
    office.goto("/workbench/lists/rectifications")
    assert "方案：在窗口和网站公示低保材料清单" in office.locator("tbody").inner_text()
    lead.goto(address)
    lead.locator("#rectify-measures").fill("窗口已张贴清单")
    lead.locator("#rectify-result").fill("已公示")
    lead.get_by_role("button", name="报告整改").click()
    lead.wait_for_url("**?done=rectify")
    office.goto(address)
    office.locator("#reject-reason").fill("网站尚未公示")
    office.get_by_role("button", name="退回重新整改").click()
    office.wait_for_url("**?done=reject")
    timeline = office.locator("table.timeline").inner_text()
    assert "验收不通过" in timeline and "网站尚未公示" in office.content()
    shot(office, "fix-rejected", request)
    lead.goto(address)
    assert "整改中" in lead.locator("dl.facts").first.inner_text()
    assert lead.locator("#form-rectify").count() == 1  # to fix again, on a fresh deadline
    assert errors_in(office) == [] and errors_in(lead) == []


@EMBEDDED_ONLY
def test_a_unit_lead_reports_a_fix_with_a_photo_from_a_phone(
    chromium: Any, server: LiveServer, request: pytest.FixtureRequest, tmp_path: Any
) -> None:
    office = signed_in(chromium, server, "office.zhang", **DESK)
    log_from_the_sit_in(office, "导办台指示牌缺失")
    address = office.url.split("?")[0]
    photo = tmp_path / "指示牌.png"
    photo.write_bytes(ONE_PIXEL_PNG)
    lead = signed_in(chromium, server, "civil.li", **PHONE)
    lead.goto(address)
    lead.locator("#rectify-measures").fill("补设导办台指示牌")
    lead.locator("#rectify-result").fill("已设置")
    lead.locator("#rectify-files").set_input_files(str(photo))
    lead.get_by_role("button", name="报告整改").click()
    lead.wait_for_url("**?done=rectify")
    thumb = lead.get_by_role("img", name="指示牌.png")
    assert thumb.count() == 1  # loaded and decoded (a busy machine may still be fetching it)
    assert thumb.evaluate("img => img.decode().then(() => img.naturalWidth)") == 1
    shot(lead, "fix-with-photo-phone", request)
    assert errors_in(lead) == []
