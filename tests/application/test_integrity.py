"""The ledger cannot be quietly rewritten: the database refuses UPDATE and DELETE of stored
events, and what an owner does behind the triggers' back is found by `audit verify`."""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID, uuid4

import psycopg
import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent
from openpyxl import load_workbook

from application.snapshots import EVERY
from demo.units import load_demo_units
from infrastructure.chained_store import (
    PG_APPEND,
    PG_APPEND_ONE,
    PG_CHAIN,
    PG_EVENTS,
    SQLITE_CHAIN,
    SQLITE_EVENTS,
)
from infrastructure.database_url import SqliteTarget, parse_database_url
from infrastructure.integrity import (
    GENESIS,
    Anchor,
    ChainRow,
    EventRow,
    Verdict,
    chain_link,
    verify_chain,
)
from infrastructure.services import build_services
from infrastructure.settings import Settings
from infrastructure.store import open_sql, seal_unchained_events, set_up_schema
from tests.application.test_snapshots import flagged_to, logged
from tests.conftest import ADMIN, NEW_PROBLEM, Api, make_settings, run_cli
from tests.http.test_quarterly_reports import quarterly, second_and_third_quarters


def log_some(api: Api, count: int = 3) -> list[str]:
    ids = []
    for n in range(count):
        created = api.post("office", "/problems", NEW_PROBLEM | {"title": f"问题{n}"})
        assert created.status_code == 201
        ids.append(created.json()["id"])
        api.post("office", f"/problems/{ids[-1]}/assign", {"unit": "civil_affairs"})
    return ids


@contextmanager
def owner(url: str) -> Iterator[tuple[Any, str, str]]:
    """A raw connection as the database owner, the events table, and its id column."""
    target = parse_database_url(url)
    if isinstance(target, SqliteTarget):
        connection = sqlite3.connect(target.path, isolation_level=None)
        yield connection, SQLITE_EVENTS, "rowid"
        connection.close()
        return
    with psycopg.connect(target.conninfo(), autocommit=True) as connection:
        yield connection, PG_EVENTS, "notification_id"


def pg_connect(url: str) -> psycopg.Connection[Any]:
    """An autocommit connection to a postgresql:// URL, as the user it names."""
    target = parse_database_url(url)
    assert not isinstance(target, SqliteTarget)
    return psycopg.connect(target.conninfo(), autocommit=True)


def as_role(url: str, role: str) -> str:
    """The same database, logged in as another role."""
    target = parse_database_url(url)
    assert not isinstance(target, SqliteTarget)
    changed = url.replace(f"//{target.user}@", f"//{role}@")
    assert changed != url
    return changed


def sql_id(url: str, aggregate_id: str) -> Any:
    return UUID(aggregate_id).hex if url.startswith("sqlite") else UUID(aggregate_id)


def bypassing_triggers(
    connection: Any, table: str, statement: str, params: tuple[Any, ...]
) -> None:
    """What a database owner can do: switch the guard off, change a row, switch it back on."""
    if isinstance(connection, sqlite3.Connection):
        triggers = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (table,)
        ).fetchall()
        for name, _ in triggers:
            connection.execute(f"DROP TRIGGER {name}")
        connection.execute(statement.replace("%s", "?"), params)
        for _, sql in triggers:
            connection.execute(sql)
        return
    connection.execute(f"ALTER TABLE {table} DISABLE TRIGGER rectify_append_only")
    connection.execute(statement, params)
    connection.execute(f"ALTER TABLE {table} ENABLE TRIGGER rectify_append_only")


def test_the_database_refuses_to_update_or_delete_a_stored_event(
    api: Api, database_url: str
) -> None:
    problem_id = log_some(api, 1)[0]
    head = api.services.ledger.head_position()
    with owner(database_url) as (connection, table, _):
        for statement in (
            f"UPDATE {table} SET topic = 'x' WHERE originator_id = %s",
            f"DELETE FROM {table} WHERE originator_id = %s",
        ):
            with pytest.raises((sqlite3.DatabaseError, psycopg.Error), match="append-only"):
                if isinstance(connection, sqlite3.Connection):
                    connection.execute(statement.replace("%s", "?"), (UUID(problem_id).hex,))
                else:
                    connection.execute(statement, (UUID(problem_id),))
        if not isinstance(connection, sqlite3.Connection):
            with pytest.raises(psycopg.Error, match="append-only"):
                connection.execute(f"TRUNCATE {table}")
    assert api.services.ledger.head_position() == head
    assert len(api.get("inspector", f"/problems/{problem_id}/history").json()) == 3
    assert api.services.audit.verify().ok


