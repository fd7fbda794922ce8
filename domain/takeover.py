"""撤并承接: a unit merged into another (机构改革) hands on what it still had to do. The unit that
takes over holds the problem where it stood (its status, plan and clocks run on), helps where the
merged unit helped, and answers what was asked of it. Nothing of the work is redone, and unlike an
escalation (推诿 counts those) it counts against nobody."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from domain.actions import ACTIVE
from domain.co_units import CoUnitPart
from domain.commanded import CommandedEvent, Stamp
from domain.errors import InvalidValueError
from domain.records import Demand
from domain.status import Status
from domain.text import normal_text

if TYPE_CHECKING:
    from domain.problem import Problem


class TakeOverEvents:
    """Mixed into `Problem`, so this is `Problem.TakenOver`."""

    class TakenOver(CommandedEvent):
        """What moved is told whole (the holder, the co-units as they now are, the demands
        readdressed), so a read model follows from the event alone."""

        from_unit: str
        to_unit: str
        reason: str  # 单位撤并：… as the merge words it, for the history
        responsible: bool  # the merged unit held the problem; the successor holds it now
        co_units: tuple[str, ...]  # the co-units from now on
        demands: tuple[int, ...]  # the unanswered demands readdressed to the successor

        def apply_to(self, problem: Problem) -> None:
            if self.responsible:
                problem.responsible_unit = self.to_unit
            problem.co_units = {u: _part(problem.co_units, u, self) for u in self.co_units}
            for number in self.demands:
                demand: Demand = problem.demands[number]
                problem.demands[number] = replace(demand, to_unit=self.to_unit)


def _part(parts: dict[str, CoUnitPart], unit: str, event: TakeOverEvents.TakenOver) -> CoUnitPart:
    """The successor helps with the part the merged unit had, recorded or not."""
    if unit in parts:
        return parts[unit]
    moved = parts.get(event.from_unit) if unit == event.to_unit else None
    return replace(moved, unit=unit) if moved else CoUnitPart(unit)


class TakeOverCommands:
    """Mixed into `Problem`; what it reads of it is declared for the type checker only."""

    if TYPE_CHECKING:
        status: Status
        responsible_unit: str
        co_units: dict[str, CoUnitPart]
        demands: dict[int, Demand]
        TakenOver: Any

        def trigger_event(self, event_class: Any, **kwargs: Any) -> None: ...

    def take_over(self, from_unit: str, to_unit: str, reason: str, stamp: Stamp) -> bool:
        """The successor takes over the merged unit's part in this problem; False when it had
        none left (a struck-off or withdrawn problem keeps its history as it was, though a
        struck-off one's unanswered demand is still answered, by the successor)."""
        if from_unit == to_unit:
            raise InvalidValueError("into", "a unit is not merged into itself")
        if self.status is Status.WITHDRAWN:
            return False
        active = self.status in ACTIVE
        responsible = active and self.responsible_unit == from_unit
        holder = to_unit if responsible else self.responsible_unit
        before = tuple(sorted(self.co_units))
        co_units = before
        if active:
            moved = (to_unit if u == from_unit else u for u in before)
            co_units = tuple(sorted({u for u in moved if u != holder}))
        asked = sorted(self.demands.items())
        demands = tuple(n for n, d in asked if d.to_unit == from_unit and not d.is_answered)
        if not responsible and co_units == before and not demands:
            return False
        self.trigger_event(
            self.TakenOver,
            from_unit=from_unit,
            to_unit=to_unit,
            reason=normal_text(reason),
            responsible=responsible,
            co_units=co_units,
            demands=demands,
            **stamp.fields,
        )
        return True
