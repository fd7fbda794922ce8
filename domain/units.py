"""The unit register: every unit (单位) that problems are found in or handed to."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any
from uuid import NAMESPACE_URL, uuid5

from eventsourcing.domain import Aggregate

from domain.actor import Actor
from domain.codes import UnitKind
from domain.errors import DuplicateUnitError, InvalidTransitionError, InvalidValueError
from domain.recording_time import recorded_now
from domain.rules import check_text
from domain.text import normal_text

UNIT_CODE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    kind: UnitKind
    merged_into: str | None = None  # 撤并: the unit that took over its work (ADR 55)

    @property
    def serving(self) -> bool:
        """Still takes new problems, demands, people and activities."""
        return self.merged_into is None


class UnitRegister(Aggregate):
    """One register per service: small, read whole, changed only by the admin."""

    REGISTER_ID = uuid5(NAMESPACE_URL, "rectify:unit-register")

    class Opened(Aggregate.Created):
        create_timestamp = staticmethod(recorded_now)

        actor: Actor

        def apply(self, aggregate: Any) -> None:
            register: UnitRegister = aggregate
            register.units.clear()

    class UnitAdded(Aggregate.Event):
        create_timestamp = staticmethod(recorded_now)

        code: str
        name: str
        kind: UnitKind
        actor: Actor

        def apply(self, aggregate: Any) -> None:
            register: UnitRegister = aggregate
            register.units[self.code] = Unit(self.code, self.name, self.kind)

    class UnitRenamed(Aggregate.Event):
        """更名 (机构改革): the same unit, its problems and people, under a new name from now;
        what was filed or replayed as of before still reads the old one."""

        create_timestamp = staticmethod(recorded_now)

        code: str
        name: str
        actor: Actor

        def apply(self, aggregate: Any) -> None:
            register: UnitRegister = aggregate
            unit = register.units[self.code]
            register.units[self.code] = replace(unit, name=self.name)

    class UnitMerged(Aggregate.Event):
        """撤并 (机构改革): the unit is merged into another, which takes over its people and
        the work it still had; its name and its past stay, for the files of the past."""

        create_timestamp = staticmethod(recorded_now)

        code: str
        into: str
        actor: Actor

        def apply(self, aggregate: Any) -> None:
            register: UnitRegister = aggregate
            register.units[self.code] = replace(register.units[self.code], merged_into=self.into)

    def __init__(self) -> None:
        self.units: dict[str, Unit] = {}

    @classmethod
    def open(cls, actor: Actor) -> UnitRegister:
        return cls._create(cls.Opened, id=cls.REGISTER_ID, actor=actor)

    def add_unit(self, code: str, name: str, kind: UnitKind, actor: Actor) -> Unit:
        if not UNIT_CODE.match(code):
            raise InvalidValueError(
                "code", "lower-case letters, digits and '_', 2 to 40, starting with a letter"
            )
        check_text("name", name)
        if code in self.units:
            raise DuplicateUnitError(f"unit {code} is already registered")
        if kind is UnitKind.OFFICE and self.office_code() is not None:
            raise DuplicateUnitError("the register already has an office")
        self.trigger_event(
            self.UnitAdded, code=code, name=normal_text(name), kind=kind, actor=actor
        )
        return self.units[code]

    def rename_unit(self, code: str, name: str, actor: Actor) -> Unit:
        unit = self.check_serving(code, "code")
        check_text("name", name)
        if normal_text(name) == unit.name:
            raise InvalidTransitionError("nothing to change: the unit already has this name")
        if any(u.name == normal_text(name) for u in self.units.values()):
            raise DuplicateUnitError(f"another unit is named {normal_text(name)}")
        self.trigger_event(self.UnitRenamed, code=code, name=normal_text(name), actor=actor)
        return self.units[code]

    def merge_unit(self, code: str, into: str, actor: Actor) -> bool:
        """撤并 `code` into `into`; False when it already is (the merge's work goes on)."""
        unit = self.check_known(code, "code")
        if unit.merged_into == into:
            return False
        if unit.kind is UnitKind.OFFICE:
            raise InvalidValueError("code", "the office is not merged into a unit")
        self.check_serving(code, "code")
        if into == code:
            raise InvalidValueError("into", "a unit is not merged into itself")
        if self.check_serving(into, "into").kind is UnitKind.OFFICE:
            raise InvalidValueError("into", "a unit is merged into another unit, not the office")
        self.trigger_event(self.UnitMerged, code=code, into=into, actor=actor)
        return True

    def check_serving(self, code: str, field: str) -> Unit:
        """A unit that still takes new work: known, and not merged into another."""
        unit = self.check_known(code, field)
        if not unit.serving:
            raise InvalidValueError(field, f"unit '{code}' was merged into '{unit.merged_into}'")
        return unit

    def office_code(self) -> str | None:
        return next((u.code for u in self.units.values() if u.kind is UnitKind.OFFICE), None)

    def check_known(self, code: str, field: str) -> Unit:
        try:
            return self.units[code]
        except KeyError:
            raise InvalidValueError(field, f"unknown unit '{code}'") from None
