"""GET /reports/trend: the monthly trend from the statistics read model, on both stores, with
overdue counted as domain.standing.was_overdue says, and a unit lead seeing its own unit."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from domain.periods import Period, last_months
from domain.standing import overdue_months, reckoning_day, was_overdue
from infrastructure.read_models.trend_queries import TREND_SINCE
from infrastructure.services import Services
from projections.unit_stats import UnitStatsProjection
from tests.conftest import NEW_PROBLEM, Api


def test_the_trend_counts_each_month_as_the_domain_rule_does(api: Api) -> None:
    one = api.post("office", "/problems", NEW_PROBLEM | {"found_on": "2026-09-05"}).json()
    api.post("office", f"/problems/{one['id']}/deadline", {"due_on": "2026-09-20"})
    fix = {
        "measures": "补齐清单",
        "result": "已公示",
        "rectified_on": "2026-10-10",
        "backdate_reason": "纸质台账补录",
    }
    assert api.post("office", f"/problems/{one['id']}/rectify", fix).status_code == 200
    two = api.post("office", "/problems", NEW_PROBLEM | {"found_on": "2026-10-03"}).json()
    api.post("office", f"/problems/{two['id']}/deadline", {"due_on": "2026-10-30"})
    three = NEW_PROBLEM | {"found_on": "2026-11-02", "unit": "transport"}
    last = api.post("office", "/problems", three).json()
    api.get("office", "/lists/problems", min_position=last["position"])
    months = api.get("office", "/reports/trend", months=3).json()
    assert [m["month"] for m in months] == ["2026-09", "2026-10", "2026-11"]
    assert [
        (m["found"], m["rectified_on_time"], m["rectified_late"], m["overdue"]) for m in months
    ] == [
        (1, 0, 0, 1),
        (1, 0, 1, 1),
        (1, 0, 0, 1),
    ]
    # the same rule, from the domain, for the problem rectified late in October
    assert was_overdue("2026-09-05", "2026-09-20", "2026-10-10", date(2026, 10, 1))
    assert not was_overdue("2026-09-05", "2026-09-20", "2026-10-10", date(2026, 11, 1))
    mine = api.get("other_lead", "/reports/trend", months=1).json()
    assert mine == [
        {"month": "2026-11", "found": 1, "rectified_on_time": 0, "rectified_late": 0, "overdue": 0}
    ]
    assert api.get("admin", "/reports/trend").status_code == 403
    assert api.get("office", "/reports/trend", months=0).status_code == 422


def test_the_spans_a_problem_is_overdue_in_are_the_months_was_overdue_names() -> None:
    """domain.standing.overdue_months, which the trend keeps per month, against the rule it
    stands for, at every ended month's reckoning day, over a grid of days around month ends."""
    days = [date(2026, 7, 28) + timedelta(days=n) for n in range(0, 160, 3)]
    days += [date(2026, m, 1) for m in range(8, 13)] + [date(2026, m, 31) for m in (8, 10, 12)]
    months = [Period(f"2026-{m:02d}", date(2026, m, 1), _last_day(m)) for m in range(7, 13)]
    checked = 0
    for found in days:
        for due in [None, *days]:
            for fixed in [None, *(day for day in days if day >= found)]:
                span = overdue_months(found, due, fixed)
                for month in months:
                    expected = was_overdue(found, due, fixed, month.end + timedelta(days=1))
                    inside = span is not None and span[0] <= month.key
                    inside = inside and (span[1] is None or month.key < span[1])  # type: ignore[index]
                    assert inside == expected, (found, due, fixed, month.key)
                    checked += 1
    assert checked > 100_000  # the grid itself was walked


def _dates(problem: dict[str, Any]) -> dict[str, Any]:
    """What the rule reads of a problem, from its aggregate: the deadline in force, the fix."""
    deadlines, fix = problem["deadlines"], problem["rectification"]
    return {
        "times_reopened": problem["times_reopened"],
        "unit": problem["responsible_unit"],
        "found_on": problem["found_on"],
        "due_on": deadlines[-1]["due_on"] if deadlines else None,
        "rectified_on": fix["rectified_on"] if fix else None,
    }


