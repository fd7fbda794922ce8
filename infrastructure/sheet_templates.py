"""The templates a district fills in (the old ledger, the roster of people): a styled header
that marks required columns with *, choice lists, and a sheet naming every unit."""

from __future__ import annotations

import io
from collections.abc import Mapping

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from domain.sheet_rows import SheetLayout
from domain.units import Unit
from infrastructure.reports.cells import append_row

NOTES = "填写说明"


def headed_sheet(
    book: Workbook, title: str, layout: SheetLayout, widths: Mapping[str, int]
) -> Worksheet:
    """The book's first sheet, named `title`, with the layout's header (* for required)."""
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.title = title
    append_row(sheet, [("*" if c.required else "") + c.header for c in layout.columns])
    for index, column in enumerate(layout.columns, start=1):
        cell = sheet.cell(1, index)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center")
        sheet.column_dimensions[get_column_letter(index)].width = widths.get(column.field, 14)
    sheet.freeze_panes = "A2"
    return sheet


def column_letter(layout: SheetLayout, field: str) -> str:
    index = next(i for i, c in enumerate(layout.columns, 1) if c.field == field)
    letter: str = get_column_letter(index)
    return letter


def choices(sheet: Worksheet, layout: SheetLayout, field: str, formula: str, rows: int) -> None:
    """A drop-down of `formula` (a quoted list or a range) in the column of `field`."""
    letter = column_letter(layout, field)
    rule = DataValidation(type="list", formula1=formula, allow_blank=True)
    rule.add(f"{letter}2:{letter}{rows + 1}")
    sheet.add_data_validation(rule)


def quoted(words: list[str]) -> str:
    return '"' + ",".join(words) + '"'


def unit_names(notes: Worksheet, units: list[Unit], heading: str) -> str | None:
    """Every unit's name and code under `heading` on the notes sheet; the range of the names
    (for a choice list), or None when there are no units yet."""
    append_row(notes, [heading, "代码"])
    first = notes.max_row + 1
    for unit in units:
        append_row(notes, [unit.name, unit.code])
    return f"'{NOTES}'!$A${first}:$A${notes.max_row}" if units else None


def saved(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
