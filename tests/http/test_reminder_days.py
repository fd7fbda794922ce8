"""Which reminders fire on which day, over the fortnight of National Day 2026 (28 September to
11 October: 1–7 October off, Saturday 10 October a 调休 working day): the rules alone on the
official calendar, then the service moved day by day at 09:00 with real activities, a hall's
weekly report, a problem left unsigned and one unit's quarterly submission."""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from application.ports import CHINA
from domain.periods import parse_period
from domain.reminders import (
    activity_is_tomorrow,
    reminds_today,
    submission_due_on,
    submission_reminder,
    weekly_report_reminder_day,
)
from infrastructure.calendar import ChinaWorkingCalendar
from tests.conftest import NEW_PROBLEM, Api
from tests.http.test_evidence_files import PDF, upload
from tests.http.test_supervision_workflow import at, ok

CALENDAR = ChinaWorkingCalendar.from_file(None)
FORTNIGHT = [date(2026, 9, 28) + timedelta(days=n) for n in range(14)]
WORKING = [
    date(2026, 9, 28),
    date(2026, 9, 29),
    date(2026, 9, 30),
    date(2026, 10, 8),
    date(2026, 10, 9),
    date(2026, 10, 10),
]


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """The clock walk is about days, not stores: the embedded one is enough."""
    return f"sqlite:///{tmp_path / 'rectify.sqlite3'}"


def test_the_rules_on_the_official_calendar() -> None:
    assert [d for d in FORTNIGHT if reminds_today(d, CALENDAR)] == WORKING
    held = {date(2026, 10, 8): date(2026, 9, 30), date(2026, 10, 12): date(2026, 10, 10)}
    for day, announced in held.items():
        assert [d for d in FORTNIGHT if activity_is_tomorrow(day, d, CALENDAR)] == [announced]
    assert weekly_report_reminder_day(date(2026, 9, 28), CALENDAR) == date(2026, 9, 30)
    assert weekly_report_reminder_day(date(2026, 10, 5), CALENDAR) == date(2026, 10, 9)
    q3 = submission_due_on(parse_period("2026Q3"))
    assert q3 == date(2026, 10, 10)
    states = {d: submission_reminder(d, q3, CALENDAR) for d in WORKING}
    assert states[date(2026, 10, 8)] == "due" and states[date(2026, 10, 10)] == "due"
    assert submission_reminder(date(2026, 10, 12), q3, CALENDAR) == "late"
    assert submission_reminder(date(2026, 10, 19), q3, CALENDAR) is None  # long past: let be


def test_the_service_walked_through_the_fortnight(api: Api) -> None:
    at(api, "2026-09-20 10:00")  # a 调休 Sunday: filings a week ahead
    filing = {"kind": "sit_in", "leader": "王副局长", "leader_role": "deputy"}
    civil = ok(
        api, "lead", "/activities/schedule", filing | {"unit": "civil_affairs", "on": "2026-10-08"}
    )
    ok(
        api,
        "other_lead",
        "/activities/schedule",
        filing | {"unit": "transport", "on": "2026-10-12"},
    )
    at(api, "2026-09-28 08:00")
    pid = ok(api, "office", "/problems", NEW_PROBLEM | {"found_on": "2026-09-27"})["id"]
    ok(api, "office", "/weekly-reports", {"hall": "service_centre", "week": "2026-W40"})
    worker = api.services.notifications.worker
    worker.run_until_idle()  # the outbox starts here
    fired: dict[date, set[str]] = defaultdict(set)
    for day in FORTNIGHT:
        if day == date(2026, 10, 8):
            at(api, "2026-10-08 08:00")
            scan = upload(api, "other_lead", "盖章扫描件.pdf", PDF).json()
            files = [{"sha256": scan["sha256"], "name": scan["name"]}]
            ok(
                api,
                "other_lead",
                "/submissions",
                {"unit": "transport", "quarter": "2026Q3", "files": files},
            )
        api.services.clock.move_to(
            datetime.combine(day, datetime.min.time(), CHINA) + timedelta(hours=9)
        )  # type: ignore[attr-defined]
        caught_up(api)
        worker.remind(force=True)
        rows = api.services.sql.execute(
            "SELECT key FROM rectify_notices WHERE on_day = %s", (day.isoformat(),)
        )
        fired[day] = {
            str(r[0]).rsplit(":", 1)[0] if str(r[0]).endswith(":office") else str(r[0])
            for r in rows
        }

    def kinds(day: date) -> dict[str, int]:
        counted: dict[str, int] = defaultdict(int)
        for key in fired[day]:
            counted[key.split(":")[0]] += 1
        return dict(counted)

    assert {d for d in FORTNIGHT if fired[d]} <= set(WORKING)
    assert kinds(date(2026, 9, 28)) == {}
    assert kinds(date(2026, 9, 29)) == {}  # the signing day: its hand-out said so
    assert kinds(date(2026, 9, 30)) == {
        "turned_red": 1,  # unsigned: the unit and the office (催办), one trigger
        "activity_tomorrow": 1,  # civil affairs' sit-in on 8 October, after the holiday
        "weekly_report_due": 2,  # the two halls without this week's report
    }
    assert f"turned_red:{pid}:signing:2026-09-29" in fired[date(2026, 9, 30)]
    assert f"activity_tomorrow:{civil['id']}:2026-10-08" in fired[date(2026, 9, 30)]
    units = [u for u in api.services.units.list_units() if u.kind.value != "office"]
    assert kinds(date(2026, 10, 8)) == {"submission_due": len(units) - 1}  # not transport
    assert kinds(date(2026, 10, 9)) == {"weekly_report_due": 3}
    assert kinds(date(2026, 10, 10)) == {"activity_tomorrow": 1}  # transport's Monday sit-in
    office = api.services.sql.execute(
        "SELECT COUNT(*) FROM rectify_notices WHERE key LIKE %s AND role = 'office'",
        ("turned_red:%",),
    )
    assert office[0][0] == 1


def caught_up(api: Api) -> None:
    deadline = time.monotonic() + 20
    while any(api.services.read_models.lag().values()) and time.monotonic() < deadline:
        time.sleep(0.02)
