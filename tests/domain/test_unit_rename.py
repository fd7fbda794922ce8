"""更名: a unit renamed (机构改革) keeps its code, and so its problems and people; a name is
checked as any text, and no two units share one."""

from __future__ import annotations

import pytest

from domain.actor import Actor, Role
from domain.codes import UnitKind
from domain.errors import DuplicateUnitError, InvalidTransitionError, InvalidValueError
from domain.units import Unit, UnitRegister

ADMIN = Actor("admin", Role.ADMIN)


def register() -> UnitRegister:
    made = UnitRegister.open(ADMIN)
    made.add_unit("transport", "区交通局", UnitKind.KEY, ADMIN)
    made.add_unit("civil_affairs", "区民政局", UnitKind.KEY, ADMIN)
    return made


def test_a_renamed_unit_keeps_its_code_and_kind() -> None:
    units = register()
    renamed = units.rename_unit("transport", "  区交通运输局 ", ADMIN)
    assert renamed == Unit("transport", "区交通运输局", UnitKind.KEY)
    assert units.units["transport"] == renamed
    event = units.collect_events()[-1]
    assert type(event).__name__ == "UnitRenamed" and event.name == "区交通运输局"


@pytest.mark.parametrize(
    ("code", "name", "refused"),
    [
        ("transport", "区交通局", InvalidTransitionError),  # the name it has
        ("transport", "区民政局", DuplicateUnitError),  # another unit's
        ("transport", " ", InvalidValueError),
        ("transport", "交通\u202e局", InvalidValueError),
        ("roads", "区公路局", InvalidValueError),  # no such unit
    ],
)
def test_a_rename_that_would_confuse_is_refused(code: str, name: str, refused: type) -> None:
    units = register()
    with pytest.raises(refused):
        units.rename_unit(code, name, ADMIN)
    assert units.units["transport"].name == "区交通局"
