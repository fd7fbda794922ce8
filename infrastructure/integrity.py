"""The ledger's hash chain: each stored event's link is SHA-256 over the link before it and the
event's canonical content, so that an altered, deleted or slipped-in row is found by walking the
log again, and a rewrite of the whole chain by an anchor kept outside the database (ADR 10).
`chained_store` writes the links; this module computes and verifies them."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

GENESIS = bytes(32)
PAGE = 2_000


def chain_link(
    previous: bytes, originator_id: UUID, version: int, topic: str, state: bytes
) -> bytes:
    """SHA-256 over the previous link and the event's canonical content: fixed-width id and
    version, then length-prefixed topic and state (so no two events share a preimage)."""
    topic_bytes = topic.encode()
    digest = hashlib.sha256()
    digest.update(previous)
    digest.update(originator_id.bytes)
    digest.update(version.to_bytes(8, "big", signed=True))
    digest.update(len(topic_bytes).to_bytes(4, "big"))
    digest.update(topic_bytes)
    digest.update(len(state).to_bytes(4, "big"))
    digest.update(state)
    return digest.digest()


# ----- verification: one pass over the log and the chain, page by page -----


@dataclass(frozen=True)
class ChainRow:
    notification_id: int
    originator_id: UUID
    version: int
    link: bytes


@dataclass(frozen=True)
class EventRow:
    notification_id: int
    originator_id: UUID
    version: int
    topic: str
    state: bytes


@dataclass(frozen=True)
class Verdict:
    ok: bool
    events: int
    head_link: str
    position: int | None = None
    originator_id: UUID | None = None
    version: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class Anchor:
    """A link noted outside the database (printed in a quarterly submission): the chain must
    still reach it, or the log up to `position` has been rewritten since."""

    position: int
    link: bytes

    @classmethod
    def parse(cls, text: str) -> Anchor:
        """`<position>:<64 hex digits>`, as submissions print it."""
        position, _, link = text.strip().partition(":")
        if not position.isdigit() or len(link) != 64:
            raise ValueError("an anchor is <position>:<64 hex digits>")
        try:
            return cls(int(position), bytes.fromhex(link))
        except ValueError:
            raise ValueError("an anchor is <position>:<64 hex digits>") from None


Pages = Callable[[int, int], list[Any]]


def _paged(fetch: Pages) -> Iterator[Any]:
    after = 0
    while True:
        rows = fetch(after, PAGE)
        yield from rows
        if len(rows) < PAGE:
            return
        after = rows[-1].notification_id


def verify_chain(
    events: Pages,
    links: Pages,
    progress: Callable[[int], None] | None = None,
    anchors: Sequence[Anchor] = (),
) -> Verdict:
    """Merge the events and the links in log order; stop at the first that does not fit, or
    at the first anchor the recomputed chain does not reach."""
    previous = GENESIS
    count = 0
    pending = sorted(anchors, key=lambda anchor: anchor.position)
    if pending and pending[0].position == 0:
        if pending[0].link != GENESIS:
            return _missed(pending[0], count, previous)
        pending.pop(0)
    event_iter, link_iter = _paged(events), _paged(links)
    event, link = next(event_iter, None), next(link_iter, None)
    while event is not None or link is not None:
        if link is None or (event is not None and event.notification_id < link.notification_id):
            assert event is not None
            return _broken(event, count, previous, "event without a link (written past the chain)")
        if event is None or link.notification_id < event.notification_id:
            return _broken(link, count, previous, "link without its event (the event was deleted)")
        expected = chain_link(
            previous, event.originator_id, event.version, event.topic, event.state
        )
        if (link.originator_id, link.version) != (event.originator_id, event.version):
            return _broken(event, count, previous, "the link names another event")
        if link.link != expected:
            return _broken(event, count, previous, "content or order differs from when stored")
        if pending and pending[0].position <= link.notification_id:
            if pending[0].position < link.notification_id or pending[0].link != link.link:
                return _missed(pending[0], count, previous)
            pending.pop(0)
        previous = link.link
        count += 1
        if progress is not None:
            progress(1)
        event, link = next(event_iter, None), next(link_iter, None)
    if pending:
        return _missed(pending[0], count, previous)
    return Verdict(True, count, previous.hex())


def _missed(anchor: Anchor, count: int, previous: bytes) -> Verdict:
    """The chain verifies on its own but not against a link noted outside the database: it was
    recomputed after a change at or before the anchor, or the anchor's event is gone."""
    return Verdict(
        False,
        count,
        previous.hex(),
        position=anchor.position,
        reason=f"the chain no longer reaches the link noted at position {anchor.position} "
        "(the log up to it was rewritten, or cut short)",
    )


def _broken(row: EventRow | ChainRow, count: int, previous: bytes, reason: str) -> Verdict:
    return Verdict(
        False,
        count,
        previous.hex(),
        position=row.notification_id,
        originator_id=row.originator_id,
        version=row.version,
        reason=reason,
    )
