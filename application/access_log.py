"""The access log: inspectors' reads, and the issuing and revoking of credentials, read from
the notification log by topic, oldest first, filtered by person, kind and period."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic

from application.ledger import Ledger
from application.ports import CHINA, Clock
from domain.access import AccessRecord, whose_reads
from domain.actor import Actor, Role
from domain.credential_record import CredentialRecord
from domain.errors import PermissionDeniedError
from domain.periods import parse_long_period, parse_week
from domain.recording_time import recording_with

MAX_PAGE = 500
SUFFIXES = {"history": "/history", "dossier": "/dossier.docx"}
"""The path a problem's read was of, by what was read (its state: the problem's own path)."""
SCAN = 500


@dataclass(frozen=True)
class AccessEntry:
    position: int
    actor: Actor
    kind: str  # state or history of one problem; list, export, report, activity, audit, ...
    problem_id: UUID | None
    version: int | None
    as_of: datetime | None
    path: str
    query: str
    rows: int | None
    recorded_at: datetime


@dataclass(frozen=True)
class CredentialEntry:
    position: int
    change: str  # issued or revoked
    by: Actor
    credential: Actor
    recorded_at: datetime


@dataclass(frozen=True)
class AccessFilter:
    reader: str | None = None
    kind: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    @classmethod
    def of(cls, reader: str | None, kind: str | None, period: str | None) -> AccessFilter:
        """`period`: 2026-11, 2026Q4, 2026H2, 2026 or 2026-W48, its days in China time."""
        if not period:
            return cls(reader or None, kind or None)
        span = parse_week(period, "period") if "W" in period else parse_long_period(period)
        since = datetime.combine(span.start, time(0), tzinfo=CHINA)
        until = datetime.combine(span.end + timedelta(days=1), time(0), tzinfo=CHINA)
        return cls(reader or None, kind or None, since, until)

    def admits(self, entry: AccessEntry) -> bool:
        return (
            self.reader in (None, entry.actor.name)
            and self.kind in (None, entry.kind)
            and (self.since is None or entry.recorded_at >= self.since)
            and (self.until is None or entry.recorded_at < self.until)
        )


class AccessLog:
    def __init__(self, ledger: Ledger, clock: Clock) -> None:
        self.ledger = ledger
        self.clock = clock
        self.read_topics = [get_topic(AccessRecord.Recorded), get_topic(AccessRecord.Consulted)]
        self.credential_topics = [
            get_topic(CredentialRecord.Issued),
            get_topic(CredentialRecord.Revoked),
        ]

    def record_consultation(
        self, actor: Actor, kind: str, path: str, query: str, rows: int
    ) -> None:
        """An inspector's read of anything but one problem (those record themselves)."""
        if actor.role is Role.INSPECTOR:
            with recording_with(self.clock.now):
                record = AccessRecord.consult(actor, kind, path, query[:2000], rows)
            self.ledger.save(record)

    def list_access(
        self, actor: Actor, f: AccessFilter, after: int = 0, limit: int = 100
    ) -> list[AccessEntry]:
        f = replace(f, reader=whose_reads(actor, f.reader))
        limit = max(1, min(limit, MAX_PAGE))
        entries: list[AccessEntry] = []
        for position, event in self._events(self.read_topics, after):
            entry = _access_entry(position, event)
            if f.admits(entry):
                entries.append(entry)
                if len(entries) == limit:
                    break
        return entries

    def list_credential_changes(
        self, actor: Actor, after: int = 0, limit: int = 100
    ) -> list[CredentialEntry]:
        if actor.role is Role.UNIT_LEAD:
            raise PermissionDeniedError("credentials are the office's, inspectors' and admin's")
        found = []
        for position, event in self._events(self.credential_topics, after):
            change = "issued" if isinstance(event, CredentialRecord.Issued) else "revoked"
            found.append(
                CredentialEntry(position, change, event.actor, event.credential, event.timestamp)
            )
            if len(found) == max(1, min(limit, MAX_PAGE)):
                break
        return found

    def _events(self, topics: list[str], after: int) -> Any:
        """(position, event) of these topics after `after`, read a page at a time."""
        start = after
        while True:
            notifications = self.ledger.recorder.select_notifications(
                start=start, limit=SCAN, inclusive_of_start=False, topics=topics
            )
            for notification in notifications:
                yield notification.id, self.ledger.mapper.to_domain_event(notification)
            if len(notifications) < SCAN:
                return
            start = notifications[-1].id


def _access_entry(position: int, event: Any) -> AccessEntry:
    if isinstance(event, AccessRecord.Recorded):
        return AccessEntry(
            position=position,
            actor=event.actor,
            kind=event.view,
            problem_id=event.problem_id,
            version=event.version,
            as_of=event.as_of,
            path=f"/problems/{event.problem_id}" + SUFFIXES.get(event.view, ""),
            query="",
            rows=1,
            recorded_at=event.timestamp,
        )
    return AccessEntry(
        position=position,
        actor=event.actor,
        kind=event.kind,
        problem_id=None,
        version=None,
        as_of=None,
        path=event.path,
        query=event.query,
        rows=event.rows,
        recorded_at=event.timestamp,
    )
