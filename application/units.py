"""Use cases of the unit register: add, rename or merge a unit, list them (now or as of a time),
check a code."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from time import monotonic
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

FRESH_SECONDS = 5.0
"""How long a process trusts the units it read before it reads the register again."""


class Units:
    """The register is one small aggregate: read whole, written rarely (by the admin)."""

    def __init__(self, ledger: Ledger, clock: Clock) -> None:
        self.ledger = ledger
        self.clock = clock
        self.pipeline = Pipeline(ledger, clock)
        self._known: dict[str, Unit] = {}
        self._read_at = 0.0
        self._office: str | None = None

    def known(self, code: str, field: str) -> Unit:
        """A unit by code, from memory: units are only ever added, so a code missing here is
        looked up again in the store before it is refused (another process may have added it)."""
        unit = self._known.get(code)
        if unit is None:
            register = self.register()
            unit = register.check_known(code, field)
        return unit

    def serving(self, code: str, field: str) -> Unit:
        """A unit new work may go to: known and not merged (撤并, ADR 55). A merge made by
        another process is seen within `FRESH_SECONDS`; what slips in before is taken over when
        the merge is carried on (`UnitMerge`)."""
        unit = self._known.get(code)
        if unit is None or monotonic() - self._read_at > FRESH_SECONDS:
            unit = self.register().check_known(code, field)
        if not unit.serving:
            return self.register().check_serving(code, field)
        return unit

    def serving_units(self) -> list[Unit]:
        """The units new work may go to: the choices of every form that names one."""
        return [u for u in self.list_units() if u.serving]

    def register(self) -> UnitRegister:
        register = self.pipeline.one_of_a_kind(
            UnitRegister.REGISTER_ID, lambda: UnitRegister.open(Actor("system", Role.ADMIN))
        )
        if not register.units:
            return register  # opened here, or nothing added yet: nothing to remember
        self._known = dict(register.units)
        self._read_at = monotonic()
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
        merged: dict[str, str] = {}
        stored: Iterable[Any] = self.ledger.events.get(UnitRegister.REGISTER_ID)
        for event in stored:  # a few events a unit: read whole each time
            if isinstance(event, UnitRegister.UnitAdded):
                first.setdefault(event.code, event.name)
            if event.timestamp > cutoff:
                continue
            if isinstance(event, UnitRegister.UnitAdded | UnitRegister.UnitRenamed):
                then[event.code] = event.name
            elif isinstance(event, UnitRegister.UnitMerged):
                merged[event.code] = event.into
        names = first | then
        return [
            replace(u, name=names.get(u.code, u.name), merged_into=merged.get(u.code))
            for u in self.list_units()
        ]

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

    def merge_unit(self, code: str, into: str, actor: Actor) -> Unit:
        """撤并 in the register: from now on `code` takes no new work. Asked again for the same
        successor it changes nothing and answers the same, so a merge cut off midway is carried
        on by asking again (`UnitMerge` moves the work)."""
        if actor.role is not Role.ADMIN:
            raise PermissionDeniedError("only the admin registers units")

        def attempt() -> Unit | None:
            register = self.register()
            with recording_with(self.clock.now):
                changed = register.merge_unit(code, into, actor)
            if changed and not self.pipeline.save(register):
                return None
            return register.units[code]

        merged = self.pipeline.retried(attempt, "unit register")
        self._known[code] = merged
        return merged

    def office_code(self) -> str:
        code = self._office or self.register().office_code()
        if code is None:
            raise RegisterNotReadyError("no office unit is registered yet: load the units first")
        return code


def _listed(register: UnitRegister) -> list[Unit]:
    return sorted(register.units.values(), key=lambda u: (u.kind.value, u.code))
