"""撤并 on both stores: a unit merged into another hands its people and unfinished work on, the
successor's lead works it from where it stood, the merged unit takes nothing new, and the read
models stay equal to a replay of the log (ADR 55)."""

from __future__ import annotations

from uuid import UUID

from domain.actor import Actor, Role
from domain.commanded import Stamp
from domain.recording_time import recording_with
from tests.application.test_projection_equivalence import actual_rows
from tests.conftest import NEW_PROBLEM, Api
from tests.http.test_notifications import run
from tests.http.test_reinstatement import caught_up
from tests.projection_oracle import expected_rows
from tests.workbench import browser, form_token, sign_in, signed_in_as

MERGED, SUCCESSOR = "civil_affairs", "transport"


def log(api: Api, **changes: object) -> str:
    made = api.post("office", "/problems", NEW_PROBLEM | changes)
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


def listed(api: Api, position: int, **params: object) -> dict[str, dict[str, object]]:
    rows = api.get("office", "/lists/problems", min_position=position, limit=200, **params)
    return {r["id"]: r for r in rows.json()["items"]}


def test_the_successor_takes_over_what_was_left_and_nothing_new_goes_to_the_merged_unit(
    people: Api,
) -> None:
    api = people
    api.services.notifications.worker.run_until_idle()  # it starts at the log's head
    held = log(api, title="民政窗口排队过长")
    assert api.post("lead", f"/problems/{held}/sign", {}).status_code == 200
    helped = log(api, unit=SUCCESSOR, title="交通窗口材料重复提交")
    assert api.post("office", f"/problems/{helped}/co-units", {"units": [MERGED]}).is_success
    asked = api.post(
        "office", f"/problems/{helped}/demands", {"text": "需要数据", "to_unit": MERGED}
    )
    assert asked.status_code == 201
    done = log(api, title="已办结的问题")
    fixed = api.post("lead", f"/problems/{done}/rectify", {"measures": "m", "result": "r"})
    assert fixed.status_code == 200, fixed.text
    assert api.post("office", f"/problems/{done}/acceptance", {"accepted": True}).is_success

    assert api.post("office", f"/units/{MERGED}/merge", {"into": SUCCESSOR}).status_code == 403
    merged = api.post("admin", f"/units/{MERGED}/merge", {"into": SUCCESSOR})
    assert merged.status_code == 200, merged.text
    answer = merged.json()
    assert answer["unit"]["merged_into"] == SUCCESSOR
    assert answer["people_moved"] == ["li"] and answer["problems_taken_over"] == 2
    assert api.services.unit_merge.left(MERGED) == []  # the struck-off one is not left over

    caught_up(api)
    rows = listed(api, 0)
    assert rows[held]["responsible_unit"] == SUCCESSOR and rows[held]["status"] == "assigned"
    assert rows[held]["times_escalated"] == 0
    assert rows[done]["responsible_unit"] == MERGED  # struck off: its history as it was
    # the successor holds it itself now: no longer a co-unit of its own problem
    assert api.get("office", f"/problems/{helped}").json()["co_units"] == []
    demands = api.get("office", "/lists/demands", limit=50).json()["items"]
    assert {d["to_unit"] for d in demands if d["problem_id"] == helped} == {SUCCESSOR}

    # the successor's lead works it from where it stood
    fix = {"measures": "增设窗口", "result": "排队缩短"}
    assert api.post("other_lead", f"/problems/{held}/rectify", fix).status_code == 200
    run(api)
    inbox = api.get("other_lead", "/notifications").json()["items"]
    assert sum(n["kind"] == "taken_over" for n in inbox) == 2

    # nothing new goes to the merged unit, by any path
    refused = api.post("office", "/problems", NEW_PROBLEM)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "unit"
    other = log(api, unit=SUCCESSOR)
    escalate = {"to_unit": MERGED, "reason": "不属本单位"}
    assert api.post("office", f"/problems/{other}/escalate", escalate).status_code == 422
    demand = {"text": "t", "to_unit": MERGED}
    assert api.post("office", f"/problems/{other}/demands", demand).status_code == 422
    again = api.post("admin", f"/units/{MERGED}/merge", {"into": SUCCESSOR})
    assert again.status_code == 200 and again.json()["problems_taken_over"] == 0
    elsewhere = api.post("admin", f"/units/{MERGED}/merge", {"into": "zwb"})
    assert elsewhere.status_code == 422


def test_the_read_models_equal_a_replay_after_a_merge(api: Api) -> None:
    for n in range(3):
        problem = log(api, title=f"问题{n}")
        api.post("office", f"/problems/{problem}/demands", {"text": "t", "to_unit": MERGED})
    helped = log(api, unit=SUCCESSOR)
    api.post("office", f"/problems/{helped}/co-units", {"units": [MERGED, "zwb"]})
    assert api.post("admin", f"/units/{MERGED}/merge", {"into": SUCCESSOR}).is_success
    caught_up(api)  # the app's own workers follow the log
    assert actual_rows(api.services) == expected_rows(api.services)


