"""Bearer credentials: issued by the admin, stored only as a SHA-256 hash of the token."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import UTC, datetime

from application.credentials import Issued
from domain.actor import Actor, Role
from domain.errors import DomainError, InvalidValueError
from infrastructure.sql import SqlDatabase

TOKEN_PREFIX = "rct_"
CREDENTIAL_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{1,63}$")

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS rectify_credentials (
        name TEXT PRIMARY KEY,
        role TEXT NOT NULL,
        unit TEXT,
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        revoked_at TEXT
    )""",
]


class CredentialExistsError(DomainError):
    """Raised when an active credential already has the name."""

    code = "credential_exists"


class CredentialNotFoundError(DomainError):
    """Raised when no active credential has the name."""

    code = "not_found"


def hash_token(token: str) -> str:
    """Tokens are 256 random bits, so a plain SHA-256 is enough (no slow KDF needed)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class CredentialStore:
    def __init__(self, database: SqlDatabase) -> None:
        self.database = database

    def issue(self, name: str, role: Role, unit: str | None) -> Issued:
        if not CREDENTIAL_NAME.match(name):
            raise InvalidValueError("name", "2 to 64 letters, digits or _ . @ -")
        if (role is Role.UNIT_LEAD) != (unit is not None):
            raise InvalidValueError("unit", "a unit lead needs a unit; other roles take none")
        if self.is_active(name):
            raise CredentialExistsError(f"credential {name} exists; revoke it first")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        self.database.execute("DELETE FROM rectify_credentials WHERE name = %s", (name,))
        self.database.execute(
            "INSERT INTO rectify_credentials (name, role, unit, token_hash, created_at) "
            "VALUES (%s, %s, %s, %s, %s)",
            (name, role.value, unit, hash_token(token), _now()),
        )
        return Issued(Actor(name, role, unit), token)

    def authenticate(self, token: str) -> Actor | None:
        rows = self.database.execute(
            "SELECT name, role, unit FROM rectify_credentials "
            "WHERE token_hash = %s AND revoked_at IS NULL",
            (hash_token(token),),
        )
        if not rows:
            return None
        name, role, unit = rows[0]
        return Actor(name=name, role=Role(role), unit=unit)

    def revoke(self, name: str) -> Actor:
        """The credential revoked; its name may be issued again afterwards."""
        rows = self.database.execute(
            "UPDATE rectify_credentials SET revoked_at = %s WHERE name = %s "
            "AND revoked_at IS NULL RETURNING name, role, unit",
            (_now(), name),
        )
        if not rows:
            raise CredentialNotFoundError(f"no active credential {name}")
        found, role, unit = rows[0]
        return Actor(name=found, role=Role(role), unit=unit)

    def named(self, name: str) -> bool:
        """A credential of this name was issued, revoked since or not: its name is in events."""
        return bool(
            self.database.execute("SELECT 1 FROM rectify_credentials WHERE name = %s", (name,))
        )

    def is_active(self, name: str) -> bool:
        rows = self.database.execute(
            "SELECT 1 FROM rectify_credentials WHERE name = %s AND revoked_at IS NULL", (name,)
        )
        return bool(rows)


def _now() -> str:
    return datetime.now(UTC).isoformat()