def test_a_clean_ledger_verifies_through_the_cli_and_http(api: Api, database_url: str) -> None:
    log_some(api)
    verdict = api.services.audit.verify()
    assert verdict.ok and verdict.events == api.services.ledger.head_position()
    answer = api.get("inspector", "/audit/verify").json()
    assert answer["ok"] is True and answer["events"] == verdict.events
    assert answer["head_link"] == verdict.head_link
    assert api.get("lead", "/audit/verify").status_code == 403
    recorded = api.services.ledger.head_position()
    assert recorded == verdict.events + 1  # the inspector's read of the audit is on the record
    cli = run_cli(database_url, "audit", "verify")
    assert cli.returncode == 0 and f"OK: {recorded} events" in cli.stdout


@pytest.mark.tampers_with_log
def test_an_event_altered_behind_the_trigger_is_found_with_its_problem_and_version(
    api: Api, database_url: str
) -> None:
    ids = log_some(api)
    with owner(database_url) as (connection, table, _):
        bypassing_triggers(
            connection,
            table,
            f"UPDATE {table} SET state = %s WHERE originator_id = %s AND originator_version = 2",
            (b'{"unit": "transport"}', sql_id(database_url, ids[1])),
        )
    verdict = api.services.audit.verify()
    assert not verdict.ok
    assert (str(verdict.originator_id), verdict.version) == (ids[1], 2)
    assert "content" in verdict.reason
    answer = api.get("office", "/audit/verify").json()
    assert answer["ok"] is False and answer["aggregate_id"] == ids[1] and answer["version"] == 2
    cli = run_cli(database_url, "audit", "verify")
    assert cli.returncode == 1 and ids[1] in cli.stdout and "version 2" in cli.stdout


@pytest.mark.tampers_with_log
def test_a_deleted_event_is_found_with_its_problem_and_version(api: Api, database_url: str) -> None:
    ids = log_some(api)
    with owner(database_url) as (connection, table, _):
        bypassing_triggers(
            connection,
            table,
            f"DELETE FROM {table} WHERE originator_id = %s AND originator_version = 1",
            (sql_id(database_url, ids[2]),),
        )
    verdict = api.services.audit.verify()
    assert not verdict.ok
    assert (str(verdict.originator_id), verdict.version) == (ids[2], 1)
    assert "deleted" in verdict.reason


@pytest.mark.tampers_with_log
def test_an_event_slipped_in_past_the_chain_is_found(api: Api, database_url: str) -> None:
    ids = log_some(api, 1)
    with owner(database_url) as (connection, table, _):
        if isinstance(connection, sqlite3.Connection):
            connection.execute(
                f"INSERT INTO {table} (originator_id, originator_version, topic, state) "
                "VALUES (?, 4, 'domain.problem:Problem.Closed', ?)",
                (UUID(ids[0]).hex, b"{}"),
            )
        else:  # with the chain trigger off, as only an owner could
            connection.execute(f"ALTER TABLE {table} DISABLE TRIGGER rectify_chain")
            connection.execute(
                f"INSERT INTO {table} (originator_id, originator_version, topic, state) "
                "VALUES (%s, 4, 'domain.problem:Problem.Closed', %s)",
                (UUID(ids[0]), b"{}"),
            )
            connection.execute(f"ALTER TABLE {table} ENABLE TRIGGER rectify_chain")
    verdict = api.services.audit.verify()
    assert not verdict.ok and (str(verdict.originator_id), verdict.version) == (ids[0], 4)
    assert "without a link" in verdict.reason


