"""Following the log live on PostgreSQL: a missed notification leaves no read model behind."""

from __future__ import annotations

import time

import pytest
from eventsourcing.postgres import PostgresSubscription

from domain.codes import UnitKind
from infrastructure.clock import SteppingClock
from infrastructure.services import build_services
from tests.conftest import ADMIN, TODAY_NOON, make_settings


@pytest.mark.postgres
def test_a_projection_that_hears_no_notification_still_catches_up(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """eventsourcing's subscription reads the log before it listens; an event committed in that
    gap sends it no notification. Here none arrives at all, and the worker still follows."""

    def deaf(self: PostgresSubscription) -> None:
        while not self._has_been_stopped:
            time.sleep(0.05)

    monkeypatch.setattr(PostgresSubscription, "_listen", deaf)
    services = build_services(make_settings(postgres_url), SteppingClock(TODAY_NOON))
    try:
        services.read_models.start()
        time.sleep(0.5)  # the workers are subscribed (and deaf)
        added = services.units.add_unit("deaf_test", "测试单位", UnitKind.OTHER, ADMIN)
        assert added.code == "deaf_test"
        head = services.ledger.head_position()
        deadline = time.monotonic() + 15
        while any(services.read_models.lag().values()) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert services.read_models.lag() == {"lists": 0, "unit_stats": 0, "activities": 0}
        assert services.ledger.head_position() == head
    finally:
        services.close()
