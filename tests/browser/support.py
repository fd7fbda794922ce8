"""The browser tests' fixtures: Debian's Chromium driven by Playwright, the real service with the
demo people, a hostile problem title and a recorded sit-in, signing in, screenshots for people to
look at (tests/artifacts/, kept out of git) and the accessibility scan (axe-core, vendored)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import time
from pathlib import Path
from typing import Any

import pytest

from application.context import CommandContext
from demo.people import DEMO_PASSWORD, demo_people
from demo.units import load_demo_units
from domain.activity_codes import ActivityKind, LeaderRole, ServiceKind, SitInLength
from domain.activity_records import Filing, SitInDetails
from domain.actor import Actor, Role
from domain.codes import Category, Source
from domain.problem_values import NewProblem
from infrastructure.clock import SteppingClock
from infrastructure.services import build_services
from tests.conftest import ADMIN, ROOT_DIR, TODAY_NOON, make_settings
from tests.live_server import LiveServer

ARTIFACTS = ROOT_DIR / "tests" / "artifacts"
AXE = ROOT_DIR / "tests" / "vendor" / "axe-4.10.2.min.js"
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
DESK = {"viewport": {"width": 1366, "height": 768}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


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
    """The real service, with the demo units and people, two problems (one waiting for civil
    affairs to sign for it, one transport sent back to the office) and a recorded sit-in."""
    services = build_services(make_settings(database_url), SteppingClock(TODAY_NOON))
    load_demo_units(services.units, ADMIN)
    demo_people(services.people, ADMIN)
    office = CommandContext(Actor("office.zhang", Role.OFFICE))
    for unit, title in (("civil_affairs", HOSTILE), ("transport", "交通局窗口排长队")):
        new = NewProblem(
            Source.SIT_IN, Category.POLICY, unit, title, "描述", TODAY_NOON.date(), "领导"
        )
        logged = services.problems.log_problem(office, new).problem
    transport = CommandContext(Actor("transport.wang", Role.UNIT_LEAD, "transport"))
    services.problems.send_back(transport, logged.id, "窗口排队属大厅管理，不属于本局职责")
    filing = Filing(
        ActivityKind.SIT_IN, "civil_affairs", TODAY_NOON.date(), "王副局长", LeaderRole.DEPUTY
    )
    sat = SitInDetails(SitInLength.HALF_DAY, time(9), time(12), {ServiceKind.GUIDED: 4}, "低保审批")
    services.activities.record(office, filing, sat)
    services.close()
    live = LiveServer(database_url)
    live.wait_ready(60)
    yield live
    live.stop()


def signed_in(chromium: Any, server: LiveServer, login: str, **context: Any) -> Any:
    """A page of a fresh browser context, signed in as `login`; its console kept."""
    page = chromium.new_context(base_url=server.base_url, **context).new_page()
    messages: list[str] = []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: messages.append(f"pageerror: {error}"))
    page.goto("/")
    page.get_by_label("登录名").fill(login)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/workbench")
    page.console_messages = messages
    return page


def errors_in(page: Any) -> list[str]:
    """What the page's console said of errors (a signed-in page keeps its console)."""
    return [m for m in page.console_messages if m.startswith(("error", "pageerror"))]


def shot(page: Any, name: str, request: pytest.FixtureRequest) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{request.node.callspec.id}-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page: Any) -> list[str]:
    """WCAG 2 A and AA violations on the page as it stands (axe-core, injected from the repo;
    the scanning context bypasses the page's CSP, which rightly refuses injected scripts)."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']})).violations"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
    )
    return list(found)
