"""The quarterly workbook's sheets written with XlsxWriter (ADR 22): column formats instead of
a style object per cell, rows streamed as they are made. A quarter of 20,000 problems was 30 s
of openpyxl's cell objects and styles.

Cells keep the rules of cells.py: text that begins like a formula is a string cell with
Excel's quote prefix, characters XML cannot hold become U+FFFD, nothing is ever a formula."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from infrastructure.reports.cells import file_text, looks_like_formula
from infrastructure.reports.xlsx_rows import ListSheet

Column = tuple[str, int, Callable[[Any], Any]]
WRAPPED = 24  # columns at least this wide wrap their text
A4 = 9


@dataclass(frozen=True)
class Styles:
    bold: Format
    title: Format
    wrap: Format
    day: Format
    quoted: Format
    quoted_wrap: Format

    @classmethod
    def of(cls, workbook: Workbook) -> Styles:
        return cls(
            bold=workbook.add_format({"bold": True}),
            title=workbook.add_format({"bold": True, "font_size": 14}),
            wrap=workbook.add_format({"text_wrap": True, "valign": "top"}),
            day=workbook.add_format({"num_format": "yyyy-mm-dd"}),
            quoted=workbook.add_format({"quote_prefix": True}),
            quoted_wrap=workbook.add_format(
                {"quote_prefix": True, "text_wrap": True, "valign": "top"}
            ),
        )


def new_workbook(target: Any) -> Workbook:
    """Strings stay strings: XlsxWriter's guesses (numbers, formulas, links) are all off."""
    return Workbook(
        target,
        {
            "in_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )


def write_cell(
    sheet: Worksheet, row: int, col: int, value: Any, styles: Styles, wrapped: bool = False
) -> None:
    if value is None:
        return
    if isinstance(value, str):
        text = file_text(value)
        if looks_like_formula(text):
            sheet.write_string(row, col, text, styles.quoted_wrap if wrapped else styles.quoted)
        else:
            sheet.write_string(row, col, text)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value)
    elif isinstance(value, date):
        sheet.write_datetime(row, col, value, styles.day)
    else:
        sheet.write_string(row, col, file_text(str(value)))


def list_sheet(
    workbook: Workbook, name: str, columns: Sequence[Column], rows: Sequence[Any], styles: Styles
) -> None:
    """Headers, then one row per item; 序号 counts the rows of this list. The rows are
    written as `write_cell` would write them, by `ListSheet` (ADR 36)."""
    sheet: ListSheet = workbook.add_worksheet(name, worksheet_class=ListSheet)
    formats = [styles.wrap if width >= WRAPPED else None for _, width, _ in columns]
    for col, (title, width, _) in enumerate(columns):
        sheet.write_string(0, col, title, styles.bold)
        sheet.set_column(col, col, width, formats[col])
    sheet.add_rows(
        rows,
        [value for _, _, value in columns],
        formats,
        [styles.quoted if f is None else styles.quoted_wrap for f in formats],
        styles.day,
    )
    finish(sheet, header_row=1)


def finish(sheet: Worksheet, header_row: int) -> None:
    """Frozen header, A4 landscape fitted to the page width, the header on every page."""
    sheet.freeze_panes(header_row, 0)
    sheet.set_paper(A4)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header_row - 1)
