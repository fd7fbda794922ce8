"""The event store (the 台账): one long-lived eventsourcing Application per process."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.application import Application, ProcessingEvent, Repository
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import JSONTranscoder, Recording
from eventsourcing.utils import get_topic

from application.ports import RecordingListener
from application.transcodings import register_domain_transcodings


def fold(aggregate: Any, events: Iterable[Any]) -> Any:
    """The aggregate's events applied in order: eventsourcing's projector without its runtime
    Protocol check per event (half of a long replay's time); every event here is our own."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


class FoldingRepository(Repository[UUID]):
    """The library's repository, replaying with `fold` unless told otherwise."""

    def get(self, aggregate_id: UUID, *, version: int | None = None, **options: Any) -> Any:
        options.setdefault("projector_func", fold)
        return super().get(aggregate_id, version=version, **options)


class Ledger(Application[UUID]):
    """Stores problems, the unit register and access records; tells listeners what it stored."""

    name = "Rectify"

    def __init__(self, env: dict[str, str] | None = None) -> None:
        super().__init__(env=env)
        self.listeners: list[RecordingListener] = []

    def construct_repository(self) -> Repository[UUID]:
        built = super().construct_repository()
        repository = FoldingRepository(built.event_store, snapshot_store=built.snapshot_store)
        repository.__dict__.update(built.__dict__)  # the same cache and fast-forward settings
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
        self._take_snapshots(processing)
        self._notify(recordings)
        self.tell(recordings)
        return recordings

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
