"""The whole supervision workflow on the aggregate, as a hypothesis state machine with every
role: each step is tried by the office, the responsible unit's lead, another unit's lead or an
inspector, checked by `domain.permissions.check_may` and then commanded, as the application
does. Any reachable sequence keeps the invariants: one responsible unit (the last it was handed
to), the deadline is the last one set, planned or approved, a closed problem was accepted (or
closed by its unit where the rules allow it), a complaint is accepted only after a follow-up,
no clock runs in a finished phase; a refused step records nothing; the events rebuild the state.
"""

from __future__ import annotations

from datetime import date, timedelta
from uuid import uuid4

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from domain.actions import Action
from domain.actor import Actor, Role
from domain.codes import Category, Source
from domain.commanded import Stamp
from domain.district_rules import DistrictRules, Phase
from domain.errors import DomainError
from domain.permissions import check_may
from domain.phase_clocks import clock_until, phase_clock
from domain.problem import Problem
from domain.problem_values import Fix, NewProblem
from domain.status import Status
from infrastructure.calendar import ChinaWorkingCalendar
from infrastructure.rules_file import read_rules

OFFICE_UNIT = "gov_service_office"
UNITS = ("civil_affairs", "transport")
CALENDAR = ChinaWorkingCalendar.from_file(None)
BEIBEI = read_rules(None)[2]
ACTORS = {
    "office": Actor("office", Role.OFFICE),
    "civil_affairs": Actor("lead-ca", Role.UNIT_LEAD, "civil_affairs"),
    "transport": Actor("lead-tr", Role.UNIT_LEAD, "transport"),
    "inspector": Actor("inspector", Role.INSPECTOR),
}
WHO = st.sampled_from(sorted(ACTORS))


