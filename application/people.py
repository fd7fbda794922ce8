"""People and their sign-in to the workbench: the admin adds people, changes their details,
resets passwords, disables and enables accounts; a person signs in, must change a new password
first, signs out. Each fact is an event in the log; the password hashes and sessions live behind
the ports below."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol

from application.ledger import Ledger
from application.people_filter import PeopleFilter
from application.ports import Clock
from application.units import Units
from domain.actor import Actor, Role
from domain.errors import (
    DomainError,
    InvalidTransitionError,
    InvalidValueError,
    PermissionDeniedError,
)
from domain.person_record import PersonRecord, check_login
from domain.recording_time import recording_with
from domain.rules import check_text
from domain.text import text_fault

MIN_PASSWORD = 10
INITIAL_PASSWORD = 12
PASSWORD_LETTERS = "23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"


class SignInRefusedError(DomainError):
    """Raised when a sign-in is refused: `reason` is wrong, locked or disabled."""

    code = "sign_in_refused"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Account:
    login: str
    display_name: str
    unit: str | None
    role: Role
    phone: str = ""
    must_change: bool = True
    disabled: bool = False

    @property
    def actor(self) -> Actor:
        """Who the events this person causes name (as a bearer credential's do)."""
        return Actor(self.login, self.role, self.unit)


class PeoplePort(Protocol):
    def add(self, account: Account, password: str) -> None: ...

    def find(self, login: str) -> Account | None: ...

    def all(self) -> list[Account]: ...

    def check_password(self, login: str, password: str) -> Account: ...

    def set_password(self, login: str, password: str, must_change: bool) -> None: ...

    def disable(self, login: str) -> None: ...

    def enable(self, login: str) -> None: ...

    def update(self, account: Account) -> None: ...


class SessionsPort(Protocol):
    def open(self, login: str) -> tuple[str, str]: ...

    def close(self, session: str) -> None: ...

    def close_all(self, login: str) -> None: ...

    def signed_in_before(self, login: str, session: str) -> datetime | None: ...

    def last_sign_ins(self) -> dict[str, datetime]: ...


class CredentialNames(Protocol):
    def named(self, name: str) -> bool: ...


class People:
    def __init__(
        self,
        store: PeoplePort,
        sessions: SessionsPort,
        ledger: Ledger,
        units: Units,
        clock: Clock,
        credentials: CredentialNames,
    ) -> None:
        """`credentials`: a login may not be a credential's name (one name, one actor)."""
        self.store = store
        self.credentials = credentials
        self.sessions = sessions
        self.ledger = ledger
        self.units = units
        self.clock = clock

    def add_person(self, admin: Actor, account: Account, password: str) -> Account:
        self.check_new(admin, account)
        _check_password(password)
        self.store.add(account, password)
        self._record(admin, account, "added")
        return account

    def check_new(self, admin: Actor, account: Account) -> None:
        """Everything `add_person` checks but the password, nothing written."""
        _check_admin(admin)
        check_login(account.login)
        self._check_details(account)
        if self.store.find(account.login) is not None:
            raise InvalidValueError("login", "this login name is taken")
        if self.credentials.named(account.login):
            raise InvalidValueError("login", "this login name is taken (by a credential)")

    def change(self, admin: Actor, changed: Account) -> Account:
        """调整: a person's name, role, unit or phone as they are now (moved to another unit,
        made a clerk of the office). A new role or unit ends their sessions: what they may see
        changed. Their login, password and the facts they caused stay."""
        _check_admin(admin)
        held = self._known(changed.login)
        changed = replace(changed, must_change=held.must_change, disabled=held.disabled)
        self._check_details(changed)
        if changed == held:
            raise InvalidTransitionError("nothing to change: the account already reads so")
        moved = (changed.role, changed.unit) != (held.role, held.unit)
        if moved and changed.login == admin.name:
            raise InvalidValueError("role", "an admin's own role is changed by another admin")
        self.store.update(changed)
        if moved:
            self.sessions.close_all(changed.login)
        self._record(admin, changed, "changed")
        return changed

    def move_all(self, admin: Actor, unit: str, into: str) -> list[str]:
        """Everyone of a unit merged into another moves with it (撤并, ADR 55), disabled
        accounts too, so none stays in a unit that takes no work."""
        moving = [a for a in self.store.all() if a.unit == unit]
        return [self.change(admin, replace(a, unit=into)).login for a in moving]

    def enable(self, admin: Actor, login: str) -> None:
        """启用: a disabled account may sign in again, with the password it had (reset it too
        when its holder has forgotten it or it was disabled as no longer theirs)."""
        _check_admin(admin)
        account = self._known(login)
        if not account.disabled:
            raise InvalidTransitionError("the account is not disabled")
        self.store.enable(login)
        self._record(admin, account, "enabled")

    def reset_password(self, admin: Actor, login: str, password: str) -> None:
        """A new password the person must change at the next sign-in; their sessions end."""
        _check_admin(admin)
        account = self._known(login)
        _check_password(password)
        self.store.set_password(login, password, must_change=True)
        self.sessions.close_all(login)
        self._record(admin, account, "password_reset")

    def disable(self, admin: Actor, login: str) -> None:
        _check_admin(admin)
        account = self._known(login)
        if login == admin.name:
            raise InvalidValueError("login", "an admin's own account is disabled by another admin")
        self.store.disable(login)
        self.sessions.close_all(login)
        self._record(admin, account, "disabled")

    def sign_in(self, login: str, password: str) -> tuple[Account, str, str]:
        """The account, a new session and its form token (CSRF). A login or password that no
        stored text could be (a control character) is a wrong one, not a database error."""
        if text_fault(login) or text_fault(password):
            raise SignInRefusedError("wrong")
        account = self.store.check_password(login, password)
        session, form_token = self.sessions.open(login)
        self._record(account.actor, account, "signed_in")
        return account, session, form_token

    def sign_out(self, account: Account, session: str) -> None:
        self.sessions.close(session)
        self._record(account.actor, account, "signed_out")

    def change_password(self, account: Account, current: str, new: str) -> None:
        self.store.check_password(account.login, current)
        if new == current:
            raise InvalidValueError("new_password", "choose a password other than the old one")
        _check_password(new, "new_password")
        self.store.set_password(account.login, new, must_change=False)
        self._record(account.actor, account, "password_changed")

    def find(self, admin: Actor, login: str) -> Account | None:
        _check_admin(admin)
        return self.store.find(login)

    def people(self, admin: Actor, chosen: PeopleFilter | None = None) -> list[Account]:
        """Everyone, or those `chosen` picks (a district has a hundred or more)."""
        _check_admin(admin)
        everyone = self.store.all()
        return everyone if chosen is None else [a for a in everyone if chosen.picks(a)]

    def last_sign_ins(self, admin: Actor) -> dict[str, datetime]:
        """Each person's latest sign-in: an account nobody has used for months is one to
        disable (等保: no idle accounts)."""
        _check_admin(admin)
        return self.sessions.last_sign_ins()

    def signed_in_before(self, account: Account, session: str) -> datetime | None:
        """When this person signed in before `session` (their home page shows it)."""
        return self.sessions.signed_in_before(account.login, session)

    def people_of(self, unit: str) -> list[Account]:
        """Whom a problem of `unit` can be assigned to."""
        return [a for a in self.store.all() if a.unit == unit and not a.disabled]

    def names_of(self, logins: set[str]) -> dict[str, str]:
        """The display names of those who acted (a problem's timeline): a credential or a
        login no longer registered keeps its bare name."""
        found = (self.store.find(login) for login in sorted(logins))
        return {a.login: a.display_name for a in found if a is not None and a.display_name}

    def _known(self, login: str) -> Account:
        account = self.store.find(login)
        if account is None:
            raise InvalidValueError("login", "no such person")
        return account

    def _check_details(self, account: Account) -> None:
        check_text("display_name", account.display_name)
        check_text("phone", account.phone, required=False)
        if (account.role is Role.UNIT_LEAD) != (account.unit is not None):
            raise InvalidValueError("unit", "a unit lead needs a unit; other roles take none")
        if account.unit is not None:
            self.units.serving(account.unit, "unit")

    def _record(self, actor: Actor, account: Account, what: str) -> None:
        with recording_with(self.clock.now):
            record = PersonRecord.happened(actor, account.actor, what)
        self.ledger.save(record)


def _check_admin(actor: Actor) -> None:
    if actor.role is not Role.ADMIN:
        raise PermissionDeniedError("only the admin manages people")


def initial_password() -> str:
    """A new password for a person added in bulk, to be handed over on paper: long enough for
    the rule, drawn from letters and digits nobody misreads (no 0/O, 1/l/I)."""
    return "".join(secrets.choice(PASSWORD_LETTERS) for _ in range(INITIAL_PASSWORD))


def _check_password(password: str, field: str = "password") -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidValueError(field, f"at least {MIN_PASSWORD} characters")
    check_text(field, password)
