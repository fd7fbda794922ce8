"""The Problem aggregate: one problem found in a hall, from logging to striking off (销号)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.actor import Actor
from domain.codes import Category, Source, SourceMode
from domain.commanded import Commanded, CommandedEvent
from domain.date_range import check_supported
from domain.errors import InvalidTransitionError, InvalidValueError, UnknownDemandError
from domain.recording_time import recorded_now
from domain.records import NOT_BACKDATED, Backdating, DeadlineRecord, Demand, Rectification
from domain.rules import (
    check_backdating,
    check_category_fits_source,
    check_mode_fits_source,
    check_not_after,
    check_not_before,
    check_text,
)
from domain.standing import is_late
from domain.status import OPEN_STATUSES, Status
from domain.text import is_blank, normal_text


class Problem(Commanded):
    """Status and every rule of docs/DOMAIN.md live here; commands check, events only apply."""

    class Event(CommandedEvent):
        """Every event says who did it and which client command (if any) caused it."""

    class Logged(Aggregate.Created):
        create_timestamp = staticmethod(recorded_now)

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
        due_on: date
        working_days: int | None
        reason: str

        def apply_to(self, problem: Problem) -> None:
            record = DeadlineRecord(self.due_on, self.working_days, self.reason, self.actor)
            problem.deadlines.append(record)

    class Rectified(Event):
        """`backdate_reason`: why the office entered a fix dated further back (补录)."""

        class_version = 2

        measures: str
        result: str
        rectified_on: date
        evidence: tuple[str, ...]
        backdate_reason: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["backdate_reason"] = ""

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
            )
            problem.status = Status.RECTIFIED

    class Closed(Event):
        note: str
        closed_on: date

        def apply_to(self, problem: Problem) -> None:
            problem.status = Status.CLOSED
            problem.closed_on = self.closed_on
            problem.close_note = self.note

    class Escalated(Event):
        from_unit: str
        to_unit: str
        reason: str

        def apply_to(self, problem: Problem) -> None:
            problem.status = Status.ASSIGNED
            problem.responsible_unit = self.to_unit
            problem.assignee = ""
            problem.times_escalated += 1

    class Reopened(Event):
        reason: str

        def apply_to(self, problem: Problem) -> None:
            problem.status = Status.ASSIGNED
            problem.rectification = None
            problem.closed_on = None
            problem.close_note = ""
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
            demand = problem.demands[self.number]
            problem.demands[self.number] = demand.answered(
                self.answer, self.met, self.answered_on, self.actor
            )

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
        self.status = Status.LOGGED
        self.deadlines: list[DeadlineRecord] = []
        self.rectification: Rectification | None = None
        self.closed_on: date | None = None
        self.close_note = ""
        self.flagged = False
        self.flag_reason = ""
        self.demands: dict[int, Demand] = {}
        self.times_escalated = 0
        self.times_reopened = 0
        self.remember_command(logged.command_id)

    @property
    def due_on(self) -> date | None:
        return self.deadlines[-1].due_on if self.deadlines else None

    # ----- creation -----

    @classmethod
    def log(
        cls,
        *,
        id: UUID,
        source: Source,
        source_mode: SourceMode | None,
        category: Category,
        unit: str,
        title: str,
        description: str,
        demand: str,
        found_on: date,
        found_by: str,
        activity_id: str,
        location: str,
        today: date,
        actor: Actor,
        command_id: str = "",
    ) -> Problem:
        check_category_fits_source(source, category)
        check_mode_fits_source(source, source_mode)
        check_supported(found_on, "found_on")
        check_not_after(found_on, today, "found_on", "today")
        check_text("title", title)
        check_text("description", description)
        check_text("found_by", found_by)
        check_text("demand", demand, required=False)
        check_text("location", location, required=False)
        check_text("activity_id", activity_id, required=False)
        return cls._create(
            cls.Logged,
            id=id,
            source=source,
            source_mode=source_mode,
            category=category,
            unit=unit,
            title=normal_text(title),
            description=normal_text(description),
            demand=normal_text(demand),
            found_on=found_on,
            found_by=normal_text(found_by),
            activity_id=activity_id,
            location=normal_text(location),
            actor=actor,
            command_id=command_id,
        )

    # ----- commands: check the rule, then record the fact -----

    def assign(self, unit: str, assignee: str, actor: Actor, command_id: str = "") -> None:
        self.check_status("assign", Status.LOGGED, Status.ASSIGNED)
        check_text("assignee", assignee, required=False)
        self.trigger_event(
            self.Assigned,
            unit=unit,
            assignee=normal_text(assignee),
            actor=actor,
            command_id=command_id,
        )

    def set_deadline(
        self,
        due_on: date,
        working_days: int | None,
        reason: str,
        actor: Actor,
        command_id: str = "",
    ) -> None:
        self.check_status("set a deadline on", *OPEN_STATUSES)
        check_supported(due_on, "due_on")
        check_not_before(due_on, self.found_on, "due_on", "the day it was found")
        if self.deadlines and is_blank(reason):
            raise InvalidValueError("reason", "an extension (延期) must give its reason")
        check_text("reason", reason, required=False)
        self.trigger_event(
            self.DeadlineSet,
            due_on=due_on,
            working_days=working_days,
            reason=normal_text(reason),
            actor=actor,
            command_id=command_id,
        )

    def rectify(
        self,
        measures: str,
        result: str,
        rectified_on: date,
        evidence: tuple[str, ...],
        today: date,
        actor: Actor,
        command_id: str = "",
        backdating: Backdating = NOT_BACKDATED,
    ) -> None:
        """`backdating`: how far back `rectified_on` lies in working days, the limit, and the
        office's reason when beyond it."""
        self.check_status("rectify", *OPEN_STATUSES)
        check_text("measures", measures)
        check_text("result", result)
        for index, item in enumerate(evidence):
            check_text(f"evidence.{index}", item)
        check_supported(rectified_on, "rectified_on")
        check_not_before(rectified_on, self.found_on, "rectified_on", "the day it was found")
        check_not_after(rectified_on, today, "rectified_on", "today")
        check_text("backdate_reason", backdating.reason, required=False)
        check_backdating(backdating.working_days_back, backdating.limit, actor, backdating.reason)
        self.trigger_event(
            self.Rectified,
            measures=normal_text(measures),
            result=normal_text(result),
            rectified_on=rectified_on,
            evidence=tuple(normal_text(item) for item in evidence),
            backdate_reason=normal_text(backdating.reason),
            actor=actor,
            command_id=command_id,
        )

    def close(self, note: str, today: date, actor: Actor, command_id: str = "") -> None:
        if self.status is not Status.RECTIFIED:
            raise InvalidTransitionError(
                f"a problem is closed (销号) only once rectified; this one is {self.status.value}"
            )
        check_text("note", note, required=False)
        self.trigger_event(
            self.Closed, note=normal_text(note), closed_on=today, actor=actor, command_id=command_id
        )

    def escalate(self, to_unit: str, reason: str, actor: Actor, command_id: str = "") -> None:
        self.check_status("escalate", *OPEN_STATUSES)
        if to_unit == self.responsible_unit:
            raise InvalidTransitionError(f"{to_unit} is already responsible for this problem")
        check_text("reason", reason)
        self.trigger_event(
            self.Escalated,
            from_unit=self.responsible_unit,
            to_unit=to_unit,
            reason=normal_text(reason),
            actor=actor,
            command_id=command_id,
        )

    def reopen(self, reason: str, actor: Actor, command_id: str = "") -> None:
        self.check_status("reopen", Status.RECTIFIED, Status.CLOSED)
        check_text("reason", reason)
        self.trigger_event(
            self.Reopened, reason=normal_text(reason), actor=actor, command_id=command_id
        )

    def flag(self, flagged: bool, reason: str, actor: Actor, command_id: str = "") -> None:
        if flagged == self.flagged:
            state = "already flagged (挂牌督办)" if flagged else "not flagged"
            raise InvalidTransitionError(f"the problem is {state}")
        if flagged:
            self.check_status("flag", Status.LOGGED, Status.ASSIGNED, Status.RECTIFIED)
        check_text("reason", reason, required=False)
        event_class = self.Flagged if flagged else self.Unflagged
        self.trigger_event(
            event_class, reason=normal_text(reason), actor=actor, command_id=command_id
        )

    def raise_demand(
        self, text: str, to_unit: str, today: date, actor: Actor, command_id: str = ""
    ) -> int:
        self.check_status("raise a demand on", Status.LOGGED, Status.ASSIGNED, Status.RECTIFIED)
        check_text("text", text)
        number = len(self.demands) + 1
        self.trigger_event(
            self.DemandRaised,
            number=number,
            text=normal_text(text),
            to_unit=to_unit,
            raised_on=today,
            actor=actor,
            command_id=command_id,
        )
        return number

    def answer_demand(
        self, number: int, answer: str, met: bool, today: date, actor: Actor, command_id: str = ""
    ) -> None:
        demand = self.demand_numbered(number)
        if demand.is_answered:
            raise InvalidTransitionError(f"demand {number} was already answered")
        check_text("answer", answer)
        self.trigger_event(
            self.DemandAnswered,
            number=number,
            answer=normal_text(answer),
            met=met,
            answered_on=today,
            actor=actor,
            command_id=command_id,
        )

    # ----- invariants -----

    def demand_numbered(self, number: int) -> Demand:
        try:
            return self.demands[number]
        except KeyError:
            raise UnknownDemandError(f"the problem has no demand {number}") from None

    def check_status(self, action: str, *allowed: Status) -> None:
        if self.status not in allowed:
            names = ", ".join(s.value for s in allowed)
            raise InvalidTransitionError(
                f"cannot {action} a problem that is {self.status.value} (allowed when: {names})"
            )
