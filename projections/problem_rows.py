"""A problem's row in the lists: as it is logged, and the open phase's clock (its light)."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.district_rules import Phase
from domain.ledger_rows import old_number_of
from domain.phase_clocks import PhaseClock, worst_of
from domain.phase_state import open_phase
from projections import phase_marks
from projections.base import iso
from projections.ports import Row


def new_problem_row(event: Any, number: int) -> Row:
    """A problem's row as its `Logged` event writes it."""
    return {
        "problem_id": str(event.originator_id),
        "number": number,
        "source": event.source.value,
        "source_mode": event.source_mode.value if event.source_mode else None,
        "category": event.category.value,
        "unit": event.unit,
        "responsible_unit": event.unit,
        "assignee": "",
        "title": event.title,
        "description": event.description,
        "demand": event.demand,
        "found_on": iso(event.found_on),
        "found_by": event.found_by,
        "old_number": old_number_of(getattr(event, "command_id", "")) or "",
        "activity_id": event.activity_id,
        "status": "logged",
        "due_on": None,
        "flagged": False,
        "pending_extension": False,
        "rectified_on": None,
        "backdate_reason": "",
        "late": None,
        "closed_on": None,
        "times_escalated": 0,
        "times_reopened": 0,
        "extensions": 0,
        "demands": 0,
        "version": 1,
        "logged_at": iso(event.timestamp),
        "updated_at": iso(event.timestamp),
        "co_units": NO_CO_UNITS,
        "co_units_waiting": ",",
        **dict.fromkeys(CLOCK_COLUMNS),
        "phase": None,
        "phase_due_on": None,
        "phase_yellow_on": None,
        "plan_measures": None,
        "plan_person": None,
        **phase_marks.CLEAN,
        "rejections": 0,
        "sent_back": 0,
    }


def new_rectification_row(p: Row) -> Row:
    """A problem enters 整改清单 with its first rectification work, from its problem row."""
    return {
        "problem_id": p["problem_id"],
        "number": p["number"],
        "unit": p["unit"],
        "responsible_unit": p["responsible_unit"],
        "assignee": p["assignee"],
        "title": p["title"],
        "found_on": p["found_on"],
        "status": p["status"],
        "measures": None,
        "result": None,
        "evidence": None,
        "due_on": p["due_on"],
        "first_due_on": None,
        "deadlines": "[]",
        "extensions": 0,
        "rectified_on": None,
        "backdate_reason": "",
        "late": None,
        "closed": False,
        "closed_on": None,
        "updated_at": p["updated_at"],
        "plan_measures": p["plan_measures"],
        "plan_person": p["plan_person"],
    }


def new_demand_row(event: Any, problem_id: str) -> Row:
    """A demand's row in 需求清单 as its `DemandRaised` event writes it."""
    return {
        "problem_id": problem_id,
        "number": event.number,
        "text": event.text,
        "raised_by": event.actor.name,
        "raised_by_unit": event.actor.unit,
        "to_unit": event.to_unit,
        "raised_on": iso(event.raised_on),
        "answered_on": None,
        "met": None,
        "answer": None,
        "answered_by": None,
    }


CLOCK_COLUMNS = (
    "due_yellow_on",
    "sign_due_on",
    "sign_yellow_on",
    "plan_due_on",
    "plan_yellow_on",
    "accept_due_on",
    "accept_yellow_on",
)
PHASE_CLOCKS = {
    Phase.SIGNING: ("sign_due_on", "sign_yellow_on"),
    Phase.PLANNING: ("plan_due_on", "plan_yellow_on"),
    Phase.RECTIFYING: ("due_on", "due_yellow_on"),
    Phase.ACCEPTING: ("accept_due_on", "accept_yellow_on"),
}


def phase_columns(row: Row) -> Row:
    """The open phase (domain.phase_state.open_phase) and its clock, for the lights' SQL."""
    phase = open_phase(row["status"], row["due_on"] is not None, bool(row["planned"]))
    if phase is None:
        return {"phase": None, "phase_due_on": None, "phase_yellow_on": None}
    due, yellow = PHASE_CLOCKS[phase]
    clocks = [(row[due], row[yellow])]
    if row["due_on"] is not None and phase in (Phase.SIGNING, Phase.PLANNING):
        clocks.append((row["due_on"], row["due_yellow_on"]))  # as PhaseState.running_clocks
    running = worst_of([PhaseClock(phase, None, _day(d), _day(y)) for d, y in clocks if d])
    if running is None:
        return {"phase": phase.value, "phase_due_on": None, "phase_yellow_on": None}
    return {
        "phase": phase.value,
        "phase_due_on": iso(running.due_on),
        "phase_yellow_on": iso(running.yellow_on),
    }


def _day(value: str | None) -> Any:
    return date.fromisoformat(value) if value else None


def units_of(joined: str | None) -> list[str]:
    return [u for u in (joined or "").split(",") if u]


NO_CO_UNITS = ","
"""co_units of a problem shared with nobody; others are ",a,b,"."""


def joined(units: Any) -> str:
    return "," + "".join(f"{u}," for u in units)
