"""Backups of what cannot be rebuilt: the event log, its chain, credentials and idempotency
records. Read models are left out on PostgreSQL (they rebuild from the log after a restore)."""

from __future__ import annotations

import glob
import shutil
import sqlite3
import subprocess
from pathlib import Path

import psycopg

from infrastructure import chained_store
from infrastructure.database_url import PostgresTarget, SqliteTarget, parse_database_url
from infrastructure.settings import Settings

PG_TABLES = (
    chained_store.PG_EVENTS,
    chained_store.PG_CHAIN,
    "rectify_credentials",
    "rectify_idempotency",
    "rectify_people",  # sessions are not kept: a restored service is signed into anew
    "rectify_files",  # evidence, content-addressed: the events' hashes check it
    "rectify_notices",  # told once: a restored service does not tell them again
    "rectify_notice_reads",
    "rectify_deliveries",
    "rectify_notifier",
    "rectify_contacts",
)


class RestoreRefusedError(Exception):
    """Raised when the target already holds events: a restore never overwrites a ledger."""


def backup(settings: Settings, out: Path) -> None:
    target = parse_database_url(settings.database_url)
    out.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(target, SqliteTarget):
        _sqlite_copy(target.path, out)
        return
    _pg_tool(
        "pg_dump",
        "--format=custom",
        "--no-owner",
        "--no-privileges",
        *[f"--table={table}" for table in PG_TABLES],
        f"--file={out}",
        _dbname_argument(target),
    )


def restore(settings: Settings, source: Path) -> None:
    """Into an empty database only; the caller then verifies the chain and rebuilds."""
    if not source.is_file():
        raise FileNotFoundError(f"no backup at {source}")
    target = parse_database_url(settings.database_url)
    if isinstance(target, SqliteTarget):
        if target.path.exists() and _sqlite_has_events(target.path):
            raise RestoreRefusedError(f"{target.path} already holds events")
        target.path.parent.mkdir(parents=True, exist_ok=True)
        _sqlite_copy(source, target.path)
        return
    with psycopg.connect(target.conninfo(), autocommit=True) as connection:
        row = connection.execute("SELECT to_regclass(%s)", (chained_store.PG_EVENTS,)).fetchone()
        if row is not None and row[0] is not None:
            raise RestoreRefusedError(f"{target.dbname} already has an event log")
        for statement in chained_store.postgres_functions():  # the restored triggers call them
            connection.execute(statement)
    _pg_tool(
        "pg_restore",
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        str(source),
        _dbname_argument(target),
    )


def _sqlite_copy(source: Path, destination: Path) -> None:
    """SQLite's online backup API: a consistent copy even while the service writes."""
    src, dst = sqlite3.connect(source), sqlite3.connect(destination)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _sqlite_has_events(path: Path) -> bool:
    connection = sqlite3.connect(path)
    try:
        row = connection.execute(
            "SELECT name FROM sqlite_master WHERE name = ?", (chained_store.SQLITE_EVENTS,)
        ).fetchone()
        found = row and connection.execute(f"SELECT 1 FROM {chained_store.SQLITE_EVENTS} LIMIT 1")
        return bool(found and found.fetchone())
    finally:
        connection.close()


def _dbname_argument(target: PostgresTarget) -> str:
    return f"--dbname={target.conninfo()}"


def _pg_tool(name: str, *args: str) -> None:
    subprocess.run([_pg_binary(name), *args], check=True, capture_output=True, text=True)


def _pg_binary(name: str) -> str:
    """On PATH, else Debian's versioned directory (newest first)."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    if not candidates:
        raise FileNotFoundError(f"{name} is not installed (Debian: postgresql-client)")
    return candidates[0]
