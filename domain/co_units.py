"""Lead and co-units (主办/协办): the office names the units that help the responsible one; each
co-unit sees the problem and records its own part; the responsible unit cannot report the
problem rectified while a co-unit's part is missing, unless the office waives it with a reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from domain.actions import WHEN, Action
from domain.actor import Actor
from domain.commanded import CommandedEvent, Stamp
from domain.errors import InvalidTransitionError, InvalidValueError
from domain.rules import check_not_after, check_not_before, check_text
from domain.status import Status
from domain.text import normal_text

if TYPE_CHECKING:
    from domain.problem import Problem

MAX_CO_UNITS = 10


@dataclass(frozen=True)
class CoUnitPart:
    """What one co-unit did (or why the office did without it)."""

    unit: str
    text: str = ""
    done_on: date | None = None
    by: Actor | None = None
    waived_reason: str = ""

    @property
    def settled(self) -> bool:
        return self.done_on is not None or bool(self.waived_reason)


class CoUnitEvents:
    """Mixed into `Problem`, so these are `Problem.CoUnitsNamed` and so on."""

    class CoUnitsNamed(CommandedEvent):
        units: tuple[str, ...]

        def apply_to(self, problem: Problem) -> None:
            problem.co_units = {u: problem.co_units.get(u, CoUnitPart(u)) for u in self.units}

    class CoUnitPartRecorded(CommandedEvent):
        unit: str
        text: str
        done_on: date

        def apply_to(self, problem: Problem) -> None:
            problem.co_units[self.unit] = CoUnitPart(self.unit, self.text, self.done_on, self.actor)

    class CoUnitPartWaived(CommandedEvent):
        unit: str
        reason: str

        def apply_to(self, problem: Problem) -> None:
            part = problem.co_units[self.unit]
            problem.co_units[self.unit] = CoUnitPart(
                part.unit, part.text, part.done_on, self.actor, self.reason
            )


class CoUnitCommands:
    """Mixed into `Problem`; what they read of it is declared for the type checker only."""

    if TYPE_CHECKING:
        status: Status
        found_on: date
        responsible_unit: str
        co_units: dict[str, CoUnitPart]
        CoUnitsNamed: Any
        CoUnitPartRecorded: Any
        CoUnitPartWaived: Any

        def trigger_event(self, event_class: Any, **kwargs: Any) -> None: ...

        def check_status(self, action: str, *allowed: Status) -> None: ...

    def name_co_units(self, units: tuple[str, ...], stamp: Stamp) -> None:
        """The co-units from now on; a unit named again keeps the part it recorded."""
        self.check_status("name co-units of", *WHEN[Action.NAME_CO_UNITS])
        if len(set(units)) != len(units) or len(units) > MAX_CO_UNITS:
            raise InvalidValueError("units", f"name each co-unit once, at most {MAX_CO_UNITS}")
        if self.responsible_unit in units:
            raise InvalidValueError("units", "the responsible unit leads; it is not a co-unit")
        if tuple(sorted(units)) == tuple(sorted(self.co_units)):
            raise InvalidTransitionError("these are already the co-units")
        self.trigger_event(self.CoUnitsNamed, units=tuple(sorted(units)), **stamp.fields)

    def record_co_unit_part(
        self, unit: str, text: str, done_on: date, today: date, stamp: Stamp
    ) -> None:
        self.check_status("record a co-unit's part of", *WHEN[Action.RECORD_CO_UNIT_PART])
        self._co_unit(unit)
        check_text("text", text)
        check_not_before(done_on, self.found_on, "done_on", "the day it was found")
        check_not_after(done_on, today, "done_on", "today")
        self.trigger_event(
            self.CoUnitPartRecorded,
            unit=unit,
            text=normal_text(text),
            done_on=done_on,
            **stamp.fields,
        )

    def waive_co_unit_part(self, unit: str, reason: str, stamp: Stamp) -> None:
        self.check_status("waive a co-unit's part of", *WHEN[Action.WAIVE_CO_UNIT_PART])
        if self._co_unit(unit).settled:
            raise InvalidTransitionError(f"{unit}'s part is already recorded or waived")
        check_text("reason", reason)
        self.trigger_event(
            self.CoUnitPartWaived, unit=unit, reason=normal_text(reason), **stamp.fields
        )

    def check_co_units_settled(self) -> None:
        """Before the responsible unit reports the problem rectified."""
        missing = sorted(u for u, part in self.co_units.items() if not part.settled)
        if missing:
            raise InvalidTransitionError(
                f"co-units have not recorded their part: {', '.join(missing)} "
                "(or the office waives it)"
            )

    def _co_unit(self, unit: str) -> CoUnitPart:
        part = self.co_units.get(unit)
        if part is None:
            raise InvalidValueError("unit", f"{unit} is not a co-unit of this problem")
        return part
