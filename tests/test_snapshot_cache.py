"""The kept as-of replays answer exactly what a replay from scratch answers, whatever order the
stamps were recorded in (the demo records in simulated time), on both stores."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from application.ports import CHINA
from infrastructure.reports.snapshot import STAMP, LogSnapshots, stamp_of
from tests.conftest import NEW_PROBLEM, TODAY_NOON, Api

CUTOFFS = [
    datetime(2026, 10, 1, tzinfo=CHINA),
    datetime(2026, 11, 1, tzinfo=CHINA),
    datetime(2026, 11, 23, 12, 30, tzinfo=CHINA),
    datetime(2026, 12, 1, tzinfo=CHINA),
]


def seen(snapshots: LogSnapshots, cutoff: datetime) -> tuple[int, list[tuple[str, str]]]:
    snapshot = snapshots.as_of(cutoff)
    return snapshot.position, sorted((p.problem_id, p.status) for p in snapshot.problems)


def test_kept_replays_equal_fresh_ones_through_stamps_in_any_order(api: Api) -> None:
    services = api.services
    kept = LogSnapshots(services.ledger, services.audit.link_at)
    r = random.Random(7)
    made: list[tuple[str, datetime]] = []  # each problem's own events move forward in time
    clock = services.clock
    for step in range(14):
        when = TODAY_NOON + timedelta(hours=r.choice([-1500, -700, -24, 0, 2, 200]))
        clock.move_to(when)  # type: ignore[attr-defined]
        earlier = [problem for problem, logged in made if logged <= when]
        if earlier and r.random() < 0.4:
            api.post("office", f"/problems/{r.choice(earlier)}/flag", {"flagged": True})
        else:
            found = min(when, TODAY_NOON).date().isoformat()
            answer = api.post("office", "/problems", NEW_PROBLEM | {"found_on": found})
            assert answer.status_code == 201, answer.text
            made.append((answer.json()["id"], when))
        for cutoff in [*r.sample(CUTOFFS, 3), when + timedelta(minutes=1)]:
            fresh = LogSnapshots(services.ledger, services.audit.link_at)
            assert seen(kept, cutoff) == seen(fresh, cutoff), (step, cutoff)


def test_an_events_stamp_read_from_its_stored_json_is_its_decoded_timestamp(api: Api) -> None:
    """The replay skips events after its cut-off by this reading alone (an activity's, and any
    other the lists ignore, without decoding them at all)."""
    services = api.services
    for hours in (-2000, -30, 0):
        when = TODAY_NOON + timedelta(hours=hours)
        services.clock.move_to(when)  # type: ignore[attr-defined]
        found = NEW_PROBLEM | {"found_on": when.date().isoformat()}
        problem = api.post("office", "/problems", found).json()["id"]
        api.post("office", f"/problems/{problem}/deadline", {"due_on": "2026-12-30"})
        api.post("lead", f"/problems/{problem}/rectify", {"measures": "m", "result": "r"})
    notifications = services.ledger.recorder.select_notifications(start=1, limit=1000)
    assert len({n.topic for n in notifications}) >= 6  # units, rules, problem steps
    for notification in notifications:
        event = services.ledger.mapper.to_domain_event(notification)
        assert stamp_of(notification.state) == event.timestamp, notification.topic
    assert stamp_of(b'{"originator_topic":"x","timestamp":1}') is None  # not first: decoded
    assert stamp_of(STAMP + b"2026-11-23T04:00:00") is None  # cut short
    assert stamp_of(STAMP + b'yesterday"}') is None
