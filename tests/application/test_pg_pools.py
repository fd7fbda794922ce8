"""Both PostgreSQL pools hand out the connection returned last (ADR 24), the read models' pool
checks a connection on checkout only after it has been idle a while, and plans for SSD."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from eventsourcing.postgres import PostgresApplicationRecorder
from psycopg_pool import ConnectionPool

from infrastructure.clock import FixedClock
from infrastructure.database_url import PostgresTarget, parse_database_url
from infrastructure.pg_pools import EventStorePool, ReadModelPool
from infrastructure.services import build_services
from infrastructure.sql import PostgresDatabase
from tests.conftest import make_settings


def test_the_read_models_pool_hands_out_the_connection_returned_last(postgres_url: str) -> None:
    with ReadModelPool(postgres_url, min_size=3, max_size=3, open=True) as pool:
        pool.wait()
        with pool.connection() as first, pool.connection() as second:
            returned_last = first.info.backend_pid  # `second` goes back before it
            assert second.info.backend_pid != returned_last
        for _ in range(4):  # the idle-longest order would give the third connection now
            with pool.connection() as connection:
                assert connection.info.backend_pid == returned_last


def test_the_event_stores_pool_hands_out_the_connection_returned_last(postgres_url: str) -> None:
    services = build_services(
        make_settings(postgres_url), FixedClock(datetime(2026, 12, 1, tzinfo=UTC))
    )
    try:
        recorder = services.ledger.recorder
        assert isinstance(recorder, PostgresApplicationRecorder)
        datastore = recorder.datastore
        assert isinstance(datastore.pool, EventStorePool)
        datastore.pool.wait()
        with datastore.get_connection() as first, datastore.get_connection() as second:
            returned_last = first.info.backend_pid
            assert second.info.backend_pid != returned_last
        for _ in range(4):
            with datastore.get_connection() as connection:
                assert connection.info.backend_pid == returned_last
    finally:
        services.close()


def test_a_connection_returned_moments_ago_is_not_pinged_but_an_idle_one_is(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pings: list[object] = []
    monkeypatch.setattr(ConnectionPool, "check_connection", staticmethod(pings.append))
    with ReadModelPool(postgres_url, min_size=1, max_size=1, open=True) as pool:
        with pool.connection():
            pass
        assert len(pings) == 1  # never handed back yet: checked
        with pool.connection():
            pass
        assert len(pings) == 1  # handed back moments ago: a request's next statement
        monkeypatch.setattr(ReadModelPool, "RECENT_SECONDS", 0.0)
        time.sleep(0.01)
        with pool.connection():
            pass
        assert len(pings) == 2  # idle past the window: checked again


def test_read_model_connections_plan_for_data_in_memory(postgres_url: str) -> None:
    """Each execution planned with its values, and random reads priced as on SSD (ADR 27)."""
    target = parse_database_url(postgres_url)
    assert isinstance(target, PostgresTarget)
    database = PostgresDatabase(target)
    try:
        assert database.execute("SHOW random_page_cost") == [("1.1",)]
        assert database.execute("SHOW plan_cache_mode") == [("force_custom_plan",)]
    finally:
        database.close()
