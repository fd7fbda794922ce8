"""Issuing and revoking bearer credentials, each one a fact in the log (who, to whom, when);
the store behind keeps only hashes of the tokens."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from application.ledger import Ledger
from application.people import PeoplePort
from application.ports import Clock
from application.units import Units
from domain.actor import Actor, Role
from domain.credential_record import CredentialRecord
from domain.errors import InvalidValueError, PermissionDeniedError
from domain.recording_time import recording_with


@dataclass(frozen=True)
class Issued:
    credential: Actor
    token: str  # handed to the caller once; never stored, logged or replayed


class CredentialStore(Protocol):
    """Where the token hashes live (infrastructure/credentials.py)."""

    def issue(self, name: str, role: Role, unit: str | None) -> Issued: ...

    def revoke(self, name: str) -> Actor: ...

    def named(self, name: str) -> bool: ...


class CredentialRegister:
    def __init__(
        self, store: CredentialStore, ledger: Ledger, units: Units, clock: Clock, people: PeoplePort
    ) -> None:
        """`people`: a credential may not take a person's login (one name, one actor)."""
        self.store = store
        self.ledger = ledger
        self.units = units
        self.clock = clock
        self.people = people

    def issue(self, actor: Actor, name: str, role: Role, unit: str | None) -> Issued:
        """A new credential. Its name is what every event it causes names, as a person's login
        is: the name of a person would make a script's acts read as that person's."""
        _check_is_admin(actor)
        if unit is not None:
            self.units.serving(unit, "unit")
        if self.people.find(name) is not None:
            raise InvalidValueError("name", "a person signs in with this name; choose another")
        issued = self.store.issue(name, role, unit)
        with recording_with(self.clock.now):
            record = CredentialRecord.issued(actor, issued.credential)
        try:
            self.ledger.save(record)
        except Exception:
            self.store.revoke(name)  # no credential without its record in the log
            raise
        return issued

    def revoke(self, actor: Actor, name: str) -> None:
        _check_is_admin(actor)
        credential = self.store.revoke(name)
        with recording_with(self.clock.now):
            record = CredentialRecord.revoked(actor, credential)
        self.ledger.save(record)


def _check_is_admin(actor: Actor) -> None:
    if actor.role is not Role.ADMIN:
        raise PermissionDeniedError("only the admin issues and revokes credentials")
