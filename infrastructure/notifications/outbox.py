"""The outbox: each notice once by its key, with the deliveries it needs, committed together with
the log position it was read up to; so a crash or a replay from zero adds nothing twice."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from domain.actor import Actor
from domain.notice_routes import ROBOTS, Route, bundled
from domain.notices import Notice
from infrastructure.sql import Executor, Row, SqlDatabase

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS rectify_notices (
        key TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        role TEXT NOT NULL,
        unit TEXT NOT NULL,
        login TEXT NOT NULL,
        subject TEXT NOT NULL,
        body TEXT NOT NULL,
        link TEXT NOT NULL,
        on_day TEXT NOT NULL,
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS rectify_notices_audience "
    "ON rectify_notices (role, unit, created_at)",
    """CREATE TABLE IF NOT EXISTS rectify_notice_reads (
        login TEXT NOT NULL,
        key TEXT NOT NULL,
        read_at TEXT NOT NULL,
        PRIMARY KEY (login, key)
    )""",
    """CREATE TABLE IF NOT EXISTS rectify_deliveries (
        key TEXT NOT NULL,
        channel TEXT NOT NULL,
        recipient TEXT NOT NULL,
        address TEXT NOT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        next_at TEXT NOT NULL,
        last_error TEXT NOT NULL,
        sent_at TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (key, channel, recipient)
    )""",
    "CREATE INDEX IF NOT EXISTS rectify_deliveries_due ON rectify_deliveries (state, next_at)",
    """CREATE TABLE IF NOT EXISTS rectify_notifier (
        name TEXT PRIMARY KEY,
        position BIGINT NOT NULL
    )""",
]
PENDING, SENT, FAILED = "pending", "sent", "failed"
KEYS_A_LOOK = 500
NOTICE_COLUMNS = "key, kind, role, unit, login, subject, body, link, on_day, created_at"


@dataclass(frozen=True)
class Delivery:
    key: str
    channel: str
    recipient: str
    address: str
    state: str
    attempts: int
    next_at: str
    last_error: str
    sent_at: str | None
    subject: str
    body: str
    link: str


class Outbox:
    def __init__(self, database: SqlDatabase) -> None:
        self.database = database

    def position(self, name: str) -> int | None:
        rows = self.database.execute(
            "SELECT position FROM rectify_notifier WHERE name = %s", (name,)
        )
        return int(rows[0][0]) if rows else None

    def record(
        self,
        notices: Sequence[Notice],
        routes: Callable[[Notice], list[Route]],
        now: datetime,
        tracking: tuple[str, int] | None = None,
    ) -> int:
        """Add the notices not yet known, and their deliveries; move the tracked position in
        the same transaction. Returns how many notices were new (bundles not counted)."""
        new = 0
        stamp = now.isoformat()
        with self.database.transaction() as tx:
            known = _known(tx, [notice.key for notice in notices])
            fresh = list({n.key: n for n in notices if n.key not in known}.values())
            for notice in bundled(fresh):  # many at once reach a group robot as one message
                if self._insert(tx, notice, stamp):
                    new += notice.audience.login != ROBOTS
                    tx.execute_many(
                        "INSERT INTO rectify_deliveries (key, channel, recipient, address, "
                        "state, attempts, next_at, last_error, sent_at, created_at) "
                        "VALUES (%s, %s, %s, %s, %s, 0, %s, '', NULL, %s) "
                        "ON CONFLICT (key, channel, recipient) DO NOTHING",
                        [
                            (
                                notice.key,
                                r.channel.value,
                                r.recipient,
                                r.address,
                                PENDING,
                                stamp,
                                stamp,
                            )
                            for r in routes(notice)
                        ],
                    )
            if tracking is not None:
                tx.execute(
                    "INSERT INTO rectify_notifier (name, position) VALUES (%s, %s) "
                    "ON CONFLICT (name) DO UPDATE SET position = excluded.position",
                    tracking,
                )
        return new

    def known(self, keys: list[str]) -> set[str]:
        """Which of `keys` the outbox holds already."""
        with self.database.transaction() as tx:
            return _known(tx, keys)

    @staticmethod
    def _insert(tx: Executor, notice: Notice, stamp: str) -> bool:
        audience = notice.audience
        rows = tx.execute(
            f"INSERT INTO rectify_notices ({NOTICE_COLUMNS}) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (key) DO NOTHING RETURNING key",
            (
                notice.key,
                notice.kind.value,
                audience.role.value,
                audience.unit or "",
                audience.login or "",
                notice.subject,
                notice.body,
                notice.link,
                notice.on.isoformat(),
                stamp,
            ),
        )
        return bool(rows)

    # ----- the inbox -----

    def inbox(self, actor: Actor, limit: int, unread_only: bool = False) -> list[Row]:
        where, params = _audience(actor)
        unread = " AND r.key IS NULL" if unread_only else ""
        return self.database.execute(
            f"SELECT n.key, n.kind, n.subject, n.body, n.link, n.on_day, n.created_at, "
            f"r.read_at FROM rectify_notices n LEFT JOIN rectify_notice_reads r "
            f"ON r.key = n.key AND r.login = %s WHERE {where}{unread} "
            f"ORDER BY n.created_at DESC, n.key LIMIT %s",
            (actor.name, *params, limit),
        )

    def unread(self, actor: Actor) -> int:
        where, params = _audience(actor)
        rows = self.database.execute(
            "SELECT COUNT(*) FROM rectify_notices n WHERE "
            f"{where} AND NOT EXISTS (SELECT 1 FROM rectify_notice_reads r "
            "WHERE r.key = n.key AND r.login = %s)",
            (*params, actor.name),
        )
        return int(rows[0][0])

    def mark_read(self, actor: Actor, keys: Sequence[str] | None, now: datetime) -> int:
        """Mark the actor's own notices read (all of them when `keys` is None)."""
        where, params = _audience(actor)
        chosen = ""
        extra: list[str] = []
        if keys is not None:
            if not keys:
                return 0
            chosen = f" AND n.key IN ({', '.join(['%s'] * len(keys))})"
            extra = list(keys)
        with self.database.transaction() as tx:
            rows = tx.execute(
                f"SELECT n.key FROM rectify_notices n WHERE {where}{chosen}", (*params, *extra)
            )
            tx.execute_many(
                "INSERT INTO rectify_notice_reads (login, key, read_at) VALUES (%s, %s, %s) "
                "ON CONFLICT (login, key) DO NOTHING",
                [(actor.name, row[0], now.isoformat()) for row in rows],
            )
        return len(rows)


def _known(tx: Executor, keys: list[str]) -> set[str]:
    """The keys the outbox already holds, asked in hundreds: each minute's reminders repeat
    every lit problem's, and one insert each to find them known cost seconds at 200,000
    events."""
    known: set[str] = set()
    for start in range(0, len(keys), KEYS_A_LOOK):
        chunk = keys[start : start + KEYS_A_LOOK]
        marks = ", ".join(["%s"] * len(chunk))
        rows = tx.execute(f"SELECT key FROM rectify_notices WHERE key IN ({marks})", chunk)
        known.update(row[0] for row in rows)
    return known


def _audience(actor: Actor) -> tuple[str, list[str]]:
    """The notices addressed to this actor's role and unit (or the whole role), or to them."""
    return (
        "n.role = %s AND (n.unit = '' OR n.unit = %s) AND (n.login = '' OR n.login = %s)",
        [actor.role.value, actor.unit or "", actor.name],
    )
