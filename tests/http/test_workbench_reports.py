"""报告 in the workbench over the real app on both stores: the ended quarter's submission viewed
and downloaded (the unit's own for a lead), bulletins, and the ledger check with its anchor."""

from __future__ import annotations

import io
from datetime import datetime

from docx import Document
from openpyxl import load_workbook

from application.ports import CHINA
from domain.actor import Role
from tests.conftest import NEW_PROBLEM, TODAY_NOON, Api
from tests.workbench import browser, sign_in, signed_in_as


def test_the_office_views_and_downloads_an_ended_quarters_submission(people: Api) -> None:
    clock = people.services.clock
    clock.move_to(datetime(2026, 8, 5, 10, tzinfo=CHINA))  # type: ignore[attr-defined]
    made = people.post(
        "office", "/problems", NEW_PROBLEM | {"found_on": "2026-08-03", "title": "=SUM(A1)"}
    )
    assert made.status_code == 201
    clock.move_to(TODAY_NOON)  # type: ignore[attr-defined]
    office = signed_in_as(people, "zhou", Role.OFFICE)
    listing = office.get("/workbench/reports").text
    assert "2026Q3" in listing and "2026Q4" not in listing.split("通报与讲评")[0]
    view = office.get("/workbench/reports/quarterly", params={"quarter": "2026Q3"})
    assert view.status_code == 200 and "全区2026年第三季度" in view.text and "=SUM(A1)" in view.text
    xlsx = office.get("/workbench/reports/quarterly.xlsx", params={"quarter": "2026Q3"})
    assert xlsx.status_code == 200 and xlsx.headers["x-row-count"] == "1"
    book = load_workbook(io.BytesIO(xlsx.content))
    formulas = [
        c for s in book.worksheets for row in s.iter_rows() for c in row if c.data_type == "f"
    ]
    assert formulas == []
    docx = office.get(
        "/workbench/reports/quarterly.docx", params={"quarter": "2026Q3", "unit": "civil_affairs"}
    )
    assert docx.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "区民政局" in text
    running = office.get("/workbench/reports/quarterly", params={"quarter": "2026Q4"})
    assert running.status_code == 422 and "只能报送已结束的季度" in running.text


def test_a_unit_lead_gets_its_own_units_submission_only(people: Api) -> None:
    lead = browser(people)
    sign_in(lead, "li")
    listing = lead.get("/workbench/reports").text
    assert "quarter=2026Q3&amp;unit=civil_affairs" in listing and "全区" not in listing
    assert lead.get("/workbench/reports/quarterly", params={"quarter": "2026Q3"}).status_code == 403
    theirs = {"quarter": "2026Q3", "unit": "transport"}
    assert lead.get("/workbench/reports/quarterly.xlsx", params=theirs).status_code == 403
    mine = lead.get(
        "/workbench/reports/quarterly", params={"quarter": "2026Q3", "unit": "civil_affairs"}
    )
    assert mine.status_code == 200
    bulletin = lead.get("/workbench/reports/bulletin", params={"period": "2026-11"})
    assert (
        bulletin.status_code == 200
        and "区民政局" in bulletin.text
        and "区交通局" not in bulletin.text
    )
    assert lead.get("/workbench/reports/verify").status_code == 403


def test_a_report_address_without_its_period_leads_to_the_reports_page(people: Api) -> None:
    office = signed_in_as(people, "zhou", Role.OFFICE)
    for path in (
        "/workbench/reports/bulletin",
        "/workbench/reports/bulletin.docx",
        "/workbench/reports/quarterly",
        "/workbench/reports/quarterly.xlsx",
    ):
        answer = office.get(path)
        assert (answer.status_code, answer.headers["location"]) == (303, "/workbench/reports")
    bad = office.get("/workbench/reports/quarterly", params={"quarter": "2026Q9"})
    assert bad.status_code == 422 and "季度应如 2026Q3" in bad.text


def test_the_ledger_check_passes_and_refuses_a_wrong_anchor(people: Api) -> None:
    people.post("office", "/problems", NEW_PROBLEM)
    inspector = signed_in_as(people, "zhao", Role.INSPECTOR)
    checked = inspector.get("/workbench/reports/verify")
    assert checked.status_code == 200 and "台账完整" in checked.text
    wrong = inspector.get("/workbench/reports/verify", params={"anchor": "1:" + "0" * 64})
    assert wrong.status_code == 200 and "台账校验未通过" in wrong.text
    garbled = inspector.get("/workbench/reports/verify", params={"anchor": "nonsense"})
    assert garbled.status_code == 422 and "锚点格式" in garbled.text
    docx = inspector.get("/workbench/reports/bulletin.docx", params={"period": "2026Q4"})
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    log = people.get("office", "/access-log", reader="zhao").json()["items"]
    assert {"audit", "export"} <= {e["kind"] for e in log}
