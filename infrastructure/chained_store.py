"""The event store's tables made append-only and chained: eventsourcing's recorders, extended to
write each event's link in the transaction that stores it, and the triggers, grants and append
functions that schema set-up installs (ADRs 10 and 11)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.sqlite import SQLiteCursor
from eventsourcing.utils import retry

from infrastructure.audit_reads import PostgresAuditReads, SqliteAuditReads, audit_index
from infrastructure.integrity import GENESIS, chain_link

SQLITE_EVENTS = "stored_events"
SQLITE_CHAIN = "event_chain"
PG_EVENTS = "rectify_events"
PG_CHAIN = "rectify_event_chain"
PG_APPEND = "rectify_append_events"
PG_APPEND_ONE = "rectify_append_event"


# ----- SQLite: the recorder writes the links in its own transaction -----


SQLITE_SCHEMA = [
    f"CREATE TABLE IF NOT EXISTS {SQLITE_CHAIN} ("
    "notification_id INTEGER PRIMARY KEY, originator_id TEXT NOT NULL, "
    "originator_version INTEGER NOT NULL, link BLOB NOT NULL)",
    *[
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, 'rectify: {table} is append-only'); END"
        for table in (SQLITE_EVENTS, SQLITE_CHAIN)
        for verb in ("UPDATE", "DELETE")
    ],
    audit_index(SQLITE_EVENTS, "sqlite"),
]


class ChainedSQLiteApplicationRecorder(SqliteAuditReads):
    """eventsourcing's SQLite recorder, adding each event's link inside the same transaction.

    SQLite has one writer at a time and the insert has taken the write lock, so reading the last
    link here cannot race another writer."""

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._insert_events(c, stored_events, **kwargs)
        if not stored_events or ids is None:
            return ids
        c.execute(f"SELECT link FROM {SQLITE_CHAIN} ORDER BY notification_id DESC LIMIT 1")
        row = c.fetchone()
        previous = bytes(row[0]) if row else GENESIS
        for notification_id, event in zip(ids, stored_events, strict=True):
            originator_id = UUID(str(event.originator_id))
            previous = chain_link(
                previous, originator_id, event.originator_version, event.topic, event.state
            )
            c.execute(
                f"INSERT INTO {SQLITE_CHAIN} VALUES (?, ?, ?, ?)",
                (notification_id, originator_id.hex, event.originator_version, previous),
            )
        return ids


# ----- PostgreSQL: one function appends, a trigger writes the links; grants and triggers keep
# both tables append-only


class ChainedPostgresApplicationRecorder(PostgresAuditReads):
    """Appends through `rectify_append_event(s)`: one statement, one round trip.

    The library's own path sends SET LOCAL, LOCK TABLE, NOTIFY and the INSERT in a pipelined
    transaction; the function does the same four things server-side, keeping the table lock
    that makes commit order equal notification order (without it followers skip events, notes
    §6). It is SECURITY DEFINER, so the service's role needs neither INSERT nor the UPDATE
    grant LOCK TABLE requires: the functions are the only way that role writes events.
    A single event (most commands) goes through the scalar twin, which spares the client from
    dumping four one-element arrays (about a quarter of the call's CPU)."""

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        if not stored_events:
            return []
        wait = f"{self.datastore.lock_timeout}s"
        if len(stored_events) == 1:
            (event,) = stored_events
            statement = APPEND_ONE
            arguments: tuple[Any, ...] = (
                event.originator_id,
                event.originator_version,
                event.topic,
                event.state,
                wait,
            )
        else:  # arrays as literal text: psycopg's list dumper inspects every call's elements
            statement = APPEND
            arguments = (
                _array(str(event.originator_id) for event in stored_events),
                _array(str(event.originator_version) for event in stored_events),
                _array(_quoted(event.topic) for event in stored_events),
                _array("\\\\x" + event.state.hex() for event in stored_events),
                wait,
            )
        with self.datastore.get_connection() as connection, connection.cursor() as cursor:
            cursor.execute(statement, arguments, prepare=True)
            return [row["id"] for row in cursor.fetchall()]


APPEND_ONE = f"SELECT {PG_APPEND_ONE}(%s, %s, %s, %s, %s) AS id"
APPEND = f"SELECT {PG_APPEND}(%s::uuid[], %s::bigint[], %s::text[], %s::bytea[], %s) AS id"


def _array(elements: Iterable[str]) -> str:
    """A PostgreSQL array literal of elements already escaped for double quotes."""
    return "{" + ",".join(f'"{element}"' for element in elements) + "}"


def _quoted(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def postgres_functions() -> list[str]:
    """The append and trigger functions (a restored dump's triggers need them first)."""
    return [
        f"""CREATE OR REPLACE FUNCTION {PG_APPEND}(ids UUID[], versions BIGINT[],
          topics TEXT[], states BYTEA[], wait TEXT) RETURNS SETOF BIGINT
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        BEGIN
          PERFORM set_config('lock_timeout', wait, true);
          LOCK TABLE {PG_EVENTS} IN EXCLUSIVE MODE;
          PERFORM pg_notify('{PG_EVENTS}', '');
          RETURN QUERY INSERT INTO {PG_EVENTS}
            (originator_id, originator_version, topic, state)
            SELECT * FROM unnest(ids, versions, topics, states) RETURNING notification_id;
        END $$""",
        f"""CREATE OR REPLACE FUNCTION {PG_APPEND_ONE}(id UUID, version BIGINT, topic TEXT,
          state BYTEA, wait TEXT) RETURNS BIGINT
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        DECLARE position BIGINT;
        BEGIN
          PERFORM set_config('lock_timeout', wait, true);
          LOCK TABLE {PG_EVENTS} IN EXCLUSIVE MODE;
          PERFORM pg_notify('{PG_EVENTS}', '');
          INSERT INTO {PG_EVENTS} (originator_id, originator_version, topic, state)
            VALUES (id, version, topic, state) RETURNING notification_id INTO position;
          RETURN position;
        END $$""",
        f"""CREATE OR REPLACE FUNCTION rectify_chain_event() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        DECLARE previous BYTEA; topic_bytes BYTEA;
        BEGIN
          PERFORM pg_advisory_xact_lock(1380270932);
          SELECT link INTO previous FROM {PG_CHAIN} ORDER BY notification_id DESC LIMIT 1;
          IF previous IS NULL THEN previous := '\\x{GENESIS.hex()}'::bytea; END IF;
          topic_bytes := convert_to(NEW.topic, 'UTF8');
          INSERT INTO {PG_CHAIN} VALUES (NEW.notification_id, NEW.originator_id,
            NEW.originator_version, sha256(previous || uuid_send(NEW.originator_id)
            || int8send(NEW.originator_version::bigint)
            || int4send(octet_length(topic_bytes)) || topic_bytes
            || int4send(octet_length(NEW.state)) || NEW.state));
          RETURN NULL;
        END $$""",
        """CREATE OR REPLACE FUNCTION rectify_refuse_change() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'rectify: % is append-only (% refused)', TG_TABLE_NAME, TG_OP
            USING ERRCODE = 'insufficient_privilege';
        END $$""",
    ]


def postgres_schema(app_role: str | None) -> list[str]:
    """Run by the schema owner. The chain function is SECURITY DEFINER, so the service's role may
    insert events without being able to write (or forge) links itself."""
    statements = [
        f"CREATE TABLE IF NOT EXISTS {PG_CHAIN} (notification_id BIGINT PRIMARY KEY, "
        "originator_id UUID NOT NULL, originator_version BIGINT NOT NULL, link BYTEA NOT NULL)",
        *postgres_functions(),
        f"DROP TRIGGER IF EXISTS rectify_chain ON {PG_EVENTS}",
        f"CREATE TRIGGER rectify_chain AFTER INSERT ON {PG_EVENTS} "
        "FOR EACH ROW EXECUTE FUNCTION rectify_chain_event()",
    ]
    for table in (PG_EVENTS, PG_CHAIN):
        statements += [
            f"DROP TRIGGER IF EXISTS rectify_append_only ON {table}",
            f"CREATE TRIGGER rectify_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION rectify_refuse_change()",
            f"DROP TRIGGER IF EXISTS rectify_no_truncate ON {table}",
            f"CREATE TRIGGER rectify_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION rectify_refuse_change()",
            f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM PUBLIC",
        ]
    statements.append(f"REVOKE EXECUTE ON FUNCTION {PG_APPEND}, {PG_APPEND_ONE} FROM PUBLIC")
    if app_role:
        # The service's role reads the log and appends only through the functions.
        statements += [
            f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{app_role}"',
            f'REVOKE ALL ON {PG_EVENTS}, {PG_CHAIN} FROM "{app_role}"',
            f'GRANT SELECT ON {PG_EVENTS}, {PG_CHAIN} TO "{app_role}"',
            f'GRANT EXECUTE ON FUNCTION {PG_APPEND}, {PG_APPEND_ONE} TO "{app_role}"',
            f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{app_role}"',
            f'GRANT CREATE, USAGE ON SCHEMA public TO "{app_role}"',
        ]
    return statements
