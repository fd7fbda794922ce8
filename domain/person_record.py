"""What happens to a person's account, kept as facts in the log: added, changed (the person as
they are after it), password reset, disabled, enabled, signed in, signed out; who did it and
when. Passwords and their hashes are never part of it."""

from __future__ import annotations

import re
from typing import Any

from eventsourcing.domain import Aggregate

from domain.actor import Actor
from domain.errors import InvalidValueError
from domain.recording_time import recorded_now

LOGIN = re.compile(r"^[a-z][a-z0-9._-]{1,39}$")


def check_login(login: str) -> None:
    """A login name is typed at every sign-in and named in every event: plain and short."""
    if not LOGIN.match(login):
        raise InvalidValueError(
            "login", "lower-case letters, digits, '.', '_' or '-', 2 to 40, starting with a letter"
        )


class PersonRecord(Aggregate):
    """One fact about one account; created once, never changed."""

    class Happened(Aggregate.Created):
        create_timestamp = staticmethod(recorded_now)

        actor: Actor
        person: Actor
        what: str  # added, changed, password_reset, password_changed, disabled, enabled,
        # signed_in, signed_out

        def apply(self, aggregate: Any) -> None:
            aggregate.person = self.person
            aggregate.what = self.what

    def __init__(self) -> None:
        self.person: Actor | None = None
        self.what = ""

    @classmethod
    def happened(cls, actor: Actor, person: Actor, what: str) -> PersonRecord:
        return cls._create(cls.Happened, actor=actor, person=person, what=what)
