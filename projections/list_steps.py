"""The steps every list handler shares: find a problem's row, start its 整改清单 row, write both
back with the event's version and the phase columns they imply."""

from __future__ import annotations

from typing import Any

from projections import phase_marks
from projections.base import RowProjection, iso
from projections.ports import Row, RowSession
from projections.problem_rows import new_rectification_row, phase_columns


class ListSteps(RowProjection):
    """The lists projection's shared steps, apart from its handlers."""

    def _planning_ended(self, rows: RowSession, event: Any, on: Any) -> Row:
        problem = self._problem(rows, event)
        return phase_marks.planning_ended(problem, problem["responsible_unit"], on)

    @staticmethod
    def _problem(rows: RowSession, event: Any) -> Row:
        row = rows.get("problems", (str(event.originator_id),))
        assert row is not None, f"event for unknown problem {event.originator_id}"
        return row

    @staticmethod
    def _listed(rows: RowSession, event: Any) -> bool:
        """Whether the problem is in 整改清单 yet (a change of its words or holder updates its
        row there; it does not enter it)."""
        return rows.get("rectifications", (str(event.originator_id),)) is not None

    def _rectification(self, rows: RowSession, event: Any) -> Row:
        """A problem enters 整改清单 with its first rectification work (assignment, deadline,
        escalation or the rectification itself)."""
        key = (str(event.originator_id),)
        existing = rows.get("rectifications", key)
        if existing is not None:
            return existing
        return new_rectification_row(self._problem(rows, event))

    def _update(
        self, rows: RowSession, event: Any, problem: Row, rectification: Row | None
    ) -> None:
        updated_at = iso(event.timestamp)
        key = (str(event.originator_id),)
        row = self._problem(rows, event)  # a copy of its own: changed in place
        row.update(problem)
        row.update(version=event.originator_version, updated_at=updated_at)
        row.update(phase_columns(row))
        rows.put("problems", key, row)
        if rectification is None:
            existing = rows.get("rectifications", key)
            if existing is None:
                return
        else:
            existing = self._rectification(rows, event)
            existing.update(rectification)
        existing["updated_at"] = updated_at
        rows.put("rectifications", key, existing)
