"""The ended periods' replays made ahead of their readers (ADR 43): after the worker's round a
new process answers last month's and last quarter's cut-offs from the kept copies without
reading the log, the serving process from its own memory; the served app runs the worker at
start-up; both stores."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from application.ports import CHINA
from application.submissions import period_cutoff
from domain.periods import last_ended_month, last_ended_quarter, parse_period
from infrastructure.database_url import parse_database_url
from infrastructure.reports.period_ends import ATTEMPTS, PeriodEnds
from infrastructure.reports.stored_replays import StoredReplays
from infrastructure.services import Services
from infrastructure.settings import Settings
from tests.application.test_snapshot_cache import CountingLedger
from tests.application.test_snapshot_seed import in_order
from tests.application.test_stored_replays import (
    demo_flows,
    from_the_log,
    new_process,
    stored_cutoffs,
)
from tests.conftest import NEW_PROBLEM, Api

OCTOBER_END = datetime(2026, 11, 1, tzinfo=CHINA)
SEPTEMBER_END = datetime(2026, 10, 1, tzinfo=CHINA)


def test_the_last_ended_month_and_quarter() -> None:
    assert last_ended_month(date(2026, 12, 2)).key == "2026-11"
    assert last_ended_month(date(2026, 1, 1)).key == "2025-12"
    assert last_ended_quarter(date(2026, 12, 2)).key == "2026Q3"
    assert last_ended_quarter(date(2026, 1, 31)).key == "2025Q4"
    assert last_ended_quarter(date(2026, 4, 1)).key == "2026Q1"
    assert period_cutoff(parse_period("2026Q3")) == SEPTEMBER_END


def worker(services: Services) -> PeriodEnds:
    target = parse_database_url(services.settings.database_url)
    return PeriodEnds(services.submissions, StoredReplays(services.sql), services.clock, target)


def test_a_round_leaves_last_month_and_quarter_for_every_process(api: Api) -> None:
    services = api.services
    demo_flows(services, seed=3)
    ends = worker(services)
    assert ends.step() == ["2026Q3", "2026-10"] and ends.step() == []  # once a day
    kept = {datetime.fromisoformat(cutoff) for cutoff in stored_cutoffs(services)}
    assert kept == {OCTOBER_END, SEPTEMBER_END}
    for cutoff in (OCTOBER_END, SEPTEMBER_END):
        counting = CountingLedger(services.ledger)
        later = new_process(services, counting)
        assert in_order(later.as_of(cutoff, lasting=True)) == from_the_log(services, cutoff)
        assert counting.rows_read == 0  # nothing recorded since the round: no event read
    snapshots = services.submissions.snapshots
    answered = {slot[0] for slot in snapshots.answers}  # type: ignore[attr-defined]
    assert answered == {OCTOBER_END, SEPTEMBER_END}  # the bulletins, made in this process
    services.clock.move_to(datetime(2026, 11, 24, 1, tzinfo=UTC))  # type: ignore[attr-defined]
    assert ends.step() == [] and worker(services).step() == []  # a new day, a restart: kept
    services.clock.move_to(datetime(2026, 11, 30, 16, 1, tzinfo=UTC))  # 00:01, 1 December
    assert ends.step() == ["2026-11"]  # the month just ended; the quarter is kept
    assert datetime(2026, 12, 1, tzinfo=CHINA) in {
        datetime.fromisoformat(cutoff) for cutoff in stored_cutoffs(services)
    }


def test_a_period_just_ended_is_kept_before_anything_is_recorded_after_it(api: Api) -> None:
    """Just after midnight on the first, the replay of the month has passed over nothing: it
    is kept all the same, and read on from by whoever asks once the new month has events."""
    services, clock = api.services, api.services.clock
    assert api.post("office", "/problems", NEW_PROBLEM).status_code == 201
    month_end = datetime(2026, 12, 1, tzinfo=CHINA)
    clock.move_to(month_end + timedelta(seconds=30))  # type: ignore[attr-defined]
    assert worker(services).step() == ["2026Q3", "2026-11"]
    assert month_end.astimezone(UTC).isoformat() in stored_cutoffs(services)
    assert api.post("office", "/problems", NEW_PROBLEM).status_code == 201  # in December
    counting = CountingLedger(services.ledger)
    later = new_process(services, counting)
    assert in_order(later.as_of(month_end, lasting=True)) == from_the_log(services, month_end)
    assert 0 < counting.rows_read <= 3  # December's problem's events, passed over
    assert len(later.as_of(month_end, lasting=True).problems) == 1


def test_the_served_app_prepares_the_ended_periods_at_start(
    settings: Settings, services: Services
) -> None:
    assert stored_cutoffs(services) == []
    served = settings.model_copy(update={"prepare_ended_periods": True})
    with TestClient(create_app(served, services=services)):
        waited = time.monotonic() + 30
        while len(stored_cutoffs(services)) < 2 and time.monotonic() < waited:
            time.sleep(0.05)
    kept = {datetime.fromisoformat(cutoff) for cutoff in stored_cutoffs(services)}
    assert kept == {OCTOBER_END, SEPTEMBER_END}
    assert services.period_ends.thread is None  # stopped with the app


class Unreadable:
    """Copies that cannot even be looked for: each round fails."""

    def __init__(self) -> None:
        self.asked = 0

    def holds(self, cutoff: datetime) -> bool:
        self.asked += 1
        raise RuntimeError("the database went away")


def test_a_round_that_keeps_failing_waits_for_the_next_day(services: Services) -> None:
    unreadable = Unreadable()
    target = parse_database_url(services.settings.database_url)
    ends = PeriodEnds(services.submissions, unreadable, services.clock, target)  # type: ignore[arg-type]
    for _ in range(ATTEMPTS):
        with pytest.raises(RuntimeError):
            ends.step()
    assert ends.step() == [] and unreadable.asked == ATTEMPTS  # not again today
    services.clock.move_to(datetime(2026, 11, 24, 1, tzinfo=UTC))  # type: ignore[attr-defined]
    with pytest.raises(RuntimeError):
        ends.step()  # tried again the next day
    ends.stored = StoredReplays(services.sql)
    assert ends.step() == ["2026Q3", "2026-10"]
