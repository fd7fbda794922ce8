"""账户记录: what happened to one person's account, for the admin who answers for accounts
(who added them, moved them, reset their password, disabled them; when they signed in and out),
newest first. The facts are `PersonRecord` events; the rows come from their read model."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from application.people import People
from domain.actor import Actor, Role
from domain.errors import InvalidValueError

SHOWN = 100


@dataclass(frozen=True)
class AccountEvent:
    what: str  # added, changed, password_reset, password_changed, disabled, enabled, signed_in …
    role: Role  # the person's, as the fact left them
    unit: str | None
    by_name: str  # who did it (the person themselves for a sign-in or a password change)
    by_role: Role
    at: datetime


class AccountEvents(Protocol):
    def of(self, login: str, limit: int, min_position: int) -> list[AccountEvent]:
        """The rows once the read model has reached `min_position`."""
        ...


class AccountRecords:
    def __init__(self, people: People, events: AccountEvents) -> None:
        self.people = people
        self.events = events

    def of(self, admin: Actor, login: str, limit: int = SHOWN) -> list[AccountEvent]:
        """The latest `limit` facts of an account the register knows (the admin only), up to
        the log's head: the change the admin just made is in it (read your writes)."""
        if self.people.find(admin, login) is None:
            raise InvalidValueError("login", "no such person")
        return self.events.of(login, limit, self.people.ledger.head_position())
