"""The log's audit events (an inspector's reads, credentials issued and revoked) found through a
partial index of their own, not by walking the whole log for them (ADR 30).

They are a few thousandths of the log; the access log and the credential log read them by
topic, and without an index every page of those logs read every event from its start: 60 ms at
200,000 events, growing with the log. The index holds only these topics, so appending anything
else costs it nothing. Each store uses it only when the query repeats the index's own condition
word for word (SQLite's rule), so the statements below carry it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from eventsourcing.persistence import (
    ApplicationRecorder,
    InterfaceError,
    Notification,
    OperationalError,
)
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from eventsourcing.utils import get_topic, retry

from domain.access import AccessRecord
from domain.credential_record import CredentialRecord

AUDIT_TOPICS: tuple[str, ...] = tuple(
    get_topic(event_class)
    for event_class in (
        AccessRecord.Recorded,
        AccessRecord.Consulted,
        CredentialRecord.Issued,
        CredentialRecord.Revoked,
    )
)
if not all(re.fullmatch(r"[\w.:]+", topic) for topic in AUDIT_TOPICS):  # SQL literals below
    raise RuntimeError(f"an audit topic is not a plain name: {AUDIT_TOPICS}")
AUDITED = "topic IN (" + ", ".join(f"'{topic}'" for topic in AUDIT_TOPICS) + ")"
"""The index's condition, repeated in every statement meant to use it."""


def audit_index(table: str, dialect: str) -> str:
    """PostgreSQL walks it in log order from a position; SQLite (which cannot index its rowid
    by name) seeks each topic from the position and sorts the few rows found."""
    column = "notification_id" if dialect == "postgres" else "topic"
    return f"CREATE INDEX IF NOT EXISTS {table}_audit ON {table} ({column}) WHERE {AUDITED}"


def only_audit(topics: Sequence[str], stop: int | None) -> bool:
    """Whether a read of these topics is one the index answers."""
    return bool(topics) and stop is None and set(topics) <= set(AUDIT_TOPICS)


def audit_select(table: str, dialect: str, inclusive_of_start: bool, topics: int) -> str:
    """Rows of `topics` of the audit topics after a position, in log order; its parameters are
    the position, the topics and the limit."""
    position, mark = ("notification_id", "%s") if dialect == "postgres" else ("rowid", "?")
    after = ">=" if inclusive_of_start else ">"
    chosen = ", ".join([mark] * topics)
    return (
        f"SELECT {'' if dialect == 'postgres' else 'rowid, '}* FROM {table} "
        f"WHERE {position} {after} {mark} AND {AUDITED} AND topic IN ({chosen}) "
        f"ORDER BY {position} LIMIT {mark}"
    )


class _AuditReads(ApplicationRecorder):
    """A recorder's read of notifications, through the audit index when it can answer it."""

    def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
    ) -> Sequence[Notification]:
        found: Sequence[Notification]  # the library's reads are retried, and typed Any
        if only_audit(topics, stop):
            found = self._select_audit(start or 0, limit, topics, inclusive_of_start)
        else:
            found = super().select_notifications(  # type: ignore[safe-super]  # the store's,
                start, limit, stop, topics, inclusive_of_start=inclusive_of_start
            )  # next in each recorder's MRO
        return found

    def _select_audit(
        self, start: int, limit: int, topics: Sequence[str], inclusive: bool
    ) -> list[Notification]:
        raise NotImplementedError


class SqliteAuditReads(_AuditReads, SQLiteApplicationRecorder):
    """eventsourcing's SQLite recorder, reading the audit topics through their index."""

    def _select_audit(
        self, start: int, limit: int, topics: Sequence[str], inclusive: bool
    ) -> list[Notification]:
        statement = audit_select(self.events_table_name, "sqlite", inclusive, len(topics))
        with self.datastore.transaction(commit=False) as c:
            c.execute(statement, [start, *topics, limit])
            return [
                Notification(
                    id=row["rowid"],
                    originator_id=self.convert_originator_id(row["originator_id"]),
                    originator_version=row["originator_version"],
                    topic=row["topic"],
                    state=bytes(row["state"]),
                )
                for row in c.fetchall()
            ]


class PostgresAuditReads(_AuditReads, PostgresApplicationRecorder):
    """eventsourcing's PostgreSQL recorder, reading the audit topics through their index."""

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def _select_audit(
        self, start: int, limit: int, topics: Sequence[str], inclusive: bool
    ) -> list[Notification]:
        statement = audit_select(self.events_table_name, "postgres", inclusive, len(topics))
        with self.datastore.get_connection() as connection, connection.cursor() as cursor:
            cursor.execute(statement.encode(), [start, *topics, limit], prepare=True)
            return [
                Notification(
                    id=row["notification_id"],
                    originator_id=row["originator_id"],
                    originator_version=row["originator_version"],
                    topic=row["topic"],
                    state=bytes(row["state"]),
                )
                for row in cursor.fetchall()
            ]
