"""The three lists (问题清单, 整改清单, 需求清单) as rows that follow each problem's events."""

from __future__ import annotations

import json
from functools import singledispatchmethod
from typing import Any

from domain.problem import Problem
from domain.standing import is_late
from projections import phase_marks
from projections.base import iso
from projections.list_steps import ListSteps
from projections.ports import RowSession
from projections.problem_rows import (
    joined,
    new_demand_row,
    new_problem_row,
    units_of,
)
from projections.problem_tables import DEMANDS, PROBLEMS, RECTIFICATIONS, SEQUENCE


class ProblemListsProjection(ListSteps):
    """One projection for the three lists: they change together, in one transaction per batch."""

    name = "lists"
    version = 12  # v2: activity_id index; v3: backdate_reason; v4: pending_extension; v5: co-units;
    # v6: the supervision workflow's phases, clocks and plans; v7: indexes for lights, co-units
    # and text search; v8: a period by source or category; v9: the open problems' counts;
    # v10: the light's days in every order's index; v11: the late fixes' index and the
    # reopened few's, partial, in order; v12: the old ledger's numbers (原编号), searched
    tables = (PROBLEMS, RECTIFICATIONS, DEMANDS, SEQUENCE)

    @singledispatchmethod
    def evolve(self, event: Any, rows: RowSession) -> None:
        """Events of other aggregates (units, access records) leave the lists unchanged."""

    @evolve.register
    def _logged(self, event: Problem.Logged, rows: RowSession) -> None:
        counter = rows.get("sequence", ("problems",)) or {"name": "problems", "value": 0}
        counter["value"] += 1
        rows.put("sequence", ("problems",), counter)
        rows.put(
            "problems",
            (str(event.originator_id),),
            new_problem_row(event, counter["value"]),
        )

    @evolve.register
    def _handed_out(self, event: Problem.HandedOut, rows: RowSession) -> None:
        change = {"status": "handed", "responsible_unit": event.unit, "assignee": event.assignee}
        clock = phase_marks.handed(event.sign_due_on) | {
            "sign_yellow_on": iso(event.sign_yellow_on)
        }
        self._update(rows, event, change | clock, None)

    @evolve.register
    def _signed_for(self, event: Problem.SignedFor, rows: RowSession) -> None:
        problem = self._problem(rows, event)
        ended = phase_marks.signed(
            problem, problem["responsible_unit"], event.signed_on, event.plan_due_on
        )
        change = {"status": "assigned", "plan_yellow_on": iso(event.plan_yellow_on)}
        self._update(rows, event, change | ended, None)

    @evolve.register
    def _sent_back(self, event: Problem.SentBack, rows: RowSession) -> None:
        problem = self._problem(rows, event)
        ended = phase_marks.signing_ended(problem, event.unit, event.sent_on)
        change = {"status": "logged", "sent_back": problem["sent_back"] + 1}
        self._update(rows, event, change | ended, None)

    @evolve.register
    def _plan_recorded(self, event: Problem.PlanRecorded, rows: RowSession) -> None:
        plan = {"plan_measures": event.measures, "plan_person": event.person}
        finished = self._planning_ended(rows, event, event.planned_on)
        self._update(rows, event, plan | finished | {"assignee": event.person}, dict(plan))

    @evolve.register
    def _fix_rejected(self, event: Problem.FixRejected, rows: RowSession) -> None:
        problem = self._problem(rows, event)
        count = problem["rejections"] + 1
        mark = phase_marks.rejected(problem, problem["responsible_unit"], event.rejected_on)
        cleared = {"status": "assigned", "rectified_on": None, "backdate_reason": "", "late": None}
        self._update(
            rows,
            event,
            cleared | mark | {"rejections": count},
            cleared | {"measures": None, "result": None, "evidence": None},
        )

    @evolve.register
    def _followed_up(self, event: Problem.FollowedUp, rows: RowSession) -> None:
        self._update(rows, event, {}, None)

    @evolve.register
    def _assigned(self, event: Problem.Assigned, rows: RowSession) -> None:
        change = {"status": "assigned", "responsible_unit": event.unit, "assignee": event.assignee}
        self._update(rows, event, change, change)

    @evolve.register
    def _deadline_set(self, event: Problem.DeadlineSet, rows: RowSession) -> None:
        rectification = self._rectification(rows, event)
        deadlines = [
            *json.loads(rectification["deadlines"]),
            {
                "due_on": iso(event.due_on),
                "working_days": event.working_days,
                "reason": event.reason,
                "set_on": iso(event.timestamp),
            },
        ]
        extensions = len(deadlines) - 1
        self._update(
            rows,
            event,
            {
                "due_on": iso(event.due_on),
                "due_yellow_on": iso(event.yellow_on),
                "extensions": extensions,
            },
            {
                "due_on": iso(event.due_on),
                "deadlines": json.dumps(deadlines, ensure_ascii=False),
                "first_due_on": deadlines[0]["due_on"],
                "extensions": extensions,
            },
        )

    @evolve.register
    def _rectified(self, event: Problem.Rectified, rows: RowSession) -> None:
        problem = self._problem(rows, event)
        due = problem["due_on"]
        late = is_late(event.rectified_on, due)
        on = iso(event.rectified_on)
        back = event.backdate_reason
        accept = {
            "accept_due_on": iso(event.accept_due_on),
            "accept_yellow_on": iso(event.accept_yellow_on),
        }
        finished = self._planning_ended(rows, event, event.rectified_on)
        self._update(
            rows,
            event,
            {"status": "rectified", "rectified_on": on, "late": late, "backdate_reason": back}
            | accept
            | finished,
            {
                "status": "rectified",
                "rectified_on": on,
                "backdate_reason": back,
                "late": late,
                "measures": event.measures,
                "result": event.result,
                "evidence": json.dumps(list(event.evidence), ensure_ascii=False),
            },
        )

    @evolve.register
    def _closed(self, event: Problem.Closed, rows: RowSession) -> None:
        on = iso(event.closed_on)
        self._update(
            rows,
            event,
            {"status": "closed", "closed_on": on},
            {"status": "closed", "closed": True, "closed_on": on},
        )

    @evolve.register
    def _escalated(self, event: Problem.Escalated, rows: RowSession) -> None:
        count = self._problem(rows, event)["times_escalated"] + 1
        status = "assigned" if event.sign_due_on is None else "handed"
        change = {"status": status, "responsible_unit": event.to_unit, "assignee": ""}
        clock = {"sign_due_on": iso(event.sign_due_on), "sign_yellow_on": iso(event.sign_yellow_on)}
        self._update(rows, event, change | clock | {"times_escalated": count}, change)

    @evolve.register
    def _reopened(self, event: Problem.Reopened, rows: RowSession) -> None:
        count = self._problem(rows, event)["times_reopened"] + 1
        cleared = {
            "status": "assigned",
            "rectified_on": None,
            "backdate_reason": "",
            "late": None,
            "closed_on": None,
        }
        fix = {"closed": False, "measures": None, "result": None, "evidence": None}
        self._update(rows, event, cleared | {"times_reopened": count}, cleared | fix)

    @evolve.register
    def _withdrawn(self, event: Problem.Withdrawn, rows: RowSession) -> None:
        """Kept in the lists as 已撤销, with its number; no longer open, waiting or counted."""
        listed = self._listed(rows, event)
        change = {"status": "withdrawn", "pending_extension": False}
        self._update(rows, event, change, {"status": "withdrawn"} if listed else None)

    @evolve.register
    def _reinstated(self, event: Problem.Reinstated, rows: RowSession) -> None:
        """Back as it was withdrawn from: its status, and its waiting extension request."""
        listed = self._listed(rows, event)
        status = event.status.value
        change = {"status": status, "pending_extension": event.pending_extension}
        self._update(rows, event, change, {"status": status} if listed else None)

    @evolve.register
    def _taken_over(self, event: Problem.TakenOver, rows: RowSession) -> None:
        """撤并承接: the successor in the merged unit's place, wherever it had a part."""
        problem = self._problem(rows, event)
        before, waited = units_of(problem["co_units"]), units_of(problem["co_units_waiting"])
        waiting = {u for u in waited if u != event.from_unit}
        if event.from_unit in waited and event.to_unit not in before:
            waiting.add(event.to_unit)  # the merged unit's part, still to come, is the successor's
        change = {
            "co_units": joined(event.co_units),
            "co_units_waiting": joined(sorted(waiting & set(event.co_units))),
        }
        moved = {"responsible_unit": event.to_unit} if event.responsible else {}
        listed = self._listed(rows, event)
        self._update(rows, event, change | moved, moved if listed and moved else None)
        for number in event.demands:
            key = (str(event.originator_id), number)
            demand = rows.get("demands", key)
            assert demand is not None, key
            rows.put("demands", key, demand | {"to_unit": event.to_unit})

    @evolve.register
    def _corrected(self, event: Problem.Corrected, rows: RowSession) -> None:
        words = {"title": event.title, "description": event.description}
        change = words | {"category": event.category.value, "found_by": event.found_by}
        listed = self._listed(rows, event)
        self._update(rows, event, change, {"title": event.title} if listed else None)

    @evolve.register
    def _extension_requested(self, event: Problem.ExtensionRequested, rows: RowSession) -> None:
        self._update(rows, event, {"pending_extension": True}, None)

    @evolve.register
    def _extension_decided(self, event: Problem.ExtensionDecided, rows: RowSession) -> None:
        self._update(rows, event, {"pending_extension": False}, None)

    @evolve.register
    def _co_units_named(self, event: Problem.CoUnitsNamed, rows: RowSession) -> None:
        settled = set(units_of(self._problem(rows, event)["co_units"])) - set(
            units_of(self._problem(rows, event)["co_units_waiting"])
        )
        waiting = [u for u in event.units if u not in settled]
        change = {"co_units": joined(event.units), "co_units_waiting": joined(waiting)}
        self._update(rows, event, change, None)

    @evolve.register
    def _co_unit_part_recorded(self, event: Problem.CoUnitPartRecorded, rows: RowSession) -> None:
        self._settle(rows, event, event.unit)

    @evolve.register
    def _co_unit_part_waived(self, event: Problem.CoUnitPartWaived, rows: RowSession) -> None:
        self._settle(rows, event, event.unit)

    def _settle(self, rows: RowSession, event: Any, unit: str) -> None:
        waiting = [u for u in units_of(self._problem(rows, event)["co_units_waiting"]) if u != unit]
        self._update(rows, event, {"co_units_waiting": joined(waiting)}, None)

    @evolve.register
    def _flagged(self, event: Problem.Flagged, rows: RowSession) -> None:
        self._update(rows, event, {"flagged": True}, None)

    @evolve.register
    def _unflagged(self, event: Problem.Unflagged, rows: RowSession) -> None:
        self._update(rows, event, {"flagged": False}, None)

    @evolve.register
    def _demand_raised(self, event: Problem.DemandRaised, rows: RowSession) -> None:
        count = self._problem(rows, event)["demands"] + 1
        self._update(rows, event, {"demands": count}, None)
        key = (str(event.originator_id), event.number)
        rows.put("demands", key, new_demand_row(event, key[0]))

    @evolve.register
    def _demand_answered(self, event: Problem.DemandAnswered, rows: RowSession) -> None:
        self._update(rows, event, {}, None)
        key = (str(event.originator_id), event.number)
        demand = rows.get("demands", key)
        assert demand is not None, key
        rows.put(
            "demands",
            key,
            demand
            | {
                "answered_on": iso(event.answered_on),
                "met": event.met,
                "answer": event.answer,
                "answered_by": event.actor.name,
            },
        )
