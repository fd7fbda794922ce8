"""A district's roster of the people who will use the workbench (人员名单), one spreadsheet row
at a time: the columns it must have and the words it may use for roles and units (ADR 51).

A row's login is its key: the same roster imported again finds the people it added instead
of adding them twice."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from domain.actor import Role
from domain.codes import label
from domain.errors import InvalidValueError
from domain.sheet_rows import Column, SheetLayout, SheetRow, cell_text, unit_code

COLUMNS = (
    Column("login", "登录名", True, ("账号", "用户名", "登录账号")),
    Column("display_name", "姓名", True),
    Column("role", "角色", True, ("人员角色",)),
    Column("unit", "所在单位", False, ("单位", "单位名称")),
    Column("phone", "电话", False, ("手机", "手机号", "联系电话")),
)
ROSTER = SheetLayout(COLUMNS, marks=("login", "display_name"))
ROLE_WORDS = {
    Role.OFFICE: ("政务服务办", "营商办（政务服务办）"),
    Role.UNIT_LEAD: ("负责人", "单位"),
    Role.INSPECTOR: ("纪委", "监委"),
    Role.ADMIN: ("管理员",),
}
"""Words a roster may use for a role beside its own label and code."""


@dataclass(frozen=True)
class RosterEntry:
    """One person of the roster: where they are (the sheet's row) and who they are."""

    row: int
    login: str
    display_name: str
    role: Role
    unit: str | None  # a unit's code
    phone: str

    def told_otherwise(self, name: str, role: Role, unit: str | None) -> bool:
        """Whether an account already under this login says otherwise: an import never
        changes an account, so the admin is told."""
        return (self.display_name, self.role, self.unit) != (name, role, unit)


def login_text(row: SheetRow) -> str:
    """The row's login as written, for a report on a row that cannot be read."""
    value = row.cells.get("login")
    return value.strip()[:40] if isinstance(value, str) else ""


def read_person(row: SheetRow, units: Mapping[str, str]) -> RosterEntry:
    """The row's person; an `InvalidValueError` names the first field it cannot read.
    `units`: each unit's code, by its code and by its name. Whether the login is a good one and
    a unit lead has a unit are the people's own rules, checked where a person is added."""
    cells = row.cells
    login = cell_text(cells, "login")
    if not login:
        raise InvalidValueError("login", "must not be empty")
    name = cell_text(cells, "display_name")
    if not name:
        raise InvalidValueError("display_name", "must not be empty")
    unit_text = cell_text(cells, "unit")
    return RosterEntry(
        row=row.number,
        login=login,
        display_name=name,
        role=_role(cell_text(cells, "role")),
        unit=unit_code(units, unit_text) if unit_text else None,
        phone=cell_text(cells, "phone"),
    )


def _role(text: str) -> Role:
    if not text:
        raise InvalidValueError("role", "must not be empty")
    for role in Role:
        if text in (role.value, label(role), *ROLE_WORDS[role]):
            return role
    raise InvalidValueError("role", "is not a role this service knows")
