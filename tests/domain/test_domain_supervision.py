"""Extension requests and co-units on the aggregate alone, as a hypothesis state machine: any
sequence of asks, decisions, co-units, parts, waivers and fixes keeps the invariants (the
deadline is the last one set or approved; at most one request waits; a fix never goes through
while a co-unit's part is missing), every refused step records nothing, and the state rebuilt
from the events equals the state the commands left."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import uuid4

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from domain.actor import Actor, Role
from domain.codes import Category, Source
from domain.commanded import Stamp
from domain.district_rules import Phase
from domain.errors import DomainError
from domain.phase_clocks import PhaseClock
from domain.problem import Problem
from domain.problem_values import Fix, NewProblem
from domain.status import Status

OFFICE = Stamp(Actor("office", Role.OFFICE))
LEAD = Stamp(Actor("lead", Role.UNIT_LEAD, "civil_affairs"))
TODAY = date(2026, 11, 23)
UNITS = ("transport", "education", "tax")


class Supervised(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        new = NewProblem(
            Source.SIT_IN, Category.POLICY, "civil_affairs", "t", "d", date(2026, 11, 2), "x"
        )
        self.problem = Problem.log(uuid4(), new, TODAY, OFFICE)
        self.problem.assign("civil_affairs", "", OFFICE)
        self.expected_due: date | None = None

    def attempt(self, command: object) -> bool:
        """Run a command; a refusal must leave no pending event behind."""
        before = len(self.problem.pending_events)
        try:
            command()  # type: ignore[operator]
        except DomainError:
            assert len(self.problem.pending_events) == before
            return False
        return True

    @rule(days=st.integers(0, 30))
    def set_deadline(self, days: int) -> None:
        due = date(2026, 11, 20) + timedelta(days=days)
        reason = "延期" if self.problem.deadlines else ""
        if self.attempt(lambda: self.problem.set_deadline(due, None, reason, OFFICE)):
            self.expected_due = due

    @rule(days=st.integers(-1, 12), reason=st.sampled_from(["需协调", "", " "]))
    def ask(self, days: int, reason: str) -> None:
        self.attempt(lambda: self.problem.request_extension(days, reason, TODAY, LEAD))

    @rule(granted=st.one_of(st.none(), st.integers(0, 14)), reason=st.sampled_from(["", "理由"]))
    def decide(self, granted: int | None, reason: str) -> None:
        pending = self.problem.pending_extension
        number = pending.number if pending else 1
        due = self.problem.due_on
        new_due = (
            PhaseClock(Phase.RECTIFYING, TODAY, due + timedelta(days=granted), None)
            if due and granted
            else None
        )
        if (
            self.attempt(
                lambda: self.problem.decide_extension(
                    number, granted, new_due, reason, TODAY, OFFICE
                )
            )
            and granted is not None
        ):
            self.expected_due = new_due.due_on if new_due else None

    @rule(units=st.lists(st.sampled_from(UNITS), max_size=3, unique=True))
    def name_co_units(self, units: list[str]) -> None:
        self.attempt(lambda: self.problem.name_co_units(tuple(units), OFFICE))

    @rule(unit=st.sampled_from(UNITS))
    def record_part(self, unit: str) -> None:
        self.attempt(lambda: self.problem.record_co_unit_part(unit, "做了", TODAY, TODAY, OFFICE))

    @rule(unit=st.sampled_from(UNITS), reason=st.sampled_from(["", "统筹"]))
    def waive(self, unit: str, reason: str) -> None:
        self.attempt(lambda: self.problem.waive_co_unit_part(unit, reason, OFFICE))

    @rule()
    def fix(self) -> None:
        missing = any(not part.settled for part in self.problem.co_units.values())
        fixed = self.attempt(lambda: self.problem.rectify(Fix("m", "r"), TODAY, LEAD))
        assert not (fixed and missing)
        if fixed:
            self.problem.reopen("整改不彻底", OFFICE)

    @invariant()
    def the_deadline_is_the_last_set_or_approved(self) -> None:
        assert self.problem.due_on == self.expected_due

    @invariant()
    def at_most_one_request_waits(self) -> None:
        waiting = [r for r in self.problem.extension_requests.values() if r.pending]
        assert len(waiting) <= 1

    @invariant()
    def the_events_rebuild_the_same_state(self) -> None:
        rebuilt: Problem | None = None
        for event in self.problem.pending_events:
            rebuilt = event.mutate(rebuilt)  # type: ignore[assignment]
        assert rebuilt is not None
        assert rebuilt.due_on == self.problem.due_on
        assert rebuilt.extension_requests == self.problem.extension_requests
        assert rebuilt.co_units == self.problem.co_units
        assert rebuilt.status in (Status.ASSIGNED, Status.RECTIFIED)


Supervised.TestCase.settings = settings(max_examples=60, stateful_step_count=25, deadline=None)
TestSupervised = Supervised.TestCase
