"""A runner's lock on PostgreSQL is its connection's: a restart of the database or a killed
backend takes it away without a word. The holder notices and takes it again, a waiter cut off
waits on, and a projection's batch overlapping one committed meanwhile is never applied twice."""

from __future__ import annotations

import threading
import time
import zlib
from typing import Any

import pytest
from eventsourcing.persistence import IntegrityError, Tracking

from infrastructure.database_url import parse_database_url
from infrastructure.read_models.locks import (
    LOCK_NAMESPACE,
    LockLostError,
    projection_lock,
)
from infrastructure.read_models.runner import ProjectionWorker
from infrastructure.read_models.sql_view import SqlRowView
from infrastructure.services import Services, build_services
from infrastructure.settings import Settings
from projections.problem_lists import ProblemListsProjection
from tests.application.test_projection_crashes import fill
from tests.conftest import SteppingClock

pytestmark = pytest.mark.postgres


@pytest.fixture
def database_url(postgres_url: str) -> str:
    return postgres_url


def holder(services: Services, name: str) -> int | None:
    """The backend holding the runner lock `name`, if any."""
    rows = services.sql.execute(
        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
        "AND classid = %s AND objid = %s",
        (LOCK_NAMESPACE, zlib.crc32(name.encode())),
    )
    return int(rows[0][0]) if rows else None


def terminate(services: Services, pid: int) -> None:
    services.sql.execute("SELECT pg_terminate_backend(%s)", (pid,))


def until(condition: Any, timeout: float = 20.0) -> Any:
    deadline = time.monotonic() + timeout
    while not (found := condition()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)
    return found


def test_a_lock_lost_with_its_connection_is_noticed(services: Services, settings: Settings) -> None:
    target = parse_database_url(settings.database_url)
    with projection_lock(target, "test-lock", threading.Event()) as held:
        held.check(now=True)  # held: nothing to say
        pid = holder(services, "test-lock")
        assert pid is not None
        terminate(services, pid)
        until(lambda: holder(services, "test-lock") is None)
        with pytest.raises(LockLostError):
            held.check(now=True)
    # leaving the block after the loss raised nothing; the lock can be taken again at once
    with projection_lock(target, "test-lock", threading.Event()):
        assert holder(services, "test-lock") not in (None, pid)


def test_a_projection_runner_takes_its_lock_again_and_goes_on(services: Services) -> None:
    target = services.read_models.workers["lists"].target
    stop = threading.Event()
    runner = ProjectionWorker(services.ledger, services.sql, target, ProblemListsProjection)
    thread = threading.Thread(target=runner.run, args=(stop,))
    thread.start()
    try:
        first = until(lambda: holder(services, "lists"))
        terminate(services, first)
        second = until(lambda: (h := holder(services, "lists")) not in (None, first) and h)
        assert second != first
        fill(services, per_day=0.3)
        until(lambda: services.read_models.lag()["lists"] == 0, timeout=60)
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()


def test_a_notifier_takes_its_lock_again_and_a_waiter_cut_off_waits_on(
    services: Services, settings: Settings, clock: SteppingClock
) -> None:
    other = build_services(settings, clock)
    stops = [threading.Event(), threading.Event()]
    first = threading.Thread(target=services.notifications.worker.run, args=(stops[0],))
    second = threading.Thread(target=other.notifications.worker.run, args=(stops[1],))
    first.start()
    try:
        held_by = until(lambda: holder(services, "notifier"))
        second.start()
        waiting = until(lambda: _asking_for_the_lock(services, exclude=held_by))
        terminate(services, waiting)  # the waiter's connection: it must wait on, not die
        time.sleep(1.5)
        assert second.is_alive() and holder(services, "notifier") == held_by
        terminate(services, held_by)  # the holder's: one of the two takes the lock again
        again = until(lambda: (h := holder(services, "notifier")) not in (None, held_by) and h)
        time.sleep(2.5)  # more than a check's interval: a holder that lost it has noticed
        assert holder(services, "notifier") == again
        assert first.is_alive() and second.is_alive()
    finally:
        for stop in stops:
            stop.set()
        first.join(10)
        second.join(10)
        other.close()
    assert not first.is_alive() and not second.is_alive()


def _asking_for_the_lock(services: Services, exclude: int) -> int | None:
    rows = services.sql.execute(
        "SELECT pid FROM pg_stat_activity WHERE query LIKE %s AND pid <> %s "
        "AND pid <> pg_backend_pid()",
        ("%pg_try_advisory_lock%", exclude),
    )
    return int(rows[0][0]) if rows else None


def test_a_batch_overlapping_one_committed_meanwhile_is_not_applied(services: Services) -> None:
    """Two runners at once (the lock lost and not yet noticed) read from the same position in
    batches of different lengths; whichever commits second changes nothing."""
    fill(services, per_day=0.2)
    notifications = services.ledger.recorder.select_notifications(start=1, limit=40)
    batch = [
        (services.ledger.mapper.to_domain_event(n), Tracking(services.ledger.name, n.id))
        for n in notifications
    ]
    view = SqlRowView(services.sql, "rp_overlap", ProblemListsProjection.tables)
    view.create_tables()
    projection = ProblemListsProjection(view)
    projection.process_batch(batch[:10])  # the other runner's shorter batch, committed first
    before = services.sql.execute("SELECT number, version FROM rp_overlap_problems ORDER BY 1")
    with pytest.raises(IntegrityError):
        projection.process_batch(batch)  # from the same start: its first ten are applied
    assert services.sql.execute("SELECT number, version FROM rp_overlap_problems ORDER BY 1") == (
        before
    )
    projection.process_batch(batch[10:])  # from where the committed one ended: applied
    assert view.max_tracking_id(services.ledger.name) == batch[-1][1].notification_id
