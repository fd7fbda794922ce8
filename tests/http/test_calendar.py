"""The working-day calendar over HTTP on both stores: the years known and from where, a year
recorded from its notice by the office or the admin, refusals as problem+json, and a deadline
into the recorded year counted over its days."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tests.conftest import NEW_PROBLEM, Api

NOTICE = "国务院办公厅关于2027年部分节假日安排的通知"
YEAR_2027 = {
    "holidays": ["2027-01-01", "2027-02-06", "2027-02-08", "2027-02-09"],
    "workdays": ["2027-02-20"],
    "notice": NOTICE,
}


def test_the_years_known_and_a_known_years_days(api: Api) -> None:
    years = api.get("lead", "/calendar").json()["years"]
    assert years["2026"] == "package" and "2027" not in years
    day = api.get("inspector", "/calendar/2026").json()
    assert day["source"] == "package" and "2026-10-01" in day["holidays"]
    assert "2026-10-10" in day["workdays"] and day["notice"] == "" and day["recorded_by"] is None
    unknown = api.get("office", "/calendar/2027")
    assert unknown.status_code == 404
    assert unknown.headers["content-type"].startswith("application/problem+json")
    assert api.client.get("/calendar").status_code == 401


def test_the_office_records_a_year_and_a_lead_reads_it(api: Api) -> None:
    recorded = api.put("office", "/calendar/2027", YEAR_2027)
    assert recorded.status_code == 200, recorded.text
    body = recorded.json()
    assert body["source"] == "recorded" and body["notice"] == NOTICE
    assert body["holidays"] == ["2027-01-01", "2027-02-08", "2027-02-09"]  # 6 Feb: a Saturday
    assert body["workdays"] == ["2027-02-20"] and body["recorded_by"]["role"] == "office"
    assert api.get("lead", "/calendar/2027").json() == body
    assert api.get("lead", "/calendar").json()["years"]["2027"] == "recorded"
    again = api.put("admin", "/calendar/2027", YEAR_2027)
    assert again.json()["recorded_by"]["role"] == "office"  # the same again: nothing recorded


@pytest.mark.parametrize("who", ["lead", "inspector"])
def test_only_the_office_and_the_admin_record_a_year(api: Api, who: str) -> None:
    refused = api.put(who, "/calendar/2027", YEAR_2027)
    assert refused.status_code == 403
    assert api.get("office", "/calendar/2027").status_code == 404


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/calendar/1999", YEAR_2027, "path.year"),
        ("/calendar/abcd", YEAR_2027, "path.year"),
        ("/calendar/2027", YEAR_2027 | {"holidays": ["2026-12-31"]}, "holidays"),
        ("/calendar/2027", YEAR_2027 | {"workdays": ["2027-02-22"]}, "workdays"),
        ("/calendar/2027", YEAR_2027 | {"workdays": ["2027-01-01"]}, "workdays"),
        ("/calendar/2027", YEAR_2027 | {"holidays": []}, "holidays"),
        ("/calendar/2027", YEAR_2027 | {"holidays": ["2027-02-30"]}, "holidays.0"),
        ("/calendar/2027", YEAR_2027 | {"holidays": ["2027-01-01"] * 61}, "holidays"),
        ("/calendar/2027", YEAR_2027 | {"notice": ""}, "notice"),
        ("/calendar/2027", YEAR_2027 | {"notice": '=HYPERLINK("x")\u0000'}, "notice"),
        ("/calendar/2027", YEAR_2027 | {"notice": "知" * 201}, "notice"),
        ("/calendar/2027", YEAR_2027 | {"extra": 1}, "extra"),
        ("/calendar/2027", {"holidays": "2027-01-01", "notice": NOTICE}, "holidays"),
    ],
)
def test_a_year_no_notice_could_say_is_a_422(
    api: Api, path: str, body: dict[str, Any], field: str
) -> None:
    refused = api.put("office", path, body)
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert any(e["field"].startswith(field) for e in refused.json()["errors"]), refused.json()
    assert api.get("office", "/calendar").json()["years"].get("2027") is None


def test_a_deadline_in_working_days_into_next_year_waits_for_its_notice(api: Api) -> None:
    api.services.clock.move_to(datetime(2026, 12, 28, 4, tzinfo=UTC))  # type: ignore[attr-defined]
    problem = api.post("office", "/problems", NEW_PROBLEM).json()["id"]
    unknown = api.post("office", f"/problems/{problem}/deadline", {"working_days": 10})
    assert unknown.status_code == 422
    assert (
        unknown.json()["type"].endswith("calendar_unknown") and "2027" in unknown.json()["detail"]
    )
    assert api.put("office", "/calendar/2027", YEAR_2027).status_code == 200
    counted = api.post("office", f"/problems/{problem}/deadline", {"working_days": 10})
    assert counted.status_code == 200, counted.text
    # 12-29..31, 01-04..08 (1 January off), 01-11, 01-12: the tenth working day
    assert counted.json()["due_on"] == "2027-01-12"
