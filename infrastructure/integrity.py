"""The ledger's integrity: stored events are append-only (triggers and grants) and chained by
SHA-256, each link written in the transaction that stores its event, so that an altered, deleted
or slipped-in row is found by walking the log again (ADR 10)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor
from eventsourcing.utils import retry

GENESIS = bytes(32)
SQLITE_EVENTS = "stored_events"
SQLITE_CHAIN = "event_chain"
PG_EVENTS = "rectify_events"
PG_CHAIN = "rectify_event_chain"
PG_APPEND = "rectify_append_events"
PG_APPEND_ONE = "rectify_append_event"
PAGE = 2_000


def chain_link(
    previous: bytes, originator_id: UUID, version: int, topic: str, state: bytes
) -> bytes:
    """SHA-256 over the previous link and the event's canonical content: fixed-width id and
    version, then length-prefixed topic and state (so no two events share a preimage)."""
    topic_bytes = topic.encode()
    digest = hashlib.sha256()
    digest.update(previous)
    digest.update(originator_id.bytes)
    digest.update(version.to_bytes(8, "big", signed=True))
    digest.update(len(topic_bytes).to_bytes(4, "big"))
    digest.update(topic_bytes)
    digest.update(len(state).to_bytes(4, "big"))
    digest.update(state)
    return digest.digest()


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
]


class ChainedSQLiteApplicationRecorder(SQLiteApplicationRecorder):
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


class ChainedPostgresApplicationRecorder(PostgresApplicationRecorder):
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
            function = PG_APPEND_ONE
            arguments: tuple[Any, ...] = (
                event.originator_id,
                event.originator_version,
                event.topic,
                event.state,
                wait,
            )
        else:
            function = PG_APPEND
            arguments = (
                [event.originator_id for event in stored_events],
                [event.originator_version for event in stored_events],
                [event.topic for event in stored_events],
                [event.state for event in stored_events],
                wait,
            )
        with self.datastore.get_connection() as connection, connection.cursor() as cursor:
            cursor.execute(f"SELECT {function}(%s, %s, %s, %s, %s) AS id", arguments, prepare=True)
            return [row["id"] for row in cursor.fetchall()]


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
        # The service's role reads the log and appends only through the function.
        statements += [
            f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{app_role}"',
            f'REVOKE ALL ON {PG_EVENTS}, {PG_CHAIN} FROM "{app_role}"',
            f'GRANT SELECT ON {PG_EVENTS}, {PG_CHAIN} TO "{app_role}"',
            f'GRANT EXECUTE ON FUNCTION {PG_APPEND}, {PG_APPEND_ONE} TO "{app_role}"',
            f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{app_role}"',
            f'GRANT CREATE, USAGE ON SCHEMA public TO "{app_role}"',
        ]
    return statements


# ----- verification: one pass over the log and the chain, page by page -----


@dataclass(frozen=True)
class ChainRow:
    notification_id: int
    originator_id: UUID
    version: int
    link: bytes


@dataclass(frozen=True)
class EventRow:
    notification_id: int
    originator_id: UUID
    version: int
    topic: str
    state: bytes


@dataclass(frozen=True)
class Verdict:
    ok: bool
    events: int
    head_link: str
    position: int | None = None
    originator_id: UUID | None = None
    version: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class Anchor:
    """A link noted outside the database (printed in a quarterly submission): the chain must
    still reach it, or the log up to `position` has been rewritten since."""

    position: int
    link: bytes

    @classmethod
    def parse(cls, text: str) -> Anchor:
        """`<position>:<64 hex digits>`, as submissions print it."""
        position, _, link = text.strip().partition(":")
        if not position.isdigit() or len(link) != 64:
            raise ValueError("an anchor is <position>:<64 hex digits>")
        try:
            return cls(int(position), bytes.fromhex(link))
        except ValueError:
            raise ValueError("an anchor is <position>:<64 hex digits>") from None


Pages = Callable[[int, int], list[Any]]


def _paged(fetch: Pages) -> Iterator[Any]:
    after = 0
    while True:
        rows = fetch(after, PAGE)
        yield from rows
        if len(rows) < PAGE:
            return
        after = rows[-1].notification_id


def verify_chain(
    events: Pages,
    links: Pages,
    progress: Callable[[int], None] | None = None,
    anchors: Sequence[Anchor] = (),
) -> Verdict:
    """Merge the events and the links in log order; stop at the first that does not fit, or
    at the first anchor the recomputed chain does not reach."""
    previous = GENESIS
    count = 0
    pending = sorted(anchors, key=lambda anchor: anchor.position)
    if pending and pending[0].position == 0:
        if pending[0].link != GENESIS:
            return _missed(pending[0], count, previous)
        pending.pop(0)
    event_iter, link_iter = _paged(events), _paged(links)
    event, link = next(event_iter, None), next(link_iter, None)
    while event is not None or link is not None:
        if link is None or (event is not None and event.notification_id < link.notification_id):
            assert event is not None
            return _broken(event, count, previous, "event without a link (written past the chain)")
        if event is None or link.notification_id < event.notification_id:
            return _broken(link, count, previous, "link without its event (the event was deleted)")
        expected = chain_link(
            previous, event.originator_id, event.version, event.topic, event.state
        )
        if (link.originator_id, link.version) != (event.originator_id, event.version):
            return _broken(event, count, previous, "the link names another event")
        if link.link != expected:
            return _broken(event, count, previous, "content or order differs from when stored")
        if pending and pending[0].position <= link.notification_id:
            if pending[0].position < link.notification_id or pending[0].link != link.link:
                return _missed(pending[0], count, previous)
            pending.pop(0)
        previous = link.link
        count += 1
        if progress is not None:
            progress(1)
        event, link = next(event_iter, None), next(link_iter, None)
    if pending:
        return _missed(pending[0], count, previous)
    return Verdict(True, count, previous.hex())


def _missed(anchor: Anchor, count: int, previous: bytes) -> Verdict:
    """The chain verifies on its own but not against a link noted outside the database: it was
    recomputed after a change at or before the anchor, or the anchor's event is gone."""
    return Verdict(
        False,
        count,
        previous.hex(),
        position=anchor.position,
        reason=f"the chain no longer reaches the link noted at position {anchor.position} "
        "(the log up to it was rewritten, or cut short)",
    )


def _broken(row: EventRow | ChainRow, count: int, previous: bytes, reason: str) -> Verdict:
    return Verdict(
        False,
        count,
        previous.hex(),
        position=row.notification_id,
        originator_id=row.originator_id,
        version=row.version,
        reason=reason,
    )
