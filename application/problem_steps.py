"""What the mixins of `Problems` read of it (declared for the type checker only): its parts,
today, the deadline clock, and its one pipeline for changing a problem."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from application.context import CommandContext
from application.district_rules import RulesInForce
from application.evidence import Evidence
from application.units import Units
from domain.calendar import WorkingCalendar
from domain.permissions import Action
from domain.phase_clocks import PhaseClock
from domain.problem import Problem

if TYPE_CHECKING:
    from application.problems import ProblemView


class ProblemSteps:
    if TYPE_CHECKING:
        units: Units
        calendar: WorkingCalendar
        rules: RulesInForce
        evidence: Evidence

        def today(self) -> date: ...

        def deadline_clock(self, start: date, due: date) -> PhaseClock: ...

        def _change(
            self,
            ctx: CommandContext,
            problem_id: UUID,
            action: Action,
            command: Callable[[Problem], None],
            *,
            target: Callable[[Problem], str | None] | None = None,
        ) -> ProblemView: ...
