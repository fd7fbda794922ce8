"""Replays of ended periods' cut-offs kept in the database (ADR 41): a process just started
answers a past month's bulletin or an ended quarter's files by reading the rows a replay made
before and the events recorded since, not the whole log again. A cache: dropped, damaged or of
another projection version, a replay is simply made again from the log."""

from __future__ import annotations

import json
import sqlite3
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime

import psycopg
import structlog

from infrastructure.sql import SqlDatabase
from projections.ports import Key, Row
from projections.problem_lists import ProblemListsProjection

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS rectify_replays (
        cutoff TEXT NOT NULL,
        version INTEGER NOT NULL,
        scanned BIGINT NOT NULL,
        included BIGINT NOT NULL,
        skipped_from TEXT,
        tables BYTEA NOT NULL,
        kept_at TEXT NOT NULL,
        PRIMARY KEY (cutoff, version)
    )""",
]
KEPT = 12  # cut-offs kept: a year of months, or three years of quarters
log = structlog.get_logger("rectify.reports")
ROWS_AS_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)


@dataclass(frozen=True)
class StoredReplay:
    """What a replay up to `cutoff` had made: the lists' rows of every event stamped before the
    cut-off among those up to `scanned`, the last of them `included`."""

    cutoff: datetime
    scanned: int
    included: int
    skipped_from: datetime | None
    tables: dict[str, dict[Key, Row]]


class StoredReplays:
    def __init__(self, database: SqlDatabase, version: int = ProblemListsProjection.version):
        self.database = database
        self.version = version
        self.keys = {spec.name: spec.key for spec in ProblemListsProjection.tables}

    def load(self, cutoff: datetime) -> StoredReplay | None:
        try:
            found = self.database.execute(
                "SELECT scanned, included, skipped_from, tables FROM rectify_replays "
                "WHERE cutoff = %s AND version = %s",
                (_key(cutoff), self.version),
            )
            if not found:
                return None
            scanned, included, skipped_from, packed = found[0]
            tables = {
                name: {tuple(row[k] for k in self.keys[name]): row for row in rows}
                for name, rows in json.loads(zlib.decompress(bytes(packed))).items()
            }
        except (sqlite3.Error, psycopg.Error, zlib.error, ValueError, KeyError, TypeError):
            return None  # damaged or of another form: made again from the log
        stamp = datetime.fromisoformat(skipped_from) if skipped_from else None
        return StoredReplay(cutoff, int(scanned), int(included), stamp, tables)

    def holds(self, cutoff: datetime) -> bool:
        """Whether a copy of this cut-off is kept (read without decoding it)."""
        try:
            return bool(
                self.database.execute(
                    "SELECT 1 FROM rectify_replays WHERE cutoff = %s AND version = %s",
                    (_key(cutoff), self.version),
                )
            )
        except (sqlite3.Error, psycopg.Error):
            return False

    def keep(self, replay: StoredReplay) -> None:
        """Written over the cut-off's earlier copy; the oldest beyond `KEPT` go. A copy that
        cannot be written leaves the next process to replay the log, as before."""
        tables = {name: list(rows.values()) for name, rows in replay.tables.items()}
        try:
            text = ROWS_AS_JSON.encode(tables)
            self._write(replay, zlib.compress(text.encode(), 1))
        except (sqlite3.Error, psycopg.Error, TypeError, ValueError) as error:
            log.warning("replay_not_kept", cutoff=_key(replay.cutoff), error=str(error))

    def _write(self, replay: StoredReplay, packed: bytes) -> None:
        skipped = replay.skipped_from.isoformat() if replay.skipped_from else None
        key = (_key(replay.cutoff), self.version)
        with self.database.transaction() as tx:
            tx.execute("DELETE FROM rectify_replays WHERE cutoff = %s AND version = %s", key)
            tx.execute(
                "INSERT INTO rectify_replays "
                "(cutoff, version, scanned, included, skipped_from, tables, kept_at) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                (*key, replay.scanned, replay.included, skipped, packed, _now()),
            )
            tx.execute(
                "DELETE FROM rectify_replays WHERE version <> %s OR cutoff NOT IN "
                "(SELECT cutoff FROM rectify_replays WHERE version = %s "
                "ORDER BY kept_at DESC LIMIT %s)",
                (self.version, self.version, KEPT),
            )


def _key(cutoff: datetime) -> str:
    return cutoff.astimezone(UTC).isoformat()


def _now() -> str:
    return datetime.now(UTC).isoformat()
