"""Following the log live on PostgreSQL: another process's commits wake the workers through
LISTEN/NOTIFY, and a notification never heard leaves no read model behind."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from domain.codes import UnitKind
from infrastructure.clock import SteppingClock
from infrastructure.read_models import runner
from infrastructure.read_models.log_listener import LogListener
from infrastructure.services import Services, build_services
from tests.conftest import ADMIN, TODAY_NOON, make_settings

pytestmark = pytest.mark.postgres


@pytest.fixture
def writer(postgres_url: str) -> Iterator[Services]:
    """Another process, as far as the followers know: its saves do not wake them directly."""
    settings = make_settings(postgres_url).model_copy(update={"run_projections": False})
    services = build_services(settings, SteppingClock(TODAY_NOON))
    yield services
    services.close()


def caught_up(services: Services, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while set(services.read_models.lag().values()) != {0}:  # None: nothing applied yet
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_another_processs_commit_wakes_the_workers(
    postgres_url: str, writer: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(runner.POLL_SECONDS, "postgres", 600.0)  # no poll would come in time
    services = build_services(make_settings(postgres_url), SteppingClock(TODAY_NOON))
    try:
        writer.units.add_unit("first_test", "测试单位", UnitKind.OTHER, ADMIN)
        services.read_models.start()
        assert caught_up(services, 30)  # their first read, on start
        writer.units.add_unit("heard_test", "测试单位", UnitKind.OTHER, ADMIN)
        assert caught_up(services, 30)  # only the listener can have woken them
    finally:
        services.close()


def test_a_worker_that_hears_no_notification_still_catches_up(
    postgres_url: str, writer: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    def deaf(self: LogListener, stop: threading.Event) -> None:
        self.listening.set()
        stop.wait()

    monkeypatch.setattr(LogListener, "_listen", deaf)
    monkeypatch.setitem(runner.POLL_SECONDS, "postgres", 0.2)
    services = build_services(make_settings(postgres_url), SteppingClock(TODAY_NOON))
    try:
        services.read_models.start()
        writer.units.add_unit("deaf_test", "测试单位", UnitKind.OTHER, ADMIN)
        head = writer.ledger.head_position()
        assert caught_up(services, 30)  # by polling
        assert services.read_models.lag() == {
            "lists": 0,
            "unit_stats": 0,
            "activities": 0,
            "accounts": 0,
        }
        assert services.ledger.head_position() == head
    finally:
        services.close()
