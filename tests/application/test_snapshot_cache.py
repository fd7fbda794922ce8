"""The kept as-of replays answer exactly what a replay from scratch answers, whatever order the
stamps were recorded in (the demo records in simulated time), on both stores."""

from __future__ import annotations

import random
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any

import pytest
from eventsourcing.persistence import Notification

from application.ports import CHINA
from application.submissions import Snapshot
from infrastructure.reports.snapshot import STAMP, LogSnapshots, stamp_of
from tests.conftest import NEW_PROBLEM, TODAY_NOON, Api

CUTOFFS = [
    datetime(2026, 10, 1, tzinfo=CHINA),
    datetime(2026, 11, 1, tzinfo=CHINA),
    datetime(2026, 11, 23, 12, 30, tzinfo=CHINA),
    datetime(2026, 12, 1, tzinfo=CHINA),
]


def seen(snapshots: LogSnapshots, cutoff: datetime) -> tuple[int, list[tuple[str, str, bool]]]:
    return statuses(snapshots.as_of(cutoff))


def statuses(snapshot: Snapshot) -> tuple[int, list[tuple[str, str, bool]]]:
    """What a report reads of each problem, a changed row's (its flag) among it."""
    return snapshot.position, sorted((p.problem_id, p.status, p.flagged) for p in snapshot.problems)


@pytest.mark.parametrize("page", [1000, 3])
def test_kept_replays_equal_fresh_ones_through_stamps_in_any_order(api: Api, page: int) -> None:
    """Pages of three events: whole pages are passed unread by their earliest stamp; the kept
    answers (`derived`) are those of fresh replays too."""
    services = api.services
    kept = LogSnapshots(services.ledger, services.audit.link_at, page)
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
            expected = seen(fresh, cutoff)
            assert seen(kept, cutoff) == expected, (step, cutoff)
            assert kept.derived(cutoff, "seen", statuses) == expected, (step, cutoff)


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


class CountingLedger:
    """The real ledger, its recorder's notification reads counted (how many rows they return)."""

    def __init__(self, ledger: Any) -> None:
        self.mapper = ledger.mapper
        self.recorder = self
        self.real = ledger.recorder
        self.rows_read = 0

    def select_notifications(self, *args: Any, **kwargs: Any) -> Sequence[Notification]:
        found = self.real.select_notifications(*args, **kwargs)
        self.rows_read += len(found)
        return found

    def max_notification_id(self) -> int | None:
        return self.real.max_notification_id()  # type: ignore[no-any-return]


def test_a_period_before_the_logs_stamps_is_answered_without_reading_it_again(api: Api) -> None:
    """Once a replay has read the log, whole pages stamped after a cut-off are passed by: a
    ranking or bulletin of a month before the district began costs no read of the log."""
    services = api.services
    for hours in (-30, -2, 0):
        services.clock.move_to(TODAY_NOON + timedelta(hours=hours))  # type: ignore[attr-defined]
        for _ in range(4):
            assert api.post("office", "/problems", NEW_PROBLEM).status_code == 201
    counting = CountingLedger(services.ledger)
    kept = LogSnapshots(counting, services.audit.link_at, page=5)  # type: ignore[arg-type]
    total = services.ledger.recorder.max_notification_id()
    now = kept.as_of(TODAY_NOON + timedelta(hours=1))
    assert counting.rows_read == total and len(now.problems) == 12
    counting.rows_read = 0
    before_all = kept.as_of(datetime(2020, 1, 1, tzinfo=CHINA))
    assert counting.rows_read < 5  # the tail page, not whole: read again
    assert (before_all.position, before_all.problems) == (0, [])
    fresh = LogSnapshots(services.ledger, services.audit.link_at)
    yesterday = TODAY_NOON - timedelta(hours=20)
    counting.rows_read = 0
    assert seen(kept, yesterday) == seen(fresh, yesterday)
    assert 0 < counting.rows_read < total
    assert len(kept.as_of(yesterday).problems) == 4


def test_a_kept_answer_is_made_again_only_when_the_log_adds_an_event_before_its_cut_off(
    api: Api,
) -> None:
    """A past period's standing outlives the replay it came from (three are kept): asked
    again, only the events recorded since are read."""
    services, clock = api.services, api.services.clock
    for hours in (-30, -2):
        clock.move_to(TODAY_NOON + timedelta(hours=hours))  # type: ignore[attr-defined]
        assert api.post("office", "/problems", NEW_PROBLEM).status_code == 201
    counting = CountingLedger(services.ledger)
    kept = LogSnapshots(counting, services.audit.link_at, page=4)  # type: ignore[arg-type]
    made: list[int] = []

    def problems(snapshot: Snapshot) -> int:
        made.append(len(snapshot.problems))
        return made[-1]

    cutoff = TODAY_NOON - timedelta(hours=1)
    assert kept.derived(cutoff, "problems", problems) == 2 and made == [2]
    for hours in (-29, -20, -10, -5):  # four other past cut-offs: the replay behind it goes
        kept.as_of(TODAY_NOON + timedelta(hours=hours))
    assert cutoff not in kept.fixed and kept.rolling is None
    clock.move_to(TODAY_NOON + timedelta(hours=1))  # type: ignore[attr-defined]
    assert api.post("office", "/problems", NEW_PROBLEM).status_code == 201
    counting.rows_read = 0
    assert kept.derived(cutoff, "problems", problems) == 2 and made == [2]
    assert 0 < counting.rows_read <= 4  # the new problem's events, not the log
    clock.move_to(TODAY_NOON - timedelta(hours=3))  # type: ignore[attr-defined]
    assert api.post("office", "/problems", NEW_PROBLEM).status_code == 201  # stamped before it
    assert kept.derived(cutoff, "problems", problems) == 3 and made == [2, 3]
    fresh = LogSnapshots(services.ledger, services.audit.link_at)
    assert len(fresh.as_of(cutoff).problems) == 3


