"""`rectify audit verify` and GET /audit/verify: walk the whole log and its chain, page by page."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import Any
from uuid import UUID

from application.ledger import Ledger
from infrastructure.chained_store import PG_CHAIN, SQLITE_CHAIN
from infrastructure.database_url import PostgresTarget, SqliteTarget
from infrastructure.file_store import FileStore
from infrastructure.integrity import (
    GENESIS,
    Anchor,
    ChainRow,
    EventRow,
    Verdict,
    verify_chain,
)
from infrastructure.sql import SqlDatabase

FILE_MARK = b'"evidence_file"'
"""How an event's stored state names an evidence file (application.transcodings)."""


def referenced_files(state: bytes) -> list[str]:
    """The SHA-256 of every evidence file in an event's stored state."""
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if value.get("_type_") == "evidence_file":
                found.append(str(value["_data_"]["sha256"]))
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(json.loads(state))
    return found


class Audit:
    def __init__(
        self,
        ledger: Ledger,
        database: SqlDatabase,
        target: PostgresTarget | SqliteTarget,
        files: FileStore | None = None,
    ) -> None:
        self.files = files
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
        """The chain, then every evidence file an event refers to: present, its bytes still
        hashing to the name the chained event holds."""
        verdict = verify_chain(self.events, self.links, progress, anchors)
        if not verdict.ok or self.files is None:
            return verdict
        for event in self._events_with_files():
            for sha in referenced_files(event.state):
                fault = self.files.fault(sha)
                if fault is not None:
                    return replace(
                        verdict,
                        ok=False,
                        position=event.notification_id,
                        originator_id=event.originator_id,
                        version=event.version,
                        reason=f"evidence file {sha} referenced by this event is {fault}",
                    )
        return verdict

    def _events_with_files(self) -> Iterator[EventRow]:
        after = 0
        while page := self.events(after, 500):
            yield from (e for e in page if FILE_MARK in e.state)
            after = page[-1].notification_id

    def link_at(self, position: int) -> str:
        """The chain's link (hex) at a log position, for submissions to print as an anchor;
        "" when no event holds that position."""
        if position == 0:
            return GENESIS.hex()
        rows = self.database.execute(
            f"SELECT link FROM {self.chain} WHERE notification_id = %s", (position,)
        )
        return bytes(rows[0][0]).hex() if rows else ""
