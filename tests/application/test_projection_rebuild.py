"""Rebuilds go into fresh tables and switch over when caught up; readers never lose the lists."""

from __future__ import annotations

import inspect
import threading
from datetime import UTC, datetime
from typing import Any

import pytest

from domain.problem import Problem
from infrastructure.clock import FixedClock
from infrastructure.read_models.registry import BUILDING, ProjectionRegistry
from infrastructure.read_models.runner import ProjectionStalledError
from infrastructure.services import Services, build_services
from infrastructure.settings import Settings
from projections.problem_lists import ProblemListsProjection
from projections.unit_stats import UnitStatsProjection
from tests.application.test_projection_crashes import _until, dump, fill
from tests.conftest import Api
from tests.samples import NEW, OFFICE


def settled(services: Services) -> None:
    """Wait until the running workers have caught up with the log."""
    _until(lambda: set(services.read_models.lag().values()) == {0})


def test_the_lists_stay_readable_during_a_rebuild(api: Api) -> None:
    fill(api.services, per_day=2.0)
    settled(api.services)
    before = dump(api.services, "lists")
    registry = ProjectionRegistry(api.services.sql)
    generation = registry.active("lists")
    assert generation is not None
    statuses: list[int] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            statuses.append(api.get("office", "/lists/problems", limit=20).status_code)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        rebuilt = api.services.read_models.rebuild(["lists"])[0]
    finally:
        done.set()
        reader.join()
    assert rebuilt.generation == generation.generation + 1
    assert registry.active("lists") == rebuilt
    assert statuses and set(statuses) == {200}  # every read during the rebuild answered
    assert dump(api.services, "lists") == before
    assert registry.retired("lists") == []  # the old tables are gone


def test_bumping_a_projections_version_rebuilds_it_on_start(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(services, per_day=1.0)
    services.read_models.catch_up_now()
    before = dump(services, "lists")
    bumped = ProblemListsProjection.version + 1
    monkeypatch.setattr(ProblemListsProjection, "version", bumped)
    services.read_models.catch_up_now()
    active = ProjectionRegistry(services.sql).active("lists")
    assert active is not None and active.version == bumped
    assert active.prefix.startswith(f"rp_lists_v{bumped}_")
    assert dump(services, "lists") == before


def test_an_unknown_projection_name_is_refused(services: Services) -> None:
    with pytest.raises(ValueError, match="nope"):
        services.read_models.rebuild(["nope"])


def test_projections_bumped_together_rebuild_in_one_pass_over_the_log(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(services, per_day=1.0)
    services.read_models.catch_up_now()
    names = ("lists", "unit_stats")
    before = {name: dump(services, name) for name in names}
    head = services.ledger.head_position()
    recorder = services.ledger.recorder
    reading = recorder.select_notifications
    read: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        found = reading(*args, **kwargs)
        read.append(len(found))
        return found

    monkeypatch.setattr(recorder, "select_notifications", counted)
    for projection in (ProblemListsProjection, UnitStatsProjection):
        monkeypatch.setattr(projection, "version", projection.version + 1)
    registry = ProjectionRegistry(services.sql)
    services.read_models.start()
    try:
        _until(
            lambda: all(
                (active := registry.active(projection.name)) is not None
                and active.version == projection.version
                for projection in (ProblemListsProjection, UnitStatsProjection)
            )
        )
        settled(services)
    finally:
        services.read_models.close()
    assert head <= sum(read) < head * 1.1  # once over the log, not once per projection
    assert {name: dump(services, name) for name in names} == before


def test_a_rebuild_that_meets_an_event_it_cannot_apply_names_its_position(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(services, per_day=1.0)
    services.read_models.catch_up_now()
    registry = ProjectionRegistry(services.sql)
    serving = registry.active("lists")
    assert serving is not None
    logged = [
        n
        for n in services.ledger.recorder.select_notifications(start=0, limit=100_000)
        if n.topic.endswith("Problem.Logged")
    ]
    bad = logged[len(logged) // 2]
    dispatching = inspect.getattr_static(ProblemListsProjection, "evolve")

    def refusing(self: ProblemListsProjection, event: Any, rows: Any) -> None:
        if isinstance(event, Problem.Logged) and event.originator_id == bad.originator_id:
            raise RuntimeError("this projection cannot apply it")
        dispatching.__get__(self, ProblemListsProjection)(event, rows)

    monkeypatch.setattr(ProblemListsProjection, "evolve", refusing)
    with pytest.raises(ProjectionStalledError) as stalled:
        services.read_models.rebuild(["lists", "unit_stats"])
    assert stalled.value.position == bad.id
    assert registry.active("lists") == serving  # readers stay on the tables that were whole
    rebuilt = registry.active("unit_stats")
    assert rebuilt is not None and rebuilt.generation > 1  # the sound one switched over
    monkeypatch.undo()
    assert services.read_models.rebuild(["lists"])[0].generation > serving.generation


def test_a_half_built_generation_of_older_code_is_dropped_not_resumed(
    services: Services,
) -> None:
    fill(services, per_day=0.5)
    services.read_models.catch_up_now()
    before = dump(services, "lists")
    registry = ProjectionRegistry(services.sql)
    older = ProblemListsProjection.version - 1
    stale = registry.start("lists", older, BUILDING, lambda tx, generation: None)
    rebuilt = services.read_models.rebuild(["lists"])[0]
    assert rebuilt.version == ProblemListsProjection.version
    assert registry.building("lists") is None
    assert stale.generation not in {g.generation for g in registry.retired("lists")}
    assert dump(services, "lists") == before


def test_unit_counters_are_the_same_folded_event_by_event_or_in_one_rebuild(
    services: Services,
) -> None:
    """The counters fold once per batch: a problem escalated away from its first unit inside
    one batch never counts there, so a row whose counters are all back at zero must go, or
    the live tables (a batch per command here) and a rebuild (one batch) would differ."""
    for _ in range(3):
        problem = services.problems.log_problem(OFFICE, NEW).problem
        services.read_models.catch_up_now()  # each command its own batch
        services.problems.escalate(OFFICE, problem.id, "transport", "不属本单位职责")
        services.read_models.catch_up_now()
    live = dump(services, UnitStatsProjection.name)
    first_unit = [row for row in live["stats"] if row[0] == NEW.unit]
    assert first_unit == []  # it counted there, then nothing: the row went
    assert {row[0] for row in live["stats"]} == {"transport"}
    services.read_models.rebuild([UnitStatsProjection.name])
    assert dump(services, UnitStatsProjection.name) == live


def test_a_rebuild_flushing_midway_deletes_a_counter_row_it_had_written(
    settings: Settings, services: Services
) -> None:
    """Written at one flush, all back at zero by the next: the row is deleted from the table."""
    problem = services.problems.log_problem(OFFICE, NEW).problem  # 2 events
    services.problems.escalate(OFFICE, problem.id, "transport", "不属本单位职责")
    services.read_models.catch_up_now()
    live = dump(services, UnitStatsProjection.name)
    small = build_services(
        settings.model_copy(update={"rebuild_flush_events": 1, "run_projections": False}),
        FixedClock(datetime(2026, 12, 1, tzinfo=UTC)),
    )
    try:
        small.read_models.rebuild([UnitStatsProjection.name])
        assert dump(small, UnitStatsProjection.name) == live
        assert {row[0] for row in live["stats"]} == {"transport"}
    finally:
        small.close()