def test_a_kept_answer_does_not_wait_for_another_cut_offs_replay(api: Api) -> None:
    services = api.services
    assert api.post("office", "/problems", NEW_PROBLEM).status_code == 201
    kept = LogSnapshots(services.ledger, services.audit.link_at)
    cutoff = TODAY_NOON + timedelta(hours=1)

    def problems(snapshot: Snapshot) -> int:
        return len(snapshot.problems)

    assert kept.derived(cutoff, "problems", problems) == 1
    with ThreadPoolExecutor(1) as pool, kept.lock:  # a long replay of another cut-off
        assert pool.submit(kept.derived, cutoff, "problems", problems).result(timeout=10) == 1


def test_replays_and_kept_answers_asked_at_once_equal_fresh_ones(api: Api) -> None:
    """Six readers ask for six cut-offs, replays and kept answers mixed, while problems are
    logged (stamped after every cut-off): each answer is what a fresh replay gives."""
    services, clock = api.services, api.services.clock
    for hours in (-700, -300, -30, -2):
        when = TODAY_NOON + timedelta(hours=hours)
        clock.move_to(when)  # type: ignore[attr-defined]
        found = NEW_PROBLEM | {"found_on": when.date().isoformat()}
        for _ in range(3):
            assert api.post("office", "/problems", found).status_code == 201
    clock.move_to(TODAY_NOON + timedelta(hours=2))  # type: ignore[attr-defined]
    kept = LogSnapshots(services.ledger, services.audit.link_at, page=4)
    cutoffs = [TODAY_NOON + timedelta(hours=h) for h in (-800, -500, -100, -10, -1, 1)]

    def ask(seed: int) -> list[tuple[datetime, tuple[int, list[tuple[str, str, bool]]]]]:
        r = random.Random(seed)
        answers = []
        for _ in range(15):
            cutoff = r.choice(cutoffs)
            if r.random() < 0.5:
                answers.append((cutoff, kept.derived(cutoff, "seen", statuses)))
            else:
                answers.append((cutoff, statuses(kept.as_of(cutoff))))
        return answers

    with ThreadPoolExecutor(6) as pool:
        asked = [pool.submit(ask, seed) for seed in range(6)]
        for _ in range(5):
            assert api.post("office", "/problems", NEW_PROBLEM).status_code == 201
        answers = [answer for future in asked for answer in future.result(timeout=60)]
    fresh = LogSnapshots(services.ledger, services.audit.link_at)
    expected = {cutoff: seen(fresh, cutoff) for cutoff in cutoffs}
    assert [len(expected[c][1]) for c in cutoffs] == [0, 3, 6, 9, 12, 12]
    assert all(answer == expected[cutoff] for cutoff, answer in answers)


def test_now_rolls_on_past_events_recorded_after_it_was_taken(api: Api) -> None:
    """Another request records an event between "now" being taken and the replay reading the
    log: the replay leaves it for the next "now", which reads it alone instead of the log."""
    services, clock = api.services, api.services.clock
    for hours in (1, 2):  # after the units and rules the fixture recorded
        clock.move_to(TODAY_NOON + timedelta(hours=hours))  # type: ignore[attr-defined]
        assert api.post("office", "/problems", NEW_PROBLEM).status_code == 201
    counting = CountingLedger(services.ledger)
    kept = LogSnapshots(counting, services.audit.link_at)  # type: ignore[arg-type]
    after = TODAY_NOON + timedelta(hours=3)
    taken = after - timedelta(minutes=1)  # "now", then a problem logged meanwhile
    clock.move_to(after)  # type: ignore[attr-defined]
    late = api.post("office", "/problems", NEW_PROBLEM).json()["id"]
    assert len(kept.as_of(taken).problems) == 2
    assert kept.rolling is not None and not kept.fixed
    counting.rows_read = 0
    later = kept.as_of(after + timedelta(seconds=1))
    assert 0 < counting.rows_read <= 3  # the late problem's events
    assert late in {p.problem_id for p in later.problems}
    fresh = LogSnapshots(services.ledger, services.audit.link_at)
    for cutoff in (after + timedelta(seconds=1), after, taken):  # asked again: the same answers
        assert seen(kept, cutoff) == seen(fresh, cutoff)


def test_an_event_stamped_after_now_but_followed_by_earlier_ones_is_passed(api: Api) -> None:
    """Stamps out of the log's order (an import in simulated time): an event after the cut-off
    that earlier-stamped ones follow is passed over as before, and the replay is kept by its
    cut-off."""
    services, clock = api.services, api.services.clock
    for hours in (5, 2):
        clock.move_to(TODAY_NOON + timedelta(hours=hours))  # type: ignore[attr-defined]
        assert api.post("office", "/problems", NEW_PROBLEM).status_code == 201
    kept = LogSnapshots(services.ledger, services.audit.link_at)
    cutoff = TODAY_NOON + timedelta(hours=3)
    assert len(kept.as_of(cutoff).problems) == 1
    assert kept.rolling is None and cutoff in kept.fixed
