"""Bringing a district's roster of people in at go-live (ADR 51): every row checked first, and
nobody added unless every row passes; each person then added as the admin's form adds one,
with an initial password of their own that they must change at their first sign-in.

A row whose login is already an account is left as it is (an import never changes anyone),
so a roster can be brought in again after it has grown."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import Enum

from application.people import Account, People, initial_password
from domain.actor import Actor, Role
from domain.errors import DomainError, InvalidValueError, PermissionDeniedError
from domain.roster_rows import RosterEntry, login_text, read_person
from domain.sheet_rows import SheetRow

MAX_PEOPLE = 200  # each initial password is hashed (argon2id, about 0.15 s): half a minute


class Outcome(Enum):
    READY = "ready"  # checked, not yet added
    ADDED = "added"
    ALREADY = "already"  # an account under this login exists: left as it is
    REFUSED = "refused"


@dataclass(frozen=True)
class PersonResult:
    row: int
    login: str
    outcome: Outcome
    entry: RosterEntry | None = None  # what the row says, when it could be read
    error: DomainError | None = None
    differs: bool = False  # an existing account that the row describes otherwise
    password: str = ""  # the initial password of a person this import added, shown once


class RosterImport:
    def __init__(self, people: People, passwords: Callable[[], str] = initial_password) -> None:
        self.people = people
        self.passwords = passwords

    @staticmethod
    def check_may(actor: Actor) -> None:
        """Refused before the file is even read."""
        if actor.role is not Role.ADMIN:
            raise PermissionDeniedError("only the admin manages people")

    def check(self, admin: Actor, rows: Sequence[SheetRow]) -> list[PersonResult]:
        """Each row as an import would find it, nobody added."""
        return self._checked(admin, rows)

    def run(self, admin: Actor, rows: Sequence[SheetRow]) -> list[PersonResult]:
        """Add every new person if no row is refused (else nobody); results in the file's order."""
        checked = self._checked(admin, rows)
        if any(result.outcome is Outcome.REFUSED for result in checked):
            return checked
        results = []
        for result in checked:
            if result.entry is not None and result.outcome is Outcome.READY:
                password = self.passwords()
                self.people.add_person(admin, _account(result.entry), password)
                result = replace(result, outcome=Outcome.ADDED, password=password)
            results.append(result)
        return results

    def _checked(self, admin: Actor, rows: Sequence[SheetRow]) -> list[PersonResult]:
        self.check_may(admin)
        if not rows:
            raise InvalidValueError("file", "has no rows under its header")
        if len(rows) > MAX_PEOPLE:
            raise InvalidValueError("file", f"has more than {MAX_PEOPLE} rows")
        units = self.people.units.list_units()
        codes = {key: u.code for u in units for key in (u.code, u.name)}
        seen: set[str] = set()
        checked = []
        for row in rows:
            entry = None
            try:
                entry = read_person(row, codes)
                if entry.login in seen:
                    raise InvalidValueError("login", "is used by another row of the file")
                seen.add(entry.login)
                checked.append(self._found(admin, entry))
            except DomainError as error:
                login = entry.login if entry else login_text(row)
                checked.append(PersonResult(row.number, login, Outcome.REFUSED, entry, error))
        return checked

    def _found(self, admin: Actor, entry: RosterEntry) -> PersonResult:
        held = self.people.find(admin, entry.login)
        if held is not None:
            differs = entry.told_otherwise(held.display_name, held.role, held.unit)
            return PersonResult(entry.row, entry.login, Outcome.ALREADY, entry, differs=differs)
        self.people.check_new(admin, _account(entry))
        return PersonResult(entry.row, entry.login, Outcome.READY, entry)


def _account(entry: RosterEntry) -> Account:
    return Account(entry.login, entry.display_name, entry.unit, entry.role, entry.phone)
