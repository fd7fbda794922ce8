"""Opening the configured database: schema set up once under a lock, then one long-lived Ledger."""

from __future__ import annotations

import psycopg

from application.ledger import Ledger
from infrastructure import credentials, idempotency
from infrastructure.database_url import (
    PostgresTarget,
    SqliteTarget,
    eventsourcing_env,
    parse_database_url,
)
from infrastructure.read_models import registry
from infrastructure.settings import Settings
from infrastructure.sql import PostgresDatabase, SqlDatabase, SqliteDatabase

PLAIN_TABLES = credentials.SCHEMA + idempotency.SCHEMA + registry.SCHEMA
SCHEMA_LOCK_KEY = 0x52454354  # "RECT": serialises schema set-up across processes


def set_up_schema(settings: Settings) -> None:
    """Create every table once; safe when several processes start together."""
    target = parse_database_url(settings.database_url)
    if isinstance(target, SqliteTarget):
        # SQLite serialises DDL on its own file lock; IF NOT EXISTS makes it idempotent.
        Ledger(env=eventsourcing_env(settings, create_table=True)).close()
        SqliteDatabase(target.path).execute_script(PLAIN_TABLES)
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
            for statement in PLAIN_TABLES:
                connection.execute(statement)
        finally:
            connection.execute("SELECT pg_advisory_unlock(%s)", (SCHEMA_LOCK_KEY,))


def open_ledger(settings: Settings) -> Ledger:
    """The process's one Ledger; it never creates tables (set_up_schema did)."""
    return Ledger(env=eventsourcing_env(settings, create_table=False))


def open_sql(settings: Settings) -> SqlDatabase:
    target = parse_database_url(settings.database_url)
    if isinstance(target, SqliteTarget):
        return SqliteDatabase(target.path, timeout=float(max(settings.lock_timeout, 1)))
    return PostgresDatabase(target, timeout=float(settings.connect_timeout))
