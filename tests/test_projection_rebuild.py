"""Rebuilds go into fresh tables and switch over when caught up; readers never lose the lists."""

from __future__ import annotations

import threading

import pytest

from infrastructure.read_models.registry import ProjectionRegistry
from infrastructure.services import Services
from projections.problem_lists import ProblemListsProjection
from tests.conftest import Api
from tests.test_projection_crashes import _until, dump, fill


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
