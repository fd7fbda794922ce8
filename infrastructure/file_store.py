"""Evidence files in the database, content-addressed by SHA-256: a backup carries them, the
event that refers to a file carries its hash, and `audit verify` checks every one is there."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from infrastructure.sql import SqlDatabase

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS rectify_files (
        sha256 TEXT PRIMARY KEY,
        content_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        content BYTEA NOT NULL,
        stored_at TEXT NOT NULL
    )""",
]


class FileStore:
    def __init__(self, database: SqlDatabase) -> None:
        self.database = database

    def put(self, content: bytes, content_type: str) -> str:
        """Store the bytes once (the same bytes again change nothing); their SHA-256."""
        sha = hashlib.sha256(content).hexdigest()
        self.database.execute(
            "INSERT INTO rectify_files (sha256, content_type, size, content, stored_at) "
            "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (sha256) DO NOTHING",
            (sha, content_type, len(content), content, datetime.now(UTC).isoformat()),
        )
        return sha

    def get(self, sha256: str) -> tuple[str, bytes] | None:
        """The content type and bytes, or None when no such file is stored."""
        rows = self.database.execute(
            "SELECT content_type, content FROM rectify_files WHERE sha256 = %s", (sha256,)
        )
        return (str(rows[0][0]), bytes(rows[0][1])) if rows else None

    def fault(self, sha256: str) -> str | None:
        """Why a referenced file fails its check (missing, or its bytes no longer hash to its
        name), or None when it is intact."""
        found = self.get(sha256)
        if found is None:
            return "missing"
        if hashlib.sha256(found[1]).hexdigest() != sha256:
            return "altered"
        return None
