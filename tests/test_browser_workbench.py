"""Browser stories of the workbench so far (sign-in and the worklist), in Debian's Chromium driven
by Playwright, against the real server on SQLite and on PostgreSQL. Screenshots of each page go to
tests/artifacts/ (kept out of git) to be looked at."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from application.context import CommandContext
from demo.people import DEMO_PASSWORD, demo_people
from demo.units import load_demo_units
from domain.actor import Actor, Role
from domain.codes import Category, Source
from domain.problem_values import NewProblem
from infrastructure.services import build_services
from tests.conftest import ADMIN, ROOT_DIR, TODAY_NOON, make_settings
from tests.live_server import LiveServer

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT_DIR / "tests" / "artifacts"
HOSTILE = '<script>window.pwned=1</script>"><img src=x onerror="window.pwned=2">'
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    path = subprocess.run(
        [str(ROOT_DIR / "scripts" / "ensure_chromium.sh")], capture_output=True, text=True
    ).stdout.strip()
    if not path:
        pytest.skip("Chromium is not installed")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def server(database_url: str) -> Iterator[LiveServer]:
    """The real service, with the demo units, the demo people and two problems."""
    from infrastructure.clock import SteppingClock

    services = build_services(make_settings(database_url), SteppingClock(TODAY_NOON))
    load_demo_units(services.units, ADMIN)
    demo_people(services.people, ADMIN)
    office = CommandContext(Actor("office.zhang", Role.OFFICE))
    for unit, title in (("civil_affairs", HOSTILE), ("transport", "交通局窗口排长队")):
        new = NewProblem(
            Source.SIT_IN, Category.POLICY, unit, title, "描述", TODAY_NOON.date(), "领导"
        )
        services.problems.log_problem(office, new)
    services.close()
    live = LiveServer(database_url)
    live.wait_ready(60)
    yield live
    live.stop()


def signed_in(chromium: Any, server: LiveServer, login: str, **context: Any) -> Any:
    page = chromium.new_context(base_url=server.base_url, **context).new_page()
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto("/")
    page.get_by_label("登录名").fill(login)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/workbench")
    page.console_messages = messages
    return page


def shot(page: Any, name: str, request: pytest.FixtureRequest) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{request.node.callspec.id}-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


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


def test_the_office_sees_what_waits_on_it_and_signs_out(
    chromium: Any, server: LiveServer, request: pytest.FixtureRequest
) -> None:
    page = signed_in(chromium, server, "office.zhang", viewport={"width": 1366, "height": 768})
    rows = page.locator("tbody tr")
    assert rows.count() == 2
    assert page.get_by_text("交办").count() == 2
    shot(page, "office-worklist", request)
    page.get_by_role("link", name="红黄绿").click()
    page.wait_for_url("**/workbench/board")
    assert page.get_by_role("row", name="区交通局").count() == 1
    shot(page, "office-board", request)
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/signin")
    page.goto("/workbench")
    assert page.url.endswith("/signin")


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
