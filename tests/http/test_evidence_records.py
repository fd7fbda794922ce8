"""Files on every record that takes them, on both stores: a photo when a problem is logged, a
letter with an extension request, a call record with a 回访, the scanned 工作记录表 of a sit-in;
each served to those who may read its record only, checked by `audit verify`, and uploaded
from the workbench's forms."""

from __future__ import annotations

import hashlib
from typing import Any

from tests.conftest import NEW_PROBLEM, Api
from tests.http.test_activities import record, sit_in
from tests.http.test_evidence_files import PDF, png, upload
from tests.http.test_workbench_problem_forms import hidden
from tests.workbench import browser, form_token, sign_in


def named(api: Api, who: str, name: str, content: bytes) -> list[dict[str, str]]:
    answer = upload(api, who, name, content).json()
    return [{"sha256": answer["sha256"], "name": answer["name"]}]


def ok(response: Any) -> dict[str, Any]:
    assert response.status_code in (200, 201), response.text
    body: dict[str, Any] = response.json()
    return body


def test_files_on_logging_extension_follow_up_and_record_sheet(api: Api) -> None:
    photo = named(api, "office", "现场.png", png())
    logged = ok(api.post("office", "/problems", NEW_PROBLEM | {"files": photo}))
    pid = logged["id"]
    assert [f["name"] for f in logged["files"]] == ["现场.png"]
    assert api.get("lead", logged["files"][0]["href"]).content == png()
    assert api.get("other_lead", logged["files"][0]["href"]).status_code == 404
    ok(api.post("lead", f"/problems/{pid}/plan", {"measures": "m", "person": "李华"}))
    letter = named(api, "lead", "供应商函.pdf", PDF)
    asked = ok(
        api.post(
            "lead",
            f"/problems/{pid}/extensions",
            {"working_days": 3, "reason": "设备未到", "files": letter},
        )
    )
    request = ok(api.get("office", f"/problems/{pid}"))["extension_requests"][0]
    assert asked and request["files"][0]["name"] == "供应商函.pdf"
    assert api.get("office", request["files"][0]["href"]).content == PDF

    review = ok(
        api.post("office", "/problems", NEW_PROBLEM | {"source": "review", "category": "cold"})
    )
    call = named(api, "office", "回访录音记录.pdf", PDF + b"call")
    followed = ok(
        api.post(
            "office",
            f"/problems/{review['id']}/follow-up",
            {"reached": True, "satisfied": True, "files": call},
        )
    )
    shown = followed["workflow"]["follow_ups"][0]["files"][0]
    assert api.get("inspector", shown["href"]).content == PDF + b"call"

    held = record(api, "lead", sit_in())
    sheet = named(api, "lead", "工作记录表.pdf", PDF + b"sheet")
    sheeted = ok(api.post("lead", f"/activities/{held['id']}/record-sheet", {"files": sheet}))
    href = sheeted["record_sheet_files"][0]["href"]
    assert api.get("office", href).content == PDF + b"sheet"
    assert api.get("other_lead", href).status_code == 404
    unknown = [{"sha256": "1" * 64, "name": "x.pdf"}]
    refused = api.post("lead", f"/activities/{held['id']}/record-sheet", {"files": unknown})
    assert refused.status_code in (409, 422)

    assert api.services.audit.verify().ok
    api.services.sql.execute("DELETE FROM rectify_files WHERE sha256 = %s", (sheet[0]["sha256"],))
    verdict = api.services.audit.verify()
    assert not verdict.ok and "missing" in verdict.reason


def test_photos_go_with_a_new_problem_and_a_record_sheet_in_the_workbench(people: Api) -> None:
    office = browser(people)
    sign_in(office, "li")
    token = form_token(office, "/workbench/problems/new")
    page = office.get("/workbench/problems/new").text
    assert 'enctype="multipart/form-data"' in page and 'id="new-files"' in page
    fields = {
        "form_token": token,
        "command_id": hidden(page, "new").get("command_id", ""),
        "source": "sit_in",
        "category": "policy",
        "unit": "civil_affairs",
        "title": "取号机故障",
        "description": "二号取号机无法出票",
        "found_on": "2026-11-20",
        "found_by": "李华",
    }
    done = office.post(
        "/workbench/problems/new", data=fields, files=[("files", ("故障.png", png()))]
    )
    assert done.status_code == 303, done.text
    shown = office.get(done.headers["location"]).text
    sha = hashlib.sha256(png()).hexdigest()
    assert f"/files/{sha}?thumb=true" in shown and "故障.png" in shown
