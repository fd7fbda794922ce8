"""Workbench sessions, kept on the server and revocable: the browser holds a random id (in an
HttpOnly cookie); the table holds its SHA-256, the person, and the session's form token."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from infrastructure.sql import SqlDatabase

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS rectify_sessions (
        session_hash TEXT PRIMARY KEY,
        login TEXT NOT NULL,
        form_token TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        closed_at TEXT
    )""",
]
LIFETIME = timedelta(hours=10)  # a working day at the window, then sign in again


@dataclass(frozen=True)
class OpenSession:
    login: str
    form_token: str


class SessionStore:
    def __init__(self, database: SqlDatabase) -> None:
        self.database = database

    def open(self, login: str) -> tuple[str, str]:
        session, form_token = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        now = datetime.now(UTC)
        self.database.execute(
            "INSERT INTO rectify_sessions (session_hash, login, form_token, created_at, "
            "expires_at, closed_at) VALUES (%s, %s, %s, %s, %s, NULL)",
            (_hash(session), login, form_token, now.isoformat(), (now + LIFETIME).isoformat()),
        )
        return session, form_token

    def find(self, session: str) -> OpenSession | None:
        rows = self.database.execute(
            "SELECT login, form_token, expires_at FROM rectify_sessions "
            "WHERE session_hash = %s AND closed_at IS NULL",
            (_hash(session),),
        )
        if not rows:
            return None
        login, form_token, expires_at = rows[0]
        if datetime.fromisoformat(str(expires_at)) <= datetime.now(UTC):
            return None
        return OpenSession(str(login), str(form_token))

    def close(self, session: str) -> None:
        self.database.execute(
            "UPDATE rectify_sessions SET closed_at = %s WHERE session_hash = %s",
            (datetime.now(UTC).isoformat(), _hash(session)),
        )

    def close_all(self, login: str) -> None:
        self.database.execute(
            "UPDATE rectify_sessions SET closed_at = %s WHERE login = %s AND closed_at IS NULL",
            (datetime.now(UTC).isoformat(), login),
        )


def _hash(session: str) -> str:
    return hashlib.sha256(session.encode()).hexdigest()
