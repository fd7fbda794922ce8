"""The supervision workflow's steps on a problem (交办, 签收, 退回, 整改方案, 回访, 验收), each
with its phase's clock worked out from the rules in force today. Mixed into `Problems`."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from application.context import CommandContext
from application.evidence import Named
from application.problem_steps import ProblemSteps
from domain.calendar import MAX_WORKING_DAYS, add_working_days, surely_before
from domain.district_rules import Phase
from domain.errors import CalendarUnknownError, InvalidValueError
from domain.permissions import Action
from domain.phase_clocks import PhaseClock, clock_until, phase_clock
from domain.problem import Problem
from domain.status import Status

if TYPE_CHECKING:
    from application.problems import ProblemView


class WorkflowSteps(ProblemSteps):
    # ----- clocks under the rules in force today -----

    def clock_of(self, problem: Problem, phase: Phase, start: date) -> PhaseClock:
        rules = self.rules.current()
        limit = rules.limits_for(problem.source, problem.category).of(phase)
        return phase_clock(phase, start, limit, self.calendar, rules.yellow)

    def deadline_clock(self, start: date, due: date) -> PhaseClock:
        return clock_until(Phase.RECTIFYING, start, due, self.calendar, self.rules.current().yellow)

    def sign_clock(self, problem: Problem, unit: str) -> PhaseClock | None:
        """The office keeps what it holds itself without signing for it; handing a problem
        again to the unit that has yet to sign (to name a person) keeps its running clock."""
        if unit == self.units.office_code():
            return None
        running = problem.open_clock
        if problem.status is Status.HANDED and unit == problem.responsible_unit and running:
            return running
        return self.clock_of(problem, Phase.SIGNING, self.today())

    def signed_if_handed(self, problem: Problem, ctx: CommandContext) -> None:
        """A unit acting on a problem handed to it (its plan, its fix) signs for it first."""
        if problem.status is Status.HANDED:
            today = self.today()
            problem.sign_for(today, self.clock_of(problem, Phase.PLANNING, today), ctx.stamp)

    # ----- the steps -----

    def sign_for(self, ctx: CommandContext, problem_id: UUID) -> ProblemView:
        """签收: the unit takes the problem on; its plan's clock starts."""

        def command(problem: Problem) -> None:
            today = self.today()
            problem.sign_for(today, self.clock_of(problem, Phase.PLANNING, today), ctx.stamp)

        return self._change(ctx, problem_id, Action.SIGN_FOR, command)

    def send_back(self, ctx: CommandContext, problem_id: UUID, reason: str) -> ProblemView:
        """退回: not this unit's problem; back to the office to hand on."""

        def command(problem: Problem) -> None:
            problem.send_back(reason, self.today(), ctx.stamp)

        return self._change(ctx, problem_id, Action.SEND_BACK, command)

    def record_plan(
        self,
        ctx: CommandContext,
        problem_id: UUID,
        measures: str,
        person: str,
        *,
        due_on: date | None = None,
        working_days: int | None = None,
    ) -> ProblemView:
        """整改方案: measures, who, and a deadline no later than the rules allow from today
        (nor later than a deadline already set: more time is an extension request)."""

        def command(problem: Problem) -> None:
            today = self.today()
            self.signed_if_handed(problem, ctx)
            limit = self.rules.current().limits_for(problem.source, problem.category).rectify
            try:
                latest = add_working_days(self.calendar, today, limit)
            except CalendarUnknownError:
                if due_on is None:
                    raise
                latest = surely_before(today, limit)  # a date given is checked against less
            if problem.due_on is not None:
                latest = min(latest, max(problem.due_on, today))
            due = self._plan_due(today, due_on, working_days, latest)
            problem.record_plan(
                measures, person, self.deadline_clock(today, due), latest, working_days, ctx.stamp
            )

        return self._change(ctx, problem_id, Action.RECORD_PLAN, command)

    def _plan_due(
        self, today: date, due_on: date | None, working_days: int | None, latest: date
    ) -> date:
        if due_on is not None and working_days is not None:
            raise InvalidValueError("due_on", "give due_on or working_days, not both")
        if working_days is not None:
            if not 0 <= working_days <= MAX_WORKING_DAYS:
                raise InvalidValueError("working_days", f"must be between 0 and {MAX_WORKING_DAYS}")
            return add_working_days(self.calendar, today, working_days)
        return due_on or latest

    def follow_up(
        self,
        ctx: CommandContext,
        problem_id: UUID,
        reached: bool,
        satisfied: bool | None,
        note: str,
        files: tuple[Named, ...] = (),
    ) -> ProblemView:
        """回访 with the person who complained (a public review's problem)."""
        records = self.evidence.resolve(files)

        def command(problem: Problem) -> None:
            if not self.rules.current().needs_follow_up(problem.source):
                raise InvalidValueError(
                    "source", "only problems from public reviews are followed up (回访)"
                )
            problem.follow_up(reached, satisfied, note, self.today(), ctx.stamp, records)

        return self._change(ctx, problem_id, Action.FOLLOW_UP, command)

    def accept(self, ctx: CommandContext, problem_id: UUID, note: str = "") -> ProblemView:
        """验收销号: the acceptor finds the fix complete and strikes the problem off."""

        def command(problem: Problem) -> None:
            needs = self.rules.current().needs_follow_up(problem.source)
            problem.accept(note, self.today(), needs, ctx.stamp)

        return self._change(ctx, problem_id, Action.ACCEPT, command)

    def reject_fix(self, ctx: CommandContext, problem_id: UUID, reason: str) -> ProblemView:
        """整改不彻底: back to rectifying, with a fresh deadline under today's rules."""

        def command(problem: Problem) -> None:
            fresh = self.clock_of(problem, Phase.RECTIFYING, self.today())
            limit = self.rules.current().limits_for(problem.source, problem.category).rectify
            problem.reject_fix(reason, fresh, limit, ctx.stamp)

        return self._change(ctx, problem_id, Action.REJECT_FIX, command)
