"""The access log: inspectors' reads, listed for the office and the admin, oldest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from eventsourcing.utils import get_topic

from application.ledger import Ledger
from domain.access import AccessRecord
from domain.actor import Actor, Role
from domain.errors import PermissionDeniedError

MAX_PAGE = 500


@dataclass(frozen=True)
class AccessEntry:
    position: int
    actor: Actor
    problem_id: UUID
    view: str
    version: int | None
    as_of: datetime | None
    recorded_at: datetime


class AccessLog:
    """Reads the access records straight from the notification log, filtered by topic."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.topic = get_topic(AccessRecord.Recorded)

    def list_access(self, actor: Actor, after: int = 0, limit: int = 100) -> list[AccessEntry]:
        if actor.role not in (Role.OFFICE, Role.ADMIN):
            raise PermissionDeniedError("only the office or the admin lists the access log")
        notifications = self.ledger.recorder.select_notifications(
            start=after,
            limit=max(1, min(limit, MAX_PAGE)),
            inclusive_of_start=False,
            topics=[self.topic],
        )
        entries = []
        for notification in notifications:
            event = self.ledger.mapper.to_domain_event(notification)
            assert isinstance(event, AccessRecord.Recorded)
            entries.append(
                AccessEntry(
                    position=notification.id,
                    actor=event.actor,
                    problem_id=event.problem_id,
                    view=event.view,
                    version=event.version,
                    as_of=event.as_of,
                    recorded_at=event.timestamp,
                )
            )
        return entries
