"""As-of snapshots: replay the log up to a cut-off through the projections, in memory."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from application.ledger import Ledger
from application.rows import DemandRow, ProblemRow, RectificationRow
from application.submissions import Snapshot
from projections.memory import InMemoryRows
from projections.problem_lists import ProblemListsProjection

PAGE = 1000


class LogSnapshots:
    """Rebuilt from the whole log each time, so a report depends on nothing but the events:
    every event stamped before the cut-off counts, wherever it stands in the log (the demo and
    imports record in simulated time, so the log's order is not assumed to follow the stamps)."""

    def __init__(self, ledger: Ledger, link_at: Callable[[int], str]) -> None:
        self.ledger = ledger
        self.link_at = link_at

    def as_of(self, cutoff: datetime) -> Snapshot:
        rows = InMemoryRows()
        lists = ProblemListsProjection()
        position, last_included = 0, 0
        while True:
            notifications = self.ledger.recorder.select_notifications(
                start=position, limit=PAGE, inclusive_of_start=False
            )
            if not notifications:
                break
            for notification in notifications:
                event = self.ledger.mapper.to_domain_event(notification)
                stamped = event.timestamp  # type: ignore[attr-defined]
                if stamped < cutoff:
                    lists.evolve(event, rows)
                    last_included = notification.id
            position = notifications[-1].id
        return self._snapshot(cutoff, last_included, self.link_at(last_included), rows)

    @staticmethod
    def _snapshot(cutoff: datetime, position: int, link: str, rows: InMemoryRows) -> Snapshot:
        """The rows decoded once, here, where they leave the read model."""
        return Snapshot(
            cutoff=cutoff,
            position=position,
            link=link,
            problems=[ProblemRow.decode(row) for row in rows.rows("problems")],
            rectifications=[RectificationRow.decode(row) for row in rows.rows("rectifications")],
            demands=[DemandRow.decode(row) for row in rows.rows("demands")],
        )
