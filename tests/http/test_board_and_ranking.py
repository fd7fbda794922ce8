"""The board (红黄绿) and the unit ranking on the real read models, over the lists' small
district (tests/http/test_lists.py's seed); readiness reports the projections' lag."""

from __future__ import annotations

from tests.conftest import Api
from tests.http.test_lists import seed


def test_the_board_counts_lights_per_unit(api: Api) -> None:
    _, position = seed(api)
    board = {row["unit"]: row for row in api.get("office", "/board", min_position=position).json()}
    assert board["civil_affairs"] | {"name": ""} == {
        "unit": "civil_affairs",
        "name": "",
        "kind": "key",
        "open": 2,
        "green": 1,
        "yellow": 0,
        "red": 1,
        "none": 0,
        "flagged": 1,
        "late_signing": 0,  # signed the day they were handed
        "late_planning": 0,
        "rejected": 0,
    }
    assert board["transport"]["yellow"] == 1 and board["health"]["yellow"] == 1
    assert board["archives"]["open"] == 0
    assert [row["unit"] for row in api.get("lead", "/board").json()] == ["civil_affairs"]


def test_units_are_ranked_by_overdue_then_late_then_open(api: Api) -> None:
    _, position = seed(api)
    api.get("office", "/lists/problems", min_position=position)
    report = api.get("office", "/reports/units", period="2026-11").json()
    first = report["units"][0]
    assert (first["unit"], first["overdue"], first["open"], first["found"]) == (
        "civil_affairs",
        1,
        2,
        2,
    )
    assert report["most_overdue"] == ["civil_affairs"]
    quarter = api.get("office", "/reports/units", period="2026Q3").json()
    civil = next(u for u in quarter["units"] if u["unit"] == "civil_affairs")
    # rectified late in August (15 days after it was found); struck off today, in Q4
    assert (civil["rectified_late"], civil["closed"], civil["average_days_to_rectify"]) == (
        1,
        0,
        15.0,
    )
    assert api.get("office", "/reports/units", period="2026-13").status_code == 422


def test_a_unit_lead_sees_its_own_row_at_its_district_rank(api: Api) -> None:
    _, position = seed(api)
    district = api.get("office", "/reports/units", period="2026-11", min_position=position).json()
    ranks = {row["unit"]: row["rank"] for row in district["units"]}
    assert district["ranked_units"] == len(district["units"]) > 2
    assert ranks["transport"] > 1  # civil_affairs' overdue problem ranks it first
    own = api.get("other_lead", "/reports/units", period="2026-11").json()
    assert [(row["unit"], row["rank"]) for row in own["units"]] == [
        ("transport", ranks["transport"])
    ]
    assert own["ranked_units"] == district["ranked_units"]
    assert own["most_overdue"] == []  # named: civil_affairs, not another unit's to learn
    first = api.get("lead", "/reports/units", period="2026-11").json()
    assert [(row["unit"], row["rank"]) for row in first["units"]] == [("civil_affairs", 1)]
    assert first["most_overdue"] == ["civil_affairs"]


def test_readiness_and_metrics_report_projection_lag(api: Api) -> None:
    _, position = seed(api)
    api.get("office", "/lists/problems", min_position=position)
    assert api.client.get("/readyz").json() == {"status": "ready"}  # anonymous: no more
    ready = api.get("office", "/readyz").json()
    assert set(ready["checks"]["projection_lag"]) == {
        "lists",
        "unit_stats",
        "activities",
        "accounts",
    }
    metrics = api.get("office", "/metrics").text
    assert 'rectify_projection_lag{projection="lists"}' in metrics
