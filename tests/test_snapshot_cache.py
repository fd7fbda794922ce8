"""The kept as-of replays answer exactly what a replay from scratch answers, whatever order the
stamps were recorded in (the demo records in simulated time), on both stores."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from application.ports import CHINA
from infrastructure.reports.snapshot import LogSnapshots
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
