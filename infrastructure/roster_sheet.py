"""The roster of people as an .xlsx file: its rows read and the template handed out to fill
(ADR 51). `sheet_reading` says how a file from outside is read."""

from __future__ import annotations

from openpyxl import Workbook

from application.roster_import import MAX_PEOPLE
from domain.actor import Role
from domain.codes import label
from domain.roster_rows import ROSTER
from domain.sheet_rows import SheetRow
from domain.units import Unit
from infrastructure.reports.cells import append_row
from infrastructure.sheet_reading import read_rows
from infrastructure.sheet_templates import (
    NOTES,
    choices,
    column_letter,
    headed_sheet,
    quoted,
    saved,
    unit_names,
)

WIDTHS = {"login": 18, "display_name": 12, "role": 14, "unit": 28, "phone": 16}
ROLE_NOTES = {
    Role.OFFICE: "营商办（政务服务办）工作人员：督办全部单位、清单和报表；不填所在单位",
    Role.UNIT_LEAD: "责任单位负责人：办理本单位的问题；须填所在单位",
    Role.INSPECTOR: "纪委监委：回看任何问题的全过程，查阅留痕；不填所在单位",
    Role.ADMIN: "系统管理员：管理人员和单位；不填所在单位",
}


def read_roster(content: bytes) -> list[SheetRow]:
    return read_rows(content, ROSTER, MAX_PEOPLE)


def template(units: list[Unit]) -> bytes:
    """The roster to fill in: its header (* for required), choice lists for the role and the
    unit, and a sheet saying what each role may do and naming every unit."""
    book = Workbook()
    sheet = headed_sheet(book, "人员名单", ROSTER, WIDTHS)
    phone = column_letter(ROSTER, "phone")
    for row in range(2, MAX_PEOPLE + 2):  # a phone number stays text, its leading 0 kept
        sheet[f"{phone}{row}"].number_format = "@"
    notes = book.create_sheet(NOTES)
    append_row(notes, ["登录名", "每人一个，小写字母开头，可含数字和 . _ -，如 zhang.wei"])
    append_row(notes, ["初始密码", "导入时为每人生成，只显示一次；本人首次登录时须修改"])
    append_row(notes, [])
    append_row(notes, ["角色", "可以做什么"])
    for role in Role:
        append_row(notes, [label(role), ROLE_NOTES[role]])
    append_row(notes, [])
    names = unit_names(notes, units, "所在单位（填名称或代码）")
    notes.column_dimensions["A"].width = 28
    notes.column_dimensions["B"].width = 70
    choices(sheet, ROSTER, "role", quoted([label(r) for r in Role]), MAX_PEOPLE)
    if names:
        choices(sheet, ROSTER, "unit", names, MAX_PEOPLE)
    return saved(book)
