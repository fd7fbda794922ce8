"""As-of snapshots: the log replayed up to a cut-off through the projections, in memory, and
kept: asked again, a replay only reads the events recorded since (so a quarter's submission,
viewed then downloaded twice, replays the log once)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar, cast

from eventsourcing.persistence import Notification
from eventsourcing.utils import resolve_topic

from application.ledger import Ledger
from application.rows import DemandRow, ProblemRow, RectificationRow
from application.submissions import Snapshot
from infrastructure.read_models.lists_seed import ListsAsRead
from infrastructure.reports.stored_replays import StoredReplay, StoredReplays
from projections.memory import InMemoryRows
from projections.ports import Key
from projections.problem_lists import ProblemListsProjection

PAGE = 1000
KEPT = 3  # fixed cut-offs kept (ended quarters and months), besides the rolling one
TAIL = 100  # "now": events after it at the log's end left unread, those of requests meanwhile
ANSWERS_KEPT = 100  # answers made from replays (an ended period's bulletin): years of periods
T = TypeVar("T")
STAMP = b'{"timestamp":{"_type_":"datetime_iso","_data_":"'


@dataclass
class Reading:
    """How far the log has been read for a cut-off: the last id read (`scanned`) and the
    earliest stamp read but not taken (`skipped_from`)."""

    cutoff: datetime
    scanned: int = 0
    skipped_from: datetime | None = None

    def skip(self, stamped: datetime) -> None:
        if self.skipped_from is None or stamped < self.skipped_from:
            self.skipped_from = stamped


@dataclass
class Replay(Reading):
    """The rows of every event stamped before `cutoff`, among those read up to `scanned`.
    While `skipped_from` is not before a later cut-off, the same replay extends to that cut-off
    by reading on (the rolling "now")."""

    rows: InMemoryRows = field(default_factory=InMemoryRows)
    lists: ProblemListsProjection = field(default_factory=ProblemListsProjection)
    included: int = 0
    made: Snapshot | None = None
    decoded: dict[str, dict[Key, Any]] = field(default_factory=dict)  # report rows, by row
    in_store: bool = False  # its rows as they are now are the database's copy (ADR 41)

    def extends_to(self, cutoff: datetime) -> bool:
        return self.cutoff <= cutoff and (self.skipped_from is None or self.skipped_from >= cutoff)


class LogSnapshots:
    """A report depends on nothing but the events: every event stamped before the cut-off counts,
    wherever it stands in the log (the demo and imports record in simulated time, so the log's
    order is not assumed to follow the stamps)."""

    def __init__(
        self,
        ledger: Ledger,
        link_at: Callable[[int], str],
        page: int = PAGE,
        seed: Callable[[datetime], ListsAsRead | None] | None = None,
        stored: StoredReplays | None = None,
    ) -> None:
        self.ledger = ledger
        self.page = page
        self.seed = seed
        self.stored = stored
        self.link_at = link_at
        self.fixed: OrderedDict[datetime, Replay] = OrderedDict()
        self.rolling: Replay | None = None
        self.answers: OrderedDict[tuple[datetime, Hashable], tuple[Reading, object]] = OrderedDict()
        self.lock = threading.Lock()  # the replays
        self.answering = threading.Lock()  # the kept answers
        self.counted: dict[str, bool] = {}
        self.earliest: dict[int, datetime] = {}  # a whole page's earliest stamp (set once: a fact)

    def as_of(self, cutoff: datetime, lasting: bool = False) -> Snapshot:
        with self.lock:
            return self._made(self._replay(cutoff, lasting))

    def derived(self, cutoff: datetime, key: Hashable, make: Callable[[Snapshot], T]) -> T:
        """`make` of the snapshot as of `cutoff`, kept by `key` after the replay behind it has
        gone (ADR 39): asked again, only the events recorded since are read, and the answer is
        made anew only if one of them is stamped before the cut-off. A kept answer is checked
        under a lock of its own: it does not wait for another cut-off's replay."""
        slot = (cutoff, key)
        with self.answering:
            if (kept := self.answers.get(slot)) is not None and self._holds(kept[0]):
                self.answers.move_to_end(slot)
                return cast(T, kept[1])
        with self.lock:
            replay = self._replay(cutoff, lasting=True)
            answer = make(self._made(replay))
            reading = Reading(cutoff, replay.scanned)
        with self.answering:
            self.answers[slot] = (reading, answer)
            while len(self.answers) > ANSWERS_KEPT:
                self.answers.popitem(last=False)
        return answer

    def _replay(self, cutoff: datetime, lasting: bool) -> Replay:
        replay = self._replay_for(cutoff, lasting)
        changed = self._read_on(replay, lasting)
        replay.in_store = replay.in_store and not changed
        if changed or replay.made is None:
            link = self.link_at(replay.included)
            replay.made = _snapshot(cutoff, replay.included, link, replay)
        self._keep(replay, lasting)
        return replay

    @staticmethod
    def _made(replay: Replay) -> Snapshot:
        assert replay.made is not None
        return replay.made

    def _replay_for(self, cutoff: datetime, lasting: bool) -> Replay:
        if cutoff in self.fixed:
            self.fixed.move_to_end(cutoff)
            return self.fixed[cutoff]
        if self.rolling is not None and self.rolling.extends_to(cutoff):
            replay, self.rolling = self.rolling, None
            if replay.cutoff != cutoff:
                replay.cutoff, replay.made, replay.in_store = cutoff, None, False
            return replay
        if lasting:  # an ended period's copy, if a replay of it kept one
            return self._loaded(cutoff) or self._seeded(cutoff) or Replay(cutoff)
        return self._seeded(cutoff) or Replay(cutoff)

    def _seeded(self, cutoff: datetime) -> Replay | None:
        """A replay begun from the lists read model at its position, where it holds nothing
        stamped at or after the cut-off: "now" after a start reads the lists' rows and the
        events since, not the whole log (ADR 40)."""
        seeded = self.seed(cutoff) if self.seed is not None else None
        if seeded is None:
            return None
        rows = InMemoryRows(seeded.tables)
        return Replay(cutoff, scanned=seeded.position, rows=rows, included=seeded.position)

    def _loaded(self, cutoff: datetime) -> Replay | None:
        """The copy a replay up to this cut-off left in the database, in this or another
        process (ADR 41): read on from where it had read."""
        copy = self.stored.load(cutoff) if self.stored is not None else None
        if copy is None:
            return None
        replay = Replay(cutoff, copy.scanned, copy.skipped_from, InMemoryRows(copy.tables))
        replay.included, replay.in_store = copy.included, True
        return replay

    def _read_on(self, replay: Replay, lasting: bool) -> bool:
        """Apply the events recorded since the replay last read; True if any counted.

        A replay of "now" leaves unread the events at the log's end stamped after its cut-off
        (recorded by other requests since the cut-off was taken): the next "now" reads them,
        and the replay rolls on instead of being begun again (ADR 42)."""
        before = replay.included
        tail: tuple[int, datetime | None] | None = None  # its first id, the skips before it
        for notification, stamped, event in self._unread(replay):
            if stamped < replay.cutoff:
                if self._counted(notification.topic):
                    event = event or self.ledger.mapper.to_domain_event(notification)
                    replay.lists.apply(event, replay.rows)
                replay.included = notification.id
                tail = None
            else:
                if tail is None:
                    tail = (notification.id, replay.skipped_from)
                replay.skip(stamped)
        if tail is not None and not lasting and replay.scanned - tail[0] < TAIL:
            replay.scanned, replay.skipped_from = tail[0] - 1, tail[1]
        return replay.included != before

    def _holds(self, reading: Reading) -> bool:
        """Whether nothing recorded since `reading` is stamped before its cut-off."""
        return all(stamped >= reading.cutoff for _, stamped, _ in self._unread(reading))

    def _unread(self, reading: Reading) -> Iterator[tuple[Notification, datetime, object | None]]:
        """Each event recorded after `reading.scanned`, with its stamp (and the event, when the
        stamp took decoding). The log is read a page at a time; a whole page whose earliest stamp
        is known not to be before the cut-off is passed unread (ADR 39)."""
        recorder = self.ledger.recorder
        while True:
            first = reading.scanned + 1
            page, offset = divmod(first - 1, self.page)
            last = (page + 1) * self.page
            earliest = self.earliest.get(page) if offset == 0 else None
            if earliest is not None and earliest >= reading.cutoff:
                reading.skip(earliest)
                reading.scanned = last
                continue
            notifications = recorder.select_notifications(start=first, stop=last, limit=self.page)
            if not notifications:
                if (recorder.max_notification_id() or 0) <= last:
                    return
                reading.scanned = last  # ids never used at a page's end
                continue
            earliest = None
            for notification in notifications:
                event = None
                stamped = stamp_of(notification.state)
                if stamped is None:
                    event = self.ledger.mapper.to_domain_event(notification)
                    stamped = event.timestamp  # type: ignore[attr-defined]
                if earliest is None or stamped < earliest:
                    earliest = stamped
                yield notification, stamped, event
            reading.scanned = notifications[-1].id
            if offset == 0 and reading.scanned == last:
                self.earliest[page] = cast(datetime, earliest)

    def _counted(self, topic: str) -> bool:
        """Whether the lists do anything with events of this topic (an activity's do not)."""
        if topic not in self.counted:
            self.counted[topic] = ProblemListsProjection.handler(resolve_topic(topic)) is not None
        return self.counted[topic]

    def _keep(self, replay: Replay, lasting: bool) -> None:
        """An ended period's replay (`lasting`) is kept in the database too (ADR 41), even
        before anything is recorded after its end (ADR 43). A replay that has skipped nothing
        can roll on to a later cut-off ("now"); others are kept by cut-off."""
        if lasting and self.stored is not None and not replay.in_store:
            tables = replay.rows.tables
            copy = StoredReplay(
                replay.cutoff, replay.scanned, replay.included, replay.skipped_from, tables
            )
            self.stored.keep(copy)
            replay.in_store = True
        if replay.skipped_from is None:
            self.fixed.pop(replay.cutoff, None)
            self.rolling = replay
            return
        self.fixed[replay.cutoff] = replay
        while len(self.fixed) > KEPT:
            self.fixed.popitem(last=False)


