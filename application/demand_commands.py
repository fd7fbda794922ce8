"""需求清单's commands on a problem: a demand raised to a unit, and that unit's answer. Mixed
into `Problems`, through its one pipeline."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from application.context import CommandContext
from application.problem_steps import ProblemSteps
from domain.permissions import Action
from domain.problem import Problem

if TYPE_CHECKING:
    from application.problems import ProblemView


class DemandCommands(ProblemSteps):
    def raise_demand(
        self, ctx: CommandContext, problem_id: UUID, text: str, to_unit: str
    ) -> ProblemView:
        def command(problem: Problem) -> None:
            self.units.serving(to_unit, "to_unit")
            problem.raise_demand(text, to_unit, self.today(), ctx.stamp)

        return self._change(ctx, problem_id, Action.RAISE_DEMAND, command)

    def answer_demand(
        self,
        ctx: CommandContext,
        problem_id: UUID,
        number: int,
        answer: str,
        met: bool,
    ) -> ProblemView:
        def command(problem: Problem) -> None:
            problem.answer_demand(number, answer, met, self.today(), ctx.stamp)

        def asked_unit(problem: Problem) -> str:
            return problem.demand_numbered(number).to_unit

        return self._change(ctx, problem_id, Action.ANSWER_DEMAND, command, target=asked_unit)