@pytest.mark.postgres
def test_the_service_role_appends_only_through_the_functions_and_changes_nothing(
    postgres_url: str,
) -> None:
    with pg_connect(postgres_url) as admin:
        admin.execute("DROP ROLE IF EXISTS rectify_app_test")
        admin.execute("CREATE ROLE rectify_app_test LOGIN")
    set_up_schema(Settings(database_url=postgres_url, app_role="rectify_app_test"))
    app_url = as_role(postgres_url, "rectify_app_test")
    services = build_services(make_settings(app_url))
    try:
        assert load_demo_units(services.units, ADMIN)  # the service role inserts events
        services.read_models.catch_up_now()  # and creates its read-model tables
        assert services.audit.verify().ok
        problem_id = logged(services)
        flagged_to(services, problem_id, EVERY)  # and takes a snapshot at the interval
        assert services.ledger.snapshots is not None
        assert [s.originator_version for s in services.ledger.snapshots.get(problem_id)] == [EVERY]
    finally:
        services.close()
    with pg_connect(app_url) as app:
        for statement in (
            f"UPDATE {PG_EVENTS} SET topic = 'x'",
            f"DELETE FROM {PG_EVENTS}",
            f"TRUNCATE {PG_EVENTS}",
            f"ALTER TABLE {PG_EVENTS} DISABLE TRIGGER rectify_append_only",
            f"INSERT INTO {PG_EVENTS} (originator_id, originator_version, topic, state) "
            "VALUES (gen_random_uuid(), 1, 'x', '\\x00')",  # past the append functions
            f"INSERT INTO {PG_CHAIN} VALUES (999999, gen_random_uuid(), 1, '\\x00')",
        ):
            with pytest.raises(psycopg.Error, match=r"permission denied|must be owner"):
                app.execute(statement)
    with pg_connect(postgres_url) as admin:
        admin.execute("DROP ROLE IF EXISTS rectify_stranger")
        admin.execute("CREATE ROLE rectify_stranger LOGIN")
    with (
        pg_connect(as_role(postgres_url, "rectify_stranger")) as other,
        pytest.raises(psycopg.Error, match="permission denied"),
    ):
        other.execute(f"SELECT {PG_APPEND_ONE}(gen_random_uuid(), 1, 'x', '\\x00', '1s')")


def test_a_batch_of_events_is_appended_whole_or_not_at_all(database_url: str) -> None:
    """The recorders' own paths (on PostgreSQL, the append functions): a batch gets ascending
    positions and chained links; a batch with one conflicting event stores none of it."""
    services = build_services(make_settings(database_url))
    try:
        recorder = services.ledger.recorder
        originator = uuid4()
        batch = [StoredEvent(originator, version, "test:Event", b"{}") for version in (1, 2, 3)]
        positions = recorder.insert_events(batch)
        assert positions is not None and len(positions) == 3
        assert list(positions) == sorted(positions)
        head = services.ledger.head_position()
        assert head == positions[-1]
        clash = [StoredEvent(originator, version, "test:Event", b"{}") for version in (4, 3)]
        with pytest.raises(IntegrityError):
            recorder.insert_events(clash)
        assert services.ledger.head_position() == head
        assert [e.originator_version for e in recorder.select_events(originator)] == [1, 2, 3]
        (alone,) = recorder.insert_events([StoredEvent(originator, 4, "test:Event", b"{}")])
        assert alone > head
        verdict = services.audit.verify()
        assert verdict.ok and verdict.events == 6  # the rules book's two, and these four
    finally:
        services.close()


def test_a_batch_keeps_any_topic_text_and_state_bytes_exactly(database_url: str) -> None:
    """On PostgreSQL a batch travels as array literals: quotes, backslashes, braces, commas and
    every byte value must arrive as they were sent, and the chain must still verify."""
    services = build_services(make_settings(database_url))
    try:
        originator = uuid4()
        topics = ['a"b\\c', "{x},y", "NULL", ""]
        states = [bytes(range(256)), b"", b'\\"{},', "整改".encode()]
        batch = [
            StoredEvent(originator, version, topic, state)
            for version, (topic, state) in enumerate(zip(topics, states, strict=True), start=1)
        ]
        assert len(services.ledger.recorder.insert_events(batch) or []) == 4
        stored = services.ledger.recorder.select_events(originator)
        assert [(e.topic, bytes(e.state)) for e in stored] == list(zip(topics, states, strict=True))
        assert services.audit.verify().ok
    finally:
        services.close()


@pytest.mark.postgres
def test_set_up_installs_the_append_functions_where_an_older_release_left_none(
    postgres_url: str,
) -> None:
    set_up_schema(Settings(database_url=postgres_url))
    with pg_connect(postgres_url) as admin:
        for function in (PG_APPEND, PG_APPEND_ONE):
            admin.execute(f"DROP FUNCTION {function}")
    services = build_services(make_settings(postgres_url))  # sets up the schema again
    try:
        assert load_demo_units(services.units, ADMIN)
        assert services.audit.verify().ok
    finally:
        services.close()