def stamp_of(state: bytes) -> datetime | None:
    """An event's time, read from its stored JSON without decoding the rest (the library writes
    `timestamp` first, as an ISO string): most events of a long log lie after a past period's
    end and are skipped for the price of this. None when it is not there as expected: the
    caller then decodes the event."""
    if not state.startswith(STAMP):
        return None
    end = state.find(b'"', len(STAMP))
    try:
        return datetime.fromisoformat(state[len(STAMP) : end].decode()) if end > 0 else None
    except ValueError:
        return None


DECODED = {
    "problems": ProblemRow.decode,
    "rectifications": RectificationRow.decode,
    "demands": DemandRow.decode,
}


def _snapshot(cutoff: datetime, position: int, link: str, replay: Replay) -> Snapshot:
    """The rows decoded where they leave the read model, each once while it does not change:
    "now" rolled on by a few events decodes their rows, not every row again."""
    made: dict[str, list[Any]] = {}
    for table, decode in DECODED.items():
        rows = replay.rows.tables.get(table, {})
        decoded = replay.decoded.setdefault(table, {})
        for key in replay.rows.take_changed(table):
            if key in rows:
                decoded[key] = decode(rows[key])
            else:
                decoded.pop(key, None)
        made[table] = [decoded[key] for key in rows]  # the rows' order, as before
    return Snapshot(
        cutoff=cutoff,
        position=position,
        link=link,
        problems=made["problems"],
        rectifications=made["rectifications"],
        demands=made["demands"],
    )