def _last_day(month: int) -> date:
    return (date(2026, month + 1, 1) if month < 12 else date(2027, 1, 1)) - timedelta(days=1)


def test_the_trend_equals_the_rule_over_many_problems_live_and_rebuilt(
    api: Api, services: Services
) -> None:
    """Problems found over the year, some with deadlines, some fixed (backdated), some sent
    back: every month's overdue count, for the office and for a unit's lead, is the count of
    problems `was_overdue` at the month's reckoning day, before and after a rebuild."""
    rng = random.Random(31)
    today = date(2026, 11, 23)
    ids = []
    for _ in range(40):
        found = today - timedelta(days=rng.randint(1, 330))
        unit = rng.choice(["civil_affairs", "transport"])
        body = NEW_PROBLEM | {"found_on": found.isoformat(), "unit": unit}
        problem_id = api.post("office", "/problems", body).json()["id"]
        ids.append(problem_id)
        if rng.random() < 0.85:
            due = found + timedelta(days=rng.randint(0, 60))
            api.post("office", f"/problems/{problem_id}/deadline", {"due_on": due.isoformat()})
        if rng.random() < 0.5:
            fixed = found + timedelta(days=rng.randint(0, (today - found).days))
            fix = {
                "measures": "补齐清单",
                "result": "已公示",
                "rectified_on": fixed.isoformat(),
                "backdate_reason": "纸质台账补录",
            }
            assert api.post("office", f"/problems/{problem_id}/rectify", fix).status_code == 200
            if rng.random() < 0.3:
                reopened = api.post("office", f"/problems/{problem_id}/reopen", {"reason": "复查"})
                assert reopened.status_code == 200
    last = api.get("office", f"/problems/{ids[-1]}").json()
    problems = [_dates(api.get("office", f"/problems/{i}").json()) for i in ids]
    assert any(p["times_reopened"] and p["rectified_on"] is None for p in problems)

    def expected(unit: str | None) -> list[int]:
        months = last_months(today, 12)
        return [
            sum(
                was_overdue(p["found_on"], p["due_on"], p["rectified_on"], reckoning_day(m, today))
                for p in problems
                if unit in (None, p["unit"])
            )
            for m in months
        ]

    def trend(role: str) -> list[int]:
        api.get(role, "/lists/problems", min_position=last["position"])
        return [m["overdue"] for m in api.get(role, "/reports/trend").json()]

    office, lead = expected(None), expected("transport")
    assert sum(office) > 0 and 0 < sum(lead) < sum(office)
    assert trend("office") == office and trend("other_lead") == lead
    services.read_models.rebuild()
    assert trend("office") == office and trend("other_lead") == lead


def test_while_a_start_rebuilds_older_statistics_the_trend_says_so_and_the_lists_read_on(
    api: Api, services: Services
) -> None:
    """Tables of an older unit_stats version lack the months problems turned overdue: until
    the rebuild a start begins switches readers, the trend is a 503 to retry, not a failure."""
    assert api.get("office", "/reports/trend").status_code == 200
    services.read_models.close()  # no worker to notice the change below and rebuild at once
    reader = services.read_models.reader
    generation = reader.registry.active(UnitStatsProjection.name)
    assert generation is not None and generation.version >= TREND_SINCE
    with reader.database.transaction() as tx:
        tx.execute(
            "UPDATE rectify_projections SET version = %s WHERE name = %s AND generation = %s",
            (TREND_SINCE - 1, generation.name, generation.generation),
        )
    answer = api.get("office", "/reports/trend")
    assert answer.status_code == 503 and answer.headers["Retry-After"] == "1"
    assert answer.json()["type"] == "urn:rectify:error:read_model_behind"
    assert api.get("office", "/lists/problems").status_code == 200
