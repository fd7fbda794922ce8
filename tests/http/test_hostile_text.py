"""Hostile text: every control character in every text field is refused (422 naming the field)
or stored safely; the lists keep up; every export opens and holds no formula."""

from __future__ import annotations

import time
import unicodedata
from datetime import date, datetime
from typing import Any
from uuid import uuid4

import pytest

from application.ports import CHINA
from domain.actor import Actor, Role
from domain.codes import Category, Source
from domain.problem import Problem
from projections.problem_lists import ProblemListsProjection
from tests.conftest import NEW_PROBLEM, TODAY_NOON, Api
from tests.hostile import (
    ALLOWED,
    CONTROLS,
    FORMULAS,
    assert_csv_is_inert,
    assert_docx_opens,
    assert_workbook_is_inert,
)
from tests.http.test_evidence_files import png

TEXT_FIELDS = ["title", "description", "found_by", "demand", "location"]
LISTS = ["problems", "rectifications", "demands"]


def caught_up(api: Api, position: int) -> None:
    for name in LISTS:
        answer = api.get("office", f"/lists/{name}", min_position=position, limit=500)
        assert answer.status_code == 200, answer.text


def assert_exports_are_inert(api: Api) -> None:
    for name in LISTS:
        assert_csv_is_inert(api.get("office", f"/lists/{name}", format="csv").content)
        assert_workbook_is_inert(api.get("office", f"/lists/{name}", format="xlsx").content)


def test_all_65_control_characters_in_every_text_field_are_refused_or_stored_safely(
    api: Api,
) -> None:
    assert len(CONTROLS) == 65
    for field in TEXT_FIELDS:
        for char in CONTROLS:
            body = NEW_PROBLEM | {field: f"窗口{char}材料"}
            answer = api.post("office", "/problems", body)
            if char in ALLOWED:
                assert answer.status_code == 201, (field, hex(ord(char)), answer.text)
                assert answer.json()[field] == f"窗口{char}材料"
            else:
                assert answer.status_code == 422, (field, hex(ord(char)), answer.text)
                assert [e["field"] for e in answer.json()["errors"]] == [field]
                assert f"U+{ord(char):04X}" in answer.text
    caught_up(api, api.services.ledger.head_position())
    assert_exports_are_inert(api)


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("assign", {"unit": "civil_affairs", "assignee": "张\x00三"}, "assignee"),
        ("rectify", {"measures": "m\x85m", "result": "r"}, "measures"),
        ("rectify", {"measures": "m", "result": "r", "evidence": ["a\x07.jpg"]}, "evidence"),
        ("demands", {"text": "需\x1b求", "to_unit": "transport"}, "text"),
        ("escalate", {"to_unit": "education", "reason": "\x00"}, "reason"),
        ("flag", {"flagged": True, "reason": "r\x9f"}, "reason"),
        ("deadline", {"working_days": 3, "reason": "\x01"}, "reason"),
        ("rectify", {"measures": "已\u202e改整未", "result": "r"}, "measures"),
        ("demands", {"text": "\u2067需求\u2069", "to_unit": "transport"}, "text"),
        ("withdraw", {"reason": "重复\x1b登记"}, "reason"),
        ("correct", {"reason": "错字", "title": "窗口\u202e材料"}, "title"),
        ("correct", {"reason": "错\x00字", "title": "新标题"}, "reason"),
        ("correct", {"reason": "r", "description": "d", "found_by": "张\x85三"}, "found_by"),
    ],
)
def test_every_command_refuses_control_characters_naming_the_field(
    api: Api, path: str, body: dict[str, Any], field: str
) -> None:
    problem_id = api.post("office", "/problems", NEW_PROBLEM).json()["id"]
    head = api.services.ledger.head_position()
    who = "lead" if path == "rectify" else "office"
    answer = api.post(who, f"/problems/{problem_id}/{path}", body)
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["field"] == field
    assert api.services.ledger.head_position() == head


@pytest.mark.parametrize(
    ("who", "path", "body", "field"),
    [
        ("lead", "send-back", {"reason": "不\x00属于"}, "reason"),
        ("lead", "plan", {"measures": "措\x1b施", "person": "p"}, "measures"),
        ("lead", "plan", {"measures": "m", "person": "张\x85三"}, "person"),
        ("office", "follow-up", {"reached": False, "note": "无人\x07接听"}, "note"),
        ("office", "acceptance", {"accepted": False, "reason": "\x9f"}, "reason"),
    ],
)
def test_the_workflow_steps_refuse_control_characters_naming_the_field(
    api: Api, who: str, path: str, body: dict[str, Any], field: str
) -> None:
    problem_id = api.post(
        "office", "/problems", NEW_PROBLEM | {"source": "review", "category": "cold"}
    ).json()["id"]
    if path == "acceptance":
        fix = {"measures": "m", "result": "r"}
        assert api.post("lead", f"/problems/{problem_id}/rectify", fix).status_code == 200
    head = api.services.ledger.head_position()
    answer = api.post(who, f"/problems/{problem_id}/{path}", body)
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["field"] == field
    assert api.services.ledger.head_position() == head


