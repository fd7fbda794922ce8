"""A person's notices (站内提醒): what is addressed to their role and unit, or to them; marking
them read; their e-mail choices; and, for the office, how the deliveries went."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from application.ports import Clock
from domain.actor import Actor, Role
from domain.errors import InvalidValueError, PermissionDeniedError
from domain.notice_routes import EmailMode
from domain.notices import NoticeKind
from domain.text import normal_text

EMAIL = re.compile(r"^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})+$")
SHOWN = 100
NOTICE_KEY = re.compile(r"^[\w:.\-]{1,300}$", re.ASCII)  # how the outbox writes a notice's key


@dataclass(frozen=True)
class InboxItem:
    key: str
    kind: NoticeKind
    subject: str
    body: str
    link: str
    on: str
    created_at: str
    read_at: str | None


@dataclass(frozen=True)
class EmailChoice:
    email: str
    mode: EmailMode
    kinds: frozenset[NoticeKind]


class NoticeStore(Protocol):
    def inbox(self, actor: Actor, limit: int, unread_only: bool = False) -> list[Any]: ...

    def unread(self, actor: Actor) -> int: ...

    def mark_read(self, actor: Actor, keys: list[str] | None, now: datetime) -> int: ...


class ContactPort(Protocol):
    def settings(self, login: str) -> tuple[str, EmailMode, frozenset[NoticeKind]]: ...

    def save(
        self, login: str, email: str, mode: EmailMode, kinds: frozenset[NoticeKind]
    ) -> None: ...


class DeliveryLog(Protocol):
    def listed(self, state: str | None, limit: int = 200) -> list[Any]: ...

    def retry(self, key: str, channel: str, recipient: str, now: datetime) -> bool: ...


class Inbox:
    def __init__(
        self, store: NoticeStore, contacts: ContactPort, log: DeliveryLog, clock: Clock
    ) -> None:
        self.store = store
        self.contacts = contacts
        self.log = log
        self.clock = clock

    def items(self, actor: Actor, unread_only: bool = False) -> list[InboxItem]:
        rows = self.store.inbox(actor, SHOWN, unread_only)
        return [
            InboxItem(key, NoticeKind(kind), subject, body, link, on, created, read)
            for key, kind, subject, body, link, on, created, read in rows
        ]

    def unread(self, actor: Actor) -> int:
        return self.store.unread(actor)

    def mark_read(self, actor: Actor, keys: list[str] | None) -> int:
        """Only the actor's own notices can be marked; other keys are ignored, not revealed
        (nor sent to the database when they could not be a key at all)."""
        if keys is not None:
            keys = [key for key in keys if NOTICE_KEY.match(key)]
        return self.store.mark_read(actor, keys, self.clock.now())

    def email_choice(self, actor: Actor) -> EmailChoice:
        return EmailChoice(*self.contacts.settings(actor.name))

    def choose_email(self, actor: Actor, email: str, mode: str, kinds: list[str]) -> EmailChoice:
        email = normal_text(email).strip()
        if email and not EMAIL.match(email):
            raise InvalidValueError("email", "not an e-mail address (name@example.gov.cn)")
        try:
            chosen_mode = EmailMode(mode)
            chosen = frozenset(NoticeKind(k) for k in kinds)
        except ValueError:
            raise InvalidValueError("mode", "unknown choice") from None
        if chosen_mode is not EmailMode.OFF and not email:
            raise InvalidValueError("email", "give an address to receive e-mail")
        if chosen_mode is EmailMode.DIGEST and actor.role not in (Role.UNIT_LEAD, Role.OFFICE):
            raise InvalidValueError("mode", "the digest is for unit leads and the office")
        self.contacts.save(actor.name, email, chosen_mode, chosen)
        return self.email_choice(actor)

    def deliveries(self, actor: Actor, state: str | None) -> list[Any]:
        _office_only(actor)
        if state not in (None, "pending", "sent", "failed"):
            raise InvalidValueError("state", "pending, sent or failed")
        return self.log.listed(state)

    def retry(self, actor: Actor, key: str, channel: str, recipient: str) -> bool:
        _office_only(actor)
        if not NOTICE_KEY.match(key) or not recipient.isprintable():
            return False  # no such delivery could exist
        return self.log.retry(key, channel, recipient, self.clock.now())


def _office_only(actor: Actor) -> None:
    if actor.role not in (Role.OFFICE, Role.ADMIN):
        raise PermissionDeniedError("the deliveries are for the office to follow")
