"""The supervision commands on a problem (issue 15's workflow, step by step): extension requests
and their decisions, co-units and their parts, withdrawal (撤销) and correction (更正). Mixed into
`Problems`, through its one pipeline."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from application.context import CommandContext
from application.evidence import Named
from application.problem_steps import ProblemSteps
from domain.calendar import MAX_WORKING_DAYS, add_working_days
from domain.codes import Category
from domain.corrections import record_of
from domain.permissions import Action
from domain.problem import Problem

if TYPE_CHECKING:
    from application.problems import ProblemView


class SupervisionCommands(ProblemSteps):
    def request_extension(
        self,
        ctx: CommandContext,
        problem_id: UUID,
        working_days: int,
        reason: str,
        files: tuple[Named, ...] = (),
    ) -> ProblemView:
        """延期申请: the responsible unit asks the office for more working days."""
        shown = self.evidence.resolve(files)

        def command(problem: Problem) -> None:
            problem.request_extension(working_days, reason, self.today(), ctx.stamp, shown)

        return self._change(ctx, problem_id, Action.REQUEST_EXTENSION, command)

    def decide_extension(
        self,
        ctx: CommandContext,
        problem_id: UUID,
        number: int,
        approved: bool,
        granted_days: int | None = None,
        reason: str = "",
    ) -> ProblemView:
        """The office grants the request (all its working days, or `granted_days` of them,
        counted on from the deadline in force) or rejects it with a reason."""

        def command(problem: Problem) -> None:
            days = None
            if approved:
                days = granted_days or problem.extension_numbered(number).working_days
            due, clock = problem.due_on, None
            if days is not None and due is not None and 0 < days <= MAX_WORKING_DAYS:
                today = self.today()
                clock = self.deadline_clock(today, add_working_days(self.calendar, due, days))
            problem.decide_extension(number, days, clock, reason, self.today(), ctx.stamp)

        return self._change(ctx, problem_id, Action.DECIDE_EXTENSION, command)

    def name_co_units(
        self, ctx: CommandContext, problem_id: UUID, units: tuple[str, ...]
    ) -> ProblemView:
        """协办: the units that help the responsible one, from now on."""

        def command(problem: Problem) -> None:
            for unit in units:
                self.units.serving(unit, "units")
            problem.name_co_units(units, ctx.stamp)

        return self._change(ctx, problem_id, Action.NAME_CO_UNITS, command)

    def record_co_unit_part(
        self,
        ctx: CommandContext,
        problem_id: UUID,
        unit: str,
        text: str,
        done_on: date | None = None,
    ) -> ProblemView:
        def command(problem: Problem) -> None:
            today = self.today()
            problem.record_co_unit_part(unit, text, done_on or today, today, ctx.stamp)

        return self._change(
            ctx, problem_id, Action.RECORD_CO_UNIT_PART, command, target=lambda _: unit
        )

    def waive_co_unit_part(
        self, ctx: CommandContext, problem_id: UUID, unit: str, reason: str
    ) -> ProblemView:
        def command(problem: Problem) -> None:
            problem.waive_co_unit_part(unit, reason, ctx.stamp)

        return self._change(ctx, problem_id, Action.WAIVE_CO_UNIT_PART, command)

    def withdraw(self, ctx: CommandContext, problem_id: UUID, reason: str) -> ProblemView:
        """撤销: the office takes back a problem logged in error, with its reason."""

        def command(problem: Problem) -> None:
            problem.withdraw(reason, ctx.stamp)

        return self._change(ctx, problem_id, Action.WITHDRAW, command)

    def reinstate(self, ctx: CommandContext, problem_id: UUID, reason: str) -> ProblemView:
        """恢复办理: the office puts back a problem it withdrew by mistake, with its reason."""

        def command(problem: Problem) -> None:
            problem.reinstate(reason, ctx.stamp)

        return self._change(ctx, problem_id, Action.REINSTATE, command)

    def correct(
        self,
        ctx: CommandContext,
        problem_id: UUID,
        reason: str,
        *,
        title: str | None = None,
        description: str | None = None,
        category: Category | None = None,
        found_by: str | None = None,
        location: str | None = None,
    ) -> ProblemView:
        """更正: the fields given replace the record's; those left None stay as they read."""
        given: dict[str, Any] = {
            "title": title,
            "description": description,
            "category": category,
            "found_by": found_by,
            "location": location,
        }

        def command(problem: Problem) -> None:
            kept = {name: value for name, value in given.items() if value is not None}
            problem.correct(replace(record_of(problem), **kept), reason, ctx.stamp)

        return self._change(ctx, problem_id, Action.CORRECT, command)
