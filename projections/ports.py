"""The view ports the projections write through: keyed rows in named tables, plus tracking."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from eventsourcing.persistence import Tracking, TrackingRecorder

Row = dict[str, Any]
Key = tuple[Any, ...]


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # "text", "int" or "bool"; dates are ISO text, so they sort as dates


@dataclass(frozen=True)
class TableSpec:
    """A read-model table: its columns, the leading ones forming the key, and its indexes."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    indexes: tuple[tuple[str, ...], ...] = ()
    sparse: tuple[tuple[str, str], ...] = ()  # (column, its empty value): rows holding more
    searched: tuple[str, ...] = ()  # text columns searched by substring (trigrams, if any)
    ordered: tuple[tuple[str, str], ...] = ()  # (name, expressions): orders a list is read in
    # (name, columns): every column a count reads, so that it reads the index alone
    covering: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # (name, columns, condition): the few rows a filter asks for, in its order (a partial index:
    # a planner without the condition's statistics, SQLite's, would otherwise scan every row)
    few: tuple[tuple[str, str, str], ...] = ()
    preload: str = ""  # "originator": rows keyed by the events' aggregate ids; "all": a small table


class RowSession(Protocol):
    """The rows of one batch of events, read and written inside one transaction."""

    def get(self, table: str, key: Key) -> Row | None: ...

    def put(self, table: str, key: Key, row: Row) -> None: ...

    def delete(self, table: str, key: Key) -> None:
        """The row goes (a derived row that no longer counts anything)."""


@dataclass(frozen=True)
class Derived:
    """Rows that are a sum over the rows of `source` (a unit's counters over its problems'
    memos): `fold(rows, before, after)` moves them by one source row's change. Folds telescope,
    so a session may fold a row once per batch, from the row as the batch found it to the row
    as it leaves it, however many events changed it in between (a rebuild: once per flush)."""

    source: str
    fold: Callable[[RowSession, Row | None, Row], None]


class EventHandler(Protocol):
    derived: tuple[Derived, ...]

    def apply(self, event: Any, rows: RowSession) -> None: ...


class RowView(TrackingRecorder, ABC):
    """A read model on eventsourcing's tracking contract: rows and position move together."""

    @abstractmethod
    def apply(self, batch: Sequence[tuple[Any, Tracking]], handler: EventHandler) -> None:
        """Evolve the rows for every event of the batch and record the last tracking, in one
        transaction; a batch whose tracking is not newer than the recorded one changes nothing."""
