"""Killing a projection worker anywhere in a rebuild loses or doubles nothing; one runner only."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from typing import Any

from demo.activities import DemoYear
from demo.quarter import DemoQuarter
from domain.activity import Activity
from infrastructure.calendar import ChinaWorkingCalendar
from infrastructure.read_models.registry import ProjectionRegistry
from infrastructure.read_models.runner import ProjectionWorker
from infrastructure.services import Services
from projections.activities import ActivitiesProjection
from projections.base import RowProjection
from projections.problem_lists import ProblemListsProjection
from projections.unit_stats import UnitStatsProjection
from tests.conftest import ROOT_DIR

PROJECTIONS: dict[str, type[RowProjection]] = {
    p.name: p for p in (ProblemListsProjection, UnitStatsProjection, ActivitiesProjection)
}


def fill(services: Services, per_day: float) -> int:
    calendar = ChinaWorkingCalendar.from_file(None)
    if not services.ledger.has_any(Activity.Registered):
        DemoYear(services.ledger, services.units, calendar, date(2026, 2, 27)).run()
    DemoQuarter(services.ledger, services.units, calendar, date(2026, 11, 20), seed=7).run(
        days=91, per_day=per_day
    )
    return services.ledger.head_position()


def dump(services: Services, name: str) -> dict[str, list[tuple[Any, ...]]]:
    generation = ProjectionRegistry(services.sql).active(name)
    assert generation is not None
    tables: dict[str, list[tuple[Any, ...]]] = {}
    for spec in PROJECTIONS[name].tables:
        order = ", ".join(spec.key)
        tables[spec.name] = services.sql.execute(
            f"SELECT * FROM {generation.prefix}_{spec.name} ORDER BY {order}"
        )
    return tables


def rebuild_process(url: str, name: str) -> subprocess.Popen[bytes]:
    env = dict(
        os.environ,
        RECTIFY_DATABASE_URL=url,
        RECTIFY_PROJECTION_BATCH_SIZE="40",
        RECTIFY_REBUILD_FLUSH_EVENTS="120",  # a bulk rebuild's writes, where a kill can land
        RECTIFY_LOG_LEVEL="WARNING",
    )
    return subprocess.Popen(
        [sys.executable, "-m", "api.cli", "projections", "rebuild", name],
        cwd=ROOT_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def building_position(services: Services, name: str) -> int:
    generation = ProjectionRegistry(services.sql).building(name)
    if generation is None:
        return 0
    view = services.read_models.workers[name].view_for(generation)
    try:
        return view.max_tracking_id(services.ledger.name) or 0
    except Exception:
        return 0


def kill_after(services: Services, url: str, name: str, position: int) -> bool:
    """Start a rebuild and SIGKILL it once it has passed `position`; False if it finished first."""
    worker = rebuild_process(url, name)
    while worker.poll() is None:
        if building_position(services, name) >= position:
            time.sleep(random.uniform(0, 0.05))  # land anywhere: mid-batch or between batches
            worker.send_signal(signal.SIGKILL)
            worker.wait()
            return True
        time.sleep(0.002)
    return False


def test_a_rebuild_killed_at_random_points_ends_equal_to_a_clean_one(
    services: Services, database_url: str
) -> None:
    head = fill(services, per_day=4.0)
    assert head > 1500
    chooser = random.Random(2026)
    for name in PROJECTIONS:
        thresholds = sorted(chooser.sample(range(50, head - 200), 3))
        kills = sum(kill_after(services, database_url, name, t) for t in thresholds)
        assert kills >= 2, f"{name}: the rebuild outran the kills"
        finish = rebuild_process(database_url, name)
        assert finish.wait(timeout=300) == 0
        survived = dump(services, name)
        clean = rebuild_process(database_url, name)
        assert clean.wait(timeout=300) == 0
        assert dump(services, name) == survived, f"{name} after {kills} kills"
        assert len(survived[PROJECTIONS[name].tables[0].name]) > 0


def test_a_second_runner_waits_and_takes_over_when_the_first_stops(services: Services) -> None:
    target = services.read_models.workers["lists"].target
    first_stop, second_stop = threading.Event(), threading.Event()
    first = ProjectionWorker(services.ledger, services.sql, target, ProblemListsProjection)
    second = ProjectionWorker(services.ledger, services.sql, target, ProblemListsProjection)
    processed: list[tuple[str, int]] = []
    first.after_batch = lambda position: processed.append(("first", position))
    second.after_batch = lambda position: processed.append(("second", position))
    threads = [
        threading.Thread(target=first.run, args=(first_stop,)),
        threading.Thread(target=second.run, args=(second_stop,)),
    ]
    threads[0].start()
    time.sleep(0.5)
    threads[1].start()
    head = fill(services, per_day=0.3)
    _until(lambda: services.read_models.lag()["lists"] == 0)
    assert {who for who, _ in processed} == {"first"}
    first_stop.set()
    threads[0].join(10)
    more = fill(services, per_day=0.3)
    assert more > head
    _until(lambda: services.read_models.lag()["lists"] == 0)
    second_stop.set()
    threads[1].join(10)
    assert {who for who, position in processed if position > head} == {"second"}
    positions = [position for _, position in processed]
    assert positions == sorted(positions) and len(positions) == len(set(positions))


def _until(condition: Any, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)
