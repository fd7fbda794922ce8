"""The demo fills a fresh service up to the real now: whatever its plan puts later on the last
day (an afternoon's sit-in, a fix at 17:30) has not happened yet and is not recorded."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from demo.activities import DemoYear
from demo.quarter import DemoQuarter
from infrastructure.calendar import ChinaWorkingCalendar
from infrastructure.services import Services

CHINA = timezone(timedelta(hours=8))


def test_nothing_is_recorded_after_the_moment_the_demo_is_filled(services: Services) -> None:
    calendar = ChinaWorkingCalendar.from_file(None)
    last = date(2026, 3, 31)  # a Tuesday: the plan has sit-ins and fixes all day
    now = datetime(2026, 3, 31, 10, 30, tzinfo=CHINA)
    before = services.ledger.head_position() or 0  # the fixture's units, loaded on its own clock
    assert DemoYear(services.ledger, services.units, calendar, last, until=now).run() > 100
    assert DemoQuarter(services.ledger, services.units, calendar, last, until=now).run() > 10
    notifications = services.ledger.recorder.select_notifications(start=before + 1, limit=1_000_000)
    events = [services.ledger.mapper.to_domain_event(n) for n in notifications]
    stamps = [event.timestamp for event in events]
    assert max(stamps) <= now
    assert any(s.astimezone(CHINA).date() == last for s in stamps)  # the morning still counts
    actors = {event.actor.name for event in events if hasattr(event, "actor")}
    assert {"office.zhang", "civil.li", "demo-lead-health"} <= actors  # people where there are
