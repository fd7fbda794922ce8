"""A projection as pure event-to-row logic on eventsourcing's Projection API, versioned."""

from __future__ import annotations

import inspect
from abc import abstractmethod
from collections.abc import Callable, Sequence
from typing import Any, cast

from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from projections.ports import Column, Derived, EventHandler, RowSession, RowView, TableSpec

Handler = Callable[[Any, Any, RowSession], None]
_HANDLERS: dict[tuple[type, type], tuple[object, Handler | None]] = {}


def _evolve_of(cls: type) -> object:
    """The `evolve` a class has, as it is stored (not bound), from it or the nearest base."""
    for klass in cls.__mro__:
        if "evolve" in klass.__dict__:
            return klass.__dict__["evolve"]
    return None


class RowProjection(Projection[RowView], EventHandler):
    """Subclasses register `evolve` per event class; events they ignore still move the position.

    Bump `version` when the rows a projection writes change: the runner then rebuilds it from the
    start into fresh tables and switches over when caught up.
    """

    version: int = 1
    tables: tuple[TableSpec, ...] = ()
    derived: tuple[Derived, ...] = ()  # tables the sessions fold from other tables' changes

    def __init__(self, view: RowView | None = None) -> None:
        """Without a view the projection only evolves rows it is handed (as-of replays)."""
        super().__init__(cast(RowView, view))

    @classmethod
    def handler(cls, event_class: type) -> Handler | None:
        """The function `evolve` runs for this class of event, or None when it does nothing:
        a rebuild calls it directly, and skips decoding the events nothing handles."""
        method = inspect.getattr_static(cls, "evolve")
        dispatcher = getattr(method, "dispatcher", None)
        if dispatcher is None:  # a plain method: it sees every event
            return cast(Handler, method)
        found = dispatcher.dispatch(event_class)
        return None if found is dispatcher.dispatch(object) else found

    def apply(self, event: Any, rows: RowSession) -> None:
        """`evolve`, dispatched through the cached `handler`: a singledispatchmethod builds a
        bound function on every call, a fifth of an as-of replay's time. The cache holds
        the `evolve` it was made from, so one replaced on the class is seen at once."""
        cls = type(self)
        evolve = _evolve_of(cls)
        found = _HANDLERS.get((cls, type(event)))
        if found is None or found[0] is not evolve:
            found = _HANDLERS[cls, type(event)] = (evolve, cls.handler(type(event)))
        if found[1] is not None:
            found[1](self, event, rows)

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.apply([(domain_event, tracking)], self)

    def process_batch(self, batch: Sequence[tuple[Any, Tracking]]) -> None:
        self.view.apply(batch, self)

    @abstractmethod
    def evolve(self, event: Any, rows: RowSession) -> None:
        """Change the rows for one event (a singledispatchmethod of the subclass's own)."""


def text(*names: str) -> tuple[Column, ...]:
    return tuple(Column(name, "text") for name in names)


def ints(*names: str) -> tuple[Column, ...]:
    return tuple(Column(name, "int") for name in names)


def bools(*names: str) -> tuple[Column, ...]:
    return tuple(Column(name, "bool") for name in names)


def iso(value: Any) -> str | None:
    """Dates and instants are stored as ISO text: comparable, portable across the two stores."""
    return None if value is None else value.isoformat()
