"""Deliveries as rows: each attempt counted, a failure retried later with a growing pause, then
shown as failed; a delivery marked sent is never picked up again."""

from __future__ import annotations

from datetime import datetime, timedelta

from infrastructure.notifications.outbox import FAILED, PENDING, SENT, Delivery
from infrastructure.sql import SqlDatabase

COLUMNS = (
    "d.key, d.channel, d.recipient, d.address, d.state, d.attempts, d.next_at, d.last_error, "
    "d.sent_at, n.subject, n.body, n.link"
)


class Deliveries:
    def __init__(self, database: SqlDatabase, max_attempts: int, backoff_seconds: float) -> None:
        self.database = database
        self.max_attempts = max_attempts
        self.backoff_seconds = backoff_seconds

    def due(self, now: datetime, limit: int = 50) -> list[Delivery]:
        rows = self.database.execute(
            f"SELECT {COLUMNS} FROM rectify_deliveries d JOIN rectify_notices n ON n.key = d.key "
            "WHERE d.state = %s AND d.next_at <= %s ORDER BY d.created_at, d.key LIMIT %s",
            (PENDING, now.isoformat(), limit),
        )
        return [_delivery(row) for row in rows]

    def sent(self, delivery: Delivery, now: datetime) -> None:
        self.database.execute(
            "UPDATE rectify_deliveries SET state = %s, attempts = attempts + 1, sent_at = %s, "
            "last_error = '' WHERE key = %s AND channel = %s AND recipient = %s AND state = %s",
            (SENT, now.isoformat(), delivery.key, delivery.channel, delivery.recipient, PENDING),
        )

    def failed(self, delivery: Delivery, error: str, now: datetime) -> str:
        """Count the attempt; retry after backoff × 2^attempts, or give up after the last."""
        attempts = delivery.attempts + 1
        state = FAILED if attempts >= self.max_attempts else PENDING
        pause = timedelta(seconds=self.backoff_seconds * 2 ** (attempts - 1))
        self.database.execute(
            "UPDATE rectify_deliveries SET state = %s, attempts = %s, next_at = %s, "
            "last_error = %s WHERE key = %s AND channel = %s AND recipient = %s AND state = %s",
            (
                state,
                attempts,
                (now + pause).isoformat(),
                error[:300],
                delivery.key,
                delivery.channel,
                delivery.recipient,
                PENDING,
            ),
        )
        return state

    def retry(self, key: str, channel: str, recipient: str, now: datetime) -> bool:
        """The office sends a failed delivery again (from the first attempt)."""
        rows = self.database.execute(
            "UPDATE rectify_deliveries SET state = %s, attempts = 0, next_at = %s "
            "WHERE key = %s AND channel = %s AND recipient = %s AND state = %s RETURNING key",
            (PENDING, now.isoformat(), key, channel, recipient, FAILED),
        )
        return bool(rows)

    def listed(self, state: str | None, limit: int = 200) -> list[Delivery]:
        where = "WHERE d.state = %s " if state else ""
        params: tuple[object, ...] = (state, limit) if state else (limit,)
        rows = self.database.execute(
            f"SELECT {COLUMNS} FROM rectify_deliveries d JOIN rectify_notices n ON n.key = d.key "
            f"{where}ORDER BY d.created_at DESC, d.key LIMIT %s",
            params,
        )
        return [_delivery(row) for row in rows]

    def counts(self) -> dict[str, int]:
        rows = self.database.execute(
            "SELECT state, COUNT(*) FROM rectify_deliveries GROUP BY state"
        )
        return {str(state): int(count) for state, count in rows}


def _delivery(row: tuple[object, ...]) -> Delivery:
    key, channel, recipient, address, state, attempts, next_at, error, sent_at, *rest = row
    subject, body, link = rest
    return Delivery(
        str(key),
        str(channel),
        str(recipient),
        str(address),
        str(state),
        int(str(attempts)),
        str(next_at),
        str(error),
        None if sent_at is None else str(sent_at),
        str(subject),
        str(body),
        str(link),
    )
