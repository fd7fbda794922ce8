"""Snapshots of long-lived aggregates, so a replay reads one snapshot and at most a few dozen
events (ADR 23).

A snapshot is a cache of a replay, never a fact: it lives outside the log and the chain, a
backup leaves it out, and it is trusted only if the code that took it is the code reading it
(`code`, a fingerprint of the domain package). After any change to the domain a replay starts
from the events again until the next snapshot is taken."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import structlog
from eventsourcing.domain import Snapshot
from eventsourcing.utils import get_topic

from application.snapshot_state import plain, restore
from domain.activity import Activity
from domain.problem import Problem

EVERY = 50
"""A snapshot at every 50th version: most problems never reach it; a long one replays ≤ 49
events after its latest snapshot."""

SNAPSHOTTED: frozenset[type] = frozenset({Problem, Activity})
INTERNAL = ("_id", "_version", "_pending_events")


@dataclass(frozen=True)
class StateSnapshot(Snapshot):
    """eventsourcing's snapshot, with the state tagged by type and the code that took it."""

    code: str

    @classmethod
    def of(cls, aggregate: Any, code: str) -> StateSnapshot:
        state = {k: plain(v) for k, v in vars(aggregate).items() if k not in INTERNAL}
        return cls(
            originator_id=aggregate.id,
            originator_version=aggregate.version,
            timestamp=cls.create_timestamp(),
            topic=get_topic(type(aggregate)),
            state=state,
            code=code,
        )

    def mutate(self, _: Any) -> Any:
        cls = type_snapshotted(self.topic)
        state = {k: restore(v) for k, v in self.state.items()}
        state.update(_id=self.originator_id, _version=self.originator_version)
        state["_pending_events"] = []
        aggregate: Any = object.__new__(cls)
        object.__setattr__(aggregate, "__dict__", state)
        return aggregate


def type_snapshotted(topic: str) -> type:
    for cls in SNAPSHOTTED:
        if get_topic(cls) == topic:
            return cls
    raise ValueError(f"no snapshots are taken of {topic!r}")


def due(aggregate: Any, versions: list[int]) -> int | None:
    """The newest of the versions just saved that falls on the interval, if any."""
    if type(aggregate) not in SNAPSHOTTED:
        return None
    on_interval = [v for v in versions if v % EVERY == 0]
    return max(on_interval) if on_interval else None


def log_not_taken(aggregate_id: Any, version: int, error: Exception) -> None:
    """A snapshot that fails is only a slower replay later; the command has been stored."""
    structlog.get_logger("rectify.snapshots").warning(
        "snapshot_not_taken", aggregate_id=str(aggregate_id), version=version, error=repr(error)
    )


def log_unreadable(aggregate_id: Any, error: Exception) -> None:
    structlog.get_logger("rectify.snapshots").warning(
        "snapshot_unreadable", aggregate_id=str(aggregate_id), error=repr(error)
    )
