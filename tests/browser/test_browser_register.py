"""The submission register in a real browser: a unit lead hands in the sealed scan from a
phone-sized window on 9 October, the office accepts it, and the register shows it on time.
The service runs as a rehearsal copy whose clock starts on that morning (RECTIFY_CLOCK_START)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from demo.people import demo_people
from demo.units import load_demo_units
from infrastructure.services import build_services
from tests.browser.support import DESK, PHONE, axe_violations, chromium, shot, signed_in
from tests.conftest import ADMIN, EMBEDDED_ONLY, make_settings
from tests.http.test_evidence_files import PDF
from tests.live_server import LiveServer

__all__ = ["chromium"]
pytestmark = pytest.mark.browser


@pytest.fixture
def rehearsal(database_url: str) -> Iterator[LiveServer]:
    services = build_services(make_settings(database_url))
    load_demo_units(services.units, ADMIN)
    demo_people(services.people, ADMIN)
    services.close()
    live = LiveServer(database_url, clock_start="2026-10-09T09:00:00+08:00")
    live.wait_ready(60)
    yield live
    live.stop()


@EMBEDDED_ONLY
def test_a_lead_hands_in_the_sealed_scan_from_a_phone_and_the_office_accepts_it(
    chromium: Any, rehearsal: LiveServer, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    scan = tmp_path / "2026Q3盖章扫描件.pdf"
    scan.write_bytes(PDF)
    lead = signed_in(chromium, rehearsal, "civil.li", **PHONE)
    lead.get_by_role("link", name="报送登记").click()
    lead.wait_for_url("**/workbench/submissions")
    assert "报送登记 2026Q3" in lead.locator("h1").inner_text()
    assert "2026-10-10" in lead.locator("p.hint").inner_text()
    lead.get_by_label("盖章扫描件（照片或 PDF）").set_input_files(str(scan))
    lead.get_by_role("button", name="报送").click()
    lead.wait_for_url("**/workbench/submissions?quarter=2026Q3")
    row = lead.locator("#unit-civil_affairs")
    assert "已报送，待接收" in row.inner_text() and "按时" in row.inner_text()
    assert row.get_by_role("link", name="2026Q3盖章扫描件.pdf").count() == 1
    shot(lead, "register-handed-in-phone", request)

    office = signed_in(chromium, rehearsal, "office.zhang", bypass_csp=True, **DESK)
    office.goto("/workbench/submissions?quarter=2026Q3")
    office.get_by_role("button", name="接收 区民政局").click()
    office.wait_for_url("**/workbench/submissions?quarter=2026Q3")
    row = office.locator("#unit-civil_affairs")
    assert "已接收" in row.inner_text() and "按时" in row.inner_text()
    assert "未报送" in office.locator("#unit-transport").inner_text()
    xlsx = row.locator("a", has_text=".xlsx")
    assert xlsx.count() == 1
    assert axe_violations(office) == []
    shot(office, "register-accepted", request)
