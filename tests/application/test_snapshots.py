"""Snapshots (ADR 23): taken at every 50th version of a problem or an activity, read only for
the latest state, only by the code that took them and only if the log holds the event they were
taken at; never needed for a right answer. On both stores."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any
from uuid import UUID

import psycopg
import pytest
import structlog

from application.ledger import Ledger, fold
from application.snapshot_state import plain, restore
from application.snapshots import EVERY, StateSnapshot
from demo.units import load_demo_units
from infrastructure.database_url import eventsourcing_env
from infrastructure.services import Services, build_services
from infrastructure.settings import Settings
from infrastructure.store import set_up_schema
from tests.conftest import ADMIN, make_settings
from tests.samples import NEW, OFFICE
from tests.snapshot_check import assert_same

LOOKALIKES = [
    '{"t": "record", "c": "os:system", "v": {}}',
    '{"_type_": "date_iso", "_data_": "2026-01-01"}',
    '=HYPERLINK("http://evil","x")',
    "<script>alert(1)</script>",
    "\u200f整改\u200e 完成 🚩",  # direction marks (overrides are refused)
    "null",
]


def logged(services: Services) -> UUID:
    return UUID(str(services.problems.log_problem(OFFICE, NEW).problem.id))


def flagged_to(services: Services, problem_id: UUID, version: int, reason: str = "督办") -> None:
    current = services.problems.load(problem_id).version
    for n in range(version - current):
        services.problems.flag(OFFICE, problem_id, n % 2 == 0, reason)


def snapshot_at(services: Services, version: int) -> tuple[UUID, Any, StateSnapshot]:
    """A problem brought to `version`, its state, and a snapshot of it (not stored)."""
    problem_id = logged(services)
    flagged_to(services, problem_id, version)
    state = services.ledger.repository.get(problem_id)
    return problem_id, state, StateSnapshot.of(state, services.ledger.snapshot_code)


def from_events(ledger: Ledger, problem_id: UUID, version: int | None = None) -> Any:
    return fold(None, ledger.repository.event_store.get(problem_id, lte=version))


def same(a: Any, b: Any) -> None:
    assert_same(dict(sorted(vars(a).items())), dict(sorted(vars(b).items())), "problem")


def test_a_long_problem_is_snapshotted_every_50_versions_and_reads_as_its_events(
    services: Services,
) -> None:
    ledger = services.ledger
    problem_id = logged(services)
    flagged_to(services, problem_id, 2 * EVERY + 7)
    assert ledger.snapshots is not None
    taken = [s.originator_version for s in ledger.snapshots.get(problem_id)]
    assert taken == [EVERY, 2 * EVERY]
    same(ledger.repository.get(problem_id), from_events(ledger, problem_id))
    for version in (1, EVERY - 1, EVERY, EVERY + 1, 2 * EVERY, 2 * EVERY + 7):
        same(
            ledger.repository.get(problem_id, version=version),
            from_events(ledger, problem_id, version),
        )


def test_a_snapshot_serves_only_the_latest_state_of_the_code_that_took_it(
    services: Services, settings: Settings
) -> None:
    ledger = services.ledger
    problem_id, _, altered = snapshot_at(services, EVERY + 5)
    assert ledger.snapshots is not None
    ledger.snapshots.put([replace(altered, state={**altered.state, "title": "快照里的标题"})])
    assert ledger.repository.get(problem_id).title == "快照里的标题"  # this code reads it
    # an inspector's look at that version replays the chained events, not the snapshot
    assert ledger.repository.get(problem_id, version=EVERY + 5).title == NEW.title
    other = Ledger(env=eventsourcing_env(settings, create_table=False), snapshot_code="older")
    try:
        assert other.repository.get(problem_id).title == NEW.title
    finally:
        other.close()


@pytest.mark.parametrize("fault", ["ahead_of_the_log", "another_event", "unreadable"])
def test_a_snapshot_that_does_not_fit_the_log_is_passed_over_and_logged(
    services: Services, fault: str
) -> None:
    ledger = services.ledger
    problem_id, real, bad = snapshot_at(services, EVERY + 6)
    assert ledger.snapshots is not None
    state = {**bad.state, "title": "不该读到"}
    if fault == "ahead_of_the_log":  # a snapshot at a version the log does not hold
        bad = replace(bad, originator_version=EVERY + 9, state=state)
    elif fault == "another_event":  # at its version, but not the state after the log's event
        bad = replace(bad, state={**state, "_modified_on": plain(real.created_on)})
    else:
        bad = replace(bad, state={**state, "status": {"t": "record", "c": "os:system", "v": {}}})
    ledger.snapshots.put([bad])
    with structlog.testing.capture_logs() as logs:
        read = ledger.repository.get(problem_id)
    same(read, from_events(ledger, problem_id))
    assert [entry["event"] for entry in logs] == ["snapshot_unreadable"]


def test_a_problem_seen_too_short_for_a_snapshot_is_loaded_without_asking_for_one(
    services: Services, settings: Settings
) -> None:
    ledger = services.ledger
    problem_id, _, altered = snapshot_at(services, 5)  # this process saw it at version 5
    assert ledger.snapshots is not None
    ledger.snapshots.put([replace(altered, state={**altered.state, "title": "快照里的标题"})])
    assert ledger.repository.get(problem_id).title == NEW.title  # not asked for
    fresh = Ledger(
        env=eventsourcing_env(settings, create_table=False), snapshot_code=ledger.snapshot_code
    )
    try:  # a process that has not seen it asks, and the snapshot fits the log's event 5
        assert fresh.repository.get(problem_id).title == "快照里的标题"
    finally:
        fresh.close()


def test_a_snapshot_that_cannot_be_stored_does_not_fail_the_command(services: Services) -> None:
    ledger = services.ledger
    problem_id = logged(services)
    flagged_to(services, problem_id, EVERY - 1)
    assert ledger.snapshots is not None
    early = from_events(ledger, problem_id)
    early_snapshot = StateSnapshot.of(early, ledger.snapshot_code)
    ledger.snapshots.put([replace(early_snapshot, originator_version=EVERY)])  # the key is taken
    with structlog.testing.capture_logs() as logs:
        view = services.problems.flag(OFFICE, problem_id, not early.flagged, "第50次")
    assert view.problem.version == EVERY
    assert "snapshot_not_taken" in [entry["event"] for entry in logs]
    same(ledger.repository.get(problem_id), from_events(ledger, problem_id))


@pytest.mark.parametrize("text", LOOKALIKES)
def test_hostile_text_in_the_state_comes_back_as_the_same_text(
    services: Services, text: str
) -> None:
    problem_id = logged(services)
    services.problems.flag(OFFICE, problem_id, True, text)
    aggregate = services.ledger.repository.get(problem_id)
    back = StateSnapshot.of(aggregate, "c").mutate(None)
    assert back.flag_reason == aggregate.flag_reason


@pytest.mark.parametrize(
    "data",
    [
        {"t": "record", "c": "os:system", "v": {}},
        {"t": "enum", "c": "subprocess:Popen", "v": "x"},
        {"t": "record", "c": "builtins:eval", "v": {}},
        {"t": "no such tag", "v": 1},
    ],
)
def test_a_snapshot_never_makes_an_object_outside_the_domain(data: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        restore(data)


def test_values_json_would_blur_keep_their_types() -> None:
    from datetime import UTC, datetime, time

    from domain.district_rules import Phase
    from domain.status import Status

    value = {
        1: (date(2026, 1, 2), time(9, 30)),
        Phase.PLANNING: {"a", "b"},
        "k": [Status.CLOSED, None, 1.5, True, frozenset({3})],
        "when": datetime(2026, 11, 30, 23, 0, tzinfo=UTC),
        "id": UUID(int=7),
    }
    assert_same(restore(plain(value)), value, "value")


@pytest.mark.postgres
def test_a_database_set_up_before_snapshots_gets_their_table(postgres_url: str) -> None:
    settings = make_settings(postgres_url)
    set_up_schema(settings)
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute("DROP TABLE rectify_snapshots")
    set_up_schema(settings)  # the next start of a newer release
    services = build_services(settings)
    try:
        load_demo_units(services.units, ADMIN)
        problem_id = logged(services)
        flagged_to(services, problem_id, EVERY)
        assert services.ledger.snapshots is not None
        assert [s.originator_version for s in services.ledger.snapshots.get(problem_id)] == [EVERY]
    finally:
        services.close()


def test_the_fingerprint_is_the_same_in_every_process_and_names_the_domain_code() -> None:
    import subprocess
    import sys

    from infrastructure.code_fingerprint import domain_fingerprint
    from tests.conftest import ROOT_DIR

    here = domain_fingerprint()
    there = subprocess.run(
        [
            sys.executable,
            "-c",
            "from infrastructure.code_fingerprint import domain_fingerprint as f; print(f())",
        ],
        cwd=ROOT_DIR,
        env={"PYTHONHASHSEED": "123", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert len(here) == 20 and here == there
