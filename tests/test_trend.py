"""GET /reports/trend: the monthly trend from the statistics read model, on both stores, with
overdue counted as domain.standing.was_overdue says, and a unit lead seeing its own unit."""

from __future__ import annotations

from datetime import date

from domain.standing import was_overdue
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