def test_activity_unit_and_weekly_report_text_is_checked_too(api: Api) -> None:
    sit_in = {
        "kind": "sit_in",
        "unit": "civil_affairs",
        "on": "2026-11-23",
        "leader": "王\x00副局长",
        "leader_role": "deputy",
        "length": "half_day",
        "signed_in": "09:00",
        "signed_out": "12:00",
        "services": {"guided": 1, "stand_in": 0, "assisted": 0},
    }
    assert api.post("office", "/activities", sit_in).json()["errors"][0]["field"].endswith("leader")
    unit = {"code": "new_unit", "name": "新\x08单位", "kind": "other"}
    assert api.post("admin", "/units", unit).json()["errors"][0]["field"] == "name"
    report = {"hall": "service_centre", "week": "2026-W47", "note": "\x00"}
    assert api.post("office", "/weekly-reports", report).status_code == 422


def test_text_is_nfc_and_blank_titles_are_refused(api: Api) -> None:
    decomposed = "Cafe\u0301 窗口"
    stored = api.post("office", "/problems", NEW_PROBLEM | {"title": decomposed}).json()
    assert stored["title"] == unicodedata.normalize("NFC", decomposed) == "Café 窗口"
    for blank in (" ", "\u200b\u200b", "\u3000", "\u200d\ufeff", "\u2060"):
        answer = api.post("office", "/problems", NEW_PROBLEM | {"title": blank})
        assert answer.status_code == 422, repr(blank)
        assert answer.json()["errors"][0]["field"] == "title"


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/lists/problems", {"q": "a\x00b"}, "q"),
        ("/lists/problems", {"unit": "civil\x00affairs"}, "unit"),
        ("/lists/demands", {"q": "\x1f"}, "q"),
        ("/activities", {"unit": "x\x00"}, "unit"),
        ("/reports/units", {"period": "2026-11\x00"}, "period"),
        ("/access-log", {"reader": "\x00"}, "reader"),
        ("/lists/problems", {"q": "\u202d窗口"}, "q"),
    ],
)
def test_control_characters_in_query_parameters_are_a_422(
    api: Api, path: str, params: dict[str, str], field: str
) -> None:
    answer = api.get("office", path, **params)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["errors"][0]["field"] == field


def test_a_file_name_that_reads_otherwise_than_written_is_refused(api: Api) -> None:
    """U+202E would show `照片\u202egnp.exe` as `照片exe.png`; direction marks stay allowed."""
    spoofed = api.client.post(
        "/files", files={"file": ("照片\u202egnp.exe", png())}, headers=api.headers("office")
    )
    assert spoofed.status_code == 422 and spoofed.json()["errors"][0]["field"] == "name"
    assert "U+202E" in spoofed.json()["errors"][0]["message"]
    marked = api.post("office", "/problems", NEW_PROBLEM | {"title": "\u200f窗口\u200e标识"})
    assert marked.status_code == 201


def test_a_control_character_in_the_path_is_a_422(api: Api) -> None:
    answer = api.client.get("/plans/2026%00", headers=api.headers("office"))
    assert answer.status_code == 422


def test_formulas_in_every_field_reach_no_file_as_a_formula(api: Api) -> None:
    """Lists (CSV, XLSX), the quarterly workbook and document, the bulletin and the weekly
    inspection workbook, with formulas in titles, finders, demands, measures and inspectors."""
    api.services.clock.move_to(datetime(2026, 9, 10, 10, 0, tzinfo=CHINA))  # type: ignore[attr-defined]
    for index, formula in enumerate(FORMULAS):
        body = NEW_PROBLEM | {
            "title": formula,
            "found_by": formula,
            "demand": formula,
            "description": formula,
            "found_on": "2026-09-10",
        }
        created = api.post("office", "/problems", body)
        assert created.status_code == 201, created.text
        problem_id = created.json()["id"]
        api.post(
            "office", f"/problems/{problem_id}/demands", {"text": formula, "to_unit": "transport"}
        )
        api.post("office", f"/problems/{problem_id}/deadline", {"due_on": "2026-09-11"})
        plan = {"measures": formula, "person": formula, "due_on": "2026-09-11"}
        assert api.post("lead", f"/problems/{problem_id}/plan", plan).status_code == 200
        if index % 2:
            rectified = {"measures": formula, "result": formula, "rectified_on": "2026-09-10"}
            api.post("lead", f"/problems/{problem_id}/rectify", rectified)
        else:  # corrected into a formula: the record's words as text in every file too
            corrected = {"reason": formula, "title": f"{formula} ", "location": formula}
            assert (
                api.post("office", f"/problems/{problem_id}/correct", corrected).status_code == 200
            )
    api.services.clock.move_to(TODAY_NOON)  # type: ignore[attr-defined]
    round_ = {
        "kind": "inspection",
        "unit": "service_centre",
        "on": "2026-11-23",
        "level": "patrol",
        "inspectors": FORMULAS[:3],
        "checks": {
            c: {"passed": c != "equipment", "note": FORMULAS[0] if c == "equipment" else ""}
            for c in ("environment", "equipment", "appearance", "discipline", "conduct", "duty")
        },
    }
    assert api.post("office", "/activities", round_).status_code == 201
    caught_up(api, api.services.ledger.head_position())
    assert_exports_are_inert(api)
    cells = assert_workbook_is_inert(
        api.get("office", "/reports/quarterly.xlsx", quarter="2026Q3").content
    )
    assert any(FORMULAS[0] in row for row in cells)  # the text is there, as text
    assert_workbook_is_inert(
        api.get("office", "/reports/quarterly.xlsx", quarter="2026Q3", unit="civil_affairs").content
    )
    text = assert_docx_opens(
        api.get("office", "/reports/quarterly.docx", quarter="2026Q3", unit="civil_affairs").content
    )
    assert FORMULAS[1] in text
    assert_docx_opens(api.get("office", "/reports/bulletin.docx", period="2026Q3").content)
    weekly = api.get(
        "office",
        "/reports/inspections/weekly.xlsx",
        hall="service_centre",
        week="2026-W48",
        min_position=api.services.ledger.head_position(),
    )
    assert weekly.status_code == 200, weekly.text
    assert any(
        FORMULAS[2] in str(v) for row in assert_workbook_is_inert(weekly.content) for v in row
    )


