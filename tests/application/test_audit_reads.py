"""The access log and the credential log read their events through an index of their own
(infrastructure/audit_reads.py): the same rows as the library's walk over the whole log, from
any position, and each store's planner does use the index. Both stores."""

from __future__ import annotations

import sqlite3
from typing import Any

import psycopg
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder

from domain.actor import Actor, Role
from infrastructure.audit_reads import AUDIT_TOPICS, audit_select
from infrastructure.chained_store import PG_EVENTS, SQLITE_EVENTS
from infrastructure.services import Services
from tests.conftest import Api
from tests.http.test_supervision_workflow import log

ACCESS, CREDENTIALS = list(AUDIT_TOPICS[:2]), list(AUDIT_TOPICS[2:])


def walked(services: Services, topics: list[str], start: int, limit: int) -> list[Any]:
    """The library's own read (its class, skipping ours), for comparison."""
    recorder = services.ledger.recorder
    postgres = isinstance(recorder, PostgresApplicationRecorder)
    library = PostgresApplicationRecorder if postgres else SQLiteApplicationRecorder
    found: list[Any] = library.select_notifications(
        recorder, start, limit, topics=topics, inclusive_of_start=False
    )
    return found


def test_audit_reads_find_what_the_whole_log_walk_finds(api: Api) -> None:
    pid = log(api)
    for _ in range(3):  # an inspector's reads (recorded) among problems logged and handed out
        assert api.get("inspector", f"/problems/{pid}").status_code == 200
        log(api)
    assert api.get("inspector", "/lists/problems").status_code == 200  # consulted
    admin = Actor("chen", Role.ADMIN)
    api.services.credential_register.issue(admin, "later-clerk", Role.OFFICE, None)
    api.services.credential_register.revoke(admin, "later-clerk")
    recorder = api.services.ledger.recorder
    head = api.services.ledger.head_position()
    for topics in (ACCESS, CREDENTIALS, ACCESS[:1], list(AUDIT_TOPICS)):
        every = walked(api.services, topics, 0, 1000)
        assert every, topics
        for start in range(0, head + 1, 3):
            for limit in (1, 2, 1000):
                ours = recorder.select_notifications(
                    start, limit, topics=topics, inclusive_of_start=False
                )
                assert ours == walked(api.services, topics, start, limit), (topics, start)


def test_each_store_plans_the_audit_read_with_its_index(api: Api) -> None:
    url = api.services.settings.database_url
    if url.startswith("sqlite:///"):
        statement = audit_select(SQLITE_EVENTS, "sqlite", False, 2)
        with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
            plan = connection.execute(f"EXPLAIN QUERY PLAN {statement}", [0, *ACCESS, 10])
            assert f"USING INDEX {SQLITE_EVENTS}_audit" in str(plan.fetchall())
        return
    statement = audit_select(PG_EVENTS, "postgres", False, 2)
    with psycopg.connect(url) as connection:
        connection.execute("SET enable_seqscan = off")  # a tiny table: else scanned whole anyway
        plan = connection.execute(f"EXPLAIN {statement}".encode(), [0, *ACCESS, 10]).fetchall()
        assert f"{PG_EVENTS}_audit" in str(plan)