def test_a_submission_anchors_the_chain_so_even_a_recomputed_chain_is_caught(
    api: Api, database_url: str
) -> None:
    """ADR 10's limit: an owner who changes an event and recomputes every link passes a plain
    verify. The link a quarterly submission printed (kept outside the database) catches it."""
    story = second_and_third_quarters(api)
    report = quarterly(api)
    position, link = report["position"], report["link"]
    assert len(link) == 64 and link == api.services.audit.link_at(position)
    xlsx = api.get("office", "/reports/quarterly.xlsx", quarter="2026Q3").content
    workbook = load_workbook(io.BytesIO(xlsx))
    assert f"依据台账第 {position} 条记录，链值 {link}" in str(workbook["汇总"]["A2"].value)
    anchor = f"{position}:{link}"
    assert api.get("inspector", "/audit/verify", anchor=anchor).json()["ok"] is True

    target = sql_id(database_url, story["on_time"])
    with owner(database_url) as (connection, table, _):
        chain = PG_CHAIN if table == PG_EVENTS else SQLITE_CHAIN
        mark = "%s" if table == PG_EVENTS else "?"
        (state,) = connection.execute(
            f"SELECT state FROM {table} WHERE originator_id = {mark} AND originator_version = 1",
            (target,),
        ).fetchone()
        bypassing_triggers(
            connection,
            table,
            f"UPDATE {table} SET state = %s WHERE originator_id = %s AND originator_version = 1",
            (bytes(state) + b" ", target),
        )
        bypassing_triggers(connection, chain, f"DELETE FROM {chain}", ())
    database = open_sql(make_settings(database_url))
    try:
        assert seal_unchained_events(database, table, chain) > 0  # every link recomputed
    finally:
        database.close()
    assert api.services.audit.verify().ok  # on its own, the rewritten chain holds together

    verdict = api.get("inspector", "/audit/verify", anchor=anchor).json()
    assert verdict["ok"] is False and verdict["position"] == position
    assert "rewritten" in verdict["reason"]
    cli = run_cli(database_url, "audit", "verify", "--anchor", anchor)
    assert cli.returncode == 1 and f"BROKEN at position {position}" in cli.stdout
    assert api.get("inspector", "/audit/verify", anchor="12:zz").status_code == 422
    assert run_cli(database_url, "audit", "verify", "--anchor", "12").returncode == 2


def test_anchors_between_events_past_the_end_or_at_genesis() -> None:
    """verify_chain over in-memory pages: positions 1, 2 and 4 (3 is a gap, as PostgreSQL
    leaves after a rolled-back insert)."""
    originator = uuid4()
    events, links, previous = [], [], GENESIS
    for position, version in ((1, 1), (2, 2), (4, 3)):
        events.append(EventRow(position, originator, version, "test:Event", b"{}"))
        previous = chain_link(previous, originator, version, "test:Event", b"{}")
        links.append(ChainRow(position, originator, version, previous))

    def verify(*anchors: Anchor) -> Verdict:
        return verify_chain(
            lambda after, n: [e for e in events if e.notification_id > after][:n],
            lambda after, n: [x for x in links if x.notification_id > after][:n],
            anchors=anchors,
        )

    assert verify(Anchor(0, GENESIS), Anchor(2, links[1].link), Anchor(4, links[2].link)).ok
    assert verify(Anchor(2, links[1].link)).events == 3  # the walk goes on past an anchor
    for wrong, where in (
        (Anchor(2, links[0].link), 2),  # another link
        (Anchor(3, links[1].link), 3),  # a position no event holds
        (Anchor(5, links[2].link), 5),  # past the end: the tail was cut
        (Anchor(0, links[0].link), 0),  # genesis is 32 zero bytes
    ):
        verdict = verify(wrong)
        assert not verdict.ok and verdict.position == where, wrong
    assert Anchor.parse(f"4:{links[2].link.hex()}") == Anchor(4, links[2].link)
    for malformed in ("4", "x:" + "0" * 64, "4:" + "0" * 63, "4:" + "g" * 64):
        with pytest.raises(ValueError, match="anchor"):
            Anchor.parse(malformed)
