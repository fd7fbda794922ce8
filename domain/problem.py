"""The Problem aggregate: one problem found in a hall, from logging to striking off (销号)."""

from __future__ import annotations

from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate

from domain.actor import Actor
from domain.co_units import CoUnitCommands, CoUnitEvents, CoUnitPart
from domain.codes import Category, Source, SourceMode
from domain.commanded import Commanded, CommandedEvent
from domain.corrections import CorrectionCommands, CorrectionEvents
from domain.district_rules import Phase
from domain.evidence import EvidenceFile
from domain.extensions import ExtensionCommands, ExtensionEvents, ExtensionRequest
from domain.phase_clocks import PhaseClock
from domain.phase_state import PhaseState
from domain.problem_commands import ProblemCommands
from domain.recording_time import recorded_now
from domain.records import DeadlineRecord, Demand, Rectification
from domain.standing import is_late
from domain.status import Status
from domain.takeover import TakeOverCommands, TakeOverEvents
from domain.withdrawal import WithdrawalCommands, WithdrawalEvents
from domain.workflow import WorkflowCommands
from domain.workflow_events import WorkflowEvents
from domain.workflow_records import FollowUp, Plan, RejectedFix, SendBack


class Problem(
    ProblemCommands,
    WorkflowCommands,
    WorkflowEvents,
    ExtensionEvents,
    CoUnitEvents,
    CorrectionEvents,
    WithdrawalEvents,
    TakeOverEvents,
    ExtensionCommands,
    CoUnitCommands,
    CorrectionCommands,
    WithdrawalCommands,
    TakeOverCommands,
    PhaseState,
    Commanded,
):
    """Status and every rule of docs/DOMAIN.md: the events and the state they build, here and
    mixed in (each still `Problem.<Name>`), and the commands that check the rules beside them."""

    class Event(CommandedEvent):
        """Every event says who did it and which client command (if any) caused it."""

    class Logged(Aggregate.Created):
        create_timestamp = staticmethod(recorded_now)
        class_version = 2

        source: Source
        source_mode: SourceMode | None
        category: Category
        unit: str
        title: str
        description: str
        demand: str
        found_on: date
        found_by: str
        activity_id: str
        location: str
        actor: Actor
        command_id: str
        files: tuple[EvidenceFile, ...]  # photos taken when it was found

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["files"] = ()

        def apply(self, aggregate: Any) -> None:
            problem: Problem = aggregate
            problem.start(self)

    class Assigned(Event):
        unit: str
        assignee: str

        def apply_to(self, problem: Problem) -> None:
            problem.status = Status.ASSIGNED
            problem.responsible_unit = self.unit
            problem.assignee = self.assignee

    class DeadlineSet(Event):
        """v2: the day it was set and its first yellow day (the rules in force that day)."""

        class_version = 2

        due_on: date
        working_days: int | None
        reason: str
        set_on: date | None
        yellow_on: date | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["set_on"] = state["yellow_on"] = None

        def apply_to(self, problem: Problem) -> None:
            problem.deadlines.append(
                DeadlineRecord(
                    self.due_on,
                    self.working_days,
                    self.reason,
                    self.actor,
                    self.set_on,
                    self.yellow_on,
                )
            )

    class Rectified(Event):
        """`backdate_reason`: why the office entered a fix dated further back (补录)."""

        class_version = 4

        measures: str
        result: str
        rectified_on: date
        evidence: tuple[str, ...]
        backdate_reason: str
        reported_on: date | None
        accept_due_on: date | None
        accept_yellow_on: date | None
        files: tuple[EvidenceFile, ...]

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["backdate_reason"] = ""

        @staticmethod
        def upcast_v2_v3(state: dict[str, Any]) -> None:
            """Before acceptance was clocked: no acceptance phase is read into an old fix."""
            state["reported_on"] = state["accept_due_on"] = state["accept_yellow_on"] = None

        @staticmethod
        def upcast_v3_v4(state: dict[str, Any]) -> None:
            state["files"] = ()

        def apply_to(self, problem: Problem) -> None:
            due = problem.due_on
            problem.rectification = Rectification(
                measures=self.measures,
                result=self.result,
                rectified_on=self.rectified_on,
                evidence=tuple(self.evidence),
                late=is_late(self.rectified_on, due),
                on_the_spot=self.rectified_on == problem.found_on,
                by=self.actor,
                backdate_reason=self.backdate_reason,
                files=tuple(self.files),
            )
            problem.status = Status.RECTIFIED
            problem.finished_phase(Phase.PLANNING, self.rectified_on)
            problem.opened_phase(
                Phase.ACCEPTING, self.reported_on, self.accept_due_on, self.accept_yellow_on
            )

    class Closed(Event):
        """v2: `accepted` when the acceptor closed it (验收销号); False when the responsible unit
        closed it under a rule that let it (and for every close before acceptance existed)."""

        class_version = 2

        note: str
        closed_on: date
        accepted: bool

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["accepted"] = False

        def apply_to(self, problem: Problem) -> None:
            problem.status = Status.CLOSED
            problem.closed_on = self.closed_on
            problem.close_note = self.note
            problem.accepted = self.accepted

    class Escalated(Event):
        """v2: handed to a unit that must sign for it when `sign_due_on` is set."""

        class_version = 2

        from_unit: str
        to_unit: str
        reason: str
        handed_on: date | None
        sign_due_on: date | None
        sign_yellow_on: date | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["handed_on"] = state["sign_due_on"] = state["sign_yellow_on"] = None

        def apply_to(self, problem: Problem) -> None:
            problem.responsible_unit = self.to_unit
            problem.assignee = ""
            problem.times_escalated += 1
            problem.status = Status.ASSIGNED if self.sign_due_on is None else Status.HANDED
            problem.opened_phase(
                Phase.SIGNING, self.handed_on, self.sign_due_on, self.sign_yellow_on
            )

    class Reopened(Event):
        reason: str

        def apply_to(self, problem: Problem) -> None:
            problem.status = Status.ASSIGNED
            problem.rectification = None
            problem.closed_on = None
            problem.close_note = ""
            problem.accepted = False
            problem.times_reopened += 1

    class Flagged(Event):
        reason: str

        def apply_to(self, problem: Problem) -> None:
            problem.flagged = True
            problem.flag_reason = self.reason

    class Unflagged(Event):
        reason: str

        def apply_to(self, problem: Problem) -> None:
            problem.flagged = False
            problem.flag_reason = self.reason

    class DemandRaised(Event):
        number: int
        text: str
        to_unit: str
        raised_on: date

        def apply_to(self, problem: Problem) -> None:
            problem.demands[self.number] = Demand(
                self.number, self.text, self.to_unit, self.raised_on, self.actor
            )

    class DemandAnswered(Event):
        number: int
        answer: str
        met: bool
        answered_on: date

        def apply_to(self, problem: Problem) -> None:
            answer = (self.answer, self.met, self.answered_on, self.actor)
            problem.demands[self.number] = problem.demands[self.number].answered(*answer)

    # ----- state, built only by the events above -----

    def start(self, logged: Problem.Logged) -> None:
        self.source = logged.source
        self.source_mode = logged.source_mode
        self.category = logged.category
        self.unit = logged.unit
        self.responsible_unit = logged.unit
        self.assignee = ""
        self.title = logged.title
        self.description = logged.description
        self.demand = logged.demand
        self.found_on = logged.found_on
        self.found_by = logged.found_by
        self.activity_id = logged.activity_id
        self.location = logged.location
        self.logged_by = logged.actor
        self.files: tuple[EvidenceFile, ...] = tuple(logged.files)
        self.status = Status.LOGGED
        self.deadlines: list[DeadlineRecord] = []
        self.rectification: Rectification | None = None
        self.closed_on: date | None = None
        self.close_note = ""
        self.flagged = False
        self.flag_reason = ""
        self.withdraw_reason = ""
        self.demands: dict[int, Demand] = {}
        self.extension_requests: dict[int, ExtensionRequest] = {}
        self.co_units: dict[str, CoUnitPart] = {}
        self.sent_back: list[SendBack] = []
        self.plan: Plan | None = None
        self.rejected_fixes: list[RejectedFix] = []
        self.follow_ups: list[FollowUp] = []
        self.accepted = False
        self.clocks: dict[Phase, PhaseClock] = {}
        self.phase_ends: dict[Phase, date] = {}
        self.late_phases: dict[Phase, int] = {}
        self.times_escalated = 0
        self.times_reopened = 0
        self.remember_command(logged.command_id)

    @property
    def due_on(self) -> date | None:
        return self.deadlines[-1].due_on if self.deadlines else None
