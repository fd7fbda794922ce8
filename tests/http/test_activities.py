"""Activities through HTTP on both stores: recording, filing ahead, links to problems both ways,
roles, bad input (nothing stored), the compliance report and the weekly inspection workbook."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from domain.actor import Role
from tests.conftest import NEW_PROBLEM, Api

CHECKS_PASSED = {
    c: {"passed": True}
    for c in ("environment", "equipment", "appearance", "discipline", "conduct", "duty")
}


def sit_in(**overrides: Any) -> dict[str, Any]:
    body = {
        "kind": "sit_in",
        "unit": "civil_affairs",
        "on": "2026-11-20",
        "leader": "王副局长",
        "leader_role": "deputy",
        "length": "half_day",
        "signed_in": "09:00",
        "signed_out": "12:00",
        "services": {"guided": 5, "stand_in": 2, "assisted": 3},
        "examined": "低保审批流程",
    }
    return body | overrides


def walk_through(**overrides: Any) -> dict[str, Any]:
    body = {
        "kind": "walk_through",
        "unit": "civil_affairs",
        "on": "2026-11-18",
        "leader": "李局长",
        "item": "社会救助申请",
        "mode": "in_person",
        "experiences": {"process": "环节多", "certificate": "要求户籍证明"},
        "minutes_taken": 95,
        "trips": 2,
    }
    return body | overrides


def inspection(**overrides: Any) -> dict[str, Any]:
    body = {
        "kind": "inspection",
        "unit": "service_centre",
        "on": "2026-11-23",
        "level": "patrol",
        "inspectors": ["督查组张三", "李四"],
        "checks": CHECKS_PASSED | {"equipment": {"passed": False, "note": "叫号机故障"}},
    }
    return body | overrides


def record(api: Api, who: str, body: dict[str, Any]) -> dict[str, Any]:
    response = api.post(who, "/activities", body)
    assert response.status_code == 201, response.text
    return dict(response.json())


def compliance(api: Api, period: str, position: int) -> dict[str, Any]:
    response = api.get("office", "/reports/compliance", period=period, min_position=position)
    assert response.status_code == 200, response.text
    return {u["unit"]: u for u in response.json()["units"]} | {"_": response.json()}


def rule_of(unit: dict[str, Any], name: str) -> dict[str, Any]:
    return next(r for r in unit["rules"] if r["rule"] == name)


def test_half_a_day_exactly_is_half_a_day_and_a_minute_less_is_refused(api: Api) -> None:
    exact = record(api, "lead", sit_in())
    assert exact["status"] == "done" and exact["record"]["length"] == "half_day"
    head = api.services.ledger.head_position()
    short = api.post("lead", "/activities", sit_in(on="2026-11-19", signed_out="11:59"))
    assert short.status_code == 422
    assert short.headers["content-type"].startswith("application/problem+json")
    assert "shorter than a half day" in short.json()["detail"]
    whole = api.post("lead", "/activities", sit_in(length="whole_day", signed_out="14:00"))
    assert whole.status_code == 422
    assert api.services.ledger.head_position() == head


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (sit_in(signed_in="12:00", signed_out="09:00"), "signed_out"),
        (sit_in(unit="no_such_unit"), "unit"),
        (sit_in(unit="service_centre"), "unit"),  # a hall does not sit in
        (sit_in(on="2026-11-24"), "on"),  # recorded before it happened
        (sit_in(services={"guided": -1}), "services"),
        (inspection(level="self_check", slot="lunch"), "slot"),
        (inspection(level="self_check"), "slot"),  # a self-check says its slot
        (inspection(slot="before_work"), "slot"),  # a patrol has none
        (inspection(checks={"environment": {"passed": True}}), "checks"),
        (inspection(checks=CHECKS_PASSED | {"duty": {"passed": False}}), "checks.duty.note"),
        (inspection(unit="civil_affairs"), "unit"),  # rounds are of halls
        (walk_through(experiences={}), "experiences"),
        (walk_through(experiences={"environment": "x"}), "experiences"),
        (walk_through(trips=-1), "trips"),
        ({**sit_in(), "kind": "party"}, "kind"),
    ],
)
def test_bad_activities_are_refused_and_nothing_is_stored(
    api: Api, body: dict[str, Any], field: str
) -> None:
    head = api.services.ledger.head_position()
    response = api.post("office", "/activities", body)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert field.split(".")[0] in response.text
    assert api.services.ledger.head_position() == head


def test_problems_found_in_an_activity_are_found_from_both_sides(api: Api) -> None:
    activity = record(api, "lead", sit_in())
    other = record(api, "lead", sit_in(on="2026-11-19"))
    ids = []
    for title in ("窗口一次性告知不到位", "要求额外提供户籍证明"):
        body = NEW_PROBLEM | {"title": title, "activity_id": activity["id"]}
        created = api.post("lead", "/problems", body)
        assert created.status_code == 201, created.text
        ids.append(created.json()["id"])
    unrelated = api.post("lead", "/problems", NEW_PROBLEM | {"activity_id": other["id"]})
    position = unrelated.json()["position"]

    problem = api.get("inspector", f"/problems/{ids[0]}").json()
    assert problem["activity_id"] == activity["id"]
    listed = api.get(
        "office", "/lists/problems", activity_id=activity["id"], min_position=position
    ).json()
    assert sorted(p["id"] for p in listed["items"]) == sorted(ids)
    detail = api.get("inspector", f"/activities/{activity['id']}").json()
    assert sorted(p["id"] for p in detail["problems"]) == sorted(ids)
    assert {p["title"] for p in detail["problems"]} == {
        "窗口一次性告知不到位",
        "要求额外提供户籍证明",
    }


def test_a_problem_must_come_from_a_recorded_activity_of_its_source(api: Api) -> None:
    walk = record(api, "office", walk_through())
    round_ = record(api, "office", inspection())
    head = api.services.ledger.head_position()
    wrong_kind = api.post("office", "/problems", NEW_PROBLEM | {"activity_id": walk["id"]})
    assert wrong_kind.status_code == 422 and "walk_through" in wrong_kind.json()["detail"]
    unknown = NEW_PROBLEM | {"activity_id": "7f1d5a0e-3c1b-4a57-9a51-3d1c2f4e5b6a"}
    assert api.post("office", "/problems", unknown).status_code == 422
    assert api.post("office", "/problems", NEW_PROBLEM | {"activity_id": "x"}).status_code == 422
    mismatched = NEW_PROBLEM | {
        "source": "inspection",
        "category": "equipment",
        "source_mode": "self_check",
        "activity_id": round_["id"],
        "found_on": "2026-11-23",
    }
    assert api.post("office", "/problems", mismatched).status_code == 422
    before_the_round = mismatched | {"source_mode": None, "found_on": "2026-11-22"}
    refused = api.post("office", "/problems", before_the_round)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "found_on"
    assert api.services.ledger.head_position() == head
    inherits = api.post("office", "/problems", mismatched | {"source_mode": None})
    assert inherits.status_code == 201 and inherits.json()["source_mode"] == "patrol"


def test_who_records_and_who_reads_activities(api: Api) -> None:
    own = record(api, "lead", sit_in())
    assert api.post("lead", "/activities", sit_in(unit="transport")).status_code == 403
    assert api.post("lead", "/activities", inspection()).status_code == 403  # the office patrols
    assert api.post("inspector", "/activities", sit_in()).status_code == 403
    assert api.post("admin", "/activities", sit_in()).status_code == 403
    patrol = record(api, "office", inspection())
    position = patrol["position"]

    assert api.get("other_lead", f"/activities/{own['id']}").status_code == 404
    assert api.get("admin", f"/activities/{own['id']}").status_code == 403
    assert api.get("inspector", f"/activities/{own['id']}").status_code == 200
    everything = api.get("inspector", "/activities", min_position=position).json()["items"]
    assert {a["id"] for a in everything} == {own["id"], patrol["id"]}
    mine = api.get("lead", "/activities", min_position=position).json()["items"]
    assert [a["id"] for a in mine] == [own["id"]]
    assert api.get("other_lead", "/activities").json()["items"] == []


def test_a_sit_in_is_filed_a_week_ahead_announced_then_recorded_or_cancelled(api: Api) -> None:
    filing = {
        "kind": "sit_in",
        "unit": "civil_affairs",
        "leader": "王副局长",
        "leader_role": "deputy",
    }
    head = api.services.ledger.head_position()
    too_late = api.post("lead", "/activities/schedule", filing | {"on": "2026-11-29"})
    assert too_late.status_code == 422 and "a week from today" in too_late.json()["detail"]
    assert api.services.ledger.head_position() == head
    filed = api.post("lead", "/activities/schedule", filing | {"on": "2026-11-30"})
    assert filed.status_code == 201 and filed.json()["status"] == "scheduled"
    second = api.post("office", "/activities/schedule", filing | {"on": "2026-12-02"})
    cancelled = api.post(
        "office", f"/activities/{second.json()['id']}/cancel", {"reason": "会议冲突"}
    )
    assert cancelled.json()["status"] == "cancelled"
    transport = api.post(
        "other_lead",
        "/activities/schedule",
        filing | {"unit": "transport", "on": "2026-12-01", "leader_role": "head"},
    )
    assert transport.status_code == 201

    position = transport.json()["position"]
    announced = api.get("inspector", "/announcements/sit-ins", min_position=position).json()
    assert announced["week"] == "2026-W49"
    assert [(e["on"], e["unit"]) for e in announced["entries"]] == [
        ("2026-11-30", "civil_affairs"),
        ("2026-12-01", "transport"),
    ]
    assert "区民政局" in announced["text"] and "区交通局" in announced["text"]

    fields = {k: v for k, v in sit_in().items() if k not in ("unit", "on", "leader", "leader_role")}
    early = api.post("lead", f"/activities/{filed.json()['id']}/record", fields)
    assert early.status_code == 409, early.text  # it has not happened yet
    again = api.post("office", f"/activities/{cancelled.json()['id']}/cancel", {"reason": "x"})
    assert again.status_code == 409


def test_a_heads_sit_in_counts_for_the_unit_and_for_the_head(api: Api) -> None:
    deputy = record(api, "lead", sit_in(on="2026-10-30"))
    report = compliance(api, "2026-10", deputy["position"])
    civil = report["civil_affairs"]
    assert rule_of(civil, "sit_in")["met"] == 1
    assert rule_of(civil, "head_sit_in")["met"] == 0
    assert rule_of(civil, "head_sit_in")["open"] == 1  # H2 is not over

    head = record(api, "lead", sit_in(on="2026-09-30", leader="李局长", leader_role="head"))
    q3 = compliance(api, "2026Q3", head["position"])
    civil = q3["civil_affairs"]
    assert [w["status"] for w in rule_of(civil, "sit_in")["windows"]] == [
        "missed",
        "missed",
        "met",
    ]
    assert rule_of(civil, "head_sit_in")["met"] == 1
    assert civil["behind"] and "区民政局" in q3["_"]["behind"]


def test_a_half_year_with_no_walk_through_names_the_unit(api: Api) -> None:
    done = record(api, "office", walk_through(unit="transport", on="2026-07-02"))
    year = compliance(api, "2026", done["position"])
    walks = rule_of(year["transport"], "walk_through")
    assert [(w["key"], w["status"]) for w in walks["windows"]] == [
        ("2026H1", "missed"),
        ("2026H2", "met"),
    ]
    assert walks["behind"] and year["transport"]["behind"]
    assert "区交通局" in year["_"]["behind"]
    lead_view = api.get("lead", "/reports/compliance", period="2026").json()
    assert [u["unit"] for u in lead_view["units"]] == ["civil_affairs"]


def hall_lead(api: Api) -> str:
    api.tokens["hall"] = api.services.credentials.issue(
        "hall-lead", Role.UNIT_LEAD, "service_centre"
    ).token
    return "hall"


def test_self_check_slots_are_once_each_and_a_retry_is_answered_the_same(api: Api) -> None:
    who = hall_lead(api)
    body = inspection(level="self_check", slot="before_work", checks=CHECKS_PASSED)
    first = api.post(who, "/activities", body, **{"Idempotency-Key": "slot-1"})
    assert first.status_code == 201
    retry = api.post(who, "/activities", body, **{"Idempotency-Key": "slot-1"})
    assert retry.status_code == 201 and retry.json()["id"] == first.json()["id"]
    head = api.services.ledger.head_position()
    again = api.post(who, "/activities", body, **{"Idempotency-Key": "slot-2"})
    assert again.status_code == 409 and "already recorded" in again.json()["detail"]
    assert api.services.ledger.head_position() == head
    other_slot = api.post(who, "/activities", body | {"slot": "during_work"})
    assert other_slot.status_code == 201
    assert api.post(who, "/activities", inspection()).status_code == 403  # patrols: the office


def test_weekly_reports_are_on_time_until_friday_16_00_and_once_a_week(api: Api) -> None:
    who = hall_lead(api)
    this_week = api.post(who, "/weekly-reports", {"hall": "service_centre", "week": "2026-W48"})
    assert this_week.status_code == 201 and this_week.json()["on_time"] is True
    last_week = api.post(who, "/weekly-reports", {"hall": "service_centre", "week": "2026-W47"})
    assert last_week.status_code == 201 and last_week.json()["on_time"] is False
    twice = api.post(who, "/weekly-reports", {"hall": "service_centre", "week": "2026-W48"})
    assert twice.status_code == 409
    next_week = api.post(who, "/weekly-reports", {"hall": "service_centre", "week": "2026-W49"})
    assert next_week.status_code == 409  # the week has not begun
    not_a_hall = api.post("lead", "/weekly-reports", {"hall": "civil_affairs", "week": "2026-W48"})
    assert not_a_hall.status_code == 422
    position = api.services.ledger.head_position()
    weeks = rule_of(compliance(api, "2026-11", position)["service_centre"], "weekly_report")
    by_week = {w["key"]: w["status"] for w in weeks["windows"]}
    assert by_week["2026-W47"] == "missed" and by_week["2026-W48"] == "met"


def test_the_weekly_inspection_workbook_lists_the_rounds_with_their_findings(api: Api) -> None:
    who = hall_lead(api)
    for slot in ("before_closing", "before_work", "during_work"):
        body = inspection(on="2026-11-17", level="self_check", slot=slot, checks=CHECKS_PASSED)
        record(api, who, body | {"inspectors": ["值班长"]})
    patrol = record(api, "office", inspection(on="2026-11-18"))
    problem = NEW_PROBLEM | {
        "source": "inspection",
        "category": "equipment",
        "unit": "service_centre",
        "found_on": "2026-11-18",
        "title": "叫号机故障",
        "activity_id": patrol["id"],
    }
    created = api.post("office", "/problems", problem)
    assert created.status_code == 201
    twice = api.post("office", "/problems", problem | {"title": "叫号机坏了"}).json()["id"]
    withdrawn = api.post("office", f"/problems/{twice}/withdraw", {"reason": "与叫号机故障重复"})
    assert withdrawn.status_code == 200  # logged twice: the week counts it once
    created = withdrawn
    api.get("office", "/lists/problems", min_position=created.json()["position"])

    response = api.client.get(
        "/reports/inspections/weekly.xlsx",
        params={
            "hall": "service_centre",
            "week": "2026-W47",
            "min_position": created.json()["position"],
        },
        headers=api.headers(who),
    )
    assert response.status_code == 200, response.text
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert "区政务服务中心巡查情况统计表" in str(sheet["A1"].value)
    assert [c.value for c in sheet[2]][:6] == [
        "序号",
        "日期",
        "巡查类型",
        "时段",
        "巡查人员",
        "查环境",
    ]
    slots = [sheet.cell(row, 4).value for row in range(3, 6)]
    assert slots == ["上班前", "上班时", "下班前"]
    assert sheet.cell(6, 3).value == "巡查" and sheet.cell(6, 7).value == "✗ 叫号机故障"
    assert sheet.cell(6, 12).value == 1 and "叫号机故障" in str(sheet.cell(6, 13).value)
    assert "叫号机坏了" not in str(sheet.cell(6, 13).value)
    assert "巡查4次" in str(sheet.cell(7, 1).value) and "发现问题1个" in str(sheet.cell(7, 1).value)
    again = api.client.get(
        "/reports/inspections/weekly.xlsx",
        params={"hall": "service_centre", "week": "2026-W47"},
        headers=api.headers(who),
    )
    assert again.content == response.content
    other = api.client.get(
        "/reports/inspections/weekly.xlsx",
        params={"hall": "service_centre", "week": "2026-W47"},
        headers=api.headers("lead"),
    )
    assert other.status_code == 403


def test_the_sit_in_plan_is_the_offices(api: Api) -> None:
    put = api.client.put(
        "/plans/2026/forestry", json={"months": [9, 3, 6, 12]}, headers=api.headers("office")
    )
    assert put.status_code == 200 and put.json()["units"]["forestry"] == [3, 6, 9, 12]
    refused = api.client.put(
        "/plans/2026/forestry", json={"months": [1]}, headers=api.headers("lead")
    )
    assert refused.status_code == 403
    bad = api.client.put(
        "/plans/2026/forestry", json={"months": [13]}, headers=api.headers("office")
    )
    assert bad.status_code == 422
    twice = api.client.put(
        "/plans/2026/forestry", json={"months": [1, 1]}, headers=api.headers("office")
    )
    assert twice.status_code == 422
    hall = api.client.put(
        "/plans/2026/service_centre", json={"months": [1]}, headers=api.headers("office")
    )
    assert hall.status_code == 422
    plan = api.get("inspector", "/plans/2026").json()
    assert plan["units"] == {"forestry": [3, 6, 9, 12]}
    report = compliance(api, "2026", api.services.ledger.head_position())
    assert report["forestry"]["planned_months"] == [3, 6, 9, 12]


def test_activities_are_listed_by_kind_unit_and_period_in_pages(api: Api) -> None:
    ids = [record(api, "lead", sit_in(on=f"2026-11-{day:02d}"))["id"] for day in (2, 3, 4, 5)]
    walk = record(api, "lead", walk_through(on="2026-10-20"))
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"kind": "sit_in", "period": "2026-11", "limit": 3}
        if cursor:
            params["cursor"] = cursor
        page = api.get("office", "/activities", min_position=walk["position"], **params).json()
        seen += [a["id"] for a in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ids
    october = api.get("office", "/activities", period="2026Q4", kind="walk_through").json()
    assert [a["id"] for a in october["items"]] == [walk["id"]]
    assert api.get("office", "/activities", period="2026-W45").json()["items"][0]["id"] == ids[0]
    assert api.get("office", "/activities", period="Q3").status_code == 422
    assert api.get("office", "/activities", cursor="nope").status_code == 422


def test_a_record_sheet_is_handed_in_once_and_only_for_a_recorded_sit_in(api: Api) -> None:
    held = record(api, "lead", sit_in())
    assert held["record_sheet_on"] is None
    sheet = api.post(
        "lead", f"/activities/{held['id']}/record-sheet", {"submitted_on": "2026-11-21"}
    )
    assert sheet.status_code == 200 and sheet.json()["record_sheet_on"] == "2026-11-21"
    assert api.post("lead", f"/activities/{held['id']}/record-sheet", {}).status_code == 409
    early = record(api, "lead", sit_in(on="2026-11-19"))
    before = api.post(
        "lead", f"/activities/{early['id']}/record-sheet", {"submitted_on": "2026-11-18"}
    )
    assert before.status_code == 422  # before the sit-in itself
    walk = record(api, "lead", walk_through())
    assert api.post("lead", f"/activities/{walk['id']}/record-sheet", {}).status_code == 409
    other = api.post("other_lead", f"/activities/{held['id']}/record-sheet", {})
    assert other.status_code == 404  # another unit's sit-in is not visible
    history = api.get("inspector", f"/activities/{held['id']}", version=2).json()
    assert history["version"] == 2 and history["record_sheet_on"] is None


def filing(**overrides: Any) -> dict[str, Any]:
    """A sit-in filed ahead: who, where and when only."""
    head = ("kind", "unit", "on", "leader", "leader_role")
    return {k: v for k, v in sit_in(**overrides).items() if k in head}


def correction_of(body: dict[str, Any], reason: str, **changes: Any) -> dict[str, Any]:
    """A record body without the head (unit, day, leader), with the new details and why."""
    head = ("unit", "on", "leader", "leader_role")
    return {k: v for k, v in body.items() if k not in head} | changes | {"reason": reason}


def test_a_record_is_corrected_with_its_reason_and_the_old_record_stays_in_history(
    api: Api,
) -> None:
    first = record(api, "lead", sit_in(signed_out="12:00"))
    path = f"/activities/{first['id']}"
    fixed = api.post(
        "lead",
        f"{path}/correct",
        correction_of(sit_in(), "签退时间录错", signed_out="12:30", length="half_day"),
    )
    assert fixed.status_code == 200, fixed.text
    now = fixed.json()
    assert now["record"]["signed_out"] == "12:30" and now["status"] == "done"
    assert [c["reason"] for c in now["corrections"]] == ["签退时间录错"]
    assert now["corrections"][0]["by"] == "lead"
    assert now["version"] == first["version"] + 2  # RecordCorrected, then SitInRecorded
    before = api.get("inspector", path, version=first["version"]).json()
    assert before["record"]["signed_out"] == "12:00" and before["corrections"] == []
    row = api.get("office", "/activities", unit="civil_affairs", min_position=now["position"])
    assert [(r["corrections"], r["signed_out"]) for r in row.json()["items"]] == [(1, "12:30")]
    month = compliance(api, "2026-11", now["position"])
    assert rule_of(month["civil_affairs"], "sit_in")["met"] == 1  # still one sit-in, not two

    head = api.services.ledger.head_position()
    for who, body, status in (
        ("lead", correction_of(sit_in(), "x", signed_out="11:00"), 422),  # under half a day
        ("lead", correction_of(sit_in(), ""), 422),  # a correction says why
        ("lead", correction_of(walk_through(), "x"), 422),  # not a walk-through
        ("inspector", correction_of(sit_in(), "x"), 403),
    ):
        refused = api.post(who, f"{path}/correct", body)
        assert refused.status_code == status, (who, refused.text)
    filed = api.post("lead", "/activities/schedule", filing(on="2026-12-04"))
    assert filed.status_code == 201, filed.text
    head = api.services.ledger.head_position()
    nothing = api.post(
        "lead", f"/activities/{filed.json()['id']}/correct", correction_of(sit_in(), "x")
    )
    assert nothing.status_code == 409  # nothing recorded yet to correct
    assert api.services.ledger.head_position() == head


def test_a_round_is_corrected_but_keeps_its_level_and_slot(api: Api) -> None:
    who = hall_lead(api)
    body = inspection(level="self_check", slot="before_work", checks=CHECKS_PASSED)
    done = record(api, who, body)
    path = f"/activities/{done['id']}/correct"
    failed = CHECKS_PASSED | {"duty": {"passed": False, "note": "窗口无人"}}
    fixed = api.post(who, path, correction_of(body, "漏记一项", checks=failed))
    assert fixed.status_code == 200, fixed.text
    assert fixed.json()["record"]["failed"] == ["duty"]
    moved = api.post(who, path, correction_of(body, "x", slot="before_closing"))
    assert moved.status_code == 422 and "withdraw" in moved.json()["detail"]
    rows = api.get(
        "office", "/activities", kind="inspection", min_position=fixed.json()["position"]
    )
    assert [r["failed_checks"] for r in rows.json()["items"]] == [1]


def test_the_office_withdraws_a_record_entered_in_error_and_it_counts_no_more(api: Api) -> None:
    wrong = record(api, "lead", sit_in(on="2026-10-30"))
    month = compliance(api, "2026-10", wrong["position"])
    assert rule_of(month["civil_affairs"], "sit_in")["met"] == 1
    path = f"/activities/{wrong['id']}/withdraw"
    assert api.post("lead", path, {"reason": "录错单位"}).status_code == 403
    assert api.post("office", path, {"reason": ""}).status_code == 422
    withdrawn = api.post("office", path, {"reason": "录错单位"})
    assert withdrawn.status_code == 200, withdrawn.text
    assert withdrawn.json()["status"] == "withdrawn"
    assert withdrawn.json()["withdraw_reason"] == "录错单位"
    month = compliance(api, "2026-10", withdrawn.json()["position"])
    sit_ins = rule_of(month["civil_affairs"], "sit_in")
    assert (sit_ins["met"], sit_ins["missed"]) == (0, 1)
    listed = api.get("office", "/activities", status="withdrawn").json()["items"]
    assert [r["id"] for r in listed] == [wrong["id"]]

    head = api.services.ledger.head_position()
    assert api.post("office", path, {"reason": "again"}).status_code == 409
    again = correction_of(sit_in(), "x")
    assert api.post("lead", f"/activities/{wrong['id']}/correct", again).status_code == 409
    problem = api.post("office", "/problems", NEW_PROBLEM | {"activity_id": wrong["id"]})
    assert problem.status_code == 422 and "withdrawn" in problem.json()["detail"]
    assert api.services.ledger.head_position() == head
    filed = api.post("lead", "/activities/schedule", filing(on="2026-12-04"))
    scheduled = f"/activities/{filed.json()['id']}/withdraw"
    not_done = api.post("office", scheduled, {"reason": "x"})
    assert not_done.status_code == 409 and "cancel it instead" in not_done.json()["detail"]