def test_the_admin_merges_on_the_units_page_and_must_confirm(people: Api) -> None:
    admin = signed_in_as(people, "chen", Role.ADMIN)
    for n in range(3):
        log(people, title=f"民政局的问题{n}")
    token = form_token(admin, "/workbench/admin/units")
    form = {"form_token": token, "code": MERGED, "into": SUCCESSOR}
    unconfirmed = admin.post("/workbench/admin/units/merge", data=form)
    assert unconfirmed.status_code == 422 and 'id="merge-confirm-error"' in unconfirmed.text
    itself = admin.post(
        "/workbench/admin/units/merge", data=form | {"into": MERGED, "confirm": "on"}
    )
    assert itself.status_code == 422 and "不能并入自己" in itself.text
    done = admin.post("/workbench/admin/units/merge", data=form | {"confirm": "on"})
    assert done.status_code == 303
    shown = admin.get(done.headers["location"]).text
    assert "已撤并：" in shown and "已撤并，并入区交通局" in shown
    assert "本次转入人员 1 人，承接问题 3 个。" in shown  # 李华 of 区民政局
    assert "未承接" not in shown  # taken over just now: not counted as left
    odd = admin.get("/workbench/admin/units?done=merged&moved=-1&taken=%3Cb%3E").text
    assert "本次转入" not in odd and "<b>" not in odd
    assert f'<option value="{MERGED}"' not in shown.split('id="form-rename"')[1]
    # the person moved signs in as a lead of the successor
    moved = people.services.people.find(Actor("chen", Role.ADMIN), "li")
    assert moved is not None and moved.unit == SUCCESSOR
    li = browser(people)
    assert sign_in(li, "li").status_code == 303
    assert "民政局的问题0" in li.get("/workbench").text  # her unit's work came with her
    office = signed_in_as(people, "zhou", Role.OFFICE)  # its past is still found, marked
    assert (
        f'<option value="{MERGED}">区民政局（已撤并）</option>'
        in office.get("/workbench/lists/problems").text
    )
    new_problem = office.get("/workbench/problems/new").text
    assert f'value="{MERGED}"' not in new_problem and 'value="transport"' in new_problem


def test_work_slipped_in_meanwhile_is_shown_and_taken_over_by_carrying_on(people: Api) -> None:
    """Another process saw the merge late and escalated to the merged unit: the units page
    says what is left, and its 继续承接 button takes it over."""
    admin = signed_in_as(people, "chen", Role.ADMIN)
    assert people.post("admin", f"/units/{MERGED}/merge", {"into": SUCCESSOR}).is_success
    late = log(people, unit=SUCCESSOR)
    problem = people.services.problems.load(UUID(late))
    with recording_with(people.services.clock.now):  # as a process with a stale register did
        problem.escalate(MERGED, "不属本单位", Stamp(Actor("office", Role.OFFICE)))
    people.services.ledger.save(problem)
    caught_up(people)
    page = admin.get("/workbench/admin/units").text
    assert "尚有 1 个问题未承接" in page
    token = form_token(admin, "/workbench/admin/units")
    carry_on = {"form_token": token, "code": MERGED, "into": SUCCESSOR, "confirm": "on"}
    assert admin.post("/workbench/admin/units/merge", data=carry_on).status_code == 303
    assert people.services.problems.load(UUID(late)).responsible_unit == SUCCESSOR
    caught_up(people)
    assert "未承接" not in admin.get("/workbench/admin/units").text


def test_a_merge_carried_on_after_its_successor_merged_too_goes_to_the_last_one(api: Api) -> None:
    assert api.post("admin", f"/units/{MERGED}/merge", {"into": SUCCESSOR}).is_success
    assert api.post("admin", f"/units/{SUCCESSOR}/merge", {"into": "health"}).is_success
    late = log(api, unit="health")
    problem = api.services.problems.load(UUID(late))
    with recording_with(api.services.clock.now):  # slipped in to the first merged unit
        problem.escalate(MERGED, "不属本单位", Stamp(Actor("office", Role.OFFICE)))
    api.services.ledger.save(problem)
    caught_up(api)
    again = api.post("admin", f"/units/{MERGED}/merge", {"into": SUCCESSOR})
    assert again.status_code == 200, again.text
    assert again.json()["successor"]["code"] == "health"
    assert again.json()["problems_taken_over"] == 1
    assert api.services.problems.load(UUID(late)).responsible_unit == "health"


def test_hostile_codes_are_refused_by_field_and_merge_nothing(api: Api) -> None:
    for code, into, field in (
        (MERGED, "\x00\x1f", "into"),
        (MERGED, "x" * 41, "into"),
        (MERGED, "=cmd|' /C calc'!A0", "into"),
        ("民政\u202e局", SUCCESSOR, "path"),  # refused before any route: the path itself
        ("x" * 500, SUCCESSOR, "code"),
    ):
        refused = api.post("admin", f"/units/{code}/merge", {"into": into})
        assert refused.status_code == 422, (code, into, refused.text)
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert field in refused.text
    listed = {u["code"]: u["merged_into"] for u in api.get("office", "/units").json()}
    assert not any(listed.values())
