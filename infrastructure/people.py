"""People who sign in to the workbench: their accounts, with passwords hashed by argon2id, and
the count of failed sign-ins that locks an account for a while. The facts (added, reset,
disabled, signed in or out) go to the log as events; the hashes stay here, never in the log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from application.people import Account, SignInRefusedError
from domain.actor import Role
from domain.errors import InvalidValueError
from infrastructure.sql import SqlDatabase

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS rectify_people (
        login TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        unit TEXT,
        role TEXT NOT NULL,
        phone TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        must_change INTEGER NOT NULL,
        failed INTEGER NOT NULL,
        locked_until TEXT,
        disabled_at TEXT,
        created_at TEXT NOT NULL
    )""",
]
MAX_FAILURES = 10
LOCKED_FOR = timedelta(minutes=15)
HASHER = PasswordHasher()  # argon2id with the library's current parameters
UNKNOWN_HASH = HASHER.hash("a password nobody has")  # same work for an unknown login


@dataclass(frozen=True)
class _Stored:
    account: Account
    password_hash: str
    failed: int
    locked_until: datetime | None


class PeopleStore:
    def __init__(self, database: SqlDatabase) -> None:
        self.database = database

    def add(self, account: Account, password: str) -> None:
        """A login taken meanwhile (two admins, or one form sent twice) is refused as taken."""
        added = self.database.execute(
            "INSERT INTO rectify_people (login, display_name, unit, role, phone, password_hash, "
            "must_change, failed, locked_until, disabled_at, created_at) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, 0, NULL, NULL, %s) "
            "ON CONFLICT (login) DO NOTHING RETURNING login",
            (
                account.login,
                account.display_name,
                account.unit,
                account.role.value,
                account.phone,
                HASHER.hash(password),
                int(account.must_change),
                _now().isoformat(),
            ),
        )
        if not added:
            raise InvalidValueError("login", "this login name is taken")

    def find(self, login: str) -> Account | None:
        stored = self._stored(login)
        return None if stored is None else stored.account

    def all(self) -> list[Account]:
        rows = self.database.execute(f"SELECT {COLUMNS} FROM rectify_people ORDER BY unit, login")
        return [_row(row).account for row in rows]

    def check_password(self, login: str, password: str) -> Account:
        """The account, if the password is right and the account may sign in; else refused,
        counting the failure (the tenth in a row locks the account for a while)."""
        stored = self._stored(login)
        if stored is None:
            _verify(UNKNOWN_HASH, password)
            raise SignInRefusedError("wrong")
        if stored.locked_until is not None and stored.locked_until > _now():
            raise SignInRefusedError("locked")
        self._settle(login, _verify(stored.password_hash, password))
        if stored.account.disabled:
            raise SignInRefusedError("disabled")
        return stored.account

    def _settle(self, login: str, right: bool) -> None:
        """Count the attempt on the row while holding it (guesses sent together are each
        counted, and one that was right while another locked the account is refused)."""
        now = _now()
        with self.database.transaction() as sql:
            failed, locked = sql.execute(HOLD_ROW, (login,))[0]
            if locked and datetime.fromisoformat(str(locked)) > now:
                raise SignInRefusedError("locked")
            failed = 0 if right else int(failed) + 1
            lock = now + LOCKED_FOR if failed >= MAX_FAILURES else None
            sql.execute(
                "UPDATE rectify_people SET failed = %s, locked_until = %s WHERE login = %s",
                (0 if lock else failed, lock and lock.isoformat(), login),
            )
        if not right:
            raise SignInRefusedError("locked" if lock else "wrong")

    def set_password(self, login: str, password: str, must_change: bool) -> None:
        self.database.execute(
            "UPDATE rectify_people SET password_hash = %s, must_change = %s, failed = 0, "
            "locked_until = NULL WHERE login = %s",
            (HASHER.hash(password), int(must_change), login),
        )

    def disable(self, login: str) -> None:
        self.database.execute(
            "UPDATE rectify_people SET disabled_at = %s WHERE login = %s",
            (_now().isoformat(), login),
        )

    def enable(self, login: str) -> None:
        self.database.execute(
            "UPDATE rectify_people SET disabled_at = NULL, failed = 0, locked_until = NULL "
            "WHERE login = %s",
            (login,),
        )

    def update(self, account: Account) -> None:
        """The details an admin may change; login, password and state stay."""
        self.database.execute(
            "UPDATE rectify_people SET display_name = %s, unit = %s, role = %s, phone = %s "
            "WHERE login = %s",
            (account.display_name, account.unit, account.role.value, account.phone, account.login),
        )

    def _stored(self, login: str) -> _Stored | None:
        rows = self.database.execute(
            f"SELECT {COLUMNS} FROM rectify_people WHERE login = %s", (login,)
        )
        return _row(rows[0]) if rows else None


HOLD_ROW = (
    "UPDATE rectify_people SET failed = failed WHERE login = %s RETURNING failed, locked_until"
)
"""Reads the row's count under its write lock: PostgreSQL's row lock until the commit (SQLite
has no FOR UPDATE; its BEGIN IMMEDIATE already holds every writer off)."""

COLUMNS = (
    "login, display_name, unit, role, phone, must_change, disabled_at, password_hash, failed, "
    "locked_until"
)


def _row(row: tuple[object, ...]) -> _Stored:
    login, name, unit, role, phone, must_change, disabled, password_hash, failed, locked = row
    account = Account(
        login=str(login),
        display_name=str(name),
        unit=None if unit is None else str(unit),
        role=Role(str(role)),
        phone=str(phone),
        must_change=bool(must_change),
        disabled=disabled is not None,
    )
    until = datetime.fromisoformat(str(locked)) if locked else None
    return _Stored(account, str(password_hash), int(str(failed)), until)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _now() -> datetime:
    return datetime.now(UTC)
