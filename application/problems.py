"""Commands on problems: load, check who may, apply the command, save; retried on a lost race."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

from eventsourcing.application import AggregateNotFoundError

from application.activities import Activities
from application.context import CommandContext
from application.demand_commands import DemandCommands
from application.district_rules import RulesInForce
from application.errors import ConcurrentUpdateError, ProblemNotFoundError
from application.evidence import Evidence, Named, NoFiles
from application.ledger import Ledger
from application.pipeline import Pipeline, Written
from application.ports import Clock, today_in_china
from application.supervision import SupervisionCommands
from application.units import Units
from application.workflow import WorkflowSteps
from domain.activity_records import InspectionRecord
from domain.actor import Actor, Role
from domain.calendar import (
    MAX_WORKING_DAYS,
    WorkingCalendar,
    add_working_days,
    working_days_until,
)
from domain.codes import SourceMode
from domain.district_rules import Phase
from domain.errors import NO_SUCH_PROBLEM, InvalidValueError
from domain.evidence import EvidenceFile
from domain.lights import warning_end
from domain.permissions import Action, answerable_demands, check_can_log, check_may, offered
from domain.problem import Problem
from domain.problem_values import Fix, NewProblem, mode_of_round
from domain.recording_time import recording_with
from domain.records import Backdating
from domain.rules import check_not_before
from domain.status import Light


@dataclass(frozen=True)
class ProblemView:
    """A problem as a command or a read answers it: its state, its light today, and the log
    position of the write (None for a read)."""

    problem: Problem
    light: Light
    position: int | None = None


@dataclass(frozen=True)
class Offer:
    """What a person may do to a problem now: the commands, and the demands they may answer."""

    actions: frozenset[Action]
    demands: tuple[int, ...] = ()


def problem_id_for(command_id: str) -> UUID:
    """A retried creation gets the same id, so the store itself refuses the duplicate."""
    return uuid5(NAMESPACE_URL, f"rectify:problem:{command_id}") if command_id else uuid4()


class Problems(SupervisionCommands, DemandCommands, WorkflowSteps):
    """The problem commands of docs/API.md; each returns the new state and its log position."""

    def __init__(
        self,
        ledger: Ledger,
        units: Units,
        calendar: WorkingCalendar,
        clock: Clock,
        rules: RulesInForce,
        activities: Activities | None = None,
        evidence: Evidence | None = None,
    ) -> None:
        self.rules = rules
        self.evidence = evidence or Evidence(NoFiles(), 0)
        self.ledger = ledger
        self.units = units
        self.calendar = calendar
        self.clock = clock
        self.activities = activities or Activities(ledger, units, clock)
        self.pipeline = Pipeline(ledger, clock)

    def today(self) -> date:
        return today_in_china(self.clock)

    def log_problem(
        self,
        ctx: CommandContext,
        new: NewProblem,
        files: tuple[Named, ...] = (),
        due_on: date | None = None,
    ) -> ProblemView:
        """`files`: photos taken when it was found (POST /files), named by hash; `due_on`: its
        deadline set in the same write (a problem brought in from a district's old ledger)."""
        photos = self.evidence.resolve(files)

        def build() -> Problem:
            return self._logged(ctx, new, photos, due_on)

        def duplicate() -> Exception:
            return ConcurrentUpdateError("another command logged this problem; try again")

        return self.view(self.pipeline.create(ctx, build, self.load, duplicate))

    def check_log(self, ctx: CommandContext, new: NewProblem, due_on: date | None = None) -> None:
        """Refuse as `log_problem` would, writing nothing."""
        with recording_with(self.clock.now):
            self._logged(ctx, new, (), due_on)

    def _logged(
        self,
        ctx: CommandContext,
        new: NewProblem,
        photos: tuple[EvidenceFile, ...],
        due_on: date | None,
    ) -> Problem:
        actor = ctx.actor
        check_can_log(actor, new.unit)
        self.units.serving(new.unit, "unit")
        found = replace(new, source_mode=self._mode_from_activity(actor, new))
        today = self.today()
        problem = Problem.log(problem_id_for(ctx.command_id), found, today, ctx.stamp, photos)
        if actor.is_lead_of(new.unit):  # found by the unit itself: taken on at once
            problem.take_on(today, self.clock_of(problem, Phase.PLANNING, today), ctx.stamp)
        elif (sign := self.sign_clock(problem, new.unit)) is not None:
            problem.assign(new.unit, "", ctx.stamp, sign)
        if due_on is not None:
            office, rules = self.units.office_code(), self.rules.current()
            check_may(actor, Action.SET_DEADLINE, problem, office_unit=office, rules=rules)
            clock = self.deadline_clock(min(today, due_on), due_on)
            problem.set_deadline(due_on, None, "", ctx.stamp, clock)
        return problem

    def _mode_from_activity(self, actor: Actor, new: NewProblem) -> SourceMode | None:
        """A problem from an activity must come from a recorded one of its source; one from an
        inspection round takes the round's level as its mode."""
        if not new.activity_id:
            return new.source_mode
        try:
            activity_id = UUID(new.activity_id)
        except ValueError:
            raise InvalidValueError("activity_id", "is not an activity id") from None
        activity = self.activities.check_source(actor, activity_id, new.source.value)
        check_not_before(new.found_on, activity.on, "found_on", "the activity it names")
        if not isinstance(activity.record, InspectionRecord):
            return new.source_mode
        return mode_of_round(new.source_mode, activity.record.level)

    def assign(
        self, ctx: CommandContext, problem_id: UUID, unit: str, assignee: str
    ) -> ProblemView:
        def command(problem: Problem) -> None:
            self.units.serving(unit, "unit")
            problem.assign(unit, assignee, ctx.stamp, self.sign_clock(problem, unit))

        return self._change(ctx, problem_id, Action.ASSIGN, command)

    def set_deadline(
        self,
        ctx: CommandContext,
        problem_id: UUID,
        *,
        due_on: date | None = None,
        working_days: int | None = None,
        start_on: date | None = None,
        reason: str = "",
    ) -> ProblemView:
        def command(problem: Problem) -> None:
            due = self._due_date(due_on, working_days, start_on)
            clock = self.deadline_clock(min(self.today(), due), due)
            problem.set_deadline(due, working_days, reason, ctx.stamp, clock)

        return self._change(ctx, problem_id, Action.SET_DEADLINE, command)

    def rectify(
        self, ctx: CommandContext, problem_id: UUID, fix: Fix, files: tuple[Named, ...] = ()
    ) -> ProblemView:
        """`files`: uploaded evidence (POST /files) the fix names by hash."""
        if files:
            fix = replace(fix, files=self.evidence.resolve(files))

        def command(problem: Problem) -> None:
            today = self.today()
            on = fix.rectified_on or today
            back = working_days_until(self.calendar, on, today) if on < today else 0
            backdating = Backdating(back, self.rules.current().backdate_working_days)
            self.signed_if_handed(problem, ctx)
            accept = self.clock_of(problem, Phase.ACCEPTING, today)
            problem.rectify(fix, today, ctx.stamp, backdating, accept)

        action = Action.ENTER_RECTIFICATION if fix.backdate_reason.strip() else Action.RECTIFY
        return self._change(ctx, problem_id, action, command)

    def close(self, ctx: CommandContext, problem_id: UUID, note: str = "") -> ProblemView:
        """销号: the acceptor's close is an acceptance; the responsible unit closes its own only
        where the district's rules let it."""
        if ctx.actor.role is not Role.UNIT_LEAD:
            return self.accept(ctx, problem_id, note)

        def command(problem: Problem) -> None:
            needs = self.rules.current().needs_follow_up(problem.source)
            problem.close(note, self.today(), ctx.stamp, needs)

        return self._change(ctx, problem_id, Action.CLOSE, command)

    def escalate(
        self, ctx: CommandContext, problem_id: UUID, to_unit: str, reason: str
    ) -> ProblemView:
        def command(problem: Problem) -> None:
            self.units.serving(to_unit, "to_unit")
            problem.escalate(to_unit, reason, ctx.stamp, self.sign_clock(problem, to_unit))

        return self._change(ctx, problem_id, Action.ESCALATE, command, target=lambda _: to_unit)

    def reopen(self, ctx: CommandContext, problem_id: UUID, reason: str) -> ProblemView:
        def command(problem: Problem) -> None:
            problem.reopen(reason, ctx.stamp)

        return self._change(ctx, problem_id, Action.REOPEN, command)

    def flag(
        self, ctx: CommandContext, problem_id: UUID, flagged: bool, reason: str = ""
    ) -> ProblemView:
        def command(problem: Problem) -> None:
            problem.flag(flagged, reason, ctx.stamp)

        return self._change(ctx, problem_id, Action.FLAG, command)

    def offer(self, actor: Actor, problem: Problem) -> Offer:
        """The forms a page shows; each command still checks everything when it runs."""
        office = self.units.office_code()
        actions = offered(actor, problem, office_unit=office, rules=self.rules.current())
        demands = answerable_demands(actor, problem, office_unit=office)
        return Offer(actions, tuple(demands))

    # ----- the one way a problem changes -----

    def load(self, problem_id: UUID, version: int | None = None) -> Problem:
        try:
            problem: Problem = self.ledger.repository.get(problem_id, version=version)
        except AggregateNotFoundError:
            raise ProblemNotFoundError(NO_SUCH_PROBLEM) from None
        if not isinstance(problem, Problem):
            raise ProblemNotFoundError(NO_SUCH_PROBLEM)
        return problem

    def _change(
        self,
        ctx: CommandContext,
        problem_id: UUID,
        action: Action,
        command: Callable[[Problem], None],
        *,
        target: Callable[[Problem], str | None] | None = None,
    ) -> ProblemView:
        def authorise(problem: Problem) -> None:
            target_unit = target(problem) if target else None
            office = self.units.office_code()
            check_may(
                ctx.actor,
                action,
                problem,
                office_unit=office,
                target_unit=target_unit,
                rules=self.rules.current(),
            )

        def load() -> Problem:
            return self.load(problem_id)

        return self.view(self.pipeline.change(ctx, load, authorise, command, "problem"))

    def view(self, written: Written[Problem]) -> ProblemView:
        return ProblemView(written.aggregate, self.light(written.aggregate), written.position)

    def light(self, problem: Problem) -> Light:
        """红黄绿 today (China time): its open phase's clock (an old deadline by the old rule)."""
        today = self.today()
        return problem.light_on(today, warning_end(self.calendar, today))

    def _due_date(
        self, due_on: date | None, working_days: int | None, start_on: date | None
    ) -> date:
        if (due_on is None) == (working_days is None):
            raise InvalidValueError("due_on", "give either due_on or working_days")
        if due_on is not None:
            return due_on
        assert working_days is not None
        if not 1 <= working_days <= MAX_WORKING_DAYS:
            raise InvalidValueError("working_days", f"must be between 1 and {MAX_WORKING_DAYS}")
        return add_working_days(self.calendar, start_on or self.today(), working_days)
