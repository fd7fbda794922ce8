"""Fixtures: real stores (a SQLite file, a PostgreSQL database of the session's own server)."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

import psycopg
import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

import infrastructure.people as people_store
from api.main import create_app
from application.people import Account
from demo.units import load_demo_units
from domain.actor import Actor, Role
from infrastructure.clock import SteppingClock
from infrastructure.services import Services, build_services
from infrastructure.settings import Settings
from infrastructure.store import set_up_schema
from tests.pg_server import PostgresServer
from tests.snapshot_check import assert_snapshots_round_trip

ROOT_DIR = Path(__file__).resolve().parent.parent
EMBEDDED_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
"""For a test whose store does not matter (a browser story, a person's choices): the HTTP and
application tests run every command and read on both stores; these run on the embedded one."""
TODAY_NOON = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)  # 12:00 in China, a Monday
ADMIN = Actor("test-admin", Role.ADMIN)
_counter = itertools.count()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    if os.environ.get("RECTIFY_SKIP_POSTGRES") == "1":
        pytest.skip("RECTIFY_SKIP_POSTGRES=1")
    server = PostgresServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_template(postgres: PostgresServer) -> str:
    """A database with the schema set up once, copied for each test that needs only a ready
    store (CREATE DATABASE … TEMPLATE): the set-up itself is tested on empty databases."""
    name = f"rectify_template_{os.getpid()}"
    with psycopg.connect(postgres.url("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    set_up_schema(Settings(database_url=postgres.url(name)))
    return name


def postgres_database(server: PostgresServer, template: str = "") -> Iterator[str]:
    name = f"rectify_test_{os.getpid()}_{next(_counter)}"
    copied = f' TEMPLATE "{template}"' if template else ""
    with psycopg.connect(server.url("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"{copied}')
    yield server.url(name)
    with psycopg.connect(server.url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'rectify.sqlite3'}"
        return
    template = request.getfixturevalue("postgres_template")
    yield from postgres_database(request.getfixturevalue("postgres"), template)


@pytest.fixture
def postgres_url(postgres: PostgresServer) -> Iterator[str]:
    yield from postgres_database(postgres)


def make_settings(url: str) -> Settings:
    # Reads wait up to 10 s for a command's position: CI machines are shared and slow at times.
    return Settings(
        database_url=url,
        pool_size=2,
        pool_max_overflow=30,
        log_json=True,
        list_wait_seconds=10,
        run_notifier=False,  # notification tests drive the worker themselves
        prepare_ended_periods=False,  # its tests ask for it: no replays beside the others
    )


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url)


@pytest.fixture(autouse=True, scope="session")
def quick_password_hashing() -> Iterator[None]:
    """argon2id at its lowest cost inside this test process: the same code paths, a hash in
    well under a millisecond rather than ~100 ms (the servers the browser tests start keep the
    real cost)."""
    strong, unknown = people_store.HASHER, people_store.UNKNOWN_HASH
    people_store.HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    people_store.UNKNOWN_HASH = people_store.HASHER.hash("a password nobody has")
    yield
    people_store.HASHER, people_store.UNKNOWN_HASH = strong, unknown


@pytest.fixture
def clock() -> SteppingClock:
    return SteppingClock(TODAY_NOON)


@pytest.fixture
def services(
    settings: Settings, clock: SteppingClock, request: pytest.FixtureRequest
) -> Iterator[Services]:
    """Afterwards, every state the test's commands built must survive a snapshot."""
    built = build_services(settings, clock)
    load_demo_units(built.units, ADMIN)
    yield built
    try:
        if request.node.get_closest_marker("tampers_with_log") is None:
            assert_snapshots_round_trip(built.ledger)
    finally:
        built.close()


@dataclass
class Api:
    """A client of the real app, with a token per role (the unit lead leads civil_affairs)."""

    client: TestClient
    services: Services
    tokens: dict[str, str]

    def headers(self, who: str, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}", **extra}

    def post(self, who: str, path: str, body: object, **headers: str):  # type: ignore[no-untyped-def]
        return self.client.post(path, json=body, headers=self.headers(who, **headers))

    def put(self, who: str, path: str, body: object):  # type: ignore[no-untyped-def]
        return self.client.put(path, json=body, headers=self.headers(who))

    def get(self, who: str, path: str, **params: object):  # type: ignore[no-untyped-def]
        return self.client.get(path, params=params, headers=self.headers(who))

    def history_length(self, problem_id: str) -> int:
        return len(list(self.services.ledger.events.get(UUID(problem_id))))


CREDENTIALS = {
    "admin": (Role.ADMIN, None),
    "office": (Role.OFFICE, None),
    "inspector": (Role.INSPECTOR, None),
    "lead": (Role.UNIT_LEAD, "civil_affairs"),
    "other_lead": (Role.UNIT_LEAD, "transport"),
    "office_unit_lead": (Role.UNIT_LEAD, "gov_service_office"),
}


@pytest.fixture
def api(settings: Settings, services: Services) -> Iterator[Api]:
    tokens = {
        name: services.credentials.issue(name, role, unit).token
        for name, (role, unit) in CREDENTIALS.items()
    }
    with TestClient(create_app(settings, services=services)) as client:
        yield Api(client, services, tokens)


NEW_PROBLEM = {
    "source": "sit_in",
    "category": "policy",
    "unit": "civil_affairs",
    "title": "窗口要求提供清单外材料",
    "description": "办理低保申请时，窗口要求额外提供户籍证明。",
    "found_on": "2026-11-20",
    "found_by": "区民政局分管领导",
}


def run_cli(
    url: str, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`rectify ...` in a subprocess against the database at `url`, with a bare environment
    (and `env` added)."""
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        cwd=ROOT_DIR,
        env={"RECTIFY_DATABASE_URL": url, "PATH": "/usr/bin:/bin", **(env or {})},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


PASSWORD = "first-password-1"


@pytest.fixture
def people(api: Api) -> Api:
    """Workbench accounts: two unit leads (signed in before) and an office clerk (new)."""
    add = api.services.people.add_person
    add(ADMIN, Account("li", "李华", "civil_affairs", Role.UNIT_LEAD, must_change=False), PASSWORD)
    add(ADMIN, Account("wang", "王强", "transport", Role.UNIT_LEAD, must_change=False), PASSWORD)
    add(ADMIN, Account("zhang", "张明", None, Role.OFFICE), PASSWORD)  # must change first
    return api
