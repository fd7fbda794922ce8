"""Problems as of each event of one run of the log, folded as the run goes.

The notifier needs a problem as it stood at each event that tells someone something. Most such
events (a hand-out) follow the problem's logging in the same commit, so they arrive in the same
batch: folding the batch's own events gives that state without reading the store again. A
problem first met mid-life is read once, as of the event, and folded on from there."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.application import Repository

from domain.problem import Problem


class BatchStates:
    def __init__(self, repository: Repository[UUID]) -> None:
        self.repository = repository
        self.states: dict[UUID, Problem] = {}

    def see(self, event: Any) -> None:
        """Every event of the batch, in log order. Only problems are ever held (a logging
        starts one; `as_of` reads one), so another aggregate's event finds nothing to fold."""
        key = event.originator_id
        state = None
        if not isinstance(event, Problem.Logged):
            state = self.states.get(key)
            if state is None:
                return
            if state.version != event.originator_version - 1:
                del self.states[key]  # a gap: read again if it is needed
                return
        try:
            self.states[key] = event.mutate(state)
        except Exception:  # the store's own replay decides; this one only saves a read
            self.states.pop(key, None)

    def as_of(self, event: Any) -> Problem:
        """The problem as this event (already seen) left it."""
        state = self.states.get(event.originator_id)
        if state is None or state.version != event.originator_version:
            state = self.repository.get(event.originator_id, version=event.originator_version)
            self.states[event.originator_id] = state
        return state
