"""Dates outside 2000–2099 are a 422 naming the field on every command and query (never a
500); another unit's problem or activity is exactly as absent as a missing one."""

from __future__ import annotations

import base64
import json

import pytest

from tests.conftest import NEW_PROBLEM, Api

SIT_IN = {
    "kind": "sit_in",
    "unit": "civil_affairs",
    "on": "2026-11-23",
    "leader": "王副局长",
    "leader_role": "deputy",
    "length": "half_day",
    "signed_in": "09:00",
    "signed_out": "12:00",
    "services": {"guided": 1, "stand_in": 0, "assisted": 0},
}


@pytest.mark.parametrize("found_on", ["1900-01-01", "0001-01-01", "1999-12-31"])
def test_a_problem_found_before_2000_is_refused(api: Api, found_on: str) -> None:
    answer = api.post("office", "/problems", NEW_PROBLEM | {"found_on": found_on})
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "found_on"


def test_deadlines_activities_and_weeks_outside_the_years_are_refused(api: Api) -> None:
    problem_id = api.post("office", "/problems", NEW_PROBLEM).json()["id"]
    for due_on in ("0001-01-01", "2100-01-01", "9999-12-31"):
        answer = api.post("office", f"/problems/{problem_id}/deadline", {"due_on": due_on})
        assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "due_on"
    activity = api.post("office", "/activities", SIT_IN | {"on": "1900-01-02"})
    assert activity.status_code == 422 and activity.json()["errors"][0]["field"].endswith("on")
    for week in ("0001-W01", "1979-W52", "9999-W52"):
        report = api.post("office", "/weekly-reports", {"hall": "service_centre", "week": week})
        assert report.status_code == 422, (week, report.text)
    assert api.client.put(
        "/plans/9999/civil_affairs", json={"months": [1]}, headers=api.headers("office")
    ).status_code in (404, 422)


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/reports/units", {"period": "9999-12"}),
        ("/reports/units", {"period": "9999Q4"}),
        ("/reports/bulletin", {"period": "9999-12"}),
        ("/reports/bulletin.docx", {"period": "9999Q4"}),
        ("/reports/quarterly", {"quarter": "9999Q4"}),
        ("/reports/quarterly.xlsx", {"quarter": "0001Q1"}),
        ("/lists/problems", {"quarter": "9999Q4"}),
        ("/lists/problems", {"found_from": "0001-01-01"}),
        ("/lists/rectifications", {"found_to": "9999-12-31"}),
        ("/reports/compliance", {"period": "9999"}),
        ("/reports/compliance", {"period": "9999H2"}),
        ("/activities", {"period": "9999-W52"}),
        ("/activities", {"period": "1900"}),
        ("/announcements/sit-ins", {"week": "9999-W52"}),
        ("/reports/inspections/weekly.xlsx", {"hall": "service_centre", "week": "1979-W01"}),
        ("/reports/inspections/weekly.xlsx", {"hall": "service_centre", "week": "9999-W52"}),
        ("/access-log", {"period": "9999"}),
    ],
)
def test_extreme_periods_are_a_422_on_every_read(
    api: Api, path: str, params: dict[str, str]
) -> None:
    answer = api.get("office", path, **params)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("path", ["/reports/units", "/reports/bulletin"])
def test_a_period_not_yet_begun_has_no_ranking_and_no_bulletin(api: Api, path: str) -> None:
    """Before the ranking refused them, 2026-12 (the test's today is 2026-11-23) was ranked by
    today's open and overdue problems, under next month's name."""
    for role, period in (("office", "2026-12"), ("lead", "2027Q1"), ("inspector", "2099-01")):
        answer = api.get(role, path, period=period)
        assert answer.status_code == 422, (role, period, answer.text)
        assert answer.json()["errors"] == [
            {"field": "period", "message": f"{period} has not begun"}
        ]
    for period in ("2026-11", "2026Q4"):
        assert api.get("office", path, period=period).status_code == 200, period


@pytest.mark.parametrize("period", ["2000-01", "2000-03", "2000Q1"])
def test_a_bulletin_of_the_first_months_the_service_keeps_is_answered(
    api: Api, period: str
) -> None:
    """Its late submissions looked for the quarter before, 1999Q4, and refused the bulletin."""
    for role in ("office", "lead"):
        answer = api.get(role, "/reports/bulletin", period=period)
        assert answer.status_code == 200, (role, answer.text)
        assert answer.json()["late_submissions"] == {}  # no quarter before 2000 to judge
    assert api.get("office", "/reports/bulletin.docx", period=period).status_code == 200


def test_an_instant_outside_the_years_and_a_cursor_of_the_wrong_kind_are_a_422(api: Api) -> None:
    problem_id = api.post("office", "/problems", NEW_PROBLEM).json()["id"]
    far = api.get("inspector", f"/problems/{problem_id}", as_of="9999-12-31T23:59:59+08:00")
    assert far.status_code == 422
    for keys in ([True], ["1"], [1.5], [None], [[1]]):
        cursor = base64.urlsafe_b64encode(json.dumps(keys).encode()).decode().rstrip("=")
        assert api.get("office", "/lists/problems", cursor=cursor).status_code == 422, keys


def test_another_units_problem_is_as_absent_as_a_missing_one(api: Api) -> None:
    theirs = api.post("office", "/problems", NEW_PROBLEM | {"unit": "transport"}).json()["id"]
    missing = "3f1d5a0e-3c1b-4a57-9a51-3d1c2f4e5b6a"
    for suffix, params in (("", {}), ("/history", {}), ("", {"version": 1})):
        seen = api.get("lead", f"/problems/{theirs}{suffix}", **params)
        absent = api.get("lead", f"/problems/{missing}{suffix}", **params)
        assert seen.status_code == absent.status_code == 404
        assert seen.json() == absent.json()
    for command, body in (("rectify", {"measures": "m", "result": "r"}), ("close", {})):
        seen = api.post("lead", f"/problems/{theirs}/{command}", body)
        absent = api.post("lead", f"/problems/{missing}/{command}", body)
        assert (seen.status_code, seen.json()) == (absent.status_code, absent.json())


def test_another_units_activity_is_as_absent_as_a_missing_one(api: Api) -> None:
    theirs = api.post("office", "/activities", SIT_IN | {"unit": "transport"}).json()["id"]
    missing = "3f1d5a0e-3c1b-4a57-9a51-3d1c2f4e5b6a"
    seen, absent = (api.get("lead", f"/activities/{i}") for i in (theirs, missing))
    assert seen.status_code == absent.status_code == 404 and seen.json() == absent.json()
    named = [
        api.post("lead", "/problems", NEW_PROBLEM | {"activity_id": i, "found_on": "2026-11-23"})
        for i in (theirs, missing)
    ]
    assert named[0].status_code == named[1].status_code == 422
    assert named[0].json() == named[1].json()


def test_a_self_check_of_another_hall_tells_a_lead_nothing(api: Api) -> None:
    checks = {
        c: {"passed": True}
        for c in ("environment", "equipment", "appearance", "discipline", "conduct", "duty")
    }
    round_ = {
        "kind": "inspection",
        "unit": "service_centre",
        "on": "2026-11-23",
        "level": "self_check",
        "slot": "before_work",
        "inspectors": ["值班长"],
        "checks": checks,
    }
    done = api.post("office", "/activities", round_)
    assert done.status_code == 201
    again = api.post("lead", "/activities", round_)
    other_day = api.post("lead", "/activities", round_ | {"on": "2026-11-20"})
    assert again.status_code == other_day.status_code == 403
    assert again.json() == other_day.json()
