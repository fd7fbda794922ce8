"""Opening the configured database: schema set up once under a lock, then one long-lived Ledger."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

import psycopg
import structlog

from application.ledger import Ledger
from infrastructure import (
    chained_store,
    credentials,
    file_store,
    idempotency,
    integrity,
    people,
    web_sessions,
)
from infrastructure.audit_reads import audit_index
from infrastructure.code_fingerprint import domain_fingerprint
from infrastructure.database_url import (
    PostgresTarget,
    SqliteTarget,
    eventsourcing_env,
    parse_database_url,
)
from infrastructure.notifications import contacts, outbox
from infrastructure.read_models import registry
from infrastructure.reports import stored_replays
from infrastructure.settings import Settings
from infrastructure.sql import PostgresDatabase, SqlDatabase, SqliteDatabase

PLAIN_TABLES = (
    credentials.SCHEMA
    + idempotency.SCHEMA
    + registry.SCHEMA
    + people.SCHEMA
    + web_sessions.SCHEMA
    + file_store.SCHEMA
    + outbox.SCHEMA
    + contacts.SCHEMA
    + stored_replays.SCHEMA
)
PG_SNAPSHOTS = (  # eventsourcing's own form, for a database set up before snapshots (ADR 23)
    "CREATE TABLE IF NOT EXISTS rectify_snapshots (originator_id uuid NOT NULL, "
    "originator_version bigint NOT NULL, topic text, state bytea, "
    "PRIMARY KEY (originator_id, originator_version))"
)
INDEX = re.compile(r"^CREATE INDEX IF NOT EXISTS (\w+) ")
SCHEMA_LOCK_KEY = 0x52454354  # "RECT": serialises schema set-up across processes


def set_up_schema(settings: Settings) -> None:
    """Create every table once; safe when several processes start together."""
    target = parse_database_url(settings.database_url)
    if isinstance(target, SqliteTarget):
        # SQLite serialises DDL on its own file lock; IF NOT EXISTS makes it idempotent.
        Ledger(env=eventsourcing_env(settings, create_table=True)).close()
        database = SqliteDatabase(target.path)
        database.execute_script(PLAIN_TABLES + chained_store.SQLITE_SCHEMA)
        seal_unchained_events(database, chained_store.SQLITE_EVENTS, chained_store.SQLITE_CHAIN)
        database.close()
        return
    _set_up_postgres(settings, target)


def _set_up_postgres(settings: Settings, target: PostgresTarget) -> None:
    with psycopg.connect(
        target.conninfo(), autocommit=True, connect_timeout=settings.connect_timeout
    ) as connection:
        connection.execute("SELECT pg_advisory_lock(%s)", (SCHEMA_LOCK_KEY,))
        try:
            row = connection.execute("SELECT to_regclass('rectify_events')").fetchone()
            if row is None or row[0] is None:
                Ledger(env=eventsourcing_env(settings, create_table=True)).close()
            audit = audit_index(chained_store.PG_EVENTS, "postgres")
            for statement in [*PLAIN_TABLES, PG_SNAPSHOTS, audit]:
                if not _index_exists(connection, statement):
                    connection.execute(statement)
            _add_trigrams(connection)
            if not _integrity_installed(connection) or settings.app_role:
                for statement in chained_store.postgres_schema(settings.app_role):
                    connection.execute(statement)
                database = PostgresDatabase(target, timeout=float(settings.connect_timeout))
                seal_unchained_events(database, chained_store.PG_EVENTS, chained_store.PG_CHAIN)
                database.close()
        finally:
            connection.execute("SELECT pg_advisory_unlock(%s)", (SCHEMA_LOCK_KEY,))


def _add_trigrams(connection: psycopg.Connection[Any]) -> None:
    """pg_trgm lets the lists' text search use an index (ADR 22). It ships with PostgreSQL and
    is trusted; a server without it, or a role that may not add it, searches without."""
    if connection.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").fetchone():
        return
    try:
        connection.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except psycopg.Error as error:
        structlog.get_logger("rectify.store").warning("pg_trgm_unavailable", error=str(error))


def _index_exists(connection: psycopg.Connection[Any], statement: str) -> bool:
    """PostgreSQL checks the table's owner before IF NOT EXISTS: the service role, which does
    not own the tables, must not ask for an index the owner already made."""
    match = INDEX.match(statement)
    if match is None:
        return False
    row = connection.execute("SELECT to_regclass(%s)", (match.group(1),)).fetchone()
    return row is not None and row[0] is not None


def _integrity_installed(connection: psycopg.Connection[Any]) -> bool:
    """The chain trigger and the append function both exist (a database set up by an older
    release has only the trigger)."""
    row = connection.execute(
        "SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'rectify_chain') "
        "AND to_regproc(%s) IS NOT NULL AND to_regproc(%s) IS NOT NULL",
        (chained_store.PG_APPEND, chained_store.PG_APPEND_ONE),
    ).fetchone()
    return bool(row and row[0])


def seal_unchained_events(database: SqlDatabase, events: str, chain: str) -> int:
    """A log from before the chain existed is chained once, as found (ADR 10 says what that
    vouches for). Only an empty chain is filled: later gaps are for `audit verify` to report."""
    if database.execute(f"SELECT COUNT(*) FROM {chain}")[0][0]:
        return 0
    id_column = "notification_id" if events == chained_store.PG_EVENTS else "rowid"
    previous = integrity.GENESIS
    sealed = 0
    after = 0
    while True:
        rows = database.execute(
            f"SELECT {id_column}, originator_id, originator_version, topic, state FROM {events} "
            f"WHERE {id_column} > %s ORDER BY {id_column} LIMIT %s",
            (after, integrity.PAGE),
        )
        if not rows:
            return sealed
        with database.transaction() as tx:
            for notification_id, originator, version, topic, state in rows:
                originator_id = originator if isinstance(originator, UUID) else UUID(originator)
                previous = integrity.chain_link(
                    previous, originator_id, version, topic, bytes(state)
                )
                stored_id = originator if isinstance(originator, UUID) else originator_id.hex
                tx.execute(
                    f"INSERT INTO {chain} VALUES (%s, %s, %s, %s)",
                    (notification_id, stored_id, version, previous),
                )
        sealed += len(rows)
        after = rows[-1][0]


def open_ledger(settings: Settings) -> Ledger:
    """The process's one Ledger; it never creates tables (set_up_schema did)."""
    return Ledger(
        env=eventsourcing_env(settings, create_table=False), snapshot_code=domain_fingerprint()
    )


def open_sql(settings: Settings) -> SqlDatabase:
    target = parse_database_url(settings.database_url)
    if isinstance(target, SqliteTarget):
        return SqliteDatabase(target.path, timeout=float(max(settings.lock_timeout, 1)))
    return PostgresDatabase(target, timeout=float(settings.connect_timeout))
