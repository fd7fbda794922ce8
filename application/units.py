"""Use cases of the unit register: add or rename a unit, list them (now or as of a time), check a
code."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from typing import Any

from application.errors import RegisterNotReadyError
from application.ledger import Ledger
from application.pipeline import Pipeline
from application.ports import Clock
from domain.actor import Actor, Role
from domain.codes import UnitKind
from domain.errors import PermissionDeniedError
from domain.recording_time import recording_with
from domain.units import Unit, UnitRegister


class Units:
    """The register is one small aggregate: read whole, written rarely (by the admin)."""

    def __init__(self, ledger: Ledger, clock: Clock) -> None:
        self.ledger = ledger
        self.clock = clock
        self.pipeline = Pipeline(ledger, clock)
        self._known: dict[str, Unit] = {}
        self._office: str | None = None

    def known(self, code: str, field: str) -> Unit:
        """A unit by code, from memory: units are only ever added, so a code missing here is
        looked up again in the store before it is refused (another process may have added it)."""
        unit = self._known.get(code)
        if unit is None:
            register = self.register()
            unit = register.check_known(code, field)
        return unit

    def register(self) -> UnitRegister:
        register = self.pipeline.one_of_a_kind(
            UnitRegister.REGISTER_ID, lambda: UnitRegister.open(Actor("system", Role.ADMIN))
        )
        if not register.units:
            return register  # opened here, or nothing added yet: nothing to remember
        self._known = dict(register.units)
        self._office = register.office_code()
        return register

    def list_units(self) -> list[Unit]:
        return _listed(self.register())

    def as_of(self, cutoff: datetime) -> list[Unit]:
        """Every unit, named as it was at `cutoff`: an ended period's files and bulletins keep
        the names they were made with after a unit is renamed (更名, ADR 54). A unit registered
        after `cutoff` has the name it was registered with."""
        first: dict[str, str] = {}
        then: dict[str, str] = {}
        stored: Iterable[Any] = self.ledger.events.get(UnitRegister.REGISTER_ID)
        for event in stored:  # a few events a unit: read whole each time
            if isinstance(event, UnitRegister.UnitAdded):
                first.setdefault(event.code, event.name)
            named = isinstance(event, UnitRegister.UnitAdded | UnitRegister.UnitRenamed)
            if named and event.timestamp <= cutoff:
                then[event.code] = event.name
        names = first | then
        return [replace(u, name=names.get(u.code, u.name)) for u in self.list_units()]

    def add_unit(self, code: str, name: str, kind: UnitKind, actor: Actor) -> Unit:
        """Add one unit; a concurrent add is retried on the newer register."""
        return self.add_units([(code, name, kind)], actor)[0]

    def add_units(self, units: list[tuple[str, str, UnitKind]], actor: Actor) -> list[Unit]:
        if actor.role is not Role.ADMIN:
            raise PermissionDeniedError("only the admin registers units")

        def attempt() -> list[Unit] | None:
            register = self.register()
            with recording_with(self.clock.now):
                added = [register.add_unit(code, name, kind, actor) for code, name, kind in units]
            return added if self.pipeline.save(register) else None

        return self.pipeline.retried(attempt, "unit register")

    def rename_unit(self, code: str, name: str, actor: Actor) -> Unit:
        """更名: the same code, problems and people under a new name from now on."""
        if actor.role is not Role.ADMIN:
            raise PermissionDeniedError("only the admin registers units")

        def attempt() -> Unit | None:
            register = self.register()
            with recording_with(self.clock.now):
                renamed = register.rename_unit(code, name, actor)
            return renamed if self.pipeline.save(register) else None

        renamed = self.pipeline.retried(attempt, "unit register")
        self._known[code] = renamed
        return renamed

    def office_code(self) -> str:
        code = self._office or self.register().office_code()
        if code is None:
            raise RegisterNotReadyError("no office unit is registered yet: load the units first")
        return code


def _listed(register: UnitRegister) -> list[Unit]:
    return sorted(register.units.values(), key=lambda u: (u.kind.value, u.code))
