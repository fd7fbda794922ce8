"""The event store (the 台账): one long-lived eventsourcing Application per process."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast
from uuid import UUID

from eventsourcing.application import (
    AggregateNotFoundError,
    Application,
    ProcessingEvent,
    Repository,
)
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import JSONTranscoder, Recording
from eventsourcing.utils import get_topic

from application import snapshots
from application.ports import RecordingListener
from application.snapshots import StateSnapshot
from application.transcodings import register_domain_transcodings


def fold(aggregate: Any, events: Iterable[Any]) -> Any:
    """The aggregate's events applied in order: eventsourcing's projector without its runtime
    Protocol check per event (half of a long replay's time); every event here is our own."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


class FoldingRepository(Repository[UUID]):
    """The library's repository, replaying with `fold` unless told otherwise (ADR 23). The latest
    state starts from the latest snapshot that this code took; a stated version (an inspector's
    look back, the snapshot itself) is replayed from the chained events alone. The snapshot
    table is not asked about an aggregate this process last saw too short for a snapshot, or of
    a kind never snapshotted (a saved round trip per load; one that grew elsewhere meanwhile is
    replayed in full once, then its snapshot is asked for)."""

    code = ""
    REMEMBERED = 200_000

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lengths: dict[UUID, int] = {}

    def get(self, aggregate_id: UUID, *, version: int | None = None, **options: Any) -> Any:
        options.setdefault("projector_func", fold)
        return super().get(aggregate_id, version=version, **options)

    def _reconstruct_aggregate(
        self, aggregate_id: UUID, version: int | None, projector_func: Any
    ) -> Any:
        latest = version is None
        aggregate = None
        if latest and self.lengths.get(aggregate_id, snapshots.EVERY) >= snapshots.EVERY:
            aggregate = self._from_snapshot(aggregate_id, projector_func)
        if aggregate is None:
            aggregate = projector_func(None, self.event_store.get(aggregate_id, lte=version))
        if aggregate is None:
            raise AggregateNotFoundError(f"Aggregate {aggregate_id!r} version {version} not found.")
        if latest:
            self._remember(aggregate)
        return aggregate

    def _remember(self, aggregate: Any) -> None:
        if len(self.lengths) >= self.REMEMBERED:
            self.lengths.clear()
        never = type(aggregate) not in snapshots.SNAPSHOTTED
        self.lengths[aggregate.id] = -1 if never else aggregate.version

    def _from_snapshot(self, aggregate_id: UUID, projector_func: Any) -> Any:
        """The latest state, from the latest snapshot this code took if the log holds the very
        event it was taken at; None otherwise (the caller replays every event)."""
        if self.snapshot_store is None:
            return None
        try:
            latest = self.snapshot_store.get(aggregate_id, desc=True, limit=1)
            ours = [s for s in cast(Iterable[Any], latest) if getattr(s, "code", None) == self.code]
            if not ours:
                return None
            base = ours[0].mutate(None)
        except Exception as error:  # a snapshot is a cache: the events still tell it all
            snapshots.log_unreadable(aggregate_id, error)
            return None
        events = iter(self.event_store.get(aggregate_id, gt=base.version - 1))
        taken_at: Any = next(events, None)
        if taken_at is None or (taken_at.originator_version, taken_at.timestamp) != (
            base.version,
            base.modified_on,
        ):
            snapshots.log_unreadable(aggregate_id, ValueError("not at an event of the log"))
            return None
        return projector_func(base, events)


class Ledger(Application[UUID]):
    """Stores problems, the unit register and access records; tells listeners what it stored."""

    name = "Rectify"
    is_snapshotting_enabled = True
    snapshot_class = StateSnapshot

    def __init__(self, env: dict[str, str] | None = None, snapshot_code: str = "") -> None:
        """`snapshot_code` identifies the domain code; without it no snapshot is taken or read."""
        self.snapshot_code = snapshot_code
        super().__init__(env=env)
        self.listeners: list[RecordingListener] = []

    def construct_repository(self) -> Repository[UUID]:
        built = super().construct_repository()
        repository = FoldingRepository(built.event_store, snapshot_store=built.snapshot_store)
        repository.__dict__.update(built.__dict__)  # the same cache and fast-forward settings
        repository.code = self.snapshot_code
        if not self.snapshot_code:
            repository.snapshot_store = None
        return repository

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_domain_transcodings(transcoder)

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        """eventsourcing's save, but an aggregate of ours hands over its events without the
        library's two runtime Protocol checks (a tenth of an append's CPU)."""
        processing: ProcessingEvent[UUID] = ProcessingEvent()
        for obj in objs:
            if isinstance(obj, Aggregate):
                processing.events.extend(obj.collect_events())
                processing.aggregates[obj.id] = obj
            elif obj is not None:
                processing.collect_events(obj)
        processing.saved_kwargs.update(kwargs)
        recordings = self._record(processing)
        self._snapshot(processing)
        self._notify(recordings)
        self.tell(recordings)
        return recordings

    def _snapshot(self, processing: ProcessingEvent[UUID]) -> None:
        """A snapshot of each saved aggregate that reached the interval, from a replay of the
        stored events (so it is what any later replay would build)."""
        if not self.snapshot_code or self.snapshots is None:
            return
        for aggregate_id, aggregate in processing.aggregates.items():
            versions = [
                e.originator_version for e in processing.events if e.originator_id == aggregate_id
            ]
            version = snapshots.due(aggregate, versions)
            if version is None:
                continue
            try:
                replayed: Any = self.repository.get(aggregate_id, version=version)
                self.snapshots.put([StateSnapshot.of(replayed, self.snapshot_code)])
            except Exception as error:  # the command is stored: a later replay is only slower
                snapshots.log_not_taken(aggregate_id, version, error)

    def tell(self, recordings: Sequence[Recording[UUID]]) -> None:
        for listener in self.listeners:
            listener(recordings)

    def head_position(self) -> int:
        """The newest notification id in the log (0 when empty)."""
        return self.recorder.max_notification_id() or 0

    def has_any(self, event_class: type) -> bool:
        """Whether the log holds at least one event of this class."""
        found = self.recorder.select_notifications(
            start=0, limit=1, topics=[get_topic(event_class)]
        )
        return bool(found)
