"""Idempotency keys: the first response to a (credential, key) pair, replayed to every retry."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from domain.actor import Actor, Role
from infrastructure.credentials import CredentialStore, hash_token
from infrastructure.sql import SqlDatabase

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS rectify_idempotency (
        credential TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        status INTEGER NOT NULL,
        body TEXT NOT NULL,
        headers TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (credential, idempotency_key)
    )""",
]


IN_FLIGHT = 0
"""The status of a key reserved by a request still running."""
ABANDONED_AFTER = timedelta(seconds=30)
"""A reservation this old belongs to a request that died with its server: a retry takes it."""


@dataclass(frozen=True)
class StoredResponse:
    fingerprint: str
    status: int
    body: str
    headers: dict[str, str]


def fingerprint(method: str, path: str, body: bytes) -> str:
    """The request a key was first used for; the same key with another request is refused."""
    digest = hashlib.sha256()
    for part in (method.encode(), b"\0", path.encode(), b"\0", body):
        digest.update(part)
    return digest.hexdigest()


def command_id(credential: str, key: str) -> str:
    """The id stored in the events, so a retry after a crash is recognised by the aggregate;
    `credential` is the SHA-256 of the token (the scope of the key)."""
    return hashlib.sha256(f"{credential}\0{key}".encode()).hexdigest()[:32]


class IdempotencyStore:
    def __init__(self, database: SqlDatabase) -> None:
        self.database = database

    def find(self, credential: str, key: str) -> StoredResponse | None:
        rows = self.database.execute(
            "SELECT fingerprint, status, body, headers FROM rectify_idempotency "
            "WHERE credential = %s AND idempotency_key = %s",
            (credential, key),
        )
        if not rows:
            return None
        fp, status, body, headers = rows[0]
        return StoredResponse(fp, int(status), body, json.loads(headers))

    def authenticate_and_reserve(
        self, credentials: CredentialStore, token: str, key: str, print_: str
    ) -> tuple[Actor | None, StoredResponse | None]:
        """Who the token is, and the key reserved for it (None) or what the key holds, in one
        round trip on PostgreSQL: the credential is read in the statement that inserts the
        reservation, so a revoked token reserves nothing. SQLite, in process, asks twice."""
        credential = hash_token(token)
        if self.database.dialect != "postgres":
            actor = credentials.authenticate(token)
            return actor, (None if actor is None else self.reserve(credential, key, print_))
        rows = self.database.execute(
            "WITH who AS (SELECT name, role, unit FROM rectify_credentials "
            "WHERE token_hash = %s AND revoked_at IS NULL), "
            "taken AS (INSERT INTO rectify_idempotency (credential, idempotency_key, "
            "fingerprint, status, body, headers, created_at) "
            "SELECT %s, %s, %s, %s, '', '{}', %s FROM who "
            "ON CONFLICT (credential, idempotency_key) DO NOTHING RETURNING 1) "
            "SELECT name, role, unit, EXISTS (SELECT 1 FROM taken) FROM who",
            (credential, credential, key, print_, IN_FLIGHT, datetime.now(UTC).isoformat()),
        )
        if not rows:
            return None, None
        name, role, unit, reserved = rows[0]
        actor = Actor(name=name, role=Role(role), unit=unit)
        return actor, (None if reserved else self.reserve(credential, key, print_))

    def reserve(self, credential: str, key: str, print_: str) -> StoredResponse | None:
        """None when this request now holds the key; else what the key already holds (an
        answer, or IN_FLIGHT while its first request runs)."""
        taken = self.database.execute(
            "INSERT INTO rectify_idempotency (credential, idempotency_key, fingerprint, status, "
            "body, headers, created_at) VALUES (%s, %s, %s, %s, '', '{}', %s) "
            "ON CONFLICT (credential, idempotency_key) DO NOTHING RETURNING status",
            (credential, key, print_, IN_FLIGHT, datetime.now(UTC).isoformat()),
        )
        if taken:
            return None
        now = datetime.now(UTC)
        taken_over = self.database.execute(
            "UPDATE rectify_idempotency SET created_at = %s, fingerprint = %s "
            "WHERE credential = %s AND idempotency_key = %s AND status = %s "
            "AND fingerprint = %s AND created_at < %s RETURNING status",
            (
                now.isoformat(),
                print_,
                credential,
                key,
                IN_FLIGHT,
                print_,
                (now - ABANDONED_AFTER).isoformat(),
            ),
        )
        if taken_over:
            return None
        return self.find(credential, key) or StoredResponse(print_, IN_FLIGHT, "", {})

    def complete(self, credential: str, key: str, response: StoredResponse) -> None:
        self.database.execute(
            "UPDATE rectify_idempotency SET status = %s, body = %s, headers = %s "
            "WHERE credential = %s AND idempotency_key = %s",
            (response.status, response.body, json.dumps(response.headers), credential, key),
        )

    def release(self, credential: str, key: str) -> None:
        """The request failed (5xx, 401): a retry may run it again."""
        self.database.execute(
            "DELETE FROM rectify_idempotency WHERE credential = %s AND idempotency_key = %s "
            "AND status = %s",
            (credential, key, IN_FLIGHT),
        )
