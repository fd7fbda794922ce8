"""GET /notifications and POST /notifications/read: the caller's own notices (提醒)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.deps import CurrentActor
from api.providers import InboxDep
from application.inbox import InboxItem

router = APIRouter(tags=["notifications"])


class NotificationResponse(BaseModel):
    key: str = Field(description="the trigger's key: one notice per trigger")
    kind: str
    subject: str
    body: str
    link: str = Field(description="the workbench page it is about")
    on: str
    created_at: datetime
    read_at: datetime | None

    @classmethod
    def of(cls, item: InboxItem) -> NotificationResponse:
        return cls(
            key=item.key,
            kind=item.kind.value,
            subject=item.subject,
            body=item.body,
            link=item.link,
            on=item.on,
            created_at=datetime.fromisoformat(item.created_at),
            read_at=datetime.fromisoformat(item.read_at) if item.read_at else None,
        )


class NotificationsResponse(BaseModel):
    unread: int
    items: list[NotificationResponse] = Field(description="newest first, at most 100")


class MarkRead(BaseModel):
    keys: list[str] | None = Field(
        None, max_length=200, description="the notices to mark read; none given: all of them"
    )


class MarkedResponse(BaseModel):
    marked: int


@router.get("/notifications")
def notifications(
    actor: CurrentActor, inbox: InboxDep, unread: bool = False
) -> NotificationsResponse:
    """What is addressed to the caller's role and unit (or to them alone), newest first."""
    items = [NotificationResponse.of(item) for item in inbox.items(actor, unread)]
    return NotificationsResponse(unread=inbox.unread(actor), items=items)


@router.post("/notifications/read")
def mark_read(actor: CurrentActor, inbox: InboxDep, body: MarkRead) -> MarkedResponse:
    """Keys that are not the caller's are ignored (and not revealed)."""
    return MarkedResponse(marked=inbox.mark_read(actor, body.keys))