class Workflow(RuleBasedStateMachine):
    @initialize(
        source=st.sampled_from([Source.SIT_IN, Source.REVIEW]),
        units_close_own=st.booleans(),
    )
    def log(self, source: Source, units_close_own: bool) -> None:
        category = Category.POLICY if source is Source.SIT_IN else Category.COLD
        self.rules = DistrictRules(
            BEIBEI.district,
            BEIBEI.limits,
            BEIBEI.yellow,
            units_may_close_own=units_close_own,
        )
        self.today = date(2026, 9, 25)  # across National Day and its make-up Saturdays
        new = NewProblem(source, category, "civil_affairs", "t", "d", self.today, "x")
        self.problem = Problem.log(uuid4(), new, self.today, Stamp(ACTORS["office"]))
        self.problem.assign("civil_affairs", "", Stamp(ACTORS["office"]), self.clock(Phase.SIGNING))
        self.holder = "civil_affairs"
        self.expected_due: date | None = None

    def clock(self, phase: Phase):  # type: ignore[no-untyped-def]
        limit = self.rules.limits_for(self.problem.source, self.problem.category).of(phase)
        return phase_clock(phase, self.today, limit, CALENDAR, self.rules.yellow)

    def attempt(self, who: str, action: Action, command: object, target: str | None = None) -> bool:
        """As the application runs a step: may this person, then the command; a refusal of
        either leaves no event behind."""
        before = len(self.problem.pending_events)
        try:
            check_may(
                ACTORS[who],
                action,
                self.problem,
                office_unit=OFFICE_UNIT,
                target_unit=target,
                rules=self.rules,
            )
            command()  # type: ignore[operator]
        except DomainError:
            assert len(self.problem.pending_events) == before
            return False
        assert len(self.problem.pending_events) > before
        return True

    def stamp(self, who: str) -> Stamp:
        return Stamp(ACTORS[who])

    @rule(days=st.integers(1, 4))
    def a_day_passes(self, days: int) -> None:
        self.today += timedelta(days=days)

    @rule(who=WHO, unit=st.sampled_from(UNITS))
    def hand_out(self, who: str, unit: str) -> None:
        sign = self.clock(Phase.SIGNING)
        command = lambda: self.problem.assign(unit, "", self.stamp(who), sign)  # noqa: E731
        if self.attempt(who, Action.ASSIGN, command):
            self.holder = unit

    @rule(who=WHO)
    def sign_for(self, who: str) -> None:
        plan = self.clock(Phase.PLANNING)
        self.attempt(
            who, Action.SIGN_FOR, lambda: self.problem.sign_for(self.today, plan, self.stamp(who))
        )

    @rule(who=WHO, reason=st.sampled_from(["", "不属于本单位"]))
    def send_back(self, who: str, reason: str) -> None:
        command = lambda: self.problem.send_back(reason, self.today, self.stamp(who))  # noqa: E731
        self.attempt(who, Action.SEND_BACK, command)

    @rule(who=WHO, days=st.integers(0, 20))
    def plan(self, who: str, days: int) -> None:
        limit = self.rules.limits_for(self.problem.source, self.problem.category).rectify
        latest = phase_clock(Phase.RECTIFYING, self.today, limit, CALENDAR, self.rules.yellow)
        wanted = clock_until(
            Phase.RECTIFYING,
            self.today,
            self.today + timedelta(days=days),
            CALENDAR,
            self.rules.yellow,
        )
        cap = min(latest.due_on, self.expected_due) if self.expected_due else latest.due_on
        command = lambda: self.problem.record_plan(  # noqa: E731
            "措施", "张三", wanted, cap, None, self.stamp(who)
        )
        if self.attempt(who, Action.RECORD_PLAN, command):
            self.expected_due = wanted.due_on

    @rule(days=st.integers(0, 30))
    def set_deadline(self, days: int) -> None:
        due = self.today + timedelta(days=days)
        reason = "延期" if self.problem.deadlines else ""
        clock = clock_until(Phase.RECTIFYING, self.today, due, CALENDAR, self.rules.yellow)
        command = lambda: self.problem.set_deadline(  # noqa: E731
            due, None, reason, self.stamp("office"), clock
        )
        if self.attempt("office", Action.SET_DEADLINE, command):
            self.expected_due = due

    @rule(who=WHO)
    def fix(self, who: str) -> None:
        accept = self.clock(Phase.ACCEPTING)
        command = lambda: self.problem.rectify(  # noqa: E731
            Fix("m", "r"), self.today, self.stamp(who), accept=accept
        )
        self.attempt(who, Action.RECTIFY, command)

    @rule(who=WHO, reached=st.booleans(), note=st.sampled_from(["", "电话回访"]))
    def follow_up(self, who: str, reached: bool, note: str) -> None:
        satisfied = True if reached else None
        command = lambda: self.problem.follow_up(  # noqa: E731
            reached, satisfied, note, self.today, self.stamp(who)
        )
        self.attempt(who, Action.FOLLOW_UP, command)

    @rule(who=WHO)
    def accept(self, who: str) -> None:
        needs = self.rules.needs_follow_up(self.problem.source)
        command = lambda: self.problem.accept("", self.today, needs, self.stamp(who))  # noqa: E731
        self.attempt(who, Action.ACCEPT, command)

    @rule(who=WHO)
    def close_own(self, who: str) -> None:
        needs = self.rules.needs_follow_up(self.problem.source)
        command = lambda: self.problem.close("", self.today, self.stamp(who), needs)  # noqa: E731
        self.attempt(who, Action.CLOSE, command)

    @rule(who=WHO, reason=st.sampled_from(["", "整改不彻底"]))
    def reject(self, who: str, reason: str) -> None:
        fresh = self.clock(Phase.RECTIFYING)
        limit = self.rules.limits_for(self.problem.source, self.problem.category).rectify
        command = lambda: self.problem.reject_fix(reason, fresh, limit, self.stamp(who))  # noqa: E731
        if self.attempt(who, Action.REJECT_FIX, command):
            self.expected_due = fresh.due_on

    @invariant()
    def one_responsible_unit_the_last_it_was_handed_to(self) -> None:
        assert self.problem.responsible_unit == self.holder

    @invariant()
    def the_deadline_is_the_last_set_planned_or_approved(self) -> None:
        assert self.problem.due_on == self.expected_due

    @invariant()
    def a_closed_problem_was_accepted_or_closed_under_the_rule(self) -> None:
        if self.problem.status is not Status.CLOSED:
            return
        assert self.problem.accepted or self.rules.units_may_close_own
        if self.rules.needs_follow_up(self.problem.source):
            assert any(f.reached for f in self.problem.follow_ups)

    @invariant()
    def no_clock_runs_in_a_finished_phase(self) -> None:
        clock = self.problem.open_clock
        if self.problem.status is Status.CLOSED:
            assert clock is None and self.problem.phase is None
        if clock is not None and clock.phase is not Phase.RECTIFYING:
            assert clock.phase not in self.problem.phase_ends
            assert clock.phase is self.problem.phase

    @invariant()
    def the_events_rebuild_the_same_state(self) -> None:
        rebuilt: Problem | None = None
        for event in self.problem.pending_events:
            rebuilt = event.mutate(rebuilt)  # type: ignore[assignment]
        assert rebuilt is not None
        for name in ("status", "due_on", "phase", "late_phases", "accepted", "responsible_unit"):
            assert getattr(rebuilt, name) == getattr(self.problem, name), name


Workflow.TestCase.settings = settings(max_examples=250, stateful_step_count=40, deadline=None)
TestWorkflow = Workflow.TestCase
