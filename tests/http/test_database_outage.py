"""While PostgreSQL is down the service answers 503 problem+json (also from the idempotency
middleware, outside the routes) and recovers by itself when the database is back."""

from __future__ import annotations

import time
from collections.abc import Iterator

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from demo.units import load_demo_units
from domain.actor import Role
from infrastructure.services import build_services
from tests.conftest import ADMIN, NEW_PROBLEM, make_settings
from tests.pg_server import PostgresServer


@pytest.fixture
def own_postgres() -> Iterator[PostgresServer]:
    """A server of this test's own: stopping the session's would fail every other test."""
    server = PostgresServer()
    server.start()
    yield server
    server.stop()


def _ctl(server: PostgresServer, *args: str) -> None:
    server._run("pg_ctl", "-D", str(server.datadir), *args)


@pytest.mark.postgres
def test_the_service_answers_503_while_the_database_is_down_and_recovers(
    own_postgres: PostgresServer,
) -> None:
    with psycopg.connect(own_postgres.url("postgres"), autocommit=True) as admin:
        admin.execute("CREATE DATABASE outage")
    settings = make_settings(own_postgres.url("outage")).model_copy(
        update={"connect_timeout": 1, "run_projections": False}
    )
    services = build_services(settings)
    load_demo_units(services.units, ADMIN)
    token = services.credentials.issue("office", Role.OFFICE, None).token
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(settings, services=services)) as client:
        created = client.post(
            "/problems", json=NEW_PROBLEM, headers=headers | {"Idempotency-Key": "k1"}
        )
        assert created.status_code == 201
        problem = created.json()["id"]

        _ctl(own_postgres, "-m", "fast", "-w", "stop")
        try:
            for answer in (
                client.post(
                    "/problems", json=NEW_PROBLEM, headers=headers | {"Idempotency-Key": "k2"}
                ),
                client.post("/problems", json=NEW_PROBLEM, headers=headers),
                client.get(f"/problems/{problem}", headers=headers),
                client.get("/readyz"),
            ):
                assert answer.status_code == 503, answer.text
                if answer.request.url.path != "/readyz":
                    assert answer.headers["content-type"].startswith("application/problem+json")
                    assert answer.json()["type"] == "urn:rectify:error:unavailable"
        finally:
            own_postgres.start_server()

        deadline = time.monotonic() + 30
        while True:
            retry = client.post(
                "/problems", json=NEW_PROBLEM, headers=headers | {"Idempotency-Key": "k2"}
            )
            if retry.status_code == 201 or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert retry.status_code == 201, retry.text
        again = client.post(
            "/problems", json=NEW_PROBLEM, headers=headers | {"Idempotency-Key": "k2"}
        )
        assert again.json()["id"] == retry.json()["id"]  # the retry is one problem, not two
        assert client.get("/readyz").status_code == 200
    services.close()
