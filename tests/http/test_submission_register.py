"""The submission register (报送登记) through the API on both stores: a unit hands in its sealed
scan (the quarter's files generated beside it, the same bytes as the reports), replaces it until
the office decides, is returned with a reason and hands in again; on time or late by the
district's due day; the register as of an instant; nobody sees another unit's row or files."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook

from domain.actor import Actor, Role
from domain.periods import parse_period
from tests.conftest import Api
from tests.http.test_evidence_files import PDF, png, upload
from tests.http.test_supervision_workflow import at


def scan(api: Api, who: str = "lead", content: bytes = PDF) -> list[dict[str, str]]:
    uploaded = upload(api, who, "盖章扫描件.pdf", content).json()
    return [{"sha256": uploaded["sha256"], "name": uploaded["name"]}]


def hand_in(api: Api, who: str = "lead", unit: str = "civil_affairs", **extra: Any) -> Any:
    body = {"unit": unit, "quarter": "2026Q3", "files": scan(api, who)} | extra
    return api.post(who, "/submissions", body)


def row(api: Api, who: str, unit: str, **params: object) -> dict[str, Any]:
    rows = api.get(who, "/submissions", quarter="2026Q3", **params).json()["items"]
    found: dict[str, Any] = next(r for r in rows if r["unit"] == unit)
    return found


def test_handed_in_on_time_with_its_files_then_accepted(api: Api) -> None:
    at(api, "2026-10-09 10:00")
    answer = hand_in(api)
    assert answer.status_code == 201, answer.text
    filed = answer.json()
    assert (filed["status"], filed["on_time"], filed["due_on"]) == ("submitted", True, "2026-10-10")
    filing = filed["filings"][0]
    assert filing["filed_by"]["name"] == "lead" and filing["scans"][0]["name"] == "盖章扫描件.pdf"
    xlsx = next(f for f in filing["generated"] if f["name"].endswith(".xlsx"))
    stored = api.get("lead", xlsx["href"]).content
    report = api.get("lead", "/reports/quarterly.xlsx", quarter="2026Q3", unit="civil_affairs")
    assert stored == report.content  # the very bytes the report gives
    assert load_workbook(io.BytesIO(stored)).sheetnames[0]
    scan_file = api.get("lead", filing["scans"][0]["href"])
    assert scan_file.content == PDF and scan_file.headers["content-type"] == "application/pdf"
    at(api, "2026-10-12 09:00")
    accepted = api.post("office", "/submissions/2026Q3/civil_affairs/decision", {"accepted": True})
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "accepted" and accepted.json()["on_time"] is True
    again = hand_in(api)
    assert again.status_code == 409  # accepted: no replacing
    assert row(api, "office", "transport")["status"] == "missing"


def test_returned_with_a_reason_and_handed_in_again_late(api: Api) -> None:
    at(api, "2026-10-09 10:00")
    assert hand_in(api).status_code == 201
    replaced = hand_in(api)  # before a decision: a replacement
    assert replaced.status_code == 201 and len(replaced.json()["filings"]) == 2
    refused = api.post("office", "/submissions/2026Q3/civil_affairs/decision", {"accepted": False})
    assert refused.status_code == 422 and "reason" in refused.text
    at(api, "2026-10-10 15:00")
    returned = api.post(
        "office",
        "/submissions/2026Q3/civil_affairs/decision",
        {"accepted": False, "reason": "缺少盖章页"},
    )
    assert (
        returned.json()["status"] == "returned" and returned.json()["return_reason"] == "缺少盖章页"
    )
    at(api, "2026-10-13 09:00")
    late = hand_in(api).json()
    assert (late["status"], late["on_time"]) == ("submitted", False)
    then = row(api, "inspector", "civil_affairs", as_of="2026-10-10T23:59:59+08:00")
    assert (then["status"], then["on_time"], len(then["filings"])) == ("returned", True, 2)
    quarter = parse_period("2026Q3")
    assert "civil_affairs" in api.services.register.submitted_units(quarter)


def test_nobody_sees_another_units_row_or_files_and_bad_filings_are_refused(api: Api) -> None:
    at(api, "2026-10-09 10:00")
    filed = hand_in(api).json()
    href = filed["filings"][0]["scans"][0]["href"]
    mine = api.get("other_lead", "/submissions", quarter="2026Q3").json()["items"]
    assert [r["unit"] for r in mine] == ["transport"]
    assert api.get("other_lead", href).status_code == 404
    assert api.get("inspector", href).status_code == 200
    assert hand_in(api, "other_lead").status_code == 403  # civil_affairs is not theirs
    assert hand_in(api, "office", unit="gov_service_office").status_code == 422
    running = api.post(
        "lead",
        "/submissions",
        {"unit": "civil_affairs", "quarter": "2026Q4"} | {"files": scan(api)},
    )
    assert running.status_code == 409 and "not ended" in running.text
    unknown = [{"sha256": "0" * 64, "name": "x.pdf"}]
    nothing = api.post(
        "lead", "/submissions", {"unit": "civil_affairs", "quarter": "2026Q3", "files": unknown}
    )
    assert nothing.status_code == 422
    assert api.get("office", "/submissions", quarter="2026Q9").status_code == 422
    assert (
        api.get("office", "/submissions", quarter="2026Q3", as_of="2026-10-10T10:00").status_code
        == 422
    )
    photo = upload(api, "lead", "扫描.png", png()).json()
    assert photo["content_type"] == "image/png"


def test_late_units_are_named_in_the_bulletin_once_the_register_is_in_use(api: Api) -> None:
    at(api, "2026-10-12 09:00")
    before = api.get("office", "/reports/bulletin", period="2026-10").json()
    assert before["late_submissions"] == {}  # nobody has handed anything in: not judged
    at(api, "2026-10-09 10:00")
    assert hand_in(api).status_code == 201  # civil affairs, on time
    at(api, "2026-11-02 09:00")
    bulletin = api.get("office", "/reports/bulletin", period="2026-10").json()
    late = bulletin["late_submissions"]["2026Q3"]
    assert "transport" in late and "civil_affairs" not in late
    mine = api.get("other_lead", "/reports/bulletin", period="2026-10").json()
    assert mine["late_submissions"] == {"2026Q3": ["transport"]}
    docx = api.get("office", "/reports/bulletin.docx", period="2026-10").content
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    assert "季度报送逾期或未报送的单位" in text and "区交通局" in text


def test_hostile_reasons_quarters_and_keys_are_refused_or_kept_as_text(api: Api) -> None:
    at(api, "2026-10-09 10:00")
    assert hand_in(api).status_code == 201
    path = "/submissions/2026Q3/civil_affairs/decision"
    control = api.post("office", path, {"accepted": False, "reason": "缺页\x00\x1b[31m"})
    assert control.status_code == 422 and "reason" in control.text
    formula = '=HYPERLINK("http://x","点我")'
    returned = api.post("office", path, {"accepted": False, "reason": formula})
    assert returned.status_code == 200 and returned.json()["return_reason"] == formula
    for quarter in ("2026Q3\x00", "2026Q5", "1899Q1", "9999Q4", "2026Q3' OR 1=1"):
        answer = api.get("office", "/submissions", quarter=quarter)
        assert answer.status_code == 422, quarter
    assert (
        api.get("office", "/submissions/2026Q9/civil_affairs/files/" + "0" * 64).status_code == 422
    )
    marked = api.post("lead", "/notifications/read", {"keys": ["\x00", "' OR 1=1 --", "x" * 5000]})
    assert marked.status_code == 200 and marked.json()["marked"] == 0
    office = api.services.inbox
    clerk = Actor("office", Role.OFFICE)
    assert office.retry(clerk, "\x00", "email", "li") is False
    assert office.retry(clerk, "handed_out:x:2", "email", "li\x00") is False
