"""Workbench sessions, kept on the server and revocable: the browser holds a random id (in an
HttpOnly cookie); the table holds its SHA-256, the person, and the session's form token.

A session ends after 30 minutes without a request (a window's screen left signed in while its
lead steps away; 等保 asks for the timeout) and at the latest 10 hours after sign-in: its
`expires_at` slides on with use, never past that."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
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
    "CREATE INDEX IF NOT EXISTS rectify_sessions_login ON rectify_sessions (login, created_at)",
]
LIFETIME = timedelta(hours=10)  # a working day at the window, then sign in again
IDLE = timedelta(minutes=30)
SLIDE_AFTER = timedelta(minutes=1)  # a page every few seconds writes the row once a minute


@dataclass(frozen=True)
class OpenSession:
    login: str
    form_token: str


class SessionStore:
    def __init__(
        self,
        database: SqlDatabase,
        idle: timedelta = IDLE,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        """`now`: the wall clock (a session is the browser's, not the service's simulated day)."""
        self.database = database
        self.idle = idle
        self.now = now

    def open(self, login: str) -> tuple[str, str]:
        session, form_token = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        now = self.now()
        self.database.execute(
            "INSERT INTO rectify_sessions (session_hash, login, form_token, created_at, "
            "expires_at, closed_at) VALUES (%s, %s, %s, %s, %s, NULL)",
            (_hash(session), login, form_token, now.isoformat(), self._until(now, now)),
        )
        return session, form_token

    def find(self, session: str) -> OpenSession | None:
        """The open session, its idle time begun again; None once it has ended."""
        rows = self.database.execute(
            "SELECT login, form_token, created_at, expires_at FROM rectify_sessions "
            "WHERE session_hash = %s AND closed_at IS NULL",
            (_hash(session),),
        )
        if not rows:
            return None
        login, form_token, created_at, expires_at = rows[0]
        now, expires = self.now(), datetime.fromisoformat(str(expires_at))
        if expires <= now:
            return None
        if expires - now < self.idle - SLIDE_AFTER:
            until = self._until(datetime.fromisoformat(str(created_at)), now)
            self.database.execute(
                "UPDATE rectify_sessions SET expires_at = %s WHERE session_hash = %s",
                (until, _hash(session)),
            )
        return OpenSession(str(login), str(form_token))

    def signed_in_before(self, login: str, session: str) -> datetime | None:
        """When the person signed in before this session (None: this is the first), shown on
        the home page so that a sign-in they did not make is noticed."""
        rows = self.database.execute(
            "SELECT MAX(created_at) FROM rectify_sessions WHERE login = %s AND created_at < "
            "(SELECT created_at FROM rectify_sessions WHERE session_hash = %s)",
            (login, _hash(session)),
        )
        return datetime.fromisoformat(str(rows[0][0])) if rows and rows[0][0] else None

    def last_sign_ins(self) -> dict[str, datetime]:
        rows = self.database.execute(
            "SELECT login, MAX(created_at) FROM rectify_sessions GROUP BY login"
        )
        return {str(login): datetime.fromisoformat(str(at)) for login, at in rows}

    def _until(self, created: datetime, now: datetime) -> str:
        return min(now + self.idle, created + LIFETIME).isoformat()

    def close(self, session: str) -> None:
        self.database.execute(
            "UPDATE rectify_sessions SET closed_at = %s WHERE session_hash = %s",
            (self.now().isoformat(), _hash(session)),
        )

    def close_all(self, login: str) -> None:
        self.database.execute(
            "UPDATE rectify_sessions SET closed_at = %s WHERE login = %s AND closed_at IS NULL",
            (self.now().isoformat(), login),
        )


def _hash(session: str) -> str:
    return hashlib.sha256(session.encode()).hexdigest()
