"""Use cases of the unit register: add a unit, list them, check a code, load the demo units."""

from __future__ import annotations

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
        return sorted(self.register().units.values(), key=lambda u: (u.kind.value, u.code))

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

    def office_code(self) -> str:
        code = self._office or self.register().office_code()
        if code is None:
            raise RegisterNotReadyError("no office unit is registered yet: load the units first")
        return code
