"""Idempotency keys: the first response to a (credential, key) pair, replayed to every retry."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

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
    """The id stored in the events, so a retry after a crash is recognised by the aggregate."""
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

    def remember(self, credential: str, key: str, response: StoredResponse) -> None:
        """First writer wins; a concurrent duplicate was already made harmless by the command id."""
        self.database.execute(
            "INSERT INTO rectify_idempotency (credential, idempotency_key, fingerprint, status, "
            "body, headers, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (credential, idempotency_key) DO NOTHING",
            (
                credential,
                key,
                response.fingerprint,
                response.status,
                response.body,
                json.dumps(response.headers),
                datetime.now(UTC).isoformat(),
            ),
        )
