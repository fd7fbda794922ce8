"""`rectify audit verify` and GET /audit/verify: walk the whole log and its chain, page by page."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from uuid import UUID

from application.ledger import Ledger
from infrastructure.chained_store import PG_CHAIN, SQLITE_CHAIN
from infrastructure.database_url import PostgresTarget, SqliteTarget
from infrastructure.integrity import (
    GENESIS,
    Anchor,
    ChainRow,
    EventRow,
    Verdict,
    verify_chain,
)
from infrastructure.sql import SqlDatabase


class Audit:
    def __init__(
        self, ledger: Ledger, database: SqlDatabase, target: PostgresTarget | SqliteTarget
    ) -> None:
        self.ledger = ledger
        self.database = database
        self.chain = PG_CHAIN if isinstance(target, PostgresTarget) else SQLITE_CHAIN

    def events(self, after: int, limit: int) -> list[EventRow]:
        notifications = self.ledger.recorder.select_notifications(
            start=after, limit=limit, inclusive_of_start=False
        )
        return [
            EventRow(n.id, UUID(str(n.originator_id)), n.originator_version, n.topic, n.state)
            for n in notifications
        ]

    def links(self, after: int, limit: int) -> list[ChainRow]:
        rows = self.database.execute(
            "SELECT notification_id, originator_id, originator_version, link "
            f"FROM {self.chain} WHERE notification_id > %s ORDER BY notification_id LIMIT %s",
            (after, limit),
        )
        return [
            ChainRow(int(n), o if isinstance(o, UUID) else UUID(o), int(v), bytes(link))
            for n, o, v, link in rows
        ]

    def total(self) -> int:
        """Events to walk, for a progress bar (ids may have gaps: an upper bound)."""
        return self.ledger.head_position()

    def verify(
        self, progress: Callable[[int], None] | None = None, anchors: Sequence[Anchor] = ()
    ) -> Verdict:
        return verify_chain(self.events, self.links, progress, anchors)

    def link_at(self, position: int) -> str:
        """The chain's link (hex) at a log position, for submissions to print as an anchor;
        "" when no event holds that position."""
        if position == 0:
            return GENESIS.hex()
        rows = self.database.execute(
            f"SELECT link FROM {self.chain} WHERE notification_id = %s", (position,)
        )
        return bytes(rows[0][0]).hex() if rows else ""
