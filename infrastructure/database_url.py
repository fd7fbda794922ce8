"""RECTIFY_DATABASE_URL, parsed into the environment eventsourcing's recorders read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from infrastructure.settings import Settings


class DatabaseUrlError(ValueError):
    """Raised when RECTIFY_DATABASE_URL is neither a sqlite:/// nor a postgresql:// URL."""


@dataclass(frozen=True)
class PostgresTarget:
    host: str
    port: int
    user: str
    password: str
    dbname: str

    def conninfo(self) -> str:
        parts = {
            "host": self.host,
            "port": str(self.port),
            "user": self.user,
            "password": self.password,
            "dbname": self.dbname,
        }
        return " ".join(f"{k}='{_quote(v)}'" for k, v in parts.items() if v)


@dataclass(frozen=True)
class SqliteTarget:
    path: Path


def parse_database_url(url: str) -> PostgresTarget | SqliteTarget:
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        if not path:
            raise DatabaseUrlError("sqlite:/// needs a file path")
        return SqliteTarget(Path(path))
    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres"):
        raise DatabaseUrlError("use sqlite:///<file> or postgresql://user:password@host:port/db")
    query = parse_qs(parts.query)
    host = unquote(parts.hostname or "") or query.get("host", [""])[0]
    dbname = unquote(parts.path.lstrip("/"))
    if not host or not dbname:
        raise DatabaseUrlError(
            "a postgresql URL needs a host (or ?host=/socket/dir) and a database"
        )
    return PostgresTarget(
        host=host,
        port=parts.port or 5432,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        dbname=dbname,
    )


SQLITE_RECORDER = "infrastructure.chained_store:ChainedSQLiteApplicationRecorder"
POSTGRES_FACTORY = "infrastructure.pg_pools:WarmPostgresFactory"  # ADR 24
POSTGRES_RECORDER = "infrastructure.chained_store:ChainedPostgresApplicationRecorder"


def eventsourcing_env(settings: Settings, create_table: bool) -> dict[str, str]:
    """The environment of the Ledger application for the configured database."""
    target = parse_database_url(settings.database_url)
    flag = "y" if create_table else "n"
    if isinstance(target, SqliteTarget):
        target.path.parent.mkdir(parents=True, exist_ok=True)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "APPLICATION_RECORDER_TOPIC": SQLITE_RECORDER,
            "SQLITE_DBNAME": str(target.path),
            "SQLITE_LOCK_TIMEOUT": str(max(settings.lock_timeout, 1)),
            "CREATE_TABLE": flag,
        }
    return {
        "PERSISTENCE_MODULE": POSTGRES_FACTORY,
        "APPLICATION_RECORDER_TOPIC": POSTGRES_RECORDER,
        "POSTGRES_HOST": target.host,
        "POSTGRES_PORT": str(target.port),
        "POSTGRES_USER": target.user,
        "POSTGRES_PASSWORD": target.password,
        "POSTGRES_DBNAME": target.dbname,
        "POSTGRES_POOL_SIZE": str(settings.pool_size),
        "POSTGRES_MAX_OVERFLOW": str(settings.pool_max_overflow),
        "POSTGRES_CONNECT_TIMEOUT": str(settings.connect_timeout),
        "POSTGRES_LOCK_TIMEOUT": str(settings.lock_timeout),
        "POSTGRES_PRE_PING": "n",
        "CREATE_TABLE": flag,
    }


def _quote(value: str) -> str:
    return value.replace("\\", "\\\\").replace("'", "\\'")