def test_a_restored_log_with_nul_and_controls_never_stops_the_read_side(api: Api) -> None:
    """Events stored before the text rule: the projections store them as U+FFFD, the files
    open, and a rebuild goes through."""
    old = Problem._create(
        Problem.Logged,
        id=uuid4(),
        source=Source.SIT_IN,
        source_mode=None,
        category=Category.POLICY,
        unit="civil_affairs",
        title="旧\x00标题\x01",
        description="描述\x00",
        demand="需求\x0b",
        found_on=date(2026, 11, 20),
        found_by="=发现\x00人",
        activity_id="",
        location="",
        actor=Actor("restored", Role.OFFICE),
        command_id="",
        files=(),
    )
    position = api.services.ledger.save(old)[-1].notification.id
    caught_up(api, position)
    row = api.get("office", "/lists/problems", min_position=position).json()["items"][-1]
    assert row["title"] == "旧\ufffd标题\ufffd"
    after = api.post("office", "/problems", NEW_PROBLEM).json()["position"]
    caught_up(api, after)  # the lists go on past it
    assert_exports_are_inert(api)
    assert_docx_opens(api.get("office", "/reports/bulletin.docx", period="2026-11").content)
    api.services.read_models.rebuild(["lists"])
    assert api.get("office", "/readyz").json()["status"] == "ready"


def test_a_projection_that_cannot_apply_an_event_is_shown_not_retried_silently(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = ProblemListsProjection.evolve

    def refusing(self: ProblemListsProjection, event: Any, rows: Any) -> None:
        if getattr(event, "title", "") == "无法投影":
            raise RuntimeError("this projection cannot apply it")
        original.__get__(self)(event, rows)  # type: ignore[attr-defined]

    monkeypatch.setattr(ProblemListsProjection, "evolve", refusing)
    position = api.post("office", "/problems", NEW_PROBLEM | {"title": "无法投影"}).json()[
        "position"
    ]
    ready = wait_for(lambda: api.get("office", "/readyz"), lambda r: r.status_code == 503)
    assert ready.json()["checks"]["stalled"][0]["projection"] == "lists"
    assert ready.json()["checks"]["stalled"][0]["position"] == position - 1  # its Logged
    assert api.client.get("/readyz").json() == {"status": "unavailable"}
    metrics = api.get("office", "/metrics").text
    stalled = f'rectify_projection_stalled_position{{projection="lists"}} {float(position - 1)}'
    assert stalled in metrics
    monkeypatch.undo()  # the cause is fixed: the worker's next try goes through
    wait_for(lambda: api.get("office", "/readyz"), lambda r: r.status_code == 200)
    assert (
        'rectify_projection_stalled_position{projection="lists"} 0.0'
        in api.get("office", "/metrics").text
    )


def wait_for(read: Any, done: Any, seconds: float = 15.0) -> Any:
    deadline = time.monotonic() + seconds
    while True:
        answer = read()
        if done(answer) or time.monotonic() > deadline:
            assert done(answer), answer.text
            return answer
        time.sleep(0.1)


def test_a_search_typed_decomposed_finds_the_composed_title(api: Api) -> None:
    position = api.post("office", "/problems", NEW_PROBLEM | {"title": "Café 窗口排队"}).json()[
        "position"
    ]
    found = api.get("office", "/lists/problems", q="cafe\u0301", min_position=position)
    assert [row["title"] for row in found.json()["items"]] == ["Café 窗口排队"]
