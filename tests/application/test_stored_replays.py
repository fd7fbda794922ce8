"""Replays of past cut-offs kept in the database (ADR 41): a new process answers what a replay
from the log's first event answers, reading only the events recorded since the copy; a copy of
another version, damaged or missing, is replayed again; at most `KEPT` are kept; both stores."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from application.ports import CHINA
from demo.quarter import DemoQuarter
from infrastructure.calendar import ChinaWorkingCalendar
from infrastructure.reports.snapshot import LogSnapshots
from infrastructure.reports.stored_replays import KEPT, StoredReplays
from infrastructure.services import Services
from tests.application.test_snapshot_cache import CountingLedger
from tests.application.test_snapshot_seed import in_order
from tests.conftest import NEW_PROBLEM, Api
from tests.samples import NEW, OFFICE

OCTOBER_END = datetime(2026, 11, 1, tzinfo=CHINA)


def new_process(services: Services, ledger: Any = None, store: Any = None) -> LogSnapshots:
    """The snapshots a process just started has: nothing replayed in memory."""
    store = store or StoredReplays(services.sql)
    return LogSnapshots(ledger or services.ledger, services.audit.link_at, stored=store)


def from_the_log(services: Services, cutoff: datetime) -> tuple[Any, ...]:
    return in_order(LogSnapshots(services.ledger, services.audit.link_at).as_of(cutoff))


def stored_cutoffs(services: Services) -> list[str]:
    return [row[0] for row in services.sql.execute("SELECT cutoff FROM rectify_replays")]


def demo_flows(services: Services, seed: int) -> None:
    """Forty days of the demo's problems up to 20 November, each its whole flow."""
    calendar = ChinaWorkingCalendar.from_file(None)
    DemoQuarter(services.ledger, services.units, calendar, date(2026, 11, 20), seed=seed).run(
        days=40, per_day=2.0
    )


def test_a_past_cut_off_is_replayed_once_for_every_process_to_come(api: Api) -> None:
    services = api.services
    demo_flows(services, seed=5)
    first = new_process(services)
    assert in_order(first.as_of(OCTOBER_END, lasting=True)) == from_the_log(services, OCTOBER_END)
    assert len(stored_cutoffs(services)) == 1
    head = services.ledger.head_position()
    services.clock.move_to(OCTOBER_END - timedelta(days=3))  # type: ignore[attr-defined]
    backdated = api.post("office", "/problems", NEW_PROBLEM | {"found_on": "2026-10-27"})
    assert backdated.status_code == 201  # recorded since the copy, stamped before the cut-off
    counting = CountingLedger(services.ledger)
    second = new_process(services, counting)
    assert in_order(second.as_of(OCTOBER_END, lasting=True)) == from_the_log(services, OCTOBER_END)
    assert 0 < counting.rows_read <= services.ledger.head_position() - head
    unchanged = CountingLedger(services.ledger)
    third = new_process(services, unchanged)  # the second kept its copy again, read on to head
    assert in_order(third.as_of(OCTOBER_END, lasting=True)) == from_the_log(services, OCTOBER_END)
    assert unchanged.rows_read == 0


def test_the_service_keeps_ended_periods_replays_and_not_nows(api: Api) -> None:
    """An ended quarter's submission and an ended month's bulletin leave a copy each; the
    running month's bulletin (as of now) leaves none."""
    assert api.post("office", "/problems", NEW_PROBLEM | {"found_on": "2026-09-18"}).is_success
    assert api.get("office", "/reports/bulletin", period="2026-11").status_code == 200
    assert stored_cutoffs(api.services) == []
    assert api.get("office", "/reports/quarterly", quarter="2026Q3").status_code == 200
    assert api.get("lead", "/reports/bulletin", period="2026-10").status_code == 200
    assert sorted(stored_cutoffs(api.services)) == [
        "2026-09-30T16:00:00+00:00",  # 1 October, 00:00 in China
        "2026-10-31T16:00:00+00:00",
    ]


def test_a_copy_of_another_version_or_damaged_is_replayed_again(services: Services) -> None:
    services.problems.log_problem(OFFICE, NEW)
    new_process(services).as_of(datetime(2027, 12, 1, tzinfo=CHINA), lasting=True)
    assert len(stored_cutoffs(services)) == 1  # kept though nothing was passed over (ADR 43)
    services.sql.execute("DELETE FROM rectify_replays")
    before = datetime(2026, 11, 23, 11, tzinfo=CHINA)  # the problem is stamped at noon
    new_process(services).as_of(before)  # not an ended period's end: no copy
    assert stored_cutoffs(services) == []
    new_process(services).as_of(before, lasting=True)
    assert len(stored_cutoffs(services)) == 1
    assert StoredReplays(services.sql).load(before) is not None
    assert StoredReplays(services.sql, version=1).load(before) is None
    services.sql.execute("UPDATE rectify_replays SET tables = %s", (b"not a copy",))
    assert StoredReplays(services.sql).load(before) is None
    again = new_process(services).as_of(before, lasting=True)
    assert in_order(again) == from_the_log(services, before)
    assert StoredReplays(services.sql).load(before) is not None  # made and kept again


def test_at_most_kept_cut_offs_are_stored(services: Services) -> None:
    services.problems.log_problem(OFFICE, NEW)
    store = StoredReplays(services.sql)
    for month in range(KEPT + 3):
        cutoff = datetime(2025, 1, 1, tzinfo=CHINA) + timedelta(days=31 * month)
        new_process(services, store=store).as_of(cutoff, lasting=True)
    assert len(stored_cutoffs(services)) == KEPT
