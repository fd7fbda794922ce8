"""The old ledger as an .xlsx file: its rows read (ADR 47), and the template handed out to fill."""

from __future__ import annotations

from openpyxl import Workbook

from application.ledger_import import MAX_ROWS
from domain.codes import CATEGORIES_BY_SOURCE, Category, Source, label
from domain.ledger_rows import LEDGER
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

WIDTHS = {"title": 40, "description": 40}


def read_sheet(content: bytes) -> list[SheetRow]:
    """The old ledger's rows (`sheet_reading` says how a file from outside is read)."""
    return read_rows(content, LEDGER, MAX_ROWS)


def template(units: list[Unit]) -> bytes:
    """The ledger to fill in: its header (* for required), a choice list for the source and the
    unit, and a sheet of the codes each column takes."""
    book = Workbook()
    sheet = headed_sheet(book, "历史台账", LEDGER, WIDTHS)
    for field in ("found_on", "due_on"):
        letter = column_letter(LEDGER, field)
        for row in range(2, MAX_ROWS + 2):
            sheet[f"{letter}{row}"].number_format = "yyyy-mm-dd"
    notes = book.create_sheet(NOTES)
    append_row(notes, ["来源", "可填的类别"])
    for source in Source:
        categories = [label(c) for c in Category if c in CATEGORIES_BY_SOURCE[source]]
        append_row(notes, [label(source), "、".join(categories)])
    append_row(notes, [])
    names = unit_names(notes, units, "责任单位（填名称或代码）")
    notes.column_dimensions["A"].width = 28
    notes.column_dimensions["B"].width = 60
    choices(sheet, LEDGER, "source", quoted([label(s) for s in Source]), MAX_ROWS)
    if names:
        choices(sheet, LEDGER, "unit", names, MAX_ROWS)
    return saved(book)
